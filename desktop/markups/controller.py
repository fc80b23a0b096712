"""The markups of the main window: a session per open drawing, tools on every canvas, edits.

`MarkupsController` follows the window (a drawing opened or closed, a sheet shown in a view,
views added) and owns what lasts across drawings: the chosen tool, snapping, the prompts.
The session is built off the GUI thread's critical path: hashing the file (markups are keyed
by its sha256) and reading a PDF's own annotations run as a task.
"""
from __future__ import annotations

import itertools
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace

from PySide6.QtCore import QEvent, QMimeData, QObject, QPointF, QRectF, Signal
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit

from desktop import tasks
from desktop.errors import user_message
from desktop.logsetup import data_dir
from desktop.markups.interaction import CanvasInteraction
from desktop.markups.names import kind_name, scale_text, stamp_name
from desktop.markups.scales import ScalesDialog, ViewportAnswer, ask_ratio, ask_viewport
from desktop.markups.session import MarkupSession
from desktop.markups.snapping import Snapper
from desktop.markups.tools import CALIBRATE, VIEWPORT
from review.errors import PlanReviewError
from review.markup_store import document_key
from review.markups import (
    MEASURE_KINDS,
    STANDARD_STAMPS,
    Markup,
    MarkupKind,
    Point,
    load_disciplines,
)
from review.measure import MM_PER_UNIT_NAME, ScaleError, Viewport, ratio_scale
from review.store import LocalStore

CLIPBOARD_MIME = "application/x-planreview-markups+json"
JUMP_MARGIN = 2.0          # a jumped-to markup fills a third of the view
JUMP_MIN_POINTS = 150.0    # ... but never less than this much paper around it
TEXT_KINDS = (MarkupKind.TEXT, MarkupKind.CALLOUT)


class Prompts(QObject):
    """What a tool asks the reviewer after a gesture. The kill test replaces it with answers."""

    def text(self, parent, kind: str) -> str | None:
        text, ok = QInputDialog.getMultiLineText(parent, kind_name(kind), self.tr("Comment:"))
        return text if ok and text.strip() else None

    def stamp(self, parent) -> str | None:
        names = [stamp_name(label) for label in STANDARD_STAMPS]
        chosen, ok = QInputDialog.getItem(parent, self.tr("Stamp"),
                                          self.tr("Stamp (or type your own):"), names, 0, True)
        if not ok or not chosen.strip():
            return None
        return STANDARD_STAMPS[names.index(chosen)] if chosen in names else chosen.strip()

    def known_distance(self, parent) -> float | None:
        """The real length of the picked distance in mm; the reviewer may write a unit."""
        while True:
            text, ok = QInputDialog.getText(
                parent, self.tr("Calibrate Scale"),
                self.tr("Real length between the two points (e.g. 5 m, 3500 mm, 12 ft):"),
                QLineEdit.EchoMode.Normal)
            if not ok:
                return None
            mm = parse_length(text)
            if mm is not None:
                return mm

    def viewport(self, parent, name: str, *, ratios: bool) -> ViewportAnswer | None:
        """A new viewport's name and scale; without `ratios` (a sheet with no units) the
        scale can only be calibrated."""
        return ask_viewport(parent, name, ratios=ratios)

    def viewport_name(self, parent, name: str) -> str | None:
        text, ok = QInputDialog.getText(parent, self.tr("Rename Viewport"),
                                        self.tr("Viewport name:"), QLineEdit.EchoMode.Normal,
                                        name)
        return text.strip() if ok and text.strip() else None

    def ratio(self, parent, current: str) -> float | None:
        return ask_ratio(parent, current)


@dataclass(frozen=True)
class PendingViewport:
    """A viewport drawn whose scale the reviewer calibrates next, by two points inside it."""
    sheet: int
    name: str
    bbox: tuple[float, float, float, float]

    def holds(self, points: Sequence[Point]) -> bool:
        x0, y0, x1, y1 = self.bbox
        return all(x0 <= x <= x1 and y0 <= y <= y1 for x, y in points)


