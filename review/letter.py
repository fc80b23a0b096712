"""The corrections letter: the reviewers' correction items by discipline and sheet, as a PDF.

An item is one comment a reviewer wrote (`correction_items`): a cloud or a rectangle and the
callout or text box that points into it are one item; a bare measurement, count, angle or arrow
is not an item unless it carries a comment. Each item shows its comment, any measured value and
a thumbnail cropped around its markups, never split from them at a page break; headings give
the sheet's number and title. English or Arabic (right to left, shaped by MuPDF's HTML layout
with a font that has Arabic letters; Latin runs, figures and units embedded so they read in
order). A RETURNED application's letter gives the intake clerk's note and the missing
documents. Thumbnails come from a callback: `pdf_thumbnails` renders them from a PDF with the
markups drawn on it; the desktop supplies its own renderer for CAD sheets; a callback that has
no picture says why (`NoPreview`).
"""
from __future__ import annotations

import html
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from pathlib import Path

import pymupdf

from review.arabic import arabic_font_css, embed_runs
from review.errors import PlanReviewError
from review.markups import Discipline, Markup, MarkupKind, MarkupStatus, load_disciplines
from review.measure import MEASURE_WORDS, MeasureWords, format_measurement
from review.sheet_identity import SheetIdentity
from review.text_safety import neutralize, shorten_middle, single_line

THUMBNAIL_MARGIN = 0.6      # of the item's size, added on each side
THUMBNAIL_MIN_SIZE = 120.0  # sheet units shown at least, so a small markup has context
PAGE = pymupdf.paper_rect("a4")
MARGINS = (56, 64, -56, -64)
BLOCK_GAP = 4.0             # points between an item and the next on a page
HEADING_LIMIT = 90          # characters of a sheet heading; a longer title is cut in the middle

# Kinds that mark a region: a callout, arrow or text box pointing into one belongs to it.
REGION_KINDS = frozenset({MarkupKind.CLOUD, MarkupKind.RECTANGLE, MarkupKind.ELLIPSE,
                          MarkupKind.HIGHLIGHT})
# A region that is a correction even without a written comment.
CORRECTION_REGIONS = frozenset({MarkupKind.CLOUD})
# Kinds whose text is not a comment (a stamp's text is its wording).
NOT_COMMENTS = frozenset({MarkupKind.STAMP})


class NoPreview(StrEnum):
    """Why an item has no thumbnail, said in the letter instead of a picture."""
    NOT_PLACED = "not-placed"                  # a general comment, on no sheet
    DRAWING_UNAVAILABLE = "drawing-unavailable"  # its document or version is not at hand
    NOT_A_PDF = "not-a-pdf"                    # its sheet is a drawing we draw no picture of
    OUTSIDE_SHEET = "outside-sheet"            # its markups lie outside the sheet
    NOT_DRAWN = "not-drawn"                    # drawing the sheet failed


