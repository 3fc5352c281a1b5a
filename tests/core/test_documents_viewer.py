"""get_passage(viewer=...): a passage's codings as the person looking may see them.

On the bundled report: the passage citing footnote 195 ("13 regioner lyfter
utmaningar i arbetet med validering") is coded by two coders, one of them
on a span with Swedish letters; a reviewer switches the project to blind.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.core.agreement.adjudication import add_reviewer
from workbench.core.agreement.blind import set_blind
from workbench.core.coding import BLIND_REFUSAL, add_coding
from workbench.core.codebooks import install_codebook, load_codebook_file
from workbench.core.documents import find_passage_by_footnote, get_passage
from workbench.core.errors import WorkbenchError
from workbench.core.importing.writer import import_file

ROOT = Path(__file__).resolve().parents[2]
CODE = "kompetensförsörjning/validering/utmaningar"
WORDS = "utmaningar i arbetet med validering"


@pytest.fixture
def coded(store):
    imported = import_file(store, ROOT / "examples" / "regionalt-tillvaxtarbete-2020.txt")
    with store.transaction() as conn:
        install_codebook(conn, load_codebook_file(ROOT / "codebooks" / "regional-tillvaxt-2020.yaml"))
    passage_id = find_passage_by_footnote(store, imported.document_id, 195)
    passage = get_passage(store, passage_id)
    start = passage.text.index(WORDS)
    add_coding(store, passage_id=passage_id, code=CODE, coder="anna", cases=["Blekinge", "Dalarna"],
               span=(start, start + len(WORDS)))
    add_coding(store, passage_id=passage_id, code=CODE, coder="bertil", cases=["Örebro"])
    add_reviewer(store, "rita")
    return passage_id


def test_not_blind_everyone_sees_every_coding(store, coded):
    for viewer in (None, "anna", "bertil", "rita", "someone-new"):
        assert [c.coder for c in get_passage(store, coded, viewer=viewer).codings] == ["anna", "bertil"]


def test_blind_a_coder_sees_only_their_own(store, coded):
    set_blind(store, True, reviewer="rita")
    (anna,) = get_passage(store, coded, viewer="anna").codings
    assert anna.coder == "anna" and anna.cases == ("Blekinge", "Dalarna")
    passage = get_passage(store, coded, viewer="anna")
    assert passage.text[anna.span[0]:anna.span[1]] == WORDS
    assert [c.coder for c in get_passage(store, coded, viewer="bertil").codings] == ["bertil"]
    assert get_passage(store, coded, viewer="someone-new").codings == ()
    assert [c.coder for c in get_passage(store, coded, viewer="rita").codings] == ["anna", "bertil"]


def test_blind_unnamed_viewer_is_refused_but_may_read_the_text(store, coded):
    set_blind(store, True, reviewer="rita")
    with pytest.raises(WorkbenchError) as err:
        get_passage(store, coded)
    assert str(err.value) == BLIND_REFUSAL
    bare = get_passage(store, coded, with_codings=False)
    assert bare.codings == () and bare.text.startswith("13 regioner lyfter " + WORDS)
    assert [n.number for n in bare.footnotes] == [195] and len(bare.footnotes[0].cases) == 13


def test_unblinding_shows_everyone_again(store, coded):
    set_blind(store, True, reviewer="rita")
    set_blind(store, False, reviewer="rita")
    assert [c.coder for c in get_passage(store, coded, viewer="anna").codings] == ["anna", "bertil"]


def test_many_passages_read_at_once_are_each_as_read_alone(store, coded):
    """get_passages (the reader's read-ahead) gives what get_passage gives, passage by passage, in the order asked."""
    from workbench.core.documents import get_passages, list_passages

    set_blind(store, True, reviewer="rita")
    document_id = get_passage(store, coded, viewer="rita").document_id
    ids = [p.id for p in list_passages(store, document_id)]
    here = ids.index(coded)
    around = ids[here + 40:here - 60:-1]  # backwards, across page and section breaks and the coded passage
    for viewer in ("anna", "bertil", "rita"):
        many = get_passages(store, around, viewer=viewer)
        assert [p.id for p in many] == around
        assert many == [get_passage(store, pid, viewer=viewer) for pid in around]
    cited = {p.id: p for p in get_passages(store, around, viewer="rita")}[coded]
    assert [n.number for n in cited.footnotes] == [195] and len(cited.footnotes[0].cases) == 13
    assert [c.coder for c in cited.codings] == ["anna", "bertil"]
    assert sum(len(p.footnotes) for p in get_passages(store, around, viewer="rita")) > 5  # real footnotes, not only 195


def test_many_passages_leave_out_unknown_ids_and_refuse_an_unnamed_viewer_in_blind(store, coded):
    from workbench.core.documents import get_passages

    assert [p.id for p in get_passages(store, [10**9, coded, 10**9 + 1], viewer="anna")] == [coded]
    assert get_passages(store, [], viewer="anna") == []
    set_blind(store, True, reviewer="rita")
    with pytest.raises(WorkbenchError):
        get_passages(store, [coded])
    assert get_passages(store, [coded], with_codings=False)[0].codings == ()
