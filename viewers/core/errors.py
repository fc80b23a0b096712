"""Typed errors of the viewers. Messages say what happened and what the user can do."""
from review.errors import PlanReviewError


class ViewerError(PlanReviewError):
    """Base of the viewer errors."""


class UnreadableFileError(ViewerError):
    """The file cannot be opened as a drawing (empty, not a drawing, damaged beyond repair)."""


class PasswordRequiredError(ViewerError):
    """The PDF is encrypted; the GUI asks for a password, the command line takes --password."""


class WrongPasswordError(PasswordRequiredError):
    """The password given does not open the PDF."""


class RenderCancelled(ViewerError):
    """A render or a load was cancelled by the user."""