TEXT = {
    "en": {
        "title": "Corrections letter", "reference": "Application reference",
        "reviewer": "Reviewer", "date": "Date", "sheet": "Sheet", "item": "Item",
        "comment": "Correction required", "measured": "Measured", "thumbnail": "Location",
        "intro": "The drawings were reviewed and the items below must be corrected before the"
                 " application can be approved. Please resubmit the revised sheets with a"
                 " response to each item.",
        "none": "No open correction items: nothing needs to be corrected.",
        "count": "{n} open correction item(s)", "page": "Page {i} of {n}",
        "returned": "The application was returned at intake and is not under review yet."
                    " Please complete it as the note below asks and submit it again.",
        "clerk_note": "Intake clerk's note", "missing": "Missing or incomplete documents",
        "no_note": "(no note was written)",
        NoPreview.NOT_PLACED: "No preview: the comment is not placed on a sheet.",
        NoPreview.DRAWING_UNAVAILABLE: "No preview: the drawing it refers to is not available.",
        NoPreview.NOT_A_PDF: "No preview: its drawing is not a PDF; see the drawing itself.",
        NoPreview.OUTSIDE_SHEET: "No preview: the markup lies outside its sheet.",
        NoPreview.NOT_DRAWN: "No preview: the sheet could not be drawn.",
    },
    "ar": {
        "title": "خطاب التصحيحات", "reference": "رقم الطلب", "reviewer": "المراجع",
        "date": "التاريخ", "sheet": "اللوحة", "item": "البند", "comment": "التصحيح المطلوب",
        "measured": "القياس", "thumbnail": "الموقع",
        "intro": "تمت مراجعة المخططات، ويجب تصحيح البنود التالية قبل اعتماد الطلب. يرجى إعادة"
                 " تقديم اللوحات المعدلة مع الرد على كل بند.",
        "none": "لا توجد بنود تصحيح مفتوحة: لا يلزم أي تصحيح.",
        "count": "عدد بنود التصحيح المفتوحة: {n}", "page": "صفحة {i} من {n}",
        "returned": "أعيد الطلب عند الاستلام ولم تبدأ مراجعته بعد. يرجى استكماله كما تطلب"
                    " الملاحظة أدناه ثم تقديمه مرة أخرى.",
        "clerk_note": "ملاحظة موظف الاستلام", "missing": "المستندات الناقصة أو غير المكتملة",
        "no_note": "(لم تكتب ملاحظة)",
        NoPreview.NOT_PLACED: "لا توجد معاينة: التعليق غير مثبت على لوحة.",
        NoPreview.DRAWING_UNAVAILABLE: "لا توجد معاينة: اللوحة التي يشير إليها غير متاحة.",
        NoPreview.NOT_A_PDF: "لا توجد معاينة: لوحته ليست ملف PDF؛ راجع اللوحة نفسها.",
        NoPreview.OUTSIDE_SHEET: "لا توجد معاينة: العلامة خارج حدود لوحتها.",
        NoPreview.NOT_DRAWN: "لا توجد معاينة: تعذر رسم اللوحة.",
    },
}


class LetterError(PlanReviewError):
    """The corrections letter cannot be written."""


@dataclass(frozen=True)
class MissingDocument:
    """A required document the intake clerk found missing or failed, in both languages."""
    text_en: str
    text_ar: str = ""
    note: str = ""

    def text(self, language: str) -> str:
        return (self.text_ar or self.text_en) if language == "ar" else self.text_en


@dataclass(frozen=True)
class ReturnedApplication:
    """Why intake returned the application: the clerk's note and the missing documents."""
    note: str
    missing: tuple[MissingDocument, ...] = ()


@dataclass(frozen=True)
class LetterDetails:
    reference: str
    reviewer: str
    date: date
    authority: str = ""      # e.g. the municipality's name, printed above the title
    returned: ReturnedApplication | None = None   # the application is RETURNED


@dataclass(frozen=True)
class CorrectionItem:
    """One correction: the markups that show it, the region first, then what points into it
    (callouts, text boxes, arrows) and the measurements inside it."""
    markups: tuple[Markup, ...]

    @property
    def sheet(self) -> int:
        return self.markups[0].sheet

    @property
    def discipline(self) -> str:
        return self.markups[0].discipline

    @property
    def first(self) -> Markup:
        return min(self.markups, key=lambda m: (m.created, str(m.id)))

    def comments(self) -> list[str]:
        return [m.text for m in self.markups if m.text.strip() and m.kind not in NOT_COMMENTS]

    def authors(self) -> list[str]:
        return list(dict.fromkeys(m.author for m in self.markups if m.author))

    def on_sheet(self, sheet: int) -> CorrectionItem:
        """The same item with its markups on `sheet` (of another file holding the sheet)."""
        return CorrectionItem(tuple(replace(m, sheet=sheet) for m in self.markups))

    def bounds(self) -> tuple[float, float, float, float]:
        boxes = [m.bounds() for m in self.markups]
        return (min(b[0] for b in boxes), min(b[1] for b in boxes),
                max(b[2] for b in boxes), max(b[3] for b in boxes))


