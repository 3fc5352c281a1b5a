"""Finding passages by their words, forgiving typos and line-break hyphens.

Exact (case-insensitive) substring hits come first, in document order; then
passages holding every word of the query in any order (a coder types
"validering utmaningar", the report says "utmaningar i arbetet med
validering"), nearest words first; then rapidfuzz's best partial matches
above a cutoff, so that "valideringen" finds "validering" and a
misremembered phrase still finds its paragraph.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text

from .errors import InvalidInput
from .numbering import passage_number

SCORE_CUTOFF = 70.0


@dataclass(frozen=True)
class SearchHit:
    passage_id: int  # the database's; people see ``number``
    score: float  # 100 for an exact substring hit
    text: str
    section: str | None  # "3.4.4 Validering – Insatser och utmaningar"
    page_label: str | None
    document_id: int
    document_title: str
    exact: bool
    number: int = 0  # "passage N" of its document, as the reader shows it (seq + 1)


def search_passages(store, query: str, limit: int = 20, *, document_id: int | None = None) -> list[SearchHit]:
    from rapidfuzz import fuzz, process

    needle = " ".join(query.split())
    if not needle:
        raise InvalidInput("empty search - give the words to look for, e.g. workbench search 'validering'")
    if limit < 1:
        raise InvalidInput(f"--limit must be at least 1, not {limit}")
    sql = (
        "SELECT p.id, p.text, s.number, s.title, pg.label, p.document_id, d.title, p.seq"
        " FROM passage p JOIN document d ON d.id = p.document_id"
        " LEFT JOIN section s ON s.id = p.section_id LEFT JOIN page pg ON pg.id = p.page_id"
    )
    params: dict = {}
    if document_id is not None:
        sql += " WHERE p.document_id = :d"
        params["d"] = document_id
    with store.reading() as conn:
        rows = conn.execute(text(sql + " ORDER BY p.document_id, p.seq"), params).all()

    def hit(i: int, score: float, exact: bool) -> SearchHit:
        r = rows[i]
        section = None if r[3] is None else (f"{r[2]} {r[3]}" if r[2] else r[3])
        return SearchHit(r[0], round(float(score), 1), r[1], section, r[4], r[5], r[6], exact, passage_number(r[7]))

    folded = needle.lower()
    texts = [r[1].lower() for r in rows]
    exact = [i for i, t in enumerate(texts) if folded in t]
    hits = [hit(i, 100.0, True) for i in exact[:limit]]
    if len(hits) >= limit:
        return hits
    seen = set(exact)
    for i, score in _every_word(folded.split(), texts, seen):
        hits.append(hit(i, score, False))
        seen.add(i)
        if len(hits) >= limit:
            return hits
    # partial_ratio scores a passage shorter than the query by how well it fits
    # inside the query ("Utmaningar" would score 100 for a whole sentence), so
    # short passages are compared whole instead.
    query_key = folded
    long_ids, long_choices, short_ids, short_choices = [], [], [], []
    for i, choice in enumerate(texts):
        if len(choice) >= len(query_key):
            long_ids.append(i)
            long_choices.append(choice)
        else:
            short_ids.append(i)
            short_choices.append(choice)
    wanted = limit + len(exact)
    fuzzy = [
        (c, score, long_ids[k])
        for c, score, k in process.extract(
            query_key, long_choices, scorer=fuzz.partial_ratio, processor=None, score_cutoff=SCORE_CUTOFF, limit=wanted
        )
    ]
    fuzzy += [
        (c, score, short_ids[k])
        for c, score, k in process.extract(
            query_key, short_choices, scorer=fuzz.ratio, processor=None, score_cutoff=SCORE_CUTOFF, limit=wanted
        )
    ]
    fuzzy.sort(key=lambda f: (-f[1], f[2]))
    for _choice, score, i in fuzzy:
        if i in seen:
            continue
        hits.append(hit(i, score, False))
        if len(hits) >= limit:
            break
    return hits


def _every_word(words: list[str], texts: list[str], skip: set[int]) -> list[tuple[int, float]]:
    """Passages holding every word (as written, any order), scored 90-99 by how close together the words stand."""
    if len(words) < 2:
        return []
    found = []
    for i, body in enumerate(texts):
        if i in skip or not all(w in body for w in words):
            continue
        starts = sorted(body.find(w) for w in words)
        spread = starts[-1] - starts[0]  # characters between the first and the last word found
        found.append((i, 99.0 - min(9.0, spread / 40)))
    found.sort(key=lambda f: (-f[1], f[0]))
    return found
