"""The report parser on the bundled 2020 report and on a small unseen sample.

Expected values were read off the extracted text itself (line numbers given
where it helps to check them again), not copied from the parser's output.
"""

from __future__ import annotations

import re

import pytest

from workbench.core.importing.report_text import looks_like_report_text, parse_report_text


@pytest.fixture(scope="module")
def doc():
    from tests.conftest import REPORT

    return parse_report_text(REPORT.read_text(encoding="utf-8"), "Regionalt tillväxtarbete 2020")


@pytest.fixture(scope="module")
def notes(doc):
    return {f.number: f for f in doc.footnotes}


@pytest.fixture(scope="module")
def labels(doc):
    return {p.seq: p.label for p in doc.pages}


def _passage_with_ref(doc, number):
    hits = [p for p in doc.passages if any(r.number == number for r in p.footnote_refs)]
    assert len(hits) == 1, f"reference {number} is on {len(hits)} passages"
    return hits[0]


def _section(doc, number):
    (s,) = [s for s in doc.sections if s.number == number]
    return s


# ---------------------------------------------------------------- footnotes


def test_footnotes_1_to_482_except_the_two_the_text_lacks(doc):
    numbers = [f.number for f in doc.footnotes]
    assert numbers == sorted(numbers)
    assert set(numbers) == set(range(1, 483)) - {455, 456}


def test_footnote_195_is_the_list_of_13_regions(notes):
    assert notes[195].text == (
        "Blekinge, Dalarna, Gävleborg, Halland, Jämtland Härjedalen, Kronoberg, "
        "Norrbotten, Sörmland, Uppsala, Värmland, Västernorrland, Västra Götaland, Örebro."
    )
    assert notes[195].status == "ok"


def test_multi_line_footnotes_are_joined_in_full(notes):
    # Lines 236-240 of the file: three double-spaced lines.
    assert notes[3].text == (
        "Strategin var det centrala styrdokumentet under 2020. Under året pågick ett arbete "
        "för att ta fram en ny nationell strategi. Regeringen beslutade i mars 2021 om "
        "skrivelsen Nationell strategi för hållbar regional utveckling i hela landet 2021–2030."
    )
    # Lines 8738-8740: a reference number list running on.
    assert notes[457].text == (
        "Villkor m.m. för budgetåret 2018, N2017/07699/RTS N2017/07588/KLS N2017/07589/KLS (delvis)."
    )
    # A footnote whose text itself starts with a number (line 8214).
    assert notes[438].text == "16 § förordning (2017:583) om regionalt tillväxtarbete."
    assert notes[482].text.startswith("Tillväxtverkets regeringsuppdrag att utveckla")


def test_every_footnote_text_is_in_the_source(doc, report_text):
    squeezed = "".join(report_text.split())
    for note in doc.footnotes:
        assert "".join(note.text.split()) in squeezed, note.number
        assert note.text == note.text.strip() and "  " not in note.text


def test_missing_455_and_456_are_reported(doc):
    for number in (455, 456):
        lines = [p for p in doc.problems if p.startswith(f"footnote {number} ")]
        assert len(lines) == 1
        assert "missing" in lines[0] and "\n" not in lines[0]


def test_footnote_454_is_cut_short(doc, notes):
    assert notes[454].status == "truncated"
    assert notes[454].text.endswith("Kronoberg,")
    assert any(p.startswith("footnote 454 ") and "cut short" in p for p in doc.problems)


def test_only_footnotes_ending_mid_list_are_truncated(notes):
    truncated = {n for n, f in notes.items() if f.status == "truncated"}
    assert 454 in truncated
    assert all(notes[n].text.endswith(",") for n in truncated)


def test_footnotes_know_their_page(doc, notes, labels):
    assert labels[notes[195].page_seq] == "76"
    assert all(f.page_seq is not None for f in doc.footnotes)


# -------------------------------------------------------------- references


def test_every_reference_is_linked_exactly_once_in_order(doc):
    refs = [r.number for p in doc.passages for r in p.footnote_refs]
    assert refs == list(range(1, 483))


def test_references_are_cut_out_where_they_stood(doc, report_text):
    for p in doc.passages:
        source = "".join(report_text[p.start_offset : p.end_offset].split())
        for r in p.footnote_refs:
            before = "".join(p.text[: r.char_offset].split())[-4:]
            assert before + str(r.number) in source, (r.number, before)


