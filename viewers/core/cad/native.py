"""Drawing the plain geometry that dxf_scan split out of a DXF, from arrays.

Lines stay lines; arcs, circles and polyline bulges become cubic Béziers (at most a quarter
turn each, as ezdxf makes them); solid hatches and wide polylines become filled rings,
pattern hatches their dashes, TEXT its glyph outlines; so the compiled sheet holds what
ezdxf's frontend would have recorded (tests/viewers/cad/test_plain_geometry.py compares).
Styles are resolved by ezdxf's own RenderContext, once per distinct combination of layer,
colour, line type, lineweight and transparency (and, inside a block, per state of the
insert drawing it), so ByLayer, ByBlock and layer 0 in blocks mean what they mean to ezdxf.
A block's geometry is built once and moved into place for all its inserts together.
"""
from __future__ import annotations

import dataclasses
import math
from array import array
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from ezdxf.entities import Insert, Line

from viewers.core.cad.compiled import (
    CURVE,
    CURVE_DATA,
    FILL,
    FILL_EVEN_ODD,
    LINE,
    MOVE,
    STROKE,
)
from viewers.core.cad.dxf_scan import (
    EXTERNAL_LOOP,
    OUTERMOST_LOOP,
    TEXTBOX_LOOP,
    Container,
    DxfTags,
    PlainSplit,
    ScanUnsupported,
    hatch_boundary,
)

MAX_NESTING = 32           # deeper block nesting is a cycle in the file
SNAP_STEPS_PER_CURVE = 8   # snap polylines sample each Bézier (a quarter turn at most) so often
STYLE_CODES = ((8, b"0"), (62, 256), (420, -1), (6, b"BYLAYER"), (370, -1), (440, -1))


@dataclass
class Geometry:
    """Plain geometry of one container in its own coordinates, styles as indices."""

    styles: list[tuple]            # (layer, colour, true colour, line type, lineweight, alpha)
    lines: np.ndarray              # (n, 4): x0, y0, x1, y1
    line_style: np.ndarray
    xy: np.ndarray                 # path vertices, one path after another
    elements: np.ndarray           # Qt element types per vertex
    path_length: np.ndarray
    path_style: np.ndarray
    path_straight: np.ndarray      # no curves: its vertices are snap endpoints
    centres: np.ndarray            # circle and arc centres
    centre_style: np.ndarray
    fill_xy: np.ndarray            # solid hatches (several rings: even-odd) and wide polylines
    fill_elements: np.ndarray
    fill_length: np.ndarray
    fill_style: np.ndarray
    fill_even_odd: np.ndarray      # else a single ring, counter-clockwise
    pattern_lines: np.ndarray      # (n, 4) dashes of pattern hatches: drawn, not snapped to
    pattern_style: np.ndarray
    texts: np.ndarray              # TEXT strings (object array)
    text_place: np.ndarray         # (n, 5): insert x, y, height, rotation (deg), width factor
    text_font: np.ndarray          # text style names (object array)
    text_style: np.ndarray
    inserts: list[tuple]           # (block key, 3x3 matrix, style index) of plain inserts

    def moved(self, matrices: np.ndarray):
        """Lines, path vertices, centres, fill vertices and pattern lines under each of the
        (k, 3, 3) matrices, copies one after another."""
        def apply(points: np.ndarray) -> np.ndarray:
            return _apply(matrices, points)

        lines = apply(self.lines.reshape(-1, 2)).reshape(-1, 4)
        pattern_lines = apply(self.pattern_lines.reshape(-1, 2)).reshape(-1, 4)
        return lines, apply(self.xy), apply(self.centres), apply(self.fill_xy), pattern_lines


_IDENTITY = np.eye(3)


def _apply(matrices: np.ndarray, points: np.ndarray) -> np.ndarray:
    """The (n, 2) points under each of the (k, 3, 3) matrices, copies one after another
    (under the identity alone: the points themselves, not a copy of the whole drawing)."""
    if len(matrices) == 1 and np.array_equal(matrices[0], _IDENTITY):
        return points
    linear, shift = matrices[:, :2, :2], matrices[:, :2, 2]
    return (np.einsum("kij,nj->kni", linear, points) + shift[:, None, :]).reshape(-1, 2)


@dataclass
class TextPaths:
    """Glyph outlines of a container's texts: one path per text (all its glyphs, filled
    nonzero) for outline fonts; one per glyph, stroked, for stroke fonts."""

    xy: np.ndarray
    elements: np.ndarray
    lengths: np.ndarray
    style: np.ndarray
    stroke: np.ndarray

    @classmethod
    def empty(cls) -> TextPaths:
        return cls(np.zeros((0, 2)), np.zeros(0, np.int8), np.zeros(0, np.int64),
                   np.zeros(0, np.int64), np.zeros(0, bool))


TEXT_BATCH_CHARACTERS = 4096   # glyphs laid out at a time (a glyph is some 60 vertices)
# Glyph outlines as path arrays per font engine (kept with it): char -> xy, kinds, advance.
_GLYPHS: dict[int, tuple[object, dict[str, tuple]]] = {}


class _TextLayout:
    """A container's texts laid out as ezdxf lays out a left-aligned single-line TEXT:
    glyphs side by side by their advance widths at the cap height, scaled by the width
    factor, rotated and moved to the insert point; fonts as its RenderContext resolves the
    text styles. The glyphs come in batches, so a drawing's worth of text outlines (many
    times the size of the file) is never in memory at once."""

    def __init__(self, geometry: Geometry, ctx, pipeline):
        from ezdxf.entities import Text
        from ezdxf.fonts import fonts

        self.geometry = geometry
        font_of: dict[str, object] = {}
        self.by_font: dict[str, list[int]] = {}
        place = geometry.text_place
        for i, style_name in enumerate(geometry.text_font.tolist()):
            if style_name not in font_of:
                stand_in = Text()
                stand_in.dxf.unprotected_set("style", style_name)
                face = ctx.resolve_font(stand_in) or pipeline.default_font_face
                font_of[style_name] = pipeline.text_engine.get_font(face)
            if place[i, 2] >= 1e-9:     # ezdxf skips lower text
                self.by_font.setdefault(style_name, []).append(i)
        self.font_of = font_of
        self.stroke = np.array([font_of[name].font_render_type == fonts.FontRenderType.STROKE
                                for name in geometry.text_font.tolist()], bool)

    def batches(self):
        """TextPaths a batch of texts at a time."""
        texts = self.geometry.texts
        for style_name, members in self.by_font.items():
            font = self.font_of[style_name]
            batch, characters = [], 0
            for i in members:
                batch.append(i)
                characters += len(texts[i])
                if characters >= TEXT_BATCH_CHARACTERS:
                    yield self._laid_out(font, batch)
                    batch, characters = [], 0
            if batch:
                yield self._laid_out(font, batch)

    def _laid_out(self, font, members: list[int]) -> TextPaths:
        geometry = self.geometry
        engine = outline_glyphs(font)
        if engine is None:
            return TextPaths(*_text_paths_one_by_one(geometry, members, font,
                                                     bool(self.stroke[members[0]])))
        glyph_xy, glyph_elements, glyph_index = [], [], {}
        inst_glyph, inst_text, inst_advance = [], [], []
        for i in members:
            advance = 0.0
            for char in geometry.texts[i]:
                found = glyph_arrays(engine, char)
                if len(found[0]):
                    g = glyph_index.get(char)
                    if g is None:
                        g = glyph_index[char] = len(glyph_xy)
                        glyph_xy.append(found[0])
                        glyph_elements.append(found[1])
                    inst_glyph.append(g)
                    inst_text.append(i)
                    inst_advance.append(advance)
                advance += found[2]
        if not inst_glyph:
            return TextPaths.empty()
        sizes = np.array([len(xy) for xy in glyph_xy], np.int64)
        table_xy, table_elements = np.concatenate(glyph_xy), np.concatenate(glyph_elements)
        first = np.cumsum(sizes) - sizes
        inst_glyph = np.array(inst_glyph, np.int64)
        counts = sizes[inst_glyph]
        vertex = np.repeat(first[inst_glyph] - (np.cumsum(counts) - counts), counts) + \
            np.arange(int(counts.sum()))
        inst_text = np.array(inst_text, np.int64)
        place = geometry.text_place[inst_text]
        scale = place[:, 2] * engine.get_scaling_factor(1.0)
        angle = np.radians(place[:, 3])
        # Per glyph: x scale, y scale, rotation and position, then per vertex.
        x_scale = np.repeat(scale * place[:, 4], counts)
        y_scale = np.repeat(scale, counts)
        raw = table_xy[vertex]
        x = (raw[:, 0] + np.repeat(np.array(inst_advance), counts)) * x_scale
        y = (raw[:, 1] - engine.font_measurements.baseline) * y_scale
        cos, sin = np.repeat(np.cos(angle), counts), np.repeat(np.sin(angle), counts)
        xy = np.stack((np.repeat(place[:, 0], counts) + x * cos - y * sin,
                       np.repeat(place[:, 1], counts) + x * sin + y * cos), axis=1)
        # One path per text: its glyphs' vertices are consecutive.
        texts_drawn, first_glyph = np.unique(inst_text, return_index=True)
        glyph_vertices = np.add.reduceat(counts, first_glyph)
        return TextPaths(xy, table_elements[vertex], glyph_vertices,
                         geometry.text_style[texts_drawn], np.zeros(len(texts_drawn), bool))


