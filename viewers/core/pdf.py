"""PDF sheets with PyMuPDF: opening (passwords, repair), sheet metadata, region rendering.

PyMuPDF objects are not thread-safe. The GUI process keeps one PdfDocument for metadata and
hands rendering to worker processes (viewers.core.render_pool), which open their own copy;
`render_region` below is the one function that turns a page region into pixels, used by the
workers, by `planreview render` and by tests alike.
"""
from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pymupdf
from pymupdf import mupdf

from viewers.core import png
from viewers.core.errors import (
    ErrorCode,
    PasswordRequiredError,
    UnreadableFileError,
    WrongPasswordError,
)
from viewers.core.sheets import MM_PER_POINT, LoadReport, LoadWarning, SheetInfo, WarningCode
from viewers.core.title_block import PdfTitleBlocks, page_label

# MuPDF refuses pages beyond its fixed-point limits; anything larger than a 5 m sheet or
# smaller than a postage stamp is reported, and pages without area cannot be shown at all.
MAX_SANE_PAGE_PT = 5000 / MM_PER_POINT
MIN_SANE_PAGE_PT = 20 / MM_PER_POINT
INFLATED_FORM_MAX_BYTES = 16 * 1024   # compressed: symbols, not whole drawings placed as forms


pymupdf.TOOLS.mupdf_display_errors(False)
pymupdf.TOOLS.mupdf_display_warnings(False)


def _mupdf_warnings() -> list[str]:
    text = pymupdf.TOOLS.mupdf_warnings(reset=True) or ""
    seen: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if line and line not in seen:
            seen.append(line)
    return seen


@dataclass(frozen=True)
class RenderedRegion:
    """Pixels of a page region: BGRX (QImage.Format_RGB32 on little-endian) or RGB rows."""

    width: int
    height: int
    stride: int
    samples: bytes
    channels: int


class PdfDocument:
    """An opened PDF; sheet metadata is computed lazily so a 2000-page file opens at once."""

    kind = "pdf"

    def __init__(self, path: Path, doc: pymupdf.Document, report: LoadReport,
                 password: str | None):
        self.path = path
        self.doc = doc
        self.report = report
        self.password = password
        self._sheets: dict[int, SheetInfo] = {}
        self._title_blocks = PdfTitleBlocks(doc)

    @classmethod
    def open(cls, path: Path | str, password: str | None = None) -> PdfDocument:
        path = Path(path)
        _mupdf_warnings()
        try:
            doc = pymupdf.open(path, filetype="pdf")
        except (pymupdf.FileDataError, RuntimeError, ValueError) as exc:
            raise UnreadableFileError(
                f"{path.name} is damaged beyond repair and cannot be opened as a PDF ({exc})",
                ErrorCode.PDF_BEYOND_REPAIR, name=path.name, error=exc) from exc
        if doc.needs_pass:
            if password is None:
                doc.close()
                raise PasswordRequiredError(
                    f"{path.name} is encrypted: a password is needed to open it"
                    " (on the command line: --password)")
            if not doc.authenticate(password):
                doc.close()
                raise WrongPasswordError(f"the password does not open {path.name}")
        warnings = [LoadWarning(f"MuPDF: {w}", WarningCode.MUPDF, message=w)
                    for w in _mupdf_warnings()]
        repaired = bool(doc.is_repaired)
        if repaired:
            warnings.insert(0, LoadWarning(
                f"{path.name} is damaged; MuPDF repaired it to show it. Check the drawing"
                " against the consultant's original.", WarningCode.PDF_REPAIRED,
                name=path.name))
        try:
            page_count = doc.page_count
        except RuntimeError as exc:
            doc.close()
            raise UnreadableFileError(
                f"{path.name} is damaged: its page tree cannot be read ({exc})",
                ErrorCode.PAGE_TREE, name=path.name, error=exc) from exc
        if page_count == 0:
            doc.close()
            if repaired:
                raise UnreadableFileError(
                    f"{path.name} is damaged (truncated?) and no page could be recovered",
                    ErrorCode.NO_PAGE_RECOVERED, name=path.name)
            raise UnreadableFileError(f"{path.name} has no pages", ErrorCode.NO_PAGES,
                                      name=path.name)
        return cls(path, doc, LoadReport(tuple(warnings), repaired), password)

    def sheet_count(self) -> int:
        return self.doc.page_count

    def page_size(self, index: int) -> tuple[float, float]:
        """The displayed page size in points (cheap: no content parsing)."""
        return _displayed_size(self.doc, index)

    def sheet(self, index: int, *, count_paths: bool = False) -> SheetInfo:
        cached = self._sheets.get(index)
        if cached is not None and (not count_paths or cached.path_count is not None):
            return cached
        info = describe_page(self.doc, index, count_paths=count_paths,
                             title_blocks=self._title_blocks)
        self._sheets[index] = info
        if info.width <= 0 or info.height <= 0:
            self.report = self.report.with_warning(LoadWarning(
                f"sheet {index + 1} has no area ({info.width:g} x {info.height:g} pt)",
                WarningCode.NO_AREA, sheet=index + 1, width=f"{info.width:g}",
                height=f"{info.height:g}"))
        return info

    def describe(self) -> dict:
        """The JSON description printed by `planreview info`."""
        sheets = []
        for index in range(self.sheet_count()):
            info = self.sheet(index, count_paths=True)
            sheets.append({
                "index": info.index, "number": info.number, "title": info.title,
                "label": info.label, "width_mm": round(info.width_mm or 0.0, 2),
                "height_mm": round(info.height_mm or 0.0, 2),
                "vector_path_count": info.path_count,
            })
        return {"kind": self.kind, "file": str(self.path), "page_count": self.sheet_count(),
                "encrypted": bool(self.doc.is_encrypted or self.password),
                "sheets": sheets, "warnings": list(self.report.warnings)}

    def close(self) -> None:
        self.doc.close()


