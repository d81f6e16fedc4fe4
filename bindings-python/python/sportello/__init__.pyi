from __future__ import annotations

from typing import Any, final

from . import access as access
from . import cf as cf
from . import forms as forms
from . import notify as notify
from . import payments as payments
from . import piva as piva
from . import practice as practice
from . import service as service
from . import slots as slots
from . import workdays as workdays

__version__: str
__all__ = [
    "SportelloError",
    "ArgumentError",
    "CfError",
    "PivaError",
    "AccessError",
    "PracticeError",
    "FormsError",
    "PaymentsError",
    "SlotsError",
    "WorkdaysError",
    "ServiceError",
    "NotifyError",
    "ArrowArray",
    "access",
    "cf",
    "forms",
    "notify",
    "payments",
    "piva",
    "practice",
    "service",
    "slots",
    "workdays",
    "__version__",
]

class SportelloError(ValueError):
    """Base class of every sportello error."""

    code: str
    """The stable machine code, e.g. ``"cf.check_char"``."""
    details: dict[str, Any]
    """The error's fields in its documented JSON shape (always has ``code`` and ``message``)."""

class ArgumentError(SportelloError, TypeError):
    """An argument of the wrong type or out of range, or a result a Python ``date``/``datetime``
    cannot hold (after year 9999): ``code`` is ``"argument"``, the message names the parameter."""

class CfError(SportelloError): ...
class PivaError(SportelloError): ...
class AccessError(SportelloError): ...
class PracticeError(SportelloError): ...
class FormsError(SportelloError): ...
class PaymentsError(SportelloError): ...
class SlotsError(SportelloError): ...
class WorkdaysError(SportelloError): ...
class ServiceError(SportelloError): ...
class NotifyError(SportelloError): ...

@final
class ArrowArray:
    """An Arrow array made by a ``*_arrow`` function given a column that is neither pyarrow nor
    Polars: import it with ``pyarrow.array(a)``, ``polars.Series(a)`` or any reader of the Arrow
    PyCapsule interface (no copy)."""

    def __arrow_c_array__(self, requested_schema: object | None = None) -> tuple[object, object]: ...
    def __len__(self) -> int: ...
