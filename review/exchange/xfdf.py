"""XFDF (ISO 19444-1, Adobe XFDF 3.0): export, and import of XFDF written by us or other tools.

Annotations map as in pdf_annotations. Coordinates are the PDF's user space (y up, unrotated),
so a sheet frame converts them. What XFDF has no slot for (kind, exact sheet-unit points,
status name, style details, measurement, user columns, lock, z-order) travels in attributes of
our own namespace; standard readers ignore them. On import the standard attributes win when
another tool changed them (moved the annotation, edited its text), so edits made elsewhere are
kept, and an unedited file comes back exactly as exported.
"""
from __future__ import annotations

import json
import math
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from xml.parsers import expat

from review.arabic import is_right_to_left
from review.errors import PlanReviewError
from review.exchange.frames import SheetFrame
from review.exchange.markups_json import MarkupsFormatError, markup_from_dict, markup_to_dict
from review.exchange.pdf_annotations import (
    STATE_OF_STATUS,
    STATUS_OF_STATE,
    AnnotationImport,
    contents_of,
    discipline_of,
    parse_pdf_date,
    pdf_date,
)
from review.exchange.xfdf_appearance import appearance_xml
from review.markup_shapes import DASH_PATTERN, nearest_edge_midpoint, shapes_of
from review.markups import (
    Discipline,
    Markup,
    MarkupError,
    MarkupKind,
    MarkupStatus,
    Reply,
    Style,
    colour_of,
    load_disciplines,
    rgb,
)

XFDF_NS = "http://ns.adobe.com/xfdf/"
OUR_NS = "urn:planreview:xfdf:1"
ET.register_namespace("", XFDF_NS)
ET.register_namespace("pr", OUR_NS)
POINTS_TOLERANCE = 0.01  # points: standard geometry this close to ours was not moved elsewhere

ELEMENT_OF_KIND = {
    MarkupKind.CLOUD: "polygon", MarkupKind.AREA: "polygon", MarkupKind.POLYLINE: "polyline",
    MarkupKind.POLYLENGTH: "polyline", MarkupKind.ANGLE: "polyline", MarkupKind.LINE: "line",
    MarkupKind.ARROW: "line", MarkupKind.LENGTH: "line", MarkupKind.RECTANGLE: "square",
    MarkupKind.HIGHLIGHT: "square", MarkupKind.ELLIPSE: "circle", MarkupKind.FREEHAND: "ink",
    MarkupKind.COUNT: "ink", MarkupKind.TEXT: "freetext", MarkupKind.CALLOUT: "freetext",
    MarkupKind.STAMP: "stamp",
}
INTENT_OF_KIND = {MarkupKind.AREA: "PolygonDimension", MarkupKind.POLYLENGTH: "PolyLineDimension",
                  MarkupKind.LENGTH: "LineDimension", MarkupKind.CALLOUT: "FreeTextCallout"}
IGNORED_ELEMENTS = {"popup", "link", "fileattachment", "sound", "redact", "widget"}


class XfdfError(PlanReviewError):
    """An XFDF file that cannot be read; the message names the line and the attribute."""


# ---- export ------------------------------------------------------------------------------

