"""Export and import actions: a marked-up PDF or DXF copy, XFDF, CSV, the corrections letter,
and XFDF written by other tools. The writing is review/exchange's; this module asks where,
runs it off the GUI thread and reports the result. The letter, the CSV's measured captions and
the DXF's measured captions are written in the interface's language (docs/markups-json.md).
"""
from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, QObject, QRectF, Qt
from PySide6.QtGui import QAction, QImage, QPainter, QTransform
from PySide6.QtWidgets import QFileDialog, QGraphicsScene, QInputDialog, QMenu

from desktop import i18n, tasks
from desktop.errors import user_message
from desktop.markups.items import MarkupItem
from desktop.markups.names import kind_name
from review.errors import PlanReviewError
from review.exchange.frames import IDENTITY, SheetFrame, pdf_frames_of
from review.letter import CorrectionItem, LetterDetails, correction_items
from review.markups import Markup, MarkupKind
from review.sheet_identity import SheetIdentity
from review.measure import PAPER_SCALE, Viewport

log = logging.getLogger(__name__)

THUMBNAIL_WIDTH_PX = 380
THUMBNAIL_MARGIN = 0.6     # of the markup's size, on each side


class Exporter(QObject):
    def __init__(self, controller, menu: QMenu, window):
        super().__init__(window)
        self.controller = controller
        self.window = window
        self.actions: dict[str, QAction] = {}
        for name in ("export_pdf", "export_dxf", "export_xfdf", "export_csv", "export_letter",
                     None, "import_xfdf"):
            if name is None:
                menu.addSeparator()
                continue
            action = menu.addAction("")
            action.setObjectName(name)
            action.triggered.connect(getattr(self, name))
            self.actions[name] = action
        menu.aboutToShow.connect(self._enable)
        menu.installEventFilter(self)
        self.retranslate()

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        return False

    def retranslate(self) -> None:
        texts = {
            "export_pdf": self.tr("Marked-up &PDF…"), "export_dxf": self.tr("Marked-up &DXF…"),
            "export_xfdf": self.tr("&XFDF…"), "export_csv": self.tr("&CSV Summary…"),
            "export_letter": self.tr("Corrections &Letter…"),
            "import_xfdf": self.tr("&Import XFDF…"),
        }
        for name, text in texts.items():
            self.actions[name].setText(text)

    def _enable(self) -> None:
        session = self.controller.session
        kind = session.drawing.kind if session is not None else None
        for name, action in self.actions.items():
            action.setEnabled(session is not None)
        self.actions["export_pdf"].setEnabled(kind == "pdf")
        self.actions["export_dxf"].setEnabled(kind == "dxf")

    # ---- the actions --------------------------------------------------------------------------
    def export_pdf(self) -> None:
        from review.exchange.pdf_annotations import write_annotated_pdf

        session = self._session()
        out = self._ask_output(self.tr("PDF files (*.pdf)"), "-marked-up.pdf")
        if session is None or out is None:
            return
        markups, source = self._markups(), Path(session.drawing.path)
        viewports = self._calibrated_viewports()
        password = session.drawing.password
        self._run(lambda: write_annotated_pdf(source, markups, out,
                                              disciplines=session.disciplines,
                                              viewports=viewports, password=password).warnings,
                  out, len(markups))

    def export_dxf(self) -> None:
        from review.exchange.dxf_layers import write_review_dxf

        session = self._session()
        out = self._ask_output(self.tr("DXF drawings (*.dxf)"), "-marked-up.dxf")
        if session is None or out is None:
            return
        markups, source = self._markups(), Path(session.drawing.path)
        language = i18n.current_language()
        self._run(lambda: write_review_dxf(source, markups, out, disciplines=session.disciplines,
                                           language=language).warnings,
                  out, len(markups))

    def export_xfdf(self) -> None:
        from review.exchange.xfdf import export_xfdf

        session = self._session()
        out = self._ask_output(self.tr("XFDF files (*.xfdf)"), ".xfdf")
        if session is None or out is None:
            return
        markups, source = self._markups(), Path(session.drawing.path)
        frames_of = self._frames_reader()

        def write() -> tuple[str, ...]:
            out.write_text(export_xfdf(markups, frames_of(), pdf_name=source.name,
                                       disciplines=session.disciplines), encoding="utf-8")
            return ()
        self._run(write, out, len(markups))

    def export_csv(self) -> None:
        from review.exchange.csv_summary import csv_summary

        session = self._session()
        out = self._ask_output(self.tr("CSV files (*.csv)"), ".csv")
        if session is None or out is None:
            return
        markups = self._markups()
        language = i18n.current_language()
        drawing = session.drawing
        sheets = {i: (drawing.info(i).number, drawing.info(i).title)
                  for i in range(drawing.sheet_count())}

        def write() -> tuple[str, ...]:
            out.write_text(csv_summary(markups, session.disciplines, language=language,
                                       sheets=sheets),
                           encoding="utf-8", newline="")
            return ()
        self._run(write, out, len(markups))

    def export_letter(self) -> None:
        from review.letter import letter_from_pdf, write_letter

        session = self._session()
        if session is None:
            return
        drawing = session.drawing
        reference, ok = QInputDialog.getText(self.window, self.tr("Corrections Letter"),
                                             self.tr("Application reference:"),
                                             text=Path(drawing.path).stem)
        if not ok:
            return
        out = self._ask_output(self.tr("PDF files (*.pdf)"), "-corrections.pdf")
        if out is None:
            return
        markups = self._markups()
        details = LetterDetails(reference=reference, reviewer=session.author, date=date.today())
        language = i18n.current_language()
        kinds = {kind: kind_name(kind) for kind in MarkupKind}   # translated here, not in a task
        source = Path(drawing.path)
        items = correction_items(markups)
        # the numbers and titles the reviewer sees (corrected ones included), read now
        sheets = {item.sheet: SheetIdentity(drawing.info(item.sheet).number,
                                            drawing.info(item.sheet).title) for item in items}
        if drawing.kind == "pdf":
            def write() -> tuple[str, ...]:
                letter_from_pdf(source, out, markups, details, language=language,
                                password=drawing.password, sheets=sheets,
                                disciplines=session.disciplines, kind_names=kinds)
                return ()
        else:
            pictures = {item.first.id: self._cad_thumbnail(item) for item in items}

            def write() -> tuple[str, ...]:
                write_letter(out, markups, details, language=language,
                             thumbnail=lambda item: pictures.get(item.first.id),
                             sheets=sheets, disciplines=session.disciplines,
                             kind_names=kinds)
                return ()
        self._run(write, out, len(items))

    def import_xfdf(self) -> None:
        from review.exchange.xfdf import read_xfdf_file

        session = self._session()
        if session is None:
            return
        path, _ = QFileDialog.getOpenFileName(self.window, self.tr("Import XFDF"), "",
                                              self.tr("XFDF files (*.xfdf)"))
        if not path:
            return
        frames_of = self._frames_reader()
        tasks.run_task("parse",
                       lambda: read_xfdf_file(Path(path), frames_of(),
                                              disciplines=session.disciplines),
                       lambda imported: self._merge(imported, Path(path).name),
                       lambda exc: self._failed(self.tr("Cannot import %1"), Path(path), exc))

    def _merge(self, imported, name: str) -> None:
        session = self.controller.session
        if session is None:
            return
        new = [m for m in imported.markups if m.id not in session.markups]
        known = [m for m in imported.markups if m.id in session.markups
                 and not session.markups.get(m.id).read_only]
        try:
            with session.macro(self.tr("Import XFDF")):
                session.update(known, self.tr("Import XFDF"))
                session.add(new, self.tr("Import XFDF"), select=False)
        except PlanReviewError as exc:
            self._failed(self.tr("Cannot import %1"), Path(name), exc)
            return
        message = self.tr("Imported %1 markup(s) from %2").replace(
            "%1", str(len(new) + len(known))).replace("%2", name)
        if imported.warnings:
            message += " — " + "; ".join(imported.warnings[:3])
        self.controller.notify(message)

    # ---- helpers ------------------------------------------------------------------------------
    def _session(self):
        return self.controller.session

    def _markups(self) -> list[Markup]:
        return list(self.controller.session.markups.ordered())

    def _ask_output(self, file_filter: str, suffix: str) -> Path | None:
        session = self.controller.session
        if session is None:
            return None
        source = Path(session.drawing.path)
        suggested = str(source.with_name(source.stem + suffix))
        path, _ = QFileDialog.getSaveFileName(self.window, self.tr("Export Markups"), suggested,
                                              file_filter)
        return Path(path) if path else None

    def _frames_reader(self):
        """A call giving the sheet frames, safe to run in a task (PDF frames need the file)."""
        drawing = self.controller.session.drawing
        if drawing.kind == "pdf":
            path = Path(drawing.path)
            return lambda: pdf_frames_of(path)
        frames = tuple(SheetFrame(i, 0.0, 0.0, IDENTITY, bounded=False,
                                  name=drawing.info(i).label)
                       for i in range(drawing.sheet_count()))
        return lambda: frames

    def _calibrated_viewports(self) -> dict[int, list[Viewport]]:
        """Each sheet's viewports, and its calibrated scale as a page-wide viewport under
        them, as /VP entries for other readers."""
        session = self.controller.session
        viewports = {}
        for sheet in range(session.drawing.sheet_count()):
            stored = session.store.load_scales(sheet)
            if stored is None:
                continue
            info = session.drawing.info(sheet)
            chosen = list(stored.viewports)
            if stored.default not in (None, PAPER_SCALE):   # paper needs no viewport
                chosen.insert(0, Viewport("Plan Review", (0.0, 0.0, info.width, info.height),
                                          stored.default))
            viewports[sheet] = chosen
        return viewports

    def _cad_thumbnail(self, correction: CorrectionItem) -> bytes | None:
        """The item's markups drawn over their CAD region, as PNG, on the GUI thread."""
        from viewers.qt.cad_layer import create_cad_layer

        session = self.controller.session
        sheet = correction.sheet
        layer = create_cad_layer(session.drawing.document, sheet)
        unit = session.sheet_units_per_point(sheet)
        scene = QGraphicsScene()
        box = QRectF()
        for markup in correction.markups:
            item = MarkupItem(markup, layer.sheet_to_scene(), unit, session.colour(markup))
            scene.addItem(item)
            box |= item.sceneBoundingRect() | item.mapRectToScene(item.childrenBoundingRect())
        size = max(box.width(), box.height(), 100 * unit)
        region = QRectF(box.center().x() - size * (0.5 + THUMBNAIL_MARGIN),
                        box.center().y() - size * 0.75 * (0.5 + THUMBNAIL_MARGIN),
                        size * (1 + 2 * THUMBNAIL_MARGIN), size * 0.75 * (1 + 2 * THUMBNAIL_MARGIN))
        scale = THUMBNAIL_WIDTH_PX / region.width()
        image = QImage(THUMBNAIL_WIDTH_PX, max(1, round(region.height() * scale)),
                       QImage.Format.Format_RGB32)
        image.fill(Qt.GlobalColor.white)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setTransform(QTransform(scale, 0, 0, scale, -region.left() * scale,
                                        -region.top() * scale))
        layer.paint(painter, region, scale)
        painter.resetTransform()
        scene.render(painter, QRectF(image.rect()), region)
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        return bytes(data)

    def _run(self, write, out: Path, count: int) -> None:
        tasks.run_task("parse", write, lambda warnings: self._done(out, count, warnings),
                       lambda exc: self._failed(self.tr("Cannot write %1"), out, exc))

    def _done(self, out: Path, count: int, warnings) -> None:
        message = self.tr("Wrote %1 (%2 markup(s))").replace("%1", out.name).replace(
            "%2", str(count))
        if warnings:
            message += " — " + "; ".join(warnings[:3])
        self.controller.notify(message)

    def _failed(self, title: str, path: Path, exc: BaseException) -> None:
        text, expected = user_message(exc)
        if not expected:
            log.error("markup export or import failed", exc_info=exc)
        self.window.show_error(title.replace("%1", path.name), text)