def test_reference_195(doc, labels):
    p = _passage_with_ref(doc, 195)
    assert p.text.startswith("13 regioner lyfter utmaningar i arbetet med validering")
    assert "regioner195" not in p.text
    (ref,) = p.footnote_refs
    assert p.text[: ref.char_offset] == "13 regioner"
    assert labels[p.page_seq] == "76"
    section = doc.sections[p.section_seq]
    assert section.title == "Utmaningar"
    assert doc.sections[section.parent_seq].number == "3.4.4"


def test_glued_references_of_various_shapes(doc):
    p = _passage_with_ref(doc, 192)
    assert "industri- samt vård- och omsorgsyrken vanligast" in p.text
    assert p.text[: [r for r in p.footnote_refs if r.number == 192][0].char_offset].endswith("industri-")
    p = _passage_with_ref(doc, 194)
    assert p.text.endswith("utbildningsanordnare och Arbetsförmedlingen.")
    # "13214 regioner" on line 3918: the count 13 with reference 214 glued on.
    p = _passage_with_ref(doc, 214)
    assert "förutom i textavsnittet. 13 regioner svarar" in p.text
    # "projektverksamhet. 242 I två" on line 4796: a reference after a space.
    p = _passage_with_ref(doc, 242)
    assert "projektverksamhet. I två regioner" in p.text
    # "under 2021.247" and "Agenda 2030284 ," after years.
    assert "under 2021. I Blekinge" in _passage_with_ref(doc, 247).text
    assert "Agenda 2030 , integration" in _passage_with_ref(doc, 284).text


def test_body_numbers_are_not_references(doc):
    (p,) = [p for p in doc.passages if p.text.startswith("Östergötland har tillsammans med kommunerna")]
    assert "Under 2021–2022 tillsätter kommunerna" in p.text
    assert "motsvarande 1,5 årsarbetskrafter" in p.text
    assert p.footnote_refs == []
    assert any("CO2-utsläppen" in p.text for p in doc.passages)
    assert any("Anslag 1:1 Regionala tillväxtåtgärder" in p.text for p in doc.passages)
    # Printed page numbers never end up in passages.
    assert not any(p.text.strip() in {"18", "35", "75", "152"} for p in doc.passages)


# ---------------------------------------------------------------- sections


def test_chapters_1_to_8_at_level_1(doc):
    chapters = [s for s in doc.sections if s.level == 1 and s.number]
    assert [s.number for s in chapters] == [str(n) for n in range(1, 9)]
    assert all(s.parent_seq is None for s in chapters)
    assert chapters[0].title == "Inledning och läsanvisningar"
    # Chapter 7's heading wraps over three lines (8160-8162).
    assert chapters[6].title == (
        "Sammanställning återrapportering 5 – Arbetet med att analysera, följa upp och "
        "utvärdera det regionala tillväxtarbetet"
    )


def test_numbered_sections_nest_by_their_numbers(doc):
    by_seq = {s.seq: s for s in doc.sections}
    numbered = [s for s in doc.sections if s.number]
    assert len({s.number for s in numbered}) == len(numbered)
    for s in numbered:
        assert s.level == s.number.count(".") + 1
        if s.level > 1:
            parent = by_seq[s.parent_seq]
            assert s.number.startswith(parent.number + ".")
    assert by_seq[_section(doc, "3.4.4").parent_seq].number == "3.4"
    assert by_seq[_section(doc, "3.4").parent_seq].number == "3"
    # The report has no 4.1 heading; 4.1.1 hangs under chapter 4.
    assert by_seq[_section(doc, "4.1.1").parent_seq].number == "4"
    wrapped = _section(doc, "3.4.5")
    assert wrapped.title == "Yrkesvux inom kommunal vuxenutbildning – Insatser och utmaningar"


def test_unnumbered_subheadings_sit_under_their_numbered_section(doc):
    by_seq = {s.seq: s for s in doc.sections}
    after = [s for s in doc.sections if s.seq > _section(doc, "3.4.4").seq][:3]
    assert [s.title for s in after] == ["Utmaningar", "Insatsernas bidrag till måluppfyllnad", "Resultat"]
    for s in after:
        assert s.number is None and s.level == 4
        assert by_seq[s.parent_seq].number == "3.4.4"
    # The table of chapters in 1.4 (lines 479-522) is not read as headings.
    titles = [s.title for s in doc.sections]
    assert not any(t.startswith(("1 Inledning", "2 Slutsatser", "3 Återrapportering")) for t in titles)


def test_sections_have_pages_and_offsets(doc, report_text):
    for s in doc.sections:
        assert s.page_seq is not None
        head = s.number or s.title.split()[0]
        assert report_text[s.start_offset :].startswith(head)


# ------------------------------------------------------------------- pages


