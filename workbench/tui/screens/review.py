"""Side-by-side disagreement review: one disagreement at a time, settled with one key.

The reviewer sees the passage text and each coder's reading next to each
other and decides: ``a``/``b`` (and 3–9) take that coder, ``o``/``2`` both,
``n`` neither, ``e`` edit the regions; a reason prompt follows, prefilled with
a default that enter accepts. Writes go through the core's ``settle_case`` /
``settle_passage`` (the consensus is seeded with ``start_consensus`` first
when it does not exist yet). Only a reviewer settles: anyone else is told so
in one line, with the command that makes a reviewer; nobody is promoted here.
"""

from __future__ import annotations

from typing import Any, Sequence

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from .. import review_data
from ..messages import WorkerErrorsToToasts
from ..widgets.key_bar import KeyBar


def take_keys(coders: Sequence[str]) -> dict[str, str]:
    """Key -> coder: a and b for the first two, then 3, 4, ... by position."""
    keys = {}
    for i, coder in enumerate(coders):
        keys["ab"[i] if i < 2 else str(i + 1)] = coder
    return keys


def coder_panel(item: review_data.ReviewItem, coder: str, key: str) -> Text:
    """What one coder did for this disagreement: gives it or not, the regions, memo and quote."""
    text = Text()
    text.append(f" {key} ", style="bold reverse")
    text.append(f" {coder}\n", style="bold")
    if item.kind == "case":
        gives = coder in item.case_item.given_by
        text.append(f"gives {item.case} the code\n" if gives else f"does not give {item.case} the code\n",
                    style="green" if gives else "red")
        evidence = item.case_item.evidence.get(coder, ())
    else:
        evidence = item.passage.by_coder.get(coder, ())
        if not evidence:
            text.append("did not code this passage with the code\n", style="red")
        elif item.passage.kind == "cases":
            named = {c: {x for e in evs for x in e.cases} for c, evs in item.passage.by_coder.items() if evs}
            common = set.intersection(*named.values()) if named else set()
            only = [c for c in sorted(named[coder] - common, key=_case_key)]
            text.append(f"only this coder: {', '.join(only) or '—'}\n", style="yellow")
    for ev in evidence:
        text.append(f"\npassage {ev.passage}", style="bold")
        if ev.code != item.code:
            text.append(f" · {ev.code}", style="dim")
        text.append(f"\n{len(ev.cases)}: {', '.join(ev.cases) or 'none'}\n", style="cyan")
        if ev.memo:
            text.append(f"memo: {ev.memo}\n", style="italic")
        if ev.span is not None:  # a whole-passage coding's text is shown above
            text.append(f"“{ev.quote}”\n", style="dim")
    return text


def _case_key(name: str):
    from workbench.core.agreement.levels import case_sort_key

    return case_sort_key(name)


def involved_passages(item: review_data.ReviewItem) -> list[int]:
    """The passages a disagreement is about (one for a passage; those with the case's evidence for a case)."""
    if item.kind == "passage":
        return [item.passage.passage_id]
    return sorted({ev.passage_id for evs in item.case_item.evidence.values() for ev in evs})


