"""Printing sheets and approved sets: true scale or fit, tiling with overlap and crop marks,
with or without markups, a preview, print to PDF.

Every print job is first composed as a PDF of paper pages with PyMuPDF: each source page is
placed as vectors (show_pdf_page) at the requested scale, clipped to its tile. DXF/DWG
drawings become vector pages through our own renderer (viewers.qt.pdf_export) first, so the
print shows what was reviewed. That composed PDF is then
- written as it is when the user prints to a PDF file (vector, exact scale);
- rasterised page by page, in bands, at the printer's resolution (at most 600 dpi) for a
  printer or the preview.

A page's drawing scale comes from its /VP viewport (written by our CAD export, by Acrobat or
by a reviewer's calibration saved into the PDF) or from a calibration the caller passes.
"""
from __future__ import annotations

import html
import math
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import pymupdf
from PySide6.QtCore import QEvent, QMarginsF, QObject, QRectF
from PySide6.QtGui import QAction, QImage, QKeySequence, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from review.arabic import arabic_font_css
from review.errors import PlanReviewError
from review.exchange.frames import pdf_frames
from review.exchange.pdf_annotations import write_annotated_pdf
from review.markups import Markup
from review.measure import Scale, read_pdf_scales
from viewers.core.title_block import page_label

MM = 72.0 / 25.4                    # points per millimetre
MM_PER_POINT = 25.4 / 72.0
PAPERS = {"A4": (210.0, 297.0), "A3": (297.0, 420.0), "A2": (420.0, 594.0),
          "A1": (594.0, 841.0), "A0": (841.0, 1189.0)}
PAPER_IDS = {"A4": QPageSize.PageSizeId.A4, "A3": QPageSize.PageSizeId.A3,
             "A2": QPageSize.PageSizeId.A2, "A1": QPageSize.PageSizeId.A1,
             "A0": QPageSize.PageSizeId.A0}
RATIOS = (50, 100, 200)
MARGIN_MM = 10.0                    # what printers cannot reach; crop marks and labels live here
CROP_MARK_MM = 6.0
MAX_PRINT_DPI = 600
BAND_PIXELS = 2048                  # raster bands keep an A0 page at 600 dpi out of memory
LABEL_FONT = "planreview-label"


class PrintError(PlanReviewError):
    """A print job cannot be laid out as asked."""


@dataclass(frozen=True)
class PrintOptions:
    paper: str = "A3"
    ratio: int | None = None        # true scale 1:ratio; None fits each sheet to the paper
    tile: bool = True               # a sheet larger than the paper goes on several sheets
    overlap_mm: float = 10.0
    markups: bool = True


@dataclass(frozen=True)
class PrintSource:
    path: Path
    sheets: tuple[int, ...] | None = None          # None: every sheet
    password: str | None = None
    markups: tuple[Markup, ...] = ()               # the reviewer's, in sheet units
    calibrations: Mapping[int, Scale] = field(default_factory=dict)  # for pages without /VP


@dataclass(frozen=True)
class PaperPage:
    """One sheet of paper: which part of which source page goes where on it."""

    sheet: int
    name: str                                       # sheet number or page label
    paper: tuple[float, float]                      # width, height in points, as oriented
    clip: tuple[float, float, float, float]         # on the source page, points
    target: tuple[float, float, float, float]       # on the paper, points
    zoom: float                                     # paper points per source point
    tile: tuple[int, int, int, int] | None = None   # row, column, rows, columns
    own: tuple[float, float, float, float] | None = None  # tile's part after trimming


# ---- layout ------------------------------------------------------------------------------

def paper_points(paper: str, landscape: bool) -> tuple[float, float]:
    width, height = (v * MM for v in PAPERS[paper])
    return (height, width) if landscape else (width, height)


def _tiles(length: float, usable: float, overlap: float) -> int:
    if length <= usable + 1e-6:
        return 1
    return math.ceil((length - overlap) / (usable - overlap) - 1e-9)


