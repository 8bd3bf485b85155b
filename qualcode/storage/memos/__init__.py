"""Memos: the researcher's notes on the project, documents, categories and codings.

One aggregate, one package: ``reads`` runs the compiled read statements (no SQLAlchemy),
``writes`` writes through SQLAlchemy Core inside a unit of work.
"""
