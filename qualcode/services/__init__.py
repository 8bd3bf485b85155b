"""Use cases shared by the CLI and the TUI.

Each public method is one unit of work with its own transaction, and returns plain dataclasses:
a failure anywhere leaves the project exactly as it was.
"""
