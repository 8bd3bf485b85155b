"""qualcode: qualitative content analysis of interview transcripts, in the terminal.

The package is layered (see docs/architecture.md): ``domain`` holds plain data and rules,
``importers``/``analysis``/``exporters``/``storage`` build on it, ``services`` are the use cases,
and ``cli``/``tui`` are thin front ends over the services.
"""

__version__ = "0.1.0"
