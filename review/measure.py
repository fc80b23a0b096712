"""Scales and measurements: calibration, per-viewport scales, PDF /VP /Measure, DXF units.

A `Scale` says how many real-world millimetres one sheet unit stands for. A sheet has a
default scale (PDF: the paper itself until calibrated; DXF: its $INSUNITS) and any number of
viewports, each a box in sheet units with its own scale; a measurement uses the viewport that
contains all its points (the last such one, as PDF readers do), else the default.
"""
from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

import pymupdf
from pymupdf import mupdf

from review.errors import PlanReviewError
from review.exchange.frames import SheetFrame
from review.markups import MEASURE_KINDS, Markup, MarkupKind, Measurement, Point

MM_PER_POINT = 25.4 / 72.0
MM_PER_UNIT_NAME = {"mm": 1.0, "cm": 10.0, "m": 1000.0, "km": 1e6, "in": 25.4,
                    "ft": 304.8, "yd": 914.4, "mi": 1609344.0, "pt": MM_PER_POINT}


class ScaleError(PlanReviewError):
    """A scale cannot be set or used."""


@dataclass(frozen=True)
class Scale:
    mm_per_unit: float   # real-world millimetres per sheet unit
    label: str           # as shown to the user: "1:100", "drawing units: mm"

    def __post_init__(self):
        if not (math.isfinite(self.mm_per_unit) and self.mm_per_unit > 0):
            raise ScaleError(f"a scale needs a positive size per unit, not {self.mm_per_unit}")


@dataclass(frozen=True)
class Viewport:
    name: str
    bbox: tuple[float, float, float, float]   # x0, y0, x1, y1 in sheet units
    scale: Scale

    def contains(self, point: Point) -> bool:
        x0, y0, x1, y1 = self.bbox
        return min(x0, x1) <= point[0] <= max(x0, x1) and min(y0, y1) <= point[1] <= max(y0, y1)


@dataclass(frozen=True)
class SheetScales:
    default: Scale | None                 # None: the drawing has no units and is not calibrated
    viewports: tuple[Viewport, ...] = ()

    def viewport_for(self, points: Sequence[Point]) -> Viewport | None:
        """The viewport that holds all the points (the last such one), if any."""
        for viewport in reversed(self.viewports):
            if all(viewport.contains(p) for p in points):
                return viewport
        return None

    def scale_for(self, points: Sequence[Point]) -> Scale | None:
        viewport = self.viewport_for(points)
        return viewport.scale if viewport is not None else self.default

    def viewport(self, name: str) -> Viewport:
        for viewport in self.viewports:
            if viewport.name == name:
                return viewport
        raise ScaleError(f"this sheet has no viewport named {name!r}")

    def with_viewport(self, viewport: Viewport) -> SheetScales:
        """Adds a viewport, replacing one of the same name."""
        kept = tuple(v for v in self.viewports if v.name != viewport.name)
        return replace(self, viewports=kept + (viewport,))

    def check_new_name(self, name: str) -> None:
        """Refuses a name no viewport could take: empty, or another one's."""
        if not name.strip():
            raise ScaleError("a viewport needs a name")
        if any(v.name == name for v in self.viewports):
            raise ScaleError(f"this sheet already has a viewport named {name!r}")

    def with_viewport_changed(self, name: str, viewport: Viewport) -> SheetScales:
        """Puts `viewport` (renamed or rescaled) where the one named `name` is: the order
        decides which of overlapping viewports measures."""
        self.viewport(name)
        if viewport.name != name:
            self.check_new_name(viewport.name)
        return replace(self, viewports=tuple(viewport if v.name == name else v
                                             for v in self.viewports))

    def without_viewport(self, name: str) -> SheetScales:
        self.viewport(name)
        return replace(self, viewports=tuple(v for v in self.viewports if v.name != name))


PAPER_SCALE = Scale(MM_PER_POINT, "1:1 (paper)")


def ratio_label(ratio: float) -> str:
    """'1:100' for a drawing at a hundredth of real size, '5:1' for one five times larger;
    rounded to a whole ratio when it is within 0.5% of one."""
    if ratio >= 1:
        whole = round(ratio)
        return f"1:{whole}" if abs(ratio - whole) <= 0.005 * ratio else f"1:{ratio:.4g}"
    whole = round(1 / ratio)
    return f"{whole}:1" if abs(1 / ratio - whole) <= 0.005 / ratio else f"{1 / ratio:.4g}:1"