def outline_glyphs(font):
    """The glyph engine of an outline font that lays glyphs side by side by their advance
    widths (no kerning table), for glyph_arrays; None for any other font."""
    from ezdxf.fonts import fonts
    from ezdxf.fonts.ttfonts import NoKerning

    engine = getattr(font, "glyph_cache", None)
    if font.font_render_type != fonts.FontRenderType.OUTLINE or \
            not hasattr(engine, "get_glyph_path") or \
            not isinstance(getattr(engine, "kerning", None), NoKerning):
        return None
    return engine


def glyph_arrays(engine, char: str) -> tuple[np.ndarray, np.ndarray, float]:
    """A glyph of an outline_glyphs engine, unscaled: (vertices, element types, advance
    width); no vertices where there is nothing to fill. Kept per engine."""
    from viewers.core.cad.compiler import path_elements

    glyphs = _GLYPHS.setdefault(id(engine), (engine, {}))[1]
    found = glyphs.get(char)
    if found is None:
        xy, kinds = path_elements(engine.get_glyph_path(char))
        if len(xy) <= 2:       # nothing to fill
            xy, kinds = np.zeros((0, 2)), np.zeros(0, np.int8)
        found = glyphs[char] = (xy, kinds, engine.get_glyph_width(char))
    return found


def text_outline(engine, text: str, cap_height: float) -> tuple[np.ndarray, np.ndarray]:
    """A line of text in an outline_glyphs engine as ezdxf lays it out before placing it:
    the glyphs side by side by their advance widths, scaled to the cap height, the baseline
    on y = 0. One path: (vertices, element types)."""
    xys, kinds, shifts, advance = [], [], [], 0.0
    for char in text:
        xy, elements, width = glyph_arrays(engine, char)
        if len(xy):
            xys.append(xy)
            kinds.append(elements)
            shifts.append(np.full(len(xy), advance))
        advance += width
    if not xys:
        return np.zeros((0, 2)), np.zeros(0, np.int8)
    scale = engine.get_scaling_factor(cap_height)
    xy = np.concatenate(xys)
    xy[:, 0] = (xy[:, 0] + np.concatenate(shifts)) * scale     # a copy: the table stays
    xy[:, 1] = (xy[:, 1] - engine.font_measurements.baseline) * scale
    return xy, np.concatenate(kinds)


def _text_paths_one_by_one(geometry: Geometry, members: list[int], font, stroke: bool):
    """Texts in a font without a glyph table (stroke fonts): ezdxf's glyph paths, each
    text's moved into place."""
    from viewers.core.cad.compiler import paths_elements

    xys, elements, lengths, styles = [], [], [], []
    for i in members:
        x, y, height, rotation, width = geometry.text_place[i]
        angle = math.radians(rotation)
        cos, sin = math.cos(angle), math.sin(angle)
        glyphs = paths_elements(font.text_glyph_paths(geometry.texts[i], height))
        glyphs = [(xy, kinds) for xy, kinds in glyphs if len(xy) > (1 if stroke else 2)]
        if not glyphs:
            continue
        if not stroke:      # one path per text, as the filled outlines are drawn
            glyphs = [(np.concatenate([g[0] for g in glyphs]),
                       np.concatenate([g[1] for g in glyphs]))]
        for xy, kinds in glyphs:
            gx, gy = xy[:, 0] * width, xy[:, 1]
            xys.append(np.stack((x + gx * cos - gy * sin, y + gx * sin + gy * cos), axis=1))
            elements.append(kinds)
            lengths.append(len(xy))
            styles.append(geometry.text_style[i])
    if not xys:
        return (np.zeros((0, 2)), np.zeros(0, np.int8), np.zeros(0, np.int64),
                np.zeros(0, np.int64), np.zeros(0, bool))
    return (np.concatenate(xys), np.concatenate(elements), np.array(lengths, np.int64),
            np.array(styles, np.int64), np.full(len(lengths), stroke))


