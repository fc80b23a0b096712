"""What a markup looks like, as plain shapes: the one geometry every renderer draws.

The canvas (desktop/markups/items.py), the PDF appearance streams, the DXF review layers,
printing and the letter's thumbnails all draw what `shapes_of` returns and compute nothing of
their own, so an arrow head or a cloud's scallops are the same on screen, on paper and in CAD
(the pattern of napari's shape models: geometry without Qt, drawn by the renderer).

Shapes are in the frame the caller gives the points in, y pointing down (screen and PDF pages
as displayed); a y-up frame (CAD sheets) is asked for with `y_up=True` and everything comes
back in it. Sizes that belong to the paper (arrow heads, cloud scallops, count circles, text)
are given in points on paper and multiplied by `unit`, the frame's units per paper point, so a
markup looks the same at any drawing scale.

A path is a start point and segments: a segment of one point is a straight line to it, one of
three points a cubic Bézier (two control points, then the end).
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from review.markups import STANDARD_STAMPS, Markup, MarkupKind
from review.measure import format_measurement

Point = tuple[float, float]
Segment = tuple[Point, ...]          # (end,) for a line, (control, control, end) for a Bézier

ARROW_HEAD_POINTS = 9.0              # length of an arrow head on paper
ARROW_HEAD_HALF_ANGLE = 25.0         # degrees either side of the shaft
CLOUD_SCALLOP_POINTS = 9.0           # chord of one cloud scallop on paper
CLOUD_BULGE = 0.65                   # a scallop's quadratic control point, in chords outward
COUNT_RADIUS_POINTS = 6.0
TEXT_PADDING_POINTS = 3.0
LINE_HEIGHT = 1.35                   # of the font size, for boxes sized by their text
LABEL_HEIGHT = 1.4                   # a measurement label's box, in font sizes
HIGHLIGHT_OPACITY = 90 / 255         # a highlight's tint over the drawing
AREA_TINT_OPACITY = 40 / 255         # an area's tint inside its outline
DASH_PATTERN = (4.0, 2.0)             # dash and gap, in pen widths (Qt's DashLine)
ELLIPSE_KAPPA = 0.5522847498         # control-point distance of a quarter circle as a Bézier
TEXT_KINDS = frozenset({MarkupKind.TEXT, MarkupKind.CALLOUT})
LABELLED_KINDS = frozenset({MarkupKind.LENGTH, MarkupKind.POLYLENGTH, MarkupKind.AREA,
                            MarkupKind.ANGLE, MarkupKind.COUNT})


class Align(StrEnum):
    LEFT = "left"
    RIGHT = "right"
    CENTRE = "center"


@dataclass(frozen=True)
class Path:
    start: Point
    segments: tuple[Segment, ...] = ()
    closed: bool = False

    def points(self) -> list[Point]:
        """Every point the path passes through or is pulled towards (for bounds)."""
        return [self.start] + [p for segment in self.segments for p in segment]

    def flattened(self, steps: int = 8) -> list[Point]:
        """The path as a polyline, each Bézier cut into `steps` straight pieces (for CAD
        targets without curves). A closed path ends where it started."""
        out = [self.start]
        for segment in self.segments:
            if len(segment) == 1:
                out.append(segment[0])
            else:
                p0 = out[-1]
                c1, c2, p3 = segment
                for i in range(1, steps + 1):
                    t = i / steps
                    u = 1 - t
                    out.append((u ** 3 * p0[0] + 3 * u * u * t * c1[0] + 3 * u * t * t * c2[0]
                                + t ** 3 * p3[0],
                                u ** 3 * p0[1] + 3 * u * u * t * c1[1] + 3 * u * t * t * c2[1]
                                + t ** 3 * p3[1]))
        if self.closed and out[-1] != out[0]:
            out.append(out[0])
        return out


@dataclass(frozen=True)
class TextRun:
    """Text laid out in a box: wrapped to its width (when `wrap`), from the top or centred
    vertically (`middle`), aligned per line direction unless `align` says otherwise."""

    box: tuple[float, float, float, float]   # x0, y0, x1, y1 with x0 < x1, y0 < y1
    text: str
    size: float                              # font size in frame units
    bold: bool = False
    align: Align | None = None               # None: right for right-to-left text, else left
    wrap: bool = True
    middle: bool = False


@dataclass(frozen=True)
class MarkupShapes:
    """What one markup draws. `strokes` take the pen (the markup's colour, width and dash);
    `solids` are filled in the markup's colour (arrow heads); `fills` take the style's fill
    colour when it has one (boxes, clouds, text boxes); `tints` are translucent areas
    (`tint_opacity`) in the fill colour, or the markup's colour without one."""

    strokes: tuple[Path, ...] = ()
    solids: tuple[Path, ...] = ()
    fills: tuple[Path, ...] = ()
    tints: tuple[Path, ...] = ()
    tint_opacity: float = 0.0
    texts: tuple[TextRun, ...] = ()
    pen_width: float = 0.0                   # in frame units
    dashed: bool = False
    tip: Point | None = None                 # where an arrow or a callout points
    text_box: tuple[float, float, float, float] | None = None   # a text box's or callout's box
    label: str = ""                          # a measurement's value as drawn

    def bounds(self, *, with_pen: bool = True) -> tuple[float, float, float, float]:
        """Where the shapes draw (x0, y0, x1, y1), half the pen width around strokes; text is
        inside its box. Bézier control points bound their curve, so this never cuts ink."""
        xs, ys = [], []
        for path in self.strokes:
            for x, y in path.points():
                xs.append(x)
                ys.append(y)
        pad = self.pen_width / 2 if with_pen else 0.0
        if xs:
            x0, y0, x1, y1 = min(xs) - pad, min(ys) - pad, max(xs) + pad, max(ys) + pad
        else:
            x0 = y0 = math.inf
            x1 = y1 = -math.inf
        for path in self.solids + self.fills + self.tints:
            for x, y in path.points():
                x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
        for run in self.texts:
            bx0, by0, bx1, by1 = run.box
            x0, y0, x1, y1 = min(x0, bx0), min(y0, by0), max(x1, bx1), max(y1, by1)
        if x0 == math.inf:
            return (0.0, 0.0, 0.0, 0.0)
        return (x0, y0, x1, y1)


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """The width of one line of text in a sans-serif face, from Helvetica's metrics (which
    every PDF reader has); letters Helvetica lacks count as an average letter."""
    import pymupdf

    font = "hebo" if bold else "helv"
    return pymupdf.get_text_length(text, fontname=font, fontsize=size)


def fitted_text_box(anchor: Point, text: str, size: float, unit: float
                    ) -> tuple[float, float, float, float]:
    """The box of a text or callout given by one corner: as wide as its longest line and as
    tall as its lines, with padding (y down from the anchor)."""
    lines = text.split("\n") or [""]
    width = max(text_width(line, size) for line in lines)
    padding = TEXT_PADDING_POINTS * unit
    return (anchor[0], anchor[1], anchor[0] + width + 2 * padding + size,
            anchor[1] + len(lines) * size * LINE_HEIGHT + 2 * padding)


def shapes_of(markup: Markup, unit: float = 1.0, *, points: Sequence[Point] | None = None,
              y_up: bool = False, label: str | None = None) -> MarkupShapes:
    """The shapes of `markup` in the frame of `points` (the markup's own points when not
    given), `unit` frame units per point on paper. `label` words a measurement's value (in
    the interface's language on screen); the English of format_measurement when not given."""
    given = list(points if points is not None else markup.points)
    if y_up:
        return _flip(_shapes(markup, [(x, -y) for x, y in given], unit, label))
    return _shapes(markup, given, unit, label)


def _shapes(markup: Markup, p: list[Point], unit: float, label: str | None) -> MarkupShapes:
    kind, style, text = markup.kind, markup.style, markup.text
    size = style.font_size * unit
    base = MarkupShapes(pen_width=max(style.width, 0.0) * unit, dashed=style.dashed)
    if kind in (MarkupKind.LINE, MarkupKind.POLYLINE, MarkupKind.FREEHAND, MarkupKind.LENGTH,
                MarkupKind.POLYLENGTH):
        shapes = replace(base, strokes=(polyline(p),))
    elif kind == MarkupKind.ARROW:
        shapes = replace(base, strokes=(polyline(p),),
                         solids=_arrow_head(p[-2], p[-1], unit), tip=p[-1])
    elif kind == MarkupKind.CLOUD:
        outline = cloud(p, CLOUD_SCALLOP_POINTS * unit)
        shapes = replace(base, strokes=(outline,), fills=(outline,))
    elif kind == MarkupKind.RECTANGLE:
        box = rectangle(*_box(p))
        shapes = replace(base, strokes=(box,), fills=(box,))
    elif kind == MarkupKind.HIGHLIGHT:
        shapes = replace(base, pen_width=0.0, tints=(rectangle(*_box(p)),),
                         tint_opacity=HIGHLIGHT_OPACITY)
    elif kind == MarkupKind.ELLIPSE:
        outline = ellipse(*_box(p))
        shapes = replace(base, strokes=(outline,), fills=(outline,))
    elif kind == MarkupKind.AREA:
        outline = polyline(p, closed=True)
        shapes = replace(base, strokes=(outline,), tints=(outline,),
                         tint_opacity=AREA_TINT_OPACITY)
    elif kind == MarkupKind.COUNT:
        radius = COUNT_RADIUS_POINTS * unit
        circles = tuple(ellipse(x - radius, y - radius, x + radius, y + radius) for x, y in p)
        numbers = tuple(TextRun((x - radius, y - radius, x + radius, y + radius), str(n),
                                radius * 1.2, bold=True, align=Align.CENTRE, wrap=False,
                                middle=True)
                        for n, (x, y) in enumerate(p, start=1))
        shapes = replace(base, strokes=circles, texts=numbers)
    elif kind == MarkupKind.ANGLE:
        shapes = replace(base, strokes=(polyline(p[:3]), _angle_arc(p[:3])))
    elif kind == MarkupKind.STAMP:
        x0, y0, x1, y1 = _box(p)
        inset = base.pen_width / 2
        frame = rounded_rectangle(x0 + inset, y0 + inset, x1 - inset, y1 - inset,
                                  (y1 - y0) * 0.08)
        label = (text or STANDARD_STAMPS[0]).upper()
        run = TextRun((x0 + inset, y0 + inset, x1 - inset, y1 - inset), label,
                      min((y1 - y0) * 0.45, size * 2), bold=True, align=Align.CENTRE,
                      wrap=True, middle=True)
        shapes = replace(base, strokes=(frame,), texts=(run,))
    elif kind in TEXT_KINDS:
        corners = p[1:] if kind == MarkupKind.CALLOUT else p
        box = _box(corners) if len(corners) >= 2 else fitted_text_box(corners[0], text, size,
                                                                      unit)
        outline = rectangle(*box)
        padding = TEXT_PADDING_POINTS * unit
        run = TextRun((box[0] + padding, box[1] + padding, box[2] - padding,
                       box[3] - padding), text, size)
        strokes, solids, tip = (outline,), (), None
        if kind == MarkupKind.CALLOUT:
            tip = p[0]
            attach = nearest_edge_midpoint(box, tip)
            strokes += (polyline([attach, tip]),)
            solids = _arrow_head(attach, tip, unit)
        shapes = replace(base, strokes=strokes, solids=solids, fills=(outline,),
                         texts=(run,) if text else (), tip=tip, text_box=box)
    else:  # pragma: no cover - every kind is handled above
        raise ValueError(f"no shapes for {kind}")
    if kind in LABELLED_KINDS and markup.measurement is not None:
        label = format_measurement(markup.measurement) if label is None else label
        shapes = replace(shapes, texts=shapes.texts + (_label(kind, p, label, size),),
                         label=label)
    return shapes


def _box(p: Sequence[Point]) -> tuple[float, float, float, float]:
    (ax, ay), (bx, by) = p[0], p[1]
    return (min(ax, bx), min(ay, by), max(ax, bx), max(ay, by))


def polyline(p: Sequence[Point], *, closed: bool = False) -> Path:
    return Path(p[0], tuple((q,) for q in p[1:]), closed)


def rectangle(x0: float, y0: float, x1: float, y1: float) -> Path:
    return polyline([(x0, y0), (x1, y0), (x1, y1), (x0, y1)], closed=True)


def rounded_rectangle(x0, y0, x1, y1, radius: float) -> Path:
    r = max(0.0, min(radius, (x1 - x0) / 2, (y1 - y0) / 2))
    k = r * (1 - ELLIPSE_KAPPA)
    return Path((x0 + r, y0), (
        ((x1 - r, y0),), ((x1 - k, y0), (x1, y0 + k), (x1, y0 + r)),
        ((x1, y1 - r),), ((x1, y1 - k), (x1 - k, y1), (x1 - r, y1)),
        ((x0 + r, y1),), ((x0 + k, y1), (x0, y1 - k), (x0, y1 - r)),
        ((x0, y0 + r),), ((x0, y0 + k), (x0 + k, y0), (x0 + r, y0)),
    ), closed=True)


def ellipse(x0: float, y0: float, x1: float, y1: float) -> Path:
    """The ellipse inscribed in the box, as four Béziers from its right-hand point."""
    cx, cy, rx, ry = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 2, (y1 - y0) / 2
    kx, ky = rx * ELLIPSE_KAPPA, ry * ELLIPSE_KAPPA
    return Path((cx + rx, cy), (
        ((cx + rx, cy + ky), (cx + kx, cy + ry), (cx, cy + ry)),
        ((cx - kx, cy + ry), (cx - rx, cy + ky), (cx - rx, cy)),
        ((cx - rx, cy - ky), (cx - kx, cy - ry), (cx, cy - ry)),
        ((cx + kx, cy - ry), (cx + rx, cy - ky), (cx + rx, cy)),
    ), closed=True)


def cloud(p: Sequence[Point], chord: float) -> Path:
    """A revision cloud: each edge of the polygon as a row of outward scallops about `chord`
    long (a whole number of them per edge, so they meet at the corners)."""
    closed = list(p) + [p[0]]
    area = sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(closed, closed[1:]))
    outward = 1.0 if area < 0 else -1.0    # y points down: a clockwise-looking polygon
    segments: list[Segment] = []
    for a, b in zip(closed, closed[1:]):
        edge = math.dist(a, b)
        count = max(1, round(edge / chord)) if chord > 0 else 1
        dx, dy = (b[0] - a[0]) / count, (b[1] - a[1]) / count
        length = math.hypot(dx, dy) or 1.0
        nx, ny = -dy / length * outward, dx / length * outward
        for step in range(count):
            sx, sy = a[0] + dx * step, a[1] + dy * step
            ex, ey = sx + dx, sy + dy
            qx = (sx + ex) / 2 + nx * length * CLOUD_BULGE
            qy = (sy + ey) / 2 + ny * length * CLOUD_BULGE
            # the quadratic scallop as the cubic that draws exactly the same curve
            segments.append(((sx + 2 / 3 * (qx - sx), sy + 2 / 3 * (qy - sy)),
                             (ex + 2 / 3 * (qx - ex), ey + 2 / 3 * (qy - ey)), (ex, ey)))
    return Path(closed[0], tuple(segments), closed=True)


