"""The change-feed puller against a mocked feed."""
from __future__ import annotations

import pytest
import responses
from responses import matchers

from review.store import LocalStore
from sync.cache import ResourceCache
from sync.client import PermitClient
from sync.outbox import Outbox
from sync.puller import Puller

BASE = "http://permits.test"
APP = "/v1/applications/a1"
OTHER = "/v1/applications/a2"


@pytest.fixture
def parts(tmp_path):
    store = LocalStore(tmp_path / "local.sqlite")
    cache, outbox = ResourceCache(store), Outbox(store)
    yield Puller(PermitClient(BASE), cache, outbox, page_size=2), cache, outbox
    store.close()


def feed(after, items, has_more=False):
    responses.get(f"{BASE}/v1/changes", json={"items": items, "has_more": has_more},
                  match=[matchers.query_param_matcher({"after": str(after), "limit": "2"})])


def change(seq, path, version, **extra):
    return {"seq": seq, "path": path, "version": version, **extra}


@responses.activate
def test_changes_are_fetched_once_each_and_the_cursor_moves(parts):
    puller, cache, _ = parts
    feed(0, [change(1, APP, 1), change(2, APP, 2)], has_more=True)
    feed(2, [change(3, OTHER, 1)])
    responses.get(BASE + APP, json={"ref": "MM-1"}, headers={"ETag": '"2"'})
    responses.get(BASE + OTHER, json={"ref": "MM-2"}, headers={"ETag": '"1"'})
    report = puller.pull()
    assert (report.changes, report.fetched, report.cursor) == (3, 2, 3)
    assert cache.get(APP).body == {"ref": "MM-1"} and cache.get(APP).version == 2
    assert cache.cursor() == 3
    assert len([c for c in responses.calls if c.request.url.startswith(BASE + APP)]) == 1


@responses.activate
def test_resources_with_unsent_edits_keep_the_local_copy(parts):
    puller, cache, outbox = parts
    cache.put(APP, 1, {"floors": 3, "edited": "locally"})
    outbox.enqueue("PATCH", APP, {"floors": 3}, base_version=1)
    feed(0, [change(1, APP, 2)])
    report = puller.pull()
    assert report.kept_local == 1 and cache.get(APP).body["edited"] == "locally"


@responses.activate
def test_deleted_and_invisible_resources_leave_the_cache(parts):
    puller, cache, _ = parts
    cache.put(APP, 1, {})
    cache.put(OTHER, 1, {})
    feed(0, [change(1, APP, 2, deleted=True), change(2, OTHER, 2)], has_more=True)
    feed(2, [])
    responses.get(BASE + OTHER, status=404)
    report = puller.pull()
    assert report.removed == 2 and cache.get(APP) is None and cache.get(OTHER) is None


@responses.activate
def test_a_version_already_held_is_not_fetched_again(parts):
    puller, cache, _ = parts
    cache.put(APP, 5, {"ref": "MM-1"})
    feed(0, [change(1, APP, 5)])
    assert puller.pull().fetched == 0