class ReviewScreen(WorkerErrorsToToasts, ModalScreen[bool]):
    """The disagreements of one code (and its subtree) at case or passage level; dismisses with "settled any"."""

    DEFAULT_CSS = """
    ReviewScreen .review { width: 98%; height: 95%; background: $panel; border: thick $primary; padding: 0 1; }
    ReviewScreen #review-where { height: auto; margin-bottom: 1; }
    ReviewScreen #review-text { height: 1fr; max-height: 12; border: round $panel-lighten-2; }
    ReviewScreen #review-coders { height: 2fr; }
    ReviewScreen .coder-panel { width: 1fr; border: round $panel-lighten-2; padding: 0 1; }
    ReviewScreen #review-status { height: auto; }
    ReviewScreen #review-status.-refused { color: $error; }
    """

    BINDINGS = [
        Binding("a", "take('a')", "Take A", id="review.take-a"),
        Binding("b", "take('b')", "Take B", id="review.take-b"),
        Binding("3", "take('3')", "Take 3", id="review.take-3", show=False),
        Binding("4", "take('4')", "Take 4", id="review.take-4", show=False),
        Binding("5", "take('5')", "Take 5", id="review.take-5", show=False),
        Binding("6", "take('6')", "Take 6", id="review.take-6", show=False),
        Binding("o,2", "both", "Both", id="review.both"),
        Binding("n", "neither", "Neither", id="review.neither"),
        Binding("e", "edit", "Edit", id="review.edit"),
        # Priority: arrows move between disagreements even when a long passage text has the focus
        # (pageup/pagedown still scroll it).
        Binding("j,down", "next", "Next", id="review.next", priority=True),
        Binding("k,up", "previous", "Previous", id="review.previous", priority=True),
        Binding("escape", "close", "Close", id="review.close"),
    ]

    def __init__(self, code: str, level: str, coders: Sequence[str], *, section: str | None = None) -> None:
        super().__init__()
        self.section = section
        self.code = code
        self.level = level
        self.coders = tuple(coders)
        self.keys = take_keys(self.coders)
        self.data: review_data.ReviewData | None = None
        self.index = 0
        self.problem: str | None = None  # why the current coder may not settle (None: a reviewer)
        self.changed = False  # something was settled: the reader reloads its codings on close

    def compose(self) -> ComposeResult:
        with Vertical(classes="review"):
            yield Label(f"Disagreements: {self.code} — loading…", id="review-title", classes="dialog-title")
            yield Static("", id="review-where")
            with VerticalScroll(id="review-text"):
                yield Static("", id="review-passages")
            with Horizontal(id="review-coders"):
                for i, coder in enumerate(self.coders):
                    with VerticalScroll(classes="coder-panel", id=f"panel-{i}"):
                        yield Static("", id=f"coder-{i}")
            yield Static("", id="review-status")
        yield KeyBar(self.key_bar_bindings())

    def key_bar_bindings(self) -> list[Binding]:
        """The class's bindings with each take key named after its coder ('a take coder-b')."""
        out = []
        for binding in self.BINDINGS:
            if binding.action.startswith("take("):
                coder = self.keys.get(binding.key)
                if coder is None:
                    continue
                binding = Binding(binding.key, binding.action, f"Take {coder}", show=True)
            out.append(binding)
        return out

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="review-load")
    def load(self, keep: tuple | None = None) -> None:
        store = self.app.store
        problem = review_data.reviewer_problem(store, self.app.coder)
        found = review_data.review_items(store, code=self.code, level=self.level, coders=self.coders,
                                         reviewer=self.app.coder, section=self.section)
        self.app.call_from_thread(self.loaded, found, problem, keep)

    def loaded(self, found: review_data.ReviewData, problem: str | None, keep: tuple | None) -> None:
        self.data = found
        self.problem = problem
        if keep is not None:
            keys = [item.key for item in found.items]
            if keep in keys:
                self.index = keys.index(keep)
        self.index = min(self.index, max(len(found.items) - 1, 0))
        self.show_item()

    @property
    def item(self) -> review_data.ReviewItem | None:
        if self.data is None or not self.data.items:
            return None
        return self.data.items[self.index]

    def show_item(self) -> None:
        data, item = self.data, self.item
        title = self.query_one("#review-title", Label)
        status = self.query_one("#review-status", Static)
        status.set_class(self.problem is not None, "-refused")
        if item is None:
            title.update(f"Disagreements: {self.code} — none at {self.level} level between {', '.join(self.coders)}")
            for widget in ("#review-where", "#review-passages"):
                self.query_one(widget, Static).update("")
            for i in range(len(self.coders)):
                self.query_one(f"#coder-{i}", Static).update("")
            status.update(self.problem or "Nothing to settle.")
            return
        settled = sum(1 for x in data.items if x.settled)
        title.update(f"Disagreements: {self.code} · {self.level} level · {self.index + 1}/{len(data.items)}"
                     f" · {settled} settled")
        where = Text()
        where.append("✓ " if item.settled else "• ", style="green" if item.settled else "yellow")
        where.append(item.code, style="bold")
        if item.kind == "case":
            where.append(f" · {item.case}", style="bold")
            where.append(f" · given by {', '.join(item.case_item.given_by)}; not by {', '.join(item.case_item.not_given_by)}")
        else:
            p = item.passage
            what = "coded by some coders" if p.kind == "coded" else "all coded it, naming different regions"
            where.append(f" · passage {p.number} of {p.document} · {what}")
        self.query_one("#review-where", Static).update(where)
        self.query_one("#review-passages", Static).update(self.passage_text(item))
        for i, coder in enumerate(self.coders):
            key = next(k for k, c in self.keys.items() if c == coder)
            self.query_one(f"#coder-{i}", Static).update(coder_panel(item, coder, key))
        if self.problem:
            status.update(self.problem)
        elif item.settled:
            status.update(Text(f"settled: {item.settled}", style="green"))
        else:
            status.update(Text("not settled yet", style="dim"))

    def passage_text(self, item: review_data.ReviewItem) -> Text:
        text = Text()
        for pid in involved_passages(item):
            number, _title, body = self.data.texts[pid]
            if text:
                text.append("\n\n")
            text.append(f"passage {number}\n", style="bold")
            part = Text(" ".join(body.split()))
            if item.kind == "case":
                part.highlight_words([item.case], style="bold reverse")
            text.append_text(part)
        return text

    # -- moving ----------------------------------------------------------

    def action_next(self) -> None:
        if self.data and self.index < len(self.data.items) - 1:
            self.index += 1
            self.show_item()

    def action_previous(self) -> None:
        if self.data and self.index > 0:
            self.index -= 1
            self.show_item()

    # -- settling --------------------------------------------------------

    def _can_settle(self) -> bool:
        if self.item is None:
            return False
        if self.problem:
            self.notify(self.problem, severity="error", timeout=8)
            return False
        return True

    def action_take(self, key: str) -> None:
        coder = self.keys.get(key)
        if coder is None or not self._can_settle():
            return
        self.ask_reason("take", f"take {coder}", coder=coder)

    def action_both(self) -> None:
        if self._can_settle():
            self.ask_reason("both", "both: " + " and ".join(self.coders))

    def action_neither(self) -> None:
        if self._can_settle():
            self.ask_reason("neither", "neither coder")

    def action_edit(self) -> None:
        from .pickers import RegionPicker

        if not self._can_settle():
            return
        item = self.item
        passages = involved_passages(item)
        if len(passages) != 1:
            self.notify(f"{item.case} is given on {len(passages)} passages - edit settles one passage: "
                        "review this code at passage level (l on the agreement screen)", severity="warning", timeout=8)
            return
        pid = passages[0]
        evidence = (item.case_item.evidence if item.kind == "case" else item.passage.by_coder).values()
        marked = sorted({c for evs in evidence for ev in evs if ev.passage_id == pid for c in ev.cases}, key=_case_key)
        number = self.data.texts[pid][0]
        self.app.push_screen(
            RegionPicker(self.data.cases[item.code], marked, noun=self.data.nouns[item.code],
                         title=f"{item.code} — consensus {self.data.nouns[item.code]} for passage {number}"),
            lambda picked: self.ask_reason("edit", "edit: " + ", ".join(picked[0]), cases=picked[0], passage_id=pid)
            if picked is not None else None,
        )

    def ask_reason(self, decision: str, default: str, *, coder: str | None = None, cases: list[str] | None = None,
                   passage_id: int | None = None) -> None:
        from .pickers import TextPrompt

        item = self.item
        self.app.push_screen(
            TextPrompt(f"Reason for '{default}' (enter accepts, esc cancels)", value=default),
            lambda reason: self.settle(item, decision, reason, coder, cases, passage_id) if reason else None,
        )

    def settle(self, item: review_data.ReviewItem, decision: str, reason: str, coder: str | None,
               cases: list[str] | None, passage_id: int | None) -> None:
        def write() -> tuple[Any, Any]:
            # A refusal (or any failure) ends the write; the app shows it as a one-line toast.
            return review_data.settle(self.app.store, item, reviewer=self.app.coder, coders=self.coders,
                                      decision=decision, reason=reason, coder=coder, cases=cases,
                                      passage_id=passage_id)

        self.app.writer.submit(write, done=lambda result: self.settled(item, *result))

    def settled(self, item: review_data.ReviewItem, started: Any, done: Any) -> None:
        self.changed = True
        if started is not None:
            self.notify(f"Consensus started: {started.created} agreed coding(s) copied.", timeout=4)
        where = f"case {item.case}" if item.kind == "case" else f"passage {item.passage.number}"
        self.notify(f"Settled {item.code.rsplit('/', 1)[-1]} · {where}: {done.decision}"
                    f"{' ' + done.coder if done.coder else ''} (audit {done.audit_id})", timeout=4)
        following = self.data.items[self.index + 1].key if self.index + 1 < len(self.data.items) else item.key
        self.load(keep=following)

    def action_close(self) -> None:
        if self.changed:
            refresh_reader(self.app)
        self.dismiss(self.changed)


def refresh_reader(app) -> None:
    """Let the reader show the consensus codings just written (its codings and counts reload)."""
    reader = getattr(app, "reader_screen", None)
    if reader is not None and hasattr(reader, "reload_codings"):
        reader.reload_codings()
