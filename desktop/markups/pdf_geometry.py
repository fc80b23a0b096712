"""Snap geometry of a PDF page: its vector paths as segments, ends, midpoints and centres.

Qt-free. It runs in a short-lived child process (`python -m desktop.markups.pdf_geometry
FILE PAGE`, password on stdin, .npz on stdout): MuPDF is not thread-safe and a heavy page
takes seconds, so neither the GUI thread nor its document is ever involved.
Coordinates are sheet units: points from the displayed (rotated) page's top-left, y down.
"""
from __future__ import annotations

import io
import sys
from dataclasses import dataclass, fields

import numpy as np
import pymupdf

from viewers.core.cad.compiled import SnapGeometry

CURVE_STEPS = 8   # a Bézier curve is snapped to as this many straight pieces


@dataclass(frozen=True)
class PageSnapSheet:
    """What viewers.core.cad.snapping.SnapIndex needs of a sheet."""

    snap: SnapGeometry
    extents: tuple[float, float, float, float]


def page_snap_sheet(doc: pymupdf.Document, index: int) -> PageSnapSheet:
    page = doc[index]
    segments: list[tuple[float, float, float, float]] = []
    ends: list[tuple[float, float]] = []
    middles: list[tuple[float, float]] = []
    centres: list[tuple[float, float]] = []
    for path in page.get_cdrawings():
        curves_only = True
        for item in path["items"]:
            op = item[0]
            if op == "l":
                _line(item[1], item[2], segments, ends, middles)
                curves_only = False
            elif op == "c":
                p0, c1, c2, p3 = (np.array(p, float) for p in item[1:5])
                t = np.linspace(0.0, 1.0, CURVE_STEPS + 1)[:, None]
                curve = ((1 - t) ** 3 * p0 + 3 * (1 - t) ** 2 * t * c1
                         + 3 * (1 - t) * t ** 2 * c2 + t ** 3 * p3)
                segments.extend(np.hstack((curve[:-1], curve[1:])).tolist())
                ends.extend([tuple(p0), tuple(p3)])
            elif op == "re":
                x0, y0, x1, y1 = item[1]
                corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
                for a, b in zip(corners, corners[1:] + corners[:1]):
                    _line(a, b, segments, ends, middles)
                centres.append(((x0 + x1) / 2, (y0 + y1) / 2))
                curves_only = False
            elif op == "qu":
                ul, ur, ll, lr = item[1]
                for a, b in ((ul, ur), (ur, lr), (lr, ll), (ll, ul)):
                    _line(a, b, segments, ends, middles)
                curves_only = False
        if curves_only and path["items"]:
            x0, y0, x1, y1 = path["rect"]
            centres.append(((x0 + x1) / 2, (y0 + y1) / 2))   # circles and arcs
    matrix = page.rotation_matrix   # unrotated page space -> displayed page
    snap = SnapGeometry(
        segments=_map(np.array(segments, float).reshape(-1, 4), matrix),
        segment_layer=np.zeros(len(segments), np.int32),
        endpoints=_map(np.array(ends, float).reshape(-1, 2), matrix),
        endpoint_layer=np.zeros(len(ends), np.int32),
        midpoints=_map(np.array(middles, float).reshape(-1, 2), matrix),
        midpoint_layer=np.zeros(len(middles), np.int32),
        centres=_map(np.array(centres, float).reshape(-1, 2), matrix),
        centre_layer=np.zeros(len(centres), np.int32))
    rect = page.rect
    return PageSnapSheet(snap, (0.0, 0.0, rect.width, rect.height))


def _line(a, b, segments, ends, middles) -> None:
    segments.append((a[0], a[1], b[0], b[1]))
    ends.extend([(a[0], a[1]), (b[0], b[1])])
    middles.append(((a[0] + b[0]) / 2, (a[1] + b[1]) / 2))


def _map(xy: np.ndarray, m: pymupdf.Matrix) -> np.ndarray:
    """Applies a PyMuPDF matrix to rows of (x, y) pairs."""
    out = xy.copy()
    for column in range(0, xy.shape[1], 2):
        x, y = xy[:, column], xy[:, column + 1]
        out[:, column] = m.a * x + m.c * y + m.e
        out[:, column + 1] = m.b * x + m.d * y + m.f
    return out


def to_bytes(sheet: PageSnapSheet) -> bytes:
    buffer = io.BytesIO()
    np.savez(buffer, extents=np.array(sheet.extents),
             **{f.name: getattr(sheet.snap, f.name) for f in fields(SnapGeometry)})
    return buffer.getvalue()


def from_bytes(data: bytes) -> PageSnapSheet:
    with np.load(io.BytesIO(data), allow_pickle=False) as arrays:
        snap = SnapGeometry(**{f.name: arrays[f.name] for f in fields(SnapGeometry)})
        return PageSnapSheet(snap, tuple(float(v) for v in arrays["extents"]))


def main(argv: list[str]) -> int:
    path, page = argv[0], int(argv[1])
    password = sys.stdin.read()
    with pymupdf.open(path) as doc:
        if doc.needs_pass and not doc.authenticate(password):
            print("the PDF needs a password", file=sys.stderr)
            return 2
        sys.stdout.buffer.write(to_bytes(page_snap_sheet(doc, page)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
