"""The markup model: invertible primitives, change announcements, locks, disciplines."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from review.markups import (
    Change,
    Markup,
    MarkupError,
    MarkupKind,
    MarkupLockedError,
    MarkupSet,
    MarkupStatus,
    colour_of,
    load_disciplines,
)
from tests.review.strategies import markups

FIXED = datetime(2025, 3, 1, 9, 30, tzinfo=timezone.utc)


def cloud(sheet=0, **fields) -> Markup:
    return Markup(sheet=sheet, kind=MarkupKind.CLOUD,
                  points=((10, 10), (100, 10), (100, 60)), **fields)


def snapshot(markup_set: MarkupSet) -> dict:
    return {m.id: m for m in markup_set.ordered()}


def test_add_puts_new_markups_on_top_and_undo_restores():
    markup_set = MarkupSet(clock=lambda: FIXED)
    first = markup_set.add([cloud(), cloud()])
    assert [m.z for m in markup_set.ordered(0)] == [1, 2]
    second = markup_set.add([cloud()])
    assert markup_set.ordered(0)[-1].id == second.added[0].id
    markup_set.apply(second.inverse())
    markup_set.apply(first.inverse())
    assert len(markup_set) == 0


def test_listeners_hear_every_change_until_unsubscribed():
    markup_set = MarkupSet()
    heard: list[Change] = []
    unsubscribe = markup_set.subscribe(heard.append)
    change = markup_set.add([cloud()])
    markup_set.set_status([change.added[0].id], MarkupStatus.RESOLVED)
    unsubscribe()
    markup_set.remove([change.added[0].id])
    assert [bool(c.added) for c in heard] == [True, False]
    assert heard[1].updated[0][1].status == MarkupStatus.RESOLVED


def test_update_stamps_modified_and_skips_unchanged():
    markup_set = MarkupSet(clock=lambda: FIXED)
    markup = markup_set.add([cloud()]).added[0]
    assert not markup_set.update([markup])
    change = markup_set.update([replace(markup, text="Fix the stair width")])
    assert change.updated[0][1].modified == FIXED
    assert markup_set.get(markup.id).text == "Fix the stair width"


def test_locked_markup_keeps_its_geometry_but_takes_status_and_replies():
    markup_set = MarkupSet()
    markup = markup_set.add([cloud(locked=True)]).added[0]
    with pytest.raises(MarkupLockedError, match="unlock"):
        markup_set.move([markup.id], 5, 5)
    with pytest.raises(MarkupLockedError):
        markup_set.remove([markup.id])
    markup_set.set_status([markup.id], "answered")
    markup_set.reply(markup.id, "consultant", "Widened to 1200 mm")
    assert markup_set.get(markup.id).replies[0].text == "Widened to 1200 mm"
    markup_set.set_locked([markup.id], False)
    markup_set.move([markup.id], 5, 5)
    assert markup_set.get(markup.id).points[0] == (15, 15)


def test_consultant_annotations_are_read_only():
    markup_set = MarkupSet([cloud(origin="pdf annotation 12 0 R")])
    (markup,) = markup_set.ordered()
    assert markup.read_only
    with pytest.raises(MarkupLockedError, match="consultant"):
        markup_set.update([replace(markup, text="changed")])
    with pytest.raises(MarkupLockedError):
        markup_set.remove([markup.id])


def test_z_order_front_and_back():
    markup_set = MarkupSet()
    a, b, c = markup_set.add([cloud(), cloud(), cloud()]).added
    markup_set.bring_to_front([a.id])
    assert [m.id for m in markup_set.ordered(0)] == [b.id, c.id, a.id]
    change = markup_set.send_to_back([c.id, a.id])
    assert [m.id for m in markup_set.ordered(0)] == [c.id, a.id, b.id]
    markup_set.apply(change.inverse())
    assert [m.id for m in markup_set.ordered(0)] == [b.id, c.id, a.id]


def test_bad_markups_are_refused():
    with pytest.raises(MarkupError, match="at least 3"):
        Markup(sheet=0, kind=MarkupKind.AREA, points=((0, 0), (1, 1)))
    markup_set = MarkupSet([cloud()])
    with pytest.raises(MarkupError, match="already"):
        markup_set.apply(Change(added=(markup_set.ordered()[0],)))


def test_disciplines_have_colours_and_layers():
    disciplines = load_disciplines()
    assert {"architectural", "structural"} <= set(disciplines)
    assert disciplines["structural"].layer == "REVIEW-STRUCT"
    assert colour_of(cloud(discipline="structural"), disciplines) == disciplines["structural"].colour


def test_disciplines_can_be_extended(tmp_path):
    extra = tmp_path / "d.json"
    extra.write_text('{"disciplines": [{"id": "landscape", "abbreviation": "LAND",'
                     ' "colour": "#33691E", "name_en": "Landscape"}]}', encoding="utf-8")
    assert load_disciplines(extra)["landscape"].name("ar") == "Landscape"


operations = st.lists(st.sampled_from(
    ["add", "remove", "move", "status", "reply", "front", "back", "lock", "edit"]), max_size=12)


@settings(max_examples=60, deadline=None)
@given(start=st.lists(markups(), max_size=6, unique_by=lambda m: m.id), ops=operations,
       new=st.lists(markups(), min_size=1, max_size=3, unique_by=lambda m: m.id),
       data=st.data())
def test_every_primitive_is_undone_by_its_inverse(start, ops, new, data):
    markup_set = MarkupSet([replace(m, locked=False) for m in start], clock=lambda: FIXED)
    done = []
    for op in ops:
        ids = [m.id for m in markup_set.ordered()]
        chosen = data.draw(st.lists(st.sampled_from(ids), max_size=3)) if ids else []
        before = snapshot(markup_set)
        try:
            change = {
                "add": lambda: markup_set.add(m for m in new if m.id not in markup_set),
                "remove": lambda: markup_set.remove(chosen),
                "move": lambda: markup_set.move(chosen, 3.5, -2),
                "status": lambda: markup_set.set_status(chosen, MarkupStatus.VOID),
                "reply": lambda: markup_set.reply(chosen[0], "a", "b") if chosen else Change(),
                "front": lambda: markup_set.bring_to_front(chosen),
                "back": lambda: markup_set.send_to_back(chosen),
                "lock": lambda: markup_set.set_locked(chosen, True),
                "edit": lambda: markup_set.update(
                    replace(markup_set.get(i), text="edited") for i in chosen),
            }[op]()
        except MarkupLockedError:
            assert snapshot(markup_set) == before
            continue
        done.append((before, change))
    for before, change in reversed(done):
        markup_set.apply(change.inverse())
        assert snapshot(markup_set) == before
