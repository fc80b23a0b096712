"""The compiled form of a CAD sheet: what the canvas draws and snapping searches, as numpy arrays.

A sheet's geometry is grouped by style (layer, colour, lineweight). Within a group, paths are
stored the way Qt stores a QPainterPath (one element type per vertex: move, line, cubic
control, cubic data), so the canvas builds its paths with one memory copy and curves stay
exact at any zoom. Paths in a group are sorted spatially and cut into chunks with a bounding
box, so a paint skips what is off screen.

Coordinates are drawing units (y up). Path vertices are float32 relative to their chunk's
bounding-box corner (float64): half the memory of float64, and georeferenced drawings
(coordinates like 600000) keep their precision, since a chunk is small. Snap geometry is
float64 throughout.

On disk a sheet is a folder of .npy files and meta.json (written last); loading maps the
files, so what is never drawn or snapped to (off-screen chunks, the snap geometry until a
markup tool snaps) is never read into memory.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields
from pathlib import Path

import numpy as np

# Qt's QPainterPath element types (QPainterPath::ElementType).
MOVE, LINE, CURVE, CURVE_DATA = 0, 1, 2, 3
STROKE, FILL = "stroke", "fill"
FILL_EVEN_ODD = "fill_even_odd"   # fills with islands (hatches): holes by the even-odd rule
META_FILE = "meta.json"


@dataclass(frozen=True)
class StyleGroup:
    layer: int            # index into CompiledSheet.layers
    color: str            # "#rrggbb" or "#rrggbbaa"
    lineweight: float     # mm; 0 for fills
    kind: str             # STROKE, FILL or FILL_EVEN_ODD


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
    group (chunk_group) and has a bounding box (chunk_bbox: x0, y0, x1, y1); its vertices
    are stored relative to the box's corner (x0, y0).
    """

    xy: np.ndarray            # (N, 2) float32, relative to the chunk's (x0, y0)
    element: np.ndarray       # (N,) int8: MOVE, LINE, CURVE, CURVE_DATA
    path_starts: np.ndarray   # (P + 1,) int64 offsets into xy
    chunk_starts: np.ndarray  # (C + 1,) int64 offsets into paths
    chunk_group: np.ndarray   # (C,) int32
    chunk_bbox: np.ndarray    # (C, 4) float64

    @classmethod
    def empty(cls) -> PathSet:
        return cls(np.zeros((0, 2), np.float32), np.zeros(0, np.int8), np.zeros(1, np.int64),
                   np.zeros(1, np.int64), np.zeros(0, np.int32), np.zeros((0, 4)))

    def chunk_vertices(self, chunk: int) -> tuple[np.ndarray, np.ndarray]:
        """The chunk's vertices in drawing units (float64) and their element types."""
        first = self.path_starts[self.chunk_starts[chunk]]
        last = self.path_starts[self.chunk_starts[chunk + 1]]
        return self.xy[first:last] + self.chunk_bbox[chunk, :2], self.element[first:last]

    def vertex_slices(self, rows: int = 1 << 16) -> Iterator[np.ndarray]:
        """All vertices in drawing units (float64), `rows` at a time."""
        chunk_first_vertex = self.path_starts[self.chunk_starts]
        for first in range(0, len(self.xy), rows):
            last = min(first + rows, len(self.xy))
            chunk = np.searchsorted(chunk_first_vertex, np.arange(first, last), "right") - 1
            yield self.xy[first:last] + self.chunk_bbox[chunk, :2]

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

    @classmethod
    def load(cls, folder: Path) -> CompiledSheet:
        """The sheet a SheetWriter wrote into `folder`, its arrays mapped from their files."""
        meta = json.loads((folder / META_FILE).read_text("utf-8"))

        def arrays_of(kind, prefix: str):
            return kind(**{f.name: _mapped(folder / f"{prefix}.{f.name}.npy")
                           for f in fields(kind)})

        images = [RasterImage(_mapped(folder / f"image{n}.rgba.npy"),
                              _mapped(folder / f"image{n}.transform.npy"), group)
                  for n, group in enumerate(meta["image_groups"])]
        return cls(
            name=meta["name"], units=meta["units"], mm_per_unit=meta["mm_per_unit"],
            extents=tuple(meta["extents"]), content_extents=tuple(meta["content_extents"]),
            entity_count=meta["entity_count"],
            layers=[LayerInfo(**layer) for layer in meta["layers"]],
            groups=[StyleGroup(**group) for group in meta["groups"]],
            strokes=arrays_of(PathSet, "strokes"), fills=arrays_of(PathSet, "fills"),
            points=_mapped(folder / "points.npy"),
            point_group=_mapped(folder / "point_group.npy"), images=images,
            snap=arrays_of(SnapGeometry, "snap"))


def _mapped(path: Path) -> np.ndarray:
    # A plain ndarray on the mapping: np.memmap indexes through Python code, which a paint
    # that looks up thousands of chunks would feel.
    return np.load(path, mmap_mode="r", allow_pickle=False).view(np.ndarray)


class SheetWriter:
    """Writes a compiled sheet into a folder part by part, so the compiler can let go of each
    part once written; meta.json last, when the sheet is complete."""

    def __init__(self, folder: Path):
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.image_groups: list[int] = []

    def array(self, name: str, array: np.ndarray) -> None:
        np.save(self.folder / f"{name}.npy", np.ascontiguousarray(array), allow_pickle=False)

    def array_in_parts(self, name: str, dtype, shape: tuple[int, ...],
                       parts: Iterable[np.ndarray]) -> None:
        """An array written as its parts come (in order; together they are `shape`), so it
        is never whole in memory."""
        written = 0
        with (self.folder / f"{name}.npy").open("wb") as f:
            np.lib.format.write_array_header_1_0(f, {
                "descr": np.lib.format.dtype_to_descr(np.dtype(dtype)),
                "fortran_order": False, "shape": shape})
            for part in parts:
                f.write(np.ascontiguousarray(part, dtype).data)
                written += len(part)
        if written != shape[0]:
            raise ValueError(f"{name}: {written} rows written for {shape[0]}")

    def arrays(self, prefix: str, arrays: PathSet | SnapGeometry) -> None:
        for f in fields(arrays):
            self.array(f"{prefix}.{f.name}", getattr(arrays, f.name))

    def image(self, image: RasterImage) -> None:
        number = len(self.image_groups)
        self.array(f"image{number}.rgba", image.rgba)
        self.array(f"image{number}.transform", image.transform)
        self.image_groups.append(image.group)

    def finish(self, *, name: str, units: str, mm_per_unit: float | None,
               extents: tuple[float, float, float, float],
               content_extents: tuple[float, float, float, float], entity_count: int,
               layers: list[LayerInfo], groups: list[StyleGroup]) -> None:
        meta = {
            "name": name, "units": units, "mm_per_unit": mm_per_unit,
            "extents": list(extents), "content_extents": list(content_extents),
            "entity_count": entity_count,
            "layers": [vars(layer) for layer in layers],
            "groups": [vars(group) for group in groups],
            "image_groups": self.image_groups,
        }
        (self.folder / META_FILE).write_text(json.dumps(meta), "utf-8")
