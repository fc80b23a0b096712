"""DXF/DWG sheets as vector PDF pages, drawn by the canvas's own painter into a QPdfWriter.

What is stamped and printed is what was reviewed: the same compiled geometry and the same
CompiledPainter, only the device differs. Each sheet becomes one page:
- a paper-space layout at 1:1 (its units are paper millimetres or inches);
- model space with units at the largest standard scale that fits on A0, recorded as a PDF
  /VP viewport (ISO 32000 12.9) so PDF readers, our viewer and printing measure and print at
  the drawing's true scale;
- a unitless model space fitted to A1, without a scale.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import pymupdf
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter, QTransform

from review.exchange.frames import pdf_frames
from review.measure import Viewport, ratio_scale, write_pdf_viewport
from viewers.core.cad.document import CadDocument
from viewers.core.errors import ViewerError
from viewers.core.sheets import MM_PER_POINT, SheetInfo
from viewers.qt.cad_layer import CompiledPainter
from viewers.qt.offscreen import ensure_gui_application

RESOLUTION_DPI = 1200                  # QPdfWriter's device units; geometry stays vector
STANDARD_RATIOS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 1250, 2000, 2500, 5000,
                   10000, 20000, 50000)
LARGEST_PAGE_MM = (1189.0, 841.0)      # A0
UNITLESS_PAGE_MM = 841.0               # the long side of A1
VIEWPORT_NAME = "drawing scale"


@dataclass(frozen=True)
class ExportedSheet:
    """How one sheet sits on its page: page point = (x - left, top - y) * points_per_unit."""

    index: int
    number: str
    ratio: int | None           # drawn at 1:ratio; None when the drawing has no units
    width_pt: float
    height_pt: float
    points_per_unit: float
    left: float                 # drawing coordinates of the page's top-left corner
    top: float

    def to_page(self, point: tuple[float, float]) -> tuple[float, float]:
        return ((point[0] - self.left) * self.points_per_unit,
                (self.top - point[1]) * self.points_per_unit)


def sheet_ratio(info: SheetInfo, paper_space: bool) -> int | None:
    """1:ratio for the sheet's page: 1 for paper space, else the largest standard scale at
    which the sheet fits on A0; None without units."""
    if info.mm_per_unit is None:
        return None
    if paper_space:
        return 1
    long_side, short_side = sorted((info.width_mm, info.height_mm), reverse=True)
    for ratio in STANDARD_RATIOS:
        if long_side / ratio <= LARGEST_PAGE_MM[0] and short_side / ratio <= LARGEST_PAGE_MM[1]:
            return ratio
    return STANDARD_RATIOS[-1] * math.ceil(long_side / STANDARD_RATIOS[-1] / LARGEST_PAGE_MM[0])


def layout_sheet(document: CadDocument, index: int) -> ExportedSheet:
    info = document.sheet(index)
    paper_space = document.meta["sheets"][index]["name"].lower() != "model"
    ratio = sheet_ratio(info, paper_space)
    if ratio is None:
        points_per_unit = UNITLESS_PAGE_MM / MM_PER_POINT / max(info.width, info.height)
    else:
        points_per_unit = info.mm_per_unit / ratio / MM_PER_POINT
    x0, y0 = info.origin
    return ExportedSheet(index, info.number, ratio, info.width * points_per_unit,
                         info.height * points_per_unit, points_per_unit, x0, y0 + info.height)


def export_pdf(document: CadDocument, sheets: list[int] | None = None
               ) -> tuple[bytes, list[ExportedSheet]]:
    """The sheets (default: all) as a vector PDF, one page each, with their placement."""
    ensure_gui_application()
    indices = list(range(document.sheet_count())) if sheets is None else list(sheets)
    if not indices:
        raise ViewerError(f"{document.path.name} has no sheets to export")
    placed = [layout_sheet(document, i) for i in indices]
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(RESOLUTION_DPI)
    writer.setCreator("Plan Review")
    writer.setTitle(document.path.name)
    painter = QPainter()
    device_per_point = RESOLUTION_DPI / 72.0
    for number, sheet in enumerate(placed):
        writer.setPageLayout(QPageLayout(
            QPageSize(QSizeF(sheet.width_pt, sheet.height_pt), QPageSize.Unit.Point),
            QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
        if number == 0:
            if not painter.begin(writer):
                raise ViewerError(f"{document.path.name}: the PDF writer could not start")
        else:
            writer.newPage()
        scale = sheet.points_per_unit * device_per_point
        painter.setTransform(QTransform(scale, 0, 0, -scale, -sheet.left * scale,
                                        sheet.top * scale))
        info = document.sheet(sheet.index)
        x0, y0 = info.origin
        CompiledPainter(document.compiled(sheet.index)).paint(
            painter, (x0, y0, x0 + info.width, y0 + info.height), scale, device_per_point)
    painter.end()
    buffer.close()
    return _with_scales(bytes(data.data()), placed), placed


def _with_scales(pdf: bytes, sheets: list[ExportedSheet]) -> bytes:
    """Records each scaled sheet's drawing scale as a page-wide /VP viewport."""
    doc = pymupdf.open("pdf", pdf)
    try:
        frames = pdf_frames(doc)
        for frame, sheet in zip(frames, sheets):
            if sheet.ratio is not None and sheet.ratio != 1:
                write_pdf_viewport(doc, frame, Viewport(
                    VIEWPORT_NAME, (0.0, 0.0, frame.width, frame.height),
                    ratio_scale(sheet.ratio)))
        return doc.tobytes(garbage=1, deflate=True)
    finally:
        doc.close()


def cad_file_to_pdf(path: Path) -> bytes:
    """The approved set's converter: every sheet of a DXF/DWG file as a vector PDF page."""
    from viewers.core.formats import open_document

    document = open_document(path)
    try:
        if document.kind == "pdf":
            raise ViewerError(f"{Path(path).name} is a PDF, not a DXF or DWG drawing")
        return export_pdf(document)[0]
    finally:
        document.close()
