"""sportello.practice (filled in by its capability)."""
