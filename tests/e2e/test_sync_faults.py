"""Faults against the real server on loopback: a killed server, 503s, lost answers, duplicated
requests, a killed client, and two people changing the same review."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import uuid

import pytest

from review.store import LocalStore
from sync.cache import ResourceCache
from sync.consultant import ConsultantService
from sync.errors import TransientError
from sync.outbox import NEEDS_ATTENTION, Outbox, OutboxSender
from sync.transfers import Transfers
from tests.pdf_factory import sized
from tests.sync.client.live_fixtures import (DEMO_PASSWORD, api_for,  # noqa: F401
                                             application_in_review, client_for, live_server,
                                             memory_keyring)
from tests.sync.client.live_server import REPO, Fault, FaultyProxy, ServerProcess

pytestmark = pytest.mark.slow


def review_of(api, app_id, discipline, cycle=1):
    review = next(r for r in api.reviews(app_id, cycle) if r["discipline"] == discipline)
    return api.review(app_id, cycle, review["id"])


def comment_count(url, app_id) -> int:
    return len(api_for(url, "supervisor1").comments(app_id))


@pytest.fixture
def proxy(live_server):
    with FaultyProxy(live_server.url) as proxy:
        yield proxy


@pytest.fixture
def store(tmp_path):
    store = LocalStore(tmp_path / "desktop.sqlite")
    yield store
    store.close()


def test_an_upload_survives_the_server_being_killed(tmp_path):
    data = sized(8 * 1024 * 1024)
    source = tmp_path / "A-900.pdf"
    source.write_bytes(data)
    server = ServerProcess(tmp_path / "server").start()
    try:
        client = client_for(server.url, "consultant1")
        store = LocalStore(tmp_path / "client.sqlite")
        transfers = Transfers(store, client, tmp_path / "cache", chunk_size=512 * 1024)

        def kill_midway(done, total):
            if done >= total // 2:
                server.kill()

        with pytest.raises(TransientError, match="run the same command again to resume"):
            transfers.upload(source, progress=kill_midway)
        server = ServerProcess(server.data_dir, port=server.port, seed_demo=False).start()
        result = transfers.upload(source)
        assert 0 < result.resumed_from < result.size
        transfers.cache_dir = tmp_path / "fresh-cache"
        assert transfers.download(result.sha256).read_bytes() == source.read_bytes()
        store.close()
    finally:
        server.stop()


def test_503s_are_waited_out_and_the_comment_is_written_once(live_server, proxy, tmp_path,
                                                             store):
    app_id = application_in_review(live_server.url, tmp_path)
    proxy.add(Fault("PUT", "/comments/", "503", times=2, retry_after="0"))
    client = client_for(proxy.url, "arch1")
    outbox, cache = Outbox(store), ResourceCache(store)
    outbox.enqueue("PUT", f"/v1/applications/{app_id}/comments/{uuid.uuid4()}",
                   {"body": "Parking: 2 bays required", "sheet_no": "A-1"})
    assert OutboxSender(outbox, client, cache).send_due().sent == 1
    assert [what for method, _, what in proxy.seen if method == "PUT"] == [
        "503", "503", "forward"]
    assert comment_count(live_server.url, app_id) == 1


@pytest.mark.parametrize("fault", ["drop_answer", "duplicate"])
def test_a_lost_answer_or_a_duplicate_writes_one_comment(live_server, proxy, tmp_path, store,
                                                         fault):
    app_id = application_in_review(live_server.url, tmp_path)
    proxy.add(Fault("PUT", "/comments/", fault))
    outbox, cache = Outbox(store), ResourceCache(store)
    outbox.enqueue("PUT", f"/v1/applications/{app_id}/comments/{uuid.uuid4()}",
                   {"body": "Setback 3 m from the rear boundary", "sheet_no": "A-1"})
    assert OutboxSender(outbox, client_for(proxy.url, "arch1"), cache).send_due().sent == 1
    assert outbox.entries() == [] and comment_count(live_server.url, app_id) == 1


@pytest.mark.parametrize("fault", ["drop_answer", "duplicate"])
def test_a_lost_answer_or_a_duplicate_pays_once(live_server, proxy, tmp_path, fault):
    app_id = application_in_review(live_server.url, tmp_path)
    for discipline, who in (("architectural", "arch1"), ("structural", "struct1")):
        api = api_for(live_server.url, who)
        review = review_of(api, app_id, discipline)
        api.decide(app_id, 1, review["id"], "APPROVED", "", version=review.version)
    api_for(live_server.url, "intake1").create_invoice(app_id)  # the assessor's step
    consultant = api_for(proxy.url, "consultant1")
    office_id = consultant.application(app_id)["office_id"]
    balance = consultant.account(office_id)["balance_baisa"]
    invoice_id = next(f["invoice_id"] for f in consultant.fees(app_id) if f["invoice_id"])
    total = consultant.invoice(invoice_id)["total_baisa"]

    proxy.add(Fault("POST", "/v1/payments", fault))
    store = LocalStore(tmp_path / "pay.sqlite")
    service = ConsultantService(consultant, Transfers(store, consultant.client, tmp_path / "c"))
    service.pay(invoice_id)
    assert consultant.account(office_id)["balance_baisa"] == balance - total
    assert consultant.invoice(invoice_id)["status"] == "PAID"
    assert consultant.application(app_id)["state"] == "PENDING_APPROVAL"
    store.close()


KILLED_CLIENT = textwrap.dedent("""
    import os, signal, sys, uuid
    from review.store import LocalStore
    from sync.auth import AuthSession
    from sync.cache import ResourceCache
    from sync.client import PermitClient
    from sync.outbox import Outbox, OutboxSender

    url, store_path, app_id, password = sys.argv[1:5]
    store = LocalStore(store_path)
    outbox = Outbox(store)
    for n in range(3):
        with store.transaction():
            outbox.enqueue("PUT", f"/v1/applications/{app_id}/comments/{uuid.uuid4()}",
                           {"body": f"item {n}", "sheet_no": "A-1"})
    client = PermitClient(url)
    AuthSession(client).login("arch1", password, remember=False)
    send = client.session.request

    def request_then_die(*args, **kwargs):
        answer = send(*args, **kwargs)
        if "/comments/" in args[1]:
            os.kill(os.getpid(), signal.SIGKILL)  # the server committed; we never record it
        return answer

    client.session.request = request_then_die
    OutboxSender(outbox, client, ResourceCache(store)).send_due()
