"""The main window: canvas views in the centre, sheet navigator and inspector docks, status bar.

Actions are declared once (ACTIONS) and their texts set in `retranslate`, so the language
switches live. Opening a file runs off the GUI thread; a page that renders slowly never
blocks the window and can be cancelled (Esc or the status bar's Cancel).
"""
from __future__ import annotations

import logging
import os
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QToolBar,
)

from desktop import i18n, settings, sync_ui, tasks
from desktop.errors import user_message
from desktop.inspector import InspectorDock
from desktop.layers_dock import LayersDock
from desktop.markups import install_markups
from desktop.printing import install_printing
from desktop.navigator import NavigatorDock
from desktop.views import SheetView, ViewArea
from desktop.workflow import install_workflow
from viewers.core.errors import PasswordRequiredError, RenderCancelled, WrongPasswordError
from viewers.core.formats import open_document
from viewers.core.sheets import Progress
from viewers.qt.drawing import OpenDrawing
from viewers.qt.pdf_layer import PdfTileService

log = logging.getLogger(__name__)

OPEN_FILTER_EXTENSIONS = "*.pdf *.dxf *.dwg *.PDF *.DXF *.DWG"

# name: (shortcut or standard key, toolbar?)
ACTIONS = {
    "open": (QKeySequence.StandardKey.Open, True),
    "close": (QKeySequence.StandardKey.Close, False),
    "quit": (QKeySequence.StandardKey.Quit, False),
    "zoom_in": (QKeySequence.StandardKey.ZoomIn, True),
    "zoom_out": (QKeySequence.StandardKey.ZoomOut, True),
    "fit_page": ("Ctrl+0", True),
    "fit_width": ("Ctrl+2", True),
    "actual_size": ("Ctrl+1", True),
    "zoom_rect": ("Z", True),
    "rotate": ("Ctrl+R", True),
    "previous_sheet": (QKeySequence.StandardKey.MoveToPreviousPage, True),
    "next_sheet": (QKeySequence.StandardKey.MoveToNextPage, True),
    "go_to_sheet": ("Ctrl+G", False),
    "edit_sheet_identity": ("F2", False),
    "split": ("Ctrl+Shift+S", True),
    "synchronise": ("Ctrl+Shift+Y", False),
    "detach": ("Ctrl+Shift+D", False),
    "cancel_render": ("Esc", False),
    "calibrate": (None, False),
    "lang_en": (None, False),
    "lang_ar": (None, False),
    "about": (None, False),
}


