"""Appointment calendars: slot generation, bookings, iCalendar and CSV export.

Every computation runs in Europe/Rome wall time with correct DST; instants are aware
``datetime.datetime`` objects (naive ones are refused), dates ``datetime.date``. Configurations,
requests and records are dicts (or JSON strings) in the documented JSON shape (docs/slots.md).
Errors are :class:`sportello.SlotsError` with ``.code`` (``"slots.full"``, ...) and ``.details``.
"""

from __future__ import annotations

import datetime
from typing import Any, Literal, Mapping, Sequence, Union, final

from sportello import practice as _practice

_Actor = Literal["citizen", "operator", "system"]
_Status = Literal["draft", "pendingApproval", "confirmed", "refused", "missed", "done", "cancelled"]
_Unavailable = Literal["holiday", "closed", "tooSoon", "beyondWindow", "full"]
#: Bookings as objects (the fastest when reused), dicts, or a JSON array string.
_Bookings = Union[Sequence[Union["Booking", Mapping[str, Any]]], str]
#: The closures of the whole ente (``{"closures": [...], "holidays": {...}}``) as a dict or JSON text.
_Ente = Union[Mapping[str, Any], str, None]
_Lang = Literal["it", "en", "de"]

@final
class Calendar:
    """A validated calendar configuration (opening hours, closures, holidays, windows, limits)."""

    @staticmethod
    def from_json(json: str | Mapping[str, Any]) -> Calendar:
        """Parses and validates; raises ``SlotsError`` (``slots.zero_length``, ``slots.inverted_times``,
        ``slots.empty_weekdays``, ``slots.parallel_below_one``, ``slots.window_out_of_range``, ...) or
        ``SportelloError`` with code ``json`` for a wrong shape."""
    @staticmethod
    def from_dict(value: Mapping[str, Any]) -> Calendar:
        """The calendar from its dict (``to_dict()``), validated as :meth:`from_json` validates."""
    def to_json(self) -> str: ...
    def to_dict(self) -> dict[str, Any]: ...
    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def owner(self) -> str | None: ...
    @property
    def contact_email(self) -> str | None: ...
    @property
    def email_language(self) -> _Lang: ...
    def title_in(self, lang: _Lang) -> str:
        """The title in ``lang``: its entry in ``titles``, else ``title``."""
    def validate_at(self, today: datetime.date) -> None:
        """Raises ``slots.end_date_beyond_year`` (with ``path``) for an opening hour ending after ``today``'s year."""
    def slots(self, first: datetime.date, last: datetime.date, bookings: _Bookings, now: datetime.datetime, ente: _Ente = None) -> list[Slot]:
        """Every slot of the local dates ``first`` to ``last`` (both included), sorted by start.
        Pending, confirmed and unexpired draft bookings take places (overlapping ones are summed).
        ``ente``: the closures of the whole ente, added to the calendar's."""
    def first_available(self, first: datetime.date, bookings: _Bookings, now: datetime.datetime, ente: _Ente = None) -> Slot | None:
        """The first available slot on or after the local date ``first``, within the booking window; ``None`` when none."""
    def book(self, request: Mapping[str, Any] | str, bookings: _Bookings, now: datetime.datetime, ente: _Ente = None) -> Booking:
        """A draft holding the slot ``request["start"]``-``request["end"]`` for ``draftMinutes``.
        Request keys: start, end, and optional id, openingHour, user, practice, bookedBy ("citizen", "anonymous",
        "operator"), name, surname, email, phone, reason, message; the calendar's ``requiredData`` for ``bookedBy``
        must be present (``slots.missing_data``)."""
    def remove_opening_hour(self, opening_hour: str, bookings: _Bookings, now: datetime.datetime) -> Calendar:
        """A copy without the opening hour; ``slots.opening_hour_in_use`` lists the bookings that block it."""

@final
class Slot:
    @staticmethod
    def from_json(json: str | Mapping[str, Any]) -> Slot: ...
    @staticmethod
    def from_dict(value: Mapping[str, Any]) -> Slot: ...
    @property
    def start(self) -> datetime.datetime: ...
    @property
    def end(self) -> datetime.datetime: ...
    @property
    def date(self) -> datetime.date: ...
    @property
    def opening_hours(self) -> list[str]: ...
    @property
    def capacity(self) -> int: ...
    @property
    def booked(self) -> int: ...
    @property
    def remaining(self) -> int: ...
    @property
    def available(self) -> bool: ...
    @property
    def unavailable(self) -> _Unavailable | None: ...
    @property
    def closed_by(self) -> str | None: ...
    @property
    def moderated(self) -> bool: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...

