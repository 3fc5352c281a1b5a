"""The project's writes: one at a time, in the order asked, off the UI thread.

Why not a Textual thread worker per write, as the reads are: those run on a
shared pool, side by side, so writes asked for in quick succession (a save,
then ``u`` at once) raced: the undo could run first and undo an older action,
or find SQLite locked by the save (tests/tui/test_writer.py shows both with
more than one thread). One thread takes the writes in order instead. A write
that fails is reported as the workers' errors are (a toast, never a
traceback), and closing waits for the writes asked for: none is lost.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Callable


class Writer:
    """Runs write jobs in one background thread, in order; ``idle()`` waits for them."""

    def __init__(self, report_error: Callable[[BaseException], None]) -> None:
        """``report_error``: called in the UI thread with the error of a job that raised."""
        self._report_error = report_error
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="workbench-writes")
        self._pending: set[Future] = set()
        self._loop: asyncio.AbstractEventLoop | None = None

    def submit(self, job: Callable[[], object]) -> None:
        """Run ``job`` after the writes asked for before it (call from the UI thread)."""
        loop = self._loop = asyncio.get_running_loop()

        def run() -> None:
            try:
                job()
            except Exception as error:  # the job's own messages say what it did; this says what went wrong
                if not loop.is_closed():
                    loop.call_soon_threadsafe(self._report_error, error)

        future = self._pool.submit(run)
        self._pending.add(future)
        future.add_done_callback(self._pending.discard)

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    async def idle(self) -> None:
        """Until every write asked for so far is done (tests, the benchmark, a clean exit)."""
        while self._pending:
            await asyncio.gather(*(asyncio.wrap_future(f) for f in list(self._pending)))

    def close(self) -> None:
        """Finish the writes asked for, then stop the thread."""
        self._pool.shutdown(wait=True)
