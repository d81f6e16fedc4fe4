"""sportello.access: credential levels and the access policy, identities from SPID / CIE / CNS,
delegations, back-office operators and account activation. See docs/access.md for the JSON shapes.

Dicts passed in and returned follow the documented JSON shapes (camelCase keys). Levels are
``"low" | "substantial" | "high"`` (``"weak" | "medium" | "strong"`` accepted on input). Errors raise
:class:`sportello.AccessError` (``.code`` like ``"access.certificate_expired"``, ``.details``).
"""

from __future__ import annotations

import datetime
from typing import ClassVar, Any, Literal, Mapping, Optional, Sequence, Union, final

_Level = Literal["low", "substantial", "high"]
_Reason = Literal[
    "granted", "public", "notAuthenticated", "unknownService", "unknownCredential", "unknownLevel",
    "expired", "notYetValid", "insufficientLevel", "missingCapability", "notDelegable",
    "delegationInvalid", "intermediaryNotEnabled", "notForHousehold", "notInHousehold",
]
_ActingMode = Literal["self", "delegate", "intermediary", "household"]
_Bytesish = Union[bytes, bytearray, str]
_JsonDict = Mapping[str, Any]
_Purpose = Literal["P", "LP", "PG", "PF", "PX"]

@final
class Decision:
    """The outcome of :meth:`Policy.decide`; truthy when allowed."""

    @staticmethod
    def from_json(json: str | _JsonDict) -> "Decision": ...
    @staticmethod
    def from_dict(value: _JsonDict) -> "Decision": ...

    @property
    def allowed(self) -> bool: ...
    @property
    def reason(self) -> _Reason: ...
    @property
    def required(self) -> Optional[_Level]:
        """The lowest level that satisfies the service (``None`` for public or unknown services)."""
    @property
    def requirement(self) -> list[dict[str, Any]]:
        """The alternatives: ``[{"level": "high", "capabilities": ["sign"]}]``."""
    @property
    def sufficient(self) -> list[dict[str, Any]]:
        """Credentials that would be enough, each at its lowest level: ``[{"kind": "spid", "level": "SpidL2"}]``."""
    @property
    def message(self) -> dict[str, str]:
        """``{"it": ..., "en": ...}``."""
    @property
    def acting_as(self) -> _ActingMode: ...
    @property
    def on_behalf_of(self) -> Optional[str]: ...
    @property
    def error(self) -> Optional[str]:
        """The ``access.delegation_*`` code behind a ``delegationInvalid`` denial."""
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __bool__(self) -> bool: ...

@final
class Policy:
    """A compiled access policy. Fail-closed: unknown services, credentials, levels and expired
    credentials are denied with a reason."""

    @staticmethod
    def from_json(json: str | _JsonDict) -> "Policy": ...
    @staticmethod
    def from_dict(value: _JsonDict) -> "Policy": ...
    def to_json(self) -> str: ...
    def to_dict(self) -> dict[str, Any]: ...
    def service_ids(self) -> list[str]: ...
    def level_of(self, credential: _JsonDict) -> Optional[_Level]: ...
    def decide(self, service: str, credential: Optional[_JsonDict], now: datetime.datetime) -> Decision:
        """``credential``: ``{"kind": "spid", "level": "SpidL2"}`` (or ``None`` when not logged in);
        ``now``: an aware datetime."""
    def decide_for(
        self, service: str, credential: Optional[_JsonDict], now: datetime.datetime, acting: _JsonDict
    ) -> Decision:
        """``acting``: ``{"as": "delegate", "actor": CF, "principal": CF, "delegation": {...}}``,
        ``{"as": "intermediary", "actor", "role", "principal"}``, ``{"as": "household", "actor",
        "principal", "members"}`` or ``{"as": "self"}``."""

