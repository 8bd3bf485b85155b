"""The anonymisation table (terms and their replacements): personal data, never exported.

One aggregate, one package: ``reads`` runs the compiled read statements, ``writes`` writes
through SQLAlchemy Core.
"""
