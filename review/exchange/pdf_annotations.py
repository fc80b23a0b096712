"""Markups as standard PDF annotations, and the annotations already in a consultant's PDF.

Writing: a copy of the source with one annotation per markup, each with an appearance stream
(viewers without their own drawing code, browsers among them, show only that):
cloud = Polygon with a cloudy border effect, callout = FreeText /FreeTextCallout, text =
FreeText, arrow = Line with an arrow head, line = Line, rectangle = Square, ellipse = Circle,
polyline and angle = PolyLine, freehand = Ink, highlight = Square with opacity, stamp = Stamp,
length = Line /LineDimension, polylength = PolyLine /PolyLineDimension, area = Polygon
/PolygonDimension, count = Ink with a cross per point. Author in /T, discipline in /Subj, the
markup id in /NM, replies as Text annotations in reply (/IRT), the status as a Review-state
reply. The copy is saved incrementally: every byte of the original stays as it was, the
consultant's own annotations and keys we do not know (/BSIColumnData) included.

Reading: the consultant's annotations become read-only markups; our own (carrying the
/PlanReviewMarkup key) come back exactly as written.
"""
from __future__ import annotations

import html
import itertools
import json
import math
import re
import shutil
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pymupdf
from pymupdf import mupdf

from review.arabic import arabic_font_css, is_right_to_left
from review.markup_shapes import (
    DASH_PATTERN,
    MarkupShapes,
    TextRun,
    nearest_edge_midpoint,
    shapes_of,
)
from review.errors import PlanReviewError
from review.exchange.frames import check_placement, pdf_frames
from review.exchange.markups_json import MarkupsFormatError, markup_from_dict, markup_to_dict
from review.markups import (
    BOX_KINDS,
    STANDARD_STAMPS,
    Discipline,
    Markup,
    MarkupError,
    MarkupKind,
    MarkupStatus,
    Reply,
    Style,
    colour_of,
    columns_from,
    load_disciplines,
    rgb,
    utc_now,
)
from review.measure import (
    MM_PER_POINT,
    Viewport,
    format_measurement,
    polygon_area,
    polyline_length,
    put_measure,
    ratio_label,
    write_pdf_viewport,
)
from review.shx_text import is_shx_text

PRIVATE_KEY = "PlanReviewMarkup"
STATE_OF_STATUS = {MarkupStatus.OPEN: "None", MarkupStatus.ANSWERED: "Accepted",
                   MarkupStatus.RESOLVED: "Completed", MarkupStatus.VOID: "Cancelled"}
STATUS_OF_STATE = {"None": MarkupStatus.OPEN, "Accepted": MarkupStatus.ANSWERED,
                   "Rejected": MarkupStatus.OPEN, "Completed": MarkupStatus.RESOLVED,
                   "Cancelled": MarkupStatus.VOID}
HIDDEN_REPLY_FLAGS = pymupdf.PDF_ANNOT_IS_HIDDEN | pymupdf.PDF_ANNOT_IS_NO_ZOOM \
    | pymupdf.PDF_ANNOT_IS_NO_ROTATE
NOT_MARKUPS = {"Popup", "Link", "Widget", "PrinterMark", "TrapNet", "Watermark", "3D",
               "Screen", "Movie", "RichMedia", "Projection"}


class PdfAnnotationError(PlanReviewError):
    """The PDF cannot be annotated or its annotations cannot be read."""


@dataclass(frozen=True)
class PdfWriteReport:
    path: Path
    annotations: int
    incremental: bool            # False only when a damaged source had to be rewritten whole
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChangedElsewhere:
    """One of our markups that another program changed after we wrote it, and what changed:
    "text", "points", "colour", "author", "replies", "status"."""
    markup_id: uuid.UUID
    fields: tuple[str, ...]

    def describe(self) -> str:
        return f"markup {self.markup_id} was changed in another program: {', '.join(self.fields)}"


@dataclass(frozen=True)
class AnnotationImport:
    markups: tuple[Markup, ...]
    warnings: tuple[str, ...] = ()
    changed: tuple[ChangedElsewhere, ...] = ()


# ---- writing -----------------------------------------------------------------------------

def write_annotated_pdf(source: Path, markups: Sequence[Markup], out: Path, *,
                        disciplines: Mapping[str, Discipline] | None = None,
                        viewports: Mapping[int, Sequence[Viewport]] | None = None,
                        password: str | None = None) -> PdfWriteReport:
    """Writes `out`: the source with the markups as annotations and the reviewer's scales
    as /VP viewports. The source is never modified."""
    source, out = Path(source), Path(out)
    if out.resolve() == source.resolve():
        raise PdfAnnotationError("the marked-up copy must be a new file, not the source itself")
    disciplines = load_disciplines() if disciplines is None else disciplines
    ours = [m for m in markups if not m.read_only]
    warnings: list[str] = []
    doc = _open(source, password)
    try:
        incremental = doc.can_save_incrementally() and not doc.is_repaired
        if incremental:
            doc.close()
            shutil.copyfile(source, out)
            doc = _open(out, password)
        else:
            warnings.append(f"{source.name} is damaged and was repaired on reading, so the"
                            f" marked-up copy is written in full (the original is untouched)")
        frames = pdf_frames(doc)
        check_placement(ours, frames, source_name=source.name)
        for sheet, sheet_viewports in (viewports or {}).items():
            for viewport in sheet_viewports:
                write_pdf_viewport(doc, frames[sheet], viewport)
        column_names = _write_column_names(doc, ours)
        with _quick_annotation_calls():
            for sheet, on_sheet in itertools.groupby(sorted(ours, key=lambda m: (m.sheet, m.z)),
                                                     key=lambda m: m.sheet):
                _write_sheet(doc, sheet, on_sheet, disciplines, column_names)
        if incremental:
            doc.saveIncr()
        else:
            doc.save(out, garbage=0)
    except (RuntimeError, ValueError) as exc:
        raise PdfAnnotationError(f"{source.name} could not be annotated: {exc}") from exc
    finally:
        doc.close()
    return PdfWriteReport(out, len(ours), incremental, tuple(warnings))


