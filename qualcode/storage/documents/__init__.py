"""Documents: transcripts with their text, turns, case attributes and speaker labels.

One aggregate, one package: ``reads`` runs the compiled read statements (no SQLAlchemy, so a
light command never imports it), ``writes`` writes through SQLAlchemy Core and is imported only
by the services' write paths; ``plain_writes`` stores an import through sqlite3.
"""
