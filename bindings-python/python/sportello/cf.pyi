"""Codice fiscale: validation in levels, omocodia, decoding, encoding, matching, Belfiore places.

Errors raise :class:`sportello.CfError` (a ``ValueError``) whose ``.code`` is one of ``cf.format``,
``cf.check_char``, ``cf.date``, ``cf.place_unknown`` (validation), ``cf.place_not_valid_on_date``
(``decode(..., strict_place=True)`` only), ``cf.place_not_found``, ``cf.place_ambiguous`` (its
``.details["candidates"]`` lists the places), ``cf.name`` (encoding). Dates are ``datetime.date``.
"""

from __future__ import annotations

import datetime
from typing import Any, Iterable, Literal, Mapping, final

from . import CfError

_Sex = Literal["M", "F"]
_PlaceKind = Literal["comune", "foreignState"]
_FieldMatch = Literal["matched", "mismatched", "skipped"]

@final
class Birthplace:
    """The birthplace of a decoded code, as on the birth date."""

    @staticmethod
    def from_json(json: str | Mapping[str, Any]) -> Birthplace: ...
    @staticmethod
    def from_dict(value: Mapping[str, Any]) -> Birthplace: ...
    @property
    def code(self) -> str:
        """Belfiore code, omocodia letters turned back into digits (``"H501"``)."""
    @property
    def name(self) -> str: ...
    @property
    def province(self) -> str | None:
        """Province abbreviation on the birth date; ``None`` for a foreign state."""
    @property
    def kind(self) -> _PlaceKind: ...
    @property
    def valid_on_birth_date(self) -> bool | None:
        """Whether the code was in force on the birth date (``None`` when the date is undetermined)."""
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...

@final
class Decoded:
    """A decoded codice fiscale."""

    @staticmethod
    def from_json(json: str | Mapping[str, Any]) -> Decoded: ...
    @staticmethod
    def from_dict(value: Mapping[str, Any]) -> Decoded: ...
    @property
    def code(self) -> str:
        """The normalised code as given (omocodia letters kept)."""
    @property
    def canonical(self) -> str:
        """All 7 omocodia positions as digits, check letter recomputed."""
    @property
    def sex(self) -> _Sex: ...
    @property
    def birth_date(self) -> datetime.date | None:
        """``None`` when no century fits (see docs/cf.md)."""
    @property
    def birthplace(self) -> Birthplace: ...
    @property
    def warnings(self) -> list[str]:
        """Non-fatal findings, e.g. ``"cf.place_not_valid_on_date"``."""
    def to_dict(self) -> dict[str, Any]:
        """The documented JSON shape (camelCase keys, ISO date strings)."""
    def to_json(self) -> str: ...

@final
class MatchReport:
    """The result of :func:`matches`; truthy when no field disagrees."""

    @staticmethod
    def from_json(json: str | Mapping[str, Any]) -> MatchReport: ...
    @staticmethod
    def from_dict(value: Mapping[str, Any]) -> MatchReport: ...
    @property
    def matches(self) -> bool: ...
    @property
    def mismatched(self) -> list[str]:
        """Fields that disagree, among ``surname``, ``name``, ``sex``, ``birthDate``, ``birthplace``."""
    @property
    def fields(self) -> dict[str, _FieldMatch]:
        """Each field (``surname``, ``name``, ``sex``, ``birthDate``, ``birthplace``): matched, mismatched or skipped."""
    def __bool__(self) -> bool: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...

