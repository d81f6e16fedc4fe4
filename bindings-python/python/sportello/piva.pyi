"""Partita IVA and the other 11-digit codes (numeric codice fiscale of entities, temporary codice
fiscale of persons). Whitespace is ignored and a SPID ``VATIT-`` / ``TINIT-`` or EU ``IT`` prefix is
stripped. Errors raise :class:`sportello.PivaError`: ``piva.format``, ``piva.zero``
(``00000000000``), ``piva.check_digit``."""

from __future__ import annotations

from typing import Any, Iterable

def is_valid(code: str) -> bool:
    """Whether ``code`` is a valid 11-digit code."""

def validate(code: str) -> str:
    """The normalised 11 digits."""

def validate_many(codes: Iterable[str | None]) -> list[str | None]:
    """The error code of each item (``piva.*``), ``None`` where valid or ``None``."""

def is_valid_arrow(codes: Any) -> Any:
    """:func:`is_valid` over an Arrow string column (see ``sportello.cf.is_valid_arrow``): a boolean column, nulls kept."""

def validate_arrow(codes: Any) -> Any:
    """The error code of each row of an Arrow string column (``piva.*``), null where valid or null."""
