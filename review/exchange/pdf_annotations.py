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
from review.errors import PlanReviewError
from review.exchange.frames import check_placement, pdf_frames
from review.exchange.markups_json import MarkupsFormatError, markup_from_dict, markup_to_dict
from review.markups import (
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
from review.measure import Viewport, format_measurement, write_pdf_viewport
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
TEXT_PADDING = 3.0


class PdfAnnotationError(PlanReviewError):
    """The PDF cannot be annotated or its annotations cannot be read."""


@dataclass(frozen=True)
class PdfWriteReport:
    path: Path
    annotations: int
    incremental: bool            # False only when a damaged source had to be rewritten whole
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class AnnotationImport:
    markups: tuple[Markup, ...]
    warnings: tuple[str, ...] = ()


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
        with _quick_annotation_calls():
            for sheet, on_sheet in itertools.groupby(sorted(ours, key=lambda m: (m.sheet, m.z)),
                                                     key=lambda m: m.sheet):
                _write_sheet(doc, sheet, on_sheet, disciplines)
        if incremental:
            doc.saveIncr()
        else:
            doc.save(out, garbage=0)
    except (RuntimeError, ValueError) as exc:
        raise PdfAnnotationError(f"{source.name} could not be annotated: {exc}") from exc
    finally:
        doc.close()
    return PdfWriteReport(out, len(ours), incremental, tuple(warnings))


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
                 disciplines: Mapping[str, Discipline]) -> None:
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
            _write_markup(canvas, markup, disciplines)
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
                  disciplines: Mapping[str, Discipline]) -> None:
    colour = rgb(colour_of(markup, disciplines))
    derotate = page.derotation_matrix
    points = [pymupdf.Point(p) * derotate for p in markup.points]
    annot, paint = _ADDERS[markup.kind](page, markup, points, colour)
    discipline = disciplines.get(markup.discipline)
    annot.set_info(title=markup.author, subject=discipline.name_en if discipline else
                   markup.discipline, content=contents_of(markup),
                   creationDate=pdf_date(markup.created), modDate=pdf_date(markup.modified))
    doc = page.parent
    annot_obj = mupdf.pdf_annot_obj(annot.this)
    mupdf.pdf_dict_puts(annot_obj, "NM", mupdf.pdf_new_text_string(str(markup.id)))
    mupdf.pdf_dict_puts(annot_obj, PRIVATE_KEY, mupdf.pdf_new_text_string(
        json.dumps(markup_to_dict(markup), ensure_ascii=False, separators=(",", ":"))))
    if paint is not None:
        paint()  # last: setting anything else through MuPDF would regenerate the appearance
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


def _finish(annot: pymupdf.Annot, markup: Markup, colour, *, clouds: int = -1) -> pymupdf.Annot:
    style = markup.style
    annot.set_border(width=style.width, dashes=[4, 2] if style.dashed else None, clouds=clouds)
    annot.set_colors(stroke=colour, fill=rgb(style.fill) if style.fill else None)
    annot.set_opacity(style.opacity)
    annot.update()
    return annot, None


def _add_polygon(page, markup, points, colour):
    annot = page.add_polygon_annot(points)
    if markup.kind == MarkupKind.AREA:
        _set_intent(annot, "PolygonDimension")
    return _finish(annot, markup, colour, clouds=2 if markup.kind == MarkupKind.CLOUD else -1)


def _add_polyline(page, markup, points, colour):
    annot = page.add_polyline_annot(points)
    if markup.kind == MarkupKind.POLYLENGTH:
        _set_intent(annot, "PolyLineDimension")
    return _finish(annot, markup, colour)


def _add_line(page, markup, points, colour):
    annot = page.add_line_annot(points[0], points[-1])
    if markup.kind == MarkupKind.ARROW:
        annot.set_line_ends(pymupdf.PDF_ANNOT_LE_NONE, pymupdf.PDF_ANNOT_LE_CLOSED_ARROW)
    elif markup.kind == MarkupKind.LENGTH:
        _set_intent(annot, "LineDimension")
        annot.set_line_ends(pymupdf.PDF_ANNOT_LE_OPEN_ARROW, pymupdf.PDF_ANNOT_LE_OPEN_ARROW)
    return _finish(annot, markup, colour)


