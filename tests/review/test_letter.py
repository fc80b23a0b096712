"""The corrections letter in English and Arabic: its items, headings, thumbnails and page breaks,
read back by poppler (pdftotext), MuPDF (mutool) and PyMuPDF."""
from __future__ import annotations

import re
import subprocess
import unicodedata
from dataclasses import replace
from datetime import date

import pymupdf
import pytest

from review.letter import (
    LetterDetails,
    LetterError,
    MissingDocument,
    NoPreview,
    ReturnedApplication,
    correction_items,
    letter_from_pdf,
    pdf_thumbnails,
    write_letter,
)
from review.markups import Markup, MarkupKind, MarkupStatus, Measurement
from review.sheet_identity import SheetIdentity
from review.text_safety import BIDI_CONTROLS
from tests.review.test_pdf_annotations import plan

DETAILS = LetterDetails("BP-2025-00123", "Eng. Salim", date(2025, 3, 4), "Municipality")
SHEETS = {0: SheetIdentity("A-101", "GROUND FLOOR PLAN"), 1: SheetIdentity("S-201", "")}


def items() -> list[Markup]:
    return [
        Markup(0, MarkupKind.CLOUD, ((60, 60), (200, 60), (200, 140)),
               text="Stair width below 1200 mm", author="Eng. Salim"),
        Markup(0, MarkupKind.AREA, ((300, 300), (400, 300), (400, 380)),
               text="Room too small", discipline="structural",
               measurement=Measurement(8.2e6, "mm2", perimeter=12000)),
        Markup(1, MarkupKind.CALLOUT, ((100, 100), (200, 50), (400, 90)),
               text="أضف درابزين للدرج"),
        Markup(0, MarkupKind.TEXT, ((500, 60),), text="Already fixed",
               status=MarkupStatus.RESOLVED),
        Markup(0, MarkupKind.TEXT, ((500, 90),), text="Withdrawn", status=MarkupStatus.VOID),
        replace(Markup(0, MarkupKind.RECTANGLE, ((10, 10), (50, 50)), text="Consultant note"),
                origin="PDF annotation 9 (Square)"),
    ]


def reviewed_sheet() -> list[Markup]:
    """Two real comments, drawn as a reviewer draws them, among bare measurements."""
    return [
        Markup(0, MarkupKind.CLOUD, ((60, 60), (260, 60), (260, 200), (60, 200))),
        Markup(0, MarkupKind.CALLOUT, ((150, 120), (320, 40), (520, 90)),
               text="Stair width below 1200 mm"),
        Markup(0, MarkupKind.LENGTH, ((80, 180), (240, 180)),
               measurement=Measurement(1150, "mm")),     # inside the cloud: shown with it
        Markup(0, MarkupKind.RECTANGLE, ((400, 300), (600, 420))),
        Markup(0, MarkupKind.TEXT, ((420, 320), (580, 360)), text="Door swing clashes"),
        Markup(0, MarkupKind.LENGTH, ((600, 500), (800, 500)),
               measurement=Measurement(2500, "mm")),
        Markup(0, MarkupKind.COUNT, ((700, 100), (720, 100), (740, 100))),
        Markup(0, MarkupKind.ANGLE, ((650, 200), (700, 200), (700, 250)),
               measurement=Measurement(90, "deg")),
        Markup(0, MarkupKind.ARROW, ((650, 300), (700, 350))),
        Markup(0, MarkupKind.RECTANGLE, ((30, 400), (90, 460))),   # bare: no comment
    ]


def text_of(path) -> str:
    with pymupdf.open(path) as doc:
        return unicodedata.normalize("NFKC", "".join(page.get_text() for page in doc))


def words(text: str) -> list[str]:
    """A reader's text as words in order: presentation forms folded, bidi controls and
    punctuation set aside."""
    plain = "".join(" " if c in BIDI_CONTROLS else c for c in unicodedata.normalize("NFKC", text))
    return re.findall(r"\w(?:[\w°².\-]*[\w°²])?", plain)


def in_order(expected: list[str], found: list[str]) -> bool:
    at = 0
    for word in found:
        if at < len(expected) and word == expected[at]:
            at += 1
    return at == len(expected)


def poppler_text(pdf) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout


def mutool_text(pdf) -> str:
    return subprocess.run(["mutool", "draw", "-F", "txt", str(pdf)], check=True,
                          capture_output=True, text=True).stdout


def test_a_cloud_and_the_callout_into_it_are_one_item_bare_measurements_none():
    found = correction_items(reviewed_sheet())
    assert sorted(sorted(m.kind.value for m in item.markups) for item in found) == [
        ["callout", "cloud", "length"], ["rectangle", "text"]]
    assert sorted(item.comments()[0] for item in found) == ["Door swing clashes",
                                                            "Stair width below 1200 mm"]


def test_an_arrow_from_a_text_into_a_cloud_joins_them_and_a_bare_cloud_is_an_item():
    cloud = Markup(0, MarkupKind.CLOUD, ((400, 400), (500, 400), (500, 500), (400, 500)))
    note = Markup(0, MarkupKind.TEXT, ((100, 100), (250, 140)), text="Fire exit too narrow")
    arrow = Markup(0, MarkupKind.ARROW, ((200, 120), (450, 450)))
    lone = Markup(0, MarkupKind.CLOUD, ((600, 100), (700, 100), (700, 200)))
    labelled_length = Markup(0, MarkupKind.LENGTH, ((0, 300), (100, 300)), text="Check",
                             measurement=Measurement(900, "mm"))
    other_discipline = replace(note, id=note.id.__class__(int=1), discipline="structural",
                               points=((420, 420), (480, 460)), text="Beam depth")
    found = correction_items([cloud, note, arrow, lone, labelled_length, other_discipline])
    groups = {frozenset(m.id for m in item.markups) for item in found}
    assert groups == {frozenset({cloud.id, note.id, arrow.id}), frozenset({lone.id}),
                      frozenset({labelled_length.id}), frozenset({other_discipline.id})}


def test_the_letter_lists_two_items_for_two_comments_with_one_thumbnail_each(tmp_path):
    source = plan(tmp_path / "plan.pdf")
    out = letter_from_pdf(source, tmp_path / "letter.pdf", reviewed_sheet(), DETAILS,
                          sheets=SHEETS)
    text = poppler_text(out)
    assert "2 open correction item(s)" in text and "Item 3" not in text
    assert "Stair width below 1200 mm" in text and "Door swing clashes" in text
    assert "Measured: 1.15 m" in text and "2.50 m" not in text
    assert "Sheet A-101 - GROUND FLOOR PLAN" in text
    with pymupdf.open(out) as doc:
        assert sum(len(page.get_images()) for page in doc) == 2


def test_english_letter_lists_open_items_by_discipline_with_thumbnails(tmp_path):
    source = plan(tmp_path / "plan.pdf")
    out = letter_from_pdf(source, tmp_path / "letter.pdf", items(), DETAILS, sheets=SHEETS)
    text = text_of(out)
    for expected in ("Corrections letter", "BP-2025-00123", "Eng. Salim", "2025-03-04",
                     "Architectural", "Structural", "Stair width below 1200 mm",
                     "Room too small", "8.20 m2", "3 open correction", "Sheet S-201"):
        assert expected in text, expected
    assert "أضف درابزين" in text  # (the lam-lam ligature does not extract as text)
    for absent in ("Already fixed", "Withdrawn", "Consultant note"):
        assert absent not in text
    assert text.index("Architectural") < text.index("Structural")
    with pymupdf.open(out) as doc:
        assert sum(len(page.get_images()) for page in doc) == 3
        fonts = {f[3] for page in doc for f in page.get_fonts()}
    assert any("Arabic" in name for name in fonts)


def test_arabic_letter_is_right_to_left(tmp_path):
    source = plan(tmp_path / "plan.pdf")
    out = letter_from_pdf(source, tmp_path / "letter-ar.pdf", items(), DETAILS, language="ar",
                          sheets=SHEETS)
    text = text_of(out)
    assert "خطاب التصحيحات" in text and "معماري" in text and "إنشائي" in text
    assert "BP-2025-00123" in text and "2025-03-04" in text
    with pymupdf.open(out) as doc:
        page = doc[0]
        title = next(b for b in page.get_text("dict")["blocks"]
                     if "ﺧﻄﺎﺏ" in "".join(s["text"] for line in b["lines"] for s in line["spans"]))
        # right-aligned: the title ends at the right margin and starts past the middle
        assert title["bbox"][2] > page.rect.width - 80 and title["bbox"][0] > page.rect.width / 2


