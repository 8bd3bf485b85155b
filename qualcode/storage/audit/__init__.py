"""The audit trail: reading events back, and writing a unit of work's events in one go.

One aggregate, one package: ``reads`` runs the compiled read statements (no SQLAlchemy, so a
light command never imports it), ``writes`` writes through SQLAlchemy Core and is imported only
by the services' write paths.
"""