Thumbnail = Callable[[CorrectionItem], "bytes | NoPreview | None"]   # PNG around an item


def open_markups(markups: Iterable[Markup]) -> list[Markup]:
    """The reviewer's markups still open."""
    return [m for m in markups if m.status == MarkupStatus.OPEN and not m.read_only]


def correction_items(markups: Sequence[Markup]) -> list[CorrectionItem]:
    """The letter's items among `markups`, in the order the letter lists them within a sheet.

    A callout or arrow whose tip, or a text box whose centre, lies in a region (cloud,
    rectangle, ellipse, highlight) of the same sheet and discipline joins that region, as do
    an arrow without text leading from such a text into it and the measurements inside it.
    A group is an item when one of its markups carries a comment, or its region is a cloud;
    anything else is an item only with a comment of its own."""
    candidates = sorted(open_markups(markups), key=lambda m: (m.created, str(m.id)))
    regions = [m for m in candidates if m.kind in REGION_KINDS]
    joined: dict = {region.id: [region] for region in regions}
    placed: set = {region.id for region in regions}

    def region_at(markup: Markup, point) -> Markup | None:
        inside = [r for r in regions if r.id != markup.id and r.sheet == markup.sheet
                  and r.discipline == markup.discipline and _contains(r, point)]
        return min(inside, key=_area) if inside else None

    texts = [m for m in candidates if m.kind in (MarkupKind.CALLOUT, MarkupKind.TEXT)]
    for markup in candidates:
        if markup.id in placed:
            continue
        region = None
        if markup.kind == MarkupKind.CALLOUT:
            region = region_at(markup, markup.points[0])
        elif markup.kind == MarkupKind.TEXT:
            region = region_at(markup, _centre(markup.bounds()))
        elif markup.kind == MarkupKind.ARROW:
            region = region_at(markup, markup.points[-1])
            if region is not None and not markup.text.strip():
                # an arrow without text only links a text box at its tail to the region
                tail = markup.points[0]
                source = next((t for t in texts if t.id not in placed and t.sheet == markup.sheet
                               and _in_box(t.bounds(), tail)), None)
                if source is not None:
                    joined[region.id] += [source, markup]
                    placed |= {source.id, markup.id}
                continue
        elif markup.measurement is not None:
            region = region_at(markup, _centre(markup.bounds()))
        if region is not None:
            joined[region.id].append(markup)
            placed.add(markup.id)
    items = []
    for markup in candidates:
        if markup.id in joined:
            item = CorrectionItem(tuple(joined[markup.id]))
            if item.comments() or markup.kind in CORRECTION_REGIONS:
                items.append(item)
        elif markup.id not in placed and markup.text.strip() and markup.kind not in NOT_COMMENTS:
            items.append(CorrectionItem((markup,)))
    return items


def item_markups(items: Iterable[CorrectionItem]) -> list[Markup]:
    return [m for item in items for m in item.markups]


def _centre(box) -> tuple[float, float]:
    return ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)


def _in_box(box, point) -> bool:
    return box[0] <= point[0] <= box[2] and box[1] <= point[1] <= box[3]


def _area(markup: Markup) -> float:
    x0, y0, x1, y1 = markup.bounds()
    return (x1 - x0) * (y1 - y0)


def _contains(region: Markup, point) -> bool:
    if not _in_box(region.bounds(), point):
        return False
    if region.kind != MarkupKind.CLOUD:
        return True
    # a cloud is a polygon: even-odd crossing test
    x, y = point
    inside = False
    vertices = region.points
    for (ax, ay), (bx, by) in zip(vertices, vertices[1:] + vertices[:1]):
        if (ay > y) != (by > y) and x < ax + (y - ay) * (bx - ax) / (by - ay):
            inside = not inside
    return inside