def build_geometries(split: PlainSplit, containers: list[Container]) -> list[Geometry]:
    """Each container's geometry (in its own coordinates, before its base point is taken
    off). Computed for all containers at once, then handed out: per-call costs would add
    up over the hundreds of blocks of a converted DWG. Takes the split's tags: they are let
    go once read, before the geometry is computed (they are several times the size of the
    file)."""
    tags, split.tags, encoding = split.tags, None, split.encoding
    owner = np.full(len(tags.zero_tags), -1, np.int32)
    for index, container in enumerate(containers):
        owner[container.plain] = index
        owner[container.inserts] = index
    objects = np.sort(np.concatenate([c.plain for c in containers]))
    all_inserts = np.sort(np.concatenate([c.inserts for c in containers]))
    kinds = tags.object_names[objects]
    styles, style_of = _styles(tags, objects, encoding)
    styles, insert_style = _styles(tags, all_inserts, encoding, styles)

    def style(of: np.ndarray) -> np.ndarray:
        return style_of[np.searchsorted(objects, of)]

    # Everything the geometry needs is read first, so the tags (several times the size of
    # the file) are gone before it is computed.
    lines = objects[kinds == b"LINE"]
    line_xy = np.stack([tags.first_float(lines, code, 0.0) for code in (10, 20, 11, 21)],
                       axis=1) if len(lines) else np.zeros((0, 4))

    arcs = objects[(kinds == b"ARC") | (kinds == b"CIRCLE")]
    circle = tags.object_names[arcs] == b"CIRCLE"
    cx, cy = tags.first_float(arcs, 10, 0.0), tags.first_float(arcs, 20, 0.0)
    radius = tags.first_float(arcs, 40, 0.0)
    start = np.where(circle, 0.0, tags.first_float(arcs, 50, 0.0))
    end = np.where(circle, 360.0, tags.first_float(arcs, 51, 0.0))
    drawn = radius > 0
    arcs, cx, cy, radius, start, end, circle = (
        column[drawn] for column in (arcs, cx, cy, radius, start, end, circle))
    arc_flip = _flipped(tags, arcs)

    polylines = objects[kinds == b"LWPOLYLINE"]
    width = tags.first_float(polylines, 43, 0.0)
    wide, widths = polylines[width != 0], width[width != 0]
    wide_vertices, wide_flip = _polyline_vertices(tags, wide), _flipped(tags, wide)
    polylines = polylines[width == 0]
    bulged, poly_flip = _polyline_bulges(tags, polylines), _flipped(tags, polylines)

    hatches = objects[kinds == b"HATCH"]
    solid = tags.first_float(hatches, 70, 0.0) == 1.0
    hatch_flip = _flipped(tags, hatches)
    solid_loops = _hatch_loop_vertices(tags, hatches[solid])
    pattern_loops = _hatch_loop_vertices(tags, hatches[~solid])
    patterns = {hatch: hatch_boundary(tags, hatch).pattern
                for hatch in np.unique(pattern_loops.hatch).tolist()}

    solids = objects[kinds == b"SOLID"]
    solid_corners = np.stack([tags.first_float(solids, code, 0.0) for code in (
        10, 20, 30, 11, 21, 31, 12, 22, 32, 13, 23, 33)], axis=1).reshape(-1, 4, 3) \
        if len(solids) else np.zeros((0, 4, 3))
    solid_flip = _flipped(tags, solids)

    texts = objects[kinds == b"TEXT"]
    text_strings = np.array([raw.decode("ascii") for raw in tags.first_text(texts, 1, b"")],
                            dtype=object)
    text_place = np.stack([tags.first_float(texts, code, default) for code, default in
                           ((10, 0.0), (20, 0.0), (40, 2.5), (50, 0.0), (41, 1.0))], axis=1) \
        if len(texts) else np.zeros((0, 5))
    text_font = np.array([raw.decode(encoding, "surrogateescape") for raw in
                          tags.first_text(texts, 7, b"Standard")], dtype=object)

    matrices = _insert_matrices(tags, all_inserts)
    visible = (tags.first_float(all_inserts, 60, 0.0) == 0.0).tolist()
    insert_names = [raw.decode(encoding, "surrogateescape").casefold()
                    for raw in tags.first_text(all_inserts, 2, b"")]
    del tags     # all read

    sweep = np.where(circle, 360.0, np.mod(end - start, 360.0))
    arc_xy, arc_elements, arc_lengths = arc_paths(cx, cy, radius, np.radians(start),
                                                  np.radians(sweep))
    arc_xy[np.repeat(arc_flip, arc_lengths), 0] *= -1.0
    centres = np.stack((np.where(arc_flip, -cx, cx), cy), axis=1)

    band_xy, band_elements, band_lengths, band_objects = _bands(wide, wide_vertices, widths,
                                                                wide_flip)
    del wide_vertices
    poly_xy, poly_elements, poly_lengths, straight, used = bulge_paths(*bulged)
    del bulged
    polylines = polylines[used]
    poly_xy[np.repeat(poly_flip[used], poly_lengths), 0] *= -1.0

    path_objects = np.concatenate((arcs, polylines))
    paths = (np.concatenate((arc_xy, poly_xy)), np.concatenate((arc_elements, poly_elements)),
             np.concatenate((arc_lengths, poly_lengths)))
    path_straight = np.concatenate((np.zeros(len(arcs), bool), straight))
    del arc_xy, arc_elements, poly_xy, poly_elements

    def flipped(of: np.ndarray) -> np.ndarray:
        return hatch_flip[np.searchsorted(hatches, of)]

    fill_xy, fill_elements, fill_lengths, even_odd, fill_hatch = _hatch_fills(solid_loops,
                                                                              flipped)
    # Wide polylines are filled bands, and SOLIDs filled polygons: single rings among the
    # fills.
    solid_xy, solid_elements, solid_lengths = _solid_rings(solid_corners, solid_flip)
    fill_xy, fill_elements = np.concatenate((fill_xy, band_xy, solid_xy)), np.concatenate(
        (fill_elements, band_elements, solid_elements))
    fill_lengths = np.concatenate((fill_lengths, band_lengths, solid_lengths))
    even_odd = np.concatenate((even_odd, np.zeros(len(band_lengths) + len(solids), bool)))
    fill_hatch = np.concatenate((fill_hatch, band_objects, solids))
    del band_xy, band_elements, solid_loops, solid_xy, solid_elements
    pattern_lines, pattern_hatch = _hatch_patterns(pattern_loops, patterns, flipped)
    del pattern_loops

    count = len(containers)
    line_parts = _by_owner(owner[lines], count, line_xy, style(lines))
    path_parts = _paths_by_owner(owner[path_objects], count, *paths, style(path_objects),
                                 path_straight)
    centre_parts = _by_owner(owner[arcs], count, centres, style(arcs))
    fill_parts = _paths_by_owner(owner[fill_hatch], count, fill_xy, fill_elements,
                                 fill_lengths, style(fill_hatch), even_odd)
    pattern_parts = _by_owner(owner[pattern_hatch], count, pattern_lines, style(pattern_hatch))
    text_parts = _by_owner(owner[texts], count, text_strings, text_place, text_font,
                           style(texts))
    insert_lists: list[list] = [[] for _ in containers]
    for i, at in enumerate(owner[all_inserts].tolist()):
        if visible[i]:
            insert_lists[at].append((insert_names[i], matrices[i], int(insert_style[i])))
    return [Geometry(styles, *line_parts[i], *path_parts[i], *centre_parts[i],
                     *fill_parts[i][:4], fill_parts[i][4], *pattern_parts[i], *text_parts[i],
                     insert_lists[i])
            for i in range(count)]


def _by_owner(owner: np.ndarray, count: int, *columns: np.ndarray) -> list[tuple]:
    """Rows of the columns split by owner (0..count-1): a tuple of slices per owner."""
    order = np.argsort(owner, kind="stable")
    bounds = np.searchsorted(owner[order], np.arange(count + 1))
    columns = [column[order] for column in columns]
    return [tuple(column[bounds[i]:bounds[i + 1]] for column in columns)
            for i in range(count)]


def _paths_by_owner(owner: np.ndarray, count: int, xy: np.ndarray, elements: np.ndarray,
                    lengths: np.ndarray, *per_path: np.ndarray) -> list[tuple]:
    """Paths (vertices one path after another) split by owner: per owner (vertices,
    element types, lengths, *per_path columns)."""
    order = np.argsort(owner, kind="stable")
    first = np.cumsum(lengths) - lengths
    lengths = lengths[order]
    vertex_order = np.repeat(first[order] - (np.cumsum(lengths) - lengths), lengths) + \
        np.arange(int(lengths.sum()))
    xy, elements = xy[vertex_order], elements[vertex_order]
    per_path = [column[order] for column in per_path]
    bounds = np.searchsorted(owner[order], np.arange(count + 1))
    vertex_bounds = np.concatenate(([0], np.cumsum(lengths)))[bounds]
    return [(xy[vertex_bounds[i]:vertex_bounds[i + 1]],
             elements[vertex_bounds[i]:vertex_bounds[i + 1]],
             lengths[bounds[i]:bounds[i + 1]],
             *(column[bounds[i]:bounds[i + 1]] for column in per_path))
            for i in range(count)]


@dataclass
class HatchLoops:
    """Hatch boundary loops as read: vertices with bulges, one loop after another."""

    xy: np.ndarray
    bulges: np.ndarray
    per_loop: np.ndarray       # vertices of each loop
    hatch: np.ndarray          # the hatch of each loop


def _hatch_loop_vertices(tags: DxfTags, hatches: np.ndarray) -> HatchLoops:
    """The loops of the hatches that ezdxf draws (by the hatch style, text boxes left
    out), in the hatch's OCS."""
    styles = tags.first_float(hatches, 75, 0.0).astype(np.int64).tolist()
    xy, bulges, per_loop, hatch_of_loop = array("d"), array("d"), array("q"), array("q")
    for hatch, style in zip(hatches.tolist(), styles):
        boundary = hatch_boundary(tags, hatch)
        loops = boundary.loops if boundary is not None else []
        drawn_kinds = 3 if style == 0 else 2 if style == 1 else 1
        ranked = sorted((0 if loop.flags & EXTERNAL_LOOP else
                         1 if loop.flags & OUTERMOST_LOOP else 2, i, loop)
                        for i, loop in enumerate(loops))
        for kind, _, loop in ranked:
            if kind >= drawn_kinds or loop.flags & TEXTBOX_LOOP:
                continue
            xy += loop.xy
            bulges += loop.bulges
            if not loop.closed and len(loop.bulges):
                bulges[-1] = 0.0  # ezdxf closes every loop; an open one with a straight segment
            per_loop.append(len(loop.bulges))
            hatch_of_loop.append(hatch)
    return HatchLoops(np.frombuffer(xy, np.float64).reshape(-1, 2),
                      np.frombuffer(bulges, np.float64), np.frombuffer(per_loop, np.int64),
                      np.frombuffer(hatch_of_loop, np.int64))


def _hatch_loop_paths(loops: HatchLoops):
    """The loops, each closed, as paths: (vertices, element types, lengths, the hatch of
    each loop)."""
    if not len(loops.per_loop):
        return np.zeros((0, 2)), np.zeros(0, np.int8), np.zeros(0, np.int64), \
            np.zeros(0, np.int64)
    xy, elements, lengths, _, used = bulge_paths(
        loops.xy[:, 0], loops.xy[:, 1], loops.bulges, loops.per_loop,
        np.ones(len(loops.per_loop), bool))
    return xy, elements, lengths, loops.hatch[used]


