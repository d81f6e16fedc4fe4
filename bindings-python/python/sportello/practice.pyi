"""The lifecycle of an online application (pratica): statuses, the graph a service configuration
shapes, the event log and its timeline, deadlines, audits of recorded histories, request types.

Instants are aware ``datetime.datetime`` (any tzinfo), RFC 3339 strings or unix seconds; dates are
``datetime.date``; amounts ``decimal.Decimal``. Wherever an ``Actor``, a ``ServiceConfig`` or an
event is expected, its JSON shape (a dict, or for configurations a JSON string) is accepted too.
Errors are ``sportello.PracticeError`` with ``.code`` (``practice.transition``, ``practice.guard``,
``practice.out_of_order``, ``practice.unknown_status``, ``practice.link``, ``practice.replay``,
``practice.date_range``, ``practice.invalid``) and ``.details`` (for ``practice.guard``,
``details["failed"]`` lists every failed guard as ``{"code", "message"}``).
"""

from __future__ import annotations

import datetime
import decimal
from typing import ClassVar, Any, Iterable, Literal, Mapping, Sequence, Union, final

from sportello import PracticeError, SportelloError
from sportello.access import Staff

_Instant = Union[datetime.datetime, str, int]
_ActorLike = Union["Actor", Mapping[str, Any]]
_ConfigLike = Union["ServiceConfig", Mapping[str, Any], str]
_EventName = Literal[
    "submit", "payStamps", "paymentReturned", "paymentSucceeded", "paymentFailed", "recordPayment",
    "retryPayment", "completePayment", "acquire", "register", "assign", "requestIntegration",
    "sendIntegrationRequest", "registerIntegrationRequest", "answerIntegration", "acceptIntegration",
    "cancelIntegration", "registerIntegrationAnswer", "resumeAfterIntegration", "accept", "partiallyApprove", "reject",
    "registerOutcome", "withdraw", "reopen", "revoke", "message", "attachment", "note",
    "assignOffice",
    "setPriority", "rejectionNotice", "submitObservations", "annul",
]
_RequestKind = Literal["activation", "renewal", "termination", "suspension", "modification", "transfer", "takeover", "regularization"]
_Priority = Literal["low", "medium", "high"]
_HistoryRow = Union[tuple[int, _Instant], Sequence[Any], Mapping[str, Any]]

