"""sportello.payments (filled in by its capability)."""
