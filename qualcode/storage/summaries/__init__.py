"""Case summaries, cell summaries of the theme matrix, and the summarising technique's units.

One aggregate, one package: ``reads`` runs the compiled read statements (no SQLAlchemy, so a
light command never imports it), ``writes`` writes through SQLAlchemy Core and is imported only
by the services' write paths.
"""
