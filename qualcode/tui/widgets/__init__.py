"""Widgets of the workbench, each owning its bindings."""