def calibrate(p1: Point, p2: Point, known_mm: float, *,
              mm_per_paper_unit: float | None) -> Scale:
    """The scale that makes the distance from p1 to p2 measure `known_mm` millimetres,
    labelled as a ratio to the paper when the sheet's unit on paper is known."""
    distance = math.dist(p1, p2)
    if not math.isfinite(distance) or distance <= 1e-9:
        raise ScaleError("pick two different points to calibrate the scale")
    if not (math.isfinite(known_mm) and known_mm > 0):
        raise ScaleError(f"the known distance must be a positive length, not {known_mm}")
    mm_per_unit = known_mm / distance
    label = ratio_label(mm_per_unit / mm_per_paper_unit) if mm_per_paper_unit \
        else f"1 unit = {format_length(mm_per_unit)}"
    return Scale(mm_per_unit, label)


def ratio_scale(ratio: float, mm_per_paper_unit: float = MM_PER_POINT) -> Scale:
    """A sheet drawn at 1:ratio: a PDF page (in points) or a CAD layout in paper units."""
    return Scale(mm_per_paper_unit * ratio, ratio_label(ratio))


def parse_ratio(text: str) -> float:
    """The ratio of a scale as the reviewer writes it: '1:50' and '50' -> 50, '2:1' -> 0.5."""
    number = r"(\d+(?:[.,]\d+)?)"
    found = re.fullmatch(rf"\s*(?:{number}\s*[:/]\s*)?{number}\s*", text or "")
    paper, real = (float(found.group(1).replace(",", ".")) if found.group(1) else 1.0,
                   float(found.group(2).replace(",", "."))) if found else (0.0, 0.0)
    if paper <= 0 or real <= 0:
        raise ScaleError(f"{text.strip()!r} is not a scale; write it as 1:50, 1:100 or 50")
    return real / paper


def dxf_scale(insunits: int) -> Scale | None:
    """The scale of a DXF sheet from $INSUNITS; None for unitless drawings."""
    from ezdxf import units

    if insunits == 0:
        return None
    try:
        mm = units.conversion_factor(insunits, units.MM)
    except (KeyError, IndexError, ValueError):
        return None
    return Scale(mm, f"drawing units: {units.decode(insunits)}")


# ---- PDF /VP viewports with /Measure (ISO 32000-1 12.9) ------------------------------------

def read_pdf_scales(doc: pymupdf.Document, frame: SheetFrame) -> tuple[SheetScales, list[str]]:
    """The page's /VP viewports that carry a rectilinear /Measure; warnings for those skipped."""
    page_obj = _page_object(doc, frame.index)
    array = mupdf.pdf_dict_get(page_obj, _NAME("VP"))
    warnings: list[str] = []
    viewports = []
    for number in range(mupdf.pdf_array_len(array) if mupdf.pdf_is_array(array) else 0):
        try:
            viewports.append(_read_viewport(mupdf.pdf_array_get(array, number), number, frame))
        except (ValueError, ScaleError) as exc:
            warnings.append(f"sheet {frame.index}: viewport {number + 1} has no usable scale"
                            f" ({exc}); measuring there uses the paper scale")
    return SheetScales(PAPER_SCALE, tuple(viewports)), warnings


def _read_viewport(entry, number: int, frame: SheetFrame) -> Viewport:
    measure_dict = mupdf.pdf_dict_get(entry, _NAME("Measure"))
    subtype = mupdf.pdf_to_name(mupdf.pdf_dict_get(measure_dict, _NAME("Subtype")))
    if subtype != "RL":
        raise ValueError(f"measure type {subtype or 'missing'} is not rectilinear")
    box = mupdf.pdf_dict_get(entry, _NAME("BBox"))
    if mupdf.pdf_array_len(box) != 4:
        raise ValueError("its /BBox is not four numbers")
    r = mupdf.pdf_to_rect(box)
    corners = [frame.from_pdf((r.x0, r.y0)), frame.from_pdf((r.x1, r.y1))]
    bbox = (min(c[0] for c in corners), min(c[1] for c in corners),
            max(c[0] for c in corners), max(c[1] for c in corners))
    x_format = mupdf.pdf_array_get(mupdf.pdf_dict_get(measure_dict, _NAME("X")), 0)
    factor = mupdf.pdf_to_real(mupdf.pdf_dict_get(x_format, _NAME("C")))
    unit = mupdf.pdf_to_text_string(mupdf.pdf_dict_get(x_format, _NAME("U"))).strip().lower()
    if unit not in MM_PER_UNIT_NAME:
        raise ValueError(f"unit {unit!r} is not one this program knows")
    mm_per_point = factor * MM_PER_UNIT_NAME[unit]
    ratio = mupdf.pdf_to_text_string(mupdf.pdf_dict_get(measure_dict, _NAME("R"))).strip()
    name = mupdf.pdf_to_text_string(mupdf.pdf_dict_get(entry, _NAME("Name"))).strip()
    return Viewport(name or f"viewport {number + 1}", bbox,
                    Scale(mm_per_point, ratio or ratio_label(mm_per_point / MM_PER_POINT)))


