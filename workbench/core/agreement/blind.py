"""Blind coding: while a project is blind, a coder sees only their own codings.

Agreement means something only if coders did not copy each other. A reviewer
(a coder row of role ``reviewer``) switches the project to blind mode and back;
the setting is the project meta key ``blind`` and each switch is an audit row.

This module is the one place that answers "whose codings may this person see?":
``visible_coder_ids(conn, viewer)`` returns None (everyone's) or the set of
coder ids the viewer may see. The faces and the query/export layers call it
with the name of the person at the keyboard (``--coder``/``--reviewer``).
Agreement and disagreement reports show everyone's codings, so in blind mode
they need a reviewer (``require_open_view``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.engine import Connection

from ..db import get_meta, set_meta
from ..errors import WorkbenchError
from .adjudication import record, require_reviewer

BLIND_KEY = "blind"


@dataclass(frozen=True)
class BlindState:
    blind: bool
    changed_by: str | None
    changed_at: str | None


def is_blind(conn: Connection) -> bool:
    return get_meta(conn, BLIND_KEY) == "1"


def blind_state(store) -> BlindState:
    with store.reading() as conn:
        row = conn.execute(text(
            "SELECT r.name, a.at FROM audit a JOIN coder r ON r.id = a.coder_id"
            " WHERE a.action IN ('blind', 'unblind') ORDER BY a.id DESC LIMIT 1")).first()
        return BlindState(is_blind(conn), row[0] if row else None, row[1] if row else None)


def set_blind(store, blind: bool, *, reviewer: str) -> BlindState:
    """Switch blind mode on or off; only a reviewer may, and the switch is audited."""
    with store.transaction() as conn:
        reviewer_id = require_reviewer(conn, reviewer)
        was = is_blind(conn)
        set_meta(conn, BLIND_KEY, "1" if blind else "0")
        record(conn, reviewer_id, "blind" if blind else "unblind", {"blind": was}, {"blind": blind})
    return blind_state(store)


def visible_coder_ids(conn: Connection, viewer: str | None) -> set[int] | None:
    """None when the viewer may see every coder's codings, else the ids they may see.

    Not blind: everyone sees everything. Blind: a reviewer sees everything, a
    coder only their own codings, and an unnamed viewer is refused.
    """
    if not is_blind(conn):
        return None
    if not viewer:
        raise WorkbenchError("the project is blind - name yourself with --coder NAME (or --reviewer NAME) to see codings")
    row = conn.execute(text("SELECT id, role FROM coder WHERE name = :n"), {"n": viewer.strip()}).first()
    if not row:
        return set()  # a new coder has no codings yet, and sees none of the others'
    if row[1] == "reviewer":
        return None
    return {int(row[0])}


def require_open_view(conn: Connection, reviewer: str | None) -> None:
    """Agreement and disagreements compare everyone's codings: in blind mode only a reviewer may."""
    if not is_blind(conn):
        return
    if not reviewer:
        raise WorkbenchError("the project is blind - agreement shows every coder's codings; "
                             "pass --reviewer NAME (role reviewer) or have a reviewer unblind it")
    row = conn.execute(text("SELECT role FROM coder WHERE name = :n"), {"n": reviewer.strip()}).first()
    if row is None or row[0] != "reviewer":
        who = f"{reviewer!r} is {'a ' + row[0] if row else 'not a coder'}"
        raise WorkbenchError(f"the project is blind - agreement shows every coder's codings and {who}, not a reviewer; "
                             "a reviewer compares (see 'workbench reviewer NAME') or unblinds it")
