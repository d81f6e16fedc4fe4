"""Stamp duty, pagoPA notices and amounts, budget split, payment states.

Amounts are :class:`decimal.Decimal` with two decimals; arguments also accept a ``str`` such as
``"16,00"`` (parsed by the core) or an ``int`` of whole euro, never a ``float``. Instants are aware
:class:`datetime.datetime`. Records without amounts are plain dicts in the core's JSON shape
(camelCase keys). Every error is a :class:`sportello.PaymentsError` whose ``.code`` is one of
:data:`ERROR_CODES`.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import ClassVar, Any, Callable, Container, Iterable, Literal, Mapping, Sequence, Union, final

_AmountLike = Union[Decimal, str, int]
_Json = dict[str, Any]

ERROR_CODES: list[str]
MAX_TRANSFERS: int
MAX_CART_NOTICES: int

# --- amounts
def parse_amount(s: str) -> Decimal:
    """``"16"``, ``"16.00"``, ``"16,00"`` -> ``Decimal("16.00")``. Raises ``payments.amount_format``,
    ``payments.amount_precision`` (more than 2 decimals), ``payments.amount_negative``,
    ``payments.amount_too_large`` (above 999999999.99)."""

def amount_from_cents(cents: int) -> Decimal: ...

# --- notice numbers
@final
class Notice:
    """A pagoPA notice number (numero avviso, 18 digits) and its parts."""

    @staticmethod
    def parse(s: str, lenient: bool | None = None) -> Notice:
        """Parses (spaces ignored). ``lenient=True`` checks the structure only (for public
        fixtures with wrong check digits). Raises ``payments.notice_format``,
        ``payments.aux_digit``, ``payments.check_digits``."""
    @staticmethod
    def build(
        spec: Mapping[str, Any] | None = None,
        *,
        aux_digit: int | None = None,
        application_code: str | None = None,
        segregation_code: str | None = None,
        iuv_base: str | None = None,
    ) -> Notice:
        """Builds a notice computing the check digits, from ``spec`` (a dict in the ``NoticeSpec``
        shape) or its fields as keywords (not both): aux 3 needs ``segregation_code`` and a
        13-digit base, aux 0 ``application_code`` and 13 digits, aux 2 15 digits, aux 1 17."""
    @staticmethod
    def from_json(json: str | Mapping[str, Any]) -> Notice: ...
    @staticmethod
    def from_dict(value: Mapping[str, Any]) -> Notice: ...
    @property
    def number(self) -> str: ...
    @property
    def aux_digit(self) -> int: ...
    @property
    def application_code(self) -> str | None: ...
    @property
    def segregation_code(self) -> str | None: ...
    @property
    def iuv_base(self) -> str: ...
    @property
    def check_digits(self) -> str | None: ...
    @property
    def iuv(self) -> str:
        """The IUV of receipts: the notice without aux digit and application code."""
    @property
    def check_digits_valid(self) -> bool: ...
    def printed(self) -> str:
        """The printed "Codice Avviso": ``"3010 0000 0000 0001 44"``."""
    def to_json(self) -> str: ...
    def to_dict(self) -> _Json: ...

def notice_is_valid(s: str) -> bool: ...
def notice_is_valid_many(items: Iterable[str | None]) -> list[bool | None]: ...
def notice_validate(s: str, lenient: bool | None = None) -> None: ...
def notice_validate_many(items: Iterable[str | None], lenient: bool | None = None) -> list[str | None]:
    """The error code of each item (``payments.*``), ``None`` where valid or ``None``."""

def notice_is_valid_arrow(items: Any) -> Any:
    """:func:`notice_is_valid` over an Arrow string column (see ``sportello.cf.is_valid_arrow``): a boolean column, nulls kept."""

def notice_validate_arrow(items: Any, lenient: bool | None = None) -> Any:
    """The error code of each row of an Arrow string column (``payments.notice_format``,
    ``payments.aux_digit``, ``payments.check_digits``), null where valid or null."""

def notice_check_digits(first16: str) -> str: ...

# --- RF creditor references (ISO 11649)
def rf_build(reference: str) -> str:
    """``rf_build("539007547034") == "RF18539007547034"``; raises ``payments.rf_format``."""

def rf_is_valid(s: str) -> bool: ...
def rf_validate(s: str) -> str:
    """The RF without spaces; raises ``payments.rf_format``, ``payments.rf_check_digits``."""

def rf_printed(s: str) -> str: ...

# --- QR code, creditor fiscal code
@final
class QrPayload:
    @staticmethod
    def from_json(json: str | Mapping[str, Any]) -> QrPayload: ...
    @staticmethod
    def from_dict(value: Mapping[str, Any]) -> QrPayload: ...
    @property
    def notice(self) -> str: ...
    @property
    def creditor_fiscal_code(self) -> str: ...
    @property
    def amount(self) -> Decimal: ...
    def to_dict(self) -> _Json: ...
    def to_json(self) -> str: ...

def qr_payload(notice: str, creditor_fiscal_code: str, amount: _AmountLike) -> str:
    """``"PAGOPA|002|<notice>|<fiscal code>|<cents>"``."""

def parse_qr_payload(s: str, lenient: bool | None = None) -> QrPayload: ...
def creditor_fiscal_code_is_valid(s: str) -> bool: ...
def creditor_fiscal_code_validate(s: str, lenient: bool | None = None) -> str: ...

# --- remittance, collection data, taxonomy
@final
class Remittance:
    @staticmethod
    def from_json(json: str | Mapping[str, Any]) -> Remittance: ...
    @staticmethod
    def from_dict(value: Mapping[str, Any]) -> Remittance: ...
    @property
    def kind(self) -> Literal["rfs", "rfb"]: ...
    @property
    def iuv(self) -> str: ...
    @property
    def amount(self) -> Decimal | None: ...
    @property
    def text(self) -> str | None: ...
    def to_dict(self) -> _Json: ...
    def to_json(self) -> str: ...

def remittance_build(
    remittance: Mapping[str, Any] | None = None,
    *,
    kind: Literal["rfs", "rfb"] | None = None,
    iuv: str | None = None,
    amount: _AmountLike | None = None,
    text: str | None = None,
) -> str:
    """``/RFS/...`` or ``/RFB/...`` from a ``remittance`` (a dict in the ``Remittance`` shape) or its
    fields as keywords (not both)."""
def parse_remittance(s: str) -> Remittance: ...
def parse_collection_data(s: str) -> _Json:
    """``"9/3300.1"`` -> ``{"kind": "other", "code": "3300.1"}``."""

def parse_taxonomy(s: str) -> _Json:
    """``"9/0101002IM/"`` -> ``{"prefix": 9, "enteType": "01", "macroArea": "01", "serviceType": "002", "legalReason": "IM"}``."""

# --- stamp duty
@final
class StampDue:
    @staticmethod
    def from_json(json: str | Mapping[str, Any]) -> StampDue: ...
    @staticmethod
    def from_dict(value: Mapping[str, Any]) -> StampDue: ...
    def to_json(self) -> str: ...
    def to_dict(self) -> _Json: ...
    @property
    def status(self) -> Literal["due", "exempt", "notDue"]: ...
    @property
    def amount(self) -> Decimal: ...
    @property
    def rule(self) -> str | None: ...
    @property
    def exemption(self) -> str | None: ...
    @property
    def legal_ref(self) -> str: ...

@final
class StampCatalogue:
    """Stamp rules and exemptions as versioned data; ``StampCatalogue()`` is the national one."""

    def __new__(cls) -> StampCatalogue: ...
    @staticmethod
    def italy() -> StampCatalogue: ...
    @staticmethod
    def from_json(json: str | Mapping[str, Any]) -> StampCatalogue: ...
    @staticmethod
    def from_dict(value: Mapping[str, Any]) -> StampCatalogue: ...
    def to_json(self) -> str: ...
    def to_dict(self) -> _Json: ...
    @property
    def version(self) -> str: ...
    @property
    def rules(self) -> list[_Json]: ...
    @property
    def exemptions(self) -> list[_Json]: ...
    def stamp_duty(
        self,
        query: Mapping[str, Any] | None = None,
        *,
        act: Literal["istanza", "provvedimento", "ricevuta"] | None = None,
        on: datetime.date | None = None,
        channel: Literal["telematic", "paper"] | None = None,
        sheets: int | None = None,
        receipt_amount: _AmountLike | None = None,
        exemption: str | None = None,
    ) -> StampDue:
        """The stamp duty of ``query`` (a dict in the ``StampQuery`` shape) or of its fields as
        keywords (not both); ``channel`` ``None`` is the core's default, telematic. Raises
        ``payments.unknown_stamp_rule`` (unknown exemption or no rule on the date) and
        ``payments.invalid`` (a receipt without ``receipt_amount``)."""

def check_physical_stamp(
    stamp: Mapping[str, Any],
    submitted_at: datetime.datetime,
    now: datetime.datetime,
    seen_before: Callable[[str], bool] | Container[str],
) -> str:
    """``stamp``: ``{"identifier": str, "issuedAt": aware datetime or RFC 3339}``. Returns the
    stamp's single-use key (store it). Raises ``payments.stamp_id_format``,
    ``payments.stamp_issued_in_future``, ``payments.stamp_issued_after_submission``,
    ``payments.stamp_reused``."""

def physical_stamp_key(stamp: Mapping[str, Any] | None = None, *, identifier: str | None = None, issued_at: datetime.datetime | None = None) -> str:
    """The single-use key of a ``stamp`` (or of its fields as keywords, not both)."""
def document_hash(document: bytes | str) -> str:
    """Base64 of the SHA-256 of a document (a ``str`` is hashed as UTF-8), as in the JS packages."""
def marca_da_bollo_request(document: bytes | str, province: str) -> _Json:
    """The @e.bollo request ``{"documentHash", "stampType": "01", "province"}`` of a document."""

def marca_da_bollo_request_from_hash(document_hash: str, province: str) -> _Json:
    """The @e.bollo request for a hash already computed (:func:`document_hash`)."""

def error_codes() -> list[str]:
    """Every error code of the payments module (the same list as :data:`ERROR_CODES`)."""

# --- charges
@final
class PhasePlan:
    @staticmethod
    def from_json(json: str | Mapping[str, Any]) -> PhasePlan: ...
    @staticmethod
    def from_dict(value: Mapping[str, Any]) -> PhasePlan: ...
    def to_json(self) -> str: ...
    def to_dict(self) -> _Json: ...
    @property
    def charges(self) -> list[_Json]: ...
    @property
    def stamps_total(self) -> Decimal: ...
    @property
    def fees_total(self) -> Decimal: ...
    @property
    def total(self) -> Decimal: ...
    @property
    def exempt(self) -> bool: ...

@final
class PaymentPlan:
    @staticmethod
    def from_json(json: str | Mapping[str, Any]) -> PaymentPlan: ...
    @staticmethod
    def from_dict(value: Mapping[str, Any]) -> PaymentPlan: ...
    def to_json(self) -> str: ...
    def to_dict(self) -> _Json: ...
    @property
    def request(self) -> PhasePlan: ...
    @property
    def release(self) -> PhasePlan: ...

def payment_plan(charges: Sequence[Mapping[str, Any]] | str) -> PaymentPlan: ...
def approval_outcome(amount_due: _AmountLike) -> dict[str, Any]:
    """``{"kind": "exempt"}`` for 0, else ``{"kind": "paymentDue", "amount": Decimal}``."""

# --- budget split, transfers, cart
def check_split(total: _AmountLike, entries: Sequence[Mapping[str, Any]] | str) -> None:
    """Raises ``payments.split_sum`` (``details["expected"]``, ``details["actual"]``) or
    ``payments.split_entry``."""

def split_evenly(total: _AmountLike, parts: int) -> list[Decimal]: ...
def check_transfers(total: _AmountLike, transfers: Sequence[Mapping[str, Any]] | str) -> None: ...
def reconciled_total(transfers: Sequence[Mapping[str, Any]] | str) -> Decimal: ...
def iban_is_valid(s: str) -> bool: ...

@final
class CartSummary:
    @staticmethod
    def from_json(json: str | Mapping[str, Any]) -> CartSummary: ...
    @staticmethod
    def from_dict(value: Mapping[str, Any]) -> CartSummary: ...
    def to_json(self) -> str: ...
    def to_dict(self) -> _Json: ...
    @property
    def notices(self) -> int: ...
    @property
    def subtotal(self) -> Decimal: ...
    @property
    def fee(self) -> Decimal: ...
    @property
    def total(self) -> Decimal: ...

def check_cart(items: Sequence[Mapping[str, Any]] | str, fee: _AmountLike) -> CartSummary: ...

# --- payment states
_PaymentState = Literal["creating", "creationFailed", "created", "started", "outcomePending", "paid", "failed", "expired"]
_TransferRouting = Literal["creditor", "multiBeneficiary", "stampAgreement"]
_EventLike = Union[str, Mapping[str, Any]]

@final
class Payment:
    """One payment; events: "confirmCreation", "failCreation", "retryCreation", "start", "awaitOutcome", "succeed", "fail", "expire", "retry",
    ``{"type": "renew", "expiresAt": ...}``, ``{"type": "register", "operator": ..., "note": ..., "sendToCitizen": False}`` (the note,
    the motivation, is optional)."""
    # (unhashable: the class compares by value)
    __hash__: ClassVar[None] = None  # type: ignore[assignment]

    def __new__(cls, amount: _AmountLike, created_at: datetime.datetime, expires_at: datetime.datetime | None = None) -> Payment: ...
    @staticmethod
    def creating(amount: _AmountLike, created_at: datetime.datetime, expires_at: datetime.datetime | None = None) -> Payment:
        """A new payment in state ``creating`` ("In creazione")."""
    @staticmethod
    def from_json(json: str | Mapping[str, Any]) -> Payment: ...
    @staticmethod
    def from_dict(value: Mapping[str, Any]) -> Payment: ...
    def to_json(self) -> str: ...
    def to_dict(self) -> _Json: ...
    @property
    def state(self) -> _PaymentState: ...
    @property
    def amount(self) -> Decimal: ...
    @property
    def created_at(self) -> datetime.datetime: ...
    @property
    def expires_at(self) -> datetime.datetime | None: ...
    @property
    def paid_at(self) -> datetime.datetime | None: ...
    @property
    def registration(self) -> _Json | None: ...
    @property
    def history(self) -> list[_Json]: ...
    @property
    def label(self) -> str:
        """The Italian label the platform shows for the current state ("Da pagare")."""
    def apply(self, event: _EventLike, now: datetime.datetime) -> _PaymentState:
        """Raises ``payments.transition``, ``payments.expired``, ``payments.not_expired``,
        ``payments.registration``; on error nothing changes."""
    def allowed_events(self, now: datetime.datetime) -> list[str]: ...
    def is_expired_at(self, now: datetime.datetime) -> bool: ...

def next_state(state: _PaymentState, event: _EventLike) -> _PaymentState: ...
def state_label(state: str) -> str:
    """The Italian label of a payment state ("creationFailed" -> "Creazione di pagamento fallita")."""
def iud(practice_id: str) -> str:
    """The IUD of a practice's payment: the practice id without dashes (at most 35 characters)."""
def payment_reason(practice_id: str, fiscal_code: str, description: str | None = None) -> str:
    """The causale: ``description`` when given and not blank, else "<practice id> - <codice fiscale>"."""
def transfer_routing(creditor_fiscal_code: str, transfers: Sequence[Mapping[str, Any]] | str) -> list[_TransferRouting]: ...