def export_xfdf(markups: Sequence[Markup], frames: Sequence[SheetFrame], *,
                pdf_name: str = "", disciplines: Mapping[str, Discipline] | None = None) -> str:
    disciplines = load_disciplines() if disciplines is None else disciplines
    root = ET.Element(f"{{{XFDF_NS}}}xfdf", {"xml:space": "preserve"})
    annots = ET.SubElement(root, f"{{{XFDF_NS}}}annots")
    for markup in sorted(markups, key=lambda m: (m.sheet, m.z)):
        if not markup.read_only:
            _export_markup(annots, markup, frames[markup.sheet], disciplines)
    if pdf_name:
        ET.SubElement(root, f"{{{XFDF_NS}}}f", {"href": pdf_name})
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _export_markup(annots: ET.Element, markup: Markup, frame: SheetFrame,
                   disciplines: Mapping[str, Discipline], *, appearance: bool = True) -> None:
    """One markup as the XFDF element readers expect: `color` is the border (a text box's
    fill, as in PDF), `interior-color` the fill, the geometry what markup_shapes draws."""
    tag = ELEMENT_OF_KIND[markup.kind]
    kind, style = markup.kind, markup.style
    shapes = shapes_of(markup)
    pdf_points = [frame.to_pdf(p) for p in markup.points]
    rect = _pdf_box(frame, shapes.bounds())
    colour = colour_of(markup, disciplines)
    discipline = disciplines.get(markup.discipline)
    attributes = {
        "page": str(markup.sheet), "name": str(markup.id), "rect": _numbers(rect),
        "title": markup.author,
        "subject": discipline.name_en if discipline else markup.discipline,
        "date": pdf_date(markup.modified), "creationdate": pdf_date(markup.created),
        "color": colour, "flags": "print", "width": _number(shapes.pen_width),
        "opacity": _number(style.opacity * (shapes.tint_opacity if shapes.tints
                                            and not shapes.strokes else 1.0)),
    }
    if style.fill and tag != "freetext":
        attributes["interior-color"] = style.fill
    if kind == MarkupKind.HIGHLIGHT:
        attributes["interior-color"] = style.fill or colour
    if style.dashed:
        attributes["style"] = "dash"
        attributes["dashes"] = _numbers(d * style.width for d in DASH_PATTERN)
    if kind in INTENT_OF_KIND:
        attributes["intent"] = INTENT_OF_KIND[kind]
    if kind == MarkupKind.CLOUD:
        attributes.update(style="cloudy", intensity="2")
    if tag == "line":
        attributes["start"] = _numbers(pdf_points[0])
        attributes["end"] = _numbers(pdf_points[-1])
        attributes["head"], attributes["tail"] = {
            MarkupKind.ARROW: ("None", "ClosedArrow")}.get(kind, ("None", "None"))
        if kind == MarkupKind.LENGTH:   # the value shown above the line, as Acrobat does
            attributes.update(caption="yes", **{"caption-style": "Top"})
    if tag in ("square", "circle") or tag == "freetext":
        inner = _pdf_box(frame, shapes.text_box or shapes.bounds(with_pen=False))
        attributes["fringe"] = _numbers((inner[0] - rect[0], inner[1] - rect[1],
                                         rect[2] - inner[2], rect[3] - inner[3]))
    if tag == "freetext":
        # A FreeText's /C is its background: the pen and the text take the /DA colour.
        del attributes["color"]
        if style.fill:
            attributes["color"] = style.fill
        if is_right_to_left(markup.text):
            attributes["justification"] = "right"
        if shapes.tip is not None:
            attach = nearest_edge_midpoint(shapes.text_box, shapes.tip)
            attributes["callout"] = _numbers(frame.to_pdf(shapes.tip) + frame.to_pdf(attach))
            attributes["head"] = "ClosedArrow"
    if tag == "stamp":
        # whole points, so the appearance's /BBox (integers for every reader) is the rect
        rect = (math.floor(rect[0]), math.floor(rect[1]), math.ceil(rect[2]),
                math.ceil(rect[3]))
        attributes["rect"] = _numbers(rect)
        attributes["icon"] = "".join(w.capitalize() for w in markup.text.split()) or "Draft"
    attributes[f"{{{OUR_NS}}}record"] = json.dumps(_record(markup), ensure_ascii=False,
                                                   separators=(",", ":"))
    element = ET.SubElement(annots, f"{{{XFDF_NS}}}{tag}", attributes)
    ET.SubElement(element, f"{{{XFDF_NS}}}contents").text = contents_of(markup)
    if tag == "freetext":
        r, g, b = rgb(colour)
        size = _number(style.font_size)
        ET.SubElement(element, f"{{{XFDF_NS}}}defaultappearance").text = \
            f"{_number(r)} {_number(g)} {_number(b)} rg /Helv {size} Tf"
        ET.SubElement(element, f"{{{XFDF_NS}}}defaultstyle").text = \
            f"font: Helvetica {size}pt; color:{colour}"
    if tag in ("polygon", "polyline"):
        # a polygon's vertices end where they start, as Acrobat writes them (PDFBox draws a
        # cloud's last edge only then)
        closing = pdf_points[:1] if tag == "polygon" and pdf_points[-1] != pdf_points[0] else []
        ET.SubElement(element, f"{{{XFDF_NS}}}vertices").text = ";".join(
            _numbers(p) for p in pdf_points + closing)
    if tag == "ink":
        # a count's gestures are the circles drawn around its points, as in the PDF
        strokes = [[frame.to_pdf(q) for q in path.flattened()] for path in shapes.strokes] \
            if kind == MarkupKind.COUNT else [pdf_points]
        inklist = ET.SubElement(element, f"{{{XFDF_NS}}}inklist")
        for stroke in strokes:
            ET.SubElement(inklist, f"{{{XFDF_NS}}}gesture").text = ";".join(
                _numbers(p) for p in stroke)
    if tag == "stamp" and appearance:
        ET.SubElement(element, f"{{{XFDF_NS}}}appearance").text = appearance_xml(
            shapes, rgb(colour), style, frame, rect)
    xs = [p[0] for p in pdf_points]
    ys = [p[1] for p in pdf_points]
    anchor = _numbers((min(xs), max(ys) - 16, min(xs) + 16, max(ys)))
    for number, reply in enumerate(markup.replies):
        reply_element = ET.SubElement(annots, f"{{{XFDF_NS}}}text", {
            "page": str(markup.sheet), "rect": anchor, "name": f"{markup.id}-reply-{number}",
            "inreplyto": str(markup.id), "replyType": "reply", "title": reply.author,
            "date": pdf_date(reply.date), "creationdate": pdf_date(reply.date),
            "flags": "hidden,nozoom,norotate"})
        ET.SubElement(reply_element, f"{{{XFDF_NS}}}contents").text = reply.text
    if markup.status != MarkupStatus.OPEN:
        state = STATE_OF_STATUS[markup.status]
        state_element = ET.SubElement(annots, f"{{{XFDF_NS}}}text", {
            "page": str(markup.sheet), "rect": anchor, "name": f"{markup.id}-state",
            "inreplyto": str(markup.id), "replyType": "reply", "title": markup.author,
            "state": state, "statemodel": "Review", "date": pdf_date(markup.modified),
            "flags": "hidden,nozoom,norotate"})
        ET.SubElement(state_element, f"{{{XFDF_NS}}}contents").text = \
            f"{state} set by {markup.author}"


