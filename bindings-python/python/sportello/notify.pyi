"""Which notifications an event makes due: to whom, through which channel, in which words."""

from __future__ import annotations

import datetime
from typing import Any, Mapping, final

@final
class NotifySettings:
    """A service's notification settings (its "messages" tab), validated as a whole when loaded:
    unknown events, operators switched off and template errors are refused there."""

    @staticmethod
    def from_json(json: str | Mapping[str, Any]) -> NotifySettings: ...
    @staticmethod
    def from_dict(value: Mapping[str, Any]) -> NotifySettings: ...
    def to_json(self) -> str: ...
    def to_dict(self) -> dict[str, Any]: ...
    @property
    def languages(self) -> list[str]: ...
    @property
    def channels(self) -> list[str]: ...

def due(
    event: str | Mapping[str, Any],
    settings: NotifySettings,
    notify_context: str | Mapping[str, Any],
    now: datetime.datetime | str | int | None = None,
) -> list[dict[str, Any]]:
    """The notifications ``event`` makes due (dicts in the ``Notification`` shape); ``now`` is
    needed only by the booking reminder."""

def template_variables(kind: str) -> list[str]:
    """The variables a template of the event kind may use."""
