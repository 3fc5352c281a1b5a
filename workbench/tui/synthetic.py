"""Synthetic documents of any length, for the reader's tests and benchmarks.

Deterministic (seeded) Swedish-looking prose with sections, pages, footnote
references and a few coded passages, so that figures at 10k and 100k passages
are comparable between runs.
"""

from __future__ import annotations

import random

from .widgets.passage_view import ReaderRow

_WORDS = (
    "regionerna arbetar med kompetensförsörjning validering och utbildning samt näringslivsutveckling "
    "innovation digitalisering hållbar tillväxt samverkan kommuner länsstyrelsen företag insatser "
    "utmaningar strategi uppföljning kapacitet besöksnäring landsbygd infrastruktur kollektivtrafik "
    "arbetsmarknad integration forskning lärosäten klimat energi omställning"
).split()
_COLOURS = ("#2a9d8f", "#e76f51", "#e9c46a", "#264653")


def synthetic_rows(n: int, *, seed: int = 2020) -> list[ReaderRow]:
    """``n`` passages: a heading every ~40 passages, a page every ~8."""
    rnd = random.Random(seed)
    rows: list[ReaderRow] = []
    section = 0
    page = 1
    footnote = 0
    for i in range(n):
        if i % 8 == 7:
            page += 1
        if i % 40 == 0:
            section += 1
            rows.append(ReaderRow(i + 1, i, "heading", f"{section}. Avsnitt om {rnd.choice(_WORDS)}", section, str(page)))
            continue
        words = [rnd.choice(_WORDS) for _ in range(rnd.randint(12, 90))]
        words[0] = words[0].capitalize()
        text = " ".join(words) + "."
        notes: tuple[int, ...] = ()
        offsets: tuple[int, ...] = ()
        if i % 5 == 0:
            footnote += 1
            notes = (footnote,)
            offsets = (text.find(" ", len(text) // 2),)
        colours = (rnd.choice(_COLOURS),) if i % 7 == 0 else ()
        rows.append(ReaderRow(i + 1, i, "paragraph", text, section, str(page), notes, offsets, colours))
    return rows


def reader_app(rows: list[ReaderRow]):
    """A bare app around the reader alone: for measuring the widget by itself."""
    from textual.app import App, ComposeResult

    from .widgets.passage_view import PassageView

    class ReaderOnlyApp(App[None]):
        def compose(self) -> ComposeResult:
            yield PassageView(id="reader")

        def on_mount(self) -> None:
            view = self.query_one(PassageView)
            view.set_rows(rows)
            view.focus()

    return ReaderOnlyApp()