def test_arabic_letter_keeps_latin_runs_figures_and_units_in_reading_order(tmp_path):
    source = plan(tmp_path / "plan.pdf")
    marked = [
        Markup(0, MarkupKind.CALLOUT, ((120, 100), (300, 40), (450, 80)),
               text="عرض الدرج في اللوحة A-101 أقل من 1200 mm."),
        Markup(0, MarkupKind.ANGLE, ((500, 300), (550, 300), (550, 350)), text="الزاوية",
               measurement=Measurement(89.7, "deg")),
        Markup(0, MarkupKind.LENGTH, ((500, 400), (600, 400)), text="المسافة",
               measurement=Measurement(2500, "mm")),
    ]
    out = letter_from_pdf(source, tmp_path / "letter-ar.pdf", marked, DETAILS, language="ar",
                          sheets={0: SheetIdentity("A-101", "مسقط أفقي")})
    for reader in (poppler_text, mutool_text):
        found = words(reader(out))
        for expected in (["عرض", "الدرج", "في", "اللوحة", "A-101", "أقل", "من", "1200", "mm"],
                         ["الزاوية", "القياس", "89.7°"], ["المسافة", "القياس", "2.50", "م"],
                         ["اللوحة", "A-101", "مسقط", "أفقي"], ["رقم", "الطلب", "BP-2025-00123"]):
            assert in_order(expected, found), (reader.__name__, expected, found)
        assert "°89.7" not in found and "101-A" not in found
    # where the glyphs stand: in a right-to-left line a Latin run still reads left to right
    with pymupdf.open(out) as doc:
        spans = [s for page in doc for b in page.get_text("dict")["blocks"]
                 for line in b.get("lines", ()) for s in line["spans"]]
    number = next(s for s in spans if "89.7" in s["text"])
    if "°" not in number["text"]:   # the degree sign may come from a fallback font
        sign = next(s for s in spans if s["text"].strip() == "°")
        assert sign["bbox"][0] >= number["bbox"][2] - 1, (number, sign)
    else:
        assert number["text"].strip().endswith("89.7°")


def test_an_item_never_splits_from_its_thumbnail_at_a_page_break(tmp_path):
    source = plan(tmp_path / "plan.pdf")
    marked = [Markup(i % 2, MarkupKind.CLOUD,
                     ((40 + 50 * i, 40), (80 + 50 * i, 40), (80 + 50 * i, 90)),
                     text=f"Correction number {i}" + " with a longer explanation" * (i % 3))
              for i in range(14)]
    out = letter_from_pdf(source, tmp_path / "letter.pdf", marked, DETAILS, sheets=SHEETS)
    with pymupdf.open(out) as doc:
        assert doc.page_count >= 3
        pictures = 0
        for page in doc:
            blocks = sorted(page.get_text("dict")["blocks"], key=lambda b: b["bbox"][1])
            heading = None
            for block in blocks:
                if block["type"] == 1:
                    assert heading is not None, f"page {page.number + 1} starts with a picture"
                    assert block["bbox"][1] > heading
                    heading = None
                    pictures += 1
                    continue
                text = "".join(s["text"] for line in block["lines"] for s in line["spans"])
                if re.match(r"Item \d+\.", text):
                    assert heading is None, f"an item on page {page.number + 1} lost its picture"
                    heading = block["bbox"][1]
            assert heading is None, f"page {page.number + 1} ends with an item whose picture" \
                                    " is overleaf"
        assert pictures == 14


def test_a_long_sheet_title_is_shortened_within_the_page(tmp_path):
    long_title = "GROUND FLOOR PLAN " * 12
    out = write_letter(tmp_path / "l.pdf", items()[:1], DETAILS,
                       sheets={0: SheetIdentity("A-101", long_title)})
    with pymupdf.open(out) as doc:
        page = doc[0]
        for block in page.get_text("dict")["blocks"]:
            assert block["bbox"][2] <= page.rect.width - 50
        assert "A-101 - GROUND FLOOR PLAN" in page.get_text() and "…" in page.get_text()


