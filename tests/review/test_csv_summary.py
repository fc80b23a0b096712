import csv
import io

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
    assert [r["sheet"] for r in rows] == ["0", "1"]
    assert rows[0]["discipline"] == "Structural" and rows[0]["Code"] == ""
    assert rows[1]["comment"] == "غرفة النوم" and rows[1]["Code"] == "B-12"
    assert rows[1]["measured"] == "12.50 m² (perimeter 14.50 m)"
    assert rows[1]["value"] == "1.25e+07" and rows[1]["unit"] == "mm2"


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