@final
class Identity:
    """A verified identity."""

    @staticmethod
    def from_spid(
        attributes: Mapping[str, str],
        today: Optional[datetime.date] = None,
        *,
        require_fiscal_number_prefix: Optional[bool] = None,
        check_fiscal_code: Optional[bool] = None,
        purpose: Optional[_Purpose] = None,
    ) -> "Identity":
        """From a SPID attribute set, checked on ``today`` (default ``datetime.date.today()``). The
        keywords are the fields of ``AttributeOptions`` (``None``: the core's default, ``False`` and
        ``True``). The AuthnContextClassRef may be given as attribute ``authnContextClassRef``."""
    @staticmethod
    def from_cie_id(
        attributes: Mapping[str, str],
        today: Optional[datetime.date] = None,
        *,
        require_fiscal_number_prefix: Optional[bool] = None,
        check_fiscal_code: Optional[bool] = None,
        purpose: Optional[_Purpose] = None,
    ) -> "Identity":
        """From a CIE id attribute set, checked on ``today`` (default ``datetime.date.today()``)."""
    @staticmethod
    def from_eidas(
        attributes: Mapping[str, str],
        today: Optional[datetime.date] = None,
        *,
        require_fiscal_number_prefix: Optional[bool] = None,
        check_fiscal_code: Optional[bool] = None,
        purpose: Optional[_Purpose] = None,
    ) -> "Identity":
        """From an eIDAS attribute set (``PersonIdentifier``, ``CurrentGivenName``,
        ``CurrentFamilyName``, ``DateOfBirth``; short names or full URIs), checked on ``today``."""
    @staticmethod
    def from_certificate(
        pem_or_der: _Bytesish,
        now: datetime.datetime,
        trust_anchors: Optional[Sequence[_Bytesish]] = None,
        intermediates: Optional[Sequence[_Bytesish]] = None,
        *,
        cns_policies: Optional[Sequence[str]] = None,
        regional_policies: Optional[Sequence[str]] = None,
        cie_policies: Optional[Sequence[str]] = None,
        ts_cns_issuers: Optional[Sequence[str]] = None,
        require_critical_key_usage: Optional[bool] = None,
        reject_non_repudiation: Optional[bool] = None,
        require_client_auth: Optional[bool] = None,
    ) -> "Identity":
        """From a CNS / TS-CNS / CIE authentication certificate; with ``trust_anchors`` the chain is
        verified. The keywords are the fields of ``CertificateOptions`` (``None``: the core's default)."""
    @staticmethod
    def from_json(json: str | _JsonDict) -> "Identity": ...
    @staticmethod
    def from_dict(value: _JsonDict) -> "Identity": ...
    def to_json(self) -> str: ...
    def to_dict(self) -> dict[str, Any]: ...
    def credential(self) -> dict[str, Any]:
        """The credential to pass to :meth:`Policy.decide`."""
    @property
    def source(self) -> Literal["spid", "cieId", "cns", "tsCns", "cieCard", "eidas"]: ...
    @property
    def fiscal_code(self) -> str: ...
    @property
    def given_name(self) -> Optional[str]: ...
    @property
    def family_name(self) -> Optional[str]: ...
    @property
    def date_of_birth(self) -> Optional[datetime.date]: ...
    @property
    def level(self) -> Optional[str]: ...
    @property
    def warnings(self) -> list[str]: ...
    @property
    def person_identifier(self) -> Optional[str]: ...
    @property
    def purpose(self) -> Optional[_Purpose]: ...

def merge_profile(stored: Optional[_JsonDict], identity: Union[Identity, _JsonDict], now: datetime.datetime) -> dict[str, Any]:
    """The profile after a login with ``identity`` (``stored``: ``None`` at the first login):
    ``{"profile", "changed", "locked", "editable"}``; ``access.profile_mismatch`` for another person's profile."""

def edit_profile(profile: _JsonDict, field: str, value: str) -> dict[str, Any]:
    """The profile after the citizen edits ``field``; ``access.profile_locked`` for an inherited field."""

def check_delegation(
    delegation: _JsonDict,
    delegate: str,
    delegator: str,
    service: str,
    date: Optional[datetime.date] = None,
    rules: Optional[_JsonDict] = None,
) -> None:
    """Raises ``AccessError`` (``access.delegation_expired``, ``_not_yet_valid``, ``_scope``,
    ``_parties``, ``_document``) unless the delegation holds on ``date`` (default
    ``datetime.date.today()``)."""

def is_delegation_valid(delegation: _JsonDict, delegate: str, delegator: str, service: str, date: Optional[datetime.date] = None) -> bool:
    """Whether the delegation holds on ``date`` (default ``datetime.date.today()``), with the default rules."""
def verify_chain(
    leaf: _Bytesish, anchors: Sequence[_Bytesish], now: datetime.datetime, intermediates: Optional[Sequence[_Bytesish]] = None
) -> None:
    """Raises ``access.certificate_untrusted`` unless ``leaf`` chains to one of ``anchors``."""

def default_credentials() -> list[dict[str, Any]]: ...
def generate_secret(spec: _JsonDict, random: Optional[bytes] = None) -> str:
    """``spec``: ``{"alphabet": str, "length": int}``; OS randomness unless ``random`` is given."""

@final
class ActivationPolicy:
    def __new__(cls) -> "ActivationPolicy": ...
    @staticmethod
    def from_json(json: str | _JsonDict) -> "ActivationPolicy": ...
    @staticmethod
    def from_dict(value: _JsonDict) -> "ActivationPolicy": ...
    def to_json(self) -> str: ...
    def to_dict(self) -> dict[str, Any]: ...
    def key_available_from(self, registered_on: datetime.date) -> datetime.date: ...
    def key_promised_by(self, registered_on: datetime.date) -> datetime.date: ...