def _add_box(page, markup, points, colour):
    rect = pymupdf.Rect(points[0], points[1]).normalize()
    if markup.kind == MarkupKind.ELLIPSE:
        return _finish(page.add_circle_annot(rect), markup, colour)
    annot = page.add_rect_annot(rect)
    if markup.kind == MarkupKind.HIGHLIGHT:
        # A translucent filled box: shows over vector drawings, unlike text-bound Highlight.
        annot.set_border(width=0)
        annot.set_colors(stroke=colour, fill=colour)
        annot.set_opacity(markup.style.opacity if markup.style.opacity < 1 else 0.35)
        annot.update()
        return annot, None
    return _finish(annot, markup, colour)


def _add_ink(page, markup, points, colour):
    if markup.kind == MarkupKind.COUNT:
        size = max(3.0, markup.style.font_size / 3)
        strokes = []
        for p in points:
            strokes += [[p + (-size, -size), p + (size, size)], [p + (-size, size), p + (size, -size)]]
    else:
        strokes = [points]
    return _finish(page.add_ink_annot([[tuple(q) for q in s] for s in strokes]), markup, colour)


def _set_intent(annot: pymupdf.Annot, intent: str) -> None:
    annot.parent.parent.xref_set_key(annot.xref, "IT", f"/{intent}")


# -- text-bearing annotations draw their own appearance through MuPDF's HTML layout, which
#    shapes Arabic and sets right-to-left text, and embeds the font it used.

def _add_free_text(page, markup, points, colour):
    displayed = [pymupdf.Point(p) for p in markup.points]
    style = markup.style
    if markup.kind == MarkupKind.CALLOUT:
        tip, box = displayed[0], _text_box(markup, displayed[1:])
        attach = _nearest_edge_midpoint(box, tip)
        outer = pymupdf.Rect(box) | tip
    else:
        tip = attach = None
        box = _text_box(markup, displayed)
        outer = pymupdf.Rect(box)
    outer = outer + (-6, -6, 6, 6)
    derotate = page.derotation_matrix
    annot = page.add_freetext_annot(
        (box * derotate).normalize(), markup.text, fontsize=style.font_size,
        text_color=colour, fill_color=rgb(style.fill) if style.fill else None,
        border_width=style.width,
        callout=[tuple(tip * derotate), tuple(attach * derotate)] if tip else None,
        line_end=pymupdf.PDF_ANNOT_LE_CLOSED_ARROW, rotate=page.rotation)
    annot.set_opacity(style.opacity)

    def draw(canvas: pymupdf.Page, offset: pymupdf.Point) -> TextPainter:
        local = pymupdf.Rect(box) - (offset.x, offset.y, offset.x, offset.y)
        if style.fill:
            canvas.draw_rect(local, color=None, fill=rgb(style.fill))
        if style.width > 0:
            canvas.draw_rect(local, color=colour, width=style.width,
                             dashes="[4 2] 0" if style.dashed else None)
        if tip is not None:
            _draw_arrow(canvas, attach - offset, tip - offset, colour, style.width)
        return _lay_out_text(local, markup.text, colour, style.font_size, align=None)

    def paint() -> None:
        doc = page.parent
        if tip is None:
            doc.xref_set_key(annot.xref, "CL", "null")
        # MuPDF's own rectangle calls take displayed (rotated) page coordinates.
        mupdf.pdf_set_annot_rect(annot.this, mupdf.FzRect(*outer))
        outer_u = (outer * derotate).normalize()
        box_u = (box * derotate).normalize()
        doc.xref_set_key(annot.xref, "RD", f"[{box_u.x0 - outer_u.x0:g} {box_u.y0 - outer_u.y0:g}"
                                           f" {outer_u.x1 - box_u.x1:g} {outer_u.y1 - box_u.y1:g}]")
        _set_appearance(page, annot, outer, draw)

    return annot, paint


def _add_stamp(page, markup, points, colour):
    box = pymupdf.Rect(markup.points[0], markup.points[1]).normalize()
    label = markup.text or STANDARD_STAMPS[0]
    annot = page.add_stamp_annot((box * page.derotation_matrix).normalize(), stamp=0)
    name = "".join(w.capitalize() for w in re.findall(r"[A-Za-z0-9]+", label)) or "Custom"
    page.parent.xref_set_key(annot.xref, "Name", f"/{name}")
    annot.set_opacity(markup.style.opacity)
    width = max(markup.style.width, 2.0)

    def draw(canvas: pymupdf.Page, offset: pymupdf.Point) -> TextPainter:
        local = canvas.rect + (width, width, -width, -width)
        canvas.draw_rect(local, color=colour, width=width, radius=0.08)
        size = min(local.height * 0.45, markup.style.font_size * 2)
        return _lay_out_text(local, label.upper(), colour, size, align="center", bold=True,
                             middle=True)

    def paint() -> None:
        mupdf.pdf_set_annot_rect(annot.this, mupdf.FzRect(*box))
        _set_appearance(page, annot, box, draw)

    return annot, paint


