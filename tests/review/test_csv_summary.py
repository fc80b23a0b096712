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