def _hatch_fills(loops: HatchLoops, flipped: Callable[[np.ndarray], np.ndarray]):
    """Solid hatches as ezdxf fills them: one loop is a counter-clockwise ring, several an
    even-odd path. `flipped`: which of the hatches have extrusion -Z. Returns (vertices,
    element types, lengths, even-odd, the hatch of each path)."""
    xy, elements, lengths, hatch_of_loop = _hatch_loop_paths(loops)
    if not len(lengths):
        return xy, elements, lengths, np.zeros(0, bool), hatch_of_loop
    flip = flipped(hatch_of_loop)
    xy[np.repeat(flip, lengths), 0] *= -1.0
    # Loops of one hatch are consecutive: merged into one path where there are several.
    first = np.concatenate(([True], hatch_of_loop[1:] != hatch_of_loop[:-1]))
    path_of_loop = np.cumsum(first) - 1
    path_hatch = hatch_of_loop[first]
    path_length = np.bincount(path_of_loop, lengths).astype(np.int64)
    even_odd = np.bincount(path_of_loop) > 1
    keep = path_length > 2
    xy, elements = _counter_clockwise(xy, elements, path_length, ~even_odd)
    vertex_keep = np.repeat(keep, path_length)
    return (xy[vertex_keep], elements[vertex_keep], path_length[keep], even_odd[keep],
            path_hatch[keep])


def _hatch_patterns(loops: HatchLoops, patterns: dict[int, list],
                    flipped: Callable[[np.ndarray], np.ndarray]
                    ) -> tuple[np.ndarray, np.ndarray]:
    """Pattern hatches' lines as ezdxf's hatching draws them, from their loops and their
    pattern lines (`patterns`, per hatch): (lines (n, 4), the hatch of each line)."""
    xy, elements, lengths, hatch_of_loop = _hatch_loop_paths(loops)
    if not len(lengths):
        return np.zeros((0, 4)), np.zeros(0, np.int64)
    # Boundaries as polygons: curves in chords of under 3 degrees.
    flat, flat_lengths = flatten(xy, elements, lengths, steps=32)
    loop_first = np.cumsum(flat_lengths) - flat_lengths
    all_lines, line_hatch = [], []
    for hatch in np.unique(hatch_of_loop).tolist():
        loops = np.flatnonzero(hatch_of_loop == hatch)
        a = np.concatenate([flat[loop_first[i]:loop_first[i] + flat_lengths[i] - 1]
                            for i in loops.tolist()])
        b = np.concatenate([flat[loop_first[i] + 1:loop_first[i] + flat_lengths[i]]
                            for i in loops.tolist()])
        moved = (np.abs(b - a) > 1e-12).any(axis=1)    # zero-length edges are skipped
        lines = hatch_lines(a[moved], b[moved], patterns[hatch])
        if flipped(np.array([hatch]))[0]:
            lines[:, 0::2] *= -1.0
        all_lines.append(lines)
        line_hatch.append(np.full(len(lines), hatch, np.int64))
    return np.concatenate(all_lines), np.concatenate(line_hatch)


JIGGLE = 0.00065    # ezdxf moves pattern origins by a random 0.0003-0.001 of the mean offset


def hatch_lines(a: np.ndarray, b: np.ndarray, pattern: list) -> np.ndarray:
    """The dashes of a hatch pattern inside the polygon edges a -> b, as ezdxf's
    hatching computes them (intersections of each pattern line with the edges, paired by
    the even-odd rule, then cut into the line's dash pattern): (n, 4) x0, y0, x1, y1."""
    out = []
    if not pattern or not len(a):
        return np.zeros((0, 4))
    mean_offset = sum(math.hypot(*line.offset) for line in pattern) / len(pattern)
    jiggle = JIGGLE * mean_offset
    for line in pattern:
        angle = math.radians(line.angle)
        dx, dy = math.cos(angle), math.sin(angle)
        vx, vy = line.offset
        ox, oy = line.base[0] + jiggle, line.base[1] + jiggle
        normal = dx * vy - dy * vx
        da = (ox - a[:, 0]) * dy - (oy - a[:, 1]) * dx
        db = (ox - b[:, 0]) * dy - (oy - b[:, 1]) * dx
        low = np.ceil(np.minimum(da, db) / normal).astype(np.int64)
        high = np.ceil(np.maximum(da, db) / normal).astype(np.int64)
        count = np.maximum(high - low, 0)
        edge = np.repeat(np.arange(len(a)), count)
        k = np.repeat(low, count) + (np.arange(len(edge)) - np.repeat(np.cumsum(count) - count,
                                                                      count))
        dist = normal * k
        ea, eb = da[edge] - dist, db[edge] - dist
        side_a = np.where(np.abs(ea) < 1e-12, 0, np.sign(ea))
        side_b = np.where(np.abs(eb) < 1e-12, 0, np.sign(eb))
        factor = np.abs(ea / np.where(da[edge] == db[edge], 1.0, da[edge] - db[edge]))
        point = np.where((side_a == 0)[:, None], a[edge], np.where(
            (side_b == 0)[:, None], b[edge], a[edge] + (b[edge] - a[edge]) * factor[:, None]))
        hit = ((side_a == 0) ^ (side_b == 0)) | ((side_a != 0) & (side_b != 0) &
                                                   (side_a != side_b))
        point, k = point[hit], k[hit]
        order = np.lexsort((np.round(point[:, 1], 10), np.round(point[:, 0], 10), k))
        point, k = point[order], k[order]
        group_first = np.flatnonzero(np.concatenate(([True], k[1:] != k[:-1])))
        group_size = np.diff(np.append(group_first, len(k)))
        rank = np.arange(len(k)) - np.repeat(group_first, group_size)
        size = np.repeat(group_size, group_size)
        starts = np.flatnonzero((rank % 2 == 0) & (rank + 1 < size))
        segments = np.hstack((point[starts], point[starts + 1]))
        origins = np.stack((ox + vx * k[starts], oy + vy * k[starts]), axis=1)
        out.append(_dashed(segments, origins, (dx, dy), line.dashes))
    return np.concatenate(out)


def _dashed(segments: np.ndarray, origins: np.ndarray, direction: tuple[float, float],
            dashes: list[float]) -> np.ndarray:
    """Segments on pattern lines cut into the dash pattern that starts at each line's
    origin (ezdxf's PatternRenderer)."""
    length = math.fsum(abs(d) for d in dashes)
    if length < 1e-9:
        return segments
    d = np.array(direction)
    s, e = segments[:, :2], segments[:, 2:]
    backwards = (e - s) @ d < 0
    s, e = np.where(backwards[:, None], e, s), np.where(backwards[:, None], s, e)
    s_dist, e_dist = (s - origins) @ d, (e - origins) @ d
    first, last = np.floor(s_dist / length), np.floor(e_dist / length)
    repeats = (last - first + 1).astype(np.int64)
    seg = np.repeat(np.arange(len(segments)), repeats)
    index = np.repeat(first, repeats) + (np.arange(len(seg)) - np.repeat(
        np.cumsum(repeats) - repeats, repeats))
    pieces = []
    at = 0.0
    for dash in dashes:
        lo = index * length + at
        at += abs(dash)
        if dash < 0:
            continue
        hi = lo + dash
        clip_lo, clip_hi = np.maximum(lo, s_dist[seg]), np.minimum(hi, e_dist[seg])
        keep = clip_lo < clip_hi if dash > 0 else (lo >= s_dist[seg]) & (lo <= e_dist[seg])
        if dash == 0:
            clip_hi = clip_lo = lo
        o = origins[seg[keep]]
        pieces.append(np.hstack((o + clip_lo[keep, None] * d, o + clip_hi[keep, None] * d)))
    return np.concatenate(pieces) if pieces else np.zeros((0, 4))


