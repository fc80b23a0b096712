"""Helpers of the server tests: a server on loopback and users who talk to it over HTTP."""
from __future__ import annotations

import hashlib
import os
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests
import uvicorn

from sync.server.app import build_context, create_app
from sync.server.context import ServerContext
from sync.server.seed import seed_demo, seed_users
from sync.server.settings import ServerSettings

UNSAFE = ("POST", "PUT", "PATCH", "DELETE")
POSTGRES_ENV = "PLANREVIEW_TEST_POSTGRES_URL"
APPLICATION = {
    "title": "Two-storey villa", "owner_name": "Test Owner",
    "plot": {"governorate": "Muscat", "wilayat": "Seeb", "area": "Al Hail North",
             "block": "12", "plot_no": "345"},
    "use_class": "residential", "floors": 2, "gross_area_m2": "400.00",
    "estimated_cost_baisa": 90_000_000,
}


@contextmanager
def server_settings(database: str, directory: Path, **overrides) -> Iterator[ServerSettings]:
    """Settings for a test server: cheap password hashing; PostgreSQL in a schema of its own,
    dropped afterwards (skips when no PostgreSQL is configured)."""
    options: dict[str, Any] = {}
    if database == "postgresql":
        url = os.environ.get(POSTGRES_ENV)
        if not url:
            pytest.skip(f"{POSTGRES_ENV} is not set (tools/with-postgres.sh sets it)")
        options = {"database_url": url, "database_schema": f"t_{uuid.uuid4().hex[:16]}"}
    yield ServerSettings(data_dir=directory / "server-data", argon2_time_cost=1,
                         argon2_memory_kib=8192, **{**options, **overrides})
    if database == "postgresql":
        import psycopg

        with psycopg.connect(options["database_url"], autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{options["database_schema"]}" CASCADE')


@dataclass
class Running:
    url: str
    ctx: ServerContext


@contextmanager
def running_server(settings: ServerSettings, *, demo: bool = False) -> Iterator[Running]:
    """The server in a thread of this process on a free loopback port, demo users seeded."""
    ctx = build_context(settings)
    seed_demo(ctx) if demo else seed_users(ctx)
    app = create_app(settings, ctx)
    listener = socket.socket()
    listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # as `planreview server`
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    # as `planreview server`: the server decides whose X-Forwarded-For to believe, not uvicorn
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off",
                                           proxy_headers=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.01)
    try:
        yield Running(f"http://127.0.0.1:{listener.getsockname()[1]}", ctx)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        listener.close()
        ctx.db.dispose()


class User:
    """A logged-in demo user; unsafe requests carry a fresh Idempotency-Key unless told."""

    def __init__(self, url: str, username: str, password: str = "demo"):
        self.url = url
        self.username = username
        self.http = requests.Session()
        answer = self.http.post(f"{url}/v1/auth/token",
                                data={"username": username, "password": password}, timeout=30)
        assert answer.status_code == 200, answer.text
        self.tokens = answer.json()
        self.http.headers["Authorization"] = f"Bearer {self.tokens['access_token']}"
        self.me = self.get("/v1/me").json()

    def call(self, method: str, path: str, *, json: Any = None, data: Any = None,
             headers: dict[str, str] | None = None, key: str | bool = True,
             if_match: int | None = None, **options) -> requests.Response:
        sent = dict(headers or {})
        if method in UNSAFE and key:
            sent.setdefault("Idempotency-Key", uuid.uuid4().hex if key is True else key)
        if if_match is not None:
            sent["If-Match"] = f'"{if_match}"'
        return self.http.request(method, self.url + path, json=json, data=data, headers=sent,
                                 timeout=60, **options)

    def get(self, path: str, **options) -> requests.Response:
        return self.call("GET", path, **options)

    def post(self, path: str, json: Any = None, **options) -> requests.Response:
        return self.call("POST", path, json=json, **options)

    def put(self, path: str, json: Any = None, **options) -> requests.Response:
        return self.call("PUT", path, json=json, **options)

    def patch(self, path: str, json: Any = None, **options) -> requests.Response:
        return self.call("PATCH", path, json=json, **options)

    def delete(self, path: str, **options) -> requests.Response:
        return self.call("DELETE", path, **options)


def ok(response: requests.Response, status: int = 200) -> Any:
    assert response.status_code == status, (response.status_code, response.text[:2000])
    return response.json() if response.content else None


