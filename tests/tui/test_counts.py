"""Live counts: loading many identical codings at once must count each of them (undoing one keeps the rest)."""

from __future__ import annotations

from types import SimpleNamespace

from workbench.tui.counts import CodeCounts

CODE = "kompetensförsörjning/validering/utmaningar"


def coding(path: str, *cases: str) -> SimpleNamespace:
    return SimpleNamespace(code_path=path, cases=cases)


def test_identical_codings_loaded_together_are_each_counted():
    counts = CodeCounts(total=21)
    # two coders gave Örebro the same code; a third coding adds Uppsala
    counts.load([(CODE, ("Örebro",)), (CODE, ("Örebro",)), (CODE, ("Uppsala",))])
    assert counts.label(CODE) == "2/21"
    assert counts.label("kompetensförsörjning") == "2/21"  # rolled up to the ancestors

    counts.apply(coding(CODE, "Örebro"), None)  # one of the two removed: Örebro still counted
    assert counts.cases(CODE) == {"Örebro", "Uppsala"}
    counts.apply(coding(CODE, "Örebro"), None)  # the second one removed
    assert counts.cases(CODE) == {"Uppsala"}
    assert counts.cases("kompetensförsörjning") == {"Uppsala"}


def test_load_equals_applying_one_by_one():
    pairs = [(CODE, ("Örebro", "Uppsala")), (CODE, ("Örebro",)), ("kompetensförsörjning/validering", ("Gotland",))] * 3
    loaded, applied = CodeCounts(total=21), CodeCounts(total=21)
    loaded.load(pairs)
    for path, cases in pairs:
        applied.apply(None, coding(path, *cases))
    for path in (CODE, "kompetensförsörjning/validering", "kompetensförsörjning"):
        assert loaded.cases(path) == applied.cases(path)
    # and both forget a case only when its last coding goes
    for counts in (loaded, applied):
        for _ in range(3):
            counts.apply(coding("kompetensförsörjning/validering", "Gotland"), None)
    assert loaded.cases("kompetensförsörjning/validering") == applied.cases("kompetensförsörjning/validering") == {"Örebro", "Uppsala"}
