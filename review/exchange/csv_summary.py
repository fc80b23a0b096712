"""The markup summary as CSV: one row per markup, user-defined columns last.

UTF-8 with a byte-order mark, so spreadsheet programs open Arabic comments correctly. A CSV is
data: the headers and the numeric columns are the same in every language, so scripts read any
export. Sheets are named by their sheet number and title (as the title block or the page
label gives them), never by a page index. Values are in the units a reviewer reads on the
sheet, with fixed decimals: lengths and perimeters in metres (3 decimals, to the millimetre),
areas in square metres (3 decimals), angles in degrees (1 decimal), counts whole. Only the
`measured` column, the value as a person reads it, is written in the export's language.
Every text cell goes through text_safety.csv_cell, so no comment is taken for a formula.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence

from review.markups import Discipline, Markup, Measurement, load_disciplines
from review.measure import MEASURE_WORDS, format_measurement
from review.text_safety import csv_cell

FIXED_COLUMNS = ("id", "sheet_number", "sheet_title", "discipline", "kind", "status", "author",
                 "created", "modified", "comment", "measured", "value", "unit", "perimeter_m",
                 "replies", "last_reply", "locked", "read_only")
# base unit -> (display unit, divisor, decimals)
DISPLAY_UNITS = {"mm": ("m", 1000.0, 3), "mm2": ("m²", 1e6, 3), "deg": ("deg", 1.0, 1),
                 "count": ("count", 1.0, 0)}

SheetNames = Mapping[int, tuple[str, str]]   # sheet index -> (sheet number, sheet title)


def display_value(measurement: Measurement) -> tuple[str, str]:
    """The value and its unit as the CSV writes them: ("12.345", "m")."""
    unit, divisor, decimals = DISPLAY_UNITS[measurement.unit]
    return f"{measurement.value / divisor:.{decimals}f}", unit


def csv_summary(markups: Sequence[Markup],
                disciplines: Mapping[str, Discipline] | None = None, *,
                language: str = "en", sheets: SheetNames | None = None) -> str:
    """`sheets` names each sheet by (number, title); a sheet it does not name is numbered
    from 1 in the drawing's order, with no title."""
    disciplines = load_disciplines() if disciplines is None else disciplines
    sheets = sheets or {}
    units = MEASURE_WORDS[language]
    extra = sorted({name for m in markups for name, _ in m.columns})
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([csv_cell(name) for name in FIXED_COLUMNS + tuple(extra)])
    for m in sorted(markups, key=lambda m: (m.sheet, m.discipline, m.created, str(m.id))):
        discipline = disciplines.get(m.discipline)
        measurement = m.measurement
        value, unit = display_value(measurement) if measurement else ("", "")
        last = m.replies[-1] if m.replies else None
        number, title = sheets.get(m.sheet, (str(m.sheet + 1), ""))
        row = [
            str(m.id), number, title, discipline.name_en if discipline else m.discipline,
            m.kind.value, m.status.value, m.author, m.created.isoformat(), m.modified.isoformat(),
            m.text, format_measurement(measurement, units) if measurement else "",
            value, unit,
            f"{measurement.perimeter / 1000:.3f}" if measurement and measurement.perimeter
            else "",
            str(len(m.replies)), f"{last.author}: {last.text}" if last else "",
            "yes" if m.locked else "", "yes" if m.read_only else "",
        ] + [m.column(name) for name in extra]
        writer.writerow([csv_cell(cell) for cell in row])
    return "\ufeff" + out.getvalue()