def write_letter(out: Path, markups: Sequence[Markup], details: LetterDetails, *,
                 language: str = "en", thumbnail: Thumbnail | None = None,
                 sheets: Mapping[int, SheetIdentity] | None = None,
                 disciplines: Mapping[str, Discipline] | None = None,
                 kind_names: Mapping[str, str] | None = None) -> Path:
    """`sheets`: each sheet's number and title, for its heading (the sheet's position when
    not given). `kind_names`: the markup kinds named in the letter's language, for an item
    without a comment (the desktop's translated names); else the kind's own English name."""
    if language not in TEXT:
        raise LetterError(f"letters are written in English (en) or Arabic (ar), not {language!r}")
    disciplines = load_disciplines() if disciplines is None else disciplines
    words = TEXT[language]
    block = _Blocks("rtl" if language == "ar" else "ltr")
    wording = _Wording(words, MEASURE_WORDS[language], kind_names or {}, block, language)
    items = correction_items(markups)
    order = {d: i for i, d in enumerate(disciplines)}
    items.sort(key=lambda item: (order.get(item.discipline, len(order)), item.discipline,
                                 item.sheet, item.first.created, str(item.first.id)))
    archive = pymupdf.Archive()
    blocks = [_header(details, wording, len(items))]
    current: tuple[str, int] | None = None
    for number, item in enumerate(items, start=1):
        headings = ""
        if current is None or current[0] != item.discipline:
            discipline = disciplines.get(item.discipline)
            name = discipline.name(language) if discipline else item.discipline
            headings += block("h2", wording.say(name))
        if current != (item.discipline, item.sheet):
            identity = (sheets or {}).get(item.sheet) or SheetIdentity(str(item.sheet + 1))
            headings += block("h3", f"{words['sheet']} {wording.say(sheet_heading(identity))}")
            current = (item.discipline, item.sheet)
        # a heading stays with the item under it, the item with its thumbnail
        blocks.append(headings + _item(item, number, wording, archive, thumbnail))
    if not items and details.returned is None:
        blocks.append(block("p", words["none"]))
    _render(out, blocks, _css(language), archive)
    _number_pages(out, words)
    return out


def sheet_heading(identity: SheetIdentity) -> str:
    """"A-101 - FLOOR PLAN": the number and title a sheet is known by, on one line (a hyphen:
    the Arabic font has no dashes)."""
    number, title = single_line(identity.number), single_line(identity.title)
    return shorten_middle(f"{number} - {title}" if title and number else number or title,
                          HEADING_LIMIT)


@dataclass(frozen=True)
class _Wording:
    """What the letter writes in its language besides the markups' own text."""
    words: Mapping[str, str]
    units: MeasureWords
    kind_names: Mapping[str, str]
    block: _Blocks
    language: str

    def say(self, text: str) -> str:
        """Outside text as HTML for a paragraph of the letter: neutralised, runs of the
        other direction embedded, escaped, line breaks kept."""
        return html.escape(embed_runs(neutralize(text), self.block.direction)
                           ).replace("\n", "<br/>")


class _Blocks:
    """Block elements with the letter's direction: MuPDF sets direction per paragraph."""

    def __init__(self, direction: str):
        self.direction = direction

    def __call__(self, tag: str, content: str, css_class: str = "") -> str:
        attribute = f" class=\"{css_class}\"" if css_class else ""
        return f"<{tag} dir=\"{self.direction}\"{attribute}>{content}</{tag}>"


def _header(details: LetterDetails, wording: _Wording, count: int) -> str:
    words, block, say = wording.words, wording.block, wording.say
    parts = [block("p", say(details.authority), "authority")] if details.authority else []
    parts.append(block("h1", words["title"]))
    for key, value in (("reference", details.reference), ("reviewer", details.reviewer),
                       ("date", details.date.isoformat())):
        parts.append(block("p", f"<b>{words[key]}:</b> {say(value)}", "detail"))
    if details.returned is not None:
        parts.append(_returned(details.returned, wording))
    else:
        parts.append(block("p", words["intro"], "intro"))
    if count or details.returned is None:
        parts.append(block("p", say(words["count"].format(n=count)), "count"))
    return "".join(parts)