@final
class Account:
    """A portal account in the activation flows (mutable; persist it with ``to_json``)."""
    # (unhashable: the class compares by value)
    __hash__: ClassVar[None] = None  # type: ignore[assignment]

    @staticmethod
    def register(fiscal_code: str, now: datetime.datetime, policy: ActivationPolicy) -> "Account":
        """Online registration in the policy's ``registration`` mode."""
    @staticmethod
    def self_register(fiscal_code: str, registered_on: datetime.date, policy: ActivationPolicy) -> "Account": ...
    def issue_password(self, policy: ActivationPolicy, random: Optional[bytes] = None) -> str:
        """The generated password of a ``generatedPassword`` account (OS randomness unless ``random`` is given)."""
    @staticmethod
    def from_json(json: str | _JsonDict) -> "Account": ...
    @staticmethod
    def from_dict(value: _JsonDict) -> "Account": ...
    def to_json(self) -> str: ...
    def to_dict(self) -> dict[str, Any]: ...
    def issue_activation_key(self, today: datetime.date, policy: ActivationPolicy, random: Optional[bytes] = None) -> str: ...
    def activate(self, key: str, now: datetime.datetime, policy: ActivationPolicy) -> None: ...
    def first_login(
        self, username: str, pin: str, now: datetime.datetime, policy: ActivationPolicy
    ) -> Literal["none", "changePassword"]: ...
    def password_changed(self) -> None: ...
    def unlock(self) -> None: ...
    @property
    def fiscal_code(self) -> str: ...
    @property
    def state(self) -> Literal["pendingActivation", "active", "locked"]: ...
    @property
    def level(self) -> Optional[_Level]: ...
    @property
    def key_available_from(self) -> Optional[datetime.date]: ...
    @property
    def key_promised_by(self) -> Optional[datetime.date]: ...
    @property
    def failed_attempts(self) -> int: ...
    @property
    def must_change_password(self) -> bool: ...

@final
class Envelope:
    # (unhashable: the class compares by value)
    __hash__: ClassVar[None] = None  # type: ignore[assignment]
    @staticmethod
    def generate(code: str, username: str, policy: ActivationPolicy, random: Optional[bytes] = None) -> "Envelope": ...
    @staticmethod
    def from_json(json: str | _JsonDict) -> "Envelope": ...
    def to_json(self) -> str: ...
    @property
    def pin(self) -> Optional[str]:
        """The PIN to print, only on a freshly generated envelope (never serialised)."""
    @property
    def code(self) -> str: ...
    @property
    def username(self) -> str: ...
    @property
    def bound_to(self) -> Optional[str]: ...
    def bind(self, fiscal_code: str, today: datetime.date, policy: ActivationPolicy) -> Account: ...

@final
class Staff:
    """Back-office roles (permissions ``area:action``) and operators."""
    # (unhashable: the class compares by value)
    __hash__: ClassVar[None] = None  # type: ignore[assignment]

    @staticmethod
    def citel() -> "Staff": ...
    @staticmethod
    def from_json(json: str | _JsonDict) -> "Staff": ...
    @staticmethod
    def from_dict(value: _JsonDict) -> "Staff": ...
    def to_json(self) -> str: ...
    def to_dict(self) -> dict[str, Any]: ...
    def permits(self, operator: str, permission: str) -> bool: ...
    def authorize(self, operator: str, permission: str) -> None: ...
    def enabled_for_service(self, operator: str, service: str) -> bool: ...
    def enabled_for_calendar(self, operator: str, calendar: str) -> bool: ...
    def can_handle(self, operator: str, service: str, permission: str) -> bool: ...
    def create_operator(self, actor: str, operator: _JsonDict) -> None: ...
    def grant_role(self, actor: str, target: str, role: str) -> None: ...
    def revoke_role(self, actor: str, target: str, role: str) -> None: ...
    def enable_service(self, actor: str, target: str, service: str) -> None: ...
    def enable_calendar(self, actor: str, target: str, calendar: str) -> None: ...
    def delete_operator(self, actor: str, target: str, practices_in_charge: int) -> None:
        """Raises ``access.operator_has_practices`` when ``practices_in_charge > 0``."""
    def in_office(self, operator: str, office: str) -> bool: ...
    def office_for(self, operator: str, service: str) -> str | None:
        """The operator's office for a take-in-charge naming none: its offices sorted by name, the
        first that handles the service, else the first."""
    def check_service(self, operator: str, service: str) -> None:
        """Raises ``access.unknown_operator``, ``access.operator_disabled`` or ``access.not_enabled``."""
    def check_calendar(self, operator: str, calendar: str) -> None: ...
    def set_active(self, actor: str, target: str, active: bool) -> None:
        """Deactivates (or activates) an operator without deleting it."""
    def disable_service(self, actor: str, target: str, service: str) -> None: ...
    def disable_calendar(self, actor: str, target: str, calendar: str) -> None: ...
    def add_to_office(self, actor: str, target: str, office: str) -> None: ...
    def remove_from_office(self, actor: str, target: str, office: str) -> None: ...
