"""Splitting Swedish report prose into sentences, keeping offsets.

A count claim and its footnote reference have to be read inside the same
sentence ("Tre regioner nämner utbyggnad ... och två regioner79 lyfter ..."),
and a reference placed after the full stop ("... beskrivs av 15 regioner.93")
still belongs to the sentence it closes. Abbreviations such as "t.ex.",
"bl.a.", "s.k." never end a sentence; "m.fl.", "m.m.", "osv." and "etc." end
one only when a capital letter follows, because they often close a list at
the end of a sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Never the end of a sentence, whatever follows ("bl.a. Stockholm", "Prop. 2019/20:100").
_NEVER_END = frozenset(
    """
    t.ex. bl.a. s.k. dvs. d.v.s. ca. cirka. resp. jfr. kap. nr. prop. p.g.a. pga. t.o.m. fr.o.m. f.d.
    e.g. i.e. ex. sid. s. st. fr.a. m.a.o. o.d. inkl. exkl. enl. ang. avd. bil. tel. mkr. mdkr. kr. milj.
    """.split()
)
# The end of a list, and often of the sentence: ends one when a capital follows.
_MAY_END = frozenset("m.fl. m.m. osv. o.s.v. etc. mfl. mm.".split())

_TERMINAL = ".!?…"
_CLOSERS = "”\"’')]»"
_OPENERS = "”“\"'(«[–-"


@dataclass(frozen=True)
class Sentence:
    start: int  # offset of the first character in the passage text
    end: int  # offset just after the terminal punctuation (and closing quotes)
    text: str

    def holds_ref(self, offset: int) -> bool:
        """A reference at ``offset`` belongs here: inside, or right after the closing full stop."""
        return self.start < offset <= self.end


def _token_before(text: str, i: int) -> str:
    """The whitespace-delimited token that ends at ``i`` (inclusive), lower-case, without opening brackets."""
    j = i
    while j > 0 and not text[j - 1].isspace():
        j -= 1
    return text[j : i + 1].lower().lstrip("(\"”“'«[")


def _ends_sentence(text: str, i: int) -> tuple[bool, int]:
    """Whether the punctuation at ``i`` ends a sentence, and where that sentence ends."""
    end = i + 1
    while end < len(text) and text[end] in _TERMINAL:
        end += 1
    while end < len(text) and text[end] in _CLOSERS:
        end += 1
    if end >= len(text):
        return True, end
    if not text[end].isspace():
        return False, end
    k = end
    while k < len(text) and text[k].isspace():
        k += 1
    if k >= len(text):
        return True, end
    nxt = text[k]
    starts_new = nxt.isupper() or nxt.isdigit() or nxt in _OPENERS
    if text[i] != ".":
        return starts_new, end
    token = _token_before(text, i)
    if token in _NEVER_END:
        return False, end
    if token in _MAY_END:
        return nxt.isupper(), end
    core = token.rstrip(".")
    if len(core) == 1 and core.isalpha():  # an initial: "E. Andersson"
        return False, end
    if re.fullmatch(r"\d{1,2}", core) and nxt.islower():  # "3. kap", ordinals
        return False, end
    return starts_new, end


def split_sentences(text: str) -> list[Sentence]:
    """The sentences of a passage, in order, each with its offsets in ``text``."""
    sentences: list[Sentence] = []
    start = 0
    i = 0
    n = len(text)
    while i < n:
        if text[i] in _TERMINAL:
            ends, end = _ends_sentence(text, i)
            if ends:
                s = start
                while s < end and text[s].isspace():
                    s += 1
                if s < end:
                    sentences.append(Sentence(s, end, text[s:end]))
                start = end
                i = end
                continue
            i = end
            continue
        i += 1
    s = start
    while s < n and text[s].isspace():
        s += 1
    if s < n:
        e = n
        while e > s and text[e - 1].isspace():
            e -= 1
        sentences.append(Sentence(s, e, text[s:e]))
    return sentences
