"""sportello.slots (filled in by its capability)."""