def problem(response: requests.Response, status: int, code: str) -> dict:
    assert response.status_code == status, (response.status_code, response.text[:2000])
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["type"].endswith("/" + code), body
    assert body["status"] == status and body["detail"]
    return body


# -- driving an application through the workflow ---------------------------------------------

def upload(user: User, data: bytes, filename: str = "plans.pdf") -> dict:
    sha256 = hashlib.sha256(data).hexdigest()
    created = ok(user.post("/v1/uploads", {"filename": filename, "size": len(data),
                                           "sha256": sha256}), 201)
    ok(user.patch(f"/v1/uploads/{created['id']}", data=data,
                  headers={"Upload-Offset": "0",
                           "Content-Type": "application/offset+octet-stream"}), 204)
    return ok(user.get(f"/v1/uploads/{created['id']}"))


def drawing(label: str = "") -> bytes:
    """A small, distinct PDF drawing."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=842, height=595)
    page.insert_text((72, 72), f"GROUND FLOOR PLAN {label or uuid.uuid4().hex}")
    data = doc.tobytes()
    doc.close()
    return data


def add_document(consultant: User, app_id: str, *, doc_id: str | None = None,
                 data: bytes | None = None, version: int | None = None) -> dict:
    up = upload(consultant, data or drawing())
    return ok(consultant.put(f"/v1/applications/{app_id}/documents/{doc_id or uuid.uuid4()}",
                             {"upload_id": up["id"], "kind": "architectural",
                              "sheet_no": "A-101", "title": "Ground floor plan"},
                             if_match=version))


def create_application(consultant: User, **changes) -> dict:
    return ok(consultant.post("/v1/applications", {**APPLICATION, **changes}), 201)


def act(user: User, app: dict, action: str, note: str = "") -> dict:
    return ok(user.post(f"/v1/applications/{app['id']}/transitions",
                        {"action": action, "from_state": app["state"], "note": note}))


def issue(user: User, app: dict) -> dict:
    """Asks for the permit (202 and a job), follows the job to its end and returns the job."""
    answer = user.post(f"/v1/applications/{app['id']}/transitions",
                       {"action": "issue", "from_state": app["state"], "note": ""})
    job = ok(answer, 202)
    assert answer.headers["Location"] == f"/v1/jobs/{job['id']}"
    deadline = time.monotonic() + 300
    while job["state"] in ("queued", "running"):
        assert time.monotonic() < deadline, "the approved-set job did not end"
        time.sleep(0.05)
        job = ok(user.get(f"/v1/jobs/{job['id']}"))
    return job


def submitted(consultant: User) -> dict:
    app = create_application(consultant)
    add_document(consultant, app["id"])
    return act(consultant, app, "submit")


def in_review(consultant: User, intake: User) -> dict:
    return act(intake, submitted(consultant), "accept", "registration checked")


def reviews(user: User, app_id: str, cycle: int) -> dict[str, dict]:
    items = ok(user.get(f"/v1/applications/{app_id}/cycles/{cycle}/reviews"))["items"]
    return {review["discipline"]: review for review in items}


def decide(user: User, app_id: str, review: dict, decision: str, summary: str = "") -> dict:
    return ok(user.post(
        f"/v1/applications/{app_id}/cycles/{review['cycle']}/reviews/{review['id']}/decision",
        {"decision": decision, "summary": summary}, if_match=review["version"]))


def comment(user: User, app_id: str, body: str = "Fix the setback", **fields) -> dict:
    return ok(user.put(f"/v1/applications/{app_id}/comments/{uuid.uuid4()}",
                       {"body": body, "sheet_no": "A-101", "page": 0,
                        "bbox": [10, 20, 110, 80], **fields}))


def heavy_drawing(megabytes: int, label: str = "") -> bytes:
    """A one-page PDF drawing of about `megabytes` MB: a scanned-sheet-like image of random
    pixels, which no compression makes smaller (for tests and benchmarks of large sets)."""
    import pymupdf

    side = int((megabytes * 1_000_000 / 3) ** 0.5)
    scan = pymupdf.Pixmap(pymupdf.csRGB, side, side, os.urandom(side * side * 3), False)
    doc = pymupdf.open()
    page = doc.new_page(width=2384, height=1684)  # A0 landscape
    page.insert_image(page.rect, pixmap=scan)
    page.insert_text((72, 72), f"SCANNED SHEET {label or uuid.uuid4().hex}")
    data = doc.tobytes()
    doc.close()
    return data
