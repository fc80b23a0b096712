"""A test hook: the application draws markups by itself, or lists what it has, then quits.

Set PLANREVIEW_MARKUP_SCRIPT before starting `planreview open FILE`:
- "draw LOG": once the drawing's markups are loaded, every DRAW_INTERVAL_MS the rectangle
  tool is dragged across the canvas with real mouse events; after each markup is made its
  id and the time are appended to LOG (the SIGKILL test reads it after killing us);
- "dump OUT": once loaded, writes the ids of the stored markups to OUT as JSON and quits.
"""
from __future__ import annotations

import json
import os
import time
from pathlib import Path

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from review.markups import MarkupKind

DRAW_INTERVAL_MS = 100


def run_script(ui, script: str) -> None:
    action, _, target = script.partition(" ")
    controller = ui.controller
    if action == "dump":
        controller.session_changed.connect(lambda session: session is not None
                                           and _dump(session, Path(target)))
    elif action == "draw":
        timer = QTimer(controller)
        timer.timeout.connect(lambda: _draw_one(controller, Path(target)))
        controller.session_changed.connect(lambda session: session is not None
                                           and timer.start(DRAW_INTERVAL_MS))


def _dump(session, out: Path) -> None:
    ids = [str(m.id) for m in session.store.load()]
    out.write_text(json.dumps(ids), encoding="utf-8")
    QTimer.singleShot(0, QApplication.instance().quit)


def _draw_one(controller, log: Path) -> None:
    interaction = controller.active_interaction()
    if interaction is None or interaction.canvas.layer is None:
        return
    if controller.tool != MarkupKind.RECTANGLE:
        controller.set_tool(MarkupKind.RECTANGLE)
    viewport = interaction.canvas.viewport()
    count = len(controller.session.markups)
    start = QPoint(40 + (count * 7) % 400, 40 + (count * 11) % 300)
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(viewport, start + QPoint(30, 20))
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       start + QPoint(60, 40))
    made = controller.session.selected()
    if made:
        descriptor = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(descriptor, f"{made[0].id}\t{time.time():.3f}\n".encode())
        finally:
            os.close(descriptor)
