"""Reads: each function runs statements compiled from storage/statements.py (see sql.py).

Each function takes a Reader: a read-only snapshot, or a write transaction.
"""
