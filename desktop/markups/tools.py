"""Markup tools as interaction objects: start, update, finish, cancel; points in sheet units.

A tool knows nothing of Qt events: the canvas interaction turns presses, moves, releases and
keys into these calls (with snapping and the Shift constraint already applied), and a tool
commits through its `commit` callback once per gesture, at finish. Esc cancels.

Gestures: a drag gives two points (line, arrow, boxes, length, callout, calibration, a
viewport's rectangle); clicks
give as many points as the reviewer places, finished by a double click or Enter (polyline,
cloud, area, count), or a fixed number (angle: three); freehand follows the pointer.
"""
from __future__ import annotations

import math
import uuid
from collections.abc import Callable, Sequence
from enum import Enum

from review.markups import MIN_POINTS, Markup, MarkupError, MarkupKind, Point


class Gesture(Enum):
    DRAG = "drag"
    CLICKS = "clicks"
    FREEHAND = "freehand"


CALIBRATE = "calibrate"
VIEWPORT = "viewport"
SELECT = "select"
SCALE_TOOLS = (CALIBRATE, VIEWPORT)   # they set scales and make no markup

GESTURES: dict[str, Gesture] = {
    MarkupKind.LINE: Gesture.DRAG, MarkupKind.ARROW: Gesture.DRAG,
    MarkupKind.RECTANGLE: Gesture.DRAG, MarkupKind.ELLIPSE: Gesture.DRAG,
    MarkupKind.HIGHLIGHT: Gesture.DRAG, MarkupKind.STAMP: Gesture.DRAG,
    MarkupKind.LENGTH: Gesture.DRAG, MarkupKind.TEXT: Gesture.DRAG,
    MarkupKind.CALLOUT: Gesture.DRAG, CALIBRATE: Gesture.DRAG, VIEWPORT: Gesture.DRAG,
    MarkupKind.POLYLINE: Gesture.CLICKS, MarkupKind.POLYLENGTH: Gesture.CLICKS,
    MarkupKind.AREA: Gesture.CLICKS, MarkupKind.CLOUD: Gesture.CLICKS,
    MarkupKind.COUNT: Gesture.CLICKS, MarkupKind.ANGLE: Gesture.CLICKS,
    MarkupKind.FREEHAND: Gesture.FREEHAND,
}
FIXED_POINTS = {MarkupKind.ANGLE: 3}
FREEHAND_STEP_PIXELS = 3.0    # a freehand point every few pixels of pointer travel

Commit = Callable[[str, list[Point]], None]


class DrawTool:
    """Places the points of one markup kind (or of a calibration or a viewport)."""

    def __init__(self, kind: str, commit: Commit):
        self.kind = kind
        self.gesture = GESTURES[kind]
        self.commit = commit
        self.points: list[Point] = []   # for clicks the last one follows the pointer

    @property
    def active(self) -> bool:
        return bool(self.points)

    @property
    def follows_pointer(self) -> bool:
        return self.kind != MarkupKind.COUNT

    # ---- the interaction API --------------------------------------------------------------------
    def start(self, point: Point) -> None:
        self.points = [point, point] if self.follows_pointer else [point]

    def update(self, point: Point, min_step: float = 0.0) -> None:
        if not self.points:
            return
        if self.gesture is Gesture.FREEHAND:
            if math.dist(self.points[-1], point) >= min_step:
                self.points.append(point)
        elif self.follows_pointer:
            self.points[-1] = point

    def place(self, point: Point) -> None:
        """A click while placing: fixes the point under the pointer and starts the next."""
        if not self.points:
            self.start(point)
            return
        if self.follows_pointer:
            self.points[-1] = point
            self.points.append(point)
        else:
            self.points.append(point)
        wanted = FIXED_POINTS.get(self.kind)
        if wanted is not None and len(self.fixed_points()) >= wanted:
            self.finish()

    def undo_point(self) -> None:
        """Backspace: takes back the last placed point."""
        if len(self.points) > 2 or (not self.follows_pointer and self.points):
            del self.points[-2 if self.follows_pointer else -1]

    def fixed_points(self) -> list[Point]:
        if self.gesture is Gesture.CLICKS and self.follows_pointer:
            return self.points[:-1]
        return list(self.points)

    def finish(self) -> bool:
        """Commits the gesture if it has enough distinct points; True when it committed."""
        points = _without_repeats(self.fixed_points())
        self.points = []
        needed = 2 if self.kind in SCALE_TOOLS else MIN_POINTS[MarkupKind(self.kind)]
        if len(points) < needed or (needed >= 2 and _extent(points) == 0.0):
            return False
        self.commit(self.kind, points)
        return True

    def cancel(self) -> None:
        self.points = []

    # ---- what to draw meanwhile -----------------------------------------------------------------
    def draft(self, sheet: int) -> Markup | None:
        """The markup as it would be now (a line while too few points for the kind)."""
        points = _without_repeats(self.points)
        if not points:
            return None
        kind = DRAFT_KINDS.get(self.kind) or MarkupKind(self.kind)
        if len(points) < MIN_POINTS[kind]:
            if kind == MarkupKind.COUNT or len(points) < 2:
                return None
            kind = MarkupKind.POLYLINE
        try:
            return Markup(sheet=sheet, kind=kind, points=tuple(points), id=DRAFT_ID)
        except MarkupError:
            return None


DRAFT_ID = uuid.UUID(int=0)
DRAFT_KINDS = {CALIBRATE: MarkupKind.LENGTH, VIEWPORT: MarkupKind.RECTANGLE}


class SelectTool:
    """Click selects (Ctrl adds or removes), a drag on a selected markup moves the selection,
    a drag on empty sheet selects what the rectangle touches."""

    def __init__(self, on_move: Callable[[float, float], None],
                 on_rectangle: Callable[[Point, Point], None]):
        self.on_move = on_move
        self.on_rectangle = on_rectangle
        self.origin: Point | None = None
        self.current: Point | None = None
        self.moving = False

    @property
    def active(self) -> bool:
        return self.origin is not None

    def start(self, point: Point, *, moving: bool) -> None:
        self.origin = self.current = point
        self.moving = moving

    def update(self, point: Point) -> None:
        if self.origin is not None:
            self.current = point

    def offset(self) -> tuple[float, float]:
        if self.origin is None or self.current is None:
            return 0.0, 0.0
        return self.current[0] - self.origin[0], self.current[1] - self.origin[1]

    def finish(self) -> None:
        if self.origin is None:
            return
        origin, current, moving = self.origin, self.current, self.moving
        self.cancel()
        if moving:
            dx, dy = current[0] - origin[0], current[1] - origin[1]
            if dx or dy:
                self.on_move(dx, dy)
        else:
            self.on_rectangle(origin, current)

    def cancel(self) -> None:
        self.origin = self.current = None
        self.moving = False


def _without_repeats(points: Sequence[Point]) -> list[Point]:
    """Drops a point equal to the one before (a double click places its point twice)."""
    kept: list[Point] = []
    for point in points:
        if not kept or point != kept[-1]:
            kept.append(point)
    return kept


def _extent(points: Sequence[Point]) -> float:
    xs, ys = zip(*points)
    return max(max(xs) - min(xs), max(ys) - min(ys))
