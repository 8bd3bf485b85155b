"""The database layer: the only package that imports SQLAlchemy and Alembic.

It uses SQLAlchemy Core (tables, not ORM classes): rows are converted to the domain dataclasses
in :mod:`qualcode.storage.convert`, bulk imports use executemany, and the CLI starts faster
without the ORM (see BENCHMARKS.md).
"""