def test_pages_tile_the_text(doc, report_text):
    assert doc.pages[0].start_offset == 0
    for a, b in zip(doc.pages, doc.pages[1:]):
        assert a.start_offset < a.end_offset <= b.start_offset
        assert b.seq == a.seq + 1
        assert report_text[b.start_offset] == " "  # a page's first line starts with a space
    assert doc.pages[-1].end_offset <= len(report_text)


def test_printed_page_numbers_are_labels(doc, report_text):
    printed = [(m.start(), m.group(1)) for m in re.finditer(r"(?m)^ (\d+) $", report_text)]
    assert [n for _, n in printed] == ["18", "35", "63", "68", "75", "97", "133", "145", "152"]
    for offset, number in printed:
        (page,) = [p for p in doc.pages if p.start_offset <= offset < p.end_offset]
        assert page.label == number


def test_labels_of_other_pages_follow_their_neighbours(doc):
    # All nine printed numbers agree that label = seq + 8, so every page is labelled.
    assert all(p.label == str(p.seq + 8) for p in doc.pages)


def test_page_of_footnote_195_follows_printed_75(doc, report_text, labels):
    at_75 = report_text.index("\n 75 \n")
    (page_75,) = [p for p in doc.pages if p.start_offset <= at_75 < p.end_offset]
    p = _passage_with_ref(doc, 195)
    assert p.page_seq == page_75.seq + 1
    page = doc.pages[p.page_seq - 1]
    assert report_text[page.start_offset : page.start_offset + 12] == " Utmaningar "


# ---------------------------------------------------------------- passages


def test_passages_are_ordered_and_slice_their_source(doc, report_text):
    last_end = 0
    for i, p in enumerate(doc.passages):
        assert p.seq == i
        assert last_end <= p.start_offset < p.end_offset <= len(report_text)
        last_end = p.end_offset
        assert p.page_seq is not None and p.section_seq is not None
        assert p.kind in {"paragraph", "bullet", "quote", "table", "heading"}
        source = report_text[p.start_offset : p.end_offset]
        first = p.text.split()[0]
        last = p.text.split()[-1]
        assert source.startswith(first[:4]), (p.seq, first, source[:20])
        digitless = re.sub(r"[\s\d]", "", source)
        assert digitless.endswith(re.sub(r"\d", "", last)[-3:]), (p.seq, last, digitless[-20:])
        page = doc.pages[p.page_seq - 1]
        assert page.start_offset <= p.start_offset < page.end_offset


def test_paragraphs_are_joined_lines(doc):
    p = _passage_with_ref(doc, 195)
    assert p.text == (
        "13 regioner lyfter utmaningar i arbetet med validering. Den vanligaste utmaningen som "
        "beskrivs är att regionerna saknar statlig styrning och nationellt ansvarstagande inom "
        "området, men det förekommer också att man lyfter områden som berör finansiering samt "
        "efterfrågan på validering."
    )


def test_paragraph_runs_on_across_a_page_break(doc):
    # Lines 50-56: "... från e-hälsa och" / page break / "transportinfrastruktur till grön ..."
    (p,) = [p for p in doc.passages if "från e-hälsa och transportinfrastruktur till grön" in p.text]
    assert p.page_seq == 1


def test_hyphenated_line_breaks(doc):
    texts = " ".join(p.text for p in doc.passages)
    assert "programmering av nya EU-program." in texts  # lines 1134-1135
    assert "nätverks- och samverkansaktör" in texts  # lines 1827-1828
    assert "Nordic Arctic Co-Creation Platform" in texts  # lines 4186-4187


def test_bullets_and_quotes(doc):
    bullets = [p.text for p in doc.passages if p.kind == "bullet"]
    assert "En utbildningsakut i Skåne." in bullets  # line 1115, glyph lost in extraction
    # Wrapped bullet continued after a blank line (lines 1116-1118).
    assert "Omställningscheckar med högre grad av finansiering än ordinarie företagsstöd i Värmland." in bullets
    assert "Utveckling av nya projekt i Jönköping." in bullets
    quote = _passage_with_ref(doc, 194)
    assert quote.kind == "quote"
    assert quote.text.startswith("Regionens roll är mer av en katalysator")


# --------------------------------------------------------------- detection


def test_looks_like_report_text(report_text):
    assert looks_like_report_text(report_text)
    prose = "# Anteckningar\n\nEn vanlig text om regioner.\n\nAndra stycket, 2020 och 13 regioner.\n"
    assert not looks_like_report_text(prose)
    assert not looks_like_report_text("Ett stycke.\n\n  indraget stycke\n\nslut\n")
    assert not looks_like_report_text("")


