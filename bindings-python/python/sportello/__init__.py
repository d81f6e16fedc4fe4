"""sportello: the rules of an Italian municipality's online services.

Capabilities are submodules: ``sportello.cf``, ``sportello.piva``, ``sportello.access``,
``sportello.practice``, ``sportello.forms``, ``sportello.payments``, ``sportello.slots``,
``sportello.workdays``. Every error is a :class:`SportelloError` (a ``ValueError``) with ``.code``,
the stable machine code, and ``.details``, a dict.
"""

from ._native import (  # noqa: F401
    AccessError,
    CfError,
    FormsError,
    PaymentsError,
    PivaError,
    PracticeError,
    SlotsError,
    SportelloError,
    WorkdaysError,
    __version__,
)
from ._native import access, cf, forms, payments, piva, practice, slots, workdays  # noqa: F401

__all__ = [
    "SportelloError",
    "CfError",
    "PivaError",
    "AccessError",
    "PracticeError",
    "FormsError",
    "PaymentsError",
    "SlotsError",
    "WorkdaysError",
    "access",
    "cf",
    "forms",
    "payments",
    "piva",
    "practice",
    "slots",
    "workdays",
    "__version__",
]
