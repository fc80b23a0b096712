"""Uploads, documents and downloads through the client against the real server on loopback."""
from __future__ import annotations

import hashlib
import uuid

import pytest

from review.store import LocalStore
from sync.auth import AuthSession
from sync.client import PermitClient
from sync.errors import AuthError, ProblemError
from sync.transfers import Transfers
from tests.pdf_factory import sized
from tests.sync.client.live_fixtures import (api_for, client_for, live_server,  # noqa: F401
                                             memory_keyring)

APPLICATION = {
    "title": "Villa G+1", "owner_name": "Demo Owner",
    "plot": {"governorate": "Muscat", "wilayat": "Bawshar", "area": "Al Khuwair",
             "block": "3", "plot_no": "101"},
    "use_class": "residential", "floors": 2, "gross_area_m2": "350.00",
    "estimated_cost_baisa": 80_000_000,
}


@pytest.fixture
def consultant(live_server, tmp_path):
    client = client_for(live_server.url, "consultant1")
    store = LocalStore(tmp_path / "local.sqlite")
    yield client, Transfers(store, client, tmp_path / "cache", chunk_size=256 * 1024)
    store.close()


def test_a_drawing_goes_up_in_chunks_becomes_a_document_and_comes_back(consultant, tmp_path):
    client, transfers = consultant
    sheet = tmp_path / "A-101.pdf"
    sheet.write_bytes(sized(1_000_000))
    upload = transfers.upload(sheet)
    api = api_for(client.base_url, "consultant1")
    app = api.create_application(APPLICATION)
    doc = api.put_document(app["id"], str(uuid.uuid4()), {
        "upload_id": upload.upload_id, "kind": "architectural", "sheet_no": "A-101",
        "title": "Ground floor plan"})
    assert doc["current"]["sha256"] == upload.sha256 == hashlib.sha256(
        sheet.read_bytes()).hexdigest()
    transfers.cache_dir = tmp_path / "other-cache"
    assert transfers.download(upload.sha256).read_bytes() == sheet.read_bytes()


def test_a_half_finished_download_resumes_with_range(consultant, tmp_path):
    client, transfers = consultant
    sheet = tmp_path / "S-201.pdf"
    sheet.write_bytes(sized(600_000))
    sha = transfers.upload(sheet).sha256
    part = transfers.cached_blob(sha).with_name(sha + ".part")
    part.parent.mkdir(parents=True, exist_ok=True)
    part.write_bytes(sheet.read_bytes()[:250_000])
    assert transfers.download(sha).read_bytes() == sheet.read_bytes()


def test_the_server_refuses_a_file_whose_sha256_differs(consultant, tmp_path, monkeypatch):
    client, transfers = consultant
    sheet = tmp_path / "A-102.pdf"
    sheet.write_bytes(sized(10_000))
    monkeypatch.setattr("sync.transfers.file_sha256", lambda path: "0" * 64)
    with pytest.raises(ProblemError) as caught:
        transfers.upload(sheet)
    assert caught.value.status in (409, 422) and "sha256" in str(caught.value).lower()


def test_another_office_cannot_read_the_blob(consultant, live_server, tmp_path):
    client, transfers = consultant
    sheet = tmp_path / "A-103.pdf"
    sheet.write_bytes(sized(10_000))
    sha = transfers.upload(sheet).sha256
    other = client_for(live_server.url, "consultant2")
    with pytest.raises(ProblemError) as caught:
        other.request("GET", f"/v1/blobs/{sha}")
    assert caught.value.status == 404


def test_a_wrong_password_is_refused_plainly(live_server):
    with pytest.raises(AuthError, match="wrong user name or password"):
        AuthSession(PermitClient(live_server.url)).login("consultant1", "not-demo")