def _returned(returned: ReturnedApplication, wording: _Wording) -> str:
    words, block, say = wording.words, wording.block, wording.say
    parts = [block("p", words["returned"], "intro"),
             block("h2", words["clerk_note"]),
             block("p", say(returned.note) if returned.note.strip() else words["no_note"],
                   "note")]
    if returned.missing:
        parts.append(block("h2", words["missing"]))
        for number, document in enumerate(returned.missing, start=1):
            text = say(f"{number}. {document.text(wording.language)}")
            if document.note.strip():
                text += f"<br/><span class=\"muted\">{say(document.note)}</span>"
            parts.append(block("p", text, "missing"))
    return "".join(parts)


def _item(item: CorrectionItem, number: int, wording: _Wording, archive: pymupdf.Archive,
          thumbnail: Thumbnail | None) -> str:
    words, block, say = wording.words, wording.block, wording.say
    first = item.markups[0]
    comments = item.comments() or [wording.kind_names.get(first.kind, first.kind.value)]
    heading = say(f"{words['item']} {number}.")
    parts = [block("p", f"<b>{heading}</b> {say(comments[0])}", "comment")]
    parts += [block("p", say(comment), "comment") for comment in comments[1:]]
    for markup in item.markups:
        if markup.measurement is not None:
            value = format_measurement(markup.measurement, wording.units)
            parts.append(block("p", f"{words['measured']}: {say(value)}", "muted"))
    if item.authors():
        parts.append(block("p", say(", ".join(item.authors())), "muted"))
    image = thumbnail(item) if thumbnail else None
    if isinstance(image, bytes) and image:
        name = f"item-{number}.png"
        archive.add(image, name)
        parts.append(block("p", f"<img src=\"{name}\" width=\"240\"/>", "picture"))
    else:
        reason = image if isinstance(image, NoPreview) else NoPreview.NOT_DRAWN
        parts.append(block("p", words[reason], "muted"))
    return f"<div class=\"item\">{''.join(parts)}</div>"


def _css(language: str) -> str:
    families = "planreview-arabic, sans-serif" if language == "ar" \
        else "sans-serif, planreview-arabic"
    # No text-align: MuPDF aligns each paragraph to the start of its direction.
    return arabic_font_css() + f"""
        body {{font-family: {families}; font-size: 10pt; line-height: 1.35}}
        h1 {{font-size: 17pt; margin: 4pt 0 8pt 0}}
        h2 {{font-size: 13pt; margin: 14pt 0 4pt 0; border-bottom: 1px solid #888}}
        h3 {{font-size: 11pt; margin: 8pt 0 4pt 0; color: #333}}
        p {{margin: 0 0 4pt 0}}
        .authority {{font-size: 11pt; color: #555}}
        .intro {{margin-top: 8pt}}
        .count {{font-weight: bold}}
        .muted {{color: #555; font-size: 9pt}}
        .item {{margin: 6pt 0 6pt 0; border-top: 1px solid #ccc; padding-top: 4pt}}
    """


def _render(out: Path, blocks: Sequence[str], css: str, archive: pymupdf.Archive) -> None:
    """Lays the blocks out page after page; a block that does not fit in what is left of a
    page starts the next one, so an item stays with its thumbnail. Only a block taller than a
    whole page is split."""
    try:
        writer = pymupdf.DocumentWriter(str(out))
    except RuntimeError as exc:
        raise LetterError(f"the letter cannot be written to {out}: {exc}") from exc
    frame = PAGE + MARGINS
    device, free = None, None
    for content in blocks:
        story = pymupdf.Story(html=f"<body>{content}</body>", user_css=css, archive=archive)
        while True:
            if device is None:
                device, free = writer.begin_page(PAGE), pymupdf.Rect(frame)
            more, filled = story.place(free)
            if more and free.y0 > frame.y0:   # does not fit under what the page has
                story.reset()
                writer.end_page()
                device = None
                continue
            story.draw(device)
            if more:                          # taller than a page: it goes on overleaf
                writer.end_page()
                device = None
                continue
            free = pymupdf.Rect(free.x0, pymupdf.Rect(filled).y1 + BLOCK_GAP, free.x1, free.y1)
            break
    if device is not None:
        writer.end_page()
    writer.close()


