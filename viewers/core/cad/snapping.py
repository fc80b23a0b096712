"""Hit-testing and object snaps on a compiled sheet, without Qt.

A uniform grid over the sheet's snap segments and points (cell -> item ids, in CSR arrays)
finds the candidates near the cursor; the snap itself is vectorised over those candidates.
Coordinates are drawing units (y up), as markups are stored.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

import numpy as np

from viewers.core.cad.compiled import CompiledSheet

MAX_CELLS_PER_SEGMENT = 64    # longer segments are registered in their end cells and along
TARGET_ITEMS_PER_CELL = 8
MAX_INTERSECTION_CANDIDATES = 200


class SnapMode(Enum):
    ENDPOINT = "endpoint"
    INTERSECTION = "intersection"
    MIDPOINT = "midpoint"
    CENTRE = "centre"
    PERPENDICULAR = "perpendicular"
    NEAREST = "nearest"


# When several snaps fall within the radius, the first mode in this order wins.
PRIORITY = (SnapMode.ENDPOINT, SnapMode.INTERSECTION, SnapMode.MIDPOINT, SnapMode.CENTRE,
            SnapMode.PERPENDICULAR, SnapMode.NEAREST)
ALL_MODES = frozenset(SnapMode)


@dataclass(frozen=True)
class SnapResult:
    point: tuple[float, float]
    mode: SnapMode


class _Grid:
    """Boxes (x0, y0, x1, y1) registered in the cells they cover."""

    def __init__(self, boxes: np.ndarray, bounds: tuple[float, float, float, float]):
        x0, y0, x1, y1 = bounds
        count = max(1, len(boxes))
        side = max(1, int(np.sqrt(count / TARGET_ITEMS_PER_CELL)))
        self.columns = self.rows = min(side, 2048)
        self.x0, self.y0 = x0, y0
        self.cell_w = max((x1 - x0) / self.columns, 1e-12)
        self.cell_h = max((y1 - y0) / self.rows, 1e-12)
        c0, r0 = self._cell(boxes[:, 0], boxes[:, 1])
        c1, r1 = self._cell(boxes[:, 2], boxes[:, 3])
        spans = (c1 - c0 + 1) * (r1 - r0 + 1)
        small = spans <= MAX_CELLS_PER_SEGMENT
        ids, cells = [np.nonzero(small & (spans == 1))[0]], []
        cells.append(r0[ids[0]] * self.columns + c0[ids[0]])
        for item in np.nonzero(small & (spans > 1))[0]:
            cols = np.arange(c0[item], c1[item] + 1)
            rows = np.arange(r0[item], r1[item] + 1)
            grid = (rows[:, None] * self.columns + cols[None, :]).ravel()
            ids.append(np.full(len(grid), item))
            cells.append(grid)
        for item in np.nonzero(~small)[0]:
            # A long segment: the cells along it (sampled), not its whole bounding box.
            samples = np.linspace(0.0, 1.0, 4 * max(c1[item] - c0[item], r1[item] - r0[item]) + 2)
            xs = boxes[item, 0] + (boxes[item, 2] - boxes[item, 0]) * samples
            ys = boxes[item, 1] + (boxes[item, 3] - boxes[item, 1]) * samples
            c, r = self._cell(xs, ys)
            grid = np.unique(r * self.columns + c)
            ids.append(np.full(len(grid), item))
            cells.append(grid)
        all_ids = np.concatenate(ids) if ids else np.zeros(0, np.int64)
        all_cells = np.concatenate(cells) if cells else np.zeros(0, np.int64)
        order = np.argsort(all_cells, kind="stable")
        self.items = all_ids[order]
        self.starts = np.searchsorted(all_cells[order], np.arange(self.columns * self.rows + 1))

    def _cell(self, x, y):
        c = np.clip(((np.asarray(x) - self.x0) / self.cell_w).astype(np.int64), 0,
                    self.columns - 1)
        r = np.clip(((np.asarray(y) - self.y0) / self.cell_h).astype(np.int64), 0, self.rows - 1)
        return c, r

    def query(self, x0: float, y0: float, x1: float, y1: float) -> np.ndarray:
        (c0, c1), (r0, r1) = self._cell([x0, x1], [y0, y1])
        found = [self.items[self.starts[r * self.columns + c0]:
                            self.starts[r * self.columns + c1 + 1]] for r in range(r0, r1 + 1)]
        return np.unique(np.concatenate(found)) if found else np.zeros(0, np.int64)


class SnapIndex:
    """The spatial index of one compiled sheet."""

    def __init__(self, sheet: CompiledSheet):
        snap = sheet.snap
        self.geometry = snap
        x0, y0, x1, y1 = sheet.extents
        bounds = (x0, y0, max(x1, x0 + 1e-9), max(y1, y0 + 1e-9))
        seg = snap.segments
        self.segment_boxes = np.column_stack((np.minimum(seg[:, 0], seg[:, 2]),
                                              np.minimum(seg[:, 1], seg[:, 3]),
                                              np.maximum(seg[:, 0], seg[:, 2]),
                                              np.maximum(seg[:, 1], seg[:, 3]))) \
            if len(seg) else np.zeros((0, 4))
        self.segments = _Grid(self.segment_boxes, bounds)
        self.point_sets = {
            SnapMode.ENDPOINT: (snap.endpoints, snap.endpoint_layer),
            SnapMode.MIDPOINT: (snap.midpoints, snap.midpoint_layer),
            SnapMode.CENTRE: (snap.centres, snap.centre_layer),
        }
        self.point_grids = {mode: _Grid(np.hstack((xy, xy)), bounds)
                            for mode, (xy, _) in self.point_sets.items()}

    def segments_near(self, x: float, y: float, radius: float,
                      hidden_layers: frozenset[int] = frozenset()) -> np.ndarray:
        """Ids of snap segments within `radius` of (x, y) (hit-testing)."""
        ids = self.segments.query(x - radius, y - radius, x + radius, y + radius)
        ids = _visible(ids, self.geometry.segment_layer, hidden_layers)
        if not len(ids):
            return ids
        distance, _ = _closest_on_segments(self.geometry.segments[ids], x, y)
        return ids[distance <= radius]

    def snap(self, x: float, y: float, radius: float, modes=ALL_MODES, *,
             base: tuple[float, float] | None = None,
             hidden_layers: frozenset[int] = frozenset()) -> SnapResult | None:
        """The best snap within `radius` of (x, y), or None. `base` is the previous point of
        the gesture; perpendicular snaps need it."""
        for mode in PRIORITY:
            if mode not in modes:
                continue
            found = self._snap_mode(mode, x, y, radius, base, hidden_layers)
            if found is not None:
                return SnapResult((float(found[0]), float(found[1])), mode)
        return None

    def _snap_mode(self, mode, x, y, radius, base, hidden):
        if mode in self.point_sets:
            xy, layers = self.point_sets[mode]
            ids = self.point_grids[mode].query(x - radius, y - radius, x + radius, y + radius)
            ids = _visible(ids, layers, hidden)
            if not len(ids):
                return None
            distance = np.hypot(xy[ids, 0] - x, xy[ids, 1] - y)
            best = int(np.argmin(distance))
            return xy[ids[best]] if distance[best] <= radius else None
        ids = self.segments_near(x, y, radius, hidden)
        if not len(ids):
            return None
        segments = self.geometry.segments[ids]
        if mode is SnapMode.NEAREST:
            distance, closest = _closest_on_segments(segments, x, y)
            return closest[int(np.argmin(distance))]
        if mode is SnapMode.PERPENDICULAR:
            if base is None:
                return None
            feet = _perpendicular_feet(segments, *base)
            if not len(feet):
                return None
            distance = np.hypot(feet[:, 0] - x, feet[:, 1] - y)
            best = int(np.argmin(distance))
            return feet[best] if distance[best] <= radius else None
        points = _intersections(segments[:MAX_INTERSECTION_CANDIDATES])
        if not len(points):
            return None
        distance = np.hypot(points[:, 0] - x, points[:, 1] - y)
        best = int(np.argmin(distance))
        return points[best] if distance[best] <= radius else None


def _visible(ids: np.ndarray, layers: np.ndarray, hidden: frozenset[int]) -> np.ndarray:
    if not hidden or not len(ids):
        return ids
    return ids[~np.isin(layers[ids], list(hidden))]


def _closest_on_segments(segments: np.ndarray, x: float, y: float):
    a, b = segments[:, 0:2], segments[:, 2:4]
    d = b - a
    length2 = (d * d).sum(axis=1)
    t = np.where(length2 > 0, ((x - a[:, 0]) * d[:, 0] + (y - a[:, 1]) * d[:, 1])
                 / np.where(length2 > 0, length2, 1), 0.0)
    closest = a + d * np.clip(t, 0.0, 1.0)[:, None]
    return np.hypot(closest[:, 0] - x, closest[:, 1] - y), closest


def _perpendicular_feet(segments: np.ndarray, bx: float, by: float) -> np.ndarray:
    """Feet of the perpendiculars from (bx, by) that land on the segments."""
    a, b = segments[:, 0:2], segments[:, 2:4]
    d = b - a
    length2 = (d * d).sum(axis=1)
    ok = length2 > 0
    t = ((bx - a[ok, 0]) * d[ok, 0] + (by - a[ok, 1]) * d[ok, 1]) / length2[ok]
    on = (t >= 0) & (t <= 1)
    return a[ok][on] + d[ok][on] * t[on, None]


def _intersections(segments: np.ndarray) -> np.ndarray:
    """Pairwise proper intersection points of a few segments."""
    if len(segments) < 2:
        return np.zeros((0, 2))
    p, r = segments[:, None, 0:2], (segments[:, 2:4] - segments[:, 0:2])[:, None, :]
    q, s = segments[None, :, 0:2], (segments[:, 2:4] - segments[:, 0:2])[None, :, :]
    denominator = r[..., 0] * s[..., 1] - r[..., 1] * s[..., 0]
    qp = q - p
    with np.errstate(divide="ignore", invalid="ignore"):
        t = (qp[..., 0] * s[..., 1] - qp[..., 1] * s[..., 0]) / denominator
        u = (qp[..., 0] * r[..., 1] - qp[..., 1] * r[..., 0]) / denominator
    upper = np.triu(np.ones(denominator.shape, bool), k=1)
    hit = upper & (np.abs(denominator) > 1e-12) & (t >= 0) & (t <= 1) & (u >= 0) & (u <= 1)
    i, j = np.nonzero(hit)
    return segments[i, 0:2] + (segments[i, 2:4] - segments[i, 0:2]) * t[i, j][:, None]


def snap_index(sheet: CompiledSheet) -> SnapIndex:
    """The sheet's index, built on first use and kept with the sheet."""
    index = getattr(sheet, "_snap_index", None)
    if index is None:
        index = SnapIndex(sheet)
        sheet._snap_index = index
    return index


def snap(sheet: CompiledSheet, x: float, y: float, radius: float, modes=ALL_MODES,
         **options) -> SnapResult | None:
    """The markup tools' entry point: the best snap near (x, y) on a compiled sheet."""
    return snap_index(sheet).snap(x, y, radius, modes, **options)