def _write_column_names(doc: pymupdf.Document, markups: Sequence[Markup]) -> list[str]:
    """The user columns as Bluebeam keeps them: their names in the catalog's
    /BSIAnnotColumns (the consultant's own first, in their order), each annotation's values
    in its /BSIColumnData by the same index. No columns, no keys."""
    existing = _bluebeam_columns(doc)
    wanted = sorted({name for m in markups for name, _ in m.columns} - set(existing))
    if not wanted:
        return existing if any(m.columns for m in markups) else []
    names = existing + wanted
    pdf = mupdf.pdf_document_from_fz_document(doc.this)
    catalog = mupdf.pdf_dict_get(mupdf.pdf_trailer(pdf), mupdf.PDF_ENUM_NAME_Root)
    array = mupdf.pdf_new_array(pdf, len(names))
    for name in names:
        entry = mupdf.pdf_new_dict(pdf, 1)
        mupdf.pdf_dict_put_text_string(entry, mupdf.PDF_ENUM_NAME_Name, name)
        mupdf.pdf_array_push(array, entry)
    mupdf.pdf_dict_puts(catalog, "BSIAnnotColumns", array)
    return names


@contextmanager
def _quick_annotation_calls() -> Iterator[None]:
    """Two per-annotation costs in PyMuPDF that do nothing for us while we write. It gives
    each new annotation a unique /NM by searching all the names on its page (n**2 over a
    sheet's replies); we set /NM to the markup id ourselves, so a counter names the rest.
    Annot.update first runs a 30,000-step busy loop (PyMuPDF's own timing test), which alone
    would take 9 s for 10,000 markups."""
    original_naming, original_timing = pymupdf.JM_add_annot_id, pymupdf.Annot.update_timing_test
    counter = itertools.count()

    def provisional_name(annot, stem):
        mupdf.pdf_dict_puts(mupdf.pdf_annot_obj(annot), "NM",
                            mupdf.pdf_new_text_string(f"planreview-{stem}{next(counter)}"))

    pymupdf.JM_add_annot_id = provisional_name
    pymupdf.Annot.update_timing_test = staticmethod(lambda: 0)
    try:
        yield
    finally:
        pymupdf.JM_add_annot_id = original_naming
        pymupdf.Annot.update_timing_test = original_timing


def _write_sheet(doc: pymupdf.Document, number: int, markups: Iterator[Markup],
                 disciplines: Mapping[str, Discipline], column_names: Sequence[str]) -> None:
    """Each markup is drawn through MuPDF on a blank scratch page shaped like the sheet, its
    annotations are copied onto the end of the sheet's /Annots and removed from the scratch
    page. MuPDF's work per new annotation grows with the annotations already on its page, so
    drawing 10,000 markups on the sheet itself would take minutes."""
    page = doc[number]
    mediabox, cropbox, rotation, page_xref = page.mediabox, page.cropbox, page.rotation, page.xref
    del page  # the sheet's /Annots changes underneath; a loaded page would not see it
    target = mupdf.pdf_document_from_fz_document(doc.this)
    sheet_ref = mupdf.pdf_new_indirect(target, page_xref, 0)
    annots = mupdf.pdf_dict_get(sheet_ref, mupdf.PDF_ENUM_NAME_Annots)  # maybe indirect: kept so
    if not mupdf.pdf_is_array(annots):
        annots = mupdf.pdf_dict_put_array(sheet_ref, mupdf.PDF_ENUM_NAME_Annots, 1)
    scratch = pymupdf.open()
    copied_fonts: dict[int, mupdf.PdfObj] = {}   # scratch font object -> its copy on the sheet
    try:
        canvas = scratch.new_page(width=mediabox.width, height=mediabox.height)
        canvas.set_mediabox(mediabox)
        canvas.set_cropbox(cropbox)
        canvas.set_rotation(rotation)
        canvas_page = mupdf.pdf_page_from_fz_page(canvas.this)
        for markup in markups:
            _write_markup(canvas, markup, disciplines, column_names)
            # MuPDF redraws what changed after PyMuPDF's update (as it would on the sheet)
            mupdf.pdf_update_page(canvas_page)
            graft_map = mupdf.pdf_new_graft_map(target)   # one per markup: replies keep /IRT
            annot = mupdf.pdf_first_annot(canvas_page)
            while annot.m_internal:
                scratch_obj = mupdf.pdf_annot_obj(annot)
                mupdf.pdf_dict_del(scratch_obj, mupdf.PDF_ENUM_NAME_P)  # else the page comes too
                shared = _unhook_copied_fonts(scratch_obj, copied_fonts)
                copy = mupdf.pdf_graft_mapped_object(graft_map, scratch_obj)
                _hook_fonts(copy, scratch_obj, shared, copied_fonts)
                mupdf.pdf_dict_put(copy, mupdf.PDF_ENUM_NAME_P, sheet_ref)
                mupdf.pdf_array_push(annots, copy)
                annot = mupdf.pdf_next_annot(annot)
            while (annot := mupdf.pdf_first_annot(canvas_page)).m_internal:
                mupdf.pdf_delete_annot(canvas_page, annot)
    finally:
        scratch.close()


def _appearance_fonts(annot_obj: mupdf.PdfObj) -> mupdf.PdfObj:
    """The /Font resources of the annotation's normal appearance (a null object if none)."""
    return mupdf.pdf_dict_getl(annot_obj, mupdf.PDF_ENUM_NAME_AP, mupdf.PDF_ENUM_NAME_N,
                               mupdf.PDF_ENUM_NAME_Resources, mupdf.PDF_ENUM_NAME_Font)


