"""The corrections letter: open correction items by discipline and sheet, as a PDF.

Each item shows a thumbnail cropped around its markup, the comment and any measured value,
under the application reference, the reviewer and the date. English or Arabic (right to
left, shaped by MuPDF's HTML layout with a font that has Arabic letters). Thumbnails come from
a callback: `pdf_thumbnails` renders them from a PDF source with the markups drawn on it; the
desktop supplies its own renderer for DXF sheets.
"""
from __future__ import annotations

import html
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pymupdf

from review.arabic import arabic_font_css
from review.errors import PlanReviewError
from review.markups import Discipline, Markup, MarkupStatus, load_disciplines
from review.measure import MEASURE_WORDS, MeasureWords, format_measurement

Thumbnail = Callable[[Markup], bytes | None]   # PNG bytes of the region around a markup
THUMBNAIL_MARGIN = 0.6      # of the markup's size, added on each side
THUMBNAIL_MIN_SIZE = 120.0  # sheet units shown at least, so a small markup has context
PAGE = pymupdf.paper_rect("a4")
MARGINS = (56, 64, -56, -64)

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
        "no_thumbnail": "(no preview)",
    },
    "ar": {
        "title": "خطاب التصحيحات", "reference": "رقم الطلب", "reviewer": "المراجع",
        "date": "التاريخ", "sheet": "اللوحة", "item": "البند", "comment": "التصحيح المطلوب",
        "measured": "القياس", "thumbnail": "الموقع",
        "intro": "تمت مراجعة المخططات، ويجب تصحيح البنود التالية قبل اعتماد الطلب. يرجى إعادة"
                 " تقديم اللوحات المعدلة مع الرد على كل بند.",
        "none": "لا توجد بنود تصحيح مفتوحة: لا يلزم أي تصحيح.",
        "count": "عدد بنود التصحيح المفتوحة: {n}", "page": "صفحة {i} من {n}",
        "no_thumbnail": "(لا توجد معاينة)",
    },
}


class LetterError(PlanReviewError):
    """The corrections letter cannot be written."""


@dataclass(frozen=True)
class LetterDetails:
    reference: str
    reviewer: str
    date: date
    authority: str = ""      # e.g. the municipality's name, printed above the title


def open_items(markups: Sequence[Markup]) -> list[Markup]:
    """The correction items a letter lists: the reviewer's markups still open."""
    return [m for m in markups if m.status == MarkupStatus.OPEN and not m.read_only]


def write_letter(out: Path, markups: Sequence[Markup], details: LetterDetails, *,
                 language: str = "en", thumbnail: Thumbnail | None = None,
                 sheet_names: Mapping[int, str] | None = None,
                 disciplines: Mapping[str, Discipline] | None = None,
                 kind_names: Mapping[str, str] | None = None) -> Path:
    """`kind_names`: the markup kinds named in the letter's language, for an item without
    a comment (the desktop's translated names); else the kind's own English name."""
    if language not in TEXT:
        raise LetterError(f"letters are written in English (en) or Arabic (ar), not {language!r}")
    disciplines = load_disciplines() if disciplines is None else disciplines
    words = TEXT[language]
    block = _Blocks("rtl" if language == "ar" else "ltr")
    wording = _Wording(words, MEASURE_WORDS[language], kind_names or {}, block)
    items = open_items(markups)
    order = {d: i for i, d in enumerate(disciplines)}
    items.sort(key=lambda m: (order.get(m.discipline, len(order)), m.discipline, m.sheet,
                              m.created, str(m.id)))
    archive = pymupdf.Archive()
    body = [_header(details, wording, len(items))]
    current: tuple[str, int] | None = None
    for number, markup in enumerate(items, start=1):
        discipline = disciplines.get(markup.discipline)
        if current is None or current[0] != markup.discipline:
            name = discipline.name(language) if discipline else markup.discipline
            body.append(block("h2", html.escape(name)))
        if current != (markup.discipline, markup.sheet):
            label = (sheet_names or {}).get(markup.sheet, str(markup.sheet + 1))
            body.append(block("h3", f"{words['sheet']} {html.escape(label)}"))
            current = (markup.discipline, markup.sheet)
        body.append(_item(markup, number, wording, archive, thumbnail))
    if not items:
        body.append(block("p", words["none"]))
    _render(out, f"<body>{''.join(body)}</body>", _css(language), archive)
    _number_pages(out, words)
    return out


@dataclass(frozen=True)
class _Wording:
    """What the letter writes in its language besides the markups' own text."""
    words: Mapping[str, str]
    units: MeasureWords
    kind_names: Mapping[str, str]
    block: _Blocks


