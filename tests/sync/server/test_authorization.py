"""Every role against every endpoint, on the seeded demo data.

A refusal is 401 (not logged in), 403 (the role may not) or 404 `not-found` (the row is outside
the caller's scope: another office's application answers 404, never 403). An allowed caller
gets anything else: most rows send no If-Match on purpose, so an allowed caller's answer is a
428 that changes nothing. Refused callers are tried before allowed ones, so a row's own side
effects cannot hide a refusal. Every operation of the OpenAPI document has a row: an operation
added without one fails test_every_operation_has_a_row.
"""
from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from typing import Any

import pytest
import requests

from tests.sync.server.conftest import DATABASES, Users
from sqlalchemy import select

from sync.server import models as m
from tests.sync.server.support import (APPLICATION, User, act, comment, decide, drawing,
                                       in_review, ok, reviews, running_server, server_settings,
                                       submitted, upload)

C1, C2 = "consultant1", "consultant2"
INTAKE, ARCH, STRUCT, SUPERVISOR, ADMIN = "intake1", "arch1", "struct1", "supervisor1", "admin1"
EVERYONE = (C1, C2, INTAKE, ARCH, STRUCT, SUPERVISOR, ADMIN)
STAFF = (INTAKE, ARCH, STRUCT, SUPERVISOR, ADMIN)
OFFICE_AND_STAFF = (C1, *STAFF)
REVIEWERS = (ARCH, STRUCT, SUPERVISOR)
PUBLIC = "public"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@dataclass
class Row:
    method: str
    path: str  # formatted with the ids of the demo world
    allowed: tuple[str, ...] | str
    json: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    data: str | bytes | None = None
    own_login: bool = False  # each caller in a login of its own, so ending it ends no other


