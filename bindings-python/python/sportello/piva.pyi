"""Partita IVA and the other 11-digit codes (numeric codice fiscale of entities, temporary codice
fiscale of persons). Whitespace is ignored and a SPID ``VATIT-`` / ``TINIT-`` or EU ``IT`` prefix is
stripped. Errors raise :class:`sportello.PivaError`: ``piva.format``, ``piva.zero``
(``00000000000``), ``piva.check_digit``."""

def is_valid(code: str) -> bool:
    """Whether ``code`` is a valid 11-digit code."""

def validate(code: str) -> str:
    """The normalised 11 digits."""
