"""Idempotency-Key and payments: a retry after a lost answer, a duplicated request, a reused key,
a request still running, concurrent payments: nothing is applied twice, nothing is lost."""
from __future__ import annotations

import json
import threading
import uuid
from datetime import timedelta

import requests

from sync.server import models as m
from sync.server.idempotency import request_fingerprint
from tests.sync.client.live_server import Fault, FaultyProxy
from tests.sync.server.support import (APPLICATION, User, in_review, ok, problem,
                                       running_server)


def test_same_key_same_body_gets_the_stored_answer_and_one_comment(users):
    arch = users["arch1"]
    app = in_review(users["consultant1"], users["intake1"])
    path = f"/v1/applications/{app['id']}/comments/{uuid.uuid4()}"
    body = {"body": "Stair riser exceeds 175 mm", "sheet_no": "A-201"}
    first = arch.put(path, body, key="k-comment-1")
    again = arch.put(path, body, key="k-comment-1")
    assert first.status_code == again.status_code == 200
    assert again.headers["Idempotent-Replayed"] == "true" and again.json() == first.json()
    assert again.headers["ETag"] == first.headers["ETag"]
    comments = ok(arch.get(f"/v1/applications/{app['id']}/comments"))["items"]
    assert [c["body"] for c in comments] == [body["body"]]


def test_same_key_other_body_is_refused_and_keys_belong_to_their_user(users):
    consultant = users["consultant1"]
    ok(consultant.post("/v1/applications", _application("A"), key="k2"), 201)
    problem(consultant.post("/v1/applications", _application("B"), key="k2"),
            422, "idempotency-key-reused")
    # another user's identical key is another request
    ok(users["consultant2"].post("/v1/applications", _application("A"), key="k2"), 201)


def test_a_failed_request_is_not_stored_so_its_retry_runs_again(users):
    consultant = users["consultant1"]
    bad = consultant.post("/v1/applications", {**_application("A"), "use_class": "castle"},
                          key="k3")
    problem(bad, 422, "unknown-use-class")
    assert consultant.post("/v1/applications", {**_application("A"), "use_class": "castle"},
                           key="k3").headers.get("Idempotent-Replayed") is None


def test_a_request_still_in_flight_answers_409_until_its_lease_runs_out(server, users):
    consultant = users["consultant1"]
    body = json.dumps(_application("A")).encode()
    fingerprint = request_fingerprint("POST", "/v1/applications", "", body)
    with server.ctx.db.write() as session:
        session.add(m.IdempotencyRecord(principal=consultant.me["id"], key="k4",
                                        fingerprint=fingerprint, in_flight=True))
    headers = {"Content-Type": "application/json"}
    busy = consultant.call("POST", "/v1/applications", data=body, headers=headers, key="k4")
    assert problem(busy, 409, "request-in-flight") and busy.headers["Retry-After"] == "1"
    with server.ctx.db.write() as session:  # the process that ran it died long ago
        record = session.query(m.IdempotencyRecord).filter_by(key="k4").one()
        record.created_at = record.created_at - timedelta(minutes=10)
    ok(consultant.call("POST", "/v1/applications", data=body, headers=headers, key="k4"), 201)