def rows() -> list[Row]:
    chunk = {"Upload-Offset": "5", "Content-Type": "application/offset+octet-stream"}
    area = {"gross_area_m2": "350.00", "source": {
        "markup_id": str(uuid.uuid4()), "document_id": "{document}",
        "document_sha256": "{blob}", "sheet": 0, "measured_m2": "350.00"}}
    return [
        Row("POST", "/v1/auth/token", PUBLIC, headers=FORM,
            data="username=arch1&password=demo&grant_type=password"),
        Row("POST", "/v1/auth/refresh", PUBLIC, headers=FORM,
            data="refresh_token={refresh_token}&grant_type=refresh_token"),
        Row("POST", "/v1/auth/logout", EVERYONE, own_login=True),
        Row("GET", "/v1/health", PUBLIC),
        Row("GET", "/v1/trust-root", PUBLIC),
        Row("GET", "/v1/pki/crl", PUBLIC),
        Row("GET", "/v1/verify/{blob}", PUBLIC),
        Row("GET", "/v1/me", EVERYONE),
        Row("GET", "/v1/users", STAFF),
        Row("GET", "/v1/fee-schedules/current", EVERYONE),
        Row("GET", "/v1/changes?after=0", EVERYONE),
        Row("GET", "/v1/applications", EVERYONE),
        Row("POST", "/v1/applications", (C1, C2), json=APPLICATION),
        Row("GET", "/v1/applications/{draft}", (C1,)),
        Row("GET", "/v1/applications/{in_review}", OFFICE_AND_STAFF),
        Row("PATCH", "/v1/applications/{draft}", (C1,), json={"floors": 3}),
        Row("PATCH", "/v1/applications/{corrections}", (C1,), json={"floors": 3}),
        Row("GET", "/v1/applications/{in_review}/history", OFFICE_AND_STAFF),
        Row("POST", "/v1/uploads", (C1, C2, SUPERVISOR, ADMIN),
            json={"filename": "a.pdf", "size": 10, "sha256": "0" * 64}),
        Row("HEAD", "/v1/uploads/{upload}", (C1,)),
        Row("GET", "/v1/uploads/{upload}", (C1,)),
        Row("PATCH", "/v1/uploads/{upload}", (C1,), headers=chunk, data=b"late"),
        Row("GET", "/v1/blobs/{blob}", OFFICE_AND_STAFF),
        Row("PUT", "/v1/applications/{corrections}/documents/{new}", (C1,),
            json={"upload_id": "{done_upload}", "kind": "site", "sheet_no": "C-1"}),
        Row("GET", "/v1/applications/{in_review}/documents", OFFICE_AND_STAFF),
        Row("GET", "/v1/applications/{in_review}/documents/{document}", OFFICE_AND_STAFF),
        Row("GET", "/v1/applications/{in_review}/cycles", OFFICE_AND_STAFF),
        Row("GET", "/v1/applications/{in_review}/cycles/1", OFFICE_AND_STAFF),
        Row("GET", "/v1/applications/{in_review}/cycles/1/reviews", OFFICE_AND_STAFF),
        Row("GET", "/v1/applications/{in_review}/cycles/1/reviews/{arch_review}",
            OFFICE_AND_STAFF),
        Row("PATCH", "/v1/applications/{in_review}/cycles/1/reviews/{arch_review}",
            (ARCH, SUPERVISOR), json={"notes": "checking setbacks"}),
        Row("PATCH", "/v1/applications/{in_review}/cycles/1/reviews/{arch_review}",
            (SUPERVISOR,), json={"assignee_id": "{arch_id}"}),
        Row("POST", "/v1/applications/{in_review}/cycles/1/reviews/{arch_review}/decision",
            (ARCH, SUPERVISOR), json={"decision": "APPROVED"}),
        Row("PUT", "/v1/applications/{in_review}/comments/{new}", REVIEWERS,
            json={"body": "check", "discipline": None}),
        Row("PUT", "/v1/applications/{in_review}/comments/{arch_comment}", (ARCH, SUPERVISOR),
            json={"body": "edited"}),
        Row("DELETE", "/v1/applications/{in_review}/comments/{arch_comment}",
            (ARCH, SUPERVISOR)),
        Row("GET", "/v1/applications/{corrections}/comments", OFFICE_AND_STAFF),
        Row("GET", "/v1/applications/{corrections}/comments/{released_comment}",
            OFFICE_AND_STAFF),
        Row("POST", "/v1/applications/{corrections}/comments/{released_comment}/response",
            (C1,), json={"response": "fixed"}),
        Row("PUT", "/v1/applications/{in_review}/conditions/{new}", REVIEWERS,
            json={"text_en": "Keep the existing trees.", "text_ar": "", "discipline": None}),
        Row("PUT", "/v1/applications/{in_review}/conditions/{arch_condition}",
            (ARCH, SUPERVISOR), json={"text_en": "Keep the trees and the wall."}),
        Row("DELETE", "/v1/applications/{in_review}/conditions/{arch_condition}",
            (ARCH, SUPERVISOR)),
        Row("GET", "/v1/applications/{in_review}/conditions", OFFICE_AND_STAFF),
        # consultants see conditions once the cycle that set them has closed
        Row("GET", "/v1/applications/{in_review}/conditions/{arch_condition}", STAFF),
        Row("GET", "/v1/applications/{approved}/conditions/{approved_condition}",
            OFFICE_AND_STAFF),
        Row("GET", "/v1/applications/{approved}/conditions/{approved_condition}/history",
            OFFICE_AND_STAFF),
        Row("PUT", "/v1/applications/{in_review}/gross-area", (INTAKE, SUPERVISOR), json=area),
        Row("GET", "/v1/applications/{in_review}/fees", OFFICE_AND_STAFF),
        Row("POST", "/v1/applications/{in_review}/fees/assess", (INTAKE, SUPERVISOR)),
        Row("POST", "/v1/applications/{in_review}/invoices", (INTAKE, SUPERVISOR)),
        Row("GET", "/v1/applications/{pending_payment}/invoices", OFFICE_AND_STAFF),
        Row("GET", "/v1/invoices/{invoice}", OFFICE_AND_STAFF),
        Row("POST", "/v1/applications/{pending_payment}/fees/{fee}/waive", (SUPERVISOR,),
            json={"note": "hardship"}),
        Row("POST", "/v1/payments", (C1,), json={"invoice_id": "{invoice}"}),
        Row("GET", "/v1/payments/{payment}", OFFICE_AND_STAFF),
        Row("POST", "/v1/payments/{payment}/refund", (SUPERVISOR,)),
        Row("GET", "/v1/offices/{office}/account", OFFICE_AND_STAFF),
        Row("POST", "/v1/offices/{office}/account/topups", (ADMIN,),
            json={"amount_baisa": 1000, "note": "demo"}),
        Row("GET", "/v1/applications/{issued}/permit", OFFICE_AND_STAFF),
        Row("GET", "/v1/jobs/{job}", OFFICE_AND_STAFF),
        Row("GET", "/v1/permits/{permit}", OFFICE_AND_STAFF),
        Row("GET", "/v1/permits/{permit}/approved-set", OFFICE_AND_STAFF),
        Row("POST", "/v1/applications/{submitted}/transitions", (INTAKE,),
            json={"action": "accept", "from_state": "SUBMITTED"}),
        Row("POST", "/v1/applications/{corrections}/transitions", (C1,),
            json={"action": "resubmit", "from_state": "CORRECTIONS_REQUIRED"}),
        Row("POST", "/v1/applications/{spare}/transitions", (C1,),
            json={"action": "withdraw", "from_state": "SUBMITTED"}),
        Row("POST", "/v1/applications/{approved}/transitions", (SUPERVISOR,),
            json={"action": "send_back_for_replacement", "from_state": "APPROVED",
                  "note": "sheet A-101 cannot be stamped; replace it"}),
        Row("DELETE", "/v1/uploads/{upload}", (C1,)),
    ]


