"""The search index: each document's sentences and where its word forms stand."""