@final
class Place:
    """One period of a Belfiore place (a name and province in force from ``valid_from`` to ``valid_to``)."""

    @staticmethod
    def from_json(json: str | Mapping[str, Any]) -> Place: ...
    @staticmethod
    def from_dict(value: Mapping[str, Any]) -> Place: ...
    @property
    def code(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def province(self) -> str | None: ...
    @property
    def kind(self) -> _PlaceKind: ...
    @property
    def valid_from(self) -> datetime.date: ...
    @property
    def valid_to(self) -> datetime.date | None:
        """Last day in force (inclusive); ``None`` when still in force."""
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...

def normalize(code: str) -> str:
    """Trims, removes inner spaces, upper-cases and strips a SPID ``TINIT-`` prefix."""

def is_valid(code: str) -> bool:
    """Whether ``code`` is a valid codice fiscale (format, check letter, date, known birthplace)."""

def is_valid_many(codes: Iterable[str | None]) -> list[bool | None]:
    """:func:`is_valid` over a list (or any iterable); releases the GIL while it runs. ``None`` stays
    ``None``; a ``str`` given for the list, or an item neither ``str`` nor ``None``, raises ``ArgumentError``."""

def validate_many(codes: Iterable[str | None]) -> list[str | None]:
    """The error code of each item (``cf.format``, ``cf.check_char``, ...), ``None`` where the code
    is valid or the item ``None``; a list, any iterable or an Arrow column."""

def decode_many(codes: Iterable[str | None], today: datetime.date | None = None, *, max_age: int | None = None, strict_place: bool | None = None) -> list[Decoded | CfError | None]:
    """:func:`decode` of each item: a :class:`Decoded`, or the :class:`sportello.CfError` it would
    raise (returned, not raised), or ``None`` for ``None``."""

def is_valid_arrow(codes: Any) -> Any:
    """:func:`is_valid` over an Arrow string column (a pyarrow array or chunked array, a Polars
    Series, anything with ``__arrow_c_array__`` / ``__arrow_c_stream__``; string, large_string or
    string_view), read in place: a boolean column, nulls kept. pyarrow in, pyarrow out; Polars in,
    Polars out; otherwise a :class:`sportello.ArrowArray`. Another type raises ``ArgumentError``."""

def validate_arrow(codes: Any) -> Any:
    """The error code of each row of an Arrow string column (``cf.format``, ``cf.check_char``,
    ``cf.date``, ``cf.place_unknown``): a string column, null where the code is valid or null."""

def decode_arrow(codes: Any, today: datetime.date | None = None, *, max_age: int | None = None, strict_place: bool | None = None) -> Any:
    """:func:`decode` over an Arrow string column: a struct column with ``sex``, ``birth_date``
    (date32), ``birthplace_code``, ``birthplace_name``, ``birthplace_province``, ``canonical`` and
    ``error`` (the code of a row that does not decode; its other fields are null); a null row is null."""

def validate(code: str) -> str:
    """The normalised code. Raises ``CfError``: ``cf.format``, ``cf.check_char``, ``cf.date``, ``cf.place_unknown``."""

def decode(code: str, today: datetime.date | None = None, *, max_age: int | None = None, strict_place: bool | None = None) -> Decoded:
    """Sex, birth date and birthplace. The century is chosen against ``today`` (default
    ``datetime.date.today()``): a real date, not after ``today``, age <= ``max_age`` (``None``: the
    core's default, 120), then the birthplace in force, then the younger. A birthplace not in force
    on the birth date is a warning, or ``cf.place_not_valid_on_date`` with ``strict_place``."""

def encode(
    person: Mapping[str, Any] | None = None,
    *,
    surname: str | None = None,
    name: str | None = None,
    sex: _Sex | None = None,
    birth_date: datetime.date | None = None,
    birthplace: str | None = None,
    province: str | None = None,
) -> str:
    """The codice fiscale of a ``person`` (a dict in the ``Person`` shape: ``surname``, ``name``,
    ``sex``, ``birthDate``, ``birthplace``, ``province``) or of its fields as keywords (not both).
    ``birthplace`` is a Belfiore code (``"H501"``) or a place name (``"Roma"``, accents and case
    ignored) resolved for ``birth_date``; ``province`` disambiguates. Raises ``CfError``:
    ``cf.name``, ``cf.place_unknown``, ``cf.place_not_found``, ``cf.place_ambiguous``."""

def matches(
    code: str,
    declared: Mapping[str, Any] | None = None,
    *,
    surname: str | None = None,
    name: str | None = None,
    sex: _Sex | None = None,
    birth_date: datetime.date | None = None,
    birthplace: str | None = None,
    province: str | None = None,
) -> MatchReport:
    """Checks ``code`` against ``declared`` data (a dict in the ``Declared`` shape) or its fields as
    keywords (not both), field by field (omocodia and the pre-2011 ``X`` for accented letters
    accepted; birthplaces compared by code or by any of their names). Raises ``CfError`` when
    ``code`` itself is invalid."""

def canonical(code: str) -> str:
    """The canonical (non-omocode) form of a valid code."""

def omocodes(code: str) -> list[str]:
    """All 128 omocodia variants of a valid code, canonical first."""

def same_person(a: str, b: str) -> bool:
    """Whether two valid codes have the same canonical form."""

def validate_tax_code(code: str) -> dict[str, str]:
    """A field holding a personal (16) or numeric (11) code: ``{"kind": "personal" | "numeric", "code": ...}``.
    Raises ``CfError`` or ``PivaError``."""

def place_lookup(code: str, on: datetime.date | None = None) -> Place | None:
    """The period of a Belfiore code in force on ``on`` (default ``datetime.date.today()``)."""

def place_history(code: str) -> list[Place]:
    """Every period of a Belfiore code, oldest first (empty when unknown)."""

def places_by_name(name: str, province: str | None = None, on: datetime.date | None = None) -> list[Place]:
    """Periods whose name equals ``name`` ignoring case, accents, spaces and apostrophes."""

def place_search(prefix: str, on: datetime.date | None = None, limit: int | None = None) -> list[Place]:
    """Up to ``limit`` places (``None``: the core's default, 10) whose name starts with ``prefix``
    (exact matches first)."""

def place_resolve(place: str, on: datetime.date | None = None, province: str | None = None) -> Place:
    """A birthplace given as a code or a name for a birth on ``on``, as :func:`encode` resolves it."""