def _unhook_copied_fonts(annot_obj: mupdf.PdfObj,
                         copied_fonts: Mapping[int, mupdf.PdfObj]) -> dict[str, mupdf.PdfObj]:
    """Takes the fonts already on the sheet out of the appearance before it is copied, so
    each text appearance does not bring its own copy of the whole font (33 kB and more)."""
    fonts = _appearance_fonts(annot_obj)
    shared: dict[str, mupdf.PdfObj] = {}
    for i in range(mupdf.pdf_dict_len(fonts) if fonts.m_internal else 0):
        name = mupdf.pdf_to_name(mupdf.pdf_dict_get_key(fonts, i))
        font = mupdf.pdf_dict_get_val(fonts, i)
        if mupdf.pdf_is_indirect(font) and mupdf.pdf_to_num(font) in copied_fonts:
            shared[name] = copied_fonts[mupdf.pdf_to_num(font)]
    for name in shared:
        mupdf.pdf_dict_dels(fonts, name)
    return shared


def _hook_fonts(copy: mupdf.PdfObj, annot_obj: mupdf.PdfObj, shared: Mapping[str, mupdf.PdfObj],
                copied_fonts: dict[int, mupdf.PdfObj]) -> None:
    """Puts the sheet's copies of the shared fonts into the copied appearance, and notes the
    fonts this copy brought for the markups that follow."""
    fonts, copied = _appearance_fonts(annot_obj), _appearance_fonts(copy)
    for i in range(mupdf.pdf_dict_len(fonts) if fonts.m_internal else 0):
        font = mupdf.pdf_dict_get_val(fonts, i)
        if mupdf.pdf_is_indirect(font):
            copied_fonts[mupdf.pdf_to_num(font)] = mupdf.pdf_dict_get(
                copied, mupdf.pdf_dict_get_key(fonts, i))
    for name, font in shared.items():
        mupdf.pdf_dict_puts(copied, name, font)


def _open(path: Path, password: str | None) -> pymupdf.Document:
    try:
        doc = pymupdf.open(path, filetype="pdf")
    except (RuntimeError, ValueError) as exc:
        raise PdfAnnotationError(f"{path.name} cannot be opened as a PDF: {exc}") from exc
    if doc.needs_pass and not doc.authenticate(password or ""):
        doc.close()
        raise PdfAnnotationError(f"{path.name} is encrypted: give its password"
                                 if not password else f"the password does not open {path.name}")
    return doc


def _write_markup(page: pymupdf.Page, markup: Markup,
                  disciplines: Mapping[str, Discipline], column_names: Sequence[str]) -> None:
    colour = rgb(colour_of(markup, disciplines))
    derotate = page.derotation_matrix
    points = [pymupdf.Point(p) * derotate for p in markup.points]
    shapes = shapes_of(markup)   # displayed page coordinates, points: as the canvas draws
    annot = _ADDERS[markup.kind](page, markup, points, colour, shapes)
    discipline = disciplines.get(markup.discipline)
    annot.set_info(title=markup.author, subject=discipline.name_en if discipline else
                   markup.discipline, content=contents_of(markup),
                   creationDate=pdf_date(markup.created), modDate=pdf_date(markup.modified))
    doc = page.parent
    annot_obj = mupdf.pdf_annot_obj(annot.this)
    mupdf.pdf_dict_puts(annot_obj, "NM", mupdf.pdf_new_text_string(str(markup.id)))
    mupdf.pdf_dict_puts(annot_obj, PRIVATE_KEY, mupdf.pdf_new_text_string(
        json.dumps(markup_to_dict(markup), ensure_ascii=False, separators=(",", ":"))))
    if column_names:
        values = mupdf.pdf_new_array(mupdf.pdf_get_bound_document(annot_obj), len(column_names))
        for name in column_names:
            mupdf.pdf_array_push(values, mupdf.pdf_new_text_string(markup.column(name)))
        mupdf.pdf_dict_puts(annot_obj, "BSIColumnData", values)
    _paint(page, annot, markup, shapes, colour)  # last: MuPDF would draw its own otherwise
    where = pymupdf.Rect(annot.rect.tl, annot.rect.tl + (16, 16))
    for reply in markup.replies:
        _add_reply(page, annot, where, reply.author, reply.text, reply.date)
    if markup.status != MarkupStatus.OPEN:
        state = _add_reply(page, annot, where, markup.author,
                           f"{STATE_OF_STATUS[markup.status]} set by {markup.author}",
                           markup.modified)
        doc.xref_set_key(state.xref, "StateModel", "/Review")
        doc.xref_set_key(state.xref, "State", f"/{STATE_OF_STATUS[markup.status]}")


def _add_reply(page, parent, where: pymupdf.Rect, author: str, text: str,
               date: datetime) -> pymupdf.Annot:
    reply = page.add_text_annot(where.tl, text, icon="Comment")
    reply.set_info(title=author, content=text, creationDate=pdf_date(date),
                   modDate=pdf_date(date))
    reply.set_flags(HIDDEN_REPLY_FLAGS)
    reply.set_irt_xref(parent.xref)
    page.parent.xref_set_key(reply.xref, "RT", "/R")
    return reply


def contents_of(markup: Markup) -> str:
    if markup.measurement is None:
        return markup.text
    value = format_measurement(markup.measurement)
    return f"{markup.text}\n{value}" if markup.text else value


def pdf_date(value: datetime) -> str:
    return value.astimezone(timezone.utc).strftime("D:%Y%m%d%H%M%S+00'00'")


# -- the annotation dictionaries: their standard keys, so a reader that draws its own
#    appearance (or edits the markup) knows what it is. The appearance is ours (_paint).

def _finish(annot: pymupdf.Annot, markup: Markup, colour, *, clouds: int = -1) -> pymupdf.Annot:
    style = markup.style
    width = style.width
    annot.set_border(width=width, dashes=[round(d * width, 2) or 1 for d in DASH_PATTERN]
                     if style.dashed else None, clouds=clouds)
    annot.set_colors(stroke=colour, fill=rgb(style.fill) if style.fill else None)
    annot.set_opacity(style.opacity)
    annot.update()
    return annot


def _add_polygon(page, markup, points, colour, shapes):
    annot = page.add_polygon_annot(points)
    if markup.kind == MarkupKind.AREA:
        _set_intent(annot, "PolygonDimension")
    return _finish(annot, markup, colour, clouds=2 if markup.kind == MarkupKind.CLOUD else -1)


