"""Turning any exception into the one line a user reads, without Qt.

Each package raises its own typed errors (viewers.core.errors, review.errors, sync.errors);
all of them derive from `review.errors.PlanReviewError`, whose message is written for people.
The system's errors are worded here once: in English for the command line, and through
`translate` in the interface's language for the desktop (desktop/errors.py).
"""
from __future__ import annotations

from collections.abc import Callable

from review.errors import PlanReviewError

Translate = Callable[[str, str], str]


class UsageError(PlanReviewError):
    """A bad flag or argument on the command line."""


def untranslated(context: str, text: str) -> str:
    return text


def user_message(exc: BaseException, translate: Translate = untranslated,
                 shown: Callable[[str], str] = str) -> tuple[str, bool]:
    """Returns (message, expected). `shown` presents a value (a file name) inside the
    sentence. Unexpected errors are for the log, with their traceback."""
    if isinstance(exc, PlanReviewError):
        return str(exc), True
    if isinstance(exc, ModuleNotFoundError) and exc.name:
        package = exc.name.partition(".")[0]
        return translate("Errors", "this needs the Python package %1, which is not installed"
                         ).replace("%1", shown(package)), True
    if isinstance(exc, FileNotFoundError):
        return translate("Errors", "file not found: %1").replace("%1", shown(exc.filename)), True
    if isinstance(exc, IsADirectoryError):
        return translate("Errors", "is a directory, not a file: %1").replace(
            "%1", shown(exc.filename)), True
    if isinstance(exc, PermissionError):
        return translate("Errors", "permission denied: %1").replace(
            "%1", shown(exc.filename)), True
    if isinstance(exc, OSError) and exc.strerror:
        where = f": {exc.filename}" if exc.filename else ""
        return f"{exc.strerror}{where}", True
    if isinstance(exc, MemoryError):
        return translate("Errors", "out of memory while processing the file"), True
    return f"unexpected {type(exc).__name__}: {exc}", False
