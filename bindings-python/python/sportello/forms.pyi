"""sportello.forms (filled in by its capability)."""