def _pdf_box(frame: SheetFrame, box) -> tuple[float, float, float, float]:
    """A box in sheet coordinates as the box around it in PDF user space."""
    x0, y0, x1, y1 = box
    corners = [frame.to_pdf(p) for p in ((x0, y0), (x1, y0), (x1, y1), (x0, y1))]
    xs = [p[0] for p in corners]
    ys = [p[1] for p in corners]
    return (min(xs), min(ys), max(xs), max(ys))


def _record(markup: Markup) -> dict:
    """What XFDF has no slot for, in the markups JSON form (replies travel as XFDF replies)."""
    data = markup_to_dict(markup)
    data.pop("replies", None)
    return data


def _number(value: float) -> str:
    return repr(round(float(value), 6)).removesuffix(".0") if math.isfinite(value) else "0"


def _numbers(values) -> str:
    return ",".join(_number(v) for v in values)


# ---- import ------------------------------------------------------------------------------

@dataclass
class _Node:
    tag: str
    attributes: dict[str, str]
    line: int
    children: list[_Node] = field(default_factory=list)
    text: str = ""

    def child(self, tag: str) -> _Node | None:
        return next((c for c in self.children if c.tag == tag), None)


def import_xfdf(text: str | bytes, frames: Sequence[SheetFrame], *, source: str = "XFDF",
                disciplines: Mapping[str, Discipline] | None = None) -> AnnotationImport:
    """Markups from an XFDF file; errors name the line. Unknown elements are reported."""
    disciplines = load_disciplines() if disciplines is None else disciplines
    root = _parse(text, source)
    if root.tag != "xfdf":
        raise XfdfError(f"{source}, line {root.line}: the root element is <{root.tag}>,"
                        f" not <xfdf>")
    annots = root.child("annots")
    elements = annots.children if annots else []
    warnings: list[str] = []
    markups: dict[str, Markup] = {}
    replies: list[_Node] = []
    for element in elements:
        where = f"{source}, line {element.line}: <{element.tag}>"
        if element.tag in IGNORED_ELEMENTS:
            continue
        if "inreplyto" in element.attributes:
            replies.append(element)
            continue
        markup = _import_markup(element, where, frames, disciplines)
        if markup is None:
            warnings.append(f"{where} is not a kind of markup this program shows; skipped")
            continue
        name = element.attributes.get("name") or str(markup.id)
        markups[name] = markup
    for element in replies:
        parent = element.attributes["inreplyto"]
        if parent not in markups:
            warnings.append(f"{source}, line {element.line}: a reply to {parent!r}, which is"
                            f" not in the file; skipped")
            continue
        markups[parent] = _apply_reply(markups[parent], element, source)
    return AnnotationImport(tuple(markups.values()), tuple(warnings))


