"""Markups written into a copy of a DXF source, on REVIEW-<DISCIPLINE> layers.

Each markup is drawn from what review/markup_shapes.py returns, as on screen and in the PDF:
its strokes as LWPOLYLINEs (cloud scallops and ellipses flattened), arrow heads as filled
SOLIDs, fills as solid HATCHes, tints (highlights, areas) as HATCHes with transparency where
the DXF version has it (R2004 and later), its text runs (a text box's comment, a measured
value, a stamp's label, a count's numbers) as MTEXT. A callout is therefore MTEXT + its box
+ a leader polyline + a filled arrow head, which every CAD reader draws (LibreCAD does not
draw MULTILEADERs). Paper sizes (arrow heads, scallops, text) follow one text height for the
drawing, a fraction of its extent. Text is stored in logical order in the PLANREVIEW text
style, a TrueType font with Arabic letters (DejaVu Sans), so programs that shape text show it
as written. A comment on a markup that does not draw its text (a cloud's) is an MTEXT beside
it. Each entity carries the markup id in XDATA (application PLANREVIEW), so a CAD user can
trace it back. Measured values are written with the unit words of the export's language
(English unless one is given). The markups add no error to ezdxf's audit of the copy (errors
the source already had are reported as warnings); the source file is only read.
"""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import ezdxf
import ezdxf.bbox
from ezdxf import colors
from ezdxf.lldxf.const import VALID_DXF_LINEWEIGHTS, DXFError
from ezdxf.math import Vec2

from review.arabic import is_right_to_left
from review.errors import PlanReviewError
from review.exchange.frames import check_placement, dxf_frames
from review.markup_shapes import DASH_PATTERN, TEXT_KINDS, Align, MarkupShapes, TextRun, \
    shapes_of
from review.markup_shapes import Path as ShapePath
from review.markups import Discipline, Markup, MarkupKind, Style, load_disciplines, rgb
from review.measure import MEASURE_WORDS, MM_PER_POINT, MeasureWords, format_measurement

APPID = "PLANREVIEW"
TEXT_HEIGHT_FRACTION = 1 / 120   # of the drawing's extent, when nothing better is known
TEXT_STYLE = "PLANREVIEW"
TEXT_FONT = "DejaVuSans.ttf"     # TrueType with Arabic letters (fonts-dejavu-core)
DASHED_LINETYPE = "PLANREVIEW-DASHED"
CAP_HEIGHT = 0.72                # MTEXT's height is a capital's: this much of the font size
TRANSPARENCY_VERSION = "AC1018"  # R2004: the first DXF with entity transparency


class DxfExportError(PlanReviewError):
    """The DXF copy with review layers cannot be written."""


@dataclass(frozen=True)
class DxfWriteReport:
    path: Path
    entities: int
    layers: tuple[str, ...]
    warnings: tuple[str, ...] = ()


def write_review_dxf(source: Path, markups: Sequence[Markup], out: Path, *,
                     disciplines: Mapping[str, Discipline] | None = None,
                     language: str = "en") -> DxfWriteReport:
    source, out = Path(source), Path(out)
    if out.resolve() == source.resolve():
        raise DxfExportError("the marked-up copy must be a new file, not the source itself")
    disciplines = load_disciplines() if disciplines is None else disciplines
    doc, warnings = _read(source)
    ours = [m for m in markups if not m.read_only]
    check_placement(ours, dxf_frames(doc), source_name=source.name)
    # Errors the consultant's file already has are reported, not blamed on the markups.
    before = {error.message for error in doc.audit().errors}
    if before:
        warnings.append(f"{source.name} has {len(before)} DXF audit error(s) of its own"
                        f" (e.g. {sorted(before)[0]}); they are carried over unchanged")
    if APPID not in doc.appids:
        doc.appids.add(APPID)
    layouts = doc.layouts.names_in_taborder()
    writer = _Writer(doc, disciplines, _text_height(doc, ours), MEASURE_WORDS[language])
    for markup in sorted(ours, key=lambda m: (m.sheet, m.z)):
        writer.write(doc.layouts.get(layouts[markup.sheet]), markup)
    added = [e.message for e in doc.audit().errors if e.message not in before]
    if added:
        raise DxfExportError(f"the marked-up copy of {source.name} fails the DXF audit: "
                             + "; ".join(added[:3]))
    try:
        doc.saveas(out)
    except (OSError, DXFError) as exc:
        raise DxfExportError(f"{out.name} could not be written: {exc}") from exc
    return DxfWriteReport(out, writer.count, tuple(sorted(writer.layers)), tuple(warnings))