def _counter_clockwise(xy: np.ndarray, elements: np.ndarray, lengths: np.ndarray,
                       rings: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The paths with the single rings among them (`rings`) turned counter-clockwise."""
    first = np.cumsum(lengths) - lengths
    following = np.arange(len(xy)) + 1
    following[first + lengths - 1] = first
    cross = xy[:, 0] * xy[following, 1] - xy[following, 0] * xy[:, 1]
    area = np.add.reduceat(cross, first) if len(first) else cross[:0]
    turn = np.flatnonzero(rings & (area < 0))
    if len(turn):
        xy, elements = xy.copy(), elements.copy()
        for path in turn.tolist():
            at = slice(first[path], first[path] + lengths[path])
            xy[at], elements[at] = reversed_ring(xy[at], elements[at])
    return xy, elements



def _styles(tags: DxfTags, objects: np.ndarray, encoding: str, styles: list | None = None
            ) -> tuple[list[tuple], np.ndarray]:
    """Each object's style as an index into `styles` (extended with new combinations).
    The columns are compared as arrays; only distinct combinations become Python tuples."""
    styles = [] if styles is None else styles
    index = {style: i for i, style in enumerate(styles)}
    if not len(objects):
        return styles, np.zeros(0, np.int64)
    columns = []
    for code, default in STYLE_CODES:
        if isinstance(default, bytes):
            column = tags.first_bytes(objects, code, default)
            if isinstance(column, list):
                column = np.array(column)
        else:
            column = tags.first_float(objects, code, default).astype(np.int64)
        columns.append(column)
    # Each column factorised, the codes combined into one integer per object.
    key = np.zeros(len(objects), np.int64)
    for column in columns:
        distinct_values, codes = np.unique(column, return_inverse=True)
        # re-numbered after each column, so the combined key never overflows
        key = np.unique(key * len(distinct_values) + codes.ravel(), return_inverse=True)[1]
    distinct, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    mapping = np.empty(len(distinct), np.int64)
    for i, row in enumerate(first.tolist()):
        raw = [column[row] for column in columns]
        style = tuple(value.decode(encoding, "surrogateescape") if isinstance(value, bytes)
                      else int(value) for value in raw)
        found = index.get(style)
        if found is None:
            found = index[style] = len(styles)
            styles.append(style)
        mapping[i] = found
    return styles, mapping[inverse.ravel()]


def _flipped(tags: DxfTags, objects: np.ndarray) -> np.ndarray:
    """Drawn in an OCS with extrusion -Z: x is mirrored into world coordinates."""
    return tags.first_float(objects, 230, 1.0) < 0


def arc_paths(cx, cy, radius, start, sweep) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Counter-clockwise arcs (radians) as cubic Bézier paths of at most a quarter turn per
    curve: (vertices, element types, vertices per path). A chunk of arcs at a time: the
    computation holds a dozen arrays per curve."""
    parts = [_arc_paths(*(column[first:first + ARC_CHUNK]
                          for column in (cx, cy, radius, start, sweep)))
             for first in range(0, max(len(cx), 1), ARC_CHUNK)]
    return tuple(np.concatenate(column) for column in zip(*parts))


def _arc_paths(cx, cy, radius, start, sweep) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    count = np.maximum(1, np.ceil(sweep / (math.pi / 2) - 1e-9)).astype(np.int64)
    arc_of_curve = np.repeat(np.arange(len(count)), count)
    nth = np.arange(len(arc_of_curve)) - np.repeat(np.cumsum(count) - count, count)
    step = (sweep / count)[arc_of_curve]
    a = start[arc_of_curve] + nth * step
    b = a + step
    xy, elements = _curves(cx[arc_of_curve], cy[arc_of_curve], radius[arc_of_curve], a, b,
                           count)
    return xy, elements, 1 + 3 * count


def _curves(cx, cy, r, a, b, count) -> tuple[np.ndarray, np.ndarray]:
    """Paths of consecutive Bézier curves approximating arcs from angle a to b; `count`
    curves per path, each path starting with a move to its first curve's start."""
    k = 4.0 / 3.0 * np.tan((b - a) / 4.0)
    cos_a, sin_a, cos_b, sin_b = np.cos(a), np.sin(a), np.cos(b), np.sin(b)
    p0 = np.stack((cx + r * cos_a, cy + r * sin_a), axis=1)
    p3 = np.stack((cx + r * cos_b, cy + r * sin_b), axis=1)
    p1 = p0 + (k * r)[:, None] * np.stack((-sin_a, cos_a), axis=1)
    p2 = p3 - (k * r)[:, None] * np.stack((-sin_b, cos_b), axis=1)
    paths = len(count)
    total = paths + 3 * len(a)
    xy = np.empty((total, 2))
    elements = np.empty(total, np.int8)
    path_start = np.cumsum(1 + 3 * count) - (1 + 3 * count)
    first_curve = np.cumsum(count) - count
    xy[path_start] = p0[first_curve]
    elements[path_start] = MOVE
    curve_of = np.arange(len(a))
    path_of = np.repeat(np.arange(paths), count)
    at = path_start[path_of] + 1 + 3 * (curve_of - first_curve[path_of])
    xy[at], xy[at + 1], xy[at + 2] = p1, p2, p3
    elements[at], elements[at + 1], elements[at + 2] = CURVE, CURVE_DATA, CURVE_DATA
    return xy, elements


def _polyline_vertices(tags: DxfTags, polylines: np.ndarray):
    """The LWPOLYLINEs' vertices, one polyline after another: (their x tags, x, y, the
    polyline of each, whether each polyline is closed)."""
    x_tags, owners = tags.with_code(10)
    inside = np.isin(owners, polylines)
    x_tags = x_tags[inside]
    if len(x_tags) and (x_tags[-1] + 1 >= len(tags) or (tags.codes[x_tags + 1] != 20).any()):
        raise ScanUnsupported("a polyline vertex without its y")
    poly = np.searchsorted(polylines, owners[inside])
    closed = (tags.first_float(polylines, 70, 0.0).astype(np.int64) & 1) == 1
    return x_tags, tags.floats(x_tags), tags.floats(x_tags + 1), poly, closed


def _polyline_bulges(tags: DxfTags, polylines: np.ndarray):
    """LWPOLYLINEs' vertices with their bulges, as bulge_paths takes them: (x, y, bulge,
    vertices per polyline, closed)."""
    x_tags, vx, vy, poly, closed = _polyline_vertices(tags, polylines)
    owner = polylines[poly]
    bulge = np.zeros(len(x_tags))
    b_tags, owners = tags.with_code(42)
    inside = np.isin(owners, polylines)
    b_tags, b_owner = b_tags[inside], owners[inside]
    if len(b_tags):
        vertex = np.searchsorted(x_tags, b_tags) - 1
        same = (vertex >= 0) & (owner[np.maximum(vertex, 0)] == b_owner)
        bulge[vertex[same]] = tags.floats(b_tags[same])
    return vx, vy, bulge, np.bincount(poly, minlength=len(polylines)), closed


PARALLEL = 0.031415    # ezdxf's traces join segments within this angle (rad) without a miter
BAND_CHUNK = 4096      # wide polylines computed at a time
POLYLINE_CHUNK = 8192  # polylines (and hatch loops) turned into paths at a time
ARC_CHUNK = 8192       # arcs and circles turned into paths at a time
SNAP_CHUNK = 8192      # paths sampled into snap polylines at a time


def _bands(polylines: np.ndarray, vertices: tuple, widths: np.ndarray, flip: np.ndarray):
    """LWPOLYLINEs of a constant width and straight segments as the filled polygons ezdxf's
    TraceBuilder makes of them: each segment offset by half the width to either side,
    neighbours mitred where they meet at an angle, square ends unless closed. `vertices`:
    theirs as _polyline_vertices reads them; `flip`: which have extrusion -Z. Returns
    (vertices, element types, lengths, the polyline of each polygon)."""
    if not len(polylines):
        return (np.zeros((0, 2)), np.zeros(0, np.int8), np.zeros(0, np.int64),
                np.zeros(0, np.int64))
    _, vx, vy, poly, closed = vertices
    # A chunk of polylines at a time: the computation holds a few dozen arrays per segment.
    points, lengths, drawn = [], [], []
    for first in range(0, len(polylines), BAND_CHUNK):
        last = min(first + BAND_CHUNK, len(polylines))
        lo, hi = np.searchsorted(poly, (first, last))
        chunk = _band_polygons(np.stack((vx[lo:hi], vy[lo:hi]), axis=1), poly[lo:hi] - first,
                               closed[first:last], widths[first:last])
        for found, part in zip((points, lengths, drawn), chunk):
            found.append(part)
    points, lengths, keep = (np.concatenate(parts) for parts in (points, lengths, drawn))
    objects = polylines[keep]
    points[np.repeat(flip[keep], lengths), 0] *= -1.0
    elements = np.full(len(points), LINE, np.int8)
    elements[np.cumsum(lengths) - lengths] = MOVE
    points, elements = _counter_clockwise(points, elements, lengths,
                                          np.ones(len(lengths), bool))
    return points, elements, lengths, objects


def _band_polygons(xy: np.ndarray, poly: np.ndarray, closed: np.ndarray, widths: np.ndarray):
    """_bands' polygons of polylines 0..len(closed)-1 with vertices `xy` (those of polyline
    `poly`): (their points, lengths, which polylines have one)."""
    polylines = np.arange(len(closed))
    # Stations: the vertices, the first again at the end where closed (unless it is
    # there already), without consecutive duplicates.
    count = np.bincount(poly, minlength=len(polylines))
    first = np.cumsum(count) - count
    last = first + count - 1
    has = count > 0
    reopen = has & closed & ~_close(xy[np.minimum(first, len(xy) - 1)],
                                    xy[np.minimum(last, len(xy) - 1)])
    xy = np.insert(xy, (last + 1)[reopen], xy[first[reopen]], axis=0)
    poly = np.insert(poly, (last + 1)[reopen], np.flatnonzero(reopen))
    repeat = np.zeros(len(xy), bool)
    repeat[1:] = (poly[1:] == poly[:-1]) & _close(xy[1:], xy[:-1])
    xy, poly = xy[~repeat], poly[~repeat]
    count = np.bincount(poly, minlength=len(polylines))
    first = np.cumsum(count) - count
    drawn = count >= 2
    ring = drawn & _close(xy[np.minimum(first, len(xy) - 1)],
                          xy[np.minimum(first + count - 1, len(xy) - 1)])

    # Segments and their offset lines.
    segment = np.flatnonzero(np.concatenate((poly[1:] == poly[:-1], [False])))
    seg_poly = poly[segment]
    start, end = xy[segment], xy[segment + 1]
    direction = (end - start) / np.hypot(*(end - start).T)[:, None]
    normal = np.stack((-direction[:, 1], direction[:, 0]), axis=1) * \
        (widths[seg_poly] / 2.0)[:, None]
    up1, up2, down1, down2 = start + normal, end + normal, start - normal, end - normal
    segments = np.bincount(seg_poly, minlength=len(polylines))
    seg_first = np.cumsum(segments) - segments
    seg_last = seg_first + segments - 1
    is_last = np.zeros(len(segment), bool)
    is_last[seg_last[segments > 0]] = True
    is_first = np.zeros(len(segment), bool)
    is_first[seg_first[segments > 0]] = True
    # The segment after each (the first after the last where the band is a ring).
    following = np.arange(len(segment)) + 1
    following[is_last] = seg_first[seg_poly[is_last]]
    joined = ~is_last | ring[seg_poly]
    join_up = _meet(up1, direction, up1[following], direction[following])
    join_down = _meet(down1, direction, down1[following], direction[following])
    join_up[~joined] = np.nan
    join_down[~joined] = np.nan
    # Face corners: where each segment starts and ends on either side.
    vtx3 = np.where(np.isnan(join_up[:, :1]), up2, join_up)
    vtx2 = np.where(np.isnan(join_down[:, :1]), down2, join_down)
    previous = np.arange(len(segment)) - 1
    previous[is_first] = seg_last[seg_poly[is_first]]
    from_previous = ~is_first | ring[seg_poly]
    vtx0 = np.where((from_previous & ~np.isnan(join_up[previous, 0]))[:, None],
                    join_up[previous], up1)
    vtx1 = np.where((from_previous & ~np.isnan(join_down[previous, 0]))[:, None],
                    join_down[previous], down1)
    # A ring's last face ends where its first begins.
    ring_last = is_last & ring[seg_poly]
    vtx3[ring_last] = vtx0[seg_first[seg_poly[ring_last]]]
    vtx2[ring_last] = vtx1[seg_first[seg_poly[ring_last]]]

    # Contour: the right side forwards, then the left side backwards, each without
    # consecutive repeats.
    forward = np.stack((vtx1, vtx2), axis=1).reshape(-1, 2)
    backward = np.stack((vtx0, vtx3), axis=1).reshape(-1, 2)
    point_poly = np.repeat(seg_poly, 2)

    def merged(points: np.ndarray) -> np.ndarray:
        keep = np.ones(len(points), bool)
        keep[1:] = ~((point_poly[1:] == point_poly[:-1]) & _close(points[1:], points[:-1]))
        return keep

    keep_forward, keep_backward = merged(forward), merged(backward)
    side = np.concatenate((np.zeros(keep_forward.sum(), np.int64),
                           np.ones(keep_backward.sum(), np.int64)))
    points = np.concatenate((forward[keep_forward], backward[keep_backward]))
    owner = np.concatenate((point_poly[keep_forward], point_poly[keep_backward]))
    rank = np.concatenate((np.arange(keep_forward.sum()), -np.arange(keep_backward.sum())))
    order = np.lexsort((rank, side, owner))
    points, owner = points[order], owner[order]
    lengths = np.bincount(owner, minlength=len(polylines))
    keep = drawn & (lengths >= 3)
    return points[np.repeat(keep, lengths)], lengths[keep], keep


def _solid_rings(corners: np.ndarray, flip: np.ndarray):
    """SOLIDs ((n, 4, 3) corners in their OCS) as ezdxf fills them: corners 0, 1, 3, 2, or
    0, 1, 2 where the last two are the same point; each ring counter-clockwise. Returns
    (vertices, element types, lengths)."""
    triangle = (corners[:, 3] == corners[:, 2]).all(axis=1)
    rings = corners[:, [0, 1, 3, 2], :2].copy()
    rings[triangle, 2] = corners[triangle, 2, :2]
    keep = np.ones((len(corners), 4), bool)
    keep[triangle, 3] = False
    xy = rings[keep]
    lengths = np.where(triangle, 3, 4).astype(np.int64)
    xy[np.repeat(flip, lengths), 0] *= -1.0
    elements = np.full(len(xy), LINE, np.int8)
    elements[np.cumsum(lengths) - lengths] = MOVE
    xy, elements = _counter_clockwise(xy, elements, lengths, np.ones(len(lengths), bool))
    return xy, elements, lengths


def _close(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Points equal as ezdxf's Vec2.isclose takes them."""
    return np.isclose(a, b, rtol=1e-9, atol=1e-12).all(axis=1)


def _meet(p: np.ndarray, d: np.ndarray, q: np.ndarray, e: np.ndarray) -> np.ndarray:
    """Where the lines p + t d and q + u e cross; NaN where they are (nearly) parallel."""
    angle = np.arccos(np.clip((d * e).sum(axis=1), -1.0, 1.0))
    parallel = (angle < PARALLEL) | (np.abs(math.pi - angle) < PARALLEL)
    cross = d[:, 0] * e[:, 1] - d[:, 1] * e[:, 0]
    safe = np.where(parallel, 1.0, cross)
    offset = q - p
    t = (offset[:, 0] * e[:, 1] - offset[:, 1] * e[:, 0]) / safe
    out = p + d * t[:, None]
    out[parallel] = np.nan
    return out


def bulge_paths(vx: np.ndarray, vy: np.ndarray, bulge: np.ndarray, per_polyline: np.ndarray,
                closed: np.ndarray):
    """Polylines given as vertices with bulges (the polylines' vertices one after another,
    `per_polyline` of each) as paths. Returns (vertices, element types, lengths, straight,
    which polylines were drawn: those of two vertices or more). A chunk of polylines at a
    time: the computation holds a few dozen arrays per segment."""
    if len(per_polyline) <= POLYLINE_CHUNK:
        return _bulge_paths(vx, vy, bulge, per_polyline, closed)
    first_vertex = np.concatenate(([0], np.cumsum(per_polyline)))
    parts = []
    for first in range(0, len(per_polyline), POLYLINE_CHUNK):
        last = min(first + POLYLINE_CHUNK, len(per_polyline))
        lo, hi = first_vertex[first], first_vertex[last]
        parts.append(_bulge_paths(vx[lo:hi], vy[lo:hi], bulge[lo:hi], per_polyline[first:last],
                                  closed[first:last]))
    return tuple(np.concatenate(column) for column in zip(*parts))


def _bulge_paths(vx: np.ndarray, vy: np.ndarray, bulge: np.ndarray, per_polyline: np.ndarray,
                 closed: np.ndarray):
    used = per_polyline >= 2
    first_vertex = np.cumsum(per_polyline) - per_polyline

    # Segments: vertex i to i+1, and the last back to the first where closed.
    segments = np.where(used, per_polyline - 1 + closed, 0)
    seg_polyline = np.repeat(np.arange(len(per_polyline)), segments)
    seg_nth = np.arange(len(seg_polyline)) - np.repeat(np.cumsum(segments) - segments, segments)
    start = first_vertex[seg_polyline] + seg_nth
    end = np.where(seg_nth + 1 < per_polyline[seg_polyline], start + 1,
                   first_vertex[seg_polyline])
    p0 = np.stack((vx[start], vy[start]), axis=1)
    p1 = np.stack((vx[end], vy[end]), axis=1)
    b = bulge[start]
    chord = np.hypot(*(p1 - p0).T)
    is_arc = (np.abs(b) > 1e-12) & (chord > 1e-12)
    theta = 4.0 * np.arctan(b)
    curves = np.where(is_arc, np.maximum(1, np.ceil(np.abs(theta) / (math.pi / 2) - 1e-9)),
                      0).astype(np.int64)
    seg_vertices = np.where(is_arc, 3 * curves, 1)

    # Output layout: each used polyline's first vertex, then its segments' vertices.
    poly_vertices = np.where(used, 1, 0) + np.bincount(seg_polyline, seg_vertices,
                                                       minlength=len(per_polyline)
                                                       ).astype(np.int64)
    poly_start = np.cumsum(poly_vertices) - poly_vertices
    seg_offset = np.cumsum(seg_vertices) - seg_vertices       # across all segments
    seg_first_of_poly = np.cumsum(segments) - segments
    seg_at = poly_start[seg_polyline] + 1 + seg_offset - seg_offset[
        np.minimum(seg_first_of_poly[seg_polyline], max(len(seg_offset) - 1, 0))]
    total = int(poly_vertices.sum())
    xy = np.empty((total, 2))
    elements = np.empty(total, np.int8)
    starts_used = poly_start[used]
    xy[starts_used] = np.stack((vx[first_vertex[used]], vy[first_vertex[used]]), axis=1)
    elements[starts_used] = MOVE
    lines = ~is_arc
    xy[seg_at[lines]] = p1[lines]
    elements[seg_at[lines]] = LINE
    if is_arc.any():
        arc_p0, arc_p1, arc_theta = p0[is_arc], p1[is_arc], theta[is_arc]
        mid = (arc_p0 + arc_p1) / 2.0
        d = arc_p1 - arc_p0
        length = np.hypot(d[:, 0], d[:, 1])
        normal = np.stack((-d[:, 1], d[:, 0]), axis=1) / length[:, None]
        centre = mid + normal * (length / 2.0 / np.tan(arc_theta / 2.0))[:, None]
        radius = np.hypot(*(arc_p0 - centre).T)
        a0 = np.arctan2(arc_p0[:, 1] - centre[:, 1], arc_p0[:, 0] - centre[:, 0])
        n = curves[is_arc]
        arc_of_curve = np.repeat(np.arange(len(n)), n)
        nth = np.arange(len(arc_of_curve)) - np.repeat(np.cumsum(n) - n, n)
        step = (arc_theta / n)[arc_of_curve]
        a = a0[arc_of_curve] + nth * step
        curve_xy, curve_elements = _curves(centre[arc_of_curve, 0], centre[arc_of_curve, 1],
                                           radius[arc_of_curve], a, a + step,
                                           np.ones(len(a), np.int64))
        # Each single-curve path is (move, c1, c2, end): its three last go in place.
        body = np.ones(len(curve_xy), bool)
        body[0::4] = False
        at = (seg_at[is_arc][arc_of_curve] + 3 * nth)[:, None] + np.arange(3)
        xy[at.ravel()] = curve_xy[body]
        elements[at.ravel()] = curve_elements[body]
        # The arc ends exactly on its vertex.
        xy[seg_at[is_arc] + 3 * n - 1] = arc_p1
    straight = ~np.isin(np.arange(len(per_polyline)), seg_polyline[is_arc])
    return xy, elements, poly_vertices[used], straight[used], used


def signed_area(xy: np.ndarray) -> float:
    x, y = xy[:, 0], xy[:, 1]
    return float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))) / 2.0


