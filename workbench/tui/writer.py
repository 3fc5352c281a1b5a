"""The project's writes: one at a time, in the order asked, off the UI thread.

Why not a Textual thread worker per write, as the reads are: those run on a
shared pool, side by side, so writes asked for in quick succession (a save,
then ``u`` at once) raced: the undo could run first and undo an older action,
or find SQLite locked by the save (tests/tui/test_writer.py shows both with
more than one thread). One thread takes the writes in order instead.

The thread never waits for the UI: a write's result and its failure reach
the UI thread as messages (``Done``, ``Failed``), so closing the app, which
waits for the writes asked for (none is lost), cannot wait on a write that
waits on the app. A failure becomes a toast, never a traceback.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from textual.message import Message


class Writer:
    """Runs write jobs in one background thread, in order; ``idle()`` waits for them."""

    class Done(Message):
        """A write's result, for ``then`` to show (in the UI thread)."""

        def __init__(self, then: Callable[[Any], object], result: Any) -> None:
            super().__init__()
            self.then = then
            self.result = result

    class Failed(Message):
        """A write raised ``error`` and changed nothing; ``then`` (if any) undoes what waited for it."""

        def __init__(self, error: BaseException, then: Callable[[], object] | None) -> None:
            super().__init__()
            self.error = error
            self.then = then

    def __init__(self, post: Callable[[Message], object]) -> None:
        """``post``: hands a message to the UI thread from any thread (the app's ``post_message``)."""
        self._post = post
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="workbench-writes")
        self._pending: set[Future] = set()

    def submit(self, job: Callable[[], Any], *, done: Callable[[Any], object] | None = None,
               failed: Callable[[], object] | None = None) -> None:
        """Run ``job`` after the writes asked for before it; then ``done(result)`` or ``failed()`` in the UI thread."""

        def run() -> None:
            try:
                result = job()
            except Exception as error:
                self._post(Writer.Failed(error, failed))
            else:
                if done is not None:
                    self._post(Writer.Done(done, result))

        future = self._pool.submit(run)
        self._pending.add(future)
        future.add_done_callback(self._pending.discard)

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    async def idle(self) -> None:
        """Until every write asked for so far is done (tests, the benchmark)."""
        while self._pending:
            await asyncio.gather(*(asyncio.wrap_future(f) for f in list(self._pending)))

    def close(self) -> None:
        """Finish the writes asked for, then stop the thread."""
        self._pool.shutdown(wait=True)