def _read(source: Path):
    try:
        return ezdxf.readfile(source), []
    except ezdxf.DXFStructureError:
        pass
    except (OSError, UnicodeDecodeError) as exc:
        raise DxfExportError(f"{source.name} is not a readable DXF file: {exc}") from exc
    from ezdxf import recover

    try:
        doc, auditor = recover.readfile(source)
    except (ezdxf.DXFStructureError, OSError) as exc:
        raise DxfExportError(f"{source.name} is not a readable DXF file: {exc}") from exc
    return doc, [f"{source.name} was damaged; the copy is written from ezdxf's recovery"
                 f" ({len(auditor.fixes)} fix(es))"]


def _text_height(doc, markups: Sequence[Markup]) -> float:
    """One height for all markup text: a fraction of the drawing's extent."""
    low, high = doc.header.get("$EXTMIN"), doc.header.get("$EXTMAX")
    extent = 0.0
    if low is not None and high is not None and low[0] <= high[0] and low[1] <= high[1]:
        extent = math.dist(low[:2], high[:2])
    if not (math.isfinite(extent) and 0 < extent < 1e12):
        # no extents in the header (ezdxf writes none): the model space's own
        box = ezdxf.bbox.extents(doc.modelspace(), fast=True)
        extent = box.extmin.vec2.distance(box.extmax.vec2) if box.has_data else 0.0
    if not (math.isfinite(extent) and 0 < extent < 1e12):
        points = [p for m in markups for p in m.points] or [(0.0, 0.0), (100.0, 100.0)]
        xs, ys = zip(*points)
        extent = math.dist((min(xs), min(ys)), (max(xs), max(ys))) or 100.0
    return extent * TEXT_HEIGHT_FRACTION


