"""The reader's writes and the side panels they read back."""

from __future__ import annotations

from workbench.core.agreement.blind import set_blind
from workbench.core.coding import get_or_create_coder
from workbench.tui import data

CODE = "kompetensförsörjning/validering/utmaningar"


def test_every_write_reads_back_what_a_fresh_read_shows(project):
    """The side panel's passage takes only its codings again, from the write's own
    transaction; after each kind of write that equals a full read made afterwards."""
    document = data.load_document(project)
    passage_id = data.find_footnote(project, document.id, 195)
    known = data.passage_detail(project, passage_id)
    assert known.suggestions and known.passage.footnotes and not known.codings

    added = data.add_coding(project, passage_id=passage_id, code=CODE, coder="tester", cases=list(known.suggestions), known=known)
    assert added.before is None and added.after.code_path == CODE
    assert added.details == (data.passage_detail(project, passage_id),)
    assert [c.code_path for c in added.details[0].codings] == [CODE] and added.details[0].passage.codings == tuple(added.details[0].codings)

    known = added.details[0]
    updated = data.update_coding(project, added.after.id, coder="tester", cases=["Gotland"], known=known)
    assert updated.before == added.after and updated.after.cases == ("Gotland",)
    assert updated.details == (data.passage_detail(project, passage_id),)

    removed = data.remove_coding(project, added.after.id, coder="tester", known=updated.details[0])
    assert removed.after is None and not removed.details[0].codings
    undone = data.undo(project, "tester", known=removed.details[0])
    assert undone.reverted_action == "remove" and undone.after.cases == ("Gotland",)
    assert undone.details == (data.passage_detail(project, passage_id),)


def test_a_passage_the_side_panel_does_not_show_is_read_whole(project):
    document = data.load_document(project)
    passage_id = data.find_footnote(project, document.id, 195)
    elsewhere = data.passage_detail(project, data.find_footnote(project, document.id, 12))
    written = data.add_coding(project, passage_id=passage_id, code=CODE, coder="tester", cases=["Gotland"], known=elsewhere)
    assert written.details == (data.passage_detail(project, passage_id),) and written.details[0].passage.text


def test_in_a_blind_project_the_read_back_shows_the_viewers_own_codings(project):
    with project.transaction() as conn:
        get_or_create_coder(conn, "rita", role="reviewer")
    set_blind(project, True, reviewer="rita")
    document = data.load_document(project)
    passage_id = data.find_footnote(project, document.id, 195)
    known = data.passage_detail(project, passage_id, viewer="kodare-a")
    data.add_coding(project, passage_id=passage_id, code=CODE, coder="kodare-b", cases=["Gotland"])
    mine = data.add_coding(project, passage_id=passage_id, code=CODE, coder="kodare-a", cases=["Skåne"], known=known, viewer="kodare-a")
    assert [c.coder for c in mine.details[0].codings] == ["kodare-a"]
    unnamed = data.add_coding(project, passage_id=passage_id, code=CODE, coder="kodare-c", cases=["Skåne"], known=known)
    assert unnamed.details[0].codings == []  # nobody named yet: no codings shown, not a refusal
