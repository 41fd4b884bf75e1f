"""Kept only for `replay_ns._refused`: training's words are in the Babel catalogue now, and a
replay's refusals (`read_only`, `not_recorded`) are `workshop.messages.ERRORS`. Delete this file
once replay_ns calls `messages.message(code, language(replay))` itself."""
from __future__ import annotations

from ..messages import message


def text(language: str, key: str, **params) -> str:
    return message(key, language, **params)