def _add_polyline(page, markup, points, colour, shapes):
    annot = page.add_polyline_annot(points)
    if markup.kind == MarkupKind.POLYLENGTH:
        _set_intent(annot, "PolyLineDimension")
    return _finish(annot, markup, colour)


def _add_line(page, markup, points, colour, shapes):
    annot = page.add_line_annot(points[0], points[-1])
    if markup.kind == MarkupKind.ARROW:
        annot.set_line_ends(pymupdf.PDF_ANNOT_LE_NONE, pymupdf.PDF_ANNOT_LE_CLOSED_ARROW)
    elif markup.kind == MarkupKind.LENGTH:
        _set_intent(annot, "LineDimension")
    return _finish(annot, markup, colour)


def _add_box(page, markup, points, colour, shapes):
    rect = pymupdf.Rect(points[0], points[1]).normalize()
    if markup.kind == MarkupKind.ELLIPSE:
        return _finish(page.add_circle_annot(rect), markup, colour)
    annot = page.add_rect_annot(rect)
    if markup.kind == MarkupKind.HIGHLIGHT:
        # A translucent filled box: shows over vector drawings, unlike text-bound Highlight.
        annot.set_border(width=0)
        annot.set_colors(stroke=colour, fill=colour)
        annot.set_opacity(markup.style.opacity * shapes.tint_opacity)
        annot.update()
        return annot
    return _finish(annot, markup, colour)


def _add_ink(page, markup, points, colour, shapes):
    strokes = [path.flattened() for path in shapes.strokes]   # counts: the circles drawn
    derotate = page.derotation_matrix
    return _finish(page.add_ink_annot([[tuple(pymupdf.Point(q) * derotate) for q in s]
                                       for s in strokes]), markup, colour)


def _set_intent(annot: pymupdf.Annot, intent: str) -> None:
    annot.parent.parent.xref_set_key(annot.xref, "IT", f"/{intent}")


def _add_free_text(page, markup, points, colour, shapes):
    style = markup.style
    box = pymupdf.Rect(shapes.text_box)
    derotate = page.derotation_matrix
    tip = pymupdf.Point(shapes.tip) if shapes.tip is not None else None
    attach = pymupdf.Point(nearest_edge_midpoint(shapes.text_box, shapes.tip)) if tip else None
    annot = page.add_freetext_annot(
        (box * derotate).normalize(), markup.text, fontsize=style.font_size,
        text_color=colour, fill_color=rgb(style.fill) if style.fill else None,
        border_width=style.width,
        callout=[tuple(tip * derotate), tuple(attach * derotate)] if tip else None,
        line_end=pymupdf.PDF_ANNOT_LE_CLOSED_ARROW, rotate=page.rotation)
    annot.set_opacity(style.opacity)
    return annot


def _add_stamp(page, markup, points, colour, shapes):
    box = pymupdf.Rect(markup.points[0], markup.points[1]).normalize()
    label = markup.text or STANDARD_STAMPS[0]
    annot = page.add_stamp_annot((box * page.derotation_matrix).normalize(), stamp=0)
    name = "".join(w.capitalize() for w in re.findall(r"[A-Za-z0-9]+", label)) or "Custom"
    page.parent.xref_set_key(annot.xref, "Name", f"/{name}")
    annot.set_opacity(markup.style.opacity)
    return annot


# -- the appearance: markup_shapes' paths written as PDF path operators, its text runs laid
#    out with MuPDF's HTML layout (which shapes Arabic, sets right-to-left lines and embeds
#    the font it used). The form is drawn in the displayed page's orientation; its /Matrix
#    takes it to the page's user space and its /BBox maps onto exactly the /Rect, so no
#    reader stretches it.

def _paint(page: pymupdf.Page, annot: pymupdf.Annot, markup: Markup, shapes: MarkupShapes,
           colour) -> None:
    height = page.rect.height
    x0, y0, x1, y1 = shapes.bounds()
    if x1 - x0 < 1:
        x0, x1 = x0 - 0.5, x1 + 0.5
    if y1 - y0 < 1:
        y0, y1 = y0 - 0.5, y1 + 0.5
    pdf = mupdf.pdf_get_bound_document(mupdf.pdf_annot_obj(annot.this))
    content, resources = appearance_content(pdf, page, shapes, colour, markup.style)
    # form space is the displayed page with y up: (x, height - y)
    to_displayed = pymupdf.Matrix(1, 0, 0, -1, 0, height)
    to_user = page.derotation_matrix * ~page.transformation_matrix
    matrix = to_displayed * to_user
    bbox = pymupdf.Rect(x0, height - y1, x1, height - y0)
    rect = pymupdf.Rect(x0, y0, x1, y1) * to_user       # = bbox * matrix: no stretching
    annot_obj = mupdf.pdf_annot_obj(annot.this)
    # MuPDF's own call, so that it does not draw the appearance again; then the form's exact
    # /BBox and /Matrix and the annotation's /Rect, which that call would round and move.
    mupdf.pdf_set_annot_appearance(annot.this, "N", None, mupdf.FzMatrix(),
                                   mupdf.FzRect(*bbox), resources, content)
    xobject = mupdf.pdf_dict_getl(annot_obj, mupdf.PDF_ENUM_NAME_AP, mupdf.PDF_ENUM_NAME_N)
    mupdf.pdf_dict_put_rect(xobject, mupdf.PDF_ENUM_NAME_BBox, mupdf.FzRect(*bbox))
    mupdf.pdf_dict_put_matrix(xobject, mupdf.PDF_ENUM_NAME_Matrix, mupdf.FzMatrix(*matrix))
    mupdf.pdf_dict_put_rect(annot_obj, mupdf.PDF_ENUM_NAME_Rect, mupdf.FzRect(*rect))
    doc = page.parent
    if shapes.text_box is not None:
        inner = (pymupdf.Rect(shapes.text_box) * to_user).normalize()
        doc.xref_set_key(annot.xref, "RD", _numbers(inner.x0 - rect.x0, inner.y0 - rect.y0,
                                                    rect.x1 - inner.x1, rect.y1 - inner.y1))
        if shapes.tip is None:
            doc.xref_set_key(annot.xref, "CL", "null")
        else:
            tip = pymupdf.Point(shapes.tip) * to_user
            attach = pymupdf.Point(nearest_edge_midpoint(shapes.text_box, shapes.tip)) * to_user
            doc.xref_set_key(annot.xref, "CL", _numbers(tip.x, tip.y, attach.x, attach.y))
    elif markup.kind in (MarkupKind.RECTANGLE, MarkupKind.ELLIPSE, MarkupKind.HIGHLIGHT):
        half = shapes.pen_width / 2
        doc.xref_set_key(annot.xref, "RD", _numbers(half, half, half, half))
    if markup.kind in MEASURED_INTENTS and markup.measurement is not None:
        mm_per_point = _mm_per_point(markup)
        if mm_per_point:
            put_measure(annot_obj, markup.measurement.scale or ratio_label(
                mm_per_point / MM_PER_POINT), mm_per_point)


