from typing import Any

from . import access as access
from . import cf as cf
from . import forms as forms
from . import payments as payments
from . import piva as piva
from . import practice as practice
from . import slots as slots
from . import workdays as workdays

__version__: str

class SportelloError(ValueError):
    """Base class of every sportello error."""

    code: str
    """The stable machine code, e.g. ``"cf.check_char"``."""
    details: dict[str, Any]
    """The error's fields in its documented JSON shape (always has ``code`` and ``message``)."""

class CfError(SportelloError): ...
class PivaError(SportelloError): ...
class AccessError(SportelloError): ...
class PracticeError(SportelloError): ...
class FormsError(SportelloError): ...
class PaymentsError(SportelloError): ...
class SlotsError(SportelloError): ...
class WorkdaysError(SportelloError): ...
