"""10,000 markups on one sheet in the desktop: canvas frame time and markups-list times.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/markups_ui.py [--count 10000]
Prints one line per step: loading the markups into the window (items and list), a canvas
frame at fit zoom and zoomed in, the list's filter, sort and grouping, and one edit.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from review.markups import Markup, MarkupKind, MarkupStatus, Measurement  # noqa: E402
from tests.desktop.markups.conftest import plain_pdf  # noqa: E402

KINDS = [MarkupKind.CLOUD, MarkupKind.RECTANGLE, MarkupKind.ARROW, MarkupKind.LENGTH,
         MarkupKind.TEXT, MarkupKind.AREA]


def markups(count: int) -> list[Markup]:
    rng = random.Random(4)
    made = []
    for number in range(count):
        x, y = rng.uniform(20, 760), rng.uniform(20, 520)
        kind = KINDS[number % len(KINDS)]
        points = {MarkupKind.CLOUD: ((x, y), (x + 40, y), (x + 20, y + 30)),
                  MarkupKind.AREA: ((x, y), (x + 40, y), (x + 20, y + 30))}.get(
            kind, ((x, y), (x + 50, y + 30)))
        measurement = Measurement(rng.uniform(100, 9000), "mm") \
            if kind == MarkupKind.LENGTH else None
        made.append(Markup(0, kind, points, text=f"item {number}", author=rng.choice(
            ["Aisha", "Omar", "Salim"]), status=rng.choice(list(MarkupStatus)),
            discipline=rng.choice(["architectural", "structural"]), measurement=measurement))
    return made


def timed(label: str, call, repeat: int = 1) -> None:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    print(f"{label:<44} {statistics.median(times) * 1000:9.1f} ms"
          + (f"  (median of {repeat})" if repeat > 1 else ""))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["PLANREVIEW_DATA"] = str(Path(folder) / "data")
        os.environ["PLANREVIEW_NO_DIALOGS"] = "1"
        app = QApplication([])
        from desktop import tasks
        from desktop.main_window import MainWindow

        tasks.set_synchronous(True)
        window = MainWindow()
        window.resize(1920, 1080)
        window.show()
        window.open_file(plain_pdf(Path(folder) / "sheet.pdf", pages=1))
        session = window.markups.controller.session
        made = markups(args.count)
        print(f"{args.count} markups on one PDF sheet, window 1920 x 1080")
        timed("add (store, canvas items, list)", lambda: session.add(made, "bench", select=False))
        canvas = window.canvas
        viewport = canvas.viewport()
        app.processEvents()
        timed("canvas frame, whole sheet", viewport.repaint, repeat=5)
        canvas.set_zoom(canvas.zoom() * 8)
        timed("canvas frame, zoomed 8x", viewport.repaint, repeat=5)
        dock = window.markups.dock
        timed("list filter 'item 12'", lambda: dock.filter.setText("item 12"))
        timed("list filter cleared", lambda: dock.filter.setText(""))
        timed("list sort by author", lambda: dock.view.sortByColumn(
            3, Qt.SortOrder.DescendingOrder), repeat=3)
        timed("list group by status (with totals)", lambda: dock.group.setCurrentIndex(
            dock.group.findData("status")))
        timed("list ungroup", lambda: dock.group.setCurrentIndex(0))
        one = made[0].id
        timed("one status change (store, canvas, list)", lambda: session.set_status(
            [one], MarkupStatus.RESOLVED, "bench"))
        timed("select one from the list", lambda: session.select([made[1].id]))
        window.close()
        window.service.shutdown()
        del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
