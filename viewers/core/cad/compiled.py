"""The compiled form of a CAD sheet: what the canvas draws and snapping searches, as numpy arrays.

A sheet's geometry is grouped by style (layer, colour, lineweight). Within a group, paths are
stored the way Qt stores a QPainterPath (one element type per vertex: move, line, cubic
control, cubic data), so the canvas builds its paths with one memory copy and curves stay
exact at any zoom. Paths in a group are sorted spatially and cut into chunks with a bounding
box, so a paint skips what is off screen.

Coordinates are drawing units (y up), float64: georeferenced drawings keep full precision.
"""
from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

# Qt's QPainterPath element types (QPainterPath::ElementType).
MOVE, LINE, CURVE, CURVE_DATA = 0, 1, 2, 3
STROKE, FILL = "stroke", "fill"


@dataclass(frozen=True)
class StyleGroup:
    layer: int            # index into CompiledSheet.layers
    color: str            # "#rrggbb" or "#rrggbbaa"
    lineweight: float     # mm; 0 for fills
    kind: str             # STROKE or FILL


@dataclass(frozen=True)
class LayerInfo:
    name: str
    color: str            # the layer's own colour, for the swatch
    visible: bool         # on and thawed in the file
    entity_count: int     # top-level entities on the layer in this sheet


@dataclass
class PathSet:
    """Paths of all groups of one kind: vertices with Qt element types, cut into chunks.

    chunk_starts[c]..chunk_starts[c+1] are the paths of chunk c; every chunk belongs to one
    group (chunk_group) and has a bounding box (chunk_bbox: x0, y0, x1, y1).
    """

    xy: np.ndarray            # (N, 2) float64
    element: np.ndarray       # (N,) int8: MOVE, LINE, CURVE, CURVE_DATA
    path_starts: np.ndarray   # (P + 1,) int64 offsets into xy
    chunk_starts: np.ndarray  # (C + 1,) int64 offsets into paths
    chunk_group: np.ndarray   # (C,) int32
    chunk_bbox: np.ndarray    # (C, 4) float64

    @classmethod
    def empty(cls) -> PathSet:
        return cls(np.zeros((0, 2)), np.zeros(0, np.int8), np.zeros(1, np.int64),
                   np.zeros(1, np.int64), np.zeros(0, np.int32), np.zeros((0, 4)))

    def chunk_vertices(self, chunk: int) -> tuple[np.ndarray, np.ndarray]:
        first = self.path_starts[self.chunk_starts[chunk]]
        last = self.path_starts[self.chunk_starts[chunk + 1]]
        return self.xy[first:last], self.element[first:last]

    @property
    def path_count(self) -> int:
        return len(self.path_starts) - 1


@dataclass
class RasterImage:
    rgba: np.ndarray          # (h, w, 4) uint8, row 0 at the top
    transform: np.ndarray     # (3, 3): pixel (column, row, 1) -> drawing units
    group: int


@dataclass
class SnapGeometry:
    """Undashed, flattened geometry for hit-testing and snapping; per-item layer indices."""

    segments: np.ndarray      # (S, 4) float64 x0, y0, x1, y1
    segment_layer: np.ndarray  # (S,) int32
    endpoints: np.ndarray     # (E, 2)
    endpoint_layer: np.ndarray
    midpoints: np.ndarray     # (M, 2)
    midpoint_layer: np.ndarray
    centres: np.ndarray       # (K, 2)
    centre_layer: np.ndarray

    @classmethod
    def empty(cls) -> SnapGeometry:
        z2, z4, zi = np.zeros((0, 2)), np.zeros((0, 4)), np.zeros(0, np.int32)
        return cls(z4, zi, z2, zi, z2, zi, z2, zi)


