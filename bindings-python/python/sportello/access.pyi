"""sportello.access (filled in by its capability)."""
