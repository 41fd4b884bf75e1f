"""The client commands of docs/protocol.md, each listed once, and the client methods made from them.

`COMMANDS` is the table: a command's namespace, its event, the client method that sends it and
that method's parameters (each one a field of the payload). Both Python clients take their
command methods from it — `workshop.client` (threads, for tests and rehearsal bots) and
`workshop.aclient` (asyncio, for `workshop bench`) — so a new command is one line here. The
methods are made once, at import, as plain functions (as `dataclasses` does); a call costs
what the handwritten method did. `vote` on the async client, for instance, is

    async def vote(self, step, answer, cid=None):
        ack = await self.call('vote', {'cid': cid or new_cid(), 'step': step, 'answer': answer})
        return ack

Parameters, in `Command.params` (space-separated, in the method's order):
- `name`: the payload field `name`; `name=DEFAULT`: optional (a Python literal);
- `param:field`: the method's parameter `param` is the payload's `field` (`round_:round`);
- `*param:field`: the method takes any number of them, sent as a list.
A command that changes something (`cid=True`, the default) takes `cid=None` last and sends a new
one when it is not given (a retry passes the cid of the first try).
"""
from __future__ import annotations

import ast
import secrets
from dataclasses import dataclass, field
from typing import Callable

PHONE, SCREEN, HOST = "/phone", "/screen", "/host"


def new_cid() -> str:
    return secrets.token_hex(8)


class ServerRefused(Exception):
    def __init__(self, ack: dict):
        super().__init__(f"{ack.get('error')}: {ack.get('message')}")
        self.ack = ack


@dataclass(frozen=True)
class Param:
    name: str               # the method's parameter
    key: str                # the payload's field
    default: str | None     # source of the default value; None: required
    many: bool = False      # *name: a list of them


@dataclass(frozen=True)
class Command:
    namespace: str
    event: str
    method: str
    params: tuple[Param, ...] = ()
    cid: bool = True            # carries a cid: the command changes something
    keep: str | None = None     # "view" or "me": the client keeps that part of the ack
    result: Callable | None = None   # what the method returns instead of the ack
    doc: str = ""
    keys: frozenset = field(default=frozenset(), compare=False)

    def payload(self, **fields) -> dict:
        """The payload of this command from its fields (by their payload names), with a new
        cid when none is given: for a client that sends it with `call(..., raw=True)`."""
        if not fields.keys() <= self.keys:
            raise TypeError(f"{self.event} takes no {sorted(fields.keys() - self.keys)}")
        if self.cid and not fields.get("cid"):
            fields["cid"] = new_cid()
        return fields


def command(namespace: str, event: str, method: str | None = None, params: str = "", *,
            cid: bool = True, keep: str | None = None, result: Callable | None = None,
            doc: str = "") -> Command:
    parsed = []
    for spec in params.split():
        many = spec.startswith("*")
        spec, _, default = spec.lstrip("*").partition("=")
        name, _, key = spec.partition(":")
        if default:
            ast.literal_eval(default)   # a literal, or the table is wrong
        parsed.append(Param(name, key or name, default or None, many))
    keys = frozenset(p.key for p in parsed) | ({"cid"} if cid else set())
    return Command(namespace, event, method or event, tuple(parsed), cid, keep, result, doc, keys)


def _view(ack):
    return ack["view"]


def _couple_code(ack):
    return ack["me"]["couple"]["code"]