# ----------------------------------------------------- an unseen, small report

SAMPLE = (
    " 1 Inledning \n"
    "\n"
    "Det här är en kort rapport om kommuner som arbetar med frågan. Nio \n"
    "kommuner7 lyfter utmaningar med finansiering under 2021, och 1,5 \n"
    "procent av medlen går till uppföljning.8 \n"
    "\n"
    "1.1 Bakgrund och syfte – en rubrik som är lång nog för att \n"
    "brytas \n"
    "\n"
    "Texten fortsätter med en mening som bryts vid sidans \n"
    "\n"
    "                                                             \n"
    "\n"
    "7 Ale, Borås, Eda, Falun, Gävle, Habo, Kil, Lund, \n"
    "\n"
    "Mora, Nora, \n"
    " slut och fortsätter här.9 \n"
    "\n"
    "Utmaningar \n"
    "\n"
    "Några kommuner10 nämner brist på data. \n"
    "\n"
    "                                                             \n"
    "\n"
    "Piteå, Tibro. \n"
    "\n"
    "8 Egen beräkning. \n"
    "\n"
    "9 Kommunernas redovisningar, 2021. \n"
    "\n"
    "10 Ale, Eda. \n"
)


def test_unseen_report_sample():
    doc = parse_report_text(SAMPLE, "Prov")
    assert doc.format == "report-text"
    assert looks_like_report_text(SAMPLE)
    assert len(doc.pages) == 2
    assert all(p.start_offset < p.end_offset for p in doc.pages)
    assert [p.label for p in doc.pages] == [None, None]
    notes = {f.number: f for f in doc.footnotes}
    assert notes[7].text == "Ale, Borås, Eda, Falun, Gävle, Habo, Kil, Lund, Mora, Nora, Piteå, Tibro."
    assert notes[7].page_seq == 1 and notes[7].status == "ok"
    assert notes[10].text == "Ale, Eda."
    # An excerpt: numbering starts at 7, and nothing is missing.
    assert doc.problems == []
    sections = [(s.number, s.title, s.level) for s in doc.sections]
    assert sections == [
        ("1", "Inledning", 1),
        ("1.1", "Bakgrund och syfte – en rubrik som är lång nog för att brytas", 2),
        (None, "Utmaningar", 3),
    ]
    refs = [(r.number, p.page_seq) for p in doc.passages for r in p.footnote_refs]
    assert refs == [(7, 1), (8, 1), (9, 1), (10, 2)]
    first = doc.passages[1]
    assert first.text.startswith("Det här är en kort rapport om kommuner som arbetar med frågan. Nio kommuner lyfter")
    assert "under 2021, och 1,5 procent" in first.text
    (run_on,) = [p for p in doc.passages if "bryts vid sidans slut och fortsätter här." in p.text]
    assert run_on.page_seq == 1
    assert [r.number for r in run_on.footnote_refs] == [9]
    assert doc.passages[-1].text == "Några kommuner nämner brist på data."
    assert doc.passages[-1].page_seq == 2


def test_tables_are_kept_together_and_readable(doc):
    tables = [p for p in doc.passages if p.kind == "table"]
    assert len(tables) == 2
    chapters, strategies = tables
    # Lines 393-426: the chapter table in 1.4, one row per line.
    assert doc.sections[chapters.section_seq].number == "1.4"
    assert chapters.text.splitlines()[:3] == [
        "Kapitel Innehåll",
        "1 Inledning och läsanvisningar",
        "2 Slutsatser och rekommendationer",
    ]
    # Lines 866-926: a row per region, double-spaced rows joined.
    rows = strategies.text.splitlines()
    assert rows[0] == "Region Status regional utvecklingsstrategi"
    assert len(rows) == 22
    assert rows[1] == "Blekinge Arbete pågår för ny strategi, beräknas gå ut på remiss under våren 2021."
    assert rows[-1] == "Östergötland Arbete för ny strategi pågår, planeras antas hösten 2021."
    assert not any(s.title.startswith("Region Status") for s in doc.sections)


def test_double_spaced_summary_bullets(doc):
    # Lines 4085-4091: a "•" bullet runs on over double-spaced lines and sentences.
    bullets = [p.text for p in doc.passages if p.kind == "bullet"]
    assert (
        "Pandemin har påverkat regionernas kompetensförsörjningsarbete. Regionerna har fått ställa "
        "om för snabbare och kortare insatser. Tack vare redan uppbyggda samverkansforum har "
        "aktörerna tillsammans kunnat kraftsamla."
    ) in bullets
    # Lines 5405-5414: a single-spaced "•" list is followed by an ordinary paragraph.
    assert any(p.kind == "paragraph" and p.text.startswith("Samtliga regioner har rapporterat samverkan med länsstyrelser") for p in doc.passages)


