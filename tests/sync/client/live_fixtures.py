"""Fixtures for end-to-end sync tests: import them into a test module by name."""
from __future__ import annotations

import os
import uuid
from decimal import Decimal
from pathlib import Path

import keyring
import pymupdf
import pytest

from sync.api import PermitApi
from sync.auth import AuthSession
from sync.client import PermitClient, RetryPolicy
from sync.consultant import ApplicationDraft, ConsultantService, Drawing, Plot
from sync.transfers import Transfers
from review.store import LocalStore
from tests.sync.client.live_server import POSTGRES_ENV, LiveServer
from tests.sync.client.support import install_memory_keyring

DEMO_PASSWORD = "demo"  # the seeded demo accounts' documented password
FAST_RETRIES = RetryPolicy(attempts=5, backoff_base=0.01, backoff_max=0.05, max_retry_after=2)


@pytest.fixture(autouse=True)
def memory_keyring():
    previous = keyring.get_keyring()
    backend = install_memory_keyring()
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def live_server(request, tmp_path_factory):
    """The reference server on loopback, on SQLite and (when configured) on PostgreSQL."""
    options = {}
    if request.param == "postgresql":
        if not os.environ.get(POSTGRES_ENV):
            pytest.skip(f"{POSTGRES_ENV} is not set (tools/with-postgres.sh sets it)")
        options = {"database_url": os.environ[POSTGRES_ENV],
                   "database_schema": f"sync_e2e_{uuid.uuid4().hex[:10]}"}
    with LiveServer(tmp_path_factory.mktemp("server"), **options) as server:
        yield server


def client_for(url: str, username: str, **options) -> PermitClient:
    client = PermitClient(url, retry=FAST_RETRIES, **options)
    AuthSession(client).login(username, DEMO_PASSWORD)
    return client


def api_for(url: str, username: str) -> PermitApi:
    return PermitApi(client_for(url, username))


def submitted_application(url: str, folder: Path, *, floors: int = 1,
                          gross_area_m2: str = "200") -> str:
    """A submitted application of consultant1 with one PDF sheet, waiting for intake."""
    tag = uuid.uuid4().hex[:8]
    sheet = folder / f"A-{tag}.pdf"
    document = pymupdf.open()
    document.new_page().insert_text((72, 72), f"plan {tag}")
    document.save(sheet)
    client = client_for(url, "consultant1")
    store = LocalStore(folder / f"consultant-{tag}.sqlite")
    service = ConsultantService(PermitApi(client), Transfers(store, client, folder / "cache"))
    draft = ApplicationDraft(f"Villa {tag}", "Owner", Plot("Muscat", "Seeb", "Mabela", "7", tag),
                             "residential", floors, Decimal(gross_area_m2), 40_000_000)
    app = service.submit(draft, [Drawing.from_file(sheet, "architectural")]).application
    store.close()
    return app["id"]


def application_in_review(url: str, folder: Path) -> str:
    """A submitted and accepted application of consultant1 with one PDF sheet, in cycle 1."""
    app_id = submitted_application(url, folder)
    api_for(url, "intake1").transition(app_id, "accept", "SUBMITTED")
    return app_id


def both_disciplines_approved(url: str, folder: Path) -> str:
    """arch1 and struct1 approved: PENDING_PAYMENT, its fees assessed and not invoiced."""
    app_id = application_in_review(url, folder)
    for engineer, discipline in (("arch1", "architectural"), ("struct1", "structural")):
        api = api_for(url, engineer)
        review = next(r for r in api.reviews(app_id, 1) if r["discipline"] == discipline)
        api.decide(app_id, 1, review["id"], "APPROVED", "",
                   version=api.review(app_id, 1, review["id"]).version)
    return app_id