def _displayed_size(doc: pymupdf.Document, index: int) -> tuple[float, float]:
    rect = doc.load_page(index).rect
    return float(rect.width), float(rect.height)


def describe_page(doc: pymupdf.Document, index: int, *, count_paths: bool = False,
                  title_blocks: PdfTitleBlocks | None = None) -> SheetInfo:
    """Size, label, sheet number and title (from the title block) of one page."""
    page = doc.load_page(index)
    rect = page.rect
    label = page_label(page)
    identity = (title_blocks or PdfTitleBlocks(doc)).identify(index)
    number, title = identity.number, identity.title
    warning_size = not (MIN_SANE_PAGE_PT <= max(rect.width, rect.height) <= MAX_SANE_PAGE_PT)
    path_count = None
    if count_paths:
        try:
            path_count = len(page.get_cdrawings())
        except (RuntimeError, ValueError):
            path_count = None
    if warning_size and not title:
        title = f"unusual page size {rect.width * MM_PER_POINT:.0f} x {rect.height * MM_PER_POINT:.0f} mm"
    return SheetInfo(
        index=index,
        number=number or label or str(index + 1),
        title=title,
        label=label,
        width=float(rect.width),
        height=float(rect.height),
        units="pt",
        mm_per_unit=MM_PER_POINT,
        path_count=path_count,
    )