COMMANDS: tuple[Command, ...] = (
    # namespace, event, method, params — every client also answers `sync` on connect
    *(command(ns, "sync", cid=False, keep="view", result=_view,
              doc="Ask for the whole view; it replaces what the client had.")
      for ns in (PHONE, SCREEN, HOST)),
    command(PHONE, "join", "join", "name=None", keep="view"),
    command(PHONE, "vote", "vote", "step answer"),
    command(PHONE, "reflect", "reflect", "step text"),
    command(PHONE, "couple_create", "create_couple", "one_phone=False", keep="me",
            result=_couple_code, doc="Form a couple; returns its couple code."),
    command(PHONE, "couple_join", "join_couple", "couple_code:couple", keep="me",
            doc="Ask to join a couple by its code; its first phone must say yes."),
    command(PHONE, "couple_answer", "answer_partner", "request yes=True", keep="me",
            doc="Say whether the one asking to join our couple is our partner."),
    command(PHONE, "couple_leave", "leave_couple", keep="me"),
    command(PHONE, "pair_done", "done", "step round_:round", keep="me"),
    command(PHONE, "pair_note", "write_note", "step round_:round text seat=None", keep="me"),
    command(PHONE, "pair_share", "share_note", "step round_:round author", keep="me"),
    command(PHONE, "care", "care", "kind", keep="me"),
    command(PHONE, "private_word", "ask_facilitator", keep="me",
            doc="Ask for a private word with the facilitator: only the console sees it."),
    command(PHONE, "private_word_withdraw", "withdraw_private_word", keep="me"),
    command(PHONE, "question_ask", "ask_question", "text", keep="me",
            doc="Ask the facilitator a question, anonymously."),
    command(PHONE, "question_vote", "upvote", "question up=True", keep="me",
            doc="Upvote a question on the list (up=False: take the upvote back)."),
    command(HOST, "next"),
    command(HOST, "previous"),
    command(HOST, "jump", "jump", "index"),
    command(HOST, "close_poll", "close_poll", "step"),
    command(HOST, "reopen_poll", "reopen_poll", "step"),
    command(HOST, "show_results", "show_results", "step shown=True"),
    command(HOST, "moderate", "moderate", "reflection_id:id status"),
    command(HOST, "end"),
    command(HOST, "pair_up", "pair_up", "*aliases:participants"),
    command(HOST, "unpair", "unpair", "couple"),
    command(HOST, "pair_extend", "extend", "minutes"),
    command(HOST, "pair_finish", "finish_pairs"),
    command(HOST, "private_word_seen", "private_word_seen", "word"),
    command(HOST, "question_moderate", "moderate_question", "question status"),
    command(HOST, "question_answered", "mark_answered", "question answered=True"),
    command(HOST, "question_show", "show_question", "question",
            doc="Show a question large on the screen; None: show none."),
    command(HOST, "questions_top", "show_top_questions", "shown=True"),
)

BY_EVENT: dict[tuple[str, str], Command] = {(c.namespace, c.event): c for c in COMMANDS}


def of(namespace: str) -> list[Command]:
    return [c for c in COMMANDS if c.namespace == namespace]


def lookup(namespace: str, event: str) -> Command:
    return BY_EVENT[(namespace, event)]


# --- the client methods ----------------------------------------------------------------------

def method_source(c: Command, asynchronous: bool) -> str:
    """The source of the client method that sends command `c` (see the module's docstring).

    The client provides `call(event, data, keep=None)`, which returns the acknowledgement or
    raises ServerRefused, and keeps the acknowledgement's `keep` part ("view" or "me") as it
    reads it."""
    params, fields = ["self"], []
    for p in c.params:
        if p.many:
            params.append(f"*{p.name}")
            fields.append(f"{p.key!r}: list({p.name})")
        else:
            params.append(p.name if p.default is None else f"{p.name}={p.default}")
            fields.append(f"{p.key!r}: {p.name}")
    if c.cid:
        params.append("cid=None")
        fields.insert(0, "'cid': cid or new_cid()")
    if c.keep not in (None, "view", "me"):
        raise ValueError(f"{c.event}: keep is 'view', 'me' or None, not {c.keep!r}")
    keep = f", keep={c.keep!r}" if c.keep else ""
    lines = [f"{'async ' if asynchronous else ''}def {c.method}({', '.join(params)}):",
             f"    ack = {'await ' if asynchronous else ''}self.call({c.event!r}, "
             f"{{{', '.join(fields)}}}{keep})"]
    lines.append("    return result(ack)" if c.result else "    return ack")
    return "\n".join(lines) + "\n"


def make_method(c: Command, asynchronous: bool, module: str = __name__):
    scope = {"new_cid": new_cid, "result": c.result}
    exec(compile(method_source(c, asynchronous), f"<{c.namespace} {c.event}>", "exec"), scope)
    method = scope[c.method]
    method.__module__ = module
    method.__doc__ = c.doc or f"Send `{c.event}` (docs/protocol.md, {c.namespace}); its acknowledgement."
    method.command = c
    return method


def commands(asynchronous: bool):
    """Class decorator: give a client class a method for every command of its namespace.

    A class that writes one of them itself is refused: the table would no longer be the one
    place where a command is."""
    def install(cls):
        for c in of(cls.namespace):
            if c.method in cls.__dict__:
                raise TypeError(f"{cls.__name__}.{c.method} is made from the protocol table")
            method = make_method(c, asynchronous, cls.__module__)
            method.__qualname__ = f"{cls.__qualname__}.{c.method}"
            setattr(cls, c.method, method)
        return cls
    return install
