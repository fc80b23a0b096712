"""10,000 markups on one sheet in the desktop: canvas frame time and markups-list times.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/markups_ui.py [--count 10000]
Prints one line per step: loading the markups into the window (items and list); canvas
frames at fit zoom and zoomed in: those of the zoom step until the markups are sharp (drawn a
piece a frame, the previous zoom's tiles standing in; the longest frame is the figure), then
panning (25-pixel scroll steps back and forth, the sheet's and the markups' tiles cached) and
dragging one selected markup; zoom steps in and out; the list's filter, sort and grouping; one
edit and one selection.
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

from PySide6.QtCore import QPointF, Qt  # noqa: E402
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


def wait_until(app, condition, seconds: float = 60.0) -> None:
    deadline = time.perf_counter() + seconds
    while not condition() and time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.005)


def pan_frames(canvas, steps: int = 20, *, onward: bool = False) -> list[float]:
    """Whole-viewport frames after 25-pixel scroll steps: back and forth over what was
    shown, or onward, each frame bringing 25 pixels of new ground into view."""
    bar = canvas.horizontalScrollBar()
    frames = []
    for step in range(steps):
        bar.setValue(bar.value() + (25 if onward or step % 2 == 0 else -25))
        begin = time.perf_counter()
        canvas.viewport().repaint()
        frames.append(time.perf_counter() - begin)
    return frames


def settle_frames(canvas, layer) -> list[float]:
    """The frames after a zoom step, the first included, until the markups are drawn at the
    new zoom (the layer draws them a piece at a time, previous tiles standing in)."""
    frames = []
    while True:
        begin = time.perf_counter()
        canvas.viewport().repaint()
        frames.append(time.perf_counter() - begin)
        if layer.is_fully_drawn():
            return frames


def report_settling(label: str, frames: list[float]) -> None:
    print(f"{label:<44} {max(frames) * 1000:9.1f} ms  (longest of {len(frames)} frames;"
          f" first {frames[0] * 1000:.1f} ms, {sum(frames) * 1000:.0f} ms in all)")


def drag_frames(canvas, overlay, markup_id, steps: int = 20) -> list[float]:
    """One selected markup shown dragged by a growing offset, a frame each step."""
    frames = []
    for step in range(1, steps + 1):
        begin = time.perf_counter()
        overlay.move_items([markup_id], QPointF(step, step))
        canvas.viewport().repaint()
        frames.append(time.perf_counter() - begin)
    overlay.put_back()
    return frames


def report(label: str, frames: list[float]) -> None:
    ordered = sorted(frames)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    print(f"{label:<44} {statistics.median(frames) * 1000:9.1f} ms"
          f"  (median of {len(frames)}, p95 {p95 * 1000:.1f} ms)")


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
        overlay = window.markups.controller.active_interaction().overlay
        wait_until(app, lambda: canvas.layer.is_fully_drawn())
        fit = canvas.zoom()
        for zoom, name in ((8, "zoomed 8x"), (1, "whole sheet")):
            canvas.set_zoom(fit * zoom)
            canvas.centerOn(canvas.layer.scene_rect().center())
            report_settling(f"canvas zoom to {name}", settle_frames(canvas, overlay.layer))
            for step in (25, -25):      # the sheet's tiles of both scroll positions cached
                canvas.horizontalScrollBar().setValue(canvas.horizontalScrollBar().value() + step)
                canvas.viewport().repaint()
                wait_until(app, lambda: canvas.layer.is_fully_drawn())
            pan_frames(canvas, 2)       # the markups' tiles of both positions cached
            report(f"canvas pan frame, {name}", pan_frames(canvas))
            sheet = canvas.layer.scene_rect()
            shown = canvas.mapToScene(canvas.viewport().rect()).boundingRect()
            canvas.centerOn(sheet.left() + shown.width() / 2, sheet.center().y())
            wait_until(app, lambda: canvas.layer.is_fully_drawn())
            report(f"canvas pan frame onto new ground, {name}", pan_frames(canvas, onward=True))
            shown = canvas.mapToScene(canvas.viewport().rect()).boundingRect()
            visible = next(m.id for m in made if shown.contains(QPointF(*m.points[0])))
            session.select([visible])
            canvas.viewport().repaint()
            report(f"canvas drag frame, one markup, {name}",
                   drag_frames(canvas, overlay, visible))
            session.select([])
        for factor in (1.25, 0.8):
            canvas.set_zoom(canvas.zoom() * factor)
            report_settling(f"canvas zoom step x{factor}, whole sheet",
                            settle_frames(canvas, overlay.layer))
        canvas.set_zoom(fit)
        dock = window.markups.dock

        def listed(change):
            """A change to the list and its next frame, where the view lays out its rows."""
            return lambda: (change(), dock.view.viewport().repaint())

        timed("list filter 'item 12'", listed(lambda: dock.filter.setText("item 12")))
        timed("list filter cleared", listed(lambda: dock.filter.setText("")))
        for text in ("i", "it", "ite", "item"):
            timed(f"list filter typed '{text}'", listed(lambda: dock.filter.setText(text)))
        dock.filter.setText("")
        timed("list sort by author", listed(lambda: dock.view.sortByColumn(
            3, Qt.SortOrder.DescendingOrder)), repeat=3)
        timed("list group by status (with totals)", listed(lambda: dock.group.setCurrentIndex(
            dock.group.findData("status"))))
        timed("list ungroup", listed(lambda: dock.group.setCurrentIndex(0)))
        one = made[0].id
        timed("one status change (store, canvas, list)", lambda: session.set_status(
            [one], MarkupStatus.RESOLVED, "bench"))
        timed("select one from the list", listed(lambda: session.select([made[1].id])))
        timed("list filter with a selection", listed(lambda: dock.filter.setText("item")))
        window.close()
        window.service.shutdown()
        del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