def _number_pages(out: Path, words: Mapping[str, str]) -> None:
    with pymupdf.open(out) as doc:
        count = doc.page_count
        for page in doc:
            footer = pymupdf.Rect(MARGINS[0], PAGE.height - 48, PAGE.width + MARGINS[2],
                                  PAGE.height - 28)
            page.insert_htmlbox(footer, f"<p style=\"text-align: center; font-size: 8pt;"
                                        f" color: #666\">"
                                        f"{words['page'].format(i=page.number + 1, n=count)}</p>",
                                css=arabic_font_css() + "p {font-family: sans-serif,"
                                                        " planreview-arabic}")
        doc.subset_fonts()
        compact = doc.tobytes(garbage=3, deflate=True)
    out.write_bytes(compact)


def pdf_thumbnails(annotated_pdf: Path, *, width_px: int = 380,
                   password: str | None = None) -> tuple[Thumbnail, Callable[[], None]]:
    """A thumbnail renderer over a PDF that already carries the markups as annotations (the
    annotated copy), so each picture shows the item's markups in place; and its close
    function."""
    doc = pymupdf.open(annotated_pdf)
    if doc.needs_pass:
        doc.authenticate(password or "")

    def render(item: CorrectionItem) -> bytes | NoPreview:
        if item.sheet >= doc.page_count:
            return NoPreview.OUTSIDE_SHEET
        page = doc[item.sheet]
        x0, y0, x1, y1 = item.bounds()
        size = max(x1 - x0, y1 - y0, THUMBNAIL_MIN_SIZE)
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        half = size * (0.5 + THUMBNAIL_MARGIN)
        region = pymupdf.Rect(cx - half, cy - half * 0.75, cx + half, cy + half * 0.75)
        clip = region & page.rect   # displayed coordinates: MuPDF applies the rotation
        if clip.is_empty or clip.width < 1 or clip.height < 1:
            return NoPreview.OUTSIDE_SHEET
        zoom = width_px / max(region.width, 1.0)
        try:
            return page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), clip=clip,
                                   annots=True).tobytes("png")
        except (RuntimeError, ValueError):
            return NoPreview.NOT_DRAWN

    return render, doc.close


def letter_from_pdf(source: Path, out: Path, markups: Sequence[Markup], details: LetterDetails,
                    *, language: str = "en", password: str | None = None,
                    sheets: Mapping[int, SheetIdentity] | None = None,
                    disciplines: Mapping[str, Discipline] | None = None,
                    kind_names: Mapping[str, str] | None = None) -> Path:
    """The letter for a PDF source: thumbnails from a temporary annotated copy. `sheets`: the
    sheets' numbers and titles as the viewer shows them (viewers.core reads them from the
    title blocks)."""
    from review.exchange.pdf_annotations import write_annotated_pdf

    with tempfile.TemporaryDirectory(prefix="planreview-letter-") as folder:
        annotated = write_annotated_pdf(source, item_markups(correction_items(markups)),
                                        Path(folder) / "a.pdf", disciplines=disciplines,
                                        password=password).path
        render, close = pdf_thumbnails(annotated, password=password)
        try:
            return write_letter(out, markups, details, language=language, thumbnail=render,
                                sheets=sheets, disciplines=disciplines, kind_names=kind_names)
        finally:
            close()

