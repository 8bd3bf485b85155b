"""The coding workbench: a keyboard-first Textual app over the services (never SQL)."""
