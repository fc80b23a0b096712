"""Recognising a drawing file by its content, and opening it with the right source.

The extension is only a hint: a PDF named .dwg opens as a PDF (with a warning), and a file
that is none of the known kinds gets a clear error naming what it looks like.
"""
from __future__ import annotations

import errno
import os
import stat
import zipfile
from pathlib import Path

from review.text_safety import display_name
from viewers.core.errors import ErrorCode, UnreadableFileError
from viewers.core.sheets import LoadWarning, Progress, SheetDocument, WarningCode

KINDS = ("pdf", "dxf", "dwg")


# What a file that is not a drawing is, recognised by how it starts (IMPOSTORS) or, for a
# ZIP archive, by what it holds; words for each in desktop/viewer_messages.py.
IMPOSTORS = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"GIF8", "gif"),
    (b"PK\x03\x04", "zip"),
    (b"%!PS", "postscript"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "office"),
)
FILE_KINDS = {
    "png": "a PNG image", "jpeg": "a JPEG image", "tiff": "a TIFF image",
    "gif": "a GIF image", "zip": "a ZIP archive", "docx": "a Word document (DOCX)",
    "xlsx": "an Excel workbook (XLSX)", "pptx": "a PowerPoint presentation (PPTX)",
    "postscript": "a PostScript file", "office": "an old Microsoft Office document",
    "html": "a web page (HTML)", "xml": "an XML document", "text": "plain text",
    "utf16-text": "UTF-16 text",
    "fifo": "a named pipe (FIFO)", "device": "a device", "socket": "a socket",
}
ZIP_MEMBERS = (("word/", "docx"), ("xl/", "xlsx"), ("ppt/", "pptx"))
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
NOT_REGULAR = (
    (stat.S_ISFIFO, "fifo"),
    (stat.S_ISCHR, "device"),
    (stat.S_ISBLK, "device"),
    (stat.S_ISSOCK, "socket"),
)


def read_head(path: Path, size: int = 4096) -> bytes:
    """The first `size` bytes of a regular file. Anything else (a folder, a named pipe, a
    device, a socket) is refused before it is read: opening a pipe with no writer would wait
    for ever, and a device never ends."""
    name = display_name(path.name)
    try:
        # Non-blocking: a FIFO opens at once, and fstat below says what it is.
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except IsADirectoryError:
        raise UnreadableFileError(f"{name} is a folder, not a drawing file", ErrorCode.FOLDER,
                                  name=name) from None
    except OSError as exc:
        if exc.errno in (errno.ENXIO, errno.EOPNOTSUPP):     # a socket cannot be opened
            raise _not_regular(name, "socket") from None
        raise
    try:
        mode = os.fstat(descriptor).st_mode
        if stat.S_ISDIR(mode):
            raise UnreadableFileError(f"{name} is a folder, not a drawing file",
                                      ErrorCode.FOLDER, name=name)
        for test, what in NOT_REGULAR:
            if test(mode):
                raise _not_regular(name, what)
        return os.read(descriptor, size)
    finally:
        os.close(descriptor)


def _not_regular(name: str, what: str) -> UnreadableFileError:
    return UnreadableFileError(f"{name} is {FILE_KINDS[what]}, not a drawing file; only"
                               " regular files are opened", ErrorCode.NOT_A_FILE, name=name,
                               what=what)


def is_utf16_dxf(head: bytes) -> bool:
    """A DXF saved as UTF-16 text (with its byte-order mark), as some converters write it."""
    if not head.startswith(UTF16_BOMS):
        return False
    text = head[: len(head) - len(head) % 2].decode("utf-16", "replace")
    return _looks_like_dxf(text.lstrip("\ufeff").lstrip().encode("ascii", "replace"))


def _looks_like_dxf(text: bytes) -> bool:
    return (text.startswith(b"0") and (b"SECTION" in text[:256] or b"EOF" in text[:64])) or \
        (text.startswith(b"999") and b"SECTION" in text)


def sniff_kind(path: Path) -> str:
    """Returns "pdf", "dxf" or "dwg" from the file's first bytes; raises UnreadableFileError
    naming what the file is when it is none of them."""
    path = Path(path)
    name = display_name(path.name)
    head = read_head(path)
    if not head:
        raise UnreadableFileError(f"{name} is empty (0 bytes)", ErrorCode.EMPTY, name=name)
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"AC10") or head.startswith(b"AC1.") or head.startswith(b"AC2.") \
            or head.startswith(b"MC0.0"):
        return "dwg"
    if head.startswith(b"AutoCAD Binary DXF"):
        return "dxf"
    if _looks_like_dxf(head.lstrip(b"\xef\xbb\xbf").lstrip()) or is_utf16_dxf(head):
        return "dxf"
    what = impostor_kind(path, head)
    if what is None:
        raise UnreadableFileError(
            f"{name} is not a PDF, DXF or DWG drawing, nor a kind of file Plan Review"
            " recognises", ErrorCode.NOT_A_DRAWING, name=name)
    raise UnreadableFileError(f"{name} is not a PDF, DXF or DWG drawing: it is"
                              f" {FILE_KINDS[what]}", ErrorCode.IMPOSTOR, name=name, what=what)


def impostor_kind(path: Path, head: bytes) -> str | None:
    """What a file that is not a drawing is (a FILE_KINDS key), or None when not known."""
    for signature, what in IMPOSTORS:
        if head.startswith(signature):
            return _zip_kind(path) if what == "zip" else what
    if head.startswith(UTF16_BOMS):
        return "utf16-text"
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()[:256].lower()
    if text.startswith((b"<!doctype html", b"<html")) or b"<html" in text:
        return "html"
    if text.startswith(b"<?xml"):
        return "xml"
    try:
        decoded = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:    # not only a character cut at the end of the head
            return None
        decoded = head[: exc.start].decode("utf-8")
    if decoded and all(char.isprintable() or char in "\r\n\t" for char in decoded):
        return "text"
    return None


def _zip_kind(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()[:1000]
    except (zipfile.BadZipFile, OSError, ValueError):
        return "zip"
    for prefix, what in ZIP_MEMBERS:
        if any(member.startswith(prefix) for member in names):
            return what
    return "zip"


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
                f"{display_name(path.name)} is a {kind.upper()} drawing; this build of Plan"
                " Review opens PDF sheets only", ErrorCode.PDF_ONLY_BUILD,
                name=display_name(path.name),
                kind=kind.upper()) from None
        document = open_cad_document(path, kind=kind, progress=progress)
    if expected in KINDS and expected != kind:
        document.report = document.report.with_warning(LoadWarning(
            f"the file is named .{expected} but its content is {kind.upper()}; opened as"
            f" {kind.upper()}", WarningCode.MISNAMED, extension=expected, kind=kind.upper()))
    return document