def arrow_head(start: Point, tip: Point, unit: float) -> Path | None:
    """The filled triangle at `tip` of a shaft coming from `start`; None for no shaft."""
    dx, dy = start[0] - tip[0], start[1] - tip[1]
    length = math.hypot(dx, dy)
    if length == 0:
        return None
    head = ARROW_HEAD_POINTS * unit
    back = math.atan2(dy, dx)
    corners = [(tip[0] + head * math.cos(back + turn), tip[1] + head * math.sin(back + turn))
               for turn in (math.radians(ARROW_HEAD_HALF_ANGLE),
                            -math.radians(ARROW_HEAD_HALF_ANGLE))]
    return polyline([tip] + corners, closed=True)


def _arrow_head(start: Point, tip: Point, unit: float) -> tuple[Path, ...]:
    head = arrow_head(start, tip, unit)
    return (head,) if head is not None else ()


def nearest_edge_midpoint(box: tuple[float, float, float, float], target: Point) -> Point:
    """Where a callout's leader leaves its box: the middle of the side nearest the tip."""
    x0, y0, x1, y1 = box
    mx, my = (x0 + x1) / 2, (y0 + y1) / 2
    return min(((x0, my), (x1, my), (mx, y0), (mx, y1)), key=lambda c: math.dist(c, target))


