"""Messages translated when they are read (issue 11): see `Message`. Re-exported by
``frontdesk_tui.i18n`` (loaded on first use there, so that a bare start does not import
dataclasses and json)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from frontdesk_tui.i18n import _


@dataclass(frozen=True)
class Message:
    """A message to translate when it is READ, not when it is written (issue 11): its English
    msgid (marked with `N_` where it is made) and the values of its placeholders. A stored item
    (an inbox entry) keeps it as JSON and each reader sees it in their own language.

    A placeholder's value is a number, a literal string (a unit label, a time), or another
    `Message` (a measure's label, an upgrade's reason), itself translated at `render`."""

    key: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def render(self) -> str:
        """The message in the current language (`set_language`)."""
        text = _(self.key)
        if not self.params:
            return text
        return text.format(**{k: v.render() if isinstance(v, Message) else v for k, v in self.params.items()})

    def to_data(self) -> dict[str, Any]:
        params = {k: {_NESTED: v.to_data()} if isinstance(v, Message) else v for k, v in self.params.items()}
        return {"key": self.key, "params": params}

    def to_json(self) -> str:
        return json.dumps(self.to_data()["params"], ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Message:
        params = {
            k: cls.from_data(v[_NESTED]) if isinstance(v, dict) and _NESTED in v else v
            for k, v in (data.get("params") or {}).items()
        }
        return cls(str(data["key"]), params)

    @classmethod
    def stored(cls, key: str, params_json: str | None) -> Message:
        """The message of a stored key and its ``to_json`` parameters."""
        return cls.from_data({"key": key, "params": json.loads(params_json) if params_json else {}})


_NESTED = "$message"
"""Marks a parameter that is itself a `Message` in `Message.to_data` (``{"$message": {...}}``)."""