@final
class Status:
    """A status: ``.code`` (stable number, e.g. 1900), ``.label`` (Italian, "Inviata"), ``.name``
    (English camelCase). Compares equal to its code."""

    def __new__(cls, code: int) -> Status:
        """Raises ``PracticeError`` (``practice.unknown_status``) for a code that is not a status."""
    @staticmethod
    def all() -> list[Status]: ...
    @property
    def code(self) -> int: ...
    @property
    def label(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def is_final(self) -> bool:
        """7000, 7500, 9000, 20000, 50000."""
    @property
    def is_submitted(self) -> bool:
        """code >= 1900."""
    def __int__(self) -> int: ...
    def __eq__(self, other: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class Actor:
    """Who fires an event. ``kind`` is citizen, operator, system, gateway or protocol."""

    def __new__(cls, kind: Literal["citizen", "operator", "system", "gateway", "protocol"], id: str | None = None) -> Actor: ...
    @staticmethod
    def from_json(json: str | Mapping[str, Any]) -> Actor: ...
    @staticmethod
    def from_dict(value: Mapping[str, Any]) -> Actor: ...
    def to_json(self) -> str: ...
    @staticmethod
    def citizen(id: str) -> Actor: ...
    @staticmethod
    def operator(id: str) -> Actor: ...
    @staticmethod
    def system() -> Actor: ...
    @staticmethod
    def gateway() -> Actor: ...
    @staticmethod
    def protocol() -> Actor: ...
    @property
    def kind(self) -> str: ...
    @property
    def id(self) -> str | None: ...
    def to_dict(self) -> dict[str, Any]: ...

@final
class ServiceConfig:
    """The configuration of a service that shapes the graph of its practices (all keywords
    optional; the defaults are the core's)."""

    def __new__(
        cls,
        *,
        payment: Literal["none", "immediate", "deferred"] | None = None,
        payment_amount: decimal.Decimal | str | int | None = None,
        stamps_on_request: bool | None = None,
        stamps_on_release: bool | None = None,
        protocol_required: bool | None = None,
        workflow: Literal["approval", "forward"] | None = None,
        allow_withdrawal: bool | None = None,
        allow_integration_requests: bool | None = None,
        allow_partial_approval: bool | None = None,
        allow_reopening: bool | None = None,
        record_payment_steps: bool | None = None,
        resume_after_integration: Literal["inCharge", "inChargeAfterIntegration"] | None = None,
        response_days: int | None = None,
        integration_clock: Literal["runs", "suspended", "restarted"] | None = None,
        max_suspended_days: int | None = None,
        max_suspensions: int | None = None,
        roll_to_working_day: bool | None = None,
        files: Mapping[str, Any] | None = None,
        protocol_handler: Literal["internal", "external"] | None = None,
        protocol_folders: Mapping[str, Mapping[str, str]] | None = None,
        take_in_charge_days: int | None = None,
        allow_annulment: bool | None = None,
        annulment_term_months: int | None = None,
        charges: Sequence[Mapping[str, Any]] | None = None,
    ) -> ServiceConfig:
        """Raises ``SportelloError`` (code ``json``) for a bad value (e.g. an amount with 3 decimals).
        ``None`` means the core's default (integration requests on, partial approval off, one
        suspension: ``max_suspensions=None`` is 1; ``take_in_charge_days=None`` is 30: no term at
        all is ``ServiceConfig.from_dict({"takeInChargeDays": None})``)."""
    @staticmethod
    def from_json(json: str | Mapping[str, Any]) -> ServiceConfig: ...
    @staticmethod
    def from_dict(value: Mapping[str, Any]) -> ServiceConfig: ...
    def to_json(self) -> str: ...
    def to_dict(self) -> dict[str, Any]: ...
    @property
    def payment(self) -> str: ...
    @property
    def payment_amount(self) -> decimal.Decimal: ...
    @property
    def stamps_on_request(self) -> bool: ...
    @property
    def stamps_on_release(self) -> bool: ...
    @property
    def protocol_required(self) -> bool: ...
    @property
    def workflow(self) -> str: ...
    @property
    def allow_withdrawal(self) -> bool: ...
    @property
    def allow_integration_requests(self) -> bool: ...
    @property
    def allow_partial_approval(self) -> bool: ...
    @property
    def allow_reopening(self) -> bool: ...
    @property
    def record_payment_steps(self) -> bool: ...
    @property
    def resume_after_integration(self) -> str: ...
    @property
    def response_days(self) -> int | None: ...
    @property
    def integration_clock(self) -> str: ...
    @property
    def max_suspended_days(self) -> int | None: ...
    @property
    def max_suspensions(self) -> int:
        """How many integration requests suspend the clock (default 1, "per una sola volta")."""
    @property
    def roll_to_working_day(self) -> bool: ...
    @property
    def files(self) -> dict[str, Any]:
        """The file limits: ``{"message": {"extensions", "maxBytes"}, "approvalDocument": {...}}``."""
    @property
    def protocol_handler(self) -> str: ...
    @property
    def protocol_folders(self) -> dict[str, dict[str, str]]: ...
    @property
    def take_in_charge_days(self) -> int | None:
        """Days from submission to take the practice in charge (default 30; ``None``: no term)."""
    @property
    def allow_annulment(self) -> bool:
        """An operator may annul a final act (7000, 7500, 9000 -> 50000) with a reason."""
    @property
    def annulment_term_months(self) -> int | None:
        """Months from the final act within which it may be annulled; ``None``: no term."""
    @property
    def charges(self) -> list[dict[str, Any]]:
        """The practice's configured charges (``sportello.payments`` ``Charge`` JSON shape)."""
    def graph(self) -> dict[str, Any]:
        """The reachable graph: ``{"states": [...], "edges": [...]}``."""
    def statuses(self) -> list[Status]:
        """The statuses a practice of this service can reach."""
    def mermaid(self) -> str:
        """A Mermaid ``stateDiagram-v2`` of the graph."""

@final
class TimelineEntry:
    """One status change of the timeline ("Iter della pratica")."""

    @staticmethod
    def from_json(json: str | Mapping[str, Any]) -> TimelineEntry: ...
    @staticmethod
    def from_dict(value: Mapping[str, Any]) -> TimelineEntry: ...
    def to_json(self) -> str: ...
    def to_dict(self) -> dict[str, Any]: ...

    @property
    def seq(self) -> int: ...
    @property
    def at(self) -> datetime.datetime: ...
    @property
    def from_status(self) -> Status | None: ...
    @property
    def status(self) -> Status: ...
    @property
    def event(self) -> str: ...
    @property
    def actor(self) -> Actor: ...
    @property
    def message(self) -> str | None: ...
    @property
    def internal(self) -> bool:
        """The message is an operator's internal note, not shown to the citizen."""

@final
class Deadline:
    """The response deadline ("Riceverai risposta entro il") as of ``on``."""

    @staticmethod
    def from_json(json: str | Mapping[str, Any]) -> Deadline: ...
    @staticmethod
    def from_dict(value: Mapping[str, Any]) -> Deadline: ...
    def to_json(self) -> str: ...
    def to_dict(self) -> dict[str, Any]: ...

    @property
    def submitted_on(self) -> datetime.date: ...
    @property
    def due_date(self) -> datetime.date | None: ...
    @property
    def suspended_days(self) -> int: ...
    @property
    def suspended(self) -> bool: ...
    @property
    def closed(self) -> bool: ...
    @property
    def on(self) -> datetime.date: ...
    @property
    def remaining_days(self) -> int | None: ...
    @property
    def notice_days(self) -> int:
        """Days added for rejection notices (L. 241/1990 art. 10-bis suspends the term)."""

@final
class Practice:
    """A practice: an event log whose replay gives its status and timeline. Change it only with
    ``apply``; it restores from ``to_json`` by replaying the events."""
    # (unhashable: the class compares by value)
    __hash__: ClassVar[None] = None  # type: ignore[assignment]

    def __new__(cls, id: str, applicant: str, config: _ConfigLike, at: _Instant, created_by: _ActorLike | None = None) -> Practice:
        """A new activation draft created at ``at`` (by the applicant unless ``created_by``)."""
    @staticmethod
    def linked(original: Practice, kind: _RequestKind, id: str, created_by: _ActorLike, at: _Instant) -> Practice:
        """A new draft of ``kind`` linked to ``original`` (raises ``practice.link``)."""
    @staticmethod
    def modification_of(original: Practice, id: str, created_by: _ActorLike, at: _Instant) -> Practice:
        """A modification: a new draft linked to ``original``, never an edit of it."""
    @staticmethod
    def from_json(json: str | Mapping[str, Any]) -> Practice:
        """Raises ``practice.invalid`` (shape) or ``practice.replay`` (events that do not replay)."""
    @staticmethod
    def from_dict(value: Mapping[str, Any]) -> Practice: ...
    def to_json(self) -> str: ...
    def to_dict(self) -> dict[str, Any]: ...
    @property
    def id(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def linked_to(self) -> str | None: ...
    @property
    def applicant(self) -> str: ...
    @property
    def status(self) -> Status: ...
    @property
    def outcome(self) -> Literal["accepted", "partiallyApproved", "rejected"] | None: ...
    @property
    def assigned_operator(self) -> str | None: ...
    @property
    def protocol_number(self) -> str | None: ...
    @property
    def office(self) -> str | None:
        """The office (ufficio) the practice is assigned to."""
    @property
    def payment_created(self) -> bool: ...
    @property
    def config(self) -> ServiceConfig: ...
    @property
    def created_at(self) -> datetime.datetime: ...
    @property
    def submitted_at(self) -> datetime.datetime | None: ...
    @property
    def priority(self) -> _Priority | None:
        """The priority last set by an operator (``setPriority``), or ``None``."""
    def apply(
        self,
        event: _EventName | Mapping[str, Any],
        actor: _ActorLike,
        at: _Instant,
        message: str | None = None,
        *,
        protocol_number: str | None = None,
        operator: str | None = None,
        name: str | None = None,
        messages: Sequence[str] | None = None,
        send_to_citizen: bool | None = None,
        document_id: str | None = None,
        folder_number: str | None = None,
        folder_code: str | None = None,
        registered_at: _Instant | None = None,
        office: str | None = None,
        priority: _Priority | None = None,
        amount: decimal.Decimal | str | int | None = None,
        stamps: Sequence[Mapping[str, Any]] | None = None,
    ) -> Status:
        """Applies the event and the automatic follow-ups; returns the new status. Raises
        ``PracticeError``: ``practice.out_of_order``, ``practice.transition`` (not defined from the
        current status), ``practice.guard`` (``details["failed"]`` names every failed guard),
        ``practice.protocol`` (a register event's protocol data refused), ``practice.charges`` (an
        ``amount`` or ``stamps`` refused)."""
    def apply_staffed(
        self,
        event: _EventName | Mapping[str, Any],
        actor: _ActorLike,
        at: _Instant,
        staff: Staff | str | Mapping[str, Any],
        service: str,
        message: str | None = None,
        *,
        protocol_number: str | None = None,
        operator: str | None = None,
        name: str | None = None,
        messages: Sequence[str] | None = None,
        send_to_citizen: bool | None = None,
        document_id: str | None = None,
        folder_number: str | None = None,
        folder_code: str | None = None,
        registered_at: _Instant | None = None,
        office: str | None = None,
        priority: _Priority | None = None,
        amount: decimal.Decimal | str | int | None = None,
        stamps: Sequence[Mapping[str, Any]] | None = None,
    ) -> Status:
        """``apply`` with the back office's staff consulted for the service ``service``: raises
        ``AccessError`` (``access.unknown_operator``, ``access.operator_disabled``,
        ``access.not_enabled``) for an operator who may not work it, ``PracticeError``
        ``practice.office`` for an office refused (not the staff's, not the practice's, or one the
        operator does not belong to)."""
    def check(
        self,
        event: _EventName | Mapping[str, Any],
        actor: _ActorLike,
        message: str | None = None,
        at: _Instant | None = None,
        *,
        protocol_number: str | None = None,
        operator: str | None = None,
        name: str | None = None,
        messages: Sequence[str] | None = None,
        send_to_citizen: bool | None = None,
        document_id: str | None = None,
        folder_number: str | None = None,
        folder_code: str | None = None,
        registered_at: _Instant | None = None,
        office: str | None = None,
        priority: _Priority | None = None,
        amount: decimal.Decimal | str | int | None = None,
        stamps: Sequence[Mapping[str, Any]] | None = None,
    ) -> None:
        """Raises what ``apply`` would raise, without applying."""
    def allowed_events(self, actor: _ActorLike, at: _Instant | None = None) -> list[str]:
        """The events ``actor`` may fire at ``at``, from the guards ``apply`` enforces (the annulment
        term is judged at ``at``; absent, it is assumed to hold)."""
    def allowed_events_staffed(
        self, actor: _ActorLike, staff: Staff | str | Mapping[str, Any], service: str, at: _Instant | None = None
    ) -> list[str]:
        """``allowed_events`` less what ``apply_staffed`` would refuse for the staff's reasons."""
    def why_not_staffed(
        self,
        event: _EventName | Mapping[str, Any],
        actor: _ActorLike,
        staff: Staff | str | Mapping[str, Any],
        service: str,
        message: str | None = None,
        at: _Instant | None = None,
    ) -> SportelloError | None:
        """``why_not`` with the staff consulted, as ``apply_staffed``: the error, not raised."""
    def why_not(
        self,
        event: _EventName | Mapping[str, Any],
        actor: _ActorLike,
        message: str | None = None,
        at: _Instant | None = None,
        *,
        protocol_number: str | None = None,
        operator: str | None = None,
        name: str | None = None,
        messages: Sequence[str] | None = None,
        send_to_citizen: bool | None = None,
        document_id: str | None = None,
        folder_number: str | None = None,
        folder_code: str | None = None,
        registered_at: _Instant | None = None,
        office: str | None = None,
        priority: _Priority | None = None,
        amount: decimal.Decimal | str | int | None = None,
        stamps: Sequence[Mapping[str, Any]] | None = None,
    ) -> PracticeError | None:
        """``None`` if allowed, else the error (not raised) naming every failed guard in
        ``details["failed"]``. A bare event name without message or data is checked as
        ``allowed_events`` does (the event's own data is not checked); a dict, a message or data
        make it check exactly as ``apply``."""
    def timeline(self) -> list[TimelineEntry]: ...
    def events(self) -> list[dict[str, Any]]:
        """The event log in its JSON shape."""
    def events_for(self, viewer: _ActorLike) -> list[dict[str, Any]]:
        """The event log as ``viewer`` may read it: all of it for an operator; for anyone else
        without operators' private notes (``note``) and without a payment's motivation kept as an
        internal note."""
    def timeline_for(self, viewer: _ActorLike) -> list[TimelineEntry]:
        """The timeline as ``viewer`` may read it (no internal notes' messages unless an operator)."""
    def protocol(self) -> list[dict[str, Any]]:
        """Every protocol registration (number, documentId, folderNumber, folderCode,
        registeredAt, document, direction), oldest first, in its JSON shape."""
    def charges(self) -> list[dict[str, Any]]:
        """The practice's charges (request and release phase) with the form's amount given at
        ``submit`` and the operator's decisions at approval (``amount``, ``stamps``) applied, in
        the ``Charge`` JSON shape."""
    def deadline(self, on: datetime.date | None = None, calendar: Any = None) -> Deadline | None:
        """``calendar``: a ``sportello.workdays.HolidayCalendar`` (or its JSON shape), used when the
        service rolls deadlines to working days; default Italian national holidays."""
    def due_date(self, on: datetime.date | None = None, calendar: Any = None) -> datetime.date | None: ...
    def take_in_charge(self, on: datetime.date | None = None, calendar: Any = None) -> dict[str, Any] | None:
        """The take-in-charge term (``submittedOn``, ``dueDate``, ``takenOn``, ``closed``, ``late``,
        ``on``, ``remainingDays``), or ``None`` (no term, forward workflow, not sent)."""
    def rejection_notices(self) -> list[dict[str, Any]]:
        """Every rejection notice (L. 241/1990 art. 10-bis): ``noticedOn``, ``observationsBy``,
        ``observationsOn``, ``restartsOn``, oldest first."""

@final
class AuditReport:
    @staticmethod
    def from_json(json: str | Mapping[str, Any]) -> AuditReport: ...
    @staticmethod
    def from_dict(value: Mapping[str, Any]) -> AuditReport: ...
    def to_json(self) -> str: ...
    @property
    def ok(self) -> bool: ...
    @property
    def end(self) -> int | None: ...
    @property
    def findings(self) -> list[dict[str, Any]]:
        """``{"kind": "illegalStep", "index", "from", "to", "guards", "allowed"}``, ``outOfOrder``,
        ``impossibleEnd``, ``unknownStatus``, ``legacyStatus``, ``legacySelfLoop``, ``badStart``,
        ``empty``; ``index`` is always the row's position in its history."""
    @property
    def repair(self) -> dict[str, Any] | None:
        """The minimal repair ``{"cost", "moves": [{"op": "insert" | "drop", "index", "status"}]}``
        the findings are read from (None only over the repair limit)."""
    @property
    def rows(self) -> int: ...
    @property
    def fitness(self) -> float | None:
        """``1 - cost / (rows + 1)`` (6 decimals; None with the repair)."""
    def to_dict(self) -> dict[str, Any]: ...
    def __bool__(self) -> bool: ...

@final
class BatchAudit:
    @staticmethod
    def from_json(json: str | Mapping[str, Any]) -> BatchAudit: ...
    @staticmethod
    def from_dict(value: Mapping[str, Any]) -> BatchAudit: ...
    def to_json(self) -> str: ...
    @property
    def histories(self) -> int: ...
    @property
    def clean(self) -> int: ...
    @property
    def failing(self) -> list[dict[str, Any]]:
        """``[{"history", "end", "findings", "repair", "fitness"}]`` for the histories with findings
        (``history``: the position in the batch)."""
    @property
    def cost(self) -> int: ...
    @property
    def worst(self) -> int: ...
    @property
    def fitness(self) -> float:
        """Log fitness ``1 - cost / worst`` (6 decimals)."""
    def to_dict(self) -> dict[str, Any]: ...

@final
class Auditor:
    """A configuration compiled for auditing: build once, audit many histories."""

    def __new__(cls, config: _ConfigLike) -> Auditor: ...
    def audit(self, history: Iterable[_HistoryRow]) -> AuditReport: ...
    def audit_many(self, histories: Iterable[Iterable[_HistoryRow]]) -> BatchAudit: ...
    def audit_arrow(self, cases: Any, statuses: Any, at: Any) -> BatchAudit:
        """:meth:`audit_many` over Arrow columns (pyarrow, Polars, any ``__arrow_c_array__`` /
        ``__arrow_c_stream__`` producer), read in place: ``cases`` strings or integers (a case's
        rows consecutive), ``statuses`` integer codes, ``at`` timestamps, dates or integers."""
    def conforms(self, history: Iterable[_HistoryRow]) -> bool:
        """Whether the history conforms: ``audit(history).ok``, without findings or repair."""
    def conforms_many(self, histories: Iterable[Iterable[_HistoryRow]]) -> list[bool]:
        """:meth:`conforms` of each history."""
    def conforms_arrow(self, cases: Any, statuses: Any, at: Any) -> Any:
        """:meth:`conforms` over Arrow columns read as :meth:`audit_arrow` reads them: a boolean
        column (pyarrow in, pyarrow out; Polars in, Polars out) with one value per row, whether
        that row's history conforms."""
    def reachable_statuses(self) -> list[Status]: ...
    def repair(self, history: Iterable[_HistoryRow]) -> dict[str, Any]:
        """The minimal repair ``{"cost", "moves"}``; raises ``practice.repair_limit``."""
    def report(self, log: Mapping[str, Any], on: datetime.date | None = None) -> dict[str, Any]:
        """The aggregate report of an event log (the dict of :func:`read_csv` / :func:`read_xes`)."""
    def to_pnml(self) -> str: ...
    def to_bpmn(self) -> str: ...

def audit(config: _ConfigLike, history: Iterable[_HistoryRow]) -> AuditReport:
    """Audits one recorded history: rows ``(status code, at)`` (``at`` unix seconds, aware datetime
    or RFC 3339) or ``{"status", "at"}``."""

def audit_many(config: _ConfigLike, histories: Iterable[Iterable[_HistoryRow]]) -> BatchAudit:
    """Audits many histories against one configuration (the fast path: ints for ``at``)."""

def audit_arrow(config: _ConfigLike, cases: Any, statuses: Any, at: Any) -> BatchAudit:
    """:meth:`Auditor.audit_arrow` with a configuration."""

def transitions() -> list[dict[str, Any]]:
    """The transition table as data: ``{event, from, to, actors, guards, automatic}``."""

def statuses() -> list[Status]: ...
def status(code: int) -> Status:
    """The status with this code (as ``Status(code)``); raises ``practice.unknown_status``."""

def graph(config: ServiceConfig | Mapping[str, Any] | str) -> dict[str, Any]:
    """The reachable graph of a configuration (as :meth:`ServiceConfig.graph`)."""

def mermaid(config: ServiceConfig | Mapping[str, Any] | str) -> str:
    """A Mermaid ``stateDiagram-v2`` of a configuration's graph (as :meth:`ServiceConfig.mermaid`)."""
def pnml(config: ServiceConfig | Mapping[str, Any] | str) -> str:
    """The lifecycle of a configuration as PNML (deterministic)."""
def bpmn(config: ServiceConfig | Mapping[str, Any] | str) -> str:
    """The lifecycle of a configuration as BPMN 2.0 (deterministic)."""
def read_csv(text: str, *, case_column: str | None = None, activity_column: str | None = None, time_column: str | None = None,
             delimiter: str | None = None, labels: Mapping[str, int] | None = None, sort_by_time: bool | None = None) -> dict[str, Any]:
    """Reads a flat CSV event log into ``{"cases": [{"id", "steps"}]}``; raises
    ``practice.import`` with ``details["line"]``."""
def read_xes(text: str, *, case_column: str | None = None, activity_column: str | None = None, time_column: str | None = None,
             delimiter: str | None = None, labels: Mapping[str, int] | None = None, sort_by_time: bool | None = None) -> dict[str, Any]:
    """Reads an XES event log into ``{"cases": [{"id", "steps"}]}``; raises ``practice.import``."""
def report(config: ServiceConfig | Mapping[str, Any] | str, log: Mapping[str, Any], on: datetime.date | None = None) -> dict[str, Any]:
    """The aggregate report of an event log: findings, steps, variants, times, missed deadlines."""
def report_summary(report: Mapping[str, Any]) -> str:
    """The readable summary of a report."""
def export_csv(items: Iterable[Mapping[str, Any]], *, columns: Iterable[Mapping[str, str]] | None = None, lang: str | None = None) -> str:
    """The back office's CSV export of practices (``{practice, service, applicantName, login,
    operatorName, data}`` dicts): the reference platform's 11 columns, then ``columns``
    (``{"label", "path"}``)."""
def usage(items: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """Practices sent per year, month, service and status, and the time to the outcome."""
def calculate(items: Iterable[Mapping[str, Any]], fields: Mapping[str, Any]) -> dict[str, Any]:
    """Sum, average and count of form fields (``fields``: ``{"sum", "avg", "count"}`` path lists)."""
def request_kinds() -> dict[str, str]:
    """Request kinds and their Italian labels (``{"transfer": "Voltura", ...}``)."""

_Lang = Literal["it", "en", "de"]

def citizen_group(code: int, lang: _Lang | None = None) -> dict[str, Any] | None:
    """The citizen's group of a status: ``{"name", "label", "statuses"}`` ("Da pagare", ...), or
    ``None`` for 50000 "Annullata"."""
def citizen_groups(lang: _Lang | None = None) -> list[dict[str, Any]]:
    """The seven citizen groups ("In bozza", "Inviate", "Da integrare", "Da pagare", "Accettate",
    "Rifiutate", "Ritirate") in the seed's order."""
def change_ranges(date: datetime.date, today: datetime.date, lang: _Lang | None = None) -> list[dict[str, Any]]:
    """The "ultimo cambio stato" ranges holding ``date`` as of ``today``: ``{"name", "label",
    "from", "to"}`` (dates as ``YYYY-MM-DD``)."""
def status_label(code: int, lang: _Lang) -> str:
    """The label of a status in Italian, English or German."""
def priority_label(priority: _Priority, lang: _Lang) -> str:
    """The label of a priority: Bassa, Media, Alta in Italian; English and German too."""
def check_file(
    name: str,
    size: int,
    head: bytes | bytearray,
    purpose: Literal["message", "approvalDocument"],
    config: ServiceConfig | Mapping[str, Any] | str | None = None,
) -> dict[str, Any]:
    """Checks a file attached to a practice under ``config.files`` (default: the core's): its name,
    declared size and leading bytes (the first 16 KiB are read). Returns ``{"name", "extension",
    "size", "signature"}``; raises ``practice.file_name``, ``practice.file_type``,
    ``practice.file_size`` or ``practice.file_signature``."""
