"""DXF fidelity benchmark (issue 3): our rendering against ezdxf's own drawing add-on.

    .venv/bin/python bench/dxf_fidelity.py [--width PX] [--dwg] [FILE ...]

Every DXF under ../shared/corpus/dxf (and, with --dwg, every DWG under ../shared/corpus/dwg
that converts) is drawn by ezdxf's Frontend into its PySide6 backend and by ours, at the
same size and extents. Prints the ink overlap per file (intersection over union of the
non-white pixels after a 1-pixel dilation), the median and the minimum; targets: median
>= 0.9 and no file below 0.8. Writes reference | ours | difference PNGs under bench/out/fidelity/
(difference: grey in both, red only in the reference, blue only in ours).

The reference is ezdxf's rendering with two adjustments, so that the figure measures drawing
rather than policy: its document is audited as ours is, and its sub-pixel cosmetic pens
(lineweights under 0.35 mm, which it antialiases to near-invisible grey) draw 1 px wide.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
CORPUS = REPO.parent / "shared" / "corpus"
OUT = REPO / "bench" / "out" / "fidelity"


def ink(image) -> np.ndarray:
    from PySide6.QtGui import QImage

    image = image.convertToFormat(QImage.Format.Format_RGB32)
    pixels = np.frombuffer(image.constBits(), np.uint8).reshape(
        image.height(), image.bytesPerLine() // 4, 4)[:, :image.width(), :3]
    return (pixels < 250).any(axis=2)


def dilate(mask: np.ndarray) -> np.ndarray:
    grown = mask.copy()
    grown[1:] |= mask[:-1]
    grown[:-1] |= mask[1:]
    grown[:, 1:] |= grown[:, :-1].copy()
    grown[:, :-1] |= grown[:, 1:].copy()
    return grown


def overlap(reference: np.ndarray, ours: np.ndarray) -> float:
    a, b = dilate(reference), dilate(ours)
    union = (a | b).sum()
    return 1.0 if union == 0 else float((a & b).sum() / union)


def reference_image(dxf_path: Path, layout_name: str, region, width: int, height: int):
    """ezdxf's Frontend + PySide6 backend, the scene painted over the same region."""
    import ezdxf
    from ezdxf import recover
    from ezdxf.addons.drawing import Frontend, RenderContext
    from ezdxf.addons.drawing.pyqt import PyQtBackend
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtWidgets import QGraphicsScene

    from viewers.core.cad.compiler import RENDER_CONFIG

    try:
        doc = ezdxf.readfile(dxf_path)
    except Exception:   # the reference gets the same second chance as ours
        doc, _ = recover.readfile(dxf_path)
    layout = doc.layouts.get(layout_name) if layout_name.lower() != "model" else doc.modelspace()
    doc.audit()   # ours audits too; the comparison is of drawing, not of repair
    scene = QGraphicsScene()
    Frontend(RenderContext(doc), PyQtBackend(scene), RENDER_CONFIG).draw_layout(layout)
    for item in scene.items():
        # ezdxf's backend turns lineweights under 0.35 mm into cosmetic pens thinner than a
        # pixel, antialiased to near-invisible grey; CAD viewers (and ours) show them 1 px wide
        if hasattr(item, "pen") and item.pen().isCosmetic() and item.pen().widthF() < 1.0:
            pen = item.pen()
            pen.setWidthF(0.0)
            item.setPen(pen)
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(0xFFFFFFFF)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.translate(0, height)
    painter.scale(1, -1)   # the scene is in drawing units, y up
    x0, y0, x1, y1 = region
    scene.render(painter, QRectF(0, 0, width, height), QRectF(x0, y0, x1 - x0, y1 - y0))
    painter.end()
    return image


def side_by_side(reference, ours, path: Path) -> None:
    from PySide6.QtGui import QColor, QImage, QPainter

    a, b = ink(reference), ink(ours)
    difference = np.full(a.shape + (4,), 255, np.uint8)
    difference[a & ~dilate(b)] = (0, 0, 220, 255)     # BGRA: only in the reference: red
    difference[b & ~dilate(a)] = (220, 0, 0, 255)     # only in ours: blue
    difference[a & b] = (160, 160, 160, 255)
    h, w = a.shape
    diff_image = QImage(difference.data, w, h, w * 4, QImage.Format.Format_RGB32).copy()
    sheet = QImage(w * 3 + 20, h, QImage.Format.Format_RGB32)
    sheet.fill(QColor("lightgray"))
    painter = QPainter(sheet)
    painter.drawImage(0, 0, reference)
    painter.drawImage(w + 10, 0, ours)
    painter.drawImage(2 * w + 20, 0, diff_image)
    painter.end()
    sheet.save(str(path))


def compare(path: Path, width: int) -> float | None:
    from viewers.core.errors import ViewerError
    from viewers.core.formats import open_document
    from viewers.qt.cad_layer import render_sheet_image

    try:
        document = open_document(path)
    except ViewerError as exc:
        print(f"  {path.name}: not opened ({exc})")
        return None
    info = document.sheet(0)
    x0, y0 = info.origin
    region = (x0, y0, x0 + info.width, y0 + info.height)
    ours = render_sheet_image(document, 0, width, region)
    if document.kind == "dwg":
        dxf_path = Path(tempfile.mkdtemp()) / "converted.dxf"
        from viewers.core.cad.dwg import convert_to_dxf

        convert_to_dxf(path, dxf_path, path.name)
    else:
        dxf_path = path
    reference = reference_image(dxf_path, info.label, region, ours.width(), ours.height())
    score = overlap(ink(reference), ink(ours))
    side_by_side(reference, ours, OUT / f"{path.stem}.png")
    print(f"  {score:.3f}  {path.name} ({info.label}, {ours.width()}x{ours.height()})")
    return score


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--width", type=int, default=1600)
    parser.add_argument("--dwg", action="store_true", help="also every corpus DWG")
    args = parser.parse_args(argv)
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(["bench"])  # noqa: F841 (the scene needs it)
    OUT.mkdir(parents=True, exist_ok=True)
    files = args.files or sorted((CORPUS / "dxf").glob("*.dxf"))
    if args.dwg:
        files += sorted((CORPUS / "dwg").glob("*.dwg"))
    scores = [s for s in (compare(path, args.width) for path in files) if s is not None]
    if scores:
        print(f"\n{len(scores)} files: median overlap {statistics.median(scores):.3f}"
              f" (target >= 0.9), minimum {min(scores):.3f} (target >= 0.8);"
              f" {sum(s < 0.8 for s in scores)} below 0.8. Images: {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