def _parse(text: str | bytes, source: str) -> _Node:
    parser = expat.ParserCreate(namespace_separator="}")
    stack: list[_Node] = []
    roots: list[_Node] = []

    def local(name: str) -> str:
        if "}" not in name:
            return name
        namespace, tag = name.split("}", 1)
        return tag if namespace == XFDF_NS else f"{{{namespace}}}{tag}"

    def start(name, attributes):
        node = _Node(local(name), {local(k): v for k, v in attributes.items()},
                     parser.CurrentLineNumber)
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)

    def end(_name):
        stack.pop()

    def characters(data):
        if stack:
            stack[-1].text += data

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = characters
    try:
        parser.Parse(text, True)
    except expat.ExpatError as exc:
        raise XfdfError(f"{source} is not well-formed XML: {expat.ErrorString(exc.code)}"
                        f" at line {exc.lineno}, column {exc.offset + 1}") from None
    return roots[0]


def _floats(value: str, where: str, name: str, count: int | None = None) -> list[float]:
    try:
        numbers = [float(v) for v in value.replace(";", ",").replace(" ", ",").split(",") if v]
    except ValueError:
        raise XfdfError(f"{where} {name}: {value!r} is not a list of numbers") from None
    if (count is not None and len(numbers) != count) or len(numbers) % 2 \
            or not all(math.isfinite(n) for n in numbers):
        raise XfdfError(f"{where} {name}: {value!r} is not"
                        f" {count or 'an even number of'} finite numbers")
    return numbers


def _pairs(numbers: list[float]) -> list[tuple[float, float]]:
    return list(zip(numbers[0::2], numbers[1::2]))


