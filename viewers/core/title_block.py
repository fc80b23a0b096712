"""A PDF page's texts for sheet identification: its text lines and its AutoCAD SHX text, in
displayed coordinates; and the set-level reading that tells the project's texts apart.

The decision itself is review.sheet_identity's, shared with CAD layouts.
"""
from __future__ import annotations

import pymupdf

from review.sheet_identity import (
    SheetIdentity,
    SheetText,
    SheetTexts,
    decode_pdf_text,
    identify_sheet,
    project_texts,
)
from review.shx_text import shx_words

SHX_SIZE_OF_BOX = 0.85   # an SHX box is about the letter height; a font size is a bit less
SPAN_GAP = 1.5           # spans this many letter heights apart on one line are two texts
OTHER_SHEETS_SAMPLED = 3


def page_label(page: pymupdf.Page) -> str:
    """The page's /PageLabels label, decoded; "" when there is none or the tree is broken."""
    try:
        return decode_pdf_text(page.get_label() or "").strip()
    except (IndexError, RuntimeError, ValueError, KeyError):
        return ""


def page_texts(page: pymupdf.Page) -> SheetTexts:
    """The page's text lines (split where a line has a wide gap) and its SHX texts."""
    rect = page.rect
    to_displayed = page.rotation_matrix   # text boxes come in unrotated page space
    texts: list[SheetText] = []
    try:
        blocks = page.get_text("dict", flags=0)["blocks"]
    except (RuntimeError, ValueError):
        blocks = []
    for block in blocks:
        for line in block.get("lines", ()):
            for text, box, size in _line_parts(line["spans"]):
                shown = pymupdf.Rect(box) * to_displayed
                texts.append(SheetText(text, (shown.x0, shown.y0, shown.x1, shown.y1), size))
    for word in shx_words(page):
        texts.append(SheetText(word.text, word.bbox, word.height * SHX_SIZE_OF_BOX))
    return SheetTexts(tuple(texts), float(rect.width), float(rect.height))


def _line_parts(spans) -> list[tuple[str, tuple, float]]:
    parts: list[list] = []
    for span in spans:
        text = span["text"].strip()
        if not text:
            continue
        box = pymupdf.Rect(span["bbox"])
        if parts:
            last = parts[-1]
            gap = max(box.x0 - last[1].x1, last[1].x0 - box.x1)
            if gap <= SPAN_GAP * max(span["size"], last[2]):
                last[0] = f"{last[0]} {text}"
                last[1] |= box
                last[2] = max(last[2], span["size"])
                continue
        parts.append([text, box, span["size"]])
    return [(text, tuple(box), size) for text, box, size in parts]


class PdfTitleBlocks:
    """Sheet identities of one open PDF, each read on demand: its own page and up to three pages
    spread over the set (first, middle, last: kept, title-block texts only) to recognise the
    project."""

    def __init__(self, doc: pymupdf.Document):
        self.doc = doc
        self._texts: dict[int, SheetTexts] = {}

    def texts(self, index: int) -> SheetTexts:
        found = self._texts.get(index)
        if found is None:
            found = page_texts(self.doc.load_page(index)).title_block_only()
            if index in self._sampled():
                self._texts[index] = found
        return found

    def identify(self, index: int) -> SheetIdentity:
        others = [i for i in self._sampled() if i != index][:OTHER_SHEETS_SAMPLED]
        sheets = [self.texts(index)] + [self.texts(i) for i in others]
        return identify_sheet(sheets[0], project=project_texts(sheets)[0])

    def _sampled(self) -> list[int]:
        count = self.doc.page_count
        return sorted({0, count // 2, count - 1}) if count > 0 else []

    def close(self) -> None:
        """Forgets what was read (the worker closes it with its open documents; the document
        itself belongs to the caller)."""
        self._texts.clear()
