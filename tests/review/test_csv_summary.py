import csv
import io
from datetime import datetime, timezone

from review.exchange.csv_summary import csv_summary
from review.markups import Markup, MarkupKind, Measurement, columns_from


def test_summary_rows_with_user_columns_and_arabic():
    area = Markup(1, MarkupKind.AREA, ((0, 0), (10, 0), (10, 10)), text="غرفة النوم",
                  measurement=Measurement(12.5e6, "mm2", perimeter=14500, scale="1:100"),
                  columns=columns_from({"Code": "B-12", "Checked": "true"}))
    cloud = Markup(0, MarkupKind.CLOUD, ((0, 0), (10, 0), (10, 10)), discipline="structural")
    text = csv_summary([area, cloud])
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert [r["sheet_number"] for r in rows] == ["1", "2"]   # numbered from 1, not indexes
    assert rows[0]["discipline"] == "Structural" and rows[0]["Code"] == ""
    assert rows[1]["comment"] == "غرفة النوم" and rows[1]["Code"] == "B-12"
    assert rows[1]["measured"] == "12.50 m² (perimeter 14.50 m)"
    assert rows[1]["value"] == "12.500" and rows[1]["unit"] == "m²"
    assert rows[1]["perimeter_m"] == "14.500"


def test_arabic_summary_writes_the_caption_in_arabic_and_the_data_as_before():
    area = Markup(0, MarkupKind.AREA, ((0, 0), (10, 0), (10, 10)),
                  measurement=Measurement(1.81e6, "mm2", perimeter=5640))
    english = list(csv.reader(io.StringIO(csv_summary([area]).lstrip("\ufeff"))))
    arabic = list(csv.reader(io.StringIO(csv_summary([area], language="ar").lstrip("\ufeff"))))
    measured = english[0].index("measured")
    assert arabic[1][measured] == "1.81 م² (المحيط 5.64 م)"
    assert arabic[0] == english[0]                       # the same English headers
    assert [v for i, v in enumerate(arabic[1]) if i != measured] == \
        [v for i, v in enumerate(english[1]) if i != measured]


def test_sheets_are_named_by_number_and_title_and_values_have_fixed_decimals():
    # one second apart: rows are ordered by time, and markup times are kept to the second
    at = [datetime(2026, 1, 1, 9, 0, n, tzinfo=timezone.utc) for n in range(4)]
    area = Markup(0, MarkupKind.AREA, ((0, 0), (10, 0), (10, 10)),
                  measurement=Measurement(975386000.0, "mm2", perimeter=125000.4), created=at[0])
    length = Markup(1, MarkupKind.LENGTH, ((0, 0), (10, 0)),
                    measurement=Measurement(1234.5678, "mm"), created=at[1])
    angle = Markup(1, MarkupKind.ANGLE, ((0, 0), (10, 0), (10, 10)),
                   measurement=Measurement(89.66, "deg"), created=at[2])
    count = Markup(1, MarkupKind.COUNT, ((0, 0), (1, 1), (2, 2)),
                   measurement=Measurement(3.0, "count"), created=at[3])
    text = csv_summary([area, length, angle, count],
                       sheets={0: ("A-101", "Ground Floor Plan"), 1: ("S-201", "Sections")})
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert [(r["sheet_number"], r["sheet_title"]) for r in rows] == [
        ("A-101", "Ground Floor Plan")] + [("S-201", "Sections")] * 3
    assert [(r["value"], r["unit"]) for r in rows] == [
        ("975.386", "m²"), ("1.235", "m"), ("89.7", "deg"), ("3", "count")]
    assert rows[0]["perimeter_m"] == "125.000"
    assert "e+" not in text


def test_cells_that_would_start_a_formula_are_escaped():
    evil = Markup(0, MarkupKind.TEXT, ((0, 0),), text="=HYPERLINK(\"http://x\")",
                  author="@admin", columns=columns_from({"Code": "+1", "=Name": "-2"}))
    text = csv_summary([evil], sheets={0: ("=A1", "-title")})
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    header, row = rows
    assert "'=Name" in header
    cells = dict(zip(header, row))
    assert cells["comment"] == "'=HYPERLINK(\"http://x\")"
    assert cells["author"] == "'@admin"
    assert cells["sheet_number"] == "'=A1" and cells["sheet_title"] == "'-title"
    assert cells["Code"] == "'+1" and cells["'=Name"] == "'-2"