def _summary(doc):
    return (
        [(p.seq, p.label) for p in doc.pages],
        [(s.number, s.title, s.level, s.parent_seq) for s in doc.sections],
        [(p.kind, p.text, p.page_seq, [(r.number, r.char_offset) for r in p.footnote_refs]) for p in doc.passages],
        [(f.number, f.text, f.page_seq, f.status) for f in doc.footnotes],
    )


def test_windows_line_endings_give_the_same_result():
    plain = parse_report_text(SAMPLE, "Prov")
    crlf = SAMPLE.replace("\n", "\r\n")
    doc = parse_report_text(crlf, "Prov")
    assert _summary(doc) == _summary(plain)
    for p in doc.passages:
        assert crlf[p.start_offset : p.end_offset].startswith(p.text.split()[0])


def test_form_feed_page_breaks():
    # Some extractions keep a form feed at each page start instead of a space.
    text = SAMPLE.replace("\n slut och", "\n\fslut och")
    doc = parse_report_text(text, "Prov")
    assert len(doc.pages) == 2
    assert _summary(doc)[2] == _summary(parse_report_text(SAMPLE, "Prov"))[2]


def test_table_of_contents_is_skipped():
    toc = (
        " Innehåll \n"
        "\n"
        "1 Inledning ........................................ 2 \n"
        "\n"
        "1.1 Bakgrund och syfte ............................... 2 \n"
        "\n"
        "Utmaningar ......................................... 3 \n"
    )
    doc = parse_report_text(toc + SAMPLE, "Prov")
    assert len(doc.pages) == 3
    assert [s.number for s in doc.sections] == ["1", "1.1", None]
    assert all(s.page_seq == 2 or s.number is None for s in doc.sections)
    assert not any("...." in p.text for p in doc.passages)
    assert _summary(doc)[3] == [(n, t, page + 1, st) for n, t, page, st in _summary(parse_report_text(SAMPLE, "Prov"))[3]]


def test_out_of_sequence_numbered_heading_is_reported_not_guessed():
    text = SAMPLE.replace("Utmaningar \n", "1.3 Utmaningar \n")
    doc = parse_report_text(text, "Prov")
    assert [s.number for s in doc.sections] == ["1", "1.1"]
    (problem,) = doc.problems
    assert problem.startswith("line 19: '1.3 Utmaningar'") and "numbering" in problem


def _three_pages(first: str, third: str) -> str:
    return (
        f" \n\n {first} \n\nFörsta sidans text slutar här.\n"
        " Andra sidan har ingen sidnummerrad.\n"
        f"\n\n\n \n\n {third} \n\nTredje sidan.\n"
    )


def test_page_labels_are_inferred_only_when_the_printed_ones_agree():
    doc = parse_report_text(_three_pages("4", "6"), "Prov")
    assert [p.label for p in doc.pages] == ["4", "5", "6"]
    assert doc.problems == []
    doc = parse_report_text(_three_pages("4", "9"), "Prov")
    assert [p.label for p in doc.pages] == ["4", None, "9"]
    (problem,) = doc.problems
    assert "printed page numbers 4 and 9" in problem
    assert [p.text for p in doc.passages] == [
        "Första sidans text slutar här.",
        "Andra sidan har ingen sidnummerrad.",
        "Tredje sidan.",
    ]


def test_figure_captions_are_text_not_headings():
    text = SAMPLE.replace("Utmaningar \n", "Figur 2 Kommuner med utmaningar \n\nUtmaningar \n")
    doc = parse_report_text(text, "Prov")
    assert [s.title for s in doc.sections][-1] == "Utmaningar"
    (caption,) = [p for p in doc.passages if p.text.startswith("Figur 2")]
    assert caption.kind == "paragraph" and caption.text == "Figur 2 Kommuner med utmaningar"


def test_every_summary_box_title_is_a_subheading(doc, report_text):
    # 13 boxes "Sammanfattning – ..." (one wrapped double-spaced, lines 8113-8115).
    assert len(re.findall(r"(?m)^ ?Sammanfattning – ", report_text)) == 13
    boxes = [s for s in doc.sections if s.title.startswith("Sammanfattning – ")]
    assert len(boxes) == 13
    assert boxes[-3].title == (
        "Sammanfattning – Regional handlingsplan för att integrera och stärka klimat- och miljöperspektiven"
    )
    assert all(s.number is None and doc.sections[s.parent_seq].number for s in boxes)
