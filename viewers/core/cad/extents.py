"""Where a drawing's content really is: extents without the stray far-away entities.

Real drawings often carry a point or a block insert kilometres from the plan (a survey
origin, a forgotten paste); fitting the whole extents would show the plan as a speck. The
view fits the box that holds nearly all vertices, widened to take in everything near it;
nothing is hidden: the sheet still spans the full extents. Computed once, when compiling.
"""
from __future__ import annotations

import numpy as np

TAIL = 0.005      # share of vertices allowed to lie outside on each side
MARGIN = 0.5      # widening of the core box, as a share of its size, before cutting outliers
MIN_VERTICES = 50


Box = tuple[float, float, float, float]   # x0, y0, x1, y1


def content_extents(vertex_arrays: list[np.ndarray], extents: Box) -> Box:
    """The box to fit of a sheet with these (N, 2) vertex arrays and these full extents."""
    vertices = [a for a in vertex_arrays if len(a)]
    if not vertices:
        return extents
    xy = np.concatenate(vertices)
    xy = xy[np.isfinite(xy).all(axis=1)]
    if len(xy) < MIN_VERTICES:
        return extents
    low = np.quantile(xy, TAIL, axis=0)
    high = np.quantile(xy, 1.0 - TAIL, axis=0)
    span = np.maximum(high - low, 1e-9)
    inside = np.all((xy >= low - span * MARGIN) & (xy <= high + span * MARGIN), axis=1)
    kept = xy[inside]
    x0, y0 = kept.min(axis=0)
    x1, y1 = kept.max(axis=0)
    if x1 <= x0 or y1 <= y0:     # all on one line: the sheet's own extents frame it better
        return extents
    return float(x0), float(y0), float(x1), float(y1)