def test_dropped_answers_and_duplicated_requests_apply_once(server, users):
    consultant, intake = users["consultant1"], users["intake1"]
    app = in_review(consultant, intake)
    ok(intake.post(f"/v1/applications/{app['id']}/fees/assess"))
    invoice = ok(intake.post(f"/v1/applications/{app['id']}/invoices"), 201)
    office = consultant.me["office"]["id"]
    balance = ok(consultant.get(f"/v1/offices/{office}/account"))["balance_baisa"]
    comment_path = f"/v1/applications/{app['id']}/comments/{uuid.uuid4()}"
    with FaultyProxy(server.url) as proxy:
        via_proxy = User(proxy.url, "arch1")
        proxy.add(Fault("PUT", "/comments/", "drop_answer"))
        proxy.add(Fault("POST", "/v1/payments", "drop_answer"))
        lost = _lost(lambda: via_proxy.put(comment_path, {"body": "Check the parapet"},
                                           key="c-1"))
        assert lost, "the proxy should have dropped the answer"
        retried = via_proxy.put(comment_path, {"body": "Check the parapet"}, key="c-1")
        assert retried.status_code == 200 and retried.headers["Idempotent-Replayed"] == "true"

        payer = User(proxy.url, "consultant1")
        assert _lost(lambda: payer.post("/v1/payments", {"invoice_id": invoice["id"]},
                                        key="pay-1"))
        paid = payer.post("/v1/payments", {"invoice_id": invoice["id"]}, key="pay-1")
        assert paid.status_code == 201 and paid.headers["Idempotent-Replayed"] == "true"
        proxy.add(Fault("POST", "/v1/payments", "duplicate"))
        again = payer.post("/v1/payments", {"invoice_id": invoice["id"]}, key="pay-1")
        assert again.json()["id"] == paid.json()["id"]
    assert len(ok(users["arch1"].get(f"/v1/applications/{app['id']}/comments"))["items"]) == 1
    # a new key for the same invoice is a new payment attempt: refused, not charged
    refused = problem(consultant.post("/v1/payments", {"invoice_id": invoice["id"]}),
                      409, "invoice-not-open")
    assert refused["payment_id"] == paid.json()["id"]
    account = ok(consultant.get(f"/v1/offices/{office}/account"))
    assert account["balance_baisa"] == balance - invoice["total_baisa"]
    assert [e["kind"] for e in account["entries"]].count("payment") == 1


def test_concurrent_payments_with_different_keys_pay_once(users):
    consultant, intake = users["consultant1"], users["intake1"]
    app = in_review(consultant, intake)
    ok(intake.post(f"/v1/applications/{app['id']}/fees/assess"))
    invoice = ok(intake.post(f"/v1/applications/{app['id']}/invoices"), 201)
    payers = [User(consultant.url, "consultant1") for _ in range(6)]
    statuses: list[int] = []
    start = threading.Barrier(len(payers))

    def pay(payer: User) -> None:
        start.wait()
        statuses.append(payer.post("/v1/payments", {"invoice_id": invoice["id"]}).status_code)

    threads = [threading.Thread(target=pay, args=(p,)) for p in payers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [201] + [409] * (len(payers) - 1)
    entries = ok(consultant.get(f"/v1/offices/{consultant.me['office']['id']}/account")
                 )["entries"]
    assert sum(1 for e in entries if e["reference"] == f"invoice {invoice['id']}") == 1


def test_an_insufficient_balance_is_a_clear_409_and_never_negative(users):
    consultant, intake = users["consultant2"], users["intake1"]  # 100.000 OMR
    app = in_review(consultant, intake)
    ok(intake.post(f"/v1/applications/{app['id']}/fees/assess"))
    invoice = ok(intake.post(f"/v1/applications/{app['id']}/invoices"), 201)
    office = consultant.me["office"]["id"]
    before = ok(consultant.get(f"/v1/offices/{office}/account"))
    refused = problem(consultant.post("/v1/payments", {"invoice_id": invoice["id"]}),
                      409, "insufficient-balance")
    assert "100.000 OMR" in refused["detail"] and refused["balance_baisa"] == 100_000
    assert ok(consultant.get(f"/v1/offices/{office}/account")) == before
    ok(users["admin1"].post(f"/v1/offices/{office}/account/topups",
                            {"amount_baisa": invoice["total_baisa"], "note": "demo"}))
    ok(consultant.post("/v1/payments", {"invoice_id": invoice["id"]}), 201)
    assert ok(consultant.get(f"/v1/offices/{office}/account"))["balance_baisa"] == 100_000


def test_payments_need_a_key(users):
    consultant = users["consultant1"]
    problem(consultant.post("/v1/payments", {"invoice_id": "x"}, key=False),
            400, "idempotency-key-required")


def test_keys_older_than_30_days_are_forgotten_at_start(settings, tmp_path):
    with running_server(settings) as server:
        user = User(server.url, "consultant1")
        ok(user.post("/v1/applications", _application("A"), key="old"), 201)
        with server.ctx.db.write() as session:
            record = session.query(m.IdempotencyRecord).filter_by(key="old").one()
            record.created_at = record.created_at - timedelta(days=31)
    with running_server(settings) as server:
        user = User(server.url, "consultant1")
        again = user.post("/v1/applications", _application("B"), key="old")
        assert again.status_code == 201 and "Idempotent-Replayed" not in again.headers


def _application(title: str) -> dict:
    return {**APPLICATION, "title": title}


def _lost(send) -> bool:
    try:
        send()
    except requests.ConnectionError:
        return True
    return False
