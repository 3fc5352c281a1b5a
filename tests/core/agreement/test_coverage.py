"""The part of the report every chosen coder coded (the agreement screen's default scope).

On the report: anna and bo coded footnote 195's passage (section 3.4.4) and
the bullets on education; a third coder, cecilia, codes only the 195
passage; a fourth, david, one passage in another chapter.
"""

from __future__ import annotations

from sqlalchemy import text

from workbench.core.agreement.coverage import shared_section
from workbench.core.coding import add_coding

from .conftest import FOOTNOTE_195, UTMANINGAR


def _section_of(store, passage_id: int) -> tuple[str, str]:
    with store.reading() as conn:
        number, title = conn.execute(text(
            "SELECT s.number, s.title FROM passage p JOIN section s ON s.id = p.section_id WHERE p.id = :p"),
            {"p": passage_id}).one()
    return number, title


def test_the_innermost_section_every_coder_coded(project):
    store, p = project
    anna_and_bo = shared_section(store, ["anna", "bo"])
    # Both coded 195's passage and the education bullets: the smallest numbered section holding both readings.
    number, title = _section_of(store, p["utmaningar"])
    assert (number, title) == (None, "Utmaningar")  # an unnumbered heading under 3.4.4, as in many chapters
    # The bullets stand in 3.1.4 and 195's passage in 3.4.4: what both read is chapter 3.
    assert anna_and_bo.section == "3" and anna_and_bo.heading.startswith("3 Sammanställning")
    add_coding(store, passage_id=p["utmaningar"], code=UTMANINGAR, coder="cecilia", cases=FOOTNOTE_195)
    shared = shared_section(store, ["anna", "bo", "cecilia"])
    assert shared.section == "3.4.4" and shared.heading.startswith("3.4.4 Validering")
    assert shared_section(store) == shared  # no names: everyone with codings


def test_no_shared_part_when_the_coders_read_different_chapters(project):
    store, p = project
    with store.reading() as conn:
        elsewhere = conn.execute(text(
            "SELECT p.id FROM passage p JOIN section s ON s.id = p.section_id WHERE s.number = '2.1' LIMIT 1")).scalar_one()
    add_coding(store, passage_id=p["utmaningar"], code=UTMANINGAR, coder="cecilia", cases=FOOTNOTE_195)
    add_coding(store, passage_id=elsewhere, code=UTMANINGAR, coder="david", cases=["Gotland"])
    assert shared_section(store, ["cecilia", "david"]) is None
    assert shared_section(store, ["anna", "cecilia"]).section == "3.4.4"
