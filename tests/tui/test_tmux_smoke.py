"""The real app in a real terminal (tmux): start it, send keys, read the screen."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import uuid

import pytest

pytestmark = pytest.mark.slow


def _capture(session: str) -> str:
    return subprocess.run(["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True).stdout


def _wait_for(session: str, text: str, timeout: float = 20.0) -> str:
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = _capture(session)
        if text in screen:
            return screen
        time.sleep(0.2)
    raise AssertionError(f"{text!r} did not appear on screen within {timeout} s; screen was:\n{screen}")


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (CI installs it for this test)")
def test_real_app_in_tmux(report_project_db, tmp_path):
    db = tmp_path / "project.db"
    shutil.copy(report_project_db, db)
    session = f"wb-smoke-{uuid.uuid4().hex[:8]}"
    # the terminal decides the size, not a COLUMNS/LINES the test run may have set
    command = f"env -u COLUMNS -u LINES {sys.executable} -m workbench tui --db {db} --coder smoke"
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "150", "-y", "42", command], check=True)
    subprocess.run(["tmux", "resize-window", "-t", session, "-x", "150", "-y", "42"], capture_output=True)
    try:
        _wait_for(session, "Sammanfattning")  # the report's first section: the document is shown
        subprocess.run(["tmux", "send-keys", "-t", session, "f"], check=True)
        _wait_for(session, "footnote number")
        subprocess.run(["tmux", "send-keys", "-t", session, "-l", "195"], check=True)
        subprocess.run(["tmux", "send-keys", "-t", session, "Enter"], check=True)
        screen = _wait_for(session, "[195] Blekinge")
        assert "13 regioner[195] lyfter" in screen, screen
        subprocess.run(["tmux", "send-keys", "-t", session, "q"], check=True)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            alive = subprocess.run(["tmux", "has-session", "-t", session], capture_output=True).returncode == 0
            if not alive:
                break
            time.sleep(0.2)
        assert not alive, "the app did not quit on q"
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