class _Writer:
    def __init__(self, doc, disciplines: Mapping[str, Discipline], text_height: float,
                 units: MeasureWords):
        self.doc = doc
        self.disciplines = disciplines
        self.unit = text_height / Style().font_size      # drawing units per paper point
        self.units = units
        self.count = 0
        self.layers: set[str] = set()
        if TEXT_STYLE not in doc.styles:
            doc.styles.add(TEXT_STYLE, font=TEXT_FONT)

    def layer_of(self, markup: Markup) -> str:
        discipline = self.disciplines.get(markup.discipline)
        name = discipline.layer if discipline else f"REVIEW-{markup.discipline.upper()}"
        if name not in self.layers:
            if name not in self.doc.layers:
                colour = discipline.colour if discipline else "#616161"
                self.doc.layers.add(name, true_color=colors.rgb2int(_rgb255(colour)))
            self.layers.add(name)
        return name

    def write(self, layout, markup: Markup) -> None:
        style = markup.style
        attributes = {"layer": self.layer_of(markup)}
        if style.colour:
            attributes["true_color"] = colors.rgb2int(_rgb255(style.colour))
        label = format_measurement(markup.measurement, self.units) \
            if markup.measurement else None
        shapes = shapes_of(markup, self.unit, y_up=True, label=label)
        entities = []
        if shapes.pen_width > 0:
            pen = {**attributes, "lineweight": _lineweight(style.width)}
            if shapes.dashed:
                pen["linetype"] = self._dashed(shapes.pen_width)
            entities += [self._polyline(layout, path, pen) for path in shapes.strokes]
        entities += [self._solid(layout, path, attributes) for path in shapes.solids]
        if style.fill:
            fill = {**attributes, "true_color": colors.rgb2int(_rgb255(style.fill))}
            entities += [self._hatch(layout, path, fill) for path in shapes.fills]
        if shapes.tints:
            tint = {**attributes, "true_color": colors.rgb2int(_rgb255(style.fill))} \
                if style.fill else attributes
            entities += [self._tint(layout, path, tint, style.opacity * shapes.tint_opacity)
                         for path in shapes.tints]
        entities += [self._mtext(layout, run, attributes) for run in shapes.texts]
        if markup.text and markup.kind not in TEXT_KINDS | {MarkupKind.STAMP}:
            entities.append(self._comment(layout, markup.text, shapes, attributes))
        for entity in entities:
            entity.set_xdata(APPID, [(1000, str(markup.id)), (1000, markup.kind.value),
                                     (1000, markup.status.value)])
        self.count += len(entities)

    def _polyline(self, layout, path: ShapePath, attributes):
        points = path.flattened()
        if path.closed and len(points) > 2:
            points = points[:-1]
        return layout.add_lwpolyline(points, close=path.closed, dxfattribs=attributes)

    def _solid(self, layout, path: ShapePath, attributes):
        points = path.flattened()[:-1] if path.closed else path.flattened()
        if len(points) in (3, 4):     # an arrow head: a SOLID, which every reader fills
            return layout.add_solid(points if len(points) == 3
                                    else [points[0], points[1], points[3], points[2]],
                                    dxfattribs=attributes)
        return self._hatch(layout, path, attributes)

    def _hatch(self, layout, path: ShapePath, attributes):
        hatch = layout.add_hatch(dxfattribs=attributes)
        hatch.paths.add_polyline_path(path.flattened(), is_closed=True)
        return hatch

    def _tint(self, layout, path: ShapePath, attributes, opacity: float):
        if self.doc.dxfversion < TRANSPARENCY_VERSION:   # no transparency: the outline only
            return self._polyline(layout, path, attributes)
        hatch = self._hatch(layout, path, attributes)
        hatch.transparency = 1 - max(0.0, min(1.0, opacity))
        return hatch

    def _dashed(self, pen_width: float) -> str:
        """A linetype of the screen's dashes (DASH_PATTERN pen widths), in drawing units."""
        if DASHED_LINETYPE not in self.doc.linetypes:
            dash, gap = (d * pen_width for d in DASH_PATTERN)
            self.doc.linetypes.add(DASHED_LINETYPE, pattern=[dash + gap, dash, -gap],
                                   description="Review markup dashes __ __ __")
        return DASHED_LINETYPE

    def _mtext(self, layout, run: TextRun, attributes):
        """A text run as MTEXT in its box, aligned as markup_shapes lays it out."""
        x0, y0, x1, y1 = run.box
        align = run.align or (Align.RIGHT if is_right_to_left(run.text) else Align.LEFT)
        column = {Align.LEFT: 0, Align.CENTRE: 1, Align.RIGHT: 2}[align]
        x = (x0, (x0 + x1) / 2, x1)[column]
        y, row = ((y0 + y1) / 2, 1) if run.middle else (y1, 0)
        mtext = layout.add_mtext(_mtext_escaped(run.text), dxfattribs={
            **attributes, "style": TEXT_STYLE, "char_height": run.size * CAP_HEIGHT})
        if run.wrap:
            mtext.dxf.width = max(x1 - x0, run.size)
        mtext.set_location(Vec2(x, y), attachment_point=1 + column + 3 * row)
        return mtext

    def _comment(self, layout, text: str, shapes: MarkupShapes, attributes):
        x0, y0, x1, y1 = shapes.bounds()
        size = Style().font_size * self.unit
        corner = (x1 + size * 0.5, y1)
        width = max(len(line) for line in text.split("\n")) * size * 0.6 + size
        return self._mtext(layout, TextRun((corner[0], corner[1] - size, corner[0] + width,
                                            corner[1]), text, size, wrap=False), attributes)


def _mtext_escaped(text: str) -> str:
    """MTEXT's own codes (\\P, {...}) kept out of the reviewer's words; lines as \\P."""
    return (text.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}")
            .replace("\n", "\\P"))


def _lineweight(width_points: float) -> int:
    """The DXF lineweight (1/100 mm) nearest a pen width in points on paper."""
    wanted = width_points * MM_PER_POINT * 100
    return min((w for w in VALID_DXF_LINEWEIGHTS if w >= 0), key=lambda w: abs(w - wanted))


def _rgb255(colour: str) -> tuple[int, int, int]:
    return tuple(round(c * 255) for c in rgb(colour))  # type: ignore[return-value]