class MainWindow(QMainWindow):
    drawing_opened = Signal(object)       # OpenDrawing
    first_sheet_drawn = Signal()
    sheet_shown = Signal(object)          # SheetView that now shows another sheet
    drawing_closed = Signal()

    def __init__(self, service: PdfTileService | None = None):
        super().__init__()
        self.setObjectName("mainWindow")
        self.setAcceptDrops(True)
        self.service = service or PdfTileService(
            cache_bytes=int(settings.value("render/tile_cache_mb")) * 1024 * 1024, parent=self)
        self.drawing: OpenDrawing | None = None
        self._pending_open: Path | None = None
        self._open_progress: Progress | None = None
        self._progress_timer = QTimer(self)
        self._progress_timer.timeout.connect(lambda: None)

        self.views = ViewArea(self)
        self.setCentralWidget(self.views)
        self.navigator = NavigatorDock(self)
        self.inspector = InspectorDock(self)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.navigator)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.inspector)
        self.layers_dock = LayersDock(self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.layers_dock)
        self.navigator.sheet_activated.connect(self.show_sheet)
        self.inspector.identity_edited.connect(self.correct_sheet)
        self.resizeDocks([self.navigator, self.inspector], [300, 280], Qt.Orientation.Horizontal)

        self._build_actions()
        self._build_menus()
        self.navigator.add_sheet_action(self.actions_by_name["edit_sheet_identity"])
        self._build_status_bar()
        self.sync = sync_ui.install(self)
        self._connect_view(self.views.active)
        self.views.view_added.connect(self._connect_view)
        self.views.active_view_changed.connect(self._on_active_view_changed)
        self.service.busy_changed.connect(self._on_render_busy)
        self._apply_calibration()
        self.retranslate()
        self.markups = install_markups(self)
        self._restore_layout()
        self.printing = install_printing(self)
        self.workflow = install_workflow(self)

    # ---- actions and menus ------------------------------------------------------------------
    def _build_actions(self) -> None:
        self.actions_by_name: dict[str, QAction] = {}
        for name, (shortcut, _) in ACTIONS.items():
            action = QAction(self)
            action.setObjectName(name)
            if shortcut is not None:
                action.setShortcut(QKeySequence(shortcut))
            self.actions_by_name[name] = action
        handlers = {
            "open": self.choose_file, "close": self.close_drawing, "quit": self.close,
            "zoom_in": lambda: self.canvas.zoom_in(), "zoom_out": lambda: self.canvas.zoom_out(),
            "fit_page": lambda: self.canvas.fit_page(), "fit_width": lambda: self.canvas.fit_width(),
            "actual_size": lambda: self.canvas.actual_size(),
            "zoom_rect": lambda: self.canvas.start_zoom_rect(),
            "rotate": lambda: self.canvas.rotate_view(90),
            "previous_sheet": lambda: self.step_sheet(-1), "next_sheet": lambda: self.step_sheet(1),
            "go_to_sheet": self.go_to_sheet, "edit_sheet_identity": self.edit_sheet_identity,
            "split": self.toggle_split,
            "synchronise": self.views.set_synchronised, "detach": self.detach_view,
            "cancel_render": self.cancel_rendering, "calibrate": self.calibrate_screen,
            "lang_en": lambda: self.set_language("en"), "lang_ar": lambda: self.set_language("ar"),
            "about": self.show_about,
        }
        for name, handler in handlers.items():
            self.actions_by_name[name].triggered.connect(handler)
        for name in ("split", "synchronise"):
            self.actions_by_name[name].setCheckable(True)
        self.actions_by_name["synchronise"].setChecked(True)
        languages = QActionGroup(self)
        for name in ("lang_en", "lang_ar"):
            self.actions_by_name[name].setCheckable(True)
            languages.addAction(self.actions_by_name[name])
        self.actions_by_name[f"lang_{i18n.current_language()}"].setChecked(True)

    def _build_menus(self) -> None:
        a = self.actions_by_name
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.file_menu.addAction(a["open"])
        self.recent_menu = self.file_menu.addMenu("")
        self.file_menu.addAction(a["close"])
        self.file_menu.addSeparator()
        self.file_menu.addAction(a["quit"])
        self.view_menu = bar.addMenu("")
        for name in ("zoom_in", "zoom_out", "fit_page", "fit_width", "actual_size", "zoom_rect",
                     "rotate", None, "previous_sheet", "next_sheet", "go_to_sheet", "edit_sheet_identity", None, "split",
                     "synchronise", "detach", None, "cancel_render"):
            if name is None:
                self.view_menu.addSeparator()
            else:
                self.view_menu.addAction(a[name])
        self.view_menu.addSeparator()
        self.view_menu.addAction(self.navigator.toggleViewAction())
        self.view_menu.addAction(self.inspector.toggleViewAction())
        self.view_menu.addAction(self.layers_dock.toggleViewAction())
        self.settings_menu = bar.addMenu("")
        self.language_menu = self.settings_menu.addMenu("")
        self.language_menu.addAction(a["lang_en"])
        self.language_menu.addAction(a["lang_ar"])
        self.settings_menu.addAction(a["calibrate"])
        self.help_menu = bar.addMenu("")
        self.help_menu.addAction(a["about"])
        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("mainToolbar")
        for name, (_, on_toolbar) in ACTIONS.items():
            if on_toolbar:
                self.toolbar.addAction(a[name])
        self.addToolBar(self.toolbar)
        self._rebuild_recent_menu()

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        self.zoom_label = QLabel(self)
        self.position_label = QLabel(self)
        self.progress = QProgressBar(self)
        self.progress.setMaximumWidth(160)
        self.progress.setRange(0, 0)
        self.progress.hide()
        self.cancel_button = QPushButton(self)
        self.cancel_button.hide()
        self.cancel_button.clicked.connect(self.cancel_rendering)
        status.addPermanentWidget(self.progress)
        status.addPermanentWidget(self.cancel_button)
        status.addPermanentWidget(self.position_label)
        status.addPermanentWidget(self.zoom_label)

    def retranslate(self) -> None:
        texts = {
            "open": self.tr("&Open…"), "close": self.tr("&Close"), "quit": self.tr("&Quit"),
            "zoom_in": self.tr("Zoom &In"), "zoom_out": self.tr("Zoom &Out"),
            "fit_page": self.tr("Fit &Page"), "fit_width": self.tr("Fit &Width"),
            "actual_size": self.tr("Actual Size (1:1)"),
            "zoom_rect": self.tr("Zoom to &Rectangle"), "rotate": self.tr("Rotate View"),
            "previous_sheet": self.tr("Previous Sheet"), "next_sheet": self.tr("Next Sheet"),
            "go_to_sheet": self.tr("&Go to Sheet…"), "split": self.tr("&Split View"),
            "edit_sheet_identity": self.tr("&Edit Sheet Number and Title…"),
            "synchronise": self.tr("S&ynchronise Views"),
            "detach": self.tr("&Detach View to New Window"),
            "cancel_render": self.tr("Cancel Rendering"),
            "calibrate": self.tr("Calibrate Screen for 1:1…"),
            "lang_en": "English", "lang_ar": "العربية", "about": self.tr("&About Plan Review"),
        }
        for name, text in texts.items():
            self.actions_by_name[name].setText(text)
        self.file_menu.setTitle(self.tr("&File"))
        self.recent_menu.setTitle(self.tr("Open &Recent"))
        self.view_menu.setTitle(self.tr("&View"))
        self.settings_menu.setTitle(self.tr("&Settings"))
        self.language_menu.setTitle(self.tr("&Language"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.toolbar.setWindowTitle(self.tr("Main Toolbar"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.canvas.message = self.tr("Open a PDF, DXF or DWG drawing (Ctrl+O), or drop it here.")
        self._update_title()
        self._show_zoom(self.canvas.zoom())
        self.position_label.setText("")

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_language(self, language: str) -> None:
        i18n.set_language(QApplication.instance(), language)
        settings.set_value("language", language)
        self.actions_by_name[f"lang_{language}"].setChecked(True)

    # ---- views ------------------------------------------------------------------------------
    @property
    def canvas(self):
        return self.views.active.canvas

    def _connect_view(self, view: SheetView) -> None:
        canvas = view.canvas
        canvas.zoom_changed.connect(lambda zoom, v=view: v is self.views.active
                                    and self._show_zoom(zoom))
        canvas.cursor_moved.connect(lambda x, y, v=view: self._show_position(v, x, y))
        canvas.cursor_left.connect(lambda: self.position_label.setText(""))
        canvas.fully_drawn.connect(self._on_fully_drawn)
        canvas.px_per_mm = self.views.views[0].canvas.px_per_mm
        if self.drawing is not None and view is not self.views.views[0]:
            source = self.views.views[0]
            self.show_sheet(source.sheet_index or 0, view)
            canvas.set_view_state(source.canvas.view_state())

    def _on_active_view_changed(self, view: SheetView) -> None:
        self._show_zoom(view.canvas.zoom())
        self.layers_dock.set_layer(view.canvas.layer)
        if view.sheet_index is not None:
            self.navigator.set_current(view.sheet_index)
            self._show_sheet_details(view.sheet_index)

    def toggle_split(self) -> None:
        if self.views.is_split():
            self.views.unsplit()
        else:
            self.views.split()
        self.actions_by_name["split"].setChecked(self.views.is_split())

    def detach_view(self) -> None:
        title = self.tr("Plan Review — second view")
        self.views.detach(title)
        self.actions_by_name["split"].setChecked(True)

    # ---- opening ----------------------------------------------------------------------------
    def choose_file(self) -> None:
        start = os.path.dirname(settings.value("recent_files")[0]) \
            if settings.value("recent_files") else str(Path.home())
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open Drawing"), start,
            self.tr("Drawings (%1)").replace("%1", OPEN_FILTER_EXTENSIONS))
        if path:
            self.open_file(path)

    def open_file(self, path: str | Path, password: str | None = None) -> None:
        """Opens a drawing off the GUI thread; errors and passwords are handled on return."""
        path = Path(path)
        self._pending_open = path
        if self._open_progress is not None:
            self._open_progress.cancel()
        # The loader reports from its thread into `latest`; a timer shows it (no cross-thread
        # widget calls). Cancel sets the flag the loader checks.
        latest: list = [0.0, ""]
        progress = Progress(callback=lambda fraction, message: latest.__setitem__(
            slice(0, 2), [fraction, message]))
        self._open_progress = progress
        self._set_busy(True, self.tr("Opening %1…").replace("%1", path.name))
        self.progress.setRange(0, 0)
        self._progress_timer.timeout.disconnect()
        self._progress_timer.timeout.connect(lambda: self._show_open_progress(latest))
        self._progress_timer.start(100)
        tasks.run_task("parse", lambda: open_document(path, password=password, progress=progress),
                       lambda document: self._on_opened(path, document),
                       lambda exc: self._on_open_failed(path, exc))

    def _show_open_progress(self, latest: list) -> None:
        fraction, _ = latest
        if fraction > 0:
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(fraction * 1000))

    def _end_open(self) -> None:
        self._progress_timer.stop()
        self._open_progress = None
        self.progress.setRange(0, 0)
        self._set_busy(False)

    def _on_opened(self, path: Path, document) -> None:
        self._end_open()
        if self._pending_open != path:
            document.close()   # the user opened something else meanwhile
            return
        self.close_drawing()
        self.drawing = OpenDrawing(document, self.service, self)
        self.drawing.sheet_changed.connect(self._on_sheet_info_changed)
        self.navigator.model.set_drawing(self.drawing)
        self.inspector.show_warnings(document.report.warnings)
        for view in self.views.views:
            self.show_sheet(0, view)
        self._update_title()
        self._rebuild_recent_menu(settings.add_recent_file(str(path)))
        if document.report.warnings:
            self.statusBar().showMessage(
                self.tr("%1 opened with warnings: see the Inspector").replace("%1", path.name),
                10000)
        self.drawing_opened.emit(self.drawing)

    def _on_open_failed(self, path: Path, exc: BaseException) -> None:
        self._end_open()
        if isinstance(exc, RenderCancelled):
            self.statusBar().showMessage(self.tr("Opening %1 cancelled").replace("%1", path.name),
                                         5000)
            return
        if isinstance(exc, PasswordRequiredError):
            prompt = self.tr("The password was not accepted. Password for %1:") \
                if isinstance(exc, WrongPasswordError) else self.tr("%1 is encrypted. Password:")
            password, ok = QInputDialog.getText(self, self.tr("Password Required"),
                                                prompt.replace("%1", path.name),
                                                QLineEdit.EchoMode.Password)
            if ok:
                self.open_file(path, password)
            return
        message, expected = user_message(exc)
        if not expected:
            log.error("opening %s failed", path, exc_info=exc)
        self.show_error(self.tr("Cannot open %1").replace("%1", path.name), message)

    def show_error(self, title: str, message: str) -> None:
        self.statusBar().showMessage(message, 15000)
        if os.environ.get("PLANREVIEW_NO_DIALOGS"):
            return
        box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok,
                          self)
        box.open()

    def close_drawing(self) -> None:
        if self.drawing is None:
            return
        for view in self.views.views:
            view.canvas.set_layer(None)
            view.sheet_index = None
        self.navigator.model.set_drawing(None)
        self.drawing.close()
        self.drawing = None
        self.inspector.show_sheet("", None)
        self.inspector.show_warnings(())
        self.layers_dock.set_layer(None)
        self._update_title()
        self.drawing_closed.emit()

    # ---- sheets -----------------------------------------------------------------------------
    def show_sheet(self, index: int, view: SheetView | None = None) -> None:
        if self.drawing is None:
            return
        view = view or self.views.active
        index = max(0, min(self.drawing.sheet_count() - 1, index))
        keep_view = view.sheet_index is not None and view.sheet_index == index
        view.canvas.set_layer(self.drawing.make_layer(index), keep_view=keep_view)
        view.sheet_index = index
        if view is self.views.active:
            self.navigator.set_current(index)
            self._show_sheet_details(index)
            self.layers_dock.set_layer(view.canvas.layer)
        self.sheet_shown.emit(view)

    def _show_sheet_details(self, index: int) -> None:
        if self.drawing is not None:
            self.inspector.show_sheet(Path(self.drawing.path).name, self.drawing.info(index))

    def _on_sheet_info_changed(self, index: int) -> None:
        if index == self.views.active.sheet_index:
            self._show_sheet_details(index)

    def step_sheet(self, step: int) -> None:
        if self.drawing is not None:
            current = self.views.active.sheet_index or 0
            self.show_sheet(current + step)

    def edit_sheet_identity(self) -> None:
        if self.drawing is not None and self.views.active.sheet_index is not None:
            self.inspector.edit_identity()

    def correct_sheet(self, index: int, number: str, title: str) -> None:
        """The reviewer's number and title for a sheet: one undo step of the markups,
        saved with the review."""
        session = self.markups.controller.session if self.markups is not None else None
        if session is None or session.drawing is not self.drawing:
            self.statusBar().showMessage(self.tr(
                "The review of this drawing is still opening; correct the sheet again in a"
                " moment"), 5000)
            return
        shown = self.drawing.info(index).number
        session.correct_sheet(index, number, title,
                              self.tr("Correct Sheet %1").replace("%1", shown))

    def go_to_sheet(self) -> None:
        if self.drawing is None:
            return
        text, ok = QInputDialog.getText(self, self.tr("Go to Sheet"),
                                        self.tr("Sheet number (e.g. A-101) or position:"))
        if not ok or not text.strip():
            return
        index = self.find_sheet(text)
        if index is None:
            self.statusBar().showMessage(self.tr("No sheet %1").replace("%1", text.strip()),
                                         5000)
            return
        self.show_sheet(index)

    def find_sheet(self, text: str) -> int | None:
        """The sheet whose number or page label is `text`, else the sheet at that position.
        Sheets whose title block the background reading has not reached yet are read now,
        so the answer never depends on how far it got."""
        wanted = text.strip().casefold()
        drawing = self.drawing

        def matches(index: int) -> bool:
            info = drawing.info(index)
            return wanted in (info.number.casefold(), info.label.casefold())

        count = drawing.sheet_count()
        found = next((i for i in range(count) if drawing.has_read(i) and matches(i)), None)
        if found is None:
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                found = next((i for i in range(count) if not drawing.has_read(i)
                              and (drawing.identify(i) is not None and matches(i))), None)
            finally:
                QApplication.restoreOverrideCursor()
        if found is None and wanted.isdigit() and 1 <= int(wanted) <= count:
            found = int(wanted) - 1
        return found

    # ---- rendering progress -----------------------------------------------------------------
    def _set_busy(self, busy: bool, message: str = "") -> None:
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        if message:
            self.statusBar().showMessage(message)
        elif not busy:
            self.statusBar().clearMessage()

    def _on_render_busy(self, busy: bool) -> None:
        # Short renders should not flicker the indicator: show it after 300 ms.
        if busy:
            QTimer.singleShot(300, self, lambda: self.service.is_busy() and self._set_busy(True))
        else:
            self._set_busy(False)

    def cancel_rendering(self) -> None:
        if self._open_progress is not None:
            self._open_progress.cancel()
        for view in self.views.views:
            if view.canvas.layer is not None:
                view.canvas.layer.cancel()
        self._pending_open = None
        self._set_busy(False)
        self.statusBar().showMessage(self.tr("Rendering cancelled"), 5000)

    def _on_fully_drawn(self) -> None:
        if self.drawing is not None:
            self.first_sheet_drawn.emit()

    # ---- status bar -------------------------------------------------------------------------
    def _show_zoom(self, zoom: float) -> None:
        self.zoom_label.setText(self.tr("Zoom %1%").replace(
            "%1", f"{zoom * 100:.0f}" if zoom >= 0.01 else f"{zoom * 100:.2g}"))

    def _show_position(self, view: SheetView, x: float, y: float) -> None:
        layer = view.canvas.layer
        if layer is None:
            return
        info = layer.info
        if info.units == "pt":   # paper: millimetres from the sheet's top-left
            text = f"{x * info.mm_per_unit:.1f}, {y * info.mm_per_unit:.1f} mm"
        else:
            text = f"{x:.3f}, {y:.3f} {info.units}"
        self.position_label.setText(text)

    def _update_title(self) -> None:
        name = Path(self.drawing.path).name if self.drawing is not None else ""
        self.setWindowTitle(f"{name} — Plan Review" if name else "Plan Review")

    # ---- screen calibration -----------------------------------------------------------------
    def _apply_calibration(self) -> None:
        px_per_mm = settings.value("screen/px_per_mm") or self.logicalDpiX() / 25.4
        for view in self.views.views:
            view.canvas.px_per_mm = px_per_mm

    def calibrate_screen(self) -> None:
        current = self.canvas.px_per_mm
        measured, ok = QInputDialog.getDouble(
            self, self.tr("Calibrate Screen"),
            self.tr("Screen pixels per millimetre (the screen's width in pixels divided by "
                    "its width in millimetres, measured with a ruler):"),
            current, 1.0, 100.0, 3)
        if ok:
            settings.set_value("screen/px_per_mm", measured)
            self._apply_calibration()

    def show_about(self) -> None:
        QMessageBox.about(self, self.tr("About Plan Review"),
                          self.tr("Plan Review: building-permit e-plan review."))

    # ---- settings and window layout -----------------------------------------------------------
    def _rebuild_recent_menu(self, files: list[str] | None = None) -> None:
        self.recent_menu.clear()
        for path in files if files is not None else settings.value("recent_files"):
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda checked=False, p=path: self.open_file(p))
        self.recent_menu.setEnabled(not self.recent_menu.isEmpty())

    def _restore_layout(self) -> None:
        store = settings.settings()
        geometry = store.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = store.value("window/state")
        if state is not None:
            self.restoreState(state)

    def closeEvent(self, event) -> None:
        store = settings.settings()
        store.setValue("window/geometry", self.saveGeometry())
        store.setValue("window/state", self.saveState())
        store.sync()
        for window in list(self.views.detached):
            window.close()
        self.close_drawing()
        super().closeEvent(event)

    # ---- drag and drop ------------------------------------------------------------------------
    def dragEnterEvent(self, event) -> None:
        if any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        files = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if files:
            self.open_file(files[0])
            event.acceptProposedAction()

