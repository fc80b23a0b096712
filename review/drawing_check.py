"""Is an uploaded file a drawing the municipality can review and stamp? Checked once, at upload.

Qt-free and independent of viewers/ (the permit server in sync/ may not import viewers): PDF
through PyMuPDF, DXF through ezdxf (with its recover loader), DWG converted to DXF by ezdwg.
A drawing is accepted when its name's kind (.pdf, .dxf, .dwg) is what its content is, it opens,
it has at least one sheet and, for DXF and DWG, something drawn in model space: the approved
set is built from exactly these files, so what cannot be read here could never be stamped.
"""
from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

import pymupdf

from review.errors import PlanReviewError
from review.text_safety import display_name

DRAWING_KINDS = {"pdf": "application/pdf", "dxf": "image/vnd.dxf", "dwg": "image/vnd.dwg"}
_HEAD_SIZE = 4096


class UnreadableDrawingError(PlanReviewError):
    """The file is not a drawing that can be reviewed and stamped; the message names it."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.code = code


class EncryptedPdfError(UnreadableDrawingError):
    """A PDF with a password or any encryption: it cannot be stamped and certified."""


@dataclass(frozen=True)
class DrawingInfo:
    kind: str            # pdf, dxf, dwg
    media_type: str
    pages: int           # PDF pages; DXF/DWG layouts with something drawn


def content_kind(head: bytes) -> str:
    """What the first bytes of a file are: pdf, dwg, dxf, zip or unknown."""
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):  # first: a ZIP may hold a PDF
        return "zip"
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head[:2] in (b"AC", b"MC") and head[2:6].replace(b".", b"0").isdigit():
        return "dwg"
    if head.startswith(b"AutoCAD Binary DXF"):
        return "dxf"
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if (text.startswith(b"0") or text.startswith(b"999")) and b"SECTION" in text[:512]:
        return "dxf"
    return "unknown"


_CONTENT_NAMES = {"zip": "a ZIP archive", "unknown": "not a drawing of any known kind",
                  "pdf": "a PDF", "dxf": "a DXF drawing", "dwg": "a DWG drawing"}


def check_drawing(path: Path, filename: str) -> DrawingInfo:
    """Opens the file at `path` (uploaded as `filename`) as a drawing; UnreadableDrawingError
    saying why not."""
    name = display_name(filename)
    with open(path, "rb") as f:
        head = f.read(_HEAD_SIZE)
    if not head:
        raise UnreadableDrawingError(f"{name} is empty (0 bytes)", "empty-file")
    named = Path(filename).suffix.lower().lstrip(".")
    found = content_kind(head)
    if named not in DRAWING_KINDS:
        raise UnreadableDrawingError(
            f"{name} is not a PDF, DXF or DWG file (its content is {_CONTENT_NAMES[found]});"
            " upload the drawings as .pdf, .dxf or .dwg", "not-a-drawing")
    if found != named:
        raise UnreadableDrawingError(
            f"{name} is named .{named} but its content is {_CONTENT_NAMES[found]}; upload the"
            f" real .{named} file", "kind-mismatch")
    pages = {"pdf": _check_pdf, "dxf": _check_dxf, "dwg": _check_dwg}[named](path, name)
    return DrawingInfo(named, DRAWING_KINDS[named], pages)


def _check_pdf(path: Path, name: str) -> int:
    try:
        doc = pymupdf.open(path, filetype="pdf")
    except Exception as exc:  # noqa: BLE001 - PyMuPDF raises several kinds for damaged files
        raise UnreadableDrawingError(f"{name} is a damaged PDF that does not open ({exc})",
                                     "damaged-pdf") from None
    with doc:
        if doc.needs_pass or doc.is_encrypted or doc.metadata.get("encryption"):
            raise EncryptedPdfError(
                f"{name} is encrypted or password-protected; the municipality cannot review or"
                " stamp it. Save it without a password and upload again", "encrypted-pdf")
        try:
            count = doc.page_count
            for page in doc:
                page.bound()
                page.get_contents()
            # what the approved set does with it: copy its pages into another document
            with pymupdf.open() as copy:
                copy.insert_pdf(doc, annots=False, widgets=False)
        except Exception as exc:  # noqa: BLE001
            raise UnreadableDrawingError(f"{name} is a damaged PDF whose pages cannot be read"
                                         f" ({exc})", "damaged-pdf") from None
    if count == 0:
        raise UnreadableDrawingError(f"{name} has no pages", "no-pages")
    return count


def _check_dxf(path: Path, name: str) -> int:
    import ezdxf
    from ezdxf import recover

    try:
        doc, _auditor = recover.readfile(str(path))
    except (OSError, ezdxf.DXFError, ValueError, UnicodeError, IndexError) as exc:
        raise UnreadableDrawingError(f"{name} is a DXF drawing that does not open"
                                     f" ({_first_line(exc)})", "damaged-dxf") from None
    return _drawn_layouts(doc, name)


def _check_dwg(path: Path, name: str) -> int:
    import ezdwg
    import ezdxf

    with tempfile.TemporaryDirectory(prefix="planreview-dwg-") as folder:
        converted = Path(folder) / "converted.dxf"
        try:
            ezdwg.to_dxf(str(path), str(converted))
            doc = ezdxf.readfile(str(converted))
        except Exception as exc:  # noqa: BLE001 - the converter's errors share no base class
            raise UnreadableDrawingError(f"{name} is a DWG drawing that cannot be converted"
                                         f" ({_first_line(exc)}); upload it as DWG 2000-2018,"
                                         " DXF or PDF", "damaged-dwg") from None
        return _drawn_layouts(doc, name)


def _drawn_layouts(doc, name: str) -> int:
    """Model space must hold the drawing; paper-space layouts with content are sheets too."""
    if len(doc.modelspace()) == 0:
        raise UnreadableDrawingError(f"{name} has nothing drawn in model space; it cannot be"
                                     " reviewed or stamped", "empty-model-space")
    return 1 + sum(1 for layout in doc.layouts if not layout.is_modelspace and len(layout))


def _first_line(exc: BaseException) -> str:
    text = (str(exc) or type(exc).__name__).splitlines()[0]
    return "".join(c if c.isprintable() else "?" for c in text)[:160]