def _numbers(*values: float) -> str:
    return "[" + " ".join(f"{v:.4f}".rstrip("0").rstrip(".") for v in values) + "]"


def _mm_per_point(markup: Markup) -> float | None:
    """The measurement's scale, from its value and its geometry (both are exact)."""
    measurement, points = markup.measurement, list(markup.points)
    if markup.kind == MarkupKind.AREA:
        area = polygon_area(points)
        return math.sqrt(measurement.value / area) if area > 0 and measurement.value > 0 \
            else None
    length = polyline_length(points)
    return measurement.value / length if length > 0 and measurement.value > 0 else None


def appearance_content(pdf, page: pymupdf.Page, shapes: MarkupShapes, colour,
                       style: Style) -> tuple[mupdf.FzBuffer, mupdf.PdfObj]:
    """The content stream drawing `shapes` and its resources, in the displayed page's
    coordinates with y up ((x, height - y) of the page's points); the marked-up PDF and the
    XFDF stamps' appearances both draw with it."""
    height = page.rect.height
    device, resources, text_content = mupdf.pdf_page_write(
        pdf, mupdf.FzRect(0, 0, page.rect.width, height))
    for run in shapes.texts:
        _lay_out_text(run, colour)(device)
    mupdf.fz_close_device(device)
    states = mupdf.pdf_dict_put_dict(resources, mupdf.PDF_ENUM_NAME_ExtGState, 2)

    def state(alpha: float) -> str:
        name = f"PRgs{round(alpha * 1000)}"
        if not mupdf.pdf_dict_gets(states, name).m_internal:
            entry = mupdf.pdf_dict_puts_dict(states, name, 3)
            mupdf.pdf_dict_put(entry, mupdf.PDF_ENUM_NAME_Type, mupdf.PDF_ENUM_NAME_ExtGState)
            mupdf.pdf_dict_put_real(entry, mupdf.PDF_ENUM_NAME_CA, alpha)
            mupdf.pdf_dict_put_real(entry, mupdf.PDF_ENUM_NAME_ca, alpha)
        return f"/{name} gs"

    def xy(point) -> str:
        return f"{point[0]:.3f} {height - point[1]:.3f}"

    def paths(items) -> list[str]:
        ops = []
        for item in items:
            ops.append(f"{xy(item.start)} m")
            for segment in item.segments:
                ops.append(" ".join(xy(q) for q in segment) + (" l" if len(segment) == 1
                                                               else " c"))
            if item.closed:
                ops.append("h")
        return ops

    def fill_colour(value) -> str:
        return "%.4f %.4f %.4f rg" % tuple(value)

    ops = ["q"]
    opacity = max(0.0, min(1.0, style.opacity))
    if shapes.tints:
        ops += [state(opacity * shapes.tint_opacity),
                fill_colour(rgb(style.fill) if style.fill else colour)] + paths(shapes.tints)
        ops.append("f")
    ops.append(state(opacity))
    if style.fill and shapes.fills:
        ops += [fill_colour(rgb(style.fill))] + paths(shapes.fills) + ["f"]
    if shapes.strokes and shapes.pen_width > 0:
        ops += ["%.4f %.4f %.4f RG" % tuple(colour), f"{shapes.pen_width:.3f} w", "1 J 1 j"]
        if shapes.dashed:
            ops.append("[" + " ".join(f"{d * shapes.pen_width:.3f}" for d in DASH_PATTERN)
                       + "] 0 d")
        ops += paths(shapes.strokes) + ["S"]
    if shapes.solids:
        ops += ["[] 0 d", fill_colour(colour)] + paths(shapes.solids) + ["f"]
    ops.append("Q")
    vector = ("\n".join(ops) + "\nq\n").encode("ascii")
    content = mupdf.fz_new_buffer_from_copied_data(
        vector + bytes(mupdf.fz_buffer_extract(text_content)) + b"\nQ\n")
    return content, resources


TextPainter = Callable[[mupdf.FzDevice], None]