def test_the_returned_letter_gives_the_clerks_note_and_the_missing_documents(tmp_path):
    returned = ReturnedApplication(
        "The soil report is missing; the site sketch shows plot 102, not 101.",
        (MissingDocument("Soil investigation report", "تقرير فحص التربة", "needed for G+2"),
         MissingDocument("Site sketch (krooki) matching the plot number",
                         "الرسم المساحي (الكروكي) مطابق لرقم قطعة الأرض")))
    details = replace(DETAILS, returned=returned)
    english = poppler_text(write_letter(tmp_path / "en.pdf", [], details))
    assert "returned at intake" in english and "Intake clerk's note" in english
    assert "plot 102, not 101" in english and "Soil investigation report" in english
    assert "needed for G+2" in english and "Site sketch (krooki)" in english
    assert "nothing needs to be corrected" not in english
    arabic = mutool_text(write_letter(tmp_path / "ar.pdf", [], details, language="ar"))
    found = words(arabic)
    # (the lam-alef ligature of "الاستلام" does not extract as letters)
    assert in_order(["موظف", "The", "soil", "report", "102", "101"], found), found
    assert in_order(["تقرير", "فحص", "التربة", "needed", "for", "G"], found), found
    assert "Soil" not in found


def test_a_comment_without_a_preview_says_why(tmp_path):
    placed = Markup(0, MarkupKind.CLOUD, ((10, 10), (50, 10), (50, 50)), text="Here")
    general = Markup(1, MarkupKind.TEXT, ((36, 36),), text="General remark")
    reasons = {0: NoPreview.NOT_A_PDF, 1: NoPreview.NOT_PLACED}
    out = write_letter(tmp_path / "l.pdf", [placed, general], DETAILS,
                       thumbnail=lambda item: reasons[item.sheet])
    text = poppler_text(out)
    assert "its drawing is not a PDF" in text and "not placed on a sheet" in text
    assert "(no preview)" not in text
    assert "could not be drawn" in poppler_text(write_letter(tmp_path / "n.pdf", [placed],
                                                             DETAILS))
    arabic = poppler_text(write_letter(tmp_path / "a.pdf", [general], DETAILS, language="ar",
                                       thumbnail=lambda item: NoPreview.NOT_PLACED))
    assert "التعليق غير مثبت على لوحة" in unicodedata.normalize("NFKC", arabic)
    render, close = pdf_thumbnails(plan(tmp_path / "plan.pdf"))
    try:
        (beyond,) = correction_items([replace(placed, sheet=7)])
        (outside,) = correction_items([replace(placed, points=((5000, 5000), (5100, 5000),
                                                                (5100, 5100)))])
        assert render(beyond) == render(outside) == NoPreview.OUTSIDE_SHEET
    finally:
        close()


def test_an_item_without_a_comment_is_named_by_its_kind_in_the_letters_language(tmp_path):
    cloud = Markup(0, MarkupKind.CLOUD, ((0, 0), (100, 0), (100, 100)))
    english = write_letter(tmp_path / "en.pdf", [cloud], DETAILS)
    arabic = write_letter(tmp_path / "ar.pdf", [cloud], DETAILS, language="ar",
                          kind_names={MarkupKind.CLOUD: "سحابة"})
    assert "cloud" in text_of(english)
    assert "سحابة" in text_of(arabic) and "cloud" not in text_of(arabic)


def test_cad_sheets_take_a_thumbnail_callback(tmp_path):
    calls = []
    png = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 40, 30), False)
    png.clear_with(200)

    def render(item):
        calls.append(item.first.id)
        return png.tobytes("png")

    out = write_letter(tmp_path / "l.pdf", items(), DETAILS, thumbnail=render, sheets=SHEETS)
    assert len(calls) == len(correction_items(items())) == 3
    text = text_of(out)
    assert "Sheet A-101 - GROUND FLOOR PLAN" in text and "Sheet S-201" in text


def test_no_open_items_and_bad_language(tmp_path):
    out = write_letter(tmp_path / "empty.pdf", [], DETAILS)
    assert "No open correction items" in text_of(out)
    with pytest.raises(LetterError, match="English .* or Arabic"):
        write_letter(tmp_path / "x.pdf", [], DETAILS, language="fr")
