"""Markups written into a copy of a DXF source, on REVIEW-<DISCIPLINE> layers.

Clouds become closed LWPOLYLINEs of bulged arcs, callouts MULTILEADERs, text MTEXT, arrows
LEADERs, highlights translucent HATCHes, and every markup's comment or measured value an MTEXT
beside it. Each entity carries the markup id in XDATA (application PLANREVIEW), so a CAD user
can trace it back. Text is shaped and ordered for CAD programs that draw Arabic letter by
letter. Measured values are written with the unit words of the export's language (English
unless one is given). The markups add no error to ezdxf's audit of the copy (errors the source already had are
reported as warnings); the source file is only read.
"""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import ezdxf
from ezdxf import colors
from ezdxf.lldxf.const import DXFError
from ezdxf.math import Vec2
from ezdxf.render import mleader

from review.arabic import visual_order
from review.errors import PlanReviewError
from review.exchange.frames import check_placement, dxf_frames
from review.markups import Discipline, Markup, MarkupKind, load_disciplines, rgb
from review.measure import MEASURE_WORDS, MeasureWords, format_measurement

APPID = "PLANREVIEW"
TEXT_HEIGHT_FRACTION = 1 / 120   # of the drawing's extent, when nothing better is known
CLOUD_ARCS_PER_EXTENT = 12       # a cloud's arc chord is about 1/12 of its own size


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
    if low is not None and high is not None:
        extent = math.dist(low[:2], high[:2])
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
        self.height = text_height
        self.units = units
        self.count = 0
        self.layers: set[str] = set()

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
        attributes = {"layer": self.layer_of(markup)}
        if markup.style.colour:
            attributes["true_color"] = colors.rgb2int(_rgb255(markup.style.colour))
        points = [Vec2(p) for p in markup.points]
        kind = markup.kind
        entities = []
        label = visual_order(markup.text)
        if kind == MarkupKind.CLOUD:
            entities.append(layout.add_lwpolyline(_cloud(points), format="xyb", close=True,
                                                  dxfattribs=attributes))
        elif kind in (MarkupKind.LINE, MarkupKind.LENGTH):
            entities.append(layout.add_line(points[0], points[-1], dxfattribs=attributes))
        elif kind == MarkupKind.ARROW:
            entities.append(layout.add_leader(
                [points[-1], points[0]], dxfattribs=attributes,
                override={"dimasz": self.height, "dimscale": 1.0, "dimclrd": colors.BYLAYER}))
        elif kind in (MarkupKind.POLYLINE, MarkupKind.POLYLENGTH, MarkupKind.ANGLE,
                      MarkupKind.FREEHAND):
            entities.append(layout.add_lwpolyline(points, dxfattribs=attributes))
        elif kind in (MarkupKind.RECTANGLE, MarkupKind.STAMP):
            entities.append(layout.add_lwpolyline(_box(points), close=True,
                                                  dxfattribs=attributes))
        elif kind == MarkupKind.AREA:
            entities.append(layout.add_lwpolyline(points, close=True, dxfattribs=attributes))
        elif kind == MarkupKind.HIGHLIGHT:
            hatch = layout.add_hatch(color=colors.BYLAYER, dxfattribs=attributes)
            hatch.paths.add_polyline_path(_box(points), is_closed=True)
            hatch.transparency = 1 - (markup.style.opacity if markup.style.opacity < 1 else 0.35)
            entities.append(hatch)
        elif kind == MarkupKind.ELLIPSE:
            entities.append(_ellipse(layout, points, attributes))
        elif kind == MarkupKind.COUNT:
            entities += [layout.add_circle(p, self.height / 2, dxfattribs=attributes)
                         for p in points]
        elif kind == MarkupKind.CALLOUT:
            entities.append(self._callout(layout, markup, points, label, attributes))
            label = ""
        if kind in (MarkupKind.TEXT, MarkupKind.STAMP):
            entities.append(self._mtext(layout, label or markup.kind.value, points, attributes,
                                        centred=kind == MarkupKind.STAMP))
            label = ""
        measured = visual_order(format_measurement(markup.measurement, self.units)) \
            if markup.measurement else ""
        caption = "\n".join(t for t in (label, measured) if t)
        if caption:
            y0 = min(p.y for p in points)
            x1, y1 = max(p.x for p in points), max(p.y for p in points)
            corner = Vec2(x1 + self.height * 0.5, y1 if y1 > y0 else y0)
            entities.append(self._mtext(layout, caption, [corner], attributes))
        for entity in entities:
            entity.set_xdata(APPID, [(1000, str(markup.id)), (1000, markup.kind.value),
                                     (1000, markup.status.value)])
        self.count += len(entities)

    def _mtext(self, layout, text: str, points: list[Vec2], attributes, *, centred=False):
        if centred and len(points) >= 2:
            middle = (points[0] + points[1]) / 2
            mtext = layout.add_mtext(text, dxfattribs={**attributes, "char_height": self.height})
            mtext.set_location(middle, attachment_point=5)
            return mtext
        top_left = Vec2(min(p.x for p in points), max(p.y for p in points))
        mtext = layout.add_mtext(text, dxfattribs={**attributes, "char_height": self.height})
        if len(points) >= 2:
            mtext.dxf.width = abs(points[1].x - points[0].x)
        mtext.set_location(top_left, attachment_point=1)
        return mtext

    def _callout(self, layout, markup: Markup, points: list[Vec2], text: str, attributes):
        builder = layout.add_multileader_mtext("Standard", dxfattribs=attributes)
        # A multileader draws its parts in their own colours, not the entity's.
        colour = colors.RGB(*_rgb255(markup.style.colour)) if markup.style.colour \
            else colors.BYLAYER
        builder.set_content(text or " ", color=colour, char_height=self.height,
                            alignment=mleader.TextAlignment.left)
        builder.set_leader_properties(color=colour, linetype="BYLAYER")
        box = points[1:]
        left = min(p.x for p in box)
        top = max(p.y for p in box)
        side = mleader.ConnectionSide.left if points[0].x <= left else \
            mleader.ConnectionSide.right
        builder.add_leader_line(side, [points[0]])
        builder.set_arrow_properties(size=self.height)
        builder.build(insert=Vec2(left, top))
        return builder.multileader


