"""The application as a reviewer runs it: open a PDF, draw a rectangle, select it, Ctrl+C,
quit. Run as `python -m tests.desktop.copy_markup_and_quit PLAN.pdf` by test_exit.py, which
checks the exit status: the copied markup once crashed the exit (status 139)."""
from __future__ import annotations

import sys

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop.app import run_window
from desktop.markups.controller import CLIPBOARD_MIME
from desktop.markups.tools import SELECT
from review.markups import MarkupKind
from tests.desktop.markups.conftest import ScriptedPrompts, drag, press, release

POLL_MS = 100


def script(window) -> None:
    controller = window.markups.controller
    controller.prompts = ScriptedPrompts()

    def when_open() -> None:
        if controller.session is None or window.canvas.layer is None:
            QTimer.singleShot(POLL_MS, when_open)
            return
        controller.snapper.enabled = False
        controller.set_tool(MarkupKind.RECTANGLE)
        drag(window, (150, 150), (350, 260))
        controller.set_tool(SELECT)
        press(window, (150, 200))
        release(window, (150, 200))
        QTest.keyClick(window.canvas, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
        copied = QApplication.clipboard().mimeData()
        selected = len(controller.session.selection)
        print(f"selected {selected}, copied {copied is not None and copied.hasFormat(CLIPBOARD_MIME)}",
              flush=True)
        window.close()

    QTimer.singleShot(0, when_open)


if __name__ == "__main__":
    sys.exit(run_window([sys.argv[1]], "en", prepare=script))