def lay_out_sheet(index: int, name: str, size: tuple[float, float],
                  mm_per_point: float | None, options: PrintOptions) -> list[PaperPage]:
    """The paper pages for one source page of `size` points whose drawing scale is
    `mm_per_point` real millimetres per point (None: unknown)."""
    width, height = size
    margin = MARGIN_MM * MM
    if options.ratio is None:
        paper = paper_points(options.paper, landscape=width > height)
        zoom = min((paper[0] - 2 * margin) / width, (paper[1] - 2 * margin) / height)
        x0 = (paper[0] - width * zoom) / 2
        y0 = (paper[1] - height * zoom) / 2
        return [PaperPage(index, name, paper, (0, 0, width, height),
                          (x0, y0, x0 + width * zoom, y0 + height * zoom), zoom)]
    if mm_per_point is None:
        raise PrintError(f"sheet {name} has no drawing scale, so it cannot be printed at"
                         f" 1:{options.ratio}: print it fitted to the paper, or calibrate"
                         " its scale first")
    zoom = mm_per_point / (options.ratio * MM_PER_POINT)
    printed = (width * zoom, height * zoom)
    overlap = options.overlap_mm * MM
    best = None
    for landscape in (printed[0] > printed[1], printed[0] <= printed[1]):
        paper = paper_points(options.paper, landscape)
        usable = (paper[0] - 2 * margin, paper[1] - 2 * margin)
        if overlap >= min(usable) / 2:
            raise PrintError(f"an overlap of {options.overlap_mm:g} mm is too large for"
                             f" {options.paper} paper")
        grid = (_tiles(printed[1], usable[1], overlap), _tiles(printed[0], usable[0], overlap))
        if best is None or grid[0] * grid[1] < best[1][0] * best[1][1]:
            best = (paper, grid, usable)
    paper, (rows, columns), usable = best
    whole = paper_points(options.paper, landscape=printed[0] > printed[1])
    if rows * columns == 1 or (printed[0] <= whole[0] + 0.5 * MM
                               and printed[1] <= whole[1] + 0.5 * MM):
        # an A3 sheet at its own scale on A3: the printer's unprintable edge takes only the
        # sheet's blank border, as with "actual size" in any PDF reader
        paper = paper if rows * columns == 1 else whole
        x0, y0 = (paper[0] - printed[0]) / 2, (paper[1] - printed[1]) / 2
        return [PaperPage(index, name, paper, (0, 0, width, height),
                          (x0, y0, x0 + printed[0], y0 + printed[1]), zoom)]
    if not options.tile:
        raise PrintError(f"sheet {name} at 1:{options.ratio} is {printed[0] / MM:.0f} ×"
                         f" {printed[1] / MM:.0f} mm, larger than {options.paper}: allow"
                         " tiling, or choose larger paper or a smaller scale")
    pages = []
    for row in range(rows):
        for column in range(columns):
            left = column * (usable[0] - overlap)
            top = row * (usable[1] - overlap)
            right = min(left + usable[0], printed[0])
            bottom = min(top + usable[1], printed[1])
            # cut in the middle of each overlap, so trimmed tiles butt together exactly
            own = (left + (overlap / 2 if column else 0),
                   top + (overlap / 2 if row else 0),
                   right - (overlap / 2 if column < columns - 1 else 0),
                   bottom - (overlap / 2 if row < rows - 1 else 0))
            pages.append(PaperPage(
                index, name, paper, (left / zoom, top / zoom, right / zoom, bottom / zoom),
                (margin, margin, margin + right - left, margin + bottom - top), zoom,
                (row, column, rows, columns),
                tuple(v - o + margin for v, o in zip(own, (left, top, left, top)))))
    return pages


# ---- composing the print as a PDF --------------------------------------------------------

def page_scale(doc: pymupdf.Document, frame, calibrations: Mapping[int, Scale]
               ) -> float | None:
    """Real millimetres per point of a page: its largest /VP viewport's scale, else the
    caller's calibration, else unknown."""
    found, _ = read_pdf_scales(doc, frame)
    if found.viewports:
        largest = max(found.viewports, key=lambda v: (v.bbox[2] - v.bbox[0])
                      * (v.bbox[3] - v.bbox[1]))
        return largest.scale.mm_per_unit
    calibrated = calibrations.get(frame.index)
    return calibrated.mm_per_unit if calibrated else None


@dataclass(frozen=True)
class PreparedSource:
    doc: pymupdf.Document        # rotation removed, markups baked in (or left out)
    names: tuple[str, ...]
    scales: tuple[float | None, ...]   # mm per point of each page


