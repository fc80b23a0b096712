"""Checklist configuration and results persisted in the local store."""
from __future__ import annotations

import pytest

from review.checklists import (ChecklistError, ChecklistResults, ItemResult, Status,
                               load_checklist, load_checklists, summarise)
from review.store import LocalStore


def test_shipped_checklists_load_with_english_and_arabic_texts():
    checklists = load_checklists()
    assert {"architectural", "structural"} <= set(checklists)
    ids = [item.id for item in checklists["architectural"].items]
    assert "setbacks" in ids and "parking" in ids
    soil = next(i for i in checklists["structural"].items if i.id == "soil_report")
    assert soil.text("ar") != soil.text("en")


@pytest.mark.parametrize("content, named", [
    ("{not json", "not valid JSON"),
    ('{"schema_version": 2, "discipline": "x", "items": []}', "schema_version"),
    ('{"schema_version": 1, "items": [{"id": "a"}]}', "discipline"),
    ('{"schema_version": 1, "discipline": "x", "items": [{"id": "a", "text_en": "A"}]}',
     "items[0].text_ar"),
    ('{"schema_version": 1, "discipline": "x", "items": ['
     '{"id": "a", "text_en": "A", "text_ar": "أ"}, {"id": "a", "text_en": "B", "text_ar": "ب"}]}',
     "items[1].id"),
])
def test_bad_configuration_names_file_and_field(tmp_path, content, named):
    path = tmp_path / "broken.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ChecklistError) as error:
        load_checklist(path)
    assert "broken.json" in str(error.value) and named in str(error.value)


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(ChecklistError, match="cannot be read"):
        load_checklist(tmp_path / "absent.json")


def test_results_survive_reopening_the_store(tmp_path):
    checklist = load_checklists()["architectural"]
    store = LocalStore(tmp_path / "local.sqlite")
    results = ChecklistResults(store)
    results.record("app-1", 1, "architectural", ItemResult("setbacks", Status.PASS), "arch1")
    results.record("app-1", 1, "architectural",
                   ItemResult("parking", Status.FAIL, "two spaces short", ("m-1", "m-2")), "arch1")
    results.record("app-1", 2, "architectural", ItemResult("height", Status.FAIL), "arch1")
    store.close()

    reopened = ChecklistResults(LocalStore(tmp_path / "local.sqlite"))
    first = {r.item: r for r in reopened.results("app-1", 1, checklist)}
    assert first["setbacks"].status is Status.PASS
    parking = first["parking"]
    assert (parking.status, parking.note, parking.markups, parking.reviewer) == (
        Status.FAIL, "two spaces short", ("m-1", "m-2"), "arch1")
    assert parking.recorded_at
    assert first["height"].status is Status.UNCHECKED
    summary = summarise(reopened.results("app-1", 1, checklist))
    assert summary.failed == ("parking",)
    assert summary.unchecked == len(checklist.items) - 2
