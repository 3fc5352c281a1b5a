"""Messages that carry worker results back to the UI thread."""

from __future__ import annotations

from typing import Any

from textual.message import Message


class DocumentLoaded(Message):
    def __init__(self, document: Any, then_passage: int | None = None, heights: Any = None) -> None:
        """``heights``: the passages' ``Heights``, measured in the loading thread (None: not measured)."""
        super().__init__()
        self.document = document
        self.then_passage = then_passage
        self.heights = heights


class CodebookLoaded(Message):
    def __init__(self, codebook: Any) -> None:
        super().__init__()
        self.codebook = codebook


class DocumentCodingsLoaded(Message):
    def __init__(self, document_id: int, codings: dict[int, list[Any]]) -> None:
        super().__init__()
        self.document_id = document_id
        self.codings = codings


class PassageDetailLoaded(Message):
    def __init__(self, detail: Any) -> None:
        super().__init__()
        self.detail = detail


class PassageDetailsRead(Message):
    """The side panels of the passages around the cursor, read ahead (``ticket`` tells a stale read)."""

    def __init__(self, details: list[Any], ticket: tuple[int, float]) -> None:
        super().__init__()
        self.details = details
        self.ticket = ticket


class PassageCodingsLoaded(Message):
    def __init__(self, passage_id: int, codings: list[Any]) -> None:
        super().__init__()
        self.passage_id = passage_id
        self.codings = codings


class CodingChanged(Message):
    """A coding was added, changed, removed, undone or redone (before/after are CodingViews or None).

    ``details`` (the touched passages read back) travel with the change, read
    in the same worker, so that the screen applies all of it at once: one frame
    after a save, not three. (The changed code's claim is phrased from the
    live counts, with no read.)
    """

    bubble = False  # the reader applies it; nothing above listens

    def __init__(self, before: Any, after: Any, summary: str, details: tuple[Any, ...] = ()) -> None:
        super().__init__()
        self.before = before
        self.after = after
        self.summary = summary
        self.details = details


class ClaimLoaded(Message):
    def __init__(self, path: str, result: Any, purpose: str = "panel", case: str | None = None) -> None:
        super().__init__()
        self.path = path
        self.result = result
        self.purpose = purpose
        self.case = case


class Navigate(Message):
    """Go to a passage (of any document)."""

    def __init__(self, passage_id: int, document_id: int | None = None) -> None:
        super().__init__()
        self.passage_id = passage_id
        self.document_id = document_id


def describe_error(error: BaseException) -> str:
    """One line for a toast: the core's own message for user errors, the kind and message otherwise."""
    from workbench.core.errors import WorkbenchError

    cause = error
    while getattr(cause, "__cause__", None) is not None and not isinstance(cause, WorkbenchError):
        cause = cause.__cause__  # WorkerFailed wraps the real error
    text = str(cause).strip().splitlines()[0] if str(cause).strip() else type(cause).__name__
    if isinstance(cause, WorkbenchError):
        return text
    return f"{type(cause).__name__}: {text}"


class WorkerErrorsToToasts:
    """Mixin for screens: a failed worker becomes a one-line toast, never a traceback."""

    def on_worker_state_changed(self, event) -> None:
        from textual.worker import WorkerState

        if event.state == WorkerState.ERROR and event.worker.error is not None:
            self.notify(describe_error(event.worker.error), severity="error", timeout=8)