def _text_box(markup: Markup, points: list[pymupdf.Point]) -> pymupdf.Rect:
    """Two points give the box; one gives its top-left corner and the text its size."""
    if len(points) >= 2:
        return pymupdf.Rect(points[-2], points[-1]).normalize()
    size = markup.style.font_size
    lines = markup.text.split("\n") or [""]
    width = max(pymupdf.get_text_length(line, fontsize=size) for line in lines)
    return pymupdf.Rect(points[0], points[0] + (width + 4 * TEXT_PADDING + size,
                                                 len(lines) * size * 1.35 + 2 * TEXT_PADDING))


def _nearest_edge_midpoint(box: pymupdf.Rect, target: pymupdf.Point) -> pymupdf.Point:
    middle = (box.tl + box.br) / 2
    candidates = [pymupdf.Point(box.x0, middle.y), pymupdf.Point(box.x1, middle.y),
                  pymupdf.Point(middle.x, box.y0), pymupdf.Point(middle.x, box.y1)]
    return min(candidates, key=lambda p: abs(p - target))


TextPainter = Callable[[mupdf.FzDevice], None]


def _lay_out_text(rect: pymupdf.Rect, text: str, colour, size: float, *, align: str | None,
                  bold: bool = False, middle: bool = False) -> TextPainter:
    """Lays the text out in `rect` with MuPDF's HTML layout, shrunk when it does not fit, and
    gives back what draws it onto a device (straight into the appearance's display list:
    going through a page, as insert_htmlbox does, costs a PDF written and read per text)."""
    rtl = is_right_to_left(text)
    side = align or ("right" if rtl else "left")
    hex_colour = "#%02X%02X%02X" % tuple(round(c * 255) for c in colour)
    css = ("body {margin: 1px}" + arabic_font_css() + f"p {{font-family: sans-serif, planreview-arabic;"
           f" font-size: {size:g}px; color: {hex_colour}; text-align: {side}; margin: 0;"
           f" font-weight: {'bold' if bold else 'normal'}; line-height: 1.2}}")
    body = "".join(f"<p dir=\"{'rtl' if is_right_to_left(line) else 'ltr'}\">"
                   f"{html.escape(line) or '&nbsp;'}</p>" for line in text.split("\n"))
    inner = rect + (TEXT_PADDING, TEXT_PADDING, -TEXT_PADDING, -TEXT_PADDING)
    if inner.is_empty:
        return lambda device: None
    story = pymupdf.Story(body, user_css=css)
    box = pymupdf.Rect(0, 0, inner.width, inner.height)
    more, filled = story.place(box, flags=mupdf.FZ_PLACE_STORY_FLAG_NO_OVERFLOW)
    scale = 1.0
    if more:
        fit = story.fit_scale(box, scale_min=1, delta=0.01,  # to 1%: finer is not seen
                              flags=mupdf.FZ_PLACE_STORY_FLAG_NO_OVERFLOW)
        scale = 1 / fit.parameter
        story.reset()
        _more, filled = story.place(fit.rect, flags=mupdf.FZ_PLACE_STORY_FLAG_NO_OVERFLOW)
    top = max(0.0, (inner.height - filled[3] * scale) / 2) if middle else 0.0
    matrix = pymupdf.Matrix(scale, 0, 0, scale, inner.x0, inner.y0 + top)
    return lambda device: mupdf.fz_draw_story(story.this, device, mupdf.FzMatrix(*matrix))


def _draw_arrow(canvas, start: pymupdf.Point, tip: pymupdf.Point, colour, width: float) -> None:
    canvas.draw_line(start, tip, color=colour, width=width)
    length = abs(tip - start)
    if length == 0:
        return
    direction = (tip - start) / length
    normal = pymupdf.Point(-direction.y, direction.x)
    size = 4 + 2 * width
    base = tip - direction * size
    canvas.draw_polyline([tip, base + normal * size * 0.45, base - normal * size * 0.45, tip],
                         color=colour, fill=colour, width=0.5, closePath=True)