def prepare(source: PrintSource, options: PrintOptions, scratch: Path) -> PreparedSource:
    """The source as PDF pages ready to place: CAD drawn by our renderer, the reviewer's
    markups written as annotations, annotations baked into the content when wanted."""
    path, markups = Path(source.path), source.markups
    with path.open("rb") as f:
        is_pdf = b"%PDF-" in f.read(1024)
    if not is_pdf:
        path, markups, names = _cad_as_pdf(path, markups, scratch)
    if markups:
        annotated = scratch / f"{path.stem}-markups.pdf"
        write_annotated_pdf(path, markups, annotated, password=source.password)
        path = annotated
    doc = pymupdf.open(path)
    if doc.needs_pass and not doc.authenticate(source.password or ""):
        doc.close()
        raise PrintError(f"{source.path.name} is encrypted: open it with its password first")
    scales = [page_scale(doc, frame, source.calibrations) for frame in pdf_frames(doc)]
    if is_pdf:
        names = tuple(page_label(page) or str(page.number + 1) for page in doc)
    doc.bake(annots=options.markups, widgets=True)
    for page in doc:
        page.remove_rotation()
    return PreparedSource(doc, names, tuple(scales))


def _cad_as_pdf(path: Path, markups: Sequence[Markup], scratch: Path
                ) -> tuple[Path, tuple[Markup, ...], tuple[str, ...]]:
    from viewers.core.formats import open_document
    from viewers.qt.pdf_export import export_pdf

    document = open_document(path)
    try:
        data, sheets = export_pdf(document)
    finally:
        document.close()
    converted = scratch / f"{path.stem}.pdf"
    converted.write_bytes(data)
    placed = tuple(replace(m, points=tuple(sheets[m.sheet].to_page(p) for p in m.points))
                   for m in markups if m.sheet < len(sheets))
    return converted, placed, tuple(sheet.number for sheet in sheets)


def compose(sources: Sequence[PrintSource], options: PrintOptions) -> tuple[bytes, int]:
    """The whole job as a PDF of paper pages; returns (pdf, number of paper pages)."""
    if options.paper not in PAPERS:
        raise PrintError(f"unknown paper size {options.paper}; choose one of"
                         f" {', '.join(PAPERS)}")
    out = pymupdf.open()
    with tempfile.TemporaryDirectory(prefix="planreview-print-") as scratch:
        for number, source in enumerate(sources):
            folder = Path(scratch) / str(number)
            folder.mkdir()
            prepared = prepare(source, options, folder)
            try:
                chosen = source.sheets if source.sheets is not None \
                    else range(prepared.doc.page_count)
                for sheet in chosen:
                    page = prepared.doc[sheet]
                    for paper_page in lay_out_sheet(
                            sheet, prepared.names[sheet], (page.rect.width, page.rect.height),
                            prepared.scales[sheet], options):
                        _place(out, prepared.doc, paper_page, options, source.path.name)
            finally:
                prepared.doc.close()
    if out.page_count == 0:
        raise PrintError("nothing to print: no sheets were chosen")
    out.set_metadata({"creator": "Plan Review", "title": "Print"})
    return out.tobytes(garbage=3, deflate=True), out.page_count


def _place(out: pymupdf.Document, source: pymupdf.Document, paper_page: PaperPage,
           options: PrintOptions, file_name: str) -> None:
    page = out.new_page(width=paper_page.paper[0], height=paper_page.paper[1])
    page.show_pdf_page(pymupdf.Rect(paper_page.target), source, paper_page.sheet,
                       clip=pymupdf.Rect(paper_page.clip))
    scale = f"1:{options.ratio}" if options.ratio else "fitted to paper"
    label = f"{file_name} · {paper_page.name} · {scale} · {options.paper}"
    if paper_page.tile is not None:
        row, column, rows, columns = paper_page.tile
        label += f" · tile {row * columns + column + 1} of {rows * columns}" \
                 f" (row {row + 1}, column {column + 1})"
        _crop_marks(page, paper_page)
    margin = MARGIN_MM * MM
    if paper_page.target[3] > page.rect.height - margin:
        return          # a sheet printed edge to edge: no room for the label
    page.insert_htmlbox(pymupdf.Rect(margin, page.rect.height - margin + 1.5 * MM,
                                     page.rect.width - margin, page.rect.height - 1.5 * MM),
                        f"<div style='font-size:6.5pt'>{html.escape(label)}</div>",
                        css=arabic_font_css(LABEL_FONT)
                        + f"* {{font-family: sans-serif, {LABEL_FONT};}}")