def _rgb255(colour: str) -> tuple[int, int, int]:
    return tuple(round(c * 255) for c in rgb(colour))  # type: ignore[return-value]


def _box(points: list[Vec2]) -> list[Vec2]:
    (x0, y0), (x1, y1) = points[0], points[1]
    return [Vec2(x0, y0), Vec2(x1, y0), Vec2(x1, y1), Vec2(x0, y1)]


def _ellipse(layout, points: list[Vec2], attributes):
    (x0, y0), (x1, y1) = points[0], points[1]
    centre = Vec2((x0 + x1) / 2, (y0 + y1) / 2)
    rx, ry = abs(x1 - x0) / 2 or 1e-6, abs(y1 - y0) / 2 or 1e-6
    major, ratio = (Vec2(rx, 0), ry / rx) if rx >= ry else (Vec2(0, ry), rx / ry)
    return layout.add_ellipse(centre, major_axis=major, ratio=max(ratio, 1e-6),
                              dxfattribs=attributes)


def _cloud(points: list[Vec2]) -> list[tuple[float, float, float]]:
    """Vertices with bulges for a revision cloud around the polygon: each edge is split into
    arcs of about the same chord, all bulging outwards."""
    closed = points + points[:1]
    area2 = sum(a.x * b.y - b.x * a.y for a, b in zip(closed, closed[1:]))
    outward = 0.6 if area2 >= 0 else -0.6  # counter-clockwise in y-up: positive bulges out
    xs = [p.x for p in points]
    ys = [p.y for p in points]
    chord = max(max(xs) - min(xs), max(ys) - min(ys)) / CLOUD_ARCS_PER_EXTENT or 1.0
    vertices = []
    for a, b in zip(closed, closed[1:]):
        pieces = max(1, round(a.distance(b) / chord))
        for i in range(pieces):
            p = a.lerp(b, i / pieces)
            vertices.append((p.x, p.y, outward))
    return vertices