@final
class Booking:
    """A booking. Transitions return a new ``Booking``; the history records each one."""

    @staticmethod
    def from_json(json: str | Mapping[str, Any]) -> Booking: ...
    @staticmethod
    def from_dict(value: Mapping[str, Any]) -> Booking: ...
    def to_json(self) -> str: ...
    def to_dict(self) -> dict[str, Any]: ...
    @property
    def id(self) -> str: ...
    @property
    def calendar_id(self) -> str | None: ...
    @property
    def opening_hour(self) -> str: ...
    @property
    def start(self) -> datetime.datetime: ...
    @property
    def end(self) -> datetime.datetime: ...
    @property
    def status(self) -> _Status: ...
    @property
    def status_code(self) -> int:
        """The reference platform's code: 0 pending, 1 confirmed, 2 refused, 3 missed, 4 done, 5 cancelled, 6 draft."""
    @property
    def status_label(self) -> str:
        """The Italian label, e.g. ``"Confermato"``."""
    @property
    def user(self) -> str | None: ...
    @property
    def practice(self) -> str | None: ...
    @property
    def name(self) -> str | None: ...
    @property
    def surname(self) -> str | None: ...
    @property
    def email(self) -> str | None: ...
    @property
    def phone(self) -> str | None: ...
    @property
    def reason(self) -> str | None: ...
    @property
    def message(self) -> str | None: ...
    @property
    def outcome(self) -> str | None: ...
    @property
    def created_at(self) -> datetime.datetime | None: ...
    @property
    def expires_at(self) -> datetime.datetime | None: ...
    @property
    def history(self) -> list[dict[str, Any]]: ...
    def holds_place(self, now: datetime.datetime) -> bool: ...
    def is_expired(self, now: datetime.datetime) -> bool: ...
    def reschedule_count(self) -> int: ...
    def cancel_deadline(self, calendar: Calendar) -> datetime.datetime: ...
    def submit(self, calendar: Calendar, bookings: _Bookings, now: datetime.datetime, ente: _Ente = None) -> Booking:
        """Draft -> pendingApproval (moderated) or confirmed."""
    def reminder_at(self, calendar: Calendar) -> datetime.datetime | None:
        """When the reminder e-mail goes (the calendar's ``reminder``), or ``None``."""
    def approve(self, now: datetime.datetime) -> Booking: ...
    def refuse(self, now: datetime.datetime, outcome: str | None = None) -> Booking: ...
    def cancel(self, calendar: Calendar, actor: _Actor, now: datetime.datetime) -> Booking:
        """A citizen may cancel until ``cancel_deadline``; raises ``slots.cancel_too_late`` after."""
    def mark_done(self, now: datetime.datetime) -> Booking: ...
    def mark_missed(self, now: datetime.datetime) -> Booking: ...
    def await_payment(self, calendar: Calendar, now: datetime.datetime) -> Booking:
        """Holds a draft longer while its practice awaits a payment (capped)."""
    def reschedule(
        self,
        calendar: Calendar,
        start: datetime.datetime,
        end: datetime.datetime,
        bookings: _Bookings,
        now: datetime.datetime,
        actor: _Actor | None = None,
        opening_hour: str | None = None,
        ente: _Ente = None,
    ) -> Booking:
        """Moves the booking to another slot; ``actor`` ``None`` is the core's default, an operator."""

def to_ics(calendar: Calendar, bookings: _Bookings, slots: Sequence[Slot], *, dtstamp: datetime.datetime, personal_data: bool | None = None) -> str:
    """iCalendar (RFC 5545, VTIMEZONE Europe/Rome, stable UIDs) of the bookings (drafts left out) and
    the available slots. The keywords are the fields of ``IcsOptions``: ``dtstamp`` is the export
    time, ``personal_data`` (``None``: the core's default, ``False``) writes the citizen's name,
    contacts and message into the events."""

def follow_practice(
    bookings: _Bookings, practice: str, status: _practice.Status | int, now: datetime.datetime, reason: str | None = None
) -> list[Booking]:
    """The bookings a practice's new status changes, as the reference platform drives its meetings:
    at 20000 (withdrawn) or 50000 (annulled) the practice's future pending or confirmed meetings are
    cancelled, at 1530 (payment refused) or 9000 (rejected) they are refused, at 7000 (accepted) its
    pending meetings are confirmed; each changed booking gets a history entry by the system, and a
    cancelled or refused one ``reason`` as its outcome. Raises ``PracticeError``
    (``practice.unknown_status``) for an unknown code."""

def to_csv(calendar: Calendar, bookings: _Bookings) -> str:
    """CSV (RFC 4180, Italian headers) of the calendar's bookings, like the back office's export."""
