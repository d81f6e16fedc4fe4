"""sportello: the rules of an Italian municipality's online services.

Capabilities are submodules: ``sportello.cf``, ``sportello.piva``, ``sportello.access``,
``sportello.practice``, ``sportello.forms``, ``sportello.payments``, ``sportello.slots``,
``sportello.workdays``, ``sportello.service``, ``sportello.notify``. Every error is a :class:`SportelloError` (a ``ValueError``) with ``.code``,
the stable machine code, and ``.details``, a dict; an argument of the wrong type or out of range
raises :class:`ArgumentError` (code ``argument``, also a ``TypeError``) naming the parameter.
"""

from ._native import (  # noqa: F401
    AccessError,
    ArrowArray,
    CfError,
    FormsError,
    NotifyError,
    PaymentsError,
    PivaError,
    PracticeError,
    ServiceError,
    SlotsError,
    SportelloError,
    WorkdaysError,
    __version__,
)
from ._native import access, cf, forms, notify, payments, piva, practice, service, slots, workdays  # noqa: F401


class ArgumentError(SportelloError, TypeError):
    """An argument of the wrong type or out of range (``.code == "argument"``); the message names
    the parameter."""


def _add_note(self: SportelloError, note: str, /) -> None:
    # pyo3 notes "while processing '<parameter>'" on an argument it could not convert: the
    # parameter goes into the message instead.
    if note.startswith("while processing '") and note.endswith("'"):
        self.details["message"] = f"{note[18:-1]}: {self.details['message']}"
        self.args = (f"{self.code}: {self.details['message']}",)
    else:
        super(SportelloError, self).add_note(note)  # type: ignore[misc]  # Python >= 3.11


SportelloError.add_note = _add_note  # type: ignore[method-assign]

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
