"""Pure computations: no database, no UI."""
