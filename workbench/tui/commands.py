"""The command palette: the main actions by name."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

ACTIONS = (
    ("Apply code…", "Code the current passage", "apply_code"),
    ("Code a span…", "Select words of the current passage and code them", "code_span"),
    ("Jump to section…", "Go to a section of the document", "jump_section"),
    ("Switch document…", "Open another document of the project", "switch_document"),
    ("Query a code…", "Which regions have a code: phrase, footnote, evidence", "query_code"),
    ("Search passages…", "Fuzzy full-text search", "search"),
    ("Go to footnote…", "The passage that references a footnote number", "jump_footnote"),
    ("Matrix", "Code × region for the codebook", "open_matrix"),
    ("Agreement", "Intercoder agreement per code; review and settle disagreements", "agreement"),
    ("Undo", "Undo your last coding change", "undo"),
    ("Redo", "Redo what you undid", "redo"),
    ("Help", "All keys", "help"),
)


class WorkbenchCommands(Provider):
    def _run(self, action: str) -> None:
        if action == "help":
            self.app.action_help()
            return
        if action == "agreement":
            self.app.action_agreement()
            return
        screen = self.app.reader_screen
        if screen is None:
            return
        method = getattr(screen, f"action_{action}", None) or getattr(screen, action)
        method()

    async def discover(self) -> Hits:
        for name, help_text, action in ACTIONS:
            yield DiscoveryHit(name, partial(self._run, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, action in ACTIONS:
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), partial(self._run, action), help=help_text)
