"""DXF rendering benchmark (issue 3): prints figures and ratios against ezdxf's own Qt
rendering, run in the same process run.

    .venv/bin/python bench/dxf_render.py [FILE.dxf ...]

Default inputs: the largest DXF under ../shared/corpus/dxf when present, and a generated
drawing of 100,000 entities (lines, polylines, arcs, circles, text, hatches, block inserts).
For each input:
 reference  ezdxf.readfile + drawing Frontend into its PySide6 backend (QGraphicsScene) +
            painting the scene into a 3840x2160 image
 first      open_cad_document (empty cache) to the first complete 3840x2160 frame
            target: reference / first >= 8
 reopen     the same with the compiled form cached           target: reference / reopen >= 30
 frame      pan/zoom frame at 3840x2160 (median and p95 of 40 frames at fit, 4x and 16x)
            target <= 16 ms (on the 100k-entity drawing)
 memory     peak resident memory of this process and of the compile worker, over file size
            target: <= 4x the file size
"""
from __future__ import annotations

import gc
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
CORPUS_DXF = REPO.parent / "shared" / "corpus" / "dxf"
OUT = REPO / "bench" / "out"
WIDTH, HEIGHT = 3840, 2160


def generated_drawing(count: int = 100_000) -> Path:
    path = OUT / f"generated_{count}.dxf"
    if path.is_file():
        return path
    import ezdxf

    OUT.mkdir(parents=True, exist_ok=True)
    rng = random.Random(3)
    doc = ezdxf.new("R2018", setup=True)
    doc.units = ezdxf.units.MM
    for name, color in (("WALLS", 1), ("DOORS", 3), ("TEXT", 5), ("HATCH", 8), ("FURN", 6)):
        doc.layers.add(name, color=color)
    block = doc.blocks.new("CHAIR")
    block.add_lwpolyline([(0, 0), (450, 0), (450, 450), (0, 450)], close=True)
    block.add_arc((225, 450), 225, 0, 180)
    msp = doc.modelspace()
    side = int(count ** 0.5) + 1
    for i in range(count):
        x, y = (i % side) * 1000.0, (i // side) * 1000.0
        kind = i % 10
        if kind < 4:
            msp.add_line((x, y), (x + rng.uniform(200, 900), y + rng.uniform(0, 900)),
                         dxfattribs={"layer": "WALLS"})
        elif kind == 4:
            msp.add_lwpolyline([(x, y), (x + 600, y), (x + 600, y + 400), (x, y + 400)],
                               close=True, dxfattribs={"layer": "WALLS", "const_width": 20})
        elif kind == 5:
            msp.add_arc((x + 400, y + 400), 300, 0, rng.uniform(45, 270),
                        dxfattribs={"layer": "DOORS"})
        elif kind == 6:
            msp.add_circle((x + 500, y + 500), rng.uniform(50, 400), dxfattribs={"layer": "DOORS"})
        elif kind == 7:
            msp.add_text(f"R{i}", height=150, dxfattribs={"layer": "TEXT"}).set_placement((x, y))
        elif kind == 8:
            hatch = msp.add_hatch(color=8, dxfattribs={"layer": "HATCH"})
            hatch.paths.add_polyline_path([(x, y), (x + 300, y), (x + 300, y + 300), (x, y + 300)])
        else:
            msp.add_blockref("CHAIR", (x, y), dxfattribs={"layer": "FURN",
                                                          "rotation": rng.uniform(0, 360)})
    doc.saveas(path)
    return path


def reference_render(path: Path) -> float:
    """ezdxf's own pipeline, as its Qt viewer does it, painted once at 3840x2160."""
    import ezdxf
    from ezdxf.addons.drawing import Frontend, RenderContext
    from ezdxf.addons.drawing.pyqt import PyQtBackend
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtWidgets import QGraphicsScene

    from viewers.core.cad.compiler import RENDER_CONFIG

    start = time.perf_counter()
    doc = ezdxf.readfile(path)
    scene = QGraphicsScene()
    Frontend(RenderContext(doc), PyQtBackend(scene), RENDER_CONFIG).draw_layout(
        doc.modelspace(), finalize=True)
    image = QImage(WIDTH, HEIGHT, QImage.Format.Format_RGB32)
    image.fill(0xFFFFFFFF)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    scene.render(painter, QRectF(0, 0, WIDTH, HEIGHT), scene.itemsBoundingRect())
    painter.end()
    return time.perf_counter() - start


def our_first_frame(path: Path) -> tuple[float, object]:
    from viewers.core.cad import open_cad_document
    from viewers.qt.cad_layer import render_sheet_image

    start = time.perf_counter()
    document = open_cad_document(path, kind="dxf")
    render_sheet_image(document, 0, WIDTH, None)
    return time.perf_counter() - start, document


def frame_times(document) -> dict[str, tuple[float, float]]:
    """Pan frames at fit, 4x and 16x: the layer painted into a 3840x2160 image."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QImage, QPainter

    from viewers.qt.cad_layer import create_cad_layer

    layer = create_cad_layer(document, 0)
    page = layer.scene_rect()
    image = QImage(WIDTH, HEIGHT, QImage.Format.Format_RGB32)
    results = {}
    for zoom in (1, 4, 16):
        scale = min(WIDTH / page.width(), HEIGHT / page.height()) * zoom
        view_w, view_h = WIDTH / scale, HEIGHT / scale
        times = []
        for step in range(41):
            left = page.left() + (page.width() - view_w) * (step / 40) if zoom > 1 else 0
            top = page.top() + (page.height() - view_h) * 0.5 if zoom > 1 else 0
            exposed = QRectF(left, top, view_w, view_h)
            start = time.perf_counter()
            painter = QPainter(image)
            painter.scale(scale, scale)
            painter.translate(-left, -top)
            layer.paint(painter, exposed, scale)
            painter.end()
            if step:   # the first frame builds the chunk paths
                times.append(time.perf_counter() - start)
        times.sort()
        results[f"{zoom}x"] = (statistics.median(times), times[int(len(times) * 0.95) - 1])
    return results


def tiled_frame_times(document) -> dict[str, tuple[float, float, float]]:
    """The canvas path: tiles drawn on the worker thread, then pan steps of 25 device pixels
    painted from cached tiles. Returns (seconds until the view was sharp, median, p95)."""
    from PySide6.QtCore import QCoreApplication, QRectF
    from PySide6.QtGui import QImage, QPainter

    from viewers.qt.cad_layer import create_cad_layer
    from viewers.qt.cad_tiles import CadTileService, TiledCadLayer

    service = CadTileService()
    layer = TiledCadLayer(create_cad_layer(document, 0), service, str(document.path))
    page = layer.fit_rect()
    image = QImage(WIDTH, HEIGHT, QImage.Format.Format_RGB32)

    def frame(left: float, top: float, scale: float) -> bool:
        painter = QPainter(image)
        painter.scale(scale, scale)
        painter.translate(-left, -top)
        layer.paint(painter, QRectF(left, top, WIDTH / scale, HEIGHT / scale), scale)
        painter.end()
        return layer.is_fully_drawn()

    results = {}
    for zoom in (1, 4):
        scale = min(WIDTH / page.width(), HEIGHT / page.height()) * zoom
        left = page.center().x() - WIDTH / scale / 2
        top = page.center().y() - HEIGHT / scale / 2
        start = time.perf_counter()
        while not (frame(left, top, scale) and frame(left + 25 / scale, top, scale)):
            service.wait()
            QCoreApplication.processEvents()
        sharp = time.perf_counter() - start
        times = []
        for step in range(40):
            begin = time.perf_counter()
            frame(left + (25 / scale if step % 2 else 0), top, scale)
            times.append(time.perf_counter() - begin)
        times.sort()
        results[f"{zoom}x"] = (sharp, statistics.median(times), times[int(len(times) * 0.95) - 1])
    service.shutdown()
    return results


def peak_rss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def bench(path: Path) -> None:
    from viewers.core.cad.document import cache_root

    size_mb = path.stat().st_size / 1e6
    print(f"\n{path.name}: {size_mb:.1f} MB")
    gc.collect()
    base_rss = peak_rss_mb(resource.RUSAGE_SELF)
    with tempfile.TemporaryDirectory() as cache:
        os.environ["PLANREVIEW_CACHE"] = cache
        first, document = our_first_frame(path)
        ours_rss = peak_rss_mb(resource.RUSAGE_SELF)
        worker_rss = peak_rss_mb(resource.RUSAGE_CHILDREN)
        reopen = min(our_first_frame(path)[0] for _ in range(3))
        frames = frame_times(document)
        tiled = tiled_frame_times(document)
        assert str(cache_root()).startswith(cache)
    reference = reference_render(path)
    print(f"  reference (ezdxf readfile + Frontend + PySide6 backend + paint): {reference:.2f} s")
    print(f"  ours, first open to first 4K frame:  {first:.2f} s   ratio {reference / first:.1f}x"
          f"   (target >= 8x)")
    print(f"  ours, cached reopen to 4K frame:     {reopen:.3f} s  ratio {reference / reopen:.1f}x"
          f"   (target >= 30x)")
    for zoom, (sharp, median, p95) in tiled.items():
        print(f"  canvas (tiles) at {zoom:>3} 3840x2160: sharp after {sharp:.2f} s; pan frame"
              f" median {median * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms   target <= 16 ms")
    for zoom, (median, p95) in frames.items():
        print(f"  pan frame at {zoom:>3} 3840x2160: median {median * 1000:.1f} ms,"
              f" p95 {p95 * 1000:.1f} ms   (target <= 16 ms)")
    print(f"  peak memory: viewer process {ours_rss:.0f} MB (+{ours_rss - base_rss:.0f} MB for"
          f" this file, {(ours_rss - base_rss) / size_mb:.1f}x the file), compile worker"
          f" {worker_rss:.0f} MB ({worker_rss / size_mb:.1f}x)   (target <= 4x)")


def main(argv: list[str]) -> int:
    from viewers.qt.offscreen import ensure_gui_application

    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        QApplication(["bench"])   # the reference backend builds a QGraphicsScene
    ensure_gui_application()
    paths = [Path(p) for p in argv]
    if not paths:
        corpus = sorted(CORPUS_DXF.glob("*.dxf"), key=lambda p: p.stat().st_size) \
            if CORPUS_DXF.is_dir() else []
        paths = corpus[-1:] + [generated_drawing()]
    for path in paths:
        bench(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
