"""One definition per municipal service (the seed's "scheda servizio") validated as a whole, a
catalogue of services, and the citizen's journey through one.

Definitions, identities, requests and journeys are dicts (or JSON strings) in the core's JSON
shape. Errors raise ``sportello.ServiceError`` (a ``SportelloError``/``ValueError``) with ``.code``
(``service.unknown_office``, ``service.missing_translation``, ...) and ``.details`` (with the
``path`` inside the definition); an unknown key raises code ``json`` with its ``path``."""

from __future__ import annotations

import datetime
from typing import ClassVar, Any, Mapping, Sequence, final

from .access import Decision
from .forms import Evaluation
from .slots import Booking, Calendar, Slot

@final
class Service:
    """A municipal service: its definition validated as a whole against the portal's calendars."""
    # (unhashable: the class compares by value)
    __hash__: ClassVar[None] = None  # type: ignore[assignment]

    @staticmethod
    def from_json(definition: str | Mapping[str, Any], calendars: Sequence[Calendar | Mapping[str, Any]] | str | None = None) -> Service: ...
    def to_json(self) -> str: ...
    def to_dict(self) -> dict[str, Any]: ...
    @property
    def id(self) -> str:
        """The service id (``card.id``)."""
    def decide(self, identity: Mapping[str, Any] | str | None, now: datetime.datetime, acting: Mapping[str, Any] | str | None = None) -> Decision:
        """May this person start the service at ``now``: the access decision."""
    def evaluate(self, data: Mapping[str, Any] | str, now: datetime.datetime) -> Evaluation: ...
    def charges(self) -> dict[str, Any]:
        """The charges due (the ``PaymentPlan`` shape)."""
    def start(self, request: Mapping[str, Any] | str, now: datetime.datetime) -> dict[str, Any]:
        """Starts the service: a dict in the ``Started`` shape."""
    def offer(self, on: datetime.date, now: datetime.datetime, bookings: Sequence[Booking | Mapping[str, Any]] | str | None = None) -> list[Slot]: ...
    def integrations_due(self, statuses: Sequence[int] | str) -> list[dict[str, Any]]: ...
    def walk(self, journey: Mapping[str, Any] | str) -> dict[str, Any]:
        """Runs a whole journey: a dict in the ``JourneyReport`` shape."""
    def graph(self) -> dict[str, Any]: ...

@final
class Catalogue:
    """Many services, each validated as a whole, ids and slugs unique."""

    @staticmethod
    def from_json(definitions: str | Sequence[Mapping[str, Any]], calendars: Sequence[Calendar | Mapping[str, Any]] | str | None = None) -> Catalogue: ...
    def to_json(self) -> str: ...
    def listing(self, audience: str, lang: str) -> list[dict[str, Any]]:
        """What ``audience`` (``"citizen"`` or ``"operator"``) sees, by category and group, in ``lang``."""
    def get(self, id: str) -> Service: ...
    @property
    def ids(self) -> list[str]: ...