def write_pdf_viewport(doc: pymupdf.Document, frame: SheetFrame, viewport: Viewport) -> None:
    """Writes (or replaces, by name) a viewport with its /Measure into the page's /VP array,
    in metres, as Acrobat writes it, so other readers measure at the reviewer's scale."""
    pdf = mupdf.pdf_document_from_fz_document(doc.this)
    page_obj = _page_object(doc, frame.index)
    array = mupdf.pdf_dict_get(page_obj, _NAME("VP"))
    if not mupdf.pdf_is_array(array):
        array = mupdf.pdf_dict_put_array(page_obj, _NAME("VP"), 1)
    for number in reversed(range(mupdf.pdf_array_len(array))):
        name = mupdf.pdf_dict_get(mupdf.pdf_array_get(array, number), _NAME("Name"))
        if mupdf.pdf_to_text_string(name) == viewport.name:
            mupdf.pdf_array_delete(array, number)
    corners = [frame.to_pdf((viewport.bbox[0], viewport.bbox[1])),
               frame.to_pdf((viewport.bbox[2], viewport.bbox[3]))]
    x0, x1 = sorted(c[0] for c in corners)
    y0, y1 = sorted(c[1] for c in corners)
    entry = mupdf.pdf_new_dict(pdf, 4)
    mupdf.pdf_dict_put(entry, _NAME("Type"), _NAME("Viewport"))
    mupdf.pdf_dict_put_text_string(entry, _NAME("Name"), viewport.name)
    mupdf.pdf_dict_put_rect(entry, _NAME("BBox"), mupdf.FzRect(x0, y0, x1, y1))
    put_measure(entry, viewport.scale.label, viewport.scale.mm_per_unit)
    mupdf.pdf_array_push(array, entry)


def put_measure(owner, ratio_text: str, mm_per_unit: float) -> None:
    """Puts a rectilinear /Measure dictionary (ISO 32000 12.9) into `owner` (a viewport or a
    measurement annotation) as Acrobat and Bluebeam write it: /R the scale as text, /X from
    user-space units to metres, /D distances and /A areas in metres and square metres."""
    pdf = mupdf.pdf_get_bound_document(owner)
    measure_dict = mupdf.pdf_dict_put_dict(owner, _NAME("Measure"), 6)
    mupdf.pdf_dict_put(measure_dict, _NAME("Type"), _NAME("Measure"))
    mupdf.pdf_dict_put(measure_dict, _NAME("Subtype"), _NAME("RL"))
    mupdf.pdf_dict_put_text_string(measure_dict, _NAME("R"), ratio_text)
    for key, unit, factor, places in (("X", "m", mm_per_unit / 1000.0, 1000),
                                      ("D", "m", 1.0, 1000), ("A", "sq m", 1.0, 100)):
        number_format = mupdf.pdf_new_dict(pdf, 4)
        mupdf.pdf_dict_put(number_format, _NAME("Type"), _NAME("NumberFormat"))
        mupdf.pdf_dict_put_text_string(number_format, _NAME("U"), unit)
        mupdf.pdf_dict_put_real(number_format, _NAME("C"), factor)
        mupdf.pdf_dict_put_int(number_format, _NAME("D"), places)
        mupdf.pdf_dict_put(number_format, _NAME("F"), _NAME("D"))
        mupdf.pdf_array_push(mupdf.pdf_dict_put_array(measure_dict, _NAME(key), 1),
                             number_format)