def _lay_out_text(run: TextRun, colour) -> TextPainter:
    """Lays the run out in its box with MuPDF's HTML layout, shrunk when it does not fit, and
    gives back what draws it onto a device (displayed page coordinates)."""
    text = run.text
    side = run.align or ("right" if is_right_to_left(text) else "left")
    hex_colour = "#%02X%02X%02X" % tuple(round(c * 255) for c in colour)
    css = ("body {margin: 0}" + arabic_font_css() + "p {font-family: sans-serif,"
           f" planreview-arabic; font-size: {run.size:g}px; color: {hex_colour};"
           f" text-align: {side}; margin: 0; font-weight: {'bold' if run.bold else 'normal'};"
           f" line-height: 1.2; white-space: {'normal' if run.wrap else 'nowrap'}}}")
    body = "".join(f"<p dir=\"{'rtl' if is_right_to_left(line) else 'ltr'}\">"
                   f"{html.escape(line) or '&nbsp;'}</p>" for line in text.split("\n"))
    inner = pymupdf.Rect(run.box)
    if inner.is_empty or not text:
        return lambda device: None
    story = pymupdf.Story(body, user_css=css)
    box = pymupdf.Rect(0, 0, inner.width, inner.height)
    more, filled = story.place(box, flags=mupdf.FZ_PLACE_STORY_FLAG_NO_OVERFLOW)
    scale = 1.0
    if more or filled[2] > inner.width + 0.01:
        fit = story.fit_scale(box, scale_min=1, delta=0.01,  # to 1%: finer is not seen
                              flags=mupdf.FZ_PLACE_STORY_FLAG_NO_OVERFLOW)
        scale = 1 / fit.parameter
        story.reset()
        _more, filled = story.place(fit.rect, flags=mupdf.FZ_PLACE_STORY_FLAG_NO_OVERFLOW)
    top = max(0.0, (inner.height - filled[3] * scale) / 2) if run.middle else 0.0
    matrix = pymupdf.Matrix(scale, 0, 0, scale, inner.x0, inner.y0 + top)
    return lambda device: mupdf.fz_draw_story(story.this, device, mupdf.FzMatrix(*matrix))


MEASURED_INTENTS = frozenset({MarkupKind.LENGTH, MarkupKind.POLYLENGTH, MarkupKind.AREA})
_ADDERS = {
    MarkupKind.CLOUD: _add_polygon, MarkupKind.AREA: _add_polygon,
    MarkupKind.POLYLINE: _add_polyline, MarkupKind.POLYLENGTH: _add_polyline,
    MarkupKind.ANGLE: _add_polyline, MarkupKind.LINE: _add_line, MarkupKind.ARROW: _add_line,
    MarkupKind.LENGTH: _add_line, MarkupKind.RECTANGLE: _add_box, MarkupKind.ELLIPSE: _add_box,
    MarkupKind.HIGHLIGHT: _add_box, MarkupKind.FREEHAND: _add_ink, MarkupKind.COUNT: _add_ink,
    MarkupKind.TEXT: _add_free_text, MarkupKind.CALLOUT: _add_free_text,
    MarkupKind.STAMP: _add_stamp,
}


# ---- reading -----------------------------------------------------------------------------

def read_pdf_annotations(path: Path, *, password: str | None = None,
                         disciplines: Mapping[str, Discipline] | None = None) -> AnnotationImport:
    """The markups already in a PDF: the consultant's (read-only) and ours (editable).
    An annotation that cannot be read is reported and left alone in the file."""
    disciplines = load_disciplines() if disciplines is None else disciplines
    doc = _open(Path(path), password)
    try:
        return _read_annotations(doc, disciplines)
    finally:
        doc.close()


def _read_annotations(doc: pymupdf.Document, disciplines) -> AnnotationImport:
    markups: dict[int, Markup] = {}     # by annotation xref
    edited: dict[int, tuple[str, ...]] = {}   # ours, changed by another program: what
    children: list[tuple[int, pymupdf.Annot]] = []
    warnings: list[str] = []
    columns = _bluebeam_columns(doc)
    for page in doc:
        try:
            annots = list(_annots_of(page))
        except (RuntimeError, ValueError) as exc:
            warnings.append(f"sheet {page.number}: the annotation list cannot be read ({exc});"
                            f" it is kept unchanged in the file")
            continue
        for annot in annots:
            try:
                kind_name = annot.type[1]
                if kind_name in NOT_MARKUPS or is_shx_text(doc, annot.xref):
                    continue
                if annot.irt_xref > 0:
                    children.append((annot.irt_xref, annot))
                    continue
                markup, fields = _markup_of(doc, page, annot, disciplines, columns)
            except (RuntimeError, ValueError, TypeError, IndexError, MarkupError,
                    MarkupsFormatError) as exc:
                warnings.append(f"sheet {page.number}: annotation {annot.xref} cannot be shown"
                                f" ({exc}); it is kept unchanged in the file")
                continue
            if markup is None:
                warnings.append(f"sheet {page.number}: annotation {annot.xref}"
                                f" ({annot.type[1]}) has no markup kind here; it is kept"
                                f" unchanged in the file")
            else:
                markups[annot.xref] = markup
                if fields:
                    edited[annot.xref] = fields
    changed: dict[int, set[str]] = {xref: set(fields) for xref, fields in edited.items()}
    for xref, fields in _attach_replies(doc, markups, children).items():
        changed.setdefault(xref, set()).update(fields)
    reports = tuple(ChangedElsewhere(markups[xref].id, tuple(sorted(fields)))
                    for xref, fields in changed.items() if fields)
    return AnnotationImport(tuple(markups.values()),
                            tuple(warnings) + tuple(r.describe() for r in reports), reports)


def _annots_of(page: pymupdf.Page) -> Iterator[pymupdf.Annot]:
    """The page's annotations in order. page.annots() looks each one up by a search through
    the page's list, n**2 for 10,000 markups; following the list is linear."""
    annot = page.first_annot
    while annot is not None:
        yield annot
        annot = annot.next


def _attach_replies(doc, markups: dict[int, Markup], children) -> dict[int, set[str]]:
    """Replies and review states in reply to each markup. For ours, only those another
    program added (ours are in the record): they are added, and a review state newer than
    the markup's last change sets its status. Gives what changed for each of ours."""
    replies: dict[int, list[Reply]] = {}
    states: dict[int, tuple[datetime, MarkupStatus]] = {}
    for parent, annot in children:
        if parent not in markups:
            continue
        markup = markups[parent]
        info = annot.info
        date = parse_pdf_date(info.get("creationDate") or info.get("modDate"))
        if doc.xref_get_key(annot.xref, "StateModel")[1] == "/Review":
            state = STATUS_OF_STATE.get(doc.xref_get_key(annot.xref, "State")[1].lstrip("/"),
                                        MarkupStatus.OPEN)
            if not markup.read_only and (date <= markup.modified or state == markup.status):
                continue   # the state we wrote, or one older than our record
            if parent not in states or states[parent][0] <= date:
                states[parent] = (date, state)
        else:
            reply = Reply(info.get("title", ""), date, info.get("content", ""))
            if not markup.read_only and any(
                    (r.author, r.text) == (reply.author, reply.text)
                    and abs((r.date - reply.date).total_seconds()) <= 1 for r in markup.replies):
                continue   # a reply we wrote
            replies.setdefault(parent, []).append(reply)
    changed: dict[int, set[str]] = {}
    for parent, markup in markups.items():
        if parent in replies or parent in states:
            new_replies = markup.replies + tuple(sorted(replies.get(parent, []),
                                                        key=lambda r: r.date))
            markups[parent] = replace(
                markup, replies=new_replies,
                status=states[parent][1] if parent in states else markup.status)
            if not markup.read_only:
                changed[parent] = ({"replies"} if parent in replies else set()) | (
                    {"status"} if parent in states else set())
    return changed


