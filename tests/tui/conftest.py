"""Shared set-up for the TUI tests: async tests run on a fresh asyncio loop."""

from __future__ import annotations

import asyncio
import inspect

import pytest


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem):
    """Run ``async def`` tests in this folder without needing a pytest asyncio plugin."""
    if inspect.iscoroutinefunction(pyfuncitem.obj):
        kwargs = {name: pyfuncitem.funcargs[name] for name in pyfuncitem._fixtureinfo.argnames}
        asyncio.run(pyfuncitem.obj(**kwargs))
        return True
    return None


ROOT = __import__("pathlib").Path(__file__).resolve().parents[2]
REPORT = ROOT / "examples" / "regionalt-tillvaxtarbete-2020.txt"
CODEBOOK = ROOT / "codebooks" / "regional-tillvaxt-2020.yaml"


@pytest.fixture(scope="session")
def report_project_db(tmp_path_factory):
    """The bundled report imported and the 2020 codebook installed, built once per session."""
    from workbench.core.codebooks import install_codebook, load_codebook_file
    from workbench.core.db import open_store
    from workbench.core.importing.writer import import_file

    path = tmp_path_factory.mktemp("tui-project") / "project.db"
    store = open_store(str(path))
    import_file(store, REPORT)
    with store.transaction() as conn:
        install_codebook(conn, load_codebook_file(CODEBOOK))
    store.close()
    return path


def private_copy(built, tmp_path):
    """An open store on a copy of a project built once, so that a test may write to it; closed after the test."""
    import shutil

    from workbench.core.db import open_store

    copy = tmp_path / built.name
    shutil.copy(built, copy)
    store = open_store(str(copy))
    yield store
    store.close()


@pytest.fixture
def project(report_project_db, tmp_path):
    """A private copy of the report project."""
    yield from private_copy(report_project_db, tmp_path)


def screen_text(app) -> str:
    """What the terminal shows, as plain text (the top screen composited over the ones below)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def settle(app, pilot, delay: float = 0.15) -> None:
    """Let debounced refreshes fire and every worker and write finish."""
    await pilot.pause(delay)
    await app.writer.idle()
    await app.workers.wait_for_complete()
    await pilot.pause(0.05)


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory):
    """The demo project (report, codebook, the report's own codings, coder-b and coder-c), built once per session."""
    from workbench.core.demo import build_demo

    return build_demo(tmp_path_factory.mktemp("tui-demo") / "demo.db").db_path


@pytest.fixture
def demo(demo_db, tmp_path):
    """A private copy of the demo project."""
    yield from private_copy(demo_db, tmp_path)