def _page_object(doc: pymupdf.Document, index: int):
    pdf = mupdf.pdf_document_from_fz_document(doc.this)
    return mupdf.pdf_load_object(pdf, doc.page_xref(index))


_NAME = mupdf.pdf_new_name


# ---- computations ------------------------------------------------------------------------

def polyline_length(points: Sequence[Point]) -> float:
    return sum(math.dist(a, b) for a, b in zip(points, points[1:]))


def polygon_area(points: Sequence[Point]) -> float:
    """Shoelace area of the closed polygon (sign-free)."""
    total = 0.0
    for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1]):
        total += x0 * y1 - x1 * y0
    return abs(total) / 2.0


def polygon_perimeter(points: Sequence[Point]) -> float:
    return polyline_length(list(points) + [points[0]])


def angle_degrees(points: Sequence[Point]) -> float:
    """The angle at the middle point between the rays to the first and the last, 0..180."""
    (ax, ay), (vx, vy), (bx, by) = points[0], points[1], points[2]
    a = math.atan2(ay - vy, ax - vx)
    b = math.atan2(by - vy, bx - vx)
    degrees = abs(math.degrees(a - b)) % 360.0
    return 360.0 - degrees if degrees > 180.0 else degrees


def measure(markup: Markup, scales: SheetScales) -> Measurement:
    """The measured value of a length, polylength, area, count or angle markup."""
    kind = markup.kind
    if kind not in MEASURE_KINDS:
        raise ScaleError(f"a {kind} markup has nothing to measure")
    points = list(markup.points)
    if kind == MarkupKind.COUNT:
        return Measurement(float(len(points)), "count")
    if kind == MarkupKind.ANGLE:
        return Measurement(angle_degrees(points), "deg")
    scale = scales.scale_for(points)
    if scale is None:
        raise ScaleError("this sheet has no units: calibrate its scale with two points"
                         " and a known distance first")
    if kind == MarkupKind.AREA:
        return Measurement(polygon_area(points) * scale.mm_per_unit ** 2, "mm2",
                           perimeter=polygon_perimeter(points) * scale.mm_per_unit,
                           scale=scale.label)
    return Measurement(polyline_length(points) * scale.mm_per_unit, "mm", scale=scale.label)


# ---- formatting --------------------------------------------------------------------------

@dataclass(frozen=True)
class MeasureWords:
    """The unit symbols and words written beside measured numbers, one set per language
    (`MEASURE_WORDS`): the interface shows those of its language, a letter or an export those
    of the language it is written in. Kept here, not in the Qt translations, because files
    are also written by the command line, without Qt."""
    mm: str = "mm"
    m: str = "m"
    km: str = "km"
    square_mm: str = "mm²"
    square_m: str = "m²"
    perimeter: str = "perimeter"


ENGLISH = MeasureWords()
ARABIC = MeasureWords(mm="مم", m="م", km="كم", square_mm="مم²", square_m="م²",
                      perimeter="المحيط")
MEASURE_WORDS = {"en": ENGLISH, "ar": ARABIC}


def format_length(mm: float, words: MeasureWords = ENGLISH) -> str:
    """Millimetres below a metre (whole, or one decimal under 10 mm), metres above."""
    if abs(mm) < 10:
        return f"{mm:.1f} {words.mm}"
    if abs(mm) < 1000:
        return f"{mm:.0f} {words.mm}"
    return f"{mm / 1000:.2f} {words.m}" if abs(mm) < 1e6 else f"{mm / 1e6:.3f} {words.km}"


def format_area(mm2: float, words: MeasureWords = ENGLISH) -> str:
    """Square metres: three decimals below 1 m2, two above; cm2-sized areas stay in mm2."""
    m2 = mm2 / 1e6
    if abs(m2) < 0.01:
        return f"{mm2:.0f} {words.square_mm}"
    return f"{m2:.3f} {words.square_m}" if abs(m2) < 1 else f"{m2:,.2f} {words.square_m}"


def format_measurement(measurement: Measurement, words: MeasureWords = ENGLISH) -> str:
    if measurement.unit == "mm":
        return format_length(measurement.value, words)
    if measurement.unit == "mm2":
        text = format_area(measurement.value, words)
        if measurement.perimeter is not None:
            text += f" ({words.perimeter} {format_length(measurement.perimeter, words)})"
        return text
    if measurement.unit == "deg":
        return f"{measurement.value:.1f}°"
    return f"{measurement.value:.0f}"
