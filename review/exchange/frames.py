"""Sheet frames: each sheet's extent and how its coordinates map to a PDF's user space.

Markups are stored in sheet units: for PDF, points from the displayed (rotated) page's top-left
with y down; PDF annotations, XFDF and /VP viewports use the unrotated page's user space, y up,
relative to the media box. A frame carries the affine map between the two. DXF sheets are
model space (sheet 0) then the paper-space layouts in tab order; their frame is the identity.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pymupdf

from review.errors import PlanReviewError
from review.markups import Markup

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


class PlacementError(PlanReviewError):
    """A markup does not fit the drawing: its sheet does not exist or it lies off the page."""


@dataclass(frozen=True)
class SheetFrame:
    index: int
    width: float
    height: float
    sheet_to_pdf: Matrix = IDENTITY   # sheet units -> PDF user space (identity for DXF)
    bounded: bool = True              # PDF pages bound their markups; DXF model space does not
    name: str = ""                    # DXF layout name

    def to_pdf(self, point: tuple[float, float]) -> tuple[float, float]:
        return _apply(self.sheet_to_pdf, point)

    def from_pdf(self, point: tuple[float, float]) -> tuple[float, float]:
        return _apply(_invert(self.sheet_to_pdf), point)

    def contains(self, point: tuple[float, float], tolerance: float = 0.5) -> bool:
        x, y = point
        return -tolerance <= x <= self.width + tolerance and \
            -tolerance <= y <= self.height + tolerance


def pdf_frames(doc: pymupdf.Document) -> tuple[SheetFrame, ...]:
    frames = []
    for page in doc:
        # displayed -> unrotated MuPDF space (y down) -> PDF user space (y up)
        matrix = page.derotation_matrix * ~page.transformation_matrix
        frames.append(SheetFrame(page.number, page.rect.width, page.rect.height,
                                 tuple(matrix)))
    return tuple(frames)


def pdf_frames_of(path: Path) -> tuple[SheetFrame, ...]:
    with pymupdf.open(path) as doc:
        return pdf_frames(doc)


def dxf_frames(doc) -> tuple[SheetFrame, ...]:
    """Model space, then paper-space layouts in tab order (the viewer's sheet order)."""
    frames = []
    for index, name in enumerate(doc.layouts.names_in_taborder()):
        frames.append(SheetFrame(index, 0.0, 0.0, IDENTITY, bounded=False, name=name))
    return tuple(frames)


def check_placement(markups: Iterable[Markup], frames: Sequence[SheetFrame],
                    *, source_name: str) -> None:
    """Raises PlacementError naming every markup on a missing sheet or outside its page."""
    problems = []
    for position, markup in enumerate(markups):
        where = f"markup {position + 1} ({markup.id})"
        if markup.sheet >= len(frames):
            problems.append(f"{where}: sheet {markup.sheet} does not exist"
                            f" ({source_name} has {len(frames)} sheet(s), numbered from 0)")
            continue
        frame = frames[markup.sheet]
        for number, point in enumerate(markup.points):
            if not (math.isfinite(point[0]) and math.isfinite(point[1])):
                problems.append(f"{where}: point {number + 1} is not a finite number")
            elif frame.bounded and not frame.contains(point):
                problems.append(
                    f"{where}: point {number + 1} ({point[0]:g}, {point[1]:g}) lies outside"
                    f" sheet {markup.sheet}, which is {frame.width:g} x {frame.height:g} pt")
    if problems:
        shown = "; ".join(problems[:5])
        more = f"; and {len(problems) - 5} more" if len(problems) > 5 else ""
        raise PlacementError(f"the markups do not fit {source_name}: {shown}{more}")


def _apply(m: Sequence[float], point: tuple[float, float]) -> tuple[float, float]:
    x, y = point
    return (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])


def _invert(m: Sequence[float]) -> Matrix:
    return tuple(~pymupdf.Matrix(*m))  # type: ignore[return-value]
