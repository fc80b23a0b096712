"""Recognising a drawing file by its content, and opening it with the right source.

The extension is only a hint: a PDF named .dwg opens as a PDF (with a warning), and a file
that is none of the known kinds gets a clear error naming what it looks like.
"""
from __future__ import annotations

from pathlib import Path

from viewers.core.errors import ErrorCode, UnreadableFileError
from viewers.core.sheets import LoadWarning, Progress, SheetDocument, WarningCode

KINDS = ("pdf", "dxf", "dwg")


def sniff_kind(path: Path) -> str:
    """Returns "pdf", "dxf" or "dwg" from the file's first bytes; raises UnreadableFileError."""
    path = Path(path)
    if path.is_dir():
        raise UnreadableFileError(f"{path} is a folder, not a drawing file", ErrorCode.FOLDER,
                                  name=path)
    with path.open("rb") as f:
        head = f.read(4096)
    if not head:
        raise UnreadableFileError(f"{path.name} is empty (0 bytes)", ErrorCode.EMPTY,
                                  name=path.name)
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"AC10") or head.startswith(b"AC1.") or head.startswith(b"AC2.") \
            or head.startswith(b"MC0.0"):
        return "dwg"
    if head.startswith(b"AutoCAD Binary DXF"):
        return "dxf"
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if text.startswith(b"0") and (b"SECTION" in text[:256] or b"EOF" in text[:64]):
        return "dxf"
    if text.startswith(b"999") and b"SECTION" in text:
        return "dxf"
    raise UnreadableFileError(
        f"{path.name} is not a PDF, DXF or DWG drawing (it starts with {head[:12]!r})",
        ErrorCode.NOT_A_DRAWING, name=path.name, start=repr(head[:12]))


def open_document(path: Path | str, *, password: str | None = None,
                  progress: Progress | None = None) -> SheetDocument:
    """Opens any supported drawing; the document's report carries load warnings."""
    path = Path(path)
    kind = sniff_kind(path)
    expected = path.suffix.lower().lstrip(".")
    if kind == "pdf":
        from viewers.core.pdf import PdfDocument

        document = PdfDocument.open(path, password=password)
    else:
        try:
            from viewers.core.cad import open_cad_document
        except ModuleNotFoundError as exc:
            if exc.name != "viewers.core.cad":
                raise
            raise UnreadableFileError(
                f"{path.name} is a {kind.upper()} drawing; this build of Plan Review opens"
                " PDF sheets only", ErrorCode.PDF_ONLY_BUILD, name=path.name,
                kind=kind.upper()) from None
        document = open_cad_document(path, kind=kind, progress=progress)
    if expected in KINDS and expected != kind:
        document.report = document.report.with_warning(LoadWarning(
            f"the file is named .{expected} but its content is {kind.upper()}; opened as"
            f" {kind.upper()}", WarningCode.MISNAMED, extension=expected, kind=kind.upper()))
    return document