def _crop_marks(page: pymupdf.Page, paper_page: PaperPage) -> None:
    """Short lines in the margin where the tile is trimmed: at its own part's edges."""
    x0, y0, x1, y1 = paper_page.own
    t0, t1 = paper_page.target[1], paper_page.target[3]
    l0, l1 = paper_page.target[0], paper_page.target[2]
    gap, length = 1.0 * MM, CROP_MARK_MM * MM
    shape = page.new_shape()
    for x in (x0, x1):
        shape.draw_line((x, t0 - gap - length), (x, t0 - gap))
        shape.draw_line((x, t1 + gap), (x, t1 + gap + length))
    for y in (y0, y1):
        shape.draw_line((l0 - gap - length, y), (l0 - gap, y))
        shape.draw_line((l1 + gap, y), (l1 + gap + length, y))
    shape.finish(color=(0, 0, 0), width=0.3, closePath=False)
    shape.commit()


# ---- output ------------------------------------------------------------------------------

def page_layout(paper: str, width_pt: float, height_pt: float) -> QPageLayout:
    orientation = QPageLayout.Orientation.Landscape if width_pt > height_pt \
        else QPageLayout.Orientation.Portrait
    return QPageLayout(QPageSize(PAPER_IDS[paper]), orientation, QMarginsF(0, 0, 0, 0))


def paint_pages(pdf: bytes, printer: QPrinter, paper: str) -> None:
    """Rasterises the composed pages onto a printer (or the preview) in bands."""
    printer.setFullPage(True)
    painter = QPainter()
    with pymupdf.open("pdf", pdf) as doc:
        for page in doc:
            printer.setPageLayout(page_layout(paper, page.rect.width, page.rect.height))
            if page.number == 0:
                if not painter.begin(printer):
                    raise PrintError("the printer could not be started")
            else:
                printer.newPage()
            device = printer.pageRect(QPrinter.Unit.DevicePixel)
            dpi = min(printer.resolution(), MAX_PRINT_DPI)
            zoom = dpi / 72.0
            to_device = device.width() / page.rect.width
            band_height = BAND_PIXELS / zoom
            top = 0.0
            while top < page.rect.height:
                bottom = min(page.rect.height, top + band_height)
                clip = pymupdf.Rect(0, top, page.rect.width, bottom)
                pixmap = page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), clip=clip,
                                         alpha=False)
                samples = pixmap.samples      # QImage reads it in place while drawing
                image = QImage(samples, pixmap.width, pixmap.height, pixmap.stride,
                               QImage.Format.Format_RGB888)
                painter.drawImage(QRectF(0, top * to_device, device.width(),
                                         (bottom - top) * to_device), image)
                top = bottom
    painter.end()


def print_job(sources: Sequence[PrintSource], options: PrintOptions, printer: QPrinter) -> int:
    """Prints to `printer`; a printer set to PDF output gets the vector PDF itself.
    Returns the number of paper pages."""
    pdf, pages = compose(sources, options)
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and printer.outputFileName():
        Path(printer.outputFileName()).write_bytes(pdf)
    else:
        paint_pages(pdf, printer, options.paper)
    return pages


# ---- the dialog and the File menu --------------------------------------------------------