def approved(users: Users) -> tuple[str, str]:
    """A new application reviewed, paid and approved, with an architectural condition set
    during its review: (application id, condition id)."""
    app = in_review(users[C1], users[INTAKE])
    condition = ok(users[ARCH].put(f"/v1/applications/{app['id']}/conditions/{uuid.uuid4()}",
                                   {"text_en": "Keep the existing trees."}))
    cycle = reviews(users[SUPERVISOR], app["id"], 1)
    decide(users[ARCH], app["id"], cycle["architectural"], "APPROVED")
    decide(users[STRUCT], app["id"], cycle["structural"], "APPROVED")
    invoice = ok(users[INTAKE].post(f"/v1/applications/{app['id']}/invoices"), 201)
    ok(users[C1].post("/v1/payments", {"invoice_id": invoice["id"]}), 201)
    app = act(users[SUPERVISOR], ok(users[SUPERVISOR].get(f"/v1/applications/{app['id']}")),
              "approve")
    return app["id"], condition["id"]


@pytest.fixture(scope="module", params=DATABASES)
def world(request, tmp_path_factory):
    """The demo data, and the ids of what the rows refer to."""
    with server_settings(request.param, tmp_path_factory.mktemp("authz")) as settings, \
            running_server(settings, demo=True) as server:
        users = Users(server.url)
        c1, supervisor = users[C1], users[SUPERVISOR]
        apps = {a["state"]: a for a in ok(c1.get("/v1/applications?limit=50"))["items"]}
        in_review = apps["IN_REVIEW"]["id"]
        review = {r["discipline"]: r for r in ok(supervisor.get(
            f"/v1/applications/{in_review}/cycles/1/reviews"))["items"]}
        documents = ok(c1.get(f"/v1/applications/{in_review}/documents"))["items"]
        released = ok(c1.get(f"/v1/applications/{apps['CORRECTIONS_REQUIRED']['id']}/comments"
                             ))["items"]
        pending = apps["PENDING_PAYMENT"]["id"]
        invoice = ok(c1.get(f"/v1/applications/{pending}/invoices"))["items"][0]
        issued = apps["ISSUED"]
        paid_invoice = ok(c1.get(f"/v1/applications/{issued['id']}/invoices"))["items"][0]
        payment = ok(c1.get(f"/v1/changes?after=0&limit=1000"))["items"]
        payment_id = next(c["path"].rsplit("/", 1)[1] for c in payment
                          if c["path"].startswith("/v1/payments/"))
        assert ok(c1.get(f"/v1/payments/{payment_id}"))["invoice_id"] == paid_invoice["id"]
        approved_app, approved_condition = approved(users)
        with server.ctx.db.read() as session:
            job = session.scalars(select(m.Job.id).where(
                m.Job.application_id == issued["id"])).first()
        up = ok(c1.post("/v1/uploads", {"filename": "x.pdf", "size": 100, "sha256": "1" * 64}),
                201)
        ids = {
            "draft": apps["DRAFT"]["id"], "submitted": apps["SUBMITTED"]["id"],
            "in_review": in_review, "corrections": apps["CORRECTIONS_REQUIRED"]["id"],
            "pending_payment": pending, "spare": submitted(c1)["id"],
            "arch_review": review["architectural"]["id"], "arch_id": users[ARCH].me["id"],
            "document": documents[0]["id"], "blob": documents[0]["current"]["sha256"],
            "arch_comment": comment(users[ARCH], in_review)["id"],
            "released_comment": released[0]["id"], "invoice": invoice["id"],
            "fee": invoice["items"][0]["id"], "payment": payment_id,
            "office": c1.me["office"]["id"], "permit": "BP-" + issued["ref"].split("-", 1)[1],
            "upload": up["id"], "done_upload": upload(c1, drawing())["id"],
            "issued": issued["id"], "job": job, "approved": approved_app,
            "approved_condition": approved_condition,
            "arch_condition": ok(users[ARCH].put(
                f"/v1/applications/{in_review}/conditions/{uuid.uuid4()}",
                {"text_en": "Keep the existing trees."}))["id"],
            "refresh_token": User(server.url, ARCH).tokens["refresh_token"],
        }
        yield server, users, ids


