"""Form.io forms: visibility conditions (JSON Logic), validation, office assignment; and the JSON
Logic engine on its own.

Errors raise ``sportello.FormsError`` (a ``SportelloError``/``ValueError``) with ``.code``
(``forms.unsupported_condition``, ``forms.unknown_reference``, ...) and ``.details`` (the
component ``path`` and the ``reason``)."""

from __future__ import annotations

import datetime
from typing import Any, Literal, Mapping, final

@final
class FieldError:
    """A validation error of one field."""

    @staticmethod
    def from_json(json: str | Mapping[str, Any]) -> FieldError: ...
    @staticmethod
    def from_dict(value: Mapping[str, Any]) -> FieldError: ...
    def to_json(self) -> str: ...

    @property
    def path(self) -> str:
        """Data path with row indices, e.g. ``beneficiario.codiceFiscale`` or ``figli[0].nome``."""
    @property
    def code(self) -> str:
        """Rule code: ``required``, ``pattern``, ``minLength``, ``fileType``, ``codiceFiscale``, ..."""
    @property
    def message(self) -> str: ...
    def to_dict(self) -> dict[str, Any]: ...

@final
class Evaluation:
    """The result of :meth:`Form.evaluate`."""

    @staticmethod
    def from_json(json: str | Mapping[str, Any]) -> Evaluation: ...
    @staticmethod
    def from_dict(value: Mapping[str, Any]) -> Evaluation: ...

    @property
    def valid(self) -> bool: ...
    @property
    def visible(self) -> list[str]:
        """Paths of the visible components in form order (layout components by key)."""
    @property
    def hidden(self) -> list[str]: ...
    @property
    def errors(self) -> list[FieldError]: ...
    @property
    def data(self) -> dict[str, Any]:
        """The cleaned submission (hidden values with clearOnHide removed, calculations applied)."""
    @property
    def computed(self) -> dict[str, Any]: ...
    @property
    def assigned_office(self) -> str | None: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...

@final
class Form:
    """A Form.io form compiled once; evaluate it as often as needed."""

    @staticmethod
    def from_formio(
        form: dict[str, Any] | list[Any] | str,
        *,
        type_aliases: dict[str, str] | str | None = None,
        offices: dict[str, Any] | str | None = None,
        forms: dict[str, Any] | str | None = None,
        overrides: dict[str, dict[str, Any]] | str | None = None,
        i18n: dict[str, dict[str, str]] | str | None = None,
    ) -> Form:
        """Loads a Form.io form (dict or JSON text); the keywords are the fields of ``FormOptions``
        (``type_aliases`` maps custom types, ``offices`` is the office table, ``forms`` holds the
        forms nested ones reference by id, ``overrides`` replaces components' properties by
        path: the caller's JSON Logic for JavaScript the library cannot translate, ``i18n`` the form's
        own validation texts by language and Form.io key). Raises ``FormsError``
        naming the component path and reason for anything the library cannot enforce (JavaScript
        it cannot translate, unknown operators or references, unsupported types, ...)."""
    def evaluate(
        self,
        data: dict[str, Any] | str,
        *,
        today: datetime.date | None = None,
        vars: dict[str, Any] | None = None,
        lang: Literal["it", "en", "de"] | None = None,
    ) -> Evaluation:
        """Evaluates a submission's data; the keywords are the fields of ``EvalContext``: ``today``
        (for date rules; the library has no clock), ``vars`` (``context.<name>`` in rules) and
        ``lang``, the language of the messages (Italian by default)."""
    def evaluate_json(
        self, data: str, *, today: datetime.date | None = None, vars: dict[str, Any] | None = None, lang: Literal["it", "en", "de"] | None = None
    ) -> str:
        """:meth:`evaluate` with JSON text in and out: the ``Evaluation`` as its JSON text."""
    def info(self) -> dict[str, Any]: ...
    @property
    def title(self) -> str: ...
    @property
    def condition_count(self) -> int: ...
    @property
    def component_count(self) -> int: ...

@final
class FormSession:
    """A form being filled in: the submission is held here between evaluations, so that a page
    evaluating on every change sends only the values that changed. The held submission is what was
    entered (a value hidden by a condition stays held and counts again once shown)."""

    def __new__(cls, form: Form, data: dict[str, Any] | str | None = None) -> FormSession:
        """A session of ``form`` starting from ``data`` (dict or JSON text; ``None``: empty)."""
    def update(
        self,
        changes: dict[str, Any] | str,
        *,
        today: datetime.date | None = None,
        vars: dict[str, Any] | None = None,
        lang: Literal["it", "en", "de"] | None = None,
    ) -> Evaluation:
        """Merges ``changes`` (each top-level key replaces the held value) into the held submission
        and evaluates the form on it: ``form.evaluate`` of the merged submission. Raises
        ``FormsError`` (``forms.invalid`` when ``changes`` is not an object, or the evaluation's
        own error); a failed update leaves the session as it was."""
    def remove(
        self,
        keys: list[str],
        *,
        today: datetime.date | None = None,
        vars: dict[str, Any] | None = None,
        lang: Literal["it", "en", "de"] | None = None,
    ) -> Evaluation:
        """Removes the top-level ``keys`` from the held submission (a key it does not hold changes
        nothing) and evaluates the form on what is left: what a page calls when the user empties a
        field whose key it deletes. A failed evaluation leaves the session as it was."""
    @property
    def data(self) -> dict[str, Any]:
        """The submission as entered so far (values hidden by a condition included)."""

@final
class Logic:
    """A JSON Logic rule compiled once."""

    def __new__(cls, rule: Any) -> Logic: ...
    def apply(self, data: Any = None) -> Any: ...
    @property
    def rule(self) -> Any: ...
    @property
    def data_paths(self) -> list[str] | None:
        """The data paths the rule may read (dotted, as its ``var``s write them), or ``None`` when
        that is not static (a computed or whole-data ``var``, ``missing``, ``missing_some``)."""

def apply_logic(rule: Any, data: Any = None) -> Any:
    """Applies a JSON Logic rule (json-logic-js 2.x semantics, plus the Form.io operators and the
    Italian validators ``codice_fiscale``, ``partita_iva``, ``cap``, ``provincia``, ``iban``,
    ``phone_it``, ``email``). Raises ``FormsError`` (``forms.unknown_operator``)."""

def truthy(value: Any) -> bool:
    """JSON Logic truthiness (``[]`` is falsy, ``"0"`` truthy)."""

def translate_js(src: str, target: str | None = None) -> Any:
    """The JSON Logic a supported JavaScript snippet assigning ``target`` (``None``: the core's
    default, ``"show"``) translates to; raises ``FormsError``."""
