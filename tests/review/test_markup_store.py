"""Markups persist in the local store as they change, and survive a killed process."""
from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import textwrap
import uuid
from dataclasses import replace

from review.markup_store import (MarkupStore, document_key, rename_column_values,
                                 restore_column_values)
from review.markups import Markup, MarkupKind, MarkupStatus, columns_from
from review.measure import PAPER_SCALE, SheetScales, Viewport, ratio_scale
from review.store import LocalStore

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def cloud(sheet=0) -> Markup:
    return Markup(sheet, MarkupKind.CLOUD, ((1, 1), (50, 1), (50, 30)), text="check")


def test_every_change_is_persisted_and_undo_too(tmp_path):
    store = LocalStore(tmp_path / "store.sqlite")
    markups = MarkupStore(store, "a" * 64)
    markup_set, detach = markups.open_set()
    added = markup_set.add([cloud(0), cloud(1)])
    first = added.added[0]
    markup_set.set_status([first.id], MarkupStatus.ANSWERED)
    markup_set.reply(first.id, "consultant", "Fixed on A-102")
    assert {m.id for m in markups.load()} == {m.id for m in added.added}
    assert [m.sheet for m in markups.load(sheet=1)] == [1]
    reread = MarkupStore(LocalStore(tmp_path / "store.sqlite"), "a" * 64).load(sheet=0)
    assert reread == [markup_set.get(first.id)]
    markup_set.apply(added.inverse())
    assert markups.load() == []
    detach()
    markup_set.add([cloud()])
    assert markups.load() == []
    other = MarkupStore(store, "b" * 64)
    assert other.load() == []


def test_read_only_consultant_annotations_are_not_stored(tmp_path):
    markups = MarkupStore(LocalStore(tmp_path / "s.sqlite"), "c" * 64)
    markup_set, _ = markups.open_set()
    markup_set.add([replace(cloud(), origin="PDF annotation 7 (Square)"), cloud()])
    assert len(markups.load()) == 1


def test_a_column_renamed_or_removed_takes_its_values_along_in_every_document(tmp_path):
    store = LocalStore(tmp_path / "s.sqlite")
    first, second = MarkupStore(store, "e" * 64), MarkupStore(store, "f" * 64)
    tagged = replace(cloud(), columns=columns_from({"Priority": "High", "Code ref": "4.2"}))
    for markups, markup in ((first, tagged), (second, replace(tagged, id=uuid.uuid4())),
                            (second, cloud())):
        markups.open_set()[0].add([markup])
    assert list(rename_column_values(store, "Priority", "Urgency").values()) == ["High"] * 2
    assert [dict(m.columns) for m in first.load()] == [{"Urgency": "High", "Code ref": "4.2"}]
    dropped = rename_column_values(store, "Urgency", None)
    assert len(dropped) == 2
    assert sorted(str(m.columns) for m in second.load()) == \
        sorted([str((("Code ref", "4.2"),)), "()"])
    assert rename_column_values(store, "Urgency", None) == {}
    restore_column_values(store, "Urgency", {**dropped, str(uuid.uuid4()): "gone"})
    assert [dict(m.columns) for m in first.load()] == [{"Urgency": "High", "Code ref": "4.2"}]
    assert sorted(str(m.columns) for m in second.load()) == \
        sorted([str((("Code ref", "4.2"), ("Urgency", "High"))), "()"])


def test_scales_are_kept_per_sheet(tmp_path):
    markups = MarkupStore(LocalStore(tmp_path / "s.sqlite"), "d" * 64)
    scales = SheetScales(PAPER_SCALE, (Viewport("plan", (0, 0, 400, 300), ratio_scale(100)),))
    markups.save_scales(2, scales)
    assert markups.load_scales(2) == scales
    assert markups.load_scales(0) is None


def test_document_key_is_the_sha256(tmp_path):
    path = tmp_path / "f.pdf"
    path.write_bytes(b"%PDF-1.7 x")
    assert document_key(path) == hashlib.sha256(b"%PDF-1.7 x").hexdigest()


WRITER = textwrap.dedent("""
    import sys
    from review.markup_store import MarkupStore
    from review.markups import Markup, MarkupKind
    from review.store import LocalStore

    markup_set, _ = MarkupStore(LocalStore(sys.argv[1]), "e" * 64).open_set()
    n = 0
    while True:
        change = markup_set.add([Markup(0, MarkupKind.COUNT, ((n, n),))])
        print(change.added[0].id, flush=True)
        n += 1
""")


def test_markups_survive_sigkill(tmp_path):
    path = tmp_path / "store.sqlite"
    process = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], cwd=REPO,
                               stdout=subprocess.PIPE, text=True)
    acknowledged = []
    for line in process.stdout:
        acknowledged.append(uuid.UUID(line.strip()))
        if len(acknowledged) == 200:
            os.kill(process.pid, signal.SIGKILL)
            break
    process.wait(timeout=30)
    process.stdout.close()
    stored = {m.id for m in MarkupStore(LocalStore(path), "e" * 64).load()}
    assert set(acknowledged) <= stored
