"""Project settings: small named values (passes, pins, the speaker map).

One aggregate, one package: ``reads`` runs the compiled read statements (no SQLAlchemy, so a
light command never imports it), ``writes`` writes through SQLAlchemy Core and is imported only
by the services' write paths.
"""
