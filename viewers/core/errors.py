"""Typed errors of the viewers. Messages say what happened and what the user can do.

An error about a file the user opened carries a code and parameters besides its English
message (the command line's), for an interface that words it in its own language.
"""
from enum import StrEnum

from review.errors import PlanReviewError


class ErrorCode(StrEnum):
    """Why a drawing does not open; parameters as named in the comments."""
    FOLDER = "folder"                                  # name
    EMPTY = "empty"                                    # name
    NOT_A_DRAWING = "not-a-drawing"                    # name
    IMPOSTOR = "impostor"                              # name, what (formats.FILE_KINDS key)
    NOT_A_FILE = "not-a-file"                          # name, what (formats.FILE_KINDS key)
    PDF_ONLY_BUILD = "pdf-only-build"                  # name, kind
    PDF_BEYOND_REPAIR = "pdf-beyond-repair"            # name, error
    PAGE_TREE = "page-tree"                            # name, error
    NO_PAGE_RECOVERED = "no-page-recovered"            # name
    NO_PAGES = "no-pages"                              # name
    DXF_BEYOND_REPAIR = "dxf-beyond-repair"            # name, error
    NOT_DWG = "not-dwg"                                # name
    DWG_VERSION_UNREADABLE = "dwg-version-unreadable"  # name, version
    ODA_FAILED = "oda-failed"                          # name, version, error
    DWG_CONVERSION_FAILED = "dwg-conversion-failed"    # name, version, error
    CONVERTER_TIMEOUT = "converter-timeout"            # name, version, seconds
    NO_PROGRESS = "no-progress"                        # name, seconds
    NEEDS_MEMORY = "needs-memory"                      # name
    READER_FAILED = "reader-failed"                    # name, error
    READER_STOPPED = "reader-stopped"                  # name, what, status
    COMPILED_UNREADABLE = "compiled-unreadable"        # name, error


class ViewerError(PlanReviewError):
    """Base of the viewer errors."""

    def __init__(self, message: str, code: ErrorCode | None = None, **params):
        super().__init__(message)
        self.code = ErrorCode(code) if code is not None else None
        self.params = {key: str(value) for key, value in params.items()}


class UnreadableFileError(ViewerError):
    """The file cannot be opened as a drawing (empty, not a drawing, damaged beyond repair)."""


class PasswordRequiredError(ViewerError):
    """The PDF is encrypted; the GUI asks for a password, the command line takes --password."""


class WrongPasswordError(PasswordRequiredError):
    """The password given does not open the PDF."""


class RenderCancelled(ViewerError):
    """A render or a load was cancelled by the user."""
