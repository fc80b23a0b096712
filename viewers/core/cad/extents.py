"""Where a drawing's content really is: extents without the stray far-away entities.

Real drawings often carry a point or a block insert kilometres from the plan (a survey
origin, a forgotten paste); fitting the whole extents would show the plan as a speck. The
view fits the box that holds nearly all vertices, widened to take in everything near it;
nothing is hidden: the sheet still spans the full extents. Computed once, when compiling.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np

TAIL = 0.005      # share of vertices allowed to lie outside on each side
MAIN_SHARE = 0.9   # a group of vertices holding this share of them ...
GAP = 20.0         # ... and this many times its own size away from the rest is the drawing
MARGIN = 0.5      # widening of the core box, as a share of its size, before cutting outliers
MIN_VERTICES = 50
SAMPLE = 250_000   # the core box is estimated from about this many evenly spread vertices

Box = tuple[float, float, float, float]   # x0, y0, x1, y1


def _main_group(sample: np.ndarray) -> np.ndarray:
    """The sample without a minor group of vertices far from the main one (a legend or an
    insertion left at the origin, kilometres from a georeferenced plan): split at the
    widest empty gap along x, then along y, where one side holds MAIN_SHARE of the vertices
    and the gap is GAP times that side's width."""
    for axis in (0, 1):
        values = np.sort(sample[:, axis])
        gaps = np.diff(values)
        if not len(gaps):
            continue
        at = int(np.argmax(gaps))
        below, above = at + 1, len(values) - at - 1
        if below >= MAIN_SHARE * len(values):
            width, keep = values[at] - values[0], sample[:, axis] <= values[at]
        elif above >= MAIN_SHARE * len(values):
            width, keep = values[-1] - values[at + 1], sample[:, axis] >= values[at + 1]
        else:
            continue
        if gaps[at] > GAP * max(width, 1e-9):
            sample = sample[keep]
    return sample


def content_extents(vertex_slices: Callable[[], Iterable[np.ndarray]], total: int,
                    extents: Box, boxed: Callable[[], Iterable[tuple]]) -> Box:
    """The box to fit of a sheet with these full extents, whose `total` vertices come as
    (N, 2) arrays from `vertex_slices` (sampled for the core box) and, grouped into parts,
    from `boxed` as (boxes (C, 4), vertices of part c) per group of parts: a part wholly
    inside or outside the window around the core box needs only its box."""
    if total < MIN_VERTICES:
        return extents
    # Every step-th vertex: the core box without copying and sorting millions of vertices.
    step = max(1, total // SAMPLE)
    sample = np.empty((len(range(0, total, step)), 2))
    taken = seen = 0
    for xy in vertex_slices():
        part = xy[(-seen) % step::step]
        sample[taken:taken + len(part)] = part
        taken, seen = taken + len(part), seen + len(xy)
    sample = sample[:taken]
    finite = np.isfinite(sample).all(axis=1)
    if not finite.all():
        sample = sample[finite]
    if len(sample) < MIN_VERTICES:
        return extents
    sample = _main_group(sample)
    # A column at a time, sorted in place: np.quantile along an axis copies the sample.
    (x_low, x_high), (y_low, y_high) = (
        np.quantile(sample[:, axis].copy(), [TAIL, 1.0 - TAIL], overwrite_input=True)
        for axis in (0, 1))
    low, high = np.array([x_low, y_low]), np.array([x_high, y_high])
    span = np.maximum(high - low, 1e-9)
    window_low, window_high = low - span * MARGIN, high + span * MARGIN
    parts = []
    for boxes, vertices_of in boxed():
        if not len(boxes):
            continue
        inside = (boxes[:, :2] >= window_low).all(axis=1) & \
            (boxes[:, 2:] <= window_high).all(axis=1)
        outside = (boxes[:, 2:] < window_low).any(axis=1) | \
            (boxes[:, :2] > window_high).any(axis=1)
        if inside.any():
            parts.append(np.hstack((boxes[inside, :2].min(axis=0),
                                    boxes[inside, 2:].max(axis=0)))[None])
        for part in np.flatnonzero(~inside & ~outside).tolist():
            xy = vertices_of(part)
            kept = xy[np.all((xy >= window_low) & (xy <= window_high), axis=1)]
            if len(kept):
                parts.append(np.hstack((kept.min(axis=0), kept.max(axis=0)))[None])
    if not parts:
        return extents
    found = np.concatenate(parts)
    x0, y0, x1, y1 = found[:, 0].min(), found[:, 1].min(), found[:, 2].max(), found[:, 3].max()
    if not x1 > x0 or not y1 > y0:   # all on one line: the sheet's own extents frame it better
        return extents
    return float(x0), float(y0), float(x1), float(y1)
