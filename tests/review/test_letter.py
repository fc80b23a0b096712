"""The corrections letter in English and Arabic, with thumbnails around each markup."""
from __future__ import annotations

import unicodedata
from dataclasses import replace
from datetime import date

import pymupdf
import pytest

from review.letter import LetterDetails, LetterError, letter_from_pdf, open_items, write_letter
from review.markups import Markup, MarkupKind, MarkupStatus, Measurement
from tests.review.test_pdf_annotations import plan

DETAILS = LetterDetails("BP-2025-00123", "Eng. Salim", date(2025, 3, 4), "Municipality")


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


def text_of(path) -> str:
    with pymupdf.open(path) as doc:
        return unicodedata.normalize("NFKC", "".join(page.get_text() for page in doc))


def test_english_letter_lists_open_items_by_discipline_with_thumbnails(tmp_path):
    source = plan(tmp_path / "plan.pdf")
    out = letter_from_pdf(source, tmp_path / "letter.pdf", items(), DETAILS)
    text = text_of(out)
    for expected in ("Corrections letter", "BP-2025-00123", "Eng. Salim", "2025-03-04",
                     "Architectural", "Structural", "Stair width below 1200 mm",
                     "Room too small", "8.20 m2", "3 open correction"):
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
    out = letter_from_pdf(source, tmp_path / "letter-ar.pdf", items(), DETAILS, language="ar")
    text = text_of(out)
    assert "خطاب التصحيحات" in text and "معماري" in text and "إنشائي" in text
    assert "BP-2025-00123" in text and "2025-03-04" in text
    with pymupdf.open(out) as doc:
        page = doc[0]
        title = next(b for b in page.get_text("dict")["blocks"]
                     if "ﺧﻄﺎﺏ" in "".join(s["text"] for line in b["lines"] for s in line["spans"]))
        # right-aligned: the title ends at the right margin and starts past the middle
        assert title["bbox"][2] > page.rect.width - 80 and title["bbox"][0] > page.rect.width / 2


def test_arabic_letter_writes_measured_values_with_arabic_units(tmp_path):
    source = plan(tmp_path / "plan.pdf")
    out = letter_from_pdf(source, tmp_path / "letter-ar.pdf", items(), DETAILS, language="ar")
    text = text_of(out)   # NFKC: "م²" reads back as "م2"
    assert "8.20" in text and "12.00" in text and "المحيط" in text and " م2" in text
    assert "m2" not in text and "perimeter" not in text


def test_an_item_without_a_comment_is_named_by_its_kind_in_the_letters_language(tmp_path):
    length = Markup(0, MarkupKind.LENGTH, ((0, 0), (100, 0)),
                    measurement=Measurement(2500, "mm"))
    english = write_letter(tmp_path / "en.pdf", [length], DETAILS)
    arabic = write_letter(tmp_path / "ar.pdf", [length], DETAILS, language="ar",
                          kind_names={MarkupKind.LENGTH: "طول"})
    assert "length" in text_of(english) and "2.50 m" in text_of(english)
    assert "طول" in text_of(arabic) and "length" not in text_of(arabic)


def test_dxf_sheets_take_a_thumbnail_callback(tmp_path):
    calls = []
    png = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 40, 30), False)
    png.clear_with(200)

    def render(markup):
        calls.append(markup.id)
        return png.tobytes("png")

    out = write_letter(tmp_path / "l.pdf", items(), DETAILS, thumbnail=render,
                       sheet_names={0: "A-101", 1: "S-201"})
    assert len(calls) == len(open_items(items())) == 3
    text = text_of(out)
    assert "Sheet A-101" in text and "Sheet S-201" in text


def test_no_open_items_and_bad_language(tmp_path):
    out = write_letter(tmp_path / "empty.pdf", [], DETAILS)
    assert "No open correction items" in text_of(out)
    with pytest.raises(LetterError, match="English .* or Arabic"):
        write_letter(tmp_path / "x.pdf", [], DETAILS, language="fr")
