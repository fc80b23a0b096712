"""Hypothesis strategies for markups, shared by the property tests."""
from __future__ import annotations

from datetime import datetime, timezone

from hypothesis import strategies as st

from review.markups import MIN_POINTS, Markup, MarkupKind, MarkupStatus, Measurement, Reply, Style

coordinate = st.floats(min_value=0, max_value=800, allow_nan=False, allow_infinity=False)
point = st.tuples(coordinate, coordinate)
dates = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1),
                     timezones=st.just(timezone.utc)).map(lambda d: d.replace(microsecond=0))
text = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Cn", "Co")), max_size=40)
colour = st.from_regex(r"#[0-9A-F]{6}", fullmatch=True)
styles = st.builds(Style, colour=st.none() | colour, width=st.sampled_from([0.5, 1.5, 3.0]),
                   opacity=st.sampled_from([0.25, 0.5, 1.0]), fill=st.none() | colour,
                   font_size=st.sampled_from([8.0, 12.0, 20.0]), dashed=st.booleans())
replies = st.builds(Reply, author=text, date=dates, text=text)
measurements = st.builds(Measurement, value=st.floats(0, 1e7, allow_nan=False),
                         unit=st.sampled_from(["mm", "mm2", "deg", "count"]),
                         perimeter=st.none() | st.floats(0, 1e5, allow_nan=False),
                         scale=st.sampled_from(["", "1:100", "1:50"]))


@st.composite
def markups(draw, sheets: int = 3):
    kind = draw(st.sampled_from(list(MarkupKind)))
    points = draw(st.lists(point, min_size=MIN_POINTS[kind], max_size=8))
    return Markup(
        sheet=draw(st.integers(0, sheets - 1)), kind=kind, points=tuple(points),
        id=draw(st.uuids()), text=draw(text), style=draw(styles),
        discipline=draw(st.sampled_from(["architectural", "structural", "fire"])),
        author=draw(text), status=draw(st.sampled_from(list(MarkupStatus))),
        replies=tuple(draw(st.lists(replies, max_size=3))), created=draw(dates),
        modified=draw(dates), measurement=draw(st.none() | measurements),
        columns=tuple(sorted(draw(st.dictionaries(st.sampled_from(["Code", "Due", "Checked"]),
                                                  text, max_size=3)).items())),
        locked=draw(st.booleans()), z=draw(st.integers(-5, 50)))
