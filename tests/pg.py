"""A throwaway PostgreSQL server for the tests that prove the team-server path.

PostgreSQL is the shared server for teams and runs the same code as SQLite.
When the server binaries are installed (``.ci/run`` installs them), a
private cluster is made in a temporary folder, listening only on a Unix
socket, and removed afterwards; without them the tests skip and say why.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path


def _bindir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _as_user() -> list[str]:
    if os.geteuid() != 0:
        return []
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        return []
    return ["runuser", "-u", "postgres", "--"]


@contextmanager
def temporary_cluster():
    """Yield a SQLAlchemy URL of a fresh, empty PostgreSQL database, or None."""
    bindir = _bindir()
    if bindir is None or (os.geteuid() == 0 and not _as_user()):
        yield None
        return
    folder = Path(tempfile.mkdtemp(prefix="wb-pg-"))
    if _as_user():
        shutil.chown(folder, "postgres")
    data, sock = folder / "data", folder
    run = lambda *args: subprocess.run([*_as_user(), *args], check=True, capture_output=True, timeout=60)  # noqa: E731
    try:
        run(str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres")
        run(str(bindir / "pg_ctl"), "-D", str(data), "-w", "-l", str(folder / "log"),
            "-o", f"-k {sock} -c listen_addresses='' -c fsync=off", "start")
        yield f"postgresql+psycopg://postgres@/postgres?host={sock}"
    finally:
        subprocess.run([*_as_user(), str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True, timeout=60)
        shutil.rmtree(folder, ignore_errors=True)