def _markup_of(doc, page, annot: pymupdf.Annot, disciplines, columns: Sequence[str]
               ) -> tuple[Markup | None, tuple[str, ...]]:
    """The markup an annotation shows, and (for ours) what another program changed in it."""
    kind_of_private, record = doc.xref_get_key(annot.xref, PRIVATE_KEY)
    if kind_of_private != "string":
        return _read_markup(doc, page, annot, disciplines, columns), ()
    ours = markup_from_dict(json.loads(record), where=f"annotation {annot.xref}")
    written_date = pdf_date(ours.modified)
    info = annot.info
    if info.get("modDate", written_date) == written_date and \
            info.get("content", "") == contents_of(ours):
        return ours, ()     # as we wrote it: the record is exact
    seen = _read_markup(doc, page, annot, disciplines, columns)
    return _edits_over(ours, seen, disciplines)


def _edits_over(ours: Markup, seen: Markup | None, disciplines
                ) -> tuple[Markup, tuple[str, ...]]:
    """Our record with what another program changed in the annotation laid over it, field
    by field: the comment, the position or shape, the colour, the author."""
    if seen is None:
        return ours, ()
    changes: dict[str, object] = {}
    text = seen.text
    if ours.measurement is not None:
        value = format_measurement(ours.measurement)
        text = text[:-len(value)].rstrip("\n") if text.endswith(value) else text
    if ours.kind != MarkupKind.STAMP and text != ours.text:
        changes["text"] = text
    points = _moved_points(ours, seen)
    if points is not None:
        changes["points"] = points
    if seen.style.colour and seen.style.colour.upper() != colour_of(ours, disciplines).upper():
        changes["style"] = replace(ours.style, colour=seen.style.colour)
    if seen.author and seen.author != ours.author:
        changes["author"] = seen.author
    if not changes:
        return ours, ()
    fields = tuple("colour" if name == "style" else name for name in changes)
    return replace(ours, **changes, modified=max(seen.modified, ours.modified)), fields


MOVE_TOLERANCE = 0.5   # points: closer than this is the same place, written and read back


def _moved_points(ours: Markup, seen: Markup) -> tuple[tuple[float, float], ...] | None:
    """The markup's points as the other program left them, when it moved or reshaped it;
    None when they are where we put them, or when they cannot be compared (a count's
    points come back as the circles drawn around them)."""
    if ours.kind == MarkupKind.COUNT:
        return None
    mine = list(ours.points)
    if ours.kind in (MarkupKind.TEXT, MarkupKind.CALLOUT):
        # read back as (tip,) and two corners of the box, however the box was given
        x0, y0, x1, y1 = shapes_of(ours).text_box
        mine = mine[:1] * (ours.kind == MarkupKind.CALLOUT) + [(x0, y0), (x1, y1)]
    elif ours.kind in BOX_KINDS:
        box = pymupdf.Rect(mine[0], mine[1]).normalize()
        mine = [(box.x0, box.y0), (box.x1, box.y1)]
    theirs = list(seen.points)
    if len(mine) == len(theirs) and all(math.dist(a, b) <= MOVE_TOLERANCE
                                        for a, b in zip(mine, theirs)):
        return None
    return tuple(theirs)


