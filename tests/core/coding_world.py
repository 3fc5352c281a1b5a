"""A small project for the coding and query tests: the 21 regions, a tiny codebook, two documents.

The case set and codebook are installed through their own APIs; documents,
pages, sections and passages are written with plain SQL so that these tests
control every offset. REGIONS is test data (the product reads names from the db).
"""

from __future__ import annotations

from sqlalchemy import text

REGIONS = (
    "Blekinge", "Dalarna", "Gotland", "Gävleborg", "Halland", "Jämtland Härjedalen", "Jönköping", "Kalmar",
    "Kronoberg", "Norrbotten", "Skåne", "Stockholm", "Sörmland", "Uppsala", "Värmland", "Västerbotten",
    "Västernorrland", "Västmanland", "Västra Götaland", "Örebro", "Östergötland",
)

CODES = (
    "kompetensförsörjning",
    "kompetensförsörjning/validering",
    "kompetensförsörjning/validering/utmaningar",
    "kompetensförsörjning/kompetensplattformar",
    "samverkan",
    "samverkan/kommuner",
    "internationellt samarbete",
    "internationellt samarbete/östersjöstrategin",
)

CODEBOOK = """
name: test
title: A small codebook for the coding tests
codes:
  - name: kompetensförsörjning
    description: Kompetensförsörjning.
    children:
      - name: validering
        description: Validering.
        children:
          - name: utmaningar
            description: Utmaningar i arbetet med validering.
      - name: kompetensplattformar
        description: Kompetensplattformar.
  - name: samverkan
    description: Samverkan.
    children:
      - name: kommuner
        description: Samverkan med kommuner.
  - name: internationellt samarbete
    description: Internationellt samarbete.
    children:
      - name: östersjöstrategin
        description: EU:s strategi för Östersjöregionen.
"""

PASSAGES = (
    "13 regioner lyfter utmaningar i arbetet med validering.",
    "Samverkan med kommunerna har stärkts under året, enligt Dalarna och Gävleborg.",
    "Drygt hälften av regionerna ger exempel på socialfondsprojekt.",
    "Östersjöstrategin nämns av några regioner.",
    "Kompetensplattformarna har utvecklats vidare.",
    "Ett fåtal regioner tar upp målkonflikter.",
)


def build_world(store) -> dict:
    """Insert the rows; return ids: cases by name, codes by path, passages (list), documents."""
    ids: dict = {"cases": {}, "codes": {}, "passages": [], "documents": {}}
    from workbench.core.cases import ensure_case_sets, get_case_set
    from workbench.core.codebooks import codebook_from_text, install_codebook, list_codes

    with store.transaction() as conn:
        ensure_case_sets(conn)
        ids["cases"] = {c.name: c.id for c in get_case_set(conn, "regioner").cases}
        install_codebook(conn, codebook_from_text(CODEBOOK, "test-codebook.yaml"))
        ids["codes"] = {c.path: c.id for c in list_codes(conn)}
        assert set(ids["codes"]) == set(CODES)
        for title, case in (("Regionalt tillväxtarbete 2020", None), ("Gotlands årsrapport", "Gotland")):
            body = "\n\n".join(PASSAGES)
            conn.execute(text(
                "INSERT INTO document (title, path, format, content_hash, case_id, text, imported_at)"
                " VALUES (:t, :t, 'txt', :h, :c, :b, '2026-11-27')"),
                {"t": title, "h": title, "c": ids["cases"].get(case), "b": body})
            doc = conn.execute(text("SELECT id FROM document WHERE title=:t"), {"t": title}).scalar_one()
            ids["documents"][title] = doc
            conn.execute(text("INSERT INTO page (document_id, seq, label, start_offset, end_offset) VALUES (:d, 1, '47', 0, 200)"), {"d": doc})
            conn.execute(text("INSERT INTO page (document_id, seq, label, start_offset, end_offset) VALUES (:d, 2, '48', 200, :e)"), {"d": doc, "e": len(body)})
            pages = [r[0] for r in conn.execute(text("SELECT id FROM page WHERE document_id=:d ORDER BY seq"), {"d": doc})]
            conn.execute(text("INSERT INTO section (document_id, seq, number, title, level, start_offset) VALUES (:d, 1, '5', 'Kompetensförsörjning', 1, 0)"), {"d": doc})
            top = conn.execute(text("SELECT id FROM section WHERE document_id=:d AND seq=1"), {"d": doc}).scalar_one()
            conn.execute(text("INSERT INTO section (document_id, parent_id, seq, number, title, level, start_offset) VALUES (:d, :p, 2, '5.1', 'Validering', 2, 0)"), {"d": doc, "p": top})
            sub = conn.execute(text("SELECT id FROM section WHERE document_id=:d AND seq=2"), {"d": doc}).scalar_one()
            conn.execute(text("INSERT INTO section (document_id, seq, number, title, level, start_offset) VALUES (:d, 3, '6', 'Internationellt', 1, 200)"), {"d": doc})
            other = conn.execute(text("SELECT id FROM section WHERE document_id=:d AND seq=3"), {"d": doc}).scalar_one()
            ids.setdefault("sections", {})[title] = {"top": top, "sub": sub, "other": other}
            offset = 0
            for seq, passage in enumerate(PASSAGES):
                section = sub if seq < 2 else (top if seq < 3 else other)
                conn.execute(text(
                    "INSERT INTO passage (document_id, section_id, page_id, seq, kind, text, start_offset, end_offset)"
                    " VALUES (:d, :s, :pg, :q, 'paragraph', :t, :o, :e)"),
                    {"d": doc, "s": section, "pg": pages[0] if seq < 3 else pages[1], "q": seq, "t": passage, "o": offset, "e": offset + len(passage)})
                offset += len(passage) + 2
                if case is None:
                    ids["passages"].append(conn.execute(text("SELECT id FROM passage WHERE document_id=:d AND seq=:q"), {"d": doc, "q": seq}).scalar_one())
                else:
                    ids.setdefault("gotland_passages", []).append(conn.execute(text("SELECT id FROM passage WHERE document_id=:d AND seq=:q"), {"d": doc, "q": seq}).scalar_one())
        # a suggestion: passage 2 names Dalarna and Gävleborg in its text
        for name in ("Dalarna", "Gävleborg"):
            conn.execute(text("INSERT INTO case_suggestion (passage_id, case_id, matched_text) VALUES (:p, :c, :m)"),
                         {"p": ids["passages"][1], "c": ids["cases"][name], "m": name})
    return ids


def count_table(conn) -> dict:
    return {(k, c, x): n for k, c, x, n in conn.execute(text("SELECT code_id, coder_id, case_id, n FROM code_case_count"))}


def recount(conn) -> dict:
    """code_case_count computed from scratch: what the maintained table must equal."""
    return {(k, c, x): n for k, c, x, n in conn.execute(text(
        "SELECT c.code_id, c.coder_id, cc.case_id, COUNT(*) FROM coding c JOIN coding_case cc ON cc.coding_id = c.id"
        " GROUP BY c.code_id, c.coder_id, cc.case_id"))}
