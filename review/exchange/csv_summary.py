"""The markup summary as CSV: one row per markup, user-defined columns last.

UTF-8 with a byte-order mark, so spreadsheet programs open Arabic comments correctly. A CSV is
data: the headers and the numeric columns (value and unit in millimetres, square millimetres
or degrees; perimeter_mm) are the same in every language, so scripts read any export. Only the
`measured` column, the value as a person reads it, is written in the export's language.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence

from review.markups import Discipline, Markup, load_disciplines
from review.measure import MEASURE_WORDS, format_measurement

FIXED_COLUMNS = ("id", "sheet", "discipline", "kind", "status", "author", "created", "modified",
                 "comment", "measured", "value", "unit", "perimeter_mm", "replies", "last_reply",
                 "locked", "read_only")


def csv_summary(markups: Sequence[Markup],
                disciplines: Mapping[str, Discipline] | None = None, *,
                language: str = "en") -> str:
    disciplines = load_disciplines() if disciplines is None else disciplines
    units = MEASURE_WORDS[language]
    extra = sorted({name for m in markups for name, _ in m.columns})
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(FIXED_COLUMNS + tuple(extra))
    for m in sorted(markups, key=lambda m: (m.sheet, m.discipline, m.created, str(m.id))):
        discipline = disciplines.get(m.discipline)
        measurement = m.measurement
        last = m.replies[-1] if m.replies else None
        writer.writerow([
            str(m.id), m.sheet, discipline.name_en if discipline else m.discipline, m.kind,
            m.status, m.author, m.created.isoformat(), m.modified.isoformat(), m.text,
            format_measurement(measurement, units) if measurement else "",
            f"{measurement.value:.6g}" if measurement else "",
            measurement.unit if measurement else "",
            f"{measurement.perimeter:.6g}" if measurement and measurement.perimeter else "",
            len(m.replies), f"{last.author}: {last.text}" if last else "",
            "yes" if m.locked else "", "yes" if m.read_only else "",
        ] + [m.column(name) for name in extra])
    return "\ufeff" + out.getvalue()
