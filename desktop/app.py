"""Starting the desktop application: QApplication, language, main window, files to open."""
from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from desktop import i18n, settings, tasks

SCREENSHOT_SIZE = (1920, 1080)
SCREENSHOT_TIMEOUT_MS = 60_000


def create_application(language: str | None, *, offscreen: bool = False) -> QApplication:
    if offscreen:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    elif not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY") \
            and sys.platform.startswith("linux") and "QT_QPA_PLATFORM" not in os.environ:
        from review.errors import PlanReviewError

        raise PlanReviewError("no display is available: start Plan Review from a desktop session"
                              " (or use --screenshot for an offscreen rendering)")
    app = QApplication.instance() or QApplication(["planreview"])
    app.setApplicationName("Plan Review")
    app.setOrganizationName("Plan Review")
    app.setApplicationDisplayName("Plan Review")
    app.aboutToQuit.connect(release_clipboard)
    language = language or settings.value("language")
    i18n.set_language(app, language)
    return app


def release_clipboard() -> None:
    """Empties the clipboard while Python still runs. Copied markups are a QMimeData made in
    Python and owned by the clipboard; destroyed with QApplication after the interpreter is
    gone, it crashes the exit (status 139)."""
    QApplication.clipboard().clear()


def run_window(files: list[str], language: str | None, screenshot: str | None = None,
               prepare=None) -> int:
    """Shows the main window with `files`; with `screenshot`, saves it once drawn and exits.
    `prepare(window)` runs once the window is shown (the demo logs in there); it may return
    a predicate the screenshot also waits for."""
    app = create_application(language, offscreen=screenshot is not None)
    from desktop.main_window import MainWindow

    window = MainWindow()
    if screenshot is not None:
        window.resize(*SCREENSHOT_SIZE)
    window.show()
    if screenshot is None:   # a reader waits ready, so opening a drawing skips its start
        from viewers.core.cad.document import keep_worker_ready

        keep_worker_ready()
    result = {"status": 0}
    ready = prepare(window) if prepare is not None else None
    if screenshot is not None:
        _arm_screenshot(app, window, Path(screenshot), result, ready or (lambda: True))
    for path in files:
        window.open_file(path)
    app.exec()
    tasks.wait_for_all()
    window.service.shutdown()
    return result["status"]


def _arm_screenshot(app, window, path: Path, result: dict, ready) -> None:
    def save() -> None:
        image = window.grab()
        if not image.save(str(path), "PNG"):
            result["status"] = 2
            print(f"error: cannot write the screenshot to {path}", file=sys.stderr)
        window.close()
        app.quit()

    def save_when_ready() -> None:
        if ready():
            # one more event-loop turn so every dock has painted its thumbnails and texts
            QTimer.singleShot(300, save)
        else:
            QTimer.singleShot(100, save_when_ready)

    def on_drawn() -> None:
        window.first_sheet_drawn.disconnect(on_drawn)
        save_when_ready()

    def on_timeout() -> None:
        if window.isVisible():
            result["status"] = 2
            print("error: the first sheet was not drawn within 60 s; screenshot saved anyway",
                  file=sys.stderr)
            save()

    window.first_sheet_drawn.connect(on_drawn)
    QTimer.singleShot(SCREENSHOT_TIMEOUT_MS, on_timeout)