@dataclass
class CompiledSheet:
    name: str                 # "Model" or the layout name
    units: str
    mm_per_unit: float | None
    extents: tuple[float, float, float, float]   # x0, y0, x1, y1 in drawing units
    content_extents: tuple[float, float, float, float]   # what Fit shows (extents.py)
    entity_count: int
    layers: list[LayerInfo]
    groups: list[StyleGroup]
    strokes: PathSet
    fills: PathSet
    points: np.ndarray        # (Q, 2)
    point_group: np.ndarray   # (Q,) int32
    images: list[RasterImage] = field(default_factory=list)
    snap: SnapGeometry = field(default_factory=SnapGeometry.empty)

    @property
    def path_count(self) -> int:
        return self.strokes.path_count + self.fills.path_count + len(self.points)

    def nbytes(self) -> int:
        arrays = [self.strokes.xy, self.strokes.element, self.fills.xy, self.fills.element,
                  self.points, self.snap.segments, *(image.rgba for image in self.images)]
        return int(sum(a.nbytes for a in arrays))

    # ---- storage ----------------------------------------------------------------------------
    def save(self, path: Path) -> None:
        """Writes the sheet as one uncompressed .npz (loading is a memory copy)."""
        arrays: dict[str, np.ndarray] = {"points": self.points, "point_group": self.point_group}
        for prefix, paths in (("strokes", self.strokes), ("fills", self.fills)):
            for name in PathSet.__dataclass_fields__:
                arrays[f"{prefix}.{name}"] = getattr(paths, name)
        for name in SnapGeometry.__dataclass_fields__:
            arrays[f"snap.{name}"] = getattr(self.snap, name)
        for number, image in enumerate(self.images):
            arrays[f"image{number}.rgba"] = image.rgba
            arrays[f"image{number}.transform"] = image.transform
        meta = {
            "name": self.name, "units": self.units, "mm_per_unit": self.mm_per_unit,
            "extents": list(self.extents), "content_extents": list(self.content_extents),
            "entity_count": self.entity_count,
            "layers": [vars(layer) for layer in self.layers],
            "groups": [vars(group) for group in self.groups],
            "image_groups": [image.group for image in self.images],
        }
        arrays["meta"] = np.frombuffer(json.dumps(meta).encode("utf-8"), np.uint8)
        # As np.savez writes it, but each array straight from its memory (savez copies
        # through a 16 MB buffer, on top of the compile worker's peak).
        with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED, allowZip64=True) as archive:
            for name, array in arrays.items():
                array = np.ascontiguousarray(array)
                with archive.open(f"{name}.npy", "w", force_zip64=True) as member:
                    np.lib.format.write_array_header_1_0(
                        member, np.lib.format.header_data_from_array_1_0(array))
                    member.write(array.data)

    @classmethod
    def load(cls, path: Path) -> CompiledSheet:
        with np.load(path, allow_pickle=False) as data:
            arrays = {name: data[name] for name in data.files}
        meta = json.loads(arrays.pop("meta").tobytes().decode("utf-8"))

        def path_set(prefix: str) -> PathSet:
            return PathSet(**{name: arrays[f"{prefix}.{name}"]
                              for name in PathSet.__dataclass_fields__})

        images = [RasterImage(arrays[f"image{n}.rgba"], arrays[f"image{n}.transform"], group)
                  for n, group in enumerate(meta["image_groups"])]
        return cls(
            name=meta["name"], units=meta["units"], mm_per_unit=meta["mm_per_unit"],
            extents=tuple(meta["extents"]), content_extents=tuple(meta["content_extents"]),
            entity_count=meta["entity_count"],
            layers=[LayerInfo(**layer) for layer in meta["layers"]],
            groups=[StyleGroup(**group) for group in meta["groups"]],
            strokes=path_set("strokes"), fills=path_set("fills"),
            points=arrays["points"], point_group=arrays["point_group"], images=images,
            snap=SnapGeometry(**{name: arrays[f"snap.{name}"]
                                 for name in SnapGeometry.__dataclass_fields__}))
