"""Intercoder agreement per code, the table ``workbench agreement`` prints; enter reviews a code.

Values are coloured by Krippendorff's thresholds (below 0.667 red, below 0.8
yellow), as in the CLI; an undefined value is "n/a" and the highlighted row's
reasons are spelled out under the table.
"""

from __future__ import annotations

from typing import Any, Sequence

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Label, SelectionList, Static
from textual.widgets.selection_list import Selection

from .. import review_data
from ..messages import WorkerErrorsToToasts
from ..widgets.key_bar import KeyBar

STYLE = {"n/a": "dim", "low": "red", "tentative": "yellow", "good": "green"}


def cell(name: str, value: float | None) -> Text:
    """A measure as the CLI shows it: percent with one decimal, the others with three, coloured."""
    from workbench.core.agreement.report import verdict

    if value is None:
        return Text("n/a", style="dim", justify="right")
    if name == "percent":
        return Text(f"{100 * value:.1f}", justify="right")
    return Text(f"{value:.3f}", style=STYLE[verdict(value)], justify="right")


def kappa_name(n_coders: int) -> str:
    """Cohen's kappa for two coders, Fleiss' for three or more (the other is n/a by definition)."""
    return "cohen_kappa" if n_coders == 2 else "fleiss_kappa"


def code_label(path: str, width: int = 46) -> Text:
    """A code as the matrix shows it: indented by depth, its own name; pooled and mean in italics."""
    if path.startswith("("):
        return Text(path, style="italic")
    name = "  " * path.count("/") + path.rsplit("/", 1)[-1]
    return Text(name if len(name) <= width else name[: width - 1] + "…", style="" if "/" in path else "bold")


COLUMNS = ("percent", "kappa", "krippendorff_alpha", "gwet_ac1", "brennan_prediger")
LABELS = {"percent": "%", "cohen_kappa": "Cohen", "fleiss_kappa": "Fleiss", "krippendorff_alpha": "α",
          "gwet_ac1": "AC1", "brennan_prediger": "BP"}


def pairwise_line(report: Any) -> Text:
    """With three coders or more: each coder's mean Cohen's kappa with the others (pooled), lowest first.

    The CLI prints the whole pairwise matrix; one line is enough to spot the coder who reads differently.
    """
    if report.pairwise is None:
        return Text("")
    means = report.pairwise.mean_by_coder()
    text = Text("Cohen's κ with the others (pooled, mean per coder): ", style="dim")
    ranked = sorted(means.items(), key=lambda kv: (kv[1].value is None, kv[1].value if kv[1].value is not None else 0))
    for i, (name, measure) in enumerate(ranked):
        if i:
            text.append(" · ", style="dim")
        text.append(f"{name} ")
        text.append_text(cell("kappa", measure.value))
    return text


