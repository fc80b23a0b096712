"""The one-line message a user reads for any exception, in the interface's language.

The rules and their English live in desktop/commands/errors.py (the command line's, Qt-free);
here they are translated, and the viewers' errors worded from their codes.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop.commands.errors import UsageError, user_message as _message
from desktop.i18n import current_language, isolated
from desktop.viewer_messages import error_text
from viewers.core.errors import ViewerError

__all__ = ["UsageError", "user_message"]


def user_message(exc: BaseException) -> tuple[str, bool]:
    """Returns (message, expected), in the interface's language where the message is ours."""
    if isinstance(exc, ViewerError):
        return error_text(exc), True
    return _message(exc, QCoreApplication.translate, _shown)


def _shown(value) -> str:
    """A value isolated inside a sentence of the other direction."""
    value = str(value)
    return value if current_language() == "en" else isolated(value)
