"""The outbox against mocked HTTP: one transaction with the edit, FIFO per aggregate, outcomes."""
from __future__ import annotations

import json

import pytest
import responses

from review.store import LocalStore
from sync.cache import ResourceCache
from sync.client import PermitClient, RetryPolicy
from sync.outbox import FAILED, NEEDS_ATTENTION, PENDING, Outbox, OutboxSender

BASE = "http://permits.test"
COMMENT = "/v1/applications/a1/comments/c1"
OTHER = "/v1/applications/a1/comments/c2"


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def store(tmp_path):
    store = LocalStore(tmp_path / "local.sqlite")
    yield store
    store.close()


@pytest.fixture
def outbox(store):
    return Outbox(store)


@pytest.fixture
def cache(store):
    return ResourceCache(store)


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def sender(outbox, cache, clock):
    client = PermitClient(BASE, sleep=lambda s: None, retry=RetryPolicy(attempts=1))
    return OutboxSender(outbox, client, cache, clock=clock)


def sent_to(path):
    return [c.request for c in responses.calls if c.request.url == BASE + path]


def test_the_edit_and_its_entry_commit_or_roll_back_together(store, outbox):
    store.connection().execute("CREATE TABLE notes (text TEXT)")
    with pytest.raises(RuntimeError):
        with store.transaction() as conn:
            conn.execute("INSERT INTO notes VALUES ('x')")
            outbox.enqueue("PUT", COMMENT, {"text": "x"})
            raise RuntimeError("crash before commit")
    assert store.query("SELECT * FROM notes") == [] and outbox.entries() == []
    with store.transaction() as conn:
        conn.execute("INSERT INTO notes VALUES ('y')")
        outbox.enqueue("PUT", COMMENT, {"text": "y"})
    assert len(store.query("SELECT * FROM notes")) == 1 and len(outbox.entries()) == 1


@responses.activate
def test_sent_entries_go_in_order_and_later_ones_are_rebased(outbox, sender, cache):
    responses.put(BASE + COMMENT, json={"text": "one"}, headers={"ETag": '"5"'})
    responses.put(BASE + COMMENT, json={"text": "two"}, headers={"ETag": '"6"'})
    outbox.enqueue("PUT", COMMENT, {"text": "one"}, base_version=4)
    outbox.enqueue("PUT", COMMENT, {"text": "two"}, base_version=4)
    report = sender.send_due()
    assert report.sent == 2 and outbox.entries() == []
    assert [r.headers["If-Match"] for r in sent_to(COMMENT)] == ['"4"', '"5"']
    assert json.loads(sent_to(COMMENT)[1].body) == {"text": "two"}
    cached = cache.get(COMMENT)
    assert (cached.version, cached.body) == (6, {"text": "two"})


@responses.activate
def test_a_failing_aggregate_waits_with_backoff_without_blocking_others(outbox, sender, clock):
    responses.put(BASE + COMMENT, status=503)
    responses.put(BASE + OTHER, json={}, headers={"ETag": '"1"'})
    first = outbox.enqueue("PUT", COMMENT, {"text": "a"})
    outbox.enqueue("PUT", COMMENT, {"text": "b"})
    outbox.enqueue("PUT", OTHER, {"text": "c"})
    report = sender.send_due()
    assert (report.sent, report.failed) == (1, 1)
    assert len(sent_to(COMMENT)) == 1, "the second edit of the comment must wait for the first"
    failed = outbox.get(first)
    assert failed.state == FAILED and failed.attempts == 1 and failed.next_attempt_at > clock.now
    sender.send_due()
    assert len(sent_to(COMMENT)) == 1, "not due yet"
    clock.now = failed.next_attempt_at + 1
    responses.replace(responses.PUT, BASE + COMMENT, json={}, headers={"ETag": '"2"'})
    assert sender.send_due().sent == 2
    keys = [r.headers["Idempotency-Key"] for r in sent_to(COMMENT)]
    assert keys[0] == keys[1] != keys[2], "a resend reuses the entry's key"