class CoderChooser(ModalScreen[list[str] | None]):
    """Tick the coders to compare (two or more)."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="coders.cancel"),
        Binding("ctrl+s", "confirm", "Use these", id="coders.save"),
    ]

    def __init__(self, roster: Sequence[Any], chosen: Sequence[str]) -> None:
        super().__init__()
        self.roster = list(roster)
        self.chosen = set(chosen)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog prompt"):
            yield Label("Coders to compare (space ticks, ctrl+s uses them)", classes="dialog-title")
            yield SelectionList[str](
                *(Selection(f"{c.name}  ({c.role}{'' if c.has_codings else ', no codings'})", c.name, c.name in self.chosen)
                  for c in self.roster if c.role != "reviewer"),
                id="coder-list",
            )
            with Horizontal(classes="buttons"):
                yield Button("Use  ctrl+s", id="use", variant="primary")

    def on_mount(self) -> None:
        self.query_one(SelectionList).focus()

    @on(Button.Pressed, "#use")
    def action_confirm(self) -> None:
        picked = list(self.query_one(SelectionList).selected)
        if len(picked) < 2:
            self.notify("Tick two coders or more.", severity="warning")
            return
        self.dismiss(picked)

    def action_cancel(self) -> None:
        self.dismiss(None)


class AgreementScreen(WorkerErrorsToToasts, ModalScreen[None]):
    """The per-code agreement table at case or passage level, for the chosen coders."""

    DEFAULT_CSS = """
    AgreementScreen .agreement { width: 95%; height: 90%; background: $panel; border: thick $primary; padding: 0 1; }
    AgreementScreen #agreement-table { height: 1fr; }
    AgreementScreen #agreement-reasons { height: 3; color: $text-muted; }
    AgreementScreen #agreement-pairs { height: auto; }
    """

    BINDINGS = [
        Binding("enter", "review", "Review code", id="agreement.review"),
        Binding("l", "toggle_level", "Case/passage", id="agreement.level"),
        Binding("c", "choose_coders", "Coders", id="agreement.coders"),
        Binding("s", "choose_section", "Section", id="agreement.section"),
        Binding("escape", "close", "Close", id="agreement.close"),
    ]

    def __init__(self, level: str = "case", coders: Sequence[str] | None = None, section: str | None = None) -> None:
        super().__init__()
        self.level = level
        self.section = section  # a section number (and below), like --section; None: the whole project
        # Until someone chooses (s), the part every chosen coder coded: where comparing them means something.
        self.section_chosen = section is not None
        self.shared: Any = None  # core agreement.coverage.SharedPart behind the default section
        self.coders: list[str] | None = list(coders) if coders else None  # None: every coder with codings, like the CLI
        self.report: Any = None
        self.rows: list[Any] = []  # Entry per table row (entries, then pooled and mean)

    def compose(self) -> ComposeResult:
        with Vertical(classes="agreement"):
            yield Label("Agreement", id="agreement-title", classes="dialog-title")
            yield DataTable(id="agreement-table", cursor_type="row", zebra_stripes=True)
            yield Static("", id="agreement-reasons")
            yield Static("", id="agreement-pairs")
            yield Label("α < 0.667 red, < 0.8 yellow · % agreement, Cohen's (2 coders) or Fleiss' (3+) κ, "
                        "Krippendorff's α, Gwet's AC1, Brennan–Prediger", classes="subtle legend")
        yield KeyBar(self.BINDINGS)

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self.reload()

    def reload(self) -> None:
        self.query_one("#agreement-title", Label).update(f"Agreement at {self.level} level — computing…")
        self.compute(self.level, tuple(self.coders or ()), self.section, self.section_chosen)

    @work(thread=True, exclusive=True, exit_on_error=False, group="agreement")
    def compute(self, level: str, coders: tuple[str, ...], section: str | None, chosen: bool) -> None:
        store = self.app.store
        shared = None if chosen else review_data.shared_section(store, coders or None)
        if not chosen:
            section = shared.section if shared else None
        report = review_data.agreement_report(store, level=level, coders=coders or None, reviewer=self.app.coder,
                                              section=section, document_id=shared.document_id if shared else None)
        self.app.call_from_thread(self.show, report, section, shared)

    def on_worker_state_changed(self, event) -> None:
        """A refused computation (e.g. a blind project and no reviewer) is a toast, and the title says so too."""
        from textual.worker import WorkerState

        from ..messages import describe_error

        super().on_worker_state_changed(event)
        if event.state == WorkerState.ERROR and event.worker.group == "agreement" and event.worker.error is not None:
            self.query_one("#agreement-title", Label).update(f"Agreement at {self.level} level — "
                                                             f"{describe_error(event.worker.error)}")

    def show(self, report: Any, section: str | None = None, shared: Any = None) -> None:
        self.report = report
        self.section, self.shared = section, shared
        kappa = kappa_name(len(report.coders))
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear(columns=True)
        table.add_column("Code", key="code")
        for key, label in (("units", "Units"), ("coders", "Coders")):
            table.add_column(Text(label, justify="right"), key=key)
        for name in COLUMNS:
            name = kappa if name == "kappa" else name
            table.add_column(Text(LABELS[name], justify="right"), key=name)
        self.rows = [*report.entries, *(e for e in (report.pooled, report.mean) if e is not None)]
        for entry in self.rows:
            values = entry.summary.values()
            table.add_row(
                code_label(entry.code),
                Text(str(entry.summary.n_units), justify="right"),
                Text(str(entry.summary.n_coders), justify="right"),
                *(cell(n, values[kappa if n == "kappa" else n]) for n in COLUMNS),
            )
        if self.rows:
            table.move_cursor(row=min(max(keep, 0), len(self.rows) - 1))
        where = (f" in section {self.shared.heading} (the part every coder coded; s: another)" if self.shared
                 else f" in section {self.section}" if self.section else "")
        self.query_one("#agreement-title", Label).update(
            f"Agreement at {report.level} level{where}"
            f" — coders: {', '.join(report.coders)}"
            + (f"  ·  {report.notes[0]}" if report.notes else ""))
        self._reasons()
        self.query_one("#agreement-pairs", Static).update(pairwise_line(report))

    @on(DataTable.RowHighlighted)
    def _reasons(self, event=None) -> None:
        """The highlighted row's n/a reasons, e.g. 'α: every unit has the same value'."""
        if not self.rows or self.report is None:
            return
        row = self.query_one(DataTable).cursor_row
        if not 0 <= row < len(self.rows):
            return
        entry = self.rows[row]
        shown = {kappa_name(len(self.report.coders)), "percent", "krippendorff_alpha", "gwet_ac1", "brennan_prediger"}
        reasons = [f"{LABELS[n]} n/a: {r.removeprefix('n/a: ')}" for n, r in entry.summary.reasons().items() if n in shown]
        if entry.n_undefined:
            left_out = [f"{LABELS[n]} {k}" for n, k in entry.n_undefined.items() if k and n in shown]
            if left_out:
                reasons.append(f"mean leaves out the n/a codes: {', '.join(left_out)}")
        text = Text(entry.code, style="bold")
        text.append("  " + ("; ".join(reasons) if reasons else "every measure defined"))
        self.query_one("#agreement-reasons", Static).update(text)

    def action_review(self) -> None:
        from .review import ReviewScreen

        if self.report is None or not self.rows:
            return
        entry = self.rows[self.query_one(DataTable).cursor_row]
        if entry.code.startswith("("):
            self.notify("Pick a code: pooled and mean rows have no disagreements of their own.")
            return
        self.app.push_screen(ReviewScreen(entry.code, self.level, self.report.coders, section=self.section),
                             self._reviewed)

    def _reviewed(self, settled: bool | None) -> None:
        if settled:
            self.reload()  # the consensus changed: a table that compares it shows the new values

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        self.action_review()

    def action_toggle_level(self) -> None:
        self.level = "passage" if self.level == "case" else "case"
        self.reload()

    def action_choose_section(self) -> None:
        from .pickers import TextPrompt

        self.app.push_screen(
            TextPrompt("Only this section and below (a number such as 3.4; empty: the whole project)",
                       value=self.section or "", allow_empty=True),
            self._section_chosen,
        )

    def _section_chosen(self, value: str | None) -> None:
        if value is not None:
            self.section = value or None  # empty: the whole project
            self.section_chosen = True
            self.reload()

    def action_choose_coders(self) -> None:
        self.load_roster()

    @work(thread=True, exclusive=True, exit_on_error=False, group="agreement-roster")
    def load_roster(self) -> None:
        roster = review_data.coder_roster(self.app.store)
        chosen = self.coders or (self.report.coders if self.report else ())
        self.app.call_from_thread(self.app.push_screen, CoderChooser(roster, chosen), self._coders_chosen)

    def _coders_chosen(self, coders: list[str] | None) -> None:
        if coders:
            self.coders = coders
            self.reload()

    def action_close(self) -> None:
        self.dismiss(None)
