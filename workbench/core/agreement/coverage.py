"""The part of the text every chosen coder coded: where comparing them means something.

Why: a second coder usually reads one chapter, not the whole report. Over
the whole project, every passage outside that chapter counts as "coded by
one, not by the other", and agreement looks poor for a reason that is no
disagreement at all. The smallest section that holds all of a coder's
codings is the part they read; the part everyone read is the innermost of
those when they nest (e.g. the report's reader everywhere, a second coder
in chapter 3.4, a third in 3.4.4: section 3.4.4).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import text

from .levels import resolve_scope


@dataclass(frozen=True)
class SharedPart:
    document_id: int
    section: str  # its number (what --section takes)
    heading: str  # number and title, to show


def shared_section(store, coders: Sequence[str] | None = None) -> SharedPart | None:
    """The section (and everything below it) that every coder coded in; None when that is the whole project.

    ``coders`` as ``agreement`` takes them (None: everyone with codings but
    the consensus). None also when the coders' parts do not nest (two coders
    who read different chapters share no part to compare).
    """
    with store.reading() as conn:
        scope = resolve_scope(conn, coders=coders)
        placed = conn.execute(
            text(
                "SELECT DISTINCT c.coder_id, p.document_id, p.section_id FROM coding c JOIN passage p ON p.id = c.passage_id"
                " WHERE c.coder_id IN (" + ", ".join(str(int(i)) for i in scope.coder_ids) + ")"
            )
        ).all()
        sections = {
            int(sid): (int(doc), parent, number, title)
            for sid, doc, parent, number, title in conn.execute(
                text("SELECT id, document_id, parent_id, number, title FROM section")
            )
        }

    def chain(section_id: int) -> list[int]:
        """The section and its ancestors, innermost first."""
        found = []
        while section_id is not None and section_id not in found:
            found.append(section_id)
            section_id = sections[section_id][1]
        return found

    read: dict[int, tuple[int, list[int]] | None] = {}  # coder -> (document, chain of the innermost section holding all)
    for coder_id, doc, section_id in placed:
        coder_id, doc = int(coder_id), int(doc)
        if coder_id in read and read[coder_id] is None:
            continue
        if section_id is None or int(section_id) not in sections:
            read[coder_id] = None  # a passage outside every section: the coder read the whole document at least
            continue
        mine = chain(int(section_id))
        if coder_id not in read:
            read[coder_id] = (doc, mine)
            continue
        known_doc, known = read[coder_id]
        if known_doc != doc:
            read[coder_id] = None  # more than one document
            continue
        read[coder_id] = (doc, [s for s in known if s in set(mine)])  # the common ancestors, innermost first
    # A coder who read everywhere (several documents, text outside the sections) covers every part.
    parts = [part for part in (read.get(int(c)) for c in scope.coder_ids) if part is not None and part[1]]
    if not parts:
        return None
    innermost_doc, innermost = max(parts, key=lambda part: len(part[1]))
    for doc, part in parts:
        if doc != innermost_doc or part[0] not in innermost:
            return None  # not nested: no part every coder read
    # The nearest numbered section: an unnumbered heading ("Utmaningar") recurs under many numbers,
    # so its title would not name one part; "3.4.4" does (and is what --section is given).
    numbered = next((sid for sid in innermost if sections[sid][2]), None)
    if numbered is None:
        return None
    _, _, number, title = sections[numbered]
    return SharedPart(innermost_doc, number, f"{number} {title}")
