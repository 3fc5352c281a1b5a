"""The reader's reads of a passage's side panel."""

from __future__ import annotations

from workbench.tui import data

CODE = "kompetensförsörjning/validering/utmaningar"


def test_a_passage_read_again_after_a_write_is_a_full_read(project):
    document = data.load_document(project)
    passage_id = data.find_footnote(project, document.id, 195)
    known = data.passage_detail(project, passage_id)
    assert known.suggestions and known.passage.footnotes and not known.codings
    data.add_coding(project, passage_id=passage_id, code=CODE, coder="tester", cases=list(known.suggestions))
    recoded = data.passage_detail_recoded(project, known)
    assert recoded == data.passage_detail(project, passage_id)
    assert [c.code_path for c in recoded.codings] == [CODE] and recoded.passage.codings == tuple(recoded.codings)