def _import_markup(element: _Node, where: str, frames: Sequence[SheetFrame],
                   disciplines) -> Markup | None:
    a = element.attributes
    try:
        sheet = int(a.get("page", "0"))
    except ValueError:
        raise XfdfError(f"{where} page: {a['page']!r} is not a page number") from None
    if not 0 <= sheet < len(frames):
        raise XfdfError(f"{where} page: sheet {sheet} does not exist (the drawing has"
                        f" {len(frames)} sheet(s), numbered from 0)")
    frame = frames[sheet]
    contents = element.child("contents")
    text = contents.text if contents else ""
    record_text = a.get(f"{{{OUR_NS}}}record")
    ours = None
    if record_text:
        try:
            ours = markup_from_dict(json.loads(record_text), where=f"{where} pr:record")
        except (ValueError, MarkupsFormatError) as exc:
            raise XfdfError(f"{where} pr:record: {exc}") from None
    counted = ours is not None and ours.kind == MarkupKind.COUNT
    geometry = _standard_geometry(element, where, frame, counted=counted)
    if geometry is None:
        return None
    kind, points = geometry
    if ours is not None:
        # Compare with what we would have written: a difference means another tool moved it.
        _kind, expected = _standard_geometry(_exported_node(ours, frame), where, frame,
                                             counted=counted)
        moved = len(points) != len(expected) or any(
            math.dist(p, q) > POINTS_TOLERANCE for p, q in zip(points, expected))
        edited = text != contents_of(ours)
        return replace(ours, sheet=sheet, points=points if moved else ours.points,
                       text=text if edited else ours.text)
    colour, fill = _colour(a.get("color")), _colour(a.get("interior-color"))
    if element.tag == "freetext":    # its `color` is the background, the pen is in /DA
        appearance = element.child("defaultappearance")
        pen = _colour_of_appearance(appearance.text if appearance else
                                    a.get("defaultappearance", ""))
        colour, fill = (pen, colour) if pen else (colour, None)
    try:
        width = float(a.get("width", "1") or 1)
        opacity = float(a.get("opacity", "1") or 1)
    except ValueError:
        raise XfdfError(f"{where} width or opacity is not a number") from None
    created = parse_pdf_date(a.get("creationdate") or a.get("date"))
    try:
        return Markup(
            sheet=sheet, kind=kind, points=points, id=_uuid(a.get("name", "")), text=text,
            style=Style(colour=colour, width=max(width, 0.0),
                        opacity=min(max(opacity, 0.0), 1.0),
                        fill=fill,
                        dashed=a.get("style") == "dash" or bool(a.get("dashes"))),
            discipline=discipline_of(a.get("subject", ""), disciplines),
            author=a.get("title", ""), created=created,
            modified=parse_pdf_date(a["date"]) if a.get("date") else created)
    except MarkupError as exc:
        raise XfdfError(f"{where}: {exc}") from None


def _exported_node(markup: Markup, frame: SheetFrame) -> _Node:
    scratch = ET.Element("annots")
    _export_markup(scratch, markup, frame, {}, appearance=False)
    return _node_of(scratch[0])


def _node_of(element: ET.Element) -> _Node:
    def local(name: str) -> str:
        return name.removeprefix(f"{{{XFDF_NS}}}")

    return _Node(local(element.tag), {local(k): v for k, v in element.attrib.items()}, 0,
                 [_node_of(child) for child in element], element.text or "")


