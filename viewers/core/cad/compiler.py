"""Compiling a DXF layout once into numpy arrays, with ezdxf's drawing frontend.

ezdxf's Frontend resolves everything a CAD file can say (blocks and nested inserts with
attributes, dimensions, leaders, hatches and their patterns, linetypes at scale, ByLayer and
ByBlock, true colour, MTEXT, SHX fonts replaced by TrueType glyphs, images, viewports of
paper-space layouts). Our backend records what it draws as Qt-ready path arrays grouped by
style; a stage in front of the linetype stage records the undashed geometry for snapping.
"""
from __future__ import annotations

import ctypes
import math
import sys
import tempfile
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from itertools import chain
from pathlib import Path

import numpy as np
from ezdxf.addons.drawing import RenderContext
from ezdxf.addons.drawing.backend import BackendInterface, ImageData
from ezdxf.addons.drawing.config import (
    BackgroundPolicy,
    Configuration,
    HatchPolicy,
    LinePolicy,
    TextPolicy,
)
from ezdxf.addons.drawing.frontend import UniversalFrontend
from ezdxf.addons.drawing.mtext_complex import ComplexMTextRenderer
from ezdxf.addons.drawing.pipeline import (
    ClippingStage2d,
    LinetypeStage2d,
    BackendStage2d,
    RenderPipeline2d,
    RenderStage2d,
    prepare_string_for_rendering,
)
from ezdxf.entities import Insert
from ezdxf.fonts import fonts
from ezdxf.layouts import Layout
from ezdxf.math import Matrix44, Vec3
from ezdxf.tools import text_layout

from review.arabic import arabic_font, has_arabic, visual_order
from review.errors import PlanReviewError
import viewers.core.cad.ezdxf_memos  # noqa: F401  (installs them)
from viewers.core.cad.compiled import (
    CURVE,
    CURVE_DATA,
    FILL,
    FILL_EVEN_ODD,
    LINE,
    MOVE,
    STROKE,
    LayerInfo,
    PathSet,
    RasterImage,
    SheetWriter,
    StyleGroup,
)
from viewers.core.cad.extents import content_extents
from viewers.core.cad.native import (
    PlainDrawing,
    outline_glyphs,
    reversed_ring,
    signed_area,
    text_outline,
)
from viewers.core.errors import RenderCancelled
from viewers.core.sheets import LoadWarning, WarningCode

MAX_COORDINATE = 1e12      # beyond this a coordinate is a file error, not a place
MAX_IMAGE_SIDE = 4096       # raster images are kept at most this many pixels on a side
PATHS_PER_CHUNK = 512       # the culling unit of the canvas
# Qt's antialiasing rasteriser re-walks a whole path for every band of scanlines it splits
# the path into, so one drawPath of a big path costs far more than several small ones.
VERTICES_PER_CHUNK = 1024
READ_VERTICES = 1 << 16      # vertices read back from a collector's file at a time

# ezdxf path commands (ezdxf.path.Command), and our own for a path's start vertex
_LINE_TO, _CURVE3_TO, _CURVE4_TO, _MOVE_TO, _START_CODE = 1, 2, 3, 4, 5
_START = np.array([_START_CODE], np.int8)
# Qt element types per command; -1 pads. CURVE3 is rewritten as a cubic first.
_ELEMENTS = np.array([[-1, -1, -1], [LINE, -1, -1], [CURVE, CURVE_DATA, -1],
                      [CURVE, CURVE_DATA, CURVE_DATA], [MOVE, -1, -1], [MOVE, -1, -1]],
                     np.int8)
_VERTICES_PER_COMMAND = np.array([0, 1, 2, 3, 1, 1])       # in ezdxf's path
_VERTICES_PER_COMMAND_OUT = np.array([0, 1, 3, 3, 1, 1])   # quadratics become cubic

# The look of the reference rendering: paper-white background, ACI 7 black.
RENDER_CONFIG = Configuration(background_policy=BackgroundPolicy.WHITE,
                              line_policy=LinePolicy.ACCURATE,
                              hatch_policy=HatchPolicy.NORMAL)

ProgressCallback = Callable[[int], None]   # called with the number of entities drawn so far
ModelSpaceEntities = Callable[[], Iterable]  # a streamed model space, read anew on each call


def path_elements(path) -> tuple[np.ndarray, np.ndarray]:
    """An ezdxf NumpyPath2d as (vertices, Qt element types); quadratic curves become cubic."""
    xy, elements, _ = _converted([path])
    return xy, elements


def joined_path_elements(paths) -> tuple[np.ndarray, np.ndarray]:
    """The paths as one path_elements, each path beginning with a move."""
    xy, elements, _ = _converted(paths)
    return xy, elements


def paths_elements(paths) -> list[tuple[np.ndarray, np.ndarray]]:
    """path_elements of each path."""
    xy, elements, starts = _converted(paths)
    found = iter(zip(np.split(xy, starts[1:]), np.split(elements, starts[1:])))
    return [next(found) if len(path.np_vertices()) else
            (np.zeros((0, 2)), np.zeros(0, np.int8)) for path in paths]


