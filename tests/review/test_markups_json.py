"""The markups JSON format: round trip and errors that name the line or the field."""
from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from review.exchange.markups_json import MarkupsFormatError, dumps, loads
from review.markups import MarkupKind
from tests.review.strategies import markups


@settings(max_examples=80, deadline=None)
@given(st.lists(markups(), max_size=5, unique_by=lambda m: m.id))
def test_round_trip_is_exact(items):
    assert loads(dumps(items)) == items


def test_minimal_markup_gets_an_id_and_defaults():
    (markup,) = loads('{"schema_version": 1, "markups": [{"kind": "cloud", "sheet": 0,'
                      ' "points": [[1, 2], [30, 2], [30, 40]], "text": "Check"}]}')
    assert markup.kind == MarkupKind.CLOUD and markup.discipline == "architectural"
    assert markup.status == "open" and markup.id.version == 4


@pytest.mark.parametrize("text, message", [
    ('{"schema_version": 1,\n "markups": [\n  {"kind": "cloud",}\n]}', "line 3"),
    ('[]', "top level"),
    ('{"schema_version": 2, "markups": []}', "schema_version is 2"),
    ('{"schema_version": 1, "markups": [{"sheet": 0, "points": [[0, 0]]}]}',
     r"markups\[0\].kind: is missing"),
    ('{"schema_version": 1, "markups": [{"kind": "blob", "sheet": 0, "points": [[0, 0]]}]}',
     r"markups\[0\].kind: 'blob' is not one of"),
    ('{"schema_version": 1, "markups": [{"kind": "count", "sheet": -1, "points": [[0, 0]]}]}',
     r"markups\[0\].sheet: must be 0 or more"),
    ('{"schema_version": 1, "markups": [{"kind": "count", "sheet": 0, "points": [[0, "a"]]}]}',
     r"markups\[0\].points\[0\]: must be \[x, y\]"),
    ('{"schema_version": 1, "markups": [{"kind": "area", "sheet": 0, "points": [[0, 0]]}]}',
     r"markups\[0\].points: a area markup needs at least 3"),
    ('{"schema_version": 1, "markups": [{"kind": "count", "sheet": 0, "points": [[0, 0]],'
     ' "status": "done"}]}', r"markups\[0\].status"),
    ('{"schema_version": 1, "markups": [{"kind": "count", "sheet": 0, "points": [[0, 0]],'
     ' "discipline": "astrology"}]}', r"markups\[0\].discipline: 'astrology'"),
    ('{"schema_version": 1, "markups": [{"kind": "count", "sheet": 0, "points": [[0, 0]],'
     ' "style": {"colour": "red"}}]}', r"markups\[0\].style.colour"),
    ('{"schema_version": 1, "markups": [{"kind": "count", "sheet": 0, "points": [[0, 0]],'
     ' "colour": "#FF0000"}]}', r"unknown field 'colour'"),
    ('{"schema_version": 1, "markups": [{"kind": "count", "sheet": 0, "points": [[0, 0]],'
     ' "replies": [{"author": "x", "date": "yesterday", "text": "t"}]}]}',
     r"markups\[0\].replies\[0\].date: 'yesterday'"),
])
def test_errors_name_the_line_or_field(text, message):
    with pytest.raises(MarkupsFormatError, match=message):
        loads(text)


def test_duplicate_ids_are_refused():
    entry = {"id": "7b0f4a3e-0d1c-4c39-9d0e-0f6f3c1f7a10", "kind": "count", "sheet": 0,
             "points": [[0, 0]]}
    with pytest.raises(MarkupsFormatError, match="used twice"):
        loads(json.dumps({"schema_version": 1, "markups": [entry, entry]}))
