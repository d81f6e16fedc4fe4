"""sportello.piva (filled in by its capability)."""
