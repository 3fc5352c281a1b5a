"""The one exception type the faces catch.

Every error a user can cause (bad file, unknown code, wrong schema version)
is a ``WorkbenchError`` whose message is one line naming the file, line or
value and a fix. The CLI prints it and exits 2; the TUI shows it as a toast.
Anything else is a bug and may show a traceback.
"""

from __future__ import annotations


class WorkbenchError(Exception):
    """A user-facing error: ``str(err)`` is the one line to show."""


class NotFound(WorkbenchError):
    """A named thing (code, case, passage, coder) does not exist."""


class InvalidInput(WorkbenchError):
    """A file, row or expression could not be understood."""


class SchemaVersionError(WorkbenchError):
    """The database was made by another version of the schema."""
