"""File -> domain objects: transcripts and codebooks. No database, no UI."""