def render_pixels(source: pymupdf.Page | pymupdf.DisplayList, scale: float,
                  pixels: tuple[int, int, int, int], origin: tuple[float, float] = (0.0, 0.0),
                  *, rgb: bool = False, transparent: bool = False) -> RenderedRegion:
    """Renders device pixels `pixels` (x0, y0, x1, y1) of a page drawn at `scale` px/pt.

    Device pixel (X, Y) shows page point (origin + (X, Y) / scale), so tiles and bands cut
    from one grid meet without seams. The rows are BGRX: QImage.Format_RGB32 on
    little-endian machines, with no conversion on the GUI thread; with `rgb`, 3-byte RGB.
    With `transparent`, the page's background stays transparent and the rows are
    premultiplied BGRA (QImage.Format_ARGB32_Premultiplied).
    """
    x0, y0, x1, y1 = pixels
    if x1 <= x0 or y1 <= y0:
        raise ValueError(f"empty pixel rectangle {pixels}")
    display_list = source if isinstance(source, pymupdf.DisplayList) else source.get_displaylist()
    colorspace = mupdf.FzColorspace(mupdf.FzColorspace.Fixed_RGB if rgb
                                    else mupdf.FzColorspace.Fixed_BGR)
    pixmap = mupdf.fz_new_pixmap_with_bbox(colorspace, mupdf.FzIrect(x0, y0, x1, y1),
                                           mupdf.FzSeparations(), 0 if rgb else 1)
    if transparent:
        mupdf.fz_clear_pixmap(pixmap)
    else:
        mupdf.fz_clear_pixmap_with_value(pixmap, 0xFF)
    ox, oy = origin
    matrix = mupdf.FzMatrix(scale, 0, 0, scale, -ox * scale, -oy * scale)
    device = mupdf.fz_new_draw_device(matrix, pixmap)
    area = mupdf.FzRect(ox + x0 / scale, oy + y0 / scale, ox + x1 / scale, oy + y1 / scale)
    try:
        mupdf.fz_run_display_list(display_list.this, device, mupdf.FzMatrix(), area,
                                  mupdf.FzCookie())
    finally:
        mupdf.fz_close_device(device)
    result = pymupdf.Pixmap("raw", pixmap)
    return RenderedRegion(result.width, result.height, result.stride, bytes(result.samples_mv),
                          3 if rgb else 4)


def page_display_list(doc: pymupdf.Document, index: int, *,
                      annotations: bool = True) -> pymupdf.DisplayList:
    """Page `index` interpreted once, to be drawn as often as needed (`render_pixels`)."""
    page = doc.load_page(index)
    _inflate_small_forms(doc, page)
    return page.get_displaylist(annots=annotations)


def _inflate_small_forms(doc: pymupdf.Document, page: pymupdf.Page) -> None:
    """Keeps the page's small form XObjects uncompressed in memory (not in the file).

    MuPDF inflates a form's content every time the page draws it, and CAD plots draw a few
    small symbol forms thousands of times: on a heavy plot this takes a page's
    interpretation from 0.31 to 0.19 s. Large forms, seldom repeated, are left as they are.
    """
    for xref, _name, _invoker, _bbox in page.get_xobjects():
        try:
            if (doc.xref_get_key(xref, "Subtype")[1] != "/Form"
                    or doc.xref_get_key(xref, "Filter")[0] == "null"):
                continue
            kind, length = doc.xref_get_key(xref, "Length")
            if kind == "int" and int(length) <= INFLATED_FORM_MAX_BYTES:
                doc.update_stream(xref, doc.xref_stream(xref), compress=0)
        except (RuntimeError, ValueError):   # a damaged form stays as it is: MuPDF copes
            continue


def warm_up() -> None:
    """Draws a made-up plot once, as a preview part and whole, so that a worker's first real
    page does not also pay for first use (memory arenas, code paths): 0.1 s of a cold preview.
    """
    from viewers.core.pdf_parts import MIN_PART_COST, split_content

    lines = b"".join(b"q 0 0 1 RG %d %d m %d %d l S Q\n" % (i % 1100, i % 800, i % 1100 + 9,
                                                             i % 800 + 6) for i in range(20000))
    content = b"q 0.5 w BT /helv 9 Tf 20 20 Td (warm up) Tj ET\n" + lines + b"Q\n"
    assert len(content) > 2 * MIN_PART_COST
    with pymupdf.open() as doc:
        page = doc.new_page(width=1190, height=842)
        page.insert_text((10, 10), " ", fontname="helv")
        doc.update_stream(page.get_contents()[0], split_content(content, 2)[1], compress=0)
        display_list = page_display_list(doc, 0)
        render_pixels(display_list, 0.86, (0, 0, 1024, 724), transparent=True)


