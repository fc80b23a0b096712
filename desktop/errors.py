"""Turning any exception into the one-line message a user reads.

Each package raises its own typed errors (viewers.core.errors, review.errors, sync.errors);
all of them derive from `review.errors.PlanReviewError`, whose message is written for people.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop.i18n import current_language, isolated
from desktop.viewer_messages import error_text
from review.errors import PlanReviewError
from viewers.core.errors import ViewerError


translate = QCoreApplication.translate


class UsageError(PlanReviewError):
    """A bad flag or argument on the command line."""


def user_message(exc: BaseException) -> tuple[str, bool]:
    """Returns (message, expected), in the interface's language where the message is ours.
    Unexpected errors are logged with their traceback."""
    if isinstance(exc, ViewerError):
        return error_text(exc), True
    if isinstance(exc, PlanReviewError):
        return str(exc), True
    if isinstance(exc, FileNotFoundError):
        return _filled(translate("Errors", "file not found: %1"), exc.filename), True
    if isinstance(exc, IsADirectoryError):
        return _filled(translate("Errors", "is a directory, not a file: %1"), exc.filename), True
    if isinstance(exc, PermissionError):
        return _filled(translate("Errors", "permission denied: %1"), exc.filename), True
    if isinstance(exc, OSError) and exc.strerror:
        where = f": {exc.filename}" if exc.filename else ""
        return f"{exc.strerror}{where}", True
    if isinstance(exc, MemoryError):
        return translate("Errors", "out of memory while processing the file"), True
    return f"unexpected {type(exc).__name__}: {exc}", False


def _filled(text: str, value) -> str:
    """`text` with %1 as `value`, isolated inside a sentence of the other direction."""
    value = str(value)
    return text.replace("%1", value if current_language() == "en" else isolated(value))