def _converted(paths) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(vertices, element types, the first vertex of each path that has any) of the paths
    converted together: text comes as a path per glyph, and per-path array calls would cost
    more than the conversion."""
    vertices, commands = [], []
    for path in paths:
        xy = path.np_vertices()
        if len(xy):
            vertices.append(xy)
            commands.append(_START)   # each path's first vertex, as a move
            commands.append(path._commands)  # the array behind command_codes(), uncopied
    if not vertices:
        return np.zeros((0, 2)), np.zeros(0, np.int8), np.zeros(0, np.int64)
    xy = np.concatenate(vertices).astype(np.float64, copy=False)
    commands = np.concatenate(commands)
    if (commands == _CURVE3_TO).any():
        # One vertex per element, quadratic control points doubled into two cubic controls.
        per_command = _VERTICES_PER_COMMAND[commands]
        command_of_vertex = np.repeat(commands, per_command)
        first_of_command = np.repeat(np.cumsum(per_command) - per_command, per_command)
        position = np.arange(len(command_of_vertex)) - first_of_command
        quad_control = np.flatnonzero((command_of_vertex == _CURVE3_TO) & (position == 0))
        repeats = np.ones(len(xy), np.int64)
        repeats[quad_control] = 2
        out = np.repeat(xy, repeats, axis=0)
        out_index = np.cumsum(repeats) - repeats
        start, control, end = xy[quad_control - 1], xy[quad_control], xy[quad_control + 1]
        out[out_index[quad_control]] = start + (control - start) * (2.0 / 3.0)
        out[out_index[quad_control] + 1] = end + (control - end) * (2.0 / 3.0)
        commands = np.where(commands == _CURVE3_TO, _CURVE4_TO, commands)
        xy = out
    elements = _ELEMENTS[commands].ravel()
    elements = elements[elements >= 0]
    if len(vertices) == 1:
        return xy, elements, np.zeros(1, np.int64)
    # One element per vertex: each path's part ends where its next move starts.
    cuts = np.flatnonzero(commands == _START_CODE)
    return xy, elements, np.cumsum(_VERTICES_PER_COMMAND_OUT[commands])[cuts] - 1


class _PathCollector:
    """Paths of one kind until they are packed into a PathSet. Their vertices wait in a
    temporary file (they are as big as the packed set: held twice, they would double the
    peak); the rest in flat arrays, single lines (the most common entity) per style group."""

    def __init__(self):
        self.far_away = 0
        self._empty()

    def _empty(self) -> None:
        self.vertices = tempfile.TemporaryFile()     # x, y of every path, one after another
        self.elements = array("b")
        self.path_group = array("i")
        self.path_length = array("q")
        self.path_centre = array("d")
        self.lines_by_group: dict[int, array] = defaultdict(lambda: array("d"))

    def add(self, group: int, xy: np.ndarray, elements: np.ndarray) -> None:
        if len(xy):
            self.add_paths(np.array([group]), xy, elements, np.array([len(xy)]))

    def add_line(self, group: int, x0: float, y0: float, x1: float, y1: float) -> None:
        self.lines_by_group[group].extend((x0, y0, x1, y1))

    def add_lines(self, groups: np.ndarray, lines: np.ndarray) -> None:
        """Many single lines at once: (n, 4) x0, y0, x1, y1 with a group each."""
        for group in np.unique(groups).tolist():
            self.lines_by_group[group].frombytes(
                np.ascontiguousarray(lines[groups == group], np.float64).tobytes())

    def add_paths(self, groups: np.ndarray, xy: np.ndarray, elements: np.ndarray,
                  lengths: np.ndarray, skip: np.ndarray | None = None) -> None:
        """Many paths at once, one after another in `xy`, with a group each; `skip`: paths
        not to add."""
        if skip is not None and skip.any():
            keep = ~skip
            vertex_keep = np.repeat(keep, lengths)
            xy, elements = xy[vertex_keep], elements[vertex_keep]
            groups, lengths = groups[keep], lengths[keep]
        if not len(lengths):
            return
        first = np.cumsum(lengths) - lengths
        finite = np.isfinite(xy).all(axis=1) & (np.abs(xy) <= MAX_COORDINATE).all(axis=1)
        sane = np.logical_and.reduceat(finite, first)
        # a path out there is a file error: Qt cannot draw it, and it would hide the rest
        self.far_away += int((~sane).sum())
        if not sane.all():
            keep = np.repeat(sane, lengths)
            xy, elements = xy[keep], elements[keep]
            groups, lengths = groups[sane], lengths[sane]
            first = np.cumsum(lengths) - lengths
        self.vertices.write(np.ascontiguousarray(xy, np.float64).data)
        self.elements.frombytes(np.ascontiguousarray(elements, np.int8).tobytes())
        self.path_group.frombytes(np.asarray(groups, np.int32).tobytes())
        self.path_length.frombytes(np.asarray(lengths, np.int64).tobytes())
        centres = np.add.reduceat(xy, first, axis=0) / lengths[:, None]
        self.path_centre.frombytes(np.ascontiguousarray(centres, np.float64).tobytes())

    def pack(self, group_order: list[int]) -> PathSet:
        """The paths in one PathSet, grouped in `group_order` and cut into spatial chunks;
        the collector is left empty. The vertices are read back from their file twice in
        blocks (once for the chunks' boxes, once to store them relative to the box), each
        block's vertices moved to their places at once."""
        path_group = np.frombuffer(self.path_group, np.int32)
        path_length = np.frombuffer(self.path_length, np.int64)
        path_first = np.cumsum(path_length) - path_length
        path_centre = np.frombuffer(self.path_centre, np.float64).reshape(-1, 2)
        elements = np.frombuffer(self.elements, np.int8)
        lines = {}
        for group, values in self.lines_by_group.items():
            line_xy = np.frombuffer(values, np.float64).reshape(-1, 2, 2)
            sane = (np.abs(line_xy) <= MAX_COORDINATE).all(axis=(1, 2))
            self.far_away += int((~sane).sum())
            lines[group] = line_xy[sane]

        # The output order: per group its chunks, per chunk its paths and lines.
        item_path, item_line, item_chunk, chunk_group = [], [], [], []
        for group in group_order:
            members = np.nonzero(path_group == group)[0]
            line_xy = lines.get(group, np.zeros((0, 2, 2)))
            if not len(members) and not len(line_xy):
                continue
            centres = np.concatenate((path_centre[members], line_xy.mean(axis=1)))
            lengths = np.concatenate((path_length[members], np.full(len(line_xy), 2)))
            for chunk in _spatial_chunks(centres, lengths):
                # Positions below len(members) are the group's paths, the rest its lines.
                is_path = chunk < len(members)
                paths = np.full(len(chunk), -1, np.int64)
                paths[is_path] = members[chunk[is_path]]
                item_path.append(paths)
                item_line.append(np.where(is_path, -1, chunk - len(members)))
                item_chunk.append(np.full(len(chunk), len(chunk_group)))
                chunk_group.append(group)
        if not chunk_group:
            self.vertices.close()
            self._empty()
            return PathSet.empty()
        item_path = np.concatenate(item_path)
        item_line = np.concatenate(item_line)
        item_chunk = np.concatenate(item_chunk)
        item_group = np.array(chunk_group, np.int64)[item_chunk]
        is_path = item_path >= 0
        item_length = np.full(len(item_path), 2, np.int64)
        item_length[is_path] = path_length[item_path[is_path]]
        item_out = np.cumsum(item_length) - item_length
        total = int(item_length.sum())
        out_xy, out_elements = np.empty((total, 2), np.float32), np.empty(total, np.int8)

        line_items = np.flatnonzero(~is_path)
        line_groups = np.unique(item_group[line_items]).tolist()

        def lines_of(group: int) -> tuple[np.ndarray, np.ndarray]:
            """(the group's line items, their (n, 2, 2) vertices), a group at a time: all
            lines at once would be another copy of them."""
            mine = line_items[item_group[line_items] == group]
            return mine, lines[group][item_line[mine]]

        # The boxes: per path from the file, per line from its ends, per chunk the union.
        path_chunk = np.full(len(path_length), -1, np.int64)
        path_chunk[item_path[is_path]] = item_chunk[is_path]
        path_out = np.full(len(path_length), -1, np.int64)
        path_out[item_path[is_path]] = item_out[is_path]
        path_low = np.full((len(path_length), 2), np.inf)
        path_high = np.full((len(path_length), 2), -np.inf)
        for first_path, xy, starts in self._vertex_blocks(path_length, path_first):
            count = len(starts)
            path_low[first_path:first_path + count] = np.minimum.reduceat(xy, starts)
            path_high[first_path:first_path + count] = np.maximum.reduceat(xy, starts)
        item_low = np.empty((len(item_path), 2))
        item_high = np.empty((len(item_path), 2))
        item_low[is_path] = path_low[item_path[is_path]]
        item_high[is_path] = path_high[item_path[is_path]]
        for group in line_groups:
            mine, xy = lines_of(group)
            item_low[mine] = xy.min(axis=1)
            item_high[mine] = xy.max(axis=1)
        chunk_first_item = np.flatnonzero(np.concatenate(([True], item_chunk[1:] !=
                                                          item_chunk[:-1])))
        chunk_bbox = np.hstack((np.minimum.reduceat(item_low, chunk_first_item),
                                np.maximum.reduceat(item_high, chunk_first_item)))

        # The vertices, relative to their chunk's corner.
        corner = chunk_bbox[:, :2]
        for first_path, xy, starts in self._vertex_blocks(path_length, path_first):
            paths = np.arange(first_path, first_path + len(starts))
            counts = path_length[paths]
            vertex_path = np.repeat(paths, counts)
            placed = path_out[vertex_path] >= 0
            offset = np.arange(len(xy)) - np.repeat(starts, counts)
            target = path_out[vertex_path] + offset
            out_xy[target[placed]] = xy[placed] - corner[path_chunk[vertex_path[placed]]]
            first_vertex = path_first[first_path]
            out_elements[target[placed]] = elements[first_vertex:first_vertex + len(xy)][placed]
        for group in line_groups:
            mine, xy = lines_of(group)
            line_out = item_out[mine]
            line_corner = corner[item_chunk[mine]]
            out_xy[line_out] = xy[:, 0] - line_corner
            out_xy[line_out + 1] = xy[:, 1] - line_corner
            out_elements[line_out] = MOVE
            out_elements[line_out + 1] = LINE

        chunk_sizes = np.bincount(item_chunk, minlength=len(chunk_group))
        del path_group, path_length, path_centre, elements   # views of what is emptied now
        self.vertices.close()
        self._empty()
        return PathSet(
            xy=out_xy, element=out_elements,
            path_starts=np.concatenate(([0], np.cumsum(item_length))).astype(np.int64),
            chunk_starts=np.concatenate(([0], np.cumsum(chunk_sizes))).astype(np.int64),
            chunk_group=np.array(chunk_group, np.int32), chunk_bbox=chunk_bbox)

    def _vertex_blocks(self, path_length: np.ndarray, path_first: np.ndarray):
        """(first path, its vertices and those of the following paths, each path's start
        in them) for whole paths, about READ_VERTICES vertices at a time, in file order."""
        ends = path_first + path_length
        self.vertices.seek(0)
        path = 0
        while path < len(path_length):
            last = max(path + 1, int(np.searchsorted(ends, path_first[path] + READ_VERTICES,
                                                     side="right")))
            last = min(last, len(path_length))
            count = int(ends[last - 1] - path_first[path])
            xy = np.empty((count, 2))
            self.vertices.seek(int(path_first[path]) * 16)
            self.vertices.readinto(xy.data)
            yield path, xy, path_first[path:last] - path_first[path]
            path = last


def _spatial_chunks(centres: np.ndarray, lengths: np.ndarray) -> list[np.ndarray]:
    """Indices of the paths in Z-order cut into runs of at most PATHS_PER_CHUNK paths and
    VERTICES_PER_CHUNK vertices (a longer path is a chunk of its own)."""
    count = len(centres)
    if count <= PATHS_PER_CHUNK and lengths.sum() <= VERTICES_PER_CHUNK:
        return [np.arange(count)]
    lo = centres.min(axis=0)
    span = np.maximum(centres.max(axis=0) - lo, 1e-12)
    cells = np.clip(((centres - lo) / span * 1023).astype(np.int64), 0, 1023)
    order = np.argsort(_interleave(cells[:, 0]) | (_interleave(cells[:, 1]) << 1), kind="stable")
    cuts, paths, vertices = [], 0, 0
    for position, length in enumerate(lengths[order].tolist()):
        if paths and (paths == PATHS_PER_CHUNK or vertices + length > VERTICES_PER_CHUNK):
            cuts.append(position)
            paths, vertices = 0, 0
        paths += 1
        vertices += length
    return np.split(order, cuts)


def _interleave(values: np.ndarray) -> np.ndarray:
    """Spreads the bits of 10-bit integers apart (Morton code)."""
    v = values & 0x3FF
    v = (v | (v << 16)) & 0x030000FF
    v = (v | (v << 8)) & 0x0300F00F
    v = (v | (v << 4)) & 0x030C30C3
    v = (v | (v << 2)) & 0x09249249
    return v


class _SnapCollector:
    """Snap geometry as it arrives, in flat arrays (no object per shape), packed at the end."""

    def __init__(self):
        self.lines = array("d")           # x0, y0, x1, y1, layer per line
        self.points = array("d")          # x, y, layer
        self.centres = array("d")         # x, y, layer
        # The vertices of all polylines, one after another: in a temporary file until
        # written (as big as the drawing's paths, they would add to the drawing's peak).
        self.polyline_xy = tempfile.TemporaryFile()
        self.polyline_length = array("q")
        self.polyline_layer = array("i")
        self.polyline_straight = array("b")

    def add_lines(self, lines: np.ndarray, layers: np.ndarray) -> None:
        self.lines.frombytes(np.hstack((lines, layers[:, None])).astype(np.float64).tobytes())

    def add_centres(self, centres: np.ndarray, layers: np.ndarray) -> None:
        self.centres.frombytes(np.hstack((centres, layers[:, None])).astype(np.float64).tobytes())

    def add_polylines(self, xy: np.ndarray, lengths: np.ndarray, layers: np.ndarray,
                      straight: np.ndarray) -> None:
        self.polyline_xy.write(np.ascontiguousarray(xy, np.float64).data)
        self.polyline_length.frombytes(np.asarray(lengths, np.int64).tobytes())
        self.polyline_layer.frombytes(np.asarray(layers, np.int32).tobytes())
        self.polyline_straight.frombytes(np.asarray(straight, np.int8).tobytes())

    def add_polyline(self, xy: np.ndarray, layer: int, straight: bool) -> None:
        self.add_polylines(xy, np.array([len(xy)]), np.array([layer]), np.array([straight]))

    def write(self, writer: SheetWriter) -> None:
        """Writes the SnapGeometry's arrays a slice at a time: whole, the biggest of them
        would come on top of everything recorded. The collector is left empty."""
        lines = np.frombuffer(self.lines, np.float64).reshape(-1, 5)
        line_layer = lines[:, 4].astype(np.int32)
        self.polyline_xy.seek(0)
        xy = np.fromfile(self.polyline_xy, np.float64).reshape(-1, 2)
        self.polyline_xy.close()
        lengths = np.frombuffer(self.polyline_length, np.int64)
        vertex_layer = np.repeat(np.frombuffer(self.polyline_layer, np.int32), lengths)
        vertex_straight = np.repeat(np.frombuffer(self.polyline_straight, np.int8) != 0, lengths)
        ends = np.cumsum(lengths)
        last = np.zeros(len(xy), bool)
        last[ends - 1] = True
        first = np.zeros(len(xy), bool)
        first[ends - lengths] = True
        # Vertex indices: where a segment starts, a straight one starts, and snapping ends.
        segment_start = np.nonzero(~last)[0].astype(np.int32)
        straight_segment = segment_start[vertex_straight[segment_start]]
        at_end = np.nonzero(vertex_straight | first | last)[0].astype(np.int32)  # curves: ends
        del first, last, vertex_straight, ends
        points = np.frombuffer(self.points, np.float64).reshape(-1, 3)
        count = len(lines) + len(segment_start)
        writer.array_in_parts("snap.segments", np.float64, (count, 4), chain(
            (part[:, :4] for part in _slices(lines)),
            (np.hstack((xy[part], xy[part + 1])) for part in _slices(segment_start))))
        writer.array_in_parts("snap.segment_layer", np.int32, (count,), chain(
            [line_layer], (vertex_layer[part] for part in _slices(segment_start))))
        count = 2 * len(lines) + len(at_end) + len(points)
        writer.array_in_parts("snap.endpoints", np.float64, (count, 2), chain(
            (part[:, 0:2] for part in _slices(lines)), (part[:, 2:4] for part in _slices(lines)),
            (xy[part] for part in _slices(at_end)), [points[:, :2]]))
        writer.array_in_parts("snap.endpoint_layer", np.int32, (count,), chain(
            [line_layer, line_layer], (vertex_layer[part] for part in _slices(at_end)),
            [points[:, 2].astype(np.int32)]))
        count = len(lines) + len(straight_segment)
        writer.array_in_parts("snap.midpoints", np.float64, (count, 2), chain(
            ((part[:, 0:2] + part[:, 2:4]) / 2.0 for part in _slices(lines)),
            ((xy[part] + xy[part + 1]) / 2.0 for part in _slices(straight_segment))))
        writer.array_in_parts("snap.midpoint_layer", np.int32, (count,), chain(
            [line_layer], (vertex_layer[part] for part in _slices(straight_segment))))
        centres = np.frombuffer(self.centres, np.float64).reshape(-1, 3)
        writer.array("snap.centres", centres[:, :2])
        writer.array("snap.centre_layer", centres[:, 2].astype(np.int32))
        del lines, xy, lengths, points, centres    # views of what is emptied now
        self.__init__()


def _slices(array: np.ndarray, rows: int = 1 << 16) -> Iterator[np.ndarray]:
    for first in range(0, len(array), rows):
        yield array[first:first + rows]


class _RecordingBackend(BackendInterface):
    """Receives the frontend's output and files it by style group."""

    def __init__(self, layer_index: Callable[[str], int]):
        self.layer_index = layer_index
        self.group_ids: dict[StyleGroup, int] = {}
        self.strokes = _PathCollector()
        self.fills = _PathCollector()
        self.points: list[tuple[float, float, int]] = []
        self.images: list[RasterImage] = []
        self.drawing_text = False

    def group(self, properties, kind: str) -> int:
        key = StyleGroup(self.layer_index(properties.layer), properties.color,
                         float(properties.lineweight) if kind == STROKE else 0.0, kind)
        group = self.group_ids.get(key)
        if group is None:
            group = self.group_ids[key] = len(self.group_ids)
        return group

    # -- BackendInterface --
    def configure(self, config) -> None:
        pass

    def enter_entity(self, entity, properties) -> None:
        pass

    def exit_entity(self, entity) -> None:
        pass

    def set_background(self, color) -> None:
        pass

    def draw_point(self, pos, properties) -> None:
        self.points.append((pos.x, pos.y, self.group(properties, STROKE)))

    def draw_line(self, start, end, properties) -> None:
        self.strokes.add_line(self.group(properties, STROKE), start.x, start.y, end.x, end.y)

    def draw_solid_lines(self, lines, properties) -> None:
        flat = [(s.x, s.y, e.x, e.y) for s, e in lines]
        if not flat:
            return
        xy = np.array(flat, np.float64).reshape(-1, 2)
        elements = np.tile(np.array((MOVE, LINE), np.int8), len(flat))
        self.strokes.add(self.group(properties, STROKE), xy, elements)

    def draw_path(self, path, properties) -> None:
        xy, elements = path_elements(path)
        self.strokes.add(self.group(properties, STROKE), xy, elements)

    def draw_filled_paths(self, paths, properties) -> None:
        paths = [path for path in paths if len(path.np_vertices()) > 2]
        if not paths:
            return
        xy, elements = joined_path_elements(paths)
        if len(paths) == 1 and not self.drawing_text and (elements == MOVE).sum() == 1:
            if signed_area(xy) < 0:   # one ring: counter-clockwise, so rings union
                xy, elements = reversed_ring(xy, elements)
            self.fills.add(self.group(properties, FILL), xy, elements)
            return
        self.fills.add(self.group(properties, FILL if self.drawing_text else FILL_EVEN_ODD),
                       xy, elements)

    def fill_text(self, xy: np.ndarray, elements: np.ndarray, properties) -> None:
        """A text's glyph outlines as one path, as draw_filled_paths fills them."""
        self.fills.add(self.group(properties, FILL), xy, elements)

    def draw_filled_polygon(self, points, properties) -> None:
        xy = np.asarray(points.np_vertices(), np.float64)
        if len(xy) < 3:
            return
        if signed_area(xy) < 0:
            xy = xy[::-1].copy()
        elements = np.full(len(xy), LINE, np.int8)
        elements[0] = MOVE
        self.fills.add(self.group(properties, FILL), xy, elements)

    def draw_image(self, image_data: ImageData, properties) -> None:
        rgba = image_data.image
        if rgba.ndim != 3 or rgba.shape[2] != 4:
            return
        step = max(1, math.ceil(max(rgba.shape[:2]) / MAX_IMAGE_SIDE))
        rgba = np.ascontiguousarray(rgba[::step, ::step])
        m = image_data.flip_matrix() @ image_data.transform
        transform = np.array([[m[0, 0] * step, m[1, 0] * step, m[3, 0]],
                              [m[0, 1] * step, m[1, 1] * step, m[3, 1]],
                              [0.0, 0.0, 1.0]])
        self.images.append(RasterImage(rgba, transform, self.group(properties, FILL)))

    def clear(self) -> None:
        pass

    def finalize(self) -> None:
        pass


class _SnapStage(RenderStage2d):
    """Records the undashed geometry before the linetype stage breaks it into dashes."""

    def __init__(self, snap: _SnapCollector, layer_index: Callable[[str], int],
                 backend: _RecordingBackend, next_stage: RenderStage2d):
        self.snap = snap
        self.layer_index = layer_index
        self.backend = backend
        self.next_stage = next_stage
        self.flattening_distance = 0.01

    def set_config(self, config) -> None:
        self.flattening_distance = config.max_flattening_distance

    def draw_point(self, pos, properties) -> None:
        self.snap.points.extend((pos.x, pos.y, self.layer_index(properties.layer)))
        self.next_stage.draw_point(pos, properties)

    def draw_line(self, start, end, properties) -> None:
        self.snap.lines.extend((start.x, start.y, end.x, end.y,
                                self.layer_index(properties.layer)))
        self.next_stage.draw_line(start, end, properties)

    def draw_solid_lines(self, lines, properties) -> None:
        # Hatch pattern lines: drawn, but not snap targets (they would drown the outlines).
        self.next_stage.draw_solid_lines(lines, properties)

    def draw_path(self, path, properties) -> None:
        if not self.backend.drawing_text and len(path):
            layer = self.layer_index(properties.layer)
            for sub_path in (path.sub_paths() if path.has_sub_paths else (path,)):
                vertices = np.asarray(sub_path.np_vertices(), np.float64)
                if len(vertices) < 2:
                    continue
                if sub_path.has_curves:
                    size = max(float(np.ptp(vertices, axis=0).max()), 1e-9)
                    xy = np.array([(v.x, v.y) for v in sub_path.flattening(size / 64)])
                    self.snap.add_polyline(xy, layer, False)
                else:
                    self.snap.add_polyline(vertices, layer, True)
        self.next_stage.draw_path(path, properties)

    def draw_filled_paths(self, paths, properties) -> None:
        self.next_stage.draw_filled_paths(paths, properties)

    def draw_filled_polygon(self, points, properties) -> None:
        self.next_stage.draw_filled_polygon(points, properties)

    def draw_image(self, image_data, properties) -> None:
        self.next_stage.draw_image(image_data, properties)


class _Pipeline(RenderPipeline2d):
    """ezdxf's 2D pipeline with our snap stage, circle centres, and Arabic text shaped."""

    def __init__(self, backend: _RecordingBackend, snap: _SnapCollector,
                 model_space: ModelSpaceEntities | None = None):
        self.snap = snap
        super().__init__(backend)
        self.recorder = backend
        self.arabic_face = None
        self.model_space = model_space

    def draw_viewport(self, vp, layout_ctx, bbox_cache=None) -> None:
        if self.model_space is None:
            super().draw_viewport(vp, layout_ctx, bbox_cache)
            return
        # A streamed model space is not in the document: all of it goes through the
        # viewport's clipping (ezdxf would only skip what lies wholly outside).
        if vp.doc is None:
            return
        try:
            vp.get_modelspace_limits()
        except ValueError:  # modelspace limits not detectable: ezdxf draws nothing
            return
        if self.enter_viewport(vp):
            self.draw_entities(layout_ctx.from_viewport(vp), self.model_space())
            self.exit_viewport()

    def build_render_pipeline(self) -> RenderStage2d:
        backend_stage = BackendStage2d(self.backend, converter=self.get_backend_properties)
        linetype_stage = LinetypeStage2d(self.config, get_ltype_scale=self.get_vp_ltype_scale,
                                         next_stage=backend_stage)
        snap_stage = _SnapStage(self.snap, self.backend.layer_index, self.backend, linetype_stage)
        return ClippingStage2d(self.config, self.clipping_portal, next_stage=snap_stage)

    def enter_entity(self, entity, properties) -> None:
        super().enter_entity(entity, properties)
        if entity.dxftype() in ("CIRCLE", "ARC", "ELLIPSE") and self.current_vp_scale == 1.0 \
                and not self.clipping_portal.is_active:
            center = entity.dxf.center
            if entity.dxftype() != "ELLIPSE":
                center = entity.ocs().to_wcs(center)
            self.snap.centres.extend((center.x, center.y,
                                      self.recorder.layer_index(properties.layer)))

    def draw_text(self, text: str, transform: Matrix44, properties, cap_height: float,
                  dxftype: str = "TEXT") -> None:
        text = _readable(text)
        if has_arabic(text):
            text = visual_order(text)
            properties.font = self._arabic_font_face() or properties.font
        if self._filled_from_glyph_arrays(text, transform, properties, cap_height, dxftype):
            return
        self.recorder.drawing_text = True
        try:
            super().draw_text(text, transform, properties, cap_height, dxftype)
        finally:
            self.recorder.drawing_text = False

    def _filled_from_glyph_arrays(self, text: str, transform: Matrix44, properties,
                                  cap_height: float, dxftype: str) -> bool:
        """Fills the text as ezdxf does, from glyph arrays kept per font: ezdxf copies and
        transforms a path per glyph, most of the cost of a drawing's MTEXT. False where
        ezdxf draws it (stroke fonts, a kerning font, a viewport's clipping, other text
        policies)."""
        if self.config.text_policy != TextPolicy.FILLING or self.clipping_portal.is_active \
                or not text.strip():
            return False
        engine = outline_glyphs(self.text_engine.get_font(
            properties.font or self.default_font_face))
        if engine is None:
            return False
        try:
            xy, elements = text_outline(engine, prepare_string_for_rendering(text, dxftype),
                                        cap_height)
        except (RuntimeError, ValueError):   # as ezdxf: a glyph that cannot be read
            return True
        if len(xy):
            m = transform
            placed = np.empty_like(xy)
            placed[:, 0] = xy[:, 0] * m[0, 0] + xy[:, 1] * m[1, 0] + m[3, 0]
            placed[:, 1] = xy[:, 0] * m[0, 1] + xy[:, 1] * m[1, 1] + m[3, 1]
            self.recorder.fill_text(placed, elements, self.get_backend_properties(properties))
        return True

    def _arabic_font_face(self):
        if self.arabic_face is None:
            try:
                self.arabic_face = fonts.font_manager.get_font_face(arabic_font().name)
            except PlanReviewError:
                return None
        return self.arabic_face


def _readable(text: str) -> str:
    """Text whose bytes did not decode in the file's encoding (surrogate escapes): tried as
    UTF-8 (mixed-encoding files), else as Windows-1252."""
    if not any("\udc80" <= c <= "\udcff" for c in text):
        return text
    raw = text.encode("utf-8", "surrogateescape")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", "replace")


# MTEXT attributes its layout depends on, besides its content, height, width and style
_MTEXT_LAYOUT_ATTRIBUTES = ("char_height", "line_spacing_factor", "width", "attachment_point",
                            "color", "true_color", "style", "bg_fill", "box_fill_scale",
                            "bg_fill_color", "bg_fill_true_color", "bg_fill_color_name")


def _mtext_layout_key(mtext, properties) -> tuple | None:
    """What an MTEXT's layout at the origin depends on; None where it is not worth keeping
    (columns) or the look cannot be compared (a filling)."""
    if mtext.has_columns or properties.filling is not None:
        return None
    return (mtext.text, *(mtext.dxf.get(name) for name in _MTEXT_LAYOUT_ATTRIBUTES),
            properties.color, properties.pen, properties.linetype_name,
            tuple(properties.linetype_pattern), properties.linetype_scale,
            properties.lineweight, properties.is_visible, properties.layer, properties.font,
            properties.units)


class _LaidOutMText:
    """What ezdxf's MTEXT layout draws, recorded in the MTEXT's own coordinates (it stands
    in for the pipeline while the layout renders), and drawn again anywhere."""

    def __init__(self):
        self.calls: list[tuple] = []

    def draw_text(self, text, transform, properties, cap_height, dxftype="TEXT") -> None:
        self.calls.append(("text", text, transform, properties, cap_height, dxftype))

    def draw_line(self, start, end, properties) -> None:
        self.calls.append(("line", Vec3(start), Vec3(end), properties))

    def draw_filled_polygon(self, points, properties) -> None:
        self.calls.append(("polygon", Vec3.list(points), properties))

    def draw(self, pipeline, placement: Matrix44) -> None:
        for kind, *call in self.calls:
            if kind == "text":
                text, transform, properties, cap_height, dxftype = call
                pipeline.draw_text(text, transform * placement, properties, cap_height,
                                   dxftype)
            elif kind == "line":
                start, end, properties = call
                pipeline.draw_line(placement.transform(start), placement.transform(end),
                                   properties)
            else:
                points, properties = call
                pipeline.draw_filled_polygon(list(placement.transform_vertices(points)),
                                             properties)


class _Frontend(UniversalFrontend):
    """Counts what it skips or fails to draw, so the load report can say so.

    Every layer is drawn (the Layers dock hides them), so a dimension, leader or table is
    filed whole under its own layer: turning that layer off hides all of it, as a CAD program
    does, although the parts of its anonymous block sit on layer 0 or others.
    """

    def __init__(self, ctx, pipeline, config):
        super().__init__(ctx, pipeline, config)
        self.skipped: Counter[str] = Counter()
        self.failed: Counter[str] = Counter()
        self.failure_examples: dict[str, str] = {}
        self.composite_layers: list[str] = []  # layers of the composite entities being drawn
        self.mtext_layouts: dict[tuple, _LaidOutMText] = {}

    def draw_complex_mtext(self, mtext, properties) -> None:
        """As ezdxf draws it, laid out once per content and look: a drawing repeats its
        dimension figures and labels hundreds of times, and the layout is most of the cost."""
        key = _mtext_layout_key(mtext, properties)
        if key is None:
            super().draw_complex_mtext(mtext, properties)
            return
        laid_out = self.mtext_layouts.get(key)
        if laid_out is None:
            laid_out = _LaidOutMText()
            layout = ComplexMTextRenderer(self.ctx, laid_out, properties).layout_engine(mtext)
            layout.place(align=text_layout.LayoutAlignment(mtext.dxf.attachment_point))
            layout.render()   # in the MTEXT's own coordinates
            self.mtext_layouts[key] = laid_out
        laid_out.draw(self.pipeline, mtext.ucs().matrix)

    def draw_composite_entity(self, entity, properties) -> None:
        if isinstance(entity, Insert):  # a block reference's parts keep their own layers
            super().draw_composite_entity(entity, properties)
            return
        self.composite_layers.append(properties.layer)
        try:
            super().draw_composite_entity(entity, properties)
        finally:
            self.composite_layers.pop()

    def log_message(self, message: str) -> None:
        pass

    def skip_entity(self, entity, msg: str) -> None:
        if msg != "invisible":
            self.skipped[entity.dxftype()] += 1

    def draw_entity(self, entity, properties) -> None:
        if self.composite_layers:
            properties.layer = self.composite_layers[0]
        try:
            super().draw_entity(entity, properties)
        except RenderCancelled:
            raise
        except Exception as exc:  # one bad entity must not lose the drawing: counted, reported
            kind = entity.dxftype()
            self.failed[kind] += 1
            self.failure_examples.setdefault(kind, f"{type(exc).__name__}: {exc}"[:160])


def compile_layout(doc, layout: Layout, folder: Path, *, units: str, mm_per_unit: float | None,
                   on_entity: ProgressCallback | None = None,
                   model_space: ModelSpaceEntities | None = None,
                   plain: PlainDrawing | None = None) -> list[str]:
    """Draws one layout through the frontend and writes it into `folder` as a compiled sheet
    (CompiledSheet.load reads it); returns its warnings. `model_space`: when the document
    was loaded without its model space, its entities as they are read, for the model-space
    sheet and each viewport onto it. `plain`: the model space's plain geometry, split out
    of the file before ezdxf read it (native.py), drawn with the rest of the model space."""
    layer_names: list[str] = []
    layer_lookup: dict[str, int] = {}

    def layer_index(name: str) -> int:
        key = name.casefold()
        index = layer_lookup.get(key)
        if index is None:
            index = layer_lookup[key] = len(layer_names)
            layer_names.append(name)
        return index

    ctx = RenderContext(doc)
    initially_visible: set[str] = set()
    layer_colors: dict[str, str] = {}

    def show_every_layer(layers) -> None:
        # Every layer is compiled so the Layers dock can turn hidden ones on.
        for layer in layers:
            key = layer.layer.casefold()
            layer_colors[key] = _layer_color(layer)
            if layer.is_visible:
                initially_visible.add(key)
            layer.is_visible = True

    ctx.set_layer_properties_override(show_every_layer)
    backend = _RecordingBackend(layer_index)
    snap = _SnapCollector()
    pipeline = _Pipeline(backend, snap, model_space)
    frontend = _Frontend(ctx, pipeline, RENDER_CONFIG)
    counts: Counter[int] = Counter()
    drawn = 0

    def visit(entity) -> bool:
        nonlocal drawn
        drawn += 1
        counts[layer_index(entity.dxf.get("layer", "0"))] += 1
        if on_entity is not None and drawn % 256 == 0:
            on_entity(drawn)
        return True

    if model_space is not None and layout.name.lower() == "model":
        frontend.draw_layout(layout, finalize=False)   # the layout's setup; it holds nothing
        frontend.draw_entities(model_space(), filter_func=visit)
        pipeline.finalize()
    elif plain is not None and layout.name.lower() == "model":
        frontend.draw_layout(layout, finalize=False, filter_func=visit)
        plain.draw(ctx, pipeline, backend, snap, layer_index)
        plain.release()     # its arrays are in the collectors now
        for name, count in plain.top_level_layers.items():
            counts[layer_index(name)] += count
            drawn += count
        if on_entity is not None:
            on_entity(drawn)
        pipeline.finalize()
    else:
        frontend.draw_layout(layout, finalize=True, filter_func=visit)

    # Each collector is packed, written and emptied in turn, its garbage handed back before
    # the next one's arrays are made: the packed sheet is several times the size of the file.
    writer = SheetWriter(folder)
    snap.write(writer)
    _return_freed_memory()
    group_list = sorted(backend.group_ids, key=backend.group_ids.get)
    layers = [LayerInfo(name, layer_colors.get(name.casefold(), "#000000"),
                        name.casefold() in initially_visible or name.casefold() not in
                        layer_colors, counts.get(i, 0))
              for i, name in enumerate(layer_names)]
    order = list(range(len(group_list)))
    strokes = backend.strokes.pack(order)
    writer.arrays("strokes", strokes)
    _return_freed_memory()
    fills = backend.fills.pack(order)
    writer.arrays("fills", fills)
    _return_freed_memory()
    if backend.points:
        point_array = np.array(backend.points, np.float64)
        points, point_group = point_array[:, :2].copy(), point_array[:, 2].astype(np.int32)
    else:
        points, point_group = np.zeros((0, 2)), np.zeros(0, np.int32)
    writer.array("points", points)
    writer.array("point_group", point_group)
    for image in backend.images:
        writer.image(image)
    extents, far_away = _extents(strokes, fills, points, backend.images)
    far_away += backend.strokes.far_away + backend.fills.far_away

    def vertex_slices():
        yield from strokes.vertex_slices()
        yield from fills.vertex_slices()
        yield points

    writer.finish(
        name=layout.name, units=units, mm_per_unit=mm_per_unit, extents=extents,
        content_extents=content_extents(
            vertex_slices, len(strokes.xy) + len(fills.xy) + len(points), extents,
            boxed=lambda: [(paths.chunk_bbox, lambda c, paths=paths: paths.chunk_vertices(c)[0])
                           for paths in (strokes, fills)] + [
                (np.hstack((points, points)), lambda i: points[i:i + 1])]),
        entity_count=drawn, layers=layers, groups=group_list)
    warnings = []
    if far_away:
        warnings.append(LoadWarning(
            f"{layout.name}: {far_away} shape(s) lie absurdly far away (beyond"
            f" {MAX_COORDINATE:g} drawing units) and are not shown", WarningCode.FAR_AWAY,
            sheet=layout.name, count=far_away, limit=f"{MAX_COORDINATE:g}"))
    for kind, count in sorted(frontend.skipped.items()):
        warnings.append(LoadWarning(
            f"{layout.name}: {count} {kind} entit{'y was' if count == 1 else 'ies were'}"
            " not drawn (not supported by the drawing engine)", WarningCode.NOT_SUPPORTED,
            sheet=layout.name, count=count, kind=kind))
    for kind, count in sorted(frontend.failed.items()):
        error = frontend.failure_examples[kind]
        warnings.append(LoadWarning(
            f"{layout.name}: {count} {kind} entit{'y' if count == 1 else 'ies'} could"
            f" not be drawn ({error})", WarningCode.NOT_DRAWN,
            sheet=layout.name, count=count, kind=kind, error=error))
    return warnings


def _malloc_trim():
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):   # not glibc: its allocator returns memory itself
        return None


