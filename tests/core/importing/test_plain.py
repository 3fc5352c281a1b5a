"""Plain text and Markdown parsers."""

from __future__ import annotations

from workbench.core.importing.plain import parse_markdown, parse_plain_text

TXT = """Regionerna har ställt om för att hantera
konsekvenserna av coronapandemin och tagit steg i
omställningen till en hållbar utveckling.

Det regionala tillväxtarbetet handlar om långsiktiga
processer för industri-
ell omställning.

- Blekinge
- Dalarna och
  Gotland
\fSida två börjar här.
"""

MD = """# 3 Kompetensförsörjning

Regionerna arbetar med **kompetensförsörjning** och
[validering](https://example.org).[^1]

## 3.4 Validering

### 3.4.4 Validering – Insatser och utmaningar

13 regioner lyfter utmaningar i arbetet med validering[^195] och
några nämner *yrkesvux*[^not].

- Första punkten
- Andra punkten som
  fortsätter

> Ett citat ur
> en regions rapport.

| Region | Antal |
|--------|------:|
| Skåne  | 12    |

Ett kapitel utan nummer
=======================

Sista stycket[^saknas].

[^1]: Tillväxtverket, 2021.
[^195]: Blekinge, Dalarna, Gävleborg, Halland, Jämtland Härjedalen, Kronoberg, Norrbotten,
    Sörmland, Uppsala, Värmland, Västernorrland, Västra Götaland, Örebro.
[^not]: En namngiven fotnot.
"""


def test_txt_paragraphs_join_hard_wrapped_lines_and_hyphenation():
    parsed = parse_plain_text(TXT, "t")
    assert [(p.kind, p.text) for p in parsed.passages] == [
        ("paragraph", "Regionerna har ställt om för att hantera konsekvenserna av coronapandemin och tagit steg i omställningen till en hållbar utveckling."),
        ("paragraph", "Det regionala tillväxtarbetet handlar om långsiktiga processer för industriell omställning."),
        ("bullet", "Blekinge"),
        ("bullet", "Dalarna och Gotland"),
        ("paragraph", "Sida två börjar här."),
    ]
    assert parsed.format == "txt" and parsed.sections == [] and parsed.footnotes == []


def test_txt_form_feeds_are_page_breaks():
    parsed = parse_plain_text(TXT, "t")
    assert [p.seq for p in parsed.pages] == [1, 2]
    assert [p.page_seq for p in parsed.passages] == [1, 1, 1, 1, 2]
    assert all(parsed.text[p.start_offset : p.end_offset] == p.text for p in parsed.passages)


def test_txt_without_form_feeds_has_no_pages():
    assert parse_plain_text("Ett stycke.\n\nEtt till.\n", "t").pages == []


def test_md_headings_make_a_section_tree_by_level():
    parsed = parse_markdown(MD, "m")
    assert [(s.seq, s.number, s.title, s.level, s.parent_seq) for s in parsed.sections] == [
        (0, "3", "Kompetensförsörjning", 1, None),
        (1, "3.4", "Validering", 2, 0),
        (2, "3.4.4", "Validering – Insatser och utmaningar", 3, 1),
        (3, None, "Ett kapitel utan nummer", 1, None),
    ]


def test_md_blocks_become_passages_of_their_kind_with_markup_removed():
    parsed = parse_markdown(MD, "m")
    assert [(p.kind, p.text, p.section_seq) for p in parsed.passages] == [
        ("paragraph", "Regionerna arbetar med kompetensförsörjning och validering.", 0),
        ("paragraph", "13 regioner lyfter utmaningar i arbetet med validering och några nämner yrkesvux.", 2),
        ("bullet", "Första punkten", 2),
        ("bullet", "Andra punkten som fortsätter", 2),
        ("quote", "Ett citat ur en regions rapport.", 2),
        ("table", "Region | Antal\nSkåne | 12", 2),
        ("paragraph", "Sista stycket[^saknas].", 3),
    ]
    assert all(parsed.text[p.start_offset : p.end_offset] == p.text for p in parsed.passages)


def test_md_footnotes_are_linked_at_their_reference():
    parsed = parse_markdown(MD, "m")
    notes = {f.number: f.text for f in parsed.footnotes}
    assert notes[1] == "Tillväxtverket, 2021."
    assert notes[195].startswith("Blekinge, Dalarna") and notes[195].endswith("Västra Götaland, Örebro.")
    # a named footnote is numbered after the numeric ones, as Markdown renderers do
    assert notes[196] == "En namngiven fotnot."
    passage = parsed.passages[1]
    refs = [(r.number, r.char_offset) for r in passage.footnote_refs]
    assert refs == [
        (195, len("13 regioner lyfter utmaningar i arbetet med validering")),
        (196, len(passage.text) - 1),
    ]
    assert [(r.number, r.char_offset) for r in parsed.passages[0].footnote_refs] == [(1, len(parsed.passages[0].text))]


def test_md_reference_without_definition_is_kept_as_text_and_reported():
    parsed = parse_markdown(MD, "m")
    assert parsed.passages[-1].text == "Sista stycket[^saknas]."
    assert parsed.passages[-1].footnote_refs == []
    assert any("[^saknas]" in p for p in parsed.problems)


def test_md_numeric_reference_without_definition_is_reported_missing():
    parsed = parse_markdown("Text[^7] här.\n", "m")
    assert [r.number for r in parsed.passages[0].footnote_refs] == [7]
    assert any("footnote 7 is referenced" in p and "missing" in p for p in parsed.problems)