def render_content_part(path: str, password: str | None, index: int, part: tuple[int, int],
                        scale: float, pixels: tuple[int, int, int, int]) -> RenderedRegion | None:
    """Part (i, n) of page `index`'s content (viewers.core.pdf_parts), drawn as `render_pixels`
    draws the page: the first part on white, later ones on transparency. None where the
    page is not cut into that many parts."""
    from viewers.core.pdf_parts import split_content   # numpy: not for `planreview render`

    doc = pymupdf.open(path, filetype="pdf")   # a private copy: its page content is replaced
    try:
        if doc.needs_pass:
            doc.authenticate(password or "")
        page = doc.load_page(index)
        streams = split_content(page.read_contents(), part[1], _xobject_lengths(doc, page))
        if streams is None or part[0] >= len(streams):
            return None
        first, *others = page.get_contents()
        doc.update_stream(first, streams[part[0]], compress=0)
        for xref in others:
            doc.update_stream(xref, b"", compress=0)
        # annotations lie over all the content: the last part draws them
        display_list = page_display_list(doc, index, annotations=part[0] == len(streams) - 1)
        return render_pixels(display_list, scale, pixels, transparent=part[0] > 0)
    finally:
        doc.close()


def _xobject_lengths(doc: pymupdf.Document, page: pymupdf.Page) -> dict[bytes, int]:
    """The compressed length of each of the page's XObjects, by name."""
    lengths = {}
    for xref, name, _invoker, _bbox in page.get_xobjects():
        kind, length = doc.xref_get_key(xref, "Length")
        if kind == "int":
            lengths[name.encode("latin-1")] = int(length)
    return lengths


def render_png(document: PdfDocument, index: int, width_px: int,
               region: tuple[float, float, float, float] | None = None,
               workers: int | None = None) -> bytes:
    """PNG of a page region (points from the page's top-left) `width_px` wide.

    The image is cut into horizontal bands drawn in parallel by forked processes (MuPDF
    holds the GIL), then stitched; the same pixel grid as the canvas tiles.
    """
    page_w, page_h = document.page_size(index)
    x0, y0, x1, y1 = region if region is not None else (0.0, 0.0, page_w, page_h)
    if x1 <= x0 or y1 <= y0:
        raise UnreadableFileError(f"the region {region} is empty")
    scale = width_px / (x1 - x0)
    height_px = max(1, round((y1 - y0) * scale))
    if width_px * height_px > MAX_RENDER_PIXELS:
        raise UnreadableFileError(
            f"{width_px} x {height_px} pixels is too large to render at once;"
            " ask for a smaller --width or a --region")
    display_list = page_display_list(document.doc, index)
    workers = max(1, min(workers or os.cpu_count() or 1, height_px // 64 or 1))
    edges = [round(height_px * i / workers) for i in range(workers + 1)]
    bands = [(0, edges[i], width_px, edges[i + 1]) for i in range(workers)]
    return png.assemble(width_px, height_px, _render_bands(display_list, scale, bands, (x0, y0)))


MAX_RENDER_PIXELS = 400_000_000


def _encoded_band(display_list, scale, band, origin) -> png.EncodedRows:
    region = render_pixels(display_list, scale, band, origin, rgb=True)
    return png.encode_rows(region.samples, region.width, region.height, region.stride)


def _render_bands(display_list, scale, bands, origin) -> list[png.EncodedRows]:
    """Each band is rendered and compressed in its own forked process (MuPDF and zlib
    both hold the GIL); the parent takes the first band itself."""
    if len(bands) == 1 or not hasattr(os, "fork"):
        return [_encoded_band(display_list, scale, band, origin) for band in bands]
    import multiprocessing

    context = multiprocessing.get_context("fork")
    readers = []
    children = []
    for band in bands[1:]:
        reader, writer = context.Pipe(duplex=False)
        child = context.Process(target=_band_child, args=(writer, display_list, scale, band,
                                                          origin), daemon=True)
        child.start()
        writer.close()
        readers.append(reader)
        children.append(child)
    parts = [_encoded_band(display_list, scale, bands[0], origin)]
    for reader, child in zip(readers, children):
        try:
            result = reader.recv()
        except EOFError:
            result = RuntimeError("a render process stopped")
        child.join()
        if isinstance(result, Exception):
            raise UnreadableFileError(f"the page could not be rendered: {result}")
        parts.append(result)
    return parts


def _band_child(writer, display_list, scale, band, origin) -> None:
    try:
        writer.send(_encoded_band(display_list, scale, band, origin))
    except Exception as exc:  # reported by the parent as an error line
        writer.send(RuntimeError(str(exc)))
    writer.close()
    os._exit(0)
