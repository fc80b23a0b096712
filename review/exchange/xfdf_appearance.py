"""A markup's appearance stream as XFDF carries it (<appearance>, Adobe XFDF 3.0): the
base64 of an XML tree of the /AP dictionary (DICT, STREAM, ARRAY, NAME, INT, FIXED, BOOL,
STRING, DATA in hex), as Acrobat writes for stamps and PDFBox reads back.

The drawing is the one the marked-up PDF draws (pdf_annotations.appearance_content), its
text as outlines, so a stamp looks the same after an XFDF import into the consultant's PDF. Its
/BBox is the annotation's /Rect in user space and its /Matrix the identity: a reader maps
the box onto the rectangle without stretching.
"""
from __future__ import annotations

import base64
import xml.etree.ElementTree as ET

import pymupdf
from pymupdf import mupdf

from review.exchange.frames import SheetFrame
from review.exchange.pdf_annotations import appearance_content
from review.markup_shapes import MarkupShapes
from review.markups import Style

Box = tuple[float, float, float, float]


def appearance_xml(shapes: MarkupShapes, colour: tuple[float, float, float], style: Style,
                   frame: SheetFrame, rect: Box) -> str:
    """The base64 text of an <appearance> element drawing `shapes` (sheet coordinates of
    `frame`) for the annotation rectangle `rect` (PDF user space)."""
    drawn = _outlined(shapes, colour, style, max(frame.width, 1.0), max(frame.height, 1.0))
    try:
        page = drawn[0]
        # form space (displayed page, y up) -> displayed page (y down) -> PDF user space
        flip = pymupdf.Matrix(1, 0, 0, -1, 0, page.rect.height)
        to_user = flip * pymupdf.Matrix(*frame.sheet_to_pdf)
        content = b"".join(drawn.xref_stream(xref) or b"" for xref in page.get_contents())
        data = " ".join(f"{v:.6f}" for v in to_user).encode("ascii") + b" cm\n" + content
        pdf = mupdf.pdf_document_from_fz_document(drawn.this)
        resources = mupdf.pdf_dict_get(mupdf.pdf_load_object(pdf, page.xref),
                                       mupdf.PDF_ENUM_NAME_Resources)
        root = ET.Element("DICT", KEY="AP")
        stream = ET.SubElement(root, "STREAM", KEY="N")
        ET.SubElement(stream, "NAME", KEY="Type", VAL="XObject")
        ET.SubElement(stream, "NAME", KEY="Subtype", VAL="Form")
        ET.SubElement(stream, "INT", KEY="FormType", VAL="1")
        _number_array(stream, "BBox", rect)
        _number_array(stream, "Matrix", (1, 0, 0, 1, 0, 0))
        if resources.m_internal:
            _object(stream, "Resources", resources, set())
        ET.SubElement(stream, "INT", KEY="Length", VAL=str(len(data)))
        ET.SubElement(stream, "DATA", MODE="RAW", ENCODING="HEX").text = data.hex().upper()
        xml = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    finally:
        drawn.close()
    return base64.b64encode(xml).decode("ascii")


def _outlined(shapes: MarkupShapes, colour, style: Style, width: float,
              height: float) -> pymupdf.Document:
    """A one-page PDF drawing the appearance with its text as outlines. XFDF's appearance
    form has no string values, which fonts need (a CID font's /CIDSystemInfo), and readers
    drop a font that lacks them; outlines draw the same letters, Arabic shaping included."""
    with pymupdf.open() as scratch:
        page = scratch.new_page(width=width, height=height)
        pdf = mupdf.pdf_document_from_fz_document(scratch.this)
        content, resources = appearance_content(pdf, page, shapes, colour, style)
        page_obj = mupdf.pdf_load_object(pdf, page.xref)
        mupdf.pdf_dict_put(page_obj, mupdf.PDF_ENUM_NAME_Resources, resources)
        # form space is the page's own user space (y up, same size): the page draws it as is
        contents = scratch.get_new_xref()
        scratch.update_object(contents, "<<>>")
        scratch.update_stream(contents, bytes(mupdf.fz_buffer_extract_copy(content)))
        scratch.xref_set_key(page.xref, "Contents", f"{contents} 0 R")
        del page
        svg = scratch[0].get_svg_image(text_as_path=True)
    with pymupdf.open("svg", svg.encode("utf-8")) as picture:
        return pymupdf.open("pdf", picture.convert_to_pdf())


def _number_array(parent: ET.Element, key: str, values) -> None:
    array = ET.SubElement(parent, "ARRAY", KEY=key)
    for value in values:
        _number(array, None, float(value))


def _number(parent: ET.Element, key: str | None, value: float) -> None:
    attributes = {"VAL": _format(value)}
    if key is not None:
        attributes = {"KEY": key, **attributes}
    ET.SubElement(parent, "INT" if float(value).is_integer() else "FIXED", attributes)


def _format(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.6f}".rstrip("0")


def _object(parent: ET.Element, key: str | None, obj: mupdf.PdfObj, seen: set[int]) -> None:
    """Writes one PDF object (indirect ones followed, each once on a path) as XML."""
    attributes = {} if key is None else {"KEY": key}
    if mupdf.pdf_is_indirect(obj):
        number = mupdf.pdf_to_num(obj)
        if number in seen:
            return      # a cycle (a font's /Parent): not part of what draws the appearance
        seen = seen | {number}
    if mupdf.pdf_is_stream(obj):
        element = ET.SubElement(parent, "STREAM", attributes)
        _entries(element, obj, seen)
        raw = bytes(mupdf.fz_buffer_extract_copy(mupdf.pdf_load_raw_stream(obj)))
        ET.SubElement(element, "DATA", MODE="RAW", ENCODING="HEX").text = raw.hex().upper()
    elif mupdf.pdf_is_dict(obj):
        _entries(ET.SubElement(parent, "DICT", attributes), obj, seen)
    elif mupdf.pdf_is_array(obj):
        element = ET.SubElement(parent, "ARRAY", attributes)
        for i in range(mupdf.pdf_array_len(obj)):
            _object(element, None, mupdf.pdf_array_get(obj, i), seen)
    elif mupdf.pdf_is_name(obj):
        ET.SubElement(parent, "NAME", {**attributes, "VAL": mupdf.pdf_to_name(obj)})
    elif mupdf.pdf_is_bool(obj):
        ET.SubElement(parent, "BOOL", {**attributes,
                                       "VAL": "true" if mupdf.pdf_to_bool(obj) else "false"})
    elif mupdf.pdf_is_int(obj):
        ET.SubElement(parent, "INT", {**attributes, "VAL": str(mupdf.pdf_to_int(obj))})
    elif mupdf.pdf_is_real(obj):
        _number(parent, key, mupdf.pdf_to_real(obj))
    elif mupdf.pdf_is_string(obj):
        ET.SubElement(parent, "STRING", {**attributes, "VAL": mupdf.pdf_to_text_string(obj)})


def _entries(element: ET.Element, obj: mupdf.PdfObj, seen: set[int]) -> None:
    for i in range(mupdf.pdf_dict_len(obj)):
        name = mupdf.pdf_to_name(mupdf.pdf_dict_get_key(obj, i))
        if name not in ("Length", "Parent"):
            _object(element, name, mupdf.pdf_dict_get_val(obj, i), seen)
    if mupdf.pdf_is_stream(obj):
        raw_length = len(bytes(mupdf.fz_buffer_extract_copy(mupdf.pdf_load_raw_stream(obj))))
        ET.SubElement(element, "INT", KEY="Length", VAL=str(raw_length))