def _standard_geometry(element: _Node, where: str, frame: SheetFrame, *, counted=False):
    """The kind and sheet points an element's standard attributes give. `counted`: the
    ink's gestures are the circles of a count (our own record says so), each point their
    centre."""
    a = element.attributes
    tag = element.tag

    def sheet_points(pdf_points):
        return tuple(frame.from_pdf(p) for p in pdf_points)

    def rect_corners():
        x0, y0, x1, y1 = _floats(a.get("rect", ""), where, "rect", 4)
        if a.get("fringe") and tag in ("square", "circle", "freetext"):
            left, bottom, right, top = _floats(a["fringe"], where, "fringe", 4)
            x0, y0, x1, y1 = x0 + left, y0 + bottom, x1 - right, y1 - top
        return sheet_points([(x0, y1), (x1, y0)])

    intent = a.get("intent", "")
    if tag in ("polygon", "polyline"):
        vertices = element.child("vertices")
        points = sheet_points(_pairs(_floats(vertices.text if vertices else "", where,
                                             "vertices")))
        if tag == "polygon":
            if len(points) > 3 and math.dist(points[0], points[-1]) <= POINTS_TOLERANCE:
                points = points[:-1]
            kind = MarkupKind.CLOUD if a.get("style") == "cloudy" else (
                MarkupKind.AREA if intent == "PolygonDimension" else MarkupKind.POLYLINE)
            if kind == MarkupKind.POLYLINE:
                points = points + points[:1]
        else:
            kind = MarkupKind.POLYLENGTH if intent == "PolyLineDimension" \
                else MarkupKind.POLYLINE
        return kind, points
    if tag == "line":
        start = _floats(a.get("start", ""), where, "start", 2)
        end = _floats(a.get("end", ""), where, "end", 2)
        ends = a.get("head", "") + a.get("tail", "")
        kind = MarkupKind.LENGTH if intent == "LineDimension" else (
            MarkupKind.ARROW if "Arrow" in ends else MarkupKind.LINE)
        return kind, sheet_points([tuple(start), tuple(end)])
    if tag in ("square", "circle"):
        return (MarkupKind.RECTANGLE if tag == "square" else MarkupKind.ELLIPSE), rect_corners()
    if tag in ("highlight", "underline", "strikeout", "squiggly"):
        return MarkupKind.HIGHLIGHT, rect_corners()
    if tag == "ink":
        inklist = element.child("inklist")
        strokes = [sheet_points(_pairs(_floats(g.text, where, "gesture")))
                   for g in (inklist.children if inklist else [])]
        if counted:
            return MarkupKind.COUNT, tuple(_centre(stroke) for stroke in strokes)
        points = tuple(p for stroke in strokes for p in stroke)
        single = strokes and all(len(s) == 1 for s in strokes)
        return (MarkupKind.COUNT if single else MarkupKind.FREEHAND), points
    if tag == "freetext":
        corners = rect_corners()
        if intent == "FreeTextCallout" and a.get("callout"):
            tip = _floats(a["callout"], where, "callout")[:2]
            return MarkupKind.CALLOUT, sheet_points([tuple(tip)]) + corners
        return MarkupKind.TEXT, corners
    if tag == "stamp":
        return MarkupKind.STAMP, rect_corners()
    if tag in ("text", "caret"):
        return MarkupKind.TEXT, rect_corners()[:1]
    return None


def _apply_reply(markup: Markup, element: _Node, source: str) -> Markup:
    a = element.attributes
    date = parse_pdf_date(a.get("creationdate") or a.get("date"))
    if a.get("statemodel") == "Review" or a.get("state"):
        return replace(markup, status=STATUS_OF_STATE.get(a.get("state", "None"),
                                                          MarkupStatus.OPEN))
    contents = element.child("contents")
    reply = Reply(a.get("title", ""), date, contents.text if contents else "")
    return replace(markup, replies=markup.replies + (reply,))


def _centre(points) -> tuple[float, float]:
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)


def _colour_of_appearance(appearance: str) -> str | None:
    """The fill colour a /DA string sets ("r g b rg" or "g g"), as #RRGGBB."""
    words = appearance.split()
    for i, word in enumerate(words):
        wanted = {"rg": 3, "g": 1}.get(word)
        if wanted and i >= wanted:
            try:
                values = [float(v) for v in words[i - wanted:i]] * (3 if wanted == 1 else 1)
            except ValueError:
                return None
            return "#%02X%02X%02X" % tuple(round(max(0.0, min(1.0, v)) * 255) for v in values)
    return None


def _colour(value: str | None) -> str | None:
    if value and len(value) == 7 and value.startswith("#"):
        try:
            int(value[1:], 16)
            return value.upper()
        except ValueError:
            return None
    return None


def _uuid(name: str) -> uuid.UUID:
    try:
        return uuid.UUID(name)
    except ValueError:
        return uuid.uuid5(uuid.NAMESPACE_OID, f"xfdf-annotation:{name}") if name \
            else uuid.uuid4()


def read_xfdf_file(path: Path, frames: Sequence[SheetFrame], *,
                   disciplines: Mapping[str, Discipline] | None = None) -> AnnotationImport:
    return import_xfdf(Path(path).read_bytes(), frames, source=Path(path).name,
                       disciplines=disciplines)