class _Blocks:
    """Block elements with the letter's direction: MuPDF sets direction per paragraph."""

    def __init__(self, direction: str):
        self.direction = direction

    def __call__(self, tag: str, content: str, css_class: str = "") -> str:
        attribute = f" class=\"{css_class}\"" if css_class else ""
        return f"<{tag} dir=\"{self.direction}\"{attribute}>{content}</{tag}>"


def _header(details: LetterDetails, wording: _Wording, count: int) -> str:
    words, block = wording.words, wording.block
    parts = [block("p", html.escape(details.authority), "authority")] if details.authority \
        else []
    parts.append(block("h1", words["title"]))
    for key, value in (("reference", _left_to_right(details.reference)),
                       ("reviewer", details.reviewer),
                       ("date", _left_to_right(details.date.isoformat()))):
        parts.append(block("p", f"<b>{words[key]}:</b> {html.escape(value)}", "detail"))
    parts.append(block("p", words["intro"], "intro"))
    parts.append(block("p", words["count"].format(n=count), "count"))
    return "".join(parts)


def _left_to_right(text: str) -> str:
    """Keeps a reference or a date in reading order inside right-to-left text."""
    return f"\u202a{text}\u202c"


def _item(markup: Markup, number: int, wording: _Wording, archive: pymupdf.Archive,
          thumbnail: Thumbnail | None) -> str:
    words, block = wording.words, wording.block
    comment = html.escape(markup.text or wording.kind_names.get(markup.kind, markup.kind.value)
                          ).replace("\n", "<br/>")
    parts = [block("p", f"<b>{words['item']} {number}.</b> {comment}", "comment")]
    if markup.measurement is not None:
        value = format_measurement(markup.measurement, wording.units)
        parts.append(block("p", f"{words['measured']}: {html.escape(value)}", "muted"))
    if markup.author:
        parts.append(block("p", html.escape(markup.author), "muted"))
    image = thumbnail(markup) if thumbnail else None
    if image:
        name = f"item-{number}.png"
        archive.add(image, name)
        parts.append(block("p", f"<img src=\"{name}\" width=\"240\"/>", "picture"))
    else:
        parts.append(block("p", words["no_thumbnail"], "muted"))
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
        .item {{margin: 6pt 0 10pt 0; border-top: 1px solid #ccc; padding-top: 4pt}}
    """


def _render(out: Path, document: str, css: str, archive: pymupdf.Archive) -> None:
    story = pymupdf.Story(html=document, user_css=css, archive=archive)
    try:
        writer = pymupdf.DocumentWriter(str(out))
    except RuntimeError as exc:
        raise LetterError(f"the letter cannot be written to {out}: {exc}") from exc
    where = PAGE + MARGINS
    more = True
    while more:
        device = writer.begin_page(PAGE)
        more, _filled = story.place(where)
        story.draw(device)
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
    annotated copy), so each picture shows the markup in place; and its close function."""
    doc = pymupdf.open(annotated_pdf)
    if doc.needs_pass:
        doc.authenticate(password or "")

    def render(markup: Markup) -> bytes | None:
        if markup.sheet >= doc.page_count:
            return None
        page = doc[markup.sheet]
        x0, y0, x1, y1 = markup.bounds()
        size = max(x1 - x0, y1 - y0, THUMBNAIL_MIN_SIZE)
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        half = size * (0.5 + THUMBNAIL_MARGIN)
        region = pymupdf.Rect(cx - half, cy - half * 0.75, cx + half, cy + half * 0.75)
        clip = region & page.rect   # displayed coordinates: MuPDF applies the rotation
        if clip.is_empty or clip.width < 1 or clip.height < 1:
            return None
        zoom = width_px / max(region.width, 1.0)
        return page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), clip=clip,
                               annots=True).tobytes("png")

    return render, doc.close


def letter_from_pdf(source: Path, out: Path, markups: Sequence[Markup], details: LetterDetails,
                    *, language: str = "en", password: str | None = None,
                    disciplines: Mapping[str, Discipline] | None = None,
                    kind_names: Mapping[str, str] | None = None) -> Path:
    """The letter for a PDF source: thumbnails from a temporary annotated copy."""
    from review.exchange.pdf_annotations import write_annotated_pdf

    with pymupdf.open(source) as doc:
        if doc.needs_pass:
            doc.authenticate(password or "")
        names = {i: (doc[i].get_label() or str(i + 1)) for i in range(doc.page_count)}
    with tempfile.TemporaryDirectory(prefix="planreview-letter-") as folder:
        annotated = write_annotated_pdf(source, open_items(markups), Path(folder) / "a.pdf",
                                        disciplines=disciplines, password=password).path
        render, close = pdf_thumbnails(annotated, password=password)
        try:
            return write_letter(out, markups, details, language=language, thumbnail=render,
                                sheet_names=names, disciplines=disciplines,
                                kind_names=kind_names)
        finally:
            close()