def _set_appearance(page: pymupdf.Page, annot: pymupdf.Annot, displayed: pymupdf.Rect,
                    draw: Callable[[pymupdf.Page, pymupdf.Point], TextPainter]) -> None:
    """Draws the annotation's normal appearance in displayed orientation, so it reads upright
    on rotated pages too, and stores it as the annotation's /AP /N stream."""
    scratch_doc = pymupdf.open()
    canvas = scratch_doc.new_page(width=displayed.width, height=displayed.height)
    # An invisible full-size fill makes the appearance's bounding box the whole rectangle.
    canvas.draw_rect(canvas.rect, color=None, fill=(1, 1, 1), fill_opacity=0)
    paint_text = draw(canvas, displayed.tl)
    display_list = mupdf.FzDisplayList(mupdf.FzRect(*canvas.rect))
    device = mupdf.fz_new_list_device(display_list)
    mupdf.fz_run_page(canvas.this, device, mupdf.FzMatrix(), mupdf.FzCookie())
    paint_text(device)
    mupdf.fz_close_device(device)
    rotation = pymupdf.Matrix(1, 1).prerotate(page.rotation)
    mupdf.pdf_set_annot_appearance_from_display_list(annot.this, "N", None,
                                                     mupdf.FzMatrix(*rotation), display_list)
    scratch_doc.close()


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
                markup = _markup_of(doc, page, annot, disciplines, columns)
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
    _attach_replies(doc, markups, children)
    return AnnotationImport(tuple(markups.values()), tuple(warnings))


def _annots_of(page: pymupdf.Page) -> Iterator[pymupdf.Annot]:
    """The page's annotations in order. page.annots() looks each one up by a search through
    the page's list, n**2 for 10,000 markups; following the list is linear."""
    annot = page.first_annot
    while annot is not None:
        yield annot
        annot = annot.next


def _attach_replies(doc, markups: dict[int, Markup], children) -> None:
    replies: dict[int, list[Reply]] = {}
    states: dict[int, tuple[datetime, MarkupStatus]] = {}
    for parent, annot in children:
        if parent not in markups or not markups[parent].read_only:
            continue  # ours carry replies and status in their own record
        info = annot.info
        date = parse_pdf_date(info.get("creationDate") or info.get("modDate"))
        if doc.xref_get_key(annot.xref, "StateModel")[1] == "/Review":
            state = doc.xref_get_key(annot.xref, "State")[1].lstrip("/")
            if parent not in states or states[parent][0] <= date:
                states[parent] = (date, STATUS_OF_STATE.get(state, MarkupStatus.OPEN))
        else:
            replies.setdefault(parent, []).append(Reply(info.get("title", ""), date,
                                                        info.get("content", "")))
    for parent, markup in markups.items():
        if parent in replies or parent in states:
            markups[parent] = replace(
                markup, replies=tuple(sorted(replies.get(parent, []), key=lambda r: r.date)),
                status=states[parent][1] if parent in states else markup.status)


def _markup_of(doc, page, annot: pymupdf.Annot, disciplines,
               columns: Sequence[str]) -> Markup | None:
    kind_of_private, record = doc.xref_get_key(annot.xref, PRIVATE_KEY)
    if kind_of_private == "string":
        return markup_from_dict(json.loads(record), where=f"annotation {annot.xref}")
    subtype = annot.type[1]
    rotate = page.rotation_matrix
    intent = doc.xref_get_key(annot.xref, "IT")[1].lstrip("/")

    def shown(points) -> tuple[tuple[float, float], ...]:
        return tuple(tuple(pymupdf.Point(p) * rotate) for p in points)

    rect = annot.rect * rotate
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
    """Bluebeam's custom column names (/BSIAnnotColumns in the catalog), in index order."""
    kind, value = doc.xref_get_key(doc.pdf_catalog(), "BSIAnnotColumns")
    if kind != "array":
        return []
    return re.findall(r"/Name\s*\(([^)]*)\)", value) or re.findall(r"\(([^)]*)\)", value)


def _bluebeam_values(doc, xref: int, columns: Sequence[str]) -> tuple[tuple[str, str], ...]:
    kind, value = doc.xref_get_key(xref, "BSIColumnData")
    if kind != "array":
        return ()
    values = re.findall(r"\(([^)]*)\)", value)
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