def parse_length(text: str) -> float | None:
    """'5 m' -> 5000.0, '3500' -> 3500.0 (mm by default); None when it is not a length."""
    found = re.fullmatch(r"\s*([0-9]+(?:[.,][0-9]*)?)\s*([a-zA-Z]*)\s*", text or "")
    if not found:
        return None
    value = float(found.group(1).replace(",", "."))
    unit = found.group(2).lower() or "mm"
    if unit not in MM_PER_UNIT_NAME or value <= 0:
        return None
    return value * MM_PER_UNIT_NAME[unit]


class MarkupsController(QObject):
    session_changed = Signal(object)     # MarkupSession or None
    tool_changed = Signal(object)        # tool name or None (pan)
    message = Signal(str)

    def __init__(self, window, store: LocalStore):
        super().__init__(window)
        self.window = window
        self.store = store
        self.disciplines = load_disciplines(data_dir() / "disciplines.json")
        self.session: MarkupSession | None = None
        self.snapper = Snapper(self)
        self.prompts = Prompts(self)
        self.tool: str | None = None
        self.pending_viewport: PendingViewport | None = None
        self.viewports_shown = True
        self.interactions: list[CanvasInteraction] = []
        self.import_warnings: tuple[str, ...] = ()
        for view in window.views.views:
            self._add_view(view)
        window.views.view_added.connect(self._add_view)
        window.drawing_opened.connect(self.open_drawing)
        window.drawing_closed.connect(self.close_session)
        window.sheet_shown.connect(self._on_sheet_shown)
        window.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.LanguageChange:   # measured labels in the new language
            for interaction in self.interactions:
                interaction.overlay.show(self.session, interaction.overlay.sheet)
        return False

    @property
    def drawing(self):
        return self.window.drawing

    # ---- sessions -----------------------------------------------------------------------------
    def open_drawing(self, drawing) -> None:
        self.close_session()
        path, password, kind = drawing.path, drawing.password, drawing.kind

        def prepare():
            imported, warnings = (), ()
            if kind == "pdf":
                from review.exchange.pdf_annotations import read_pdf_annotations

                found = read_pdf_annotations(path, password=password,
                                             disciplines=self.disciplines)
                imported, warnings = found.markups, found.warnings
            return document_key(path), imported, warnings

        tasks.run_task("parse", prepare, lambda result: self._start_session(drawing, *result),
                       lambda exc: self._on_prepare_failed(exc))

    def _start_session(self, drawing, document: str, imported: Sequence[Markup],
                       warnings: Sequence[str]) -> None:
        if self.window.drawing is not drawing:
            return   # another drawing was opened meanwhile
        self.session = MarkupSession(drawing, self.store, document, imported, self.disciplines,
                                     self)
        self.import_warnings = tuple(warnings)
        self.session.changed.connect(self._on_changed)
        self.session.selection_changed.connect(self._on_selection_changed)
        self.session.scales_changed.connect(self._on_scales_changed)
        for interaction in self.interactions:
            interaction.overlay.show(self.session, interaction.view.sheet_index)
        self.session_changed.emit(self.session)

    def _on_prepare_failed(self, exc: BaseException) -> None:
        text, _expected = user_message(exc)
        self.notify(self.tr("Markups cannot be loaded: %1").replace("%1", text))

    def close_session(self) -> None:
        if self.session is None:
            return
        for interaction in self.interactions:
            interaction.cancel()
            interaction.overlay.show(None, None)
        self.session.close()
        self.session.deleteLater()
        self.session = None
        self.pending_viewport = None
        self.session_changed.emit(None)

    # ---- views --------------------------------------------------------------------------------
    def _add_view(self, view) -> None:
        interaction = CanvasInteraction(view, self)
        interaction.set_tool(self.tool)
        interaction.overlay.viewports_shown = self.viewports_shown
        self.interactions.append(interaction)
        # a split view is shown its sheet before this hears of it
        interaction.overlay.show(self.session, view.sheet_index)
        view.canvas.destroyed.connect(lambda *_: self._drop_view(interaction))

    def _drop_view(self, interaction: CanvasInteraction) -> None:
        if interaction in self.interactions:
            self.interactions.remove(interaction)

    def _on_sheet_shown(self, view) -> None:
        for interaction in self.interactions:
            if interaction.view is view:
                interaction.cancel()
                interaction.overlay.show(self.session, view.sheet_index)

    def active_interaction(self) -> CanvasInteraction | None:
        for interaction in self.interactions:
            if interaction.view is self.window.views.active:
                return interaction
        return None

    def _on_changed(self, change) -> None:
        for interaction in self.interactions:
            interaction.overlay.apply(change)

    def _on_selection_changed(self) -> None:
        for interaction in self.interactions:
            interaction.overlay.show_selection()

    def _on_scales_changed(self, sheet: int) -> None:
        for interaction in self.interactions:
            if interaction.overlay.sheet == sheet:
                interaction.overlay.show_viewports()

    def show_viewports(self, shown: bool) -> None:
        self.viewports_shown = shown
        for interaction in self.interactions:
            interaction.overlay.viewports_shown = shown
            interaction.overlay.show_viewports()

    # ---- tools --------------------------------------------------------------------------------
    def set_tool(self, name: str | None) -> None:
        if name != CALIBRATE:
            self.pending_viewport = None
        self.tool = name
        for interaction in self.interactions:
            interaction.set_tool(name)
        self.tool_changed.emit(name)

    def commit(self, sheet: int, kind: str, points: list[Point]) -> None:
        """A finished gesture: asks what the kind needs, then adds the markup (one undo step)."""
        session = self.session
        if session is None:
            return
        if kind == CALIBRATE:
            self._guarded(lambda s: self._calibrate(s, sheet, points))
            return
        if kind == VIEWPORT:
            self._guarded(lambda s: self._define_viewport(s, sheet, points))
            return
        text = ""
        if kind in TEXT_KINDS:
            text = self.prompts.text(self.window, kind)
        elif kind == MarkupKind.STAMP:
            text = self.prompts.stamp(self.window)
        if text is None:
            return
        try:
            markup = session.new_markup(sheet, MarkupKind(kind), points, text)
        except ScaleError as exc:
            self.notify(str(exc))
            return
        session.add([markup], self.tr("Add %1").replace("%1", kind_name(kind)))

    # ---- scales and viewports -----------------------------------------------------------------
    def _calibrate(self, session: MarkupSession, sheet: int, points: list[Point]) -> None:
        pending = self.pending_viewport
        if pending is not None and pending.sheet == sheet and not pending.holds(points):
            self.notify(self.tr("Pick both points inside the viewport %1").replace(
                "%1", pending.name))
            return
        known = self.prompts.known_distance(self.window)
        if known is None:
            return
        paper = session.mm_per_paper_unit(sheet)
        if pending is not None and pending.sheet == sheet:
            viewport = Viewport(pending.name, pending.bbox,
                                session.calibrated_scale(sheet, points[0], points[1], known))
            session.add_viewport(sheet, viewport, kind_name(VIEWPORT))
            self.pending_viewport = None
            self._told_viewport(viewport, paper)
            return
        scale, viewport = session.calibrate(sheet, points[0], points[1], known,
                                            kind_name(CALIBRATE))
        if viewport is not None:
            self._told_viewport(viewport, paper)
        else:
            self.notify(self.tr("Sheet scale set: %1").replace("%1", scale_text(scale, paper)))

    def _define_viewport(self, session: MarkupSession, sheet: int, points: list[Point]) -> None:
        (x0, y0), (x1, y1) = points[0], points[-1]
        bbox = (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
        scales = session.scales(sheet)
        taken = {v.name for v in scales.viewports}
        suggested = next(name for number in itertools.count(1)
                         if (name := self.tr("Viewport %1").replace("%1", str(number)))
                         not in taken)
        paper = session.mm_per_paper_unit(sheet)
        answer = self.prompts.viewport(self.window, suggested, ratios=paper is not None)
        if answer is None:
            return
        scales.check_new_name(answer.name)
        if answer.ratio is None:   # calibrated next, by two points inside it
            self.pending_viewport = PendingViewport(sheet, answer.name, bbox)
            self.set_tool(CALIBRATE)
            self.notify(self.tr("Now drag between two points inside %1 whose real distance"
                                " you know").replace("%1", answer.name))
            return
        viewport = Viewport(answer.name, bbox, ratio_scale(answer.ratio, paper))
        session.add_viewport(sheet, viewport, kind_name(VIEWPORT))
        self._told_viewport(viewport, paper)

    def _told_viewport(self, viewport: Viewport, paper: float | None) -> None:
        self.notify(self.tr("Viewport %1 measures at %2").replace("%1", viewport.name)
                    .replace("%2", scale_text(viewport.scale, paper)))

    def show_scales(self) -> None:
        """The scales of the sheet in the active view, to rename, rescale or delete them."""
        view = self.window.views.active
        if self.session is None or view.sheet_index is None:
            return
        ScalesDialog(self, view.sheet_index, self.window).open()

    def preview_markup(self, draft: Markup) -> Markup:
        """A draft in the session's discipline, with its measurement while it is drawn."""
        session = self.session
        draft = replace(draft, discipline=session.discipline, author=session.author)
        if draft.kind in MEASURE_KINDS:
            try:
                return session.measured(draft)
            except PlanReviewError:
                return draft
        return draft

    def notify(self, message: str) -> None:
        self.message.emit(message)
        self.window.statusBar().showMessage(message, 10000)

    # ---- edits on the selection ---------------------------------------------------------------
    def _guarded(self, call) -> None:
        if self.session is None:
            return
        try:
            call(self.session)
        except PlanReviewError as exc:
            self.notify(str(exc))

    def move_selection(self, dx: float, dy: float) -> None:
        self._guarded(lambda s: s.move(s.selection, dx, dy, self.tr("Move Markups")))

    def delete_selection(self) -> None:
        self._guarded(lambda s: s.remove(s.selection, self.tr("Delete Markups")))

    def restack_selection(self, front: bool) -> None:
        text = self.tr("Bring to Front") if front else self.tr("Send to Back")
        self._guarded(lambda s: s.restack(s.selection, front=front, text=text))

    def lock_selection(self, locked: bool) -> None:
        text = self.tr("Lock Markups") if locked else self.tr("Unlock Markups")
        self._guarded(lambda s: s.set_locked(
            [m.id for m in s.selected() if not m.read_only], locked, text))

    def select_all(self) -> None:
        view = self.window.views.active
        if self.session is not None and view.sheet_index is not None:
            self.session.select(m.id for m in self.session.markups.ordered(view.sheet_index))

    def copy_selection(self) -> None:
        if self.session is None or not self.session.selection:
            return
        ids = [m.id for m in self.session.markups.ordered() if m.id in self.session.selection]
        data = QMimeData()
        data.setData(CLIPBOARD_MIME, self.session.copy_text(ids).encode("utf-8"))
        QApplication.clipboard().setMimeData(data)

    def paste(self) -> None:
        data = QApplication.clipboard().mimeData()
        view = self.window.views.active
        if data is None or not data.hasFormat(CLIPBOARD_MIME) or view.sheet_index is None:
            return
        text = bytes(data.data(CLIPBOARD_MIME)).decode("utf-8")
        self._guarded(lambda s: s.paste(text, view.sheet_index, self.tr("Paste Markups")))

    # ---- navigation ---------------------------------------------------------------------------
    def jump_to(self, markup_id: uuid.UUID) -> None:
        """Shows the markup's sheet in the active view, centred on it, and selects it."""
        session = self.session
        if session is None or markup_id not in session.markups:
            return
        markup = session.markups.get(markup_id)
        view = self.window.views.active
        if view.sheet_index != markup.sheet:
            self.window.show_sheet(markup.sheet, view)
        session.select([markup_id])
        canvas = view.canvas
        if canvas.layer is None:
            return
        x0, y0, x1, y1 = markup.bounds()
        box = canvas.layer.sheet_to_scene().mapRect(QRectF(QPointF(x0, y0), QPointF(x1, y1)))
        least = JUMP_MIN_POINTS * session.sheet_units_per_point(markup.sheet)
        grow_x = max(box.width() * JUMP_MARGIN, least) / 2
        grow_y = max(box.height() * JUMP_MARGIN, least) / 2
        region = box.adjusted(-grow_x, -grow_y, grow_x, grow_y)
        shown = canvas.mapToScene(canvas.viewport().rect()).boundingRect()
        if region.width() < shown.width() and region.height() < shown.height():
            canvas.zoom_to_scene_rect(region)
        else:   # the markup is big on screen already: bring it to the middle, keep the zoom
            canvas.centerOn(box.center())
