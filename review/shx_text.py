"""AutoCAD SHX text annotations: drawing content that AutoCAD's PDF plotter stores as annotations.

When AutoCAD plots text in an SHX (stroke) font it draws the letters as vector lines and adds,
for each text, a Square (older plotters: FreeText) annotation titled "AutoCAD SHX Text" whose
/Contents is the text and whose /Rect is where it stands, so readers can search and copy it.
Those annotations have no appearance and no colour (no reader draws them) and are flagged
read-only. They are not markups: they are never listed, drawn or exported as markups, and
they are left in the file as they are. Their words are the sheet's text: the title block of
a plotted sheet often exists only as SHX text.

`is_shx_text` is the one rule that tells them apart; `shx_words` gives their words per page.
"""
from __future__ import annotations

from dataclasses import dataclass

import pymupdf

SHX_MARKER = "autocad shx text"
SHX_SUBTYPES = ("/Square", "/FreeText")


@dataclass(frozen=True)
class ShxWord:
    """One SHX text: its words and its box in displayed page coordinates (points, y down)."""
    text: str
    bbox: tuple[float, float, float, float]

    @property
    def height(self) -> float:
        """The smaller side: SHX boxes of rotated text are tall and narrow."""
        return min(self.bbox[2] - self.bbox[0], self.bbox[3] - self.bbox[1])


def is_shx_text(doc: pymupdf.Document, xref: int) -> bool:
    """True for an annotation written by AutoCAD's plotter to carry SHX text: a Square or
    FreeText marked "AutoCAD SHX Text" (as author, subject or contents) with no appearance
    stream and no colour. Anything else with that name, e.g. one a reviewer coloured or
    drew over, stays a markup."""
    if doc.xref_get_key(xref, "Subtype")[1] not in SHX_SUBTYPES:
        return False
    marked = any(doc.xref_get_key(xref, key)[1].strip().lower() == SHX_MARKER
                 for key in ("T", "Subj", "Contents"))
    if not marked or doc.xref_get_key(xref, "AP")[0] != "null":
        return False
    colour_kind, colour = doc.xref_get_key(xref, "C")
    return colour_kind == "null" or colour.strip("[] ") == ""


def shx_words(page: pymupdf.Page) -> list[ShxWord]:
    """The SHX texts of a page, in the page's annotation order, with their displayed boxes."""
    doc = page.parent
    to_displayed = page.transformation_matrix * page.rotation_matrix
    words: list[ShxWord] = []
    try:
        xrefs = [entry[0] for entry in page.annot_xrefs()]
    except (RuntimeError, ValueError):
        return words
    for xref in xrefs:
        if xref <= 0 or not is_shx_text(doc, xref):
            continue
        text = _text_of(doc, xref)
        rect = _rect_of(doc, xref)
        if not text or rect is None:
            continue
        box = rect * to_displayed
        words.append(ShxWord(text, (box.x0, box.y0, box.x1, box.y1)))
    return words


def _text_of(doc: pymupdf.Document, xref: int) -> str:
    for key in ("Contents", "Subj", "T"):
        kind, value = doc.xref_get_key(xref, key)
        if kind == "string" and value.strip() and value.strip().lower() != SHX_MARKER:
            return " ".join(value.split())
    return ""


def _rect_of(doc: pymupdf.Document, xref: int) -> pymupdf.Rect | None:
    kind, value = doc.xref_get_key(xref, "Rect")
    if kind != "array":
        return None
    try:
        numbers = [float(part) for part in value.strip("[] ").split()]
    except ValueError:
        return None
    if len(numbers) != 4:
        return None
    return pymupdf.Rect(*numbers).normalize()