def _angle_arc(p: Sequence[Point]) -> Path:
    """The arc between an angle's arms, a third of the shorter arm from the vertex."""
    first, vertex, second = p
    radius = min(math.dist(vertex, first), math.dist(vertex, second)) / 3
    start = math.atan2(first[1] - vertex[1], first[0] - vertex[0])
    sweep = math.atan2(second[1] - vertex[1], second[0] - vertex[0]) - start
    sweep = (sweep + math.pi) % (2 * math.pi) - math.pi     # the inner angle
    pieces = max(1, math.ceil(abs(sweep) / (math.pi / 2)))
    step = sweep / pieces
    k = 4 / 3 * math.tan(step / 4) * radius

    def at(angle: float) -> Point:
        return (vertex[0] + radius * math.cos(angle), vertex[1] + radius * math.sin(angle))

    segments = []
    for i in range(pieces):
        a, b = start + i * step, start + (i + 1) * step
        pa, pb = at(a), at(b)
        segments.append(((pa[0] - k * math.sin(a), pa[1] + k * math.cos(a)),
                         (pb[0] + k * math.sin(b), pb[1] - k * math.cos(b)), pb))
    return Path(at(start), tuple(segments)) if radius > 0 else Path(vertex)


def _label(kind: MarkupKind, p: Sequence[Point], label: str, size: float) -> TextRun:
    """A measurement's value, centred above its middle (area: its centre; angle: vertex)."""
    if kind == MarkupKind.COUNT:
        anchor = (p[0][0], p[0][1] - COUNT_RADIUS_POINTS * size / 12)
    elif kind == MarkupKind.AREA:
        xs, ys = [q[0] for q in p], [q[1] for q in p]
        anchor = ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)
    elif kind == MarkupKind.ANGLE:
        anchor = p[1]
    else:
        middle = len(p) // 2
        anchor = (((p[middle - 1][0] + p[middle][0]) / 2, (p[middle - 1][1] + p[middle][1]) / 2)
                  if len(p) % 2 == 0 else p[middle])
    width = text_width(label, size, bold=True)
    return TextRun((anchor[0] - width / 2 - size * 0.3, anchor[1] - size * 1.6,
                    anchor[0] + width / 2 + size * 0.3, anchor[1] - size * 1.6
                    + size * LABEL_HEIGHT), label, size, bold=True, align=Align.CENTRE,
                   wrap=False, middle=True)


def _flip(shapes: MarkupShapes) -> MarkupShapes:
    def point(q: Point) -> Point:
        return (q[0], -q[1])

    def path(item: Path) -> Path:
        return Path(point(item.start), tuple(tuple(point(q) for q in s) for s in item.segments),
                    item.closed)

    def box(b):
        return None if b is None else (b[0], -b[3], b[2], -b[1])

    return replace(shapes, strokes=tuple(map(path, shapes.strokes)),
                   solids=tuple(map(path, shapes.solids)), fills=tuple(map(path, shapes.fills)),
                   tints=tuple(map(path, shapes.tints)),
                   texts=tuple(replace(run, box=box(run.box)) for run in shapes.texts),
                   tip=None if shapes.tip is None else point(shapes.tip),
                   text_box=box(shapes.text_box))