_MALLOC_TRIM = _malloc_trim() if sys.platform.startswith("linux") else None


def _return_freed_memory() -> None:
    """Hands the heap's free pages back to the system (glibc keeps them otherwise)."""
    if _MALLOC_TRIM is not None:
        _MALLOC_TRIM(0)


def _layer_color(layer_properties) -> str:
    color = layer_properties.color
    return color[:7] if isinstance(color, str) and color.startswith("#") else "#000000"


def _extents(strokes: PathSet, fills: PathSet, points: np.ndarray, images: list[RasterImage]
             ) -> tuple[tuple[float, float, float, float], int]:
    """The geometry's extents (not the header's: $EXTMIN/$EXTMAX are often stale or 1e20),
    and how many chunks were left out for lying absurdly far away."""
    boxes = [b for b in (strokes.chunk_bbox, fills.chunk_bbox) if len(b)]
    if len(points):
        boxes.append(np.hstack((points, points)))
    for image in images:
        h, w = image.rgba.shape[:2]
        corners = np.array([[0, 0, 1], [w, 0, 1], [0, h, 1], [w, h, 1]], np.float64)
        xy = (image.transform @ corners.T).T[:, :2]
        boxes.append(np.array([[*xy.min(axis=0), *xy.max(axis=0)]]))
    if not boxes:
        return (0.0, 0.0, 0.0, 0.0), 0
    all_boxes = np.concatenate(boxes)
    sane = np.isfinite(all_boxes).all(axis=1) & (np.abs(all_boxes) <= MAX_COORDINATE).all(axis=1)
    far_away = int((~sane).sum())
    all_boxes = all_boxes[sane]
    if not len(all_boxes):
        return (0.0, 0.0, 0.0, 0.0), far_away
    return (float(all_boxes[:, 0].min()), float(all_boxes[:, 1].min()),
            float(all_boxes[:, 2].max()), float(all_boxes[:, 3].max())), far_away