def _operation(method: str, path: str) -> tuple[str, str]:
    """An operation's method and path with every parameter and number as `{}`."""
    return method.upper(), re.sub(r"/(\{[^}]*\}|\d+)(?=/|$)", "/{}", path.split("?")[0])


def test_every_operation_has_a_row(world):
    server, _, _ = world
    document = ok(requests.get(f"{server.url}/v1/openapi.json", timeout=30))
    operations = {_operation(method, path) for path, item in document["paths"].items()
                  for method in item if method in ("get", "put", "post", "patch", "delete",
                                                   "head")}
    covered = {_operation(row.method, row.path) for row in rows()}
    assert sorted(operations - covered) == [], "operations without an authorization row"
    assert sorted(covered - operations) == [], "rows for operations the server does not have"


def _fill(value: Any, ids: dict[str, str]) -> Any:
    if isinstance(value, str):
        return value.format(**ids) if "{" in value else value
    if isinstance(value, dict):
        return {k: _fill(v, ids) for k, v in value.items()}
    return value


def _refused(response: requests.Response) -> bool:
    if response.status_code in (401, 403):
        return True
    if response.status_code == 404:
        if response.request.method == "HEAD":  # no body to say why
            return True
        return response.json()["type"].endswith("/not-found")
    return False


@pytest.mark.parametrize("row", rows(), ids=lambda r: f"{r.method} {r.path}")
def test_every_role_against_the_endpoint(world, row: Row):
    server, users, ids = world

    def request(user=None) -> requests.Response:
        filled = {**ids, "new": str(uuid.uuid4())}  # a new resource for each caller
        path, body = _fill(row.path, filled), _fill(row.json, filled)
        data = _fill(row.data, filled)
        if user is None:
            return requests.request(row.method, server.url + path, json=body, data=data,
                                    headers=row.headers, timeout=30)
        if row.own_login:
            user = User(server.url, user.username)
        return user.call(row.method, path, json=body, data=data, headers=row.headers)

    anonymous = request()
    if row.allowed == PUBLIC:
        assert anonymous.status_code == 200, anonymous.text
        return
    assert anonymous.status_code == 401, (anonymous.status_code, anonymous.text)
    allowed = set(row.allowed)
    order = [u for u in EVERYONE if u not in allowed] + [u for u in EVERYONE if u in allowed]
    outcome: dict[str, int] = {}
    for name in order:
        response = request(users[name])
        outcome[name] = response.status_code
        assert _refused(response) == (name not in allowed), (
            name, response.status_code, response.text[:300], outcome)
        assert response.status_code < 500
