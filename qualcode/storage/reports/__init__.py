"""Read-only reports that span several aggregates: export material and coding progress.

Like every read, they run compiled statements and need no SQLAlchemy.
"""