def reversed_ring(xy: np.ndarray, elements: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The same closed ring traversed the other way (cubic controls swap roles)."""
    reversed_xy = xy[::-1].copy()
    shifted = np.empty_like(elements)
    shifted[0] = MOVE
    # Element i of the reversed path is the kind of the step that arrived at its old end.
    shifted[1:] = elements[:0:-1]
    # Reversed, each cubic's elements read (data, data, control): make them (control, data, data).
    controls = np.nonzero(shifted == CURVE)[0]
    shifted[controls] = CURVE_DATA
    shifted[controls - 2] = CURVE
    return reversed_xy, shifted


def _insert_matrices(tags: DxfTags, inserts: np.ndarray) -> np.ndarray:
    """(k, 3, 3): block coordinates (before the base point is taken off) to the container's."""
    x, y = tags.first_float(inserts, 10, 0.0), tags.first_float(inserts, 20, 0.0)
    sx, sy = tags.first_float(inserts, 41, 1.0), tags.first_float(inserts, 42, 1.0)
    angle = np.radians(tags.first_float(inserts, 50, 0.0))
    flip = np.where(_flipped(tags, inserts), -1.0, 1.0)
    cos, sin = np.cos(angle), np.sin(angle)
    m = np.zeros((len(inserts), 3, 3))
    m[:, 0, 0], m[:, 0, 1], m[:, 0, 2] = flip * cos * sx, -flip * sin * sy, flip * x
    m[:, 1, 0], m[:, 1, 1], m[:, 1, 2] = sin * sx, cos * sy, y
    m[:, 2, 2] = 1.0
    return m


def flatten(xy: np.ndarray, elements: np.ndarray, lengths: np.ndarray,
            steps: int = SNAP_STEPS_PER_CURVE) -> tuple[np.ndarray, np.ndarray]:
    """Paths as polylines: each Bézier sampled `steps` times."""
    emits = np.where(elements == CURVE, steps,
                     np.where(elements == CURVE_DATA, 0, 1))
    out_offset = np.cumsum(emits) - emits
    out = np.empty((int(emits.sum()), 2))
    plain = emits == 1
    out[out_offset[plain]] = xy[plain]
    curve = np.flatnonzero(elements == CURVE)
    if len(curve):
        p0, p1, p2, p3 = xy[curve - 1], xy[curve], xy[curve + 1], xy[curve + 2]
        for step in range(1, steps + 1):
            t = step / steps
            u = 1.0 - t
            out[out_offset[curve] + step - 1] = (u ** 3 * p0 + 3 * u * u * t * p1
                                                 + 3 * u * t * t * p2 + t ** 3 * p3)
    path_of_vertex = np.repeat(np.arange(len(lengths)), lengths)
    return out, np.bincount(path_of_vertex, emits, minlength=len(lengths)).astype(np.int64)


class PlainDrawing:
    """Draws a PlainSplit's model space (and the blocks inserted there) into a compile's
    collectors, styles resolved by its RenderContext."""

    def __init__(self, split: PlainSplit):
        """Builds all the geometry at once, so the split's tags (several times the size of
        the file) go before ezdxf reads the rest: it takes them from the split."""
        self.model_counts = split.model_counts
        self.block_keys = set(split.blocks)
        # Plain model-space entities per layer name, as the Layers dock counts them.
        self.top_level_layers = Counter(
            raw.decode(split.encoding, "surrogateescape")
            for raw in split.tags.first_text(split.model.top_level, 8, b"0"))
        self.geometry: dict[str, Geometry] = {}
        containers = [("*model_space", split.model), *split.blocks.items()]
        for (key, container), geometry in zip(containers, build_geometries(
                split, [container for _, container in containers])):
            if container.base != (0.0, 0.0):
                base = np.eye(3)
                base[:2, 2] = (-container.base[0], -container.base[1])
                geometry = _rebased(geometry, base)
            self.geometry[key] = geometry

    def release(self) -> None:
        """Lets go of the geometry once drawn (the counts stay)."""
        self.geometry = {}

    def draw(self, ctx, pipeline, backend, snap, layer_index) -> None:
        """Into the compiler's _RecordingBackend `backend` and _SnapCollector `snap`."""
        resolved: dict[tuple, tuple] = {}

        def style_groups(geometry: Geometry, texts: _TextLayout | None, state) -> np.ndarray:
            """(stroke group, fill group, even-odd fill group, layer) per style of the
            geometry, drawn in the insert state; -1 where not drawn so."""
            out = np.full((len(geometry.styles), 4), -1, np.int64)
            # Pattern lines and stroke-font text are strokes drawn solid whatever the line
            # type (as ezdxf draws them).
            stroked = set(np.concatenate((geometry.line_style, geometry.path_style,
                                          geometry.centre_style)).tolist())
            solid = set(geometry.pattern_style.tolist())
            filled = set(geometry.fill_style[~geometry.fill_even_odd].tolist())
            if texts is not None:
                solid |= set(geometry.text_style[texts.stroke].tolist())
                filled |= set(geometry.text_style[~texts.stroke].tolist())
            used = {STROKE: stroked | solid, FILL: filled,
                    FILL_EVEN_ODD: set(geometry.fill_style[geometry.fill_even_odd].tolist())}
            if state is not None:
                ctx.push_state(state)
            try:
                for i in sorted(set().union(*used.values())):
                    style = geometry.styles[i]
                    found = resolved.get((id(state), style))
                    if found is None:
                        properties = ctx.resolve_all(_stand_in(Line, style))
                        found = resolved[(id(state), style)] = (
                            pipeline.get_backend_properties(properties),
                            layer_index(properties.layer),
                            len(properties.linetype_pattern) < 2)
                    drawn, layer, continuous = found
                    out[i, 3] = layer
                    for column, kind in enumerate((STROKE, FILL, FILL_EVEN_ODD)):
                        if i in used[kind]:
                            if kind == STROKE and not continuous and i in stroked:
                                raise ScanUnsupported("a plain entity drawn with a line type")
                            out[i, column] = backend.group(drawn, kind)
            finally:
                if state is not None:
                    ctx.pop_state()
            return out

        states: dict[tuple, object] = {}

        def insert_state(style: tuple, parent):
            if parent is not None:
                ctx.push_state(parent)
            try:
                properties = ctx.resolve_all(_stand_in(Insert, style))
            finally:
                if parent is not None:
                    ctx.pop_state()
            key = (properties.layer, properties.color, properties.pen,
                   properties.linetype_name, tuple(properties.linetype_pattern),
                   properties.lineweight)
            return states.setdefault(key, properties)

        text_layouts = {key: _TextLayout(geometry, ctx, pipeline)
                        for key, geometry in self.geometry.items() if len(geometry.texts)}
        work = [("*model_space", None, np.eye(3)[None], 0)]
        while work:
            key, state, matrices, depth = work.pop()
            if depth > MAX_NESTING:
                raise ScanUnsupported("blocks nested in a cycle")
            geometry = self.geometry.get(key)
            if geometry is None:
                continue   # an undefined block: ezdxf draws nothing either
            texts = text_layouts.get(key)
            self._emit(geometry, texts, matrices, style_groups(geometry, texts, state), backend,
                       snap)
            by_child: dict[tuple, list] = {}
            for block, matrix, style in geometry.inserts:
                if block not in self.block_keys:
                    continue
                child_state = insert_state(geometry.styles[style], state)
                by_child.setdefault((block, id(child_state)), [child_state, []])[1].append(
                    matrix)
            for (block, _), (child_state, local) in by_child.items():
                combined = np.einsum("aij,bjk->abik", matrices, np.array(local)).reshape(-1, 3, 3)
                work.append((block, child_state, combined, depth + 1))

    @staticmethod
    def _emit(geometry: Geometry, text_layout: _TextLayout | None, matrices: np.ndarray,
              groups: np.ndarray, backend, snap) -> None:
        copies = len(matrices)
        for texts in (text_layout.batches() if text_layout is not None else ()):
            if not len(texts.lengths):
                continue
            text_xy = _apply(matrices, texts.xy)
            text_group = np.tile(groups[texts.style], (copies, 1))
            stroke = np.tile(texts.stroke, copies)
            backend.fills.add_paths(np.where(stroke, -1, text_group[:, 1]), text_xy,
                                    np.tile(texts.elements, copies),
                                    np.tile(texts.lengths, copies), skip=stroke)
            backend.strokes.add_paths(np.where(stroke, text_group[:, 0], -1), text_xy,
                                      np.tile(texts.elements, copies),
                                      np.tile(texts.lengths, copies), skip=~stroke)
        lines, xy, centres, fill_xy, pattern_lines = geometry.moved(matrices)
        line_group = np.tile(groups[geometry.line_style], (copies, 1))
        backend.strokes.add_lines(line_group[:, 0], lines)
        backend.strokes.add_lines(np.tile(groups[geometry.pattern_style, 0], copies),
                                  pattern_lines)
        snap.add_lines(lines, line_group[:, 3])
        lengths = np.tile(geometry.path_length, copies)
        path_group = np.tile(groups[geometry.path_style], (copies, 1))
        elements = np.tile(geometry.elements, copies)
        backend.strokes.add_paths(path_group[:, 0], xy, elements, lengths)
        if len(lengths):
            straight = np.tile(geometry.path_straight, copies)
            # Snap polylines a chunk of paths at a time: sampled curves are several times
            # the size of the paths.
            first = np.concatenate(([0], np.cumsum(lengths)))
            for lo in range(0, len(lengths), SNAP_CHUNK):
                hi = min(lo + SNAP_CHUNK, len(lengths))
                flat, flat_lengths = flatten(xy[first[lo]:first[hi]],
                                             elements[first[lo]:first[hi]], lengths[lo:hi])
                snap.add_polylines(flat, flat_lengths, path_group[lo:hi, 3], straight[lo:hi])
        centre_group = np.tile(groups[geometry.centre_style], (copies, 1))
        snap.add_centres(centres, centre_group[:, 3])
        if len(geometry.fill_length):
            fill_lengths = np.tile(geometry.fill_length, copies)
            even_odd = np.tile(geometry.fill_even_odd, copies)
            fill_elements = np.tile(geometry.fill_elements, copies)
            mirrored = np.repeat(np.linalg.det(matrices[:, :2, :2]) < 0,
                                 len(geometry.fill_length))
            # A mirrored copy of a counter-clockwise ring runs clockwise: turned back.
            fill_xy, fill_elements = _counter_clockwise(fill_xy, fill_elements, fill_lengths,
                                                        ~even_odd & mirrored)
            fill_group = np.tile(groups[geometry.fill_style], (copies, 1))
            backend.fills.add_paths(np.where(even_odd, fill_group[:, 2], fill_group[:, 1]),
                                    fill_xy, fill_elements, fill_lengths)


def _rebased(geometry: Geometry, base: np.ndarray) -> Geometry:
    lines, xy, centres, fill_xy, pattern_lines = geometry.moved(base[None])
    text_place = geometry.text_place.copy()
    text_place[:, :2] += base[:2, 2]
    return dataclasses.replace(
        geometry, lines=lines, xy=xy, centres=centres, fill_xy=fill_xy,
        pattern_lines=pattern_lines, text_place=text_place,
        inserts=[(key, base @ matrix, style) for key, matrix, style in geometry.inserts])


def _stand_in(cls, style: tuple):
    """An entity of `cls` with the style's raw attributes, for RenderContext to resolve."""
    layer, color, true_color, linetype, lineweight, transparency = style
    entity = cls()
    dxf = entity.dxf
    dxf.unprotected_set("layer", layer)
    dxf.unprotected_set("color", color)
    dxf.unprotected_set("linetype", linetype)
    dxf.unprotected_set("lineweight", lineweight)
    if true_color >= 0:
        dxf.unprotected_set("true_color", true_color)
    if transparency >= 0:
        dxf.unprotected_set("transparency", transparency)
    return entity
