"""Who may run a session: the holder of the printed token, or a facilitator account."""
from __future__ import annotations

import hmac

from flask import current_app, session

LOCAL = "local"   # the owner of sessions started by whoever holds the printed token


def token_owner(token) -> str | None:
    expected = current_app.config["HOST_TOKEN"]
    if isinstance(token, str) and hmac.compare_digest(token.encode(), expected.encode()):
        return LOCAL
    return None


def facilitator(token=None) -> str | None:
    """The facilitator of this request: by token, or by the signed session cookie."""
    return token_owner(token) or session.get("facilitator")


def may_run(owner: str | None, state) -> bool:
    return owner is not None and state is not None and state.owner == owner