class PrintDialog(QDialog):
    """Choose sheets, scale, paper, tiling and markups; preview, print or save as PDF."""

    def __init__(self, sources: Sequence[PrintSource], current_sheet: int | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("printDialog")
        self.sources = list(sources)
        self.current_sheet = current_sheet
        self.printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        self.current_only = QRadioButton(self)
        self.all_sheets = QRadioButton(self)
        (self.current_only if current_sheet is not None else self.all_sheets).setChecked(True)
        self.current_only.setEnabled(current_sheet is not None and len(self.sources) == 1)
        self.scale = QComboBox(self)
        self.paper = QComboBox(self)
        self.paper.addItems(list(PAPERS))
        self.paper.setCurrentText(PrintOptions.paper)
        self.tile = QCheckBox(self)
        self.tile.setChecked(True)
        self.overlap = QDoubleSpinBox(self)
        self.overlap.setRange(0.0, 50.0)
        self.overlap.setValue(PrintOptions.overlap_mm)
        self.overlap.setSuffix(" mm")
        self.markups = QCheckBox(self)
        self.markups.setChecked(True)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.scale_label, self.paper_label, self.overlap_label = (QLabel(self) for _ in range(3))
        self.form = QFormLayout()
        self.form.addRow(self.current_only)
        self.form.addRow(self.all_sheets)
        self.form.addRow(self.scale_label, self.scale)
        self.form.addRow(self.paper_label, self.paper)
        self.form.addRow(self.tile)
        self.form.addRow(self.overlap_label, self.overlap)
        self.form.addRow(self.markups)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.preview_button = QPushButton(self)
        self.pdf_button = QPushButton(self)
        self.print_button = QPushButton(self)
        self.print_button.setDefault(True)
        for button in (self.preview_button, self.pdf_button, self.print_button):
            self.buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        self.preview_button.clicked.connect(self.preview)
        self.pdf_button.clicked.connect(self.choose_pdf_file)
        self.print_button.clicked.connect(self.print_now)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        for widget in (self.current_only, self.all_sheets, self.tile, self.markups):
            widget.toggled.connect(self.update_summary)
        for combo in (self.scale, self.paper):
            combo.currentIndexChanged.connect(self.update_summary)
        self.overlap.valueChanged.connect(self.update_summary)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Print"))
        self.current_only.setText(self.tr("Current sheet"))
        self.all_sheets.setText(self.tr("All sheets") if len(self.sources) == 1
                                else self.tr("All sheets of the chosen drawings"))
        chosen = self.scale.currentIndex()
        self.scale.blockSignals(True)
        self.scale.clear()
        self.scale.addItem(self.tr("Fit to paper"), None)
        for ratio in RATIOS:
            self.scale.addItem(self.tr("True scale 1:%1").replace("%1", str(ratio)), ratio)
        self.scale.setCurrentIndex(max(0, chosen))
        self.scale.blockSignals(False)
        self.scale_label.setText(self.tr("Scale:"))
        self.paper_label.setText(self.tr("Paper:"))
        self.overlap_label.setText(self.tr("Tile overlap:"))
        self.tile.setText(self.tr("Tile a sheet larger than the paper, with crop marks"))
        self.markups.setText(self.tr("Include markups"))
        self.preview_button.setText(self.tr("Pre&view…"))
        self.pdf_button.setText(self.tr("Save as &PDF…"))
        self.print_button.setText(self.tr("&Print…"))
        self.update_summary()

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def options(self) -> PrintOptions:
        return PrintOptions(paper=self.paper.currentText(), ratio=self.scale.currentData(),
                            tile=self.tile.isChecked(), overlap_mm=self.overlap.value(),
                            markups=self.markups.isChecked())

    def job(self) -> list[PrintSource]:
        if self.current_only.isChecked() and self.current_sheet is not None:
            return [replace(self.sources[0], sheets=(self.current_sheet,))]
        return [replace(source, sheets=None) for source in self.sources]

    def update_summary(self) -> None:
        """How many sheets of paper the job takes, or why it cannot print."""
        self.overlap.setEnabled(self.tile.isChecked())
        if not self.sources:
            return
        try:
            pages = self._count_paper_pages()
        except PlanReviewError as exc:
            self.summary.setText(str(exc))
            self.print_button.setEnabled(False)
            self.pdf_button.setEnabled(False)
            self.preview_button.setEnabled(False)
            return
        for button in (self.print_button, self.pdf_button, self.preview_button):
            button.setEnabled(True)
        self.summary.setText(self.tr("Pages to print: %1 on %2 paper")
                             .replace("%1", str(pages)).replace("%2", self.paper.currentText()))

    def _count_paper_pages(self) -> int:
        """Lays out the PDF sources' pages (fast: sizes and scales only). CAD sources count
        as their sheets until composed."""
        options = self.options()
        total = 0
        for source in self.job():
            with Path(source.path).open("rb") as f:
                if b"%PDF-" not in f.read(1024):
                    total += len(source.sheets or ()) or 1
                    continue
            with pymupdf.open(source.path) as doc:
                if doc.needs_pass:
                    doc.authenticate(source.password or "")
                frames = pdf_frames(doc)
                for sheet in source.sheets if source.sheets is not None else range(len(doc)):
                    frame = frames[sheet]
                    total += len(lay_out_sheet(
                        sheet, page_label(doc[sheet]) or str(sheet + 1),
                        (frame.width, frame.height),
                        page_scale(doc, frame, source.calibrations), options))
        return total

    def _composed(self) -> tuple[bytes, int] | None:
        try:
            return compose(self.job(), self.options())
        except PlanReviewError as exc:
            self._warn(str(exc))
            return None

    def preview(self) -> QPrintPreviewDialog | None:
        composed = self._composed()
        if composed is None:
            return None
        dialog = QPrintPreviewDialog(self.printer, self)
        dialog.paintRequested.connect(
            lambda printer: paint_pages(composed[0], printer, self.paper.currentText()))
        dialog.open()
        return dialog

    def print_now(self) -> None:
        chooser = QPrintDialog(self.printer, self)
        if chooser.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            print_job(self.job(), self.options(), self.printer)
        except (PlanReviewError, OSError) as exc:
            self._warn(str(exc))
            return
        self.accept()

    def choose_pdf_file(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save Print as PDF"), "",
                                              self.tr("PDF files (*.pdf)"))
        if path:
            self.save_pdf(Path(path))

    def save_pdf(self, path: Path) -> bool:
        composed = self._composed()
        if composed is None:
            return False
        try:
            path.write_bytes(composed[0])
        except OSError as exc:
            self._warn(str(exc))
            return False
        self.accept()
        return True

    def _warn(self, message: str) -> None:
        self.summary.setText(message)
        QMessageBox.warning(self, self.tr("Cannot Print"), message)


class PrintingActions(QObject):
    """File > Print… (the open drawing) and File > Print Several Drawings… (a batch, such as
    an approved set and its companions)."""

    def __init__(self, window: QMainWindow):
        super().__init__(window)
        self.window = window
        self.print_action = QAction(window)
        self.print_action.setObjectName("print")
        self.print_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Print))
        self.batch_action = QAction(window)
        self.batch_action.setObjectName("print_batch")
        self.print_action.triggered.connect(self.print_drawing)
        self.batch_action.triggered.connect(self.print_batch)
        window.installEventFilter(self)
        self.retranslate()
        self.update_enabled()

    def retranslate(self) -> None:
        self.print_action.setText(self.tr("&Print…"))
        self.batch_action.setText(self.tr("Print Several &Drawings…"))

    def eventFilter(self, watched, event) -> bool:
        if watched is self.window and event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        return False

    def update_enabled(self, *_) -> None:
        self.print_action.setEnabled(getattr(self.window, "drawing", None) is not None)

    def current_source(self) -> tuple[PrintSource, int | None] | None:
        drawing = getattr(self.window, "drawing", None)
        if drawing is None:
            return None
        views = getattr(self.window, "views", None)
        sheet = views.active.sheet_index if views is not None else None
        return PrintSource(Path(drawing.path), password=drawing.password), sheet

    def print_drawing(self) -> PrintDialog | None:
        current = self.current_source()
        if current is None:
            return None
        dialog = PrintDialog([current[0]], current[1], self.window)
        dialog.open()
        return dialog

    def print_batch(self) -> PrintDialog | None:
        paths, _ = QFileDialog.getOpenFileNames(
            self.window, self.tr("Print Several Drawings"), "",
            self.tr("Drawings (*.pdf *.dxf *.dwg)"))
        if not paths:
            return None
        dialog = PrintDialog([PrintSource(Path(p)) for p in paths], None, self.window)
        dialog.open()
        return dialog


def install_printing(window: QMainWindow) -> PrintingActions:
    """Adds Print… and Print Several Drawings… to the window's File menu, before Quit."""
    actions = PrintingActions(window)
    menu = window.file_menu
    quit_action = window.actions_by_name.get("quit")
    menu.insertAction(quit_action, actions.print_action)
    menu.insertAction(quit_action, actions.batch_action)
    menu.insertSeparator(quit_action)
    if hasattr(window, "drawing_opened"):
        window.drawing_opened.connect(actions.update_enabled)
    menu.aboutToShow.connect(actions.update_enabled)
    return actions