""")


def test_entries_of_a_killed_client_are_sent_once_after_restart(live_server, tmp_path, store):
    app_id = application_in_review(live_server.url, tmp_path)
    child = subprocess.run(
        [sys.executable, "-c", KILLED_CLIENT, live_server.url, str(store.path), app_id,
         DEMO_PASSWORD], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert child.returncode == -9, child.stderr
    outbox = Outbox(store)
    assert [e.state for e in outbox.entries()] == ["sending", "pending", "pending"]
    assert comment_count(live_server.url, app_id) == 1, "the first reached the server"
    report = OutboxSender(outbox, client_for(live_server.url, "arch1"),
                          ResourceCache(store)).send_due()
    assert report.sent == 3 and outbox.entries() == []
    assert comment_count(live_server.url, app_id) == 3, "no duplicate of the first"


def test_two_people_editing_one_review_get_a_visible_conflict(live_server, tmp_path):
    app_id = application_in_review(live_server.url, tmp_path)
    desktops = []
    for user in ("arch1", "supervisor1"):
        store = LocalStore(tmp_path / f"{user}.sqlite")
        review = review_of(api_for(live_server.url, user), app_id, "architectural")
        path = f"/v1/applications/{app_id}/cycles/1/reviews/{review['id']}"
        outbox = Outbox(store)
        outbox.enqueue("PATCH", path, {"notes": f"notes by {user}"},
                       base_version=review.version)
        desktops.append((store, outbox, OutboxSender(
            outbox, client_for(live_server.url, user), ResourceCache(store)), path))
    (_, _, arch_sender, _), (sup_store, sup_outbox, sup_sender, path) = desktops
    assert arch_sender.send_due().sent == 1
    report = sup_sender.send_due()
    assert report.conflicts == 1 and "someone else changed" in report.errors[0]
    (conflict,) = sup_outbox.conflicts()
    assert conflict.mine == {"notes": "notes by supervisor1"}
    assert conflict.theirs["notes"] == "notes by arch1"
    assert conflict.entry.state == NEEDS_ATTENTION
    assert api_for(live_server.url, "arch1").client.get_json(path)["notes"] == "notes by arch1"

    sup_outbox.keep_mine(conflict.entry.id)
    assert sup_sender.send_due().sent == 1
    assert api_for(live_server.url, "arch1").client.get_json(path)["notes"] == \
        "notes by supervisor1"
    for store, *_ in desktops:
        store.close()