@responses.activate
def test_a_412_keeps_both_versions_until_the_user_chooses(outbox, sender, cache):
    responses.put(BASE + COMMENT, status=412, json={"title": "Precondition Failed"})
    responses.get(BASE + COMMENT, json={"text": "theirs"}, headers={"ETag": '"9"'})
    entry = outbox.enqueue("PUT", COMMENT, {"text": "mine"}, base_version=7)
    assert sender.send_due().conflicts == 1
    (conflict,) = outbox.conflicts()
    assert (conflict.mine, conflict.theirs, conflict.their_version) == (
        {"text": "mine"}, {"text": "theirs"}, 9)
    assert conflict.entry.state == NEEDS_ATTENTION
    assert sender.send_due().sent == 0, "never overwritten silently"

    outbox.keep_mine(entry)
    responses.replace(responses.PUT, BASE + COMMENT, json={"text": "mine"},
                      headers={"ETag": '"10"'})
    assert sender.send_due().sent == 1
    first, resend = sent_to(COMMENT)[0], [r for r in sent_to(COMMENT) if r.method == "PUT"][-1]
    assert resend.headers["If-Match"] == '"9"'
    assert resend.headers["Idempotency-Key"] != first.headers["Idempotency-Key"]
    assert outbox.conflicts() == [] and cache.get(COMMENT).version == 10


@responses.activate
def test_keeping_theirs_drops_the_change_and_caches_the_server_copy(outbox, sender, cache):
    responses.put(BASE + COMMENT, status=412)
    responses.get(BASE + COMMENT, json={"text": "theirs"}, headers={"ETag": '"9"'})
    entry = outbox.enqueue("PUT", COMMENT, {"text": "mine"}, base_version=7)
    sender.send_due()
    outbox.keep_theirs(entry, cache)
    assert outbox.entries() == [] and cache.get(COMMENT).body == {"text": "theirs"}


@responses.activate
def test_a_refused_request_needs_attention_and_blocks_its_aggregate(outbox, sender):
    responses.put(BASE + COMMENT, status=422, json={"detail": "text is too long"})
    first = outbox.enqueue("PUT", COMMENT, {"text": "a" * 10})
    second = outbox.enqueue("PUT", COMMENT, {"text": "b"})
    report = sender.send_due()
    assert report.needs_attention == 1 and "too long" in report.errors[0]
    assert outbox.get(first).state == NEEDS_ATTENTION
    assert outbox.get(second).state == PENDING and len(sent_to(COMMENT)) == 1
    old_key = outbox.get(first).idempotency_key
    outbox.retry(first)
    assert outbox.get(first).state == PENDING and outbox.get(first).idempotency_key != old_key
    outbox.discard(first)
    responses.replace(responses.PUT, BASE + COMMENT, json={})
    assert sender.send_due().sent == 1 and outbox.entries() == []


@responses.activate
def test_an_expired_login_stops_sending_and_keeps_everything(outbox, sender):
    responses.put(BASE + COMMENT, status=401)
    outbox.enqueue("PUT", COMMENT, {"text": "a"})
    outbox.enqueue("PUT", OTHER, {"text": "b"})
    report = sender.send_due()
    assert report.login_required and len(responses.calls) == 1
    assert outbox.counts()[PENDING] == 2


def test_entries_left_sending_by_a_killed_process_are_pending_again(store, outbox, cache):
    entry = outbox.enqueue("POST", "/v1/payments", {"invoice_id": "i1"})
    with store.transaction() as conn:
        conn.execute("UPDATE outbox SET state = 'sending'")
    OutboxSender(outbox, PermitClient(BASE), cache)
    assert outbox.get(entry).state == PENDING


@responses.activate
def test_deleting_a_resource_removes_it_from_the_cache(outbox, sender, cache):
    cache.put(COMMENT, 3, {"text": "x"})
    responses.delete(BASE + COMMENT, status=204)
    outbox.enqueue("DELETE", COMMENT, base_version=3)
    sender.send_due()
    assert cache.get(COMMENT) is None
