"""Reads, in plain SQL that SQLite and PostgreSQL both run (see storage/reader.py).

Each function takes a Reader: a read-only snapshot, or a write transaction.
"""
