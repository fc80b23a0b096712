"""Turning any exception into the one-line message a user reads.

Each package raises its own typed errors (viewers.core.errors, review.errors, sync.errors);
all of them derive from `review.errors.PlanReviewError`, whose message is written for people.
"""
from __future__ import annotations

from desktop.viewer_messages import error_text
from review.errors import PlanReviewError
from viewers.core.errors import ViewerError


class UsageError(PlanReviewError):
    """A bad flag or argument on the command line."""


def user_message(exc: BaseException) -> tuple[str, bool]:
    """Returns (message, expected). Unexpected errors are logged with their traceback."""
    if isinstance(exc, ViewerError):
        return error_text(exc), True
    if isinstance(exc, PlanReviewError):
        return str(exc), True
    if isinstance(exc, FileNotFoundError):
        return f"file not found: {exc.filename}", True
    if isinstance(exc, IsADirectoryError):
        return f"is a directory, not a file: {exc.filename}", True
    if isinstance(exc, PermissionError):
        return f"permission denied: {exc.filename}", True
    if isinstance(exc, OSError) and exc.strerror:
        where = f": {exc.filename}" if exc.filename else ""
        return f"{exc.strerror}{where}", True
    if isinstance(exc, MemoryError):
        return "out of memory while processing the file", True
    return f"unexpected {type(exc).__name__}: {exc}", False