def _read_markup(doc, page, annot: pymupdf.Annot, disciplines,
                 columns: Sequence[str]) -> Markup | None:
    """What an annotation shows, read from its standard keys alone (read-only markups)."""
    subtype = annot.type[1]
    rotate = page.rotation_matrix
    intent = doc.xref_get_key(annot.xref, "IT")[1].lstrip("/")

    def shown(points) -> tuple[tuple[float, float], ...]:
        return tuple(tuple(pymupdf.Point(p) * rotate) for p in points)

    rect = _inner_rect(doc, annot) * rotate
    corners = ((rect.x0, rect.y0), (rect.x1, rect.y1))
    vertices = annot.vertices or []
    text = annot.info.get("content", "")
    kind: MarkupKind | None = None
    points: tuple[tuple[float, float], ...] = corners
    if subtype == "Polygon":
        cloudy = doc.xref_get_key(annot.xref, "BE/S")[1] == "/C"
        kind = MarkupKind.CLOUD if cloudy else (
            MarkupKind.AREA if intent == "PolygonDimension" else MarkupKind.POLYLINE)
        points = shown(vertices)
        if kind == MarkupKind.POLYLINE:
            points = points + points[:1]
    elif subtype == "PolyLine":
        kind = MarkupKind.POLYLENGTH if intent == "PolyLineDimension" else MarkupKind.POLYLINE
        points = shown(vertices)
    elif subtype == "Line":
        ends = doc.xref_get_key(annot.xref, "LE")[1]
        kind = MarkupKind.LENGTH if intent == "LineDimension" else (
            MarkupKind.ARROW if "Arrow" in ends else MarkupKind.LINE)
        points = shown(vertices)
    elif subtype in ("Square", "Circle"):
        kind = MarkupKind.RECTANGLE if subtype == "Square" else MarkupKind.ELLIPSE
    elif subtype in ("Highlight", "Underline", "StrikeOut", "Squiggly"):
        kind = MarkupKind.HIGHLIGHT
    elif subtype == "Ink":
        kind = MarkupKind.FREEHAND
        points = shown([p for stroke in vertices for p in stroke])
    elif subtype == "FreeText":
        kind = MarkupKind.TEXT
        callout = doc.xref_get_key(annot.xref, "CL")[1].strip("[] ").split()
        if intent == "FreeTextCallout" and len(callout) >= 4:
            user_to_page = annot.parent.transformation_matrix  # /CL is in PDF user space
            tip = pymupdf.Point(float(callout[0]), float(callout[1])) * user_to_page * rotate
            kind = MarkupKind.CALLOUT
            points = ((tip.x, tip.y),) + corners
    elif subtype == "Stamp":
        kind = MarkupKind.STAMP
        text = text or doc.xref_get_key(annot.xref, "Name")[1].lstrip("/")
    elif subtype in ("Text", "Caret", "FileAttachment", "Sound"):
        kind = MarkupKind.TEXT
        points = corners[:1]
    if kind is None:
        return None
    info = annot.info
    colours = annot.colors or {}
    stroke = colours.get("stroke") or colours.get("fill")
    fill = colours.get("fill") if subtype not in ("Highlight",) else None
    created = parse_pdf_date(info.get("creationDate") or info.get("modDate"))
    border = annot.border or {}
    opacity = annot.opacity if annot.opacity is not None and 0 <= annot.opacity <= 1 else 1.0
    width = border.get("width")
    style = Style(colour=hex_colour(stroke), width=float(width) if width and width > 0 else 1.0,
                  opacity=opacity, fill=hex_colour(fill), dashed=bool(border.get("dashes")))
    name = info.get("id", "")
    try:
        markup_id = uuid.UUID(name)
    except ValueError:
        markup_id = uuid.uuid5(uuid.NAMESPACE_OID, f"pdf-annotation:{annot.xref}:{name}")
    return Markup(
        sheet=page.number, kind=kind, points=points, id=markup_id, text=text, style=style,
        discipline=discipline_of(info.get("subject", ""), disciplines),
        author=info.get("title", ""), created=created,
        modified=parse_pdf_date(info.get("modDate")) if info.get("modDate") else created,
        columns=_bluebeam_values(doc, annot.xref, columns),
        origin=f"PDF annotation {annot.xref} ({subtype})")


def _inner_rect(doc, annot: pymupdf.Annot) -> pymupdf.Rect:
    """The annotation's box without its /RD margins (a square's outline, a text box without
    its callout's leader), in MuPDF's page space (y down)."""
    rect = pymupdf.Rect(annot.rect)
    kind, value = doc.xref_get_key(annot.xref, "RD")
    if kind == "array" and annot.type[1] in ("Square", "Circle", "FreeText", "Caret"):
        try:
            left, bottom, right, top = (float(v) for v in value.strip("[] ").split())
        except ValueError:
            return rect
        inner = pymupdf.Rect(rect.x0 + left, rect.y0 + top, rect.x1 - right, rect.y1 - bottom)
        if inner.is_valid and not inner.is_empty:
            return inner
    return rect


def discipline_of(subject: str, disciplines: Mapping[str, Discipline]) -> str:
    wanted = subject.strip().lower()
    for discipline in disciplines.values():
        if wanted in (discipline.id, discipline.name_en.lower(), discipline.abbreviation.lower()):
            return discipline.id
    return "general" if "general" in disciplines else next(iter(disciplines))


def hex_colour(colour) -> str | None:
    if not colour or len(colour) != 3:
        return None
    return "#%02X%02X%02X" % tuple(round(max(0.0, min(1.0, c)) * 255) for c in colour)


def _bluebeam_columns(doc: pymupdf.Document) -> list[str]:
    """Bluebeam's custom column names (/BSIAnnotColumns in the catalog), in index order:
    each a dictionary with a /Name, or a plain string."""
    pdf = mupdf.pdf_document_from_fz_document(doc.this)
    catalog = mupdf.pdf_dict_get(mupdf.pdf_trailer(pdf), mupdf.PDF_ENUM_NAME_Root)
    array = mupdf.pdf_dict_gets(catalog, "BSIAnnotColumns")
    if not mupdf.pdf_is_array(array):
        return []
    names = []
    for i in range(mupdf.pdf_array_len(array)):
        item = mupdf.pdf_array_get(array, i)
        if mupdf.pdf_is_dict(item):
            item = mupdf.pdf_dict_get(item, mupdf.PDF_ENUM_NAME_Name)
        names.append(mupdf.pdf_to_text_string(item) if mupdf.pdf_is_string(item)
                     else mupdf.pdf_to_name(item))
    return names


def _bluebeam_values(doc, xref: int, columns: Sequence[str]) -> tuple[tuple[str, str], ...]:
    pdf = mupdf.pdf_document_from_fz_document(doc.this)
    array = mupdf.pdf_dict_gets(mupdf.pdf_load_object(pdf, xref), "BSIColumnData")
    if not mupdf.pdf_is_array(array):
        return ()
    values = [mupdf.pdf_to_text_string(mupdf.pdf_array_get(array, i))
              for i in range(mupdf.pdf_array_len(array))]
    names = list(columns) + [f"Column {i + 1}" for i in range(len(columns), len(values))]
    return columns_from({names[i]: v for i, v in enumerate(values) if v})


def parse_pdf_date(value: str | None) -> datetime:
    match = re.match(r"D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?"
                     r"(?:([Zz+\-])(\d{2})?'?(\d{2})?'?)?", value or "")
    if not match:
        return utc_now()
    year, month, day, hour, minute, second, sign, off_h, off_m = match.groups()
    try:
        moment = datetime(int(year), int(month or 1), int(day or 1), int(hour or 0),
                          int(minute or 0), int(second or 0), tzinfo=timezone.utc)
    except ValueError:
        return utc_now()
    if sign in ("+", "-"):
        offset = (int(off_h or 0) * 60 + int(off_m or 0)) * (1 if sign == "+" else -1)
        moment -= timedelta(minutes=offset)
    return moment
