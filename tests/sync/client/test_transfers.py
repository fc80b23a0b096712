"""Chunked resumable uploads and Range downloads against a mocked tus-like server."""
from __future__ import annotations

import hashlib
import json
import re

import pytest
import requests
import responses

from review.store import LocalStore
from sync.client import PermitClient, RetryPolicy
from sync.errors import TransferError, TransientError
from sync.transfers import Transfers

BASE = "http://permits.test"
UPLOAD = re.compile(rf"{BASE}/v1/uploads/u1")


class FakeUploads:
    """Keeps the bytes PATCHed to one upload; can drop the connection on a chosen chunk."""

    def __init__(self):
        self.data = bytearray()
        self.created = 0
        self.fail_on_patch: set[int] = set()
        self.patches = 0

    def install(self):
        responses.add_callback(responses.POST, f"{BASE}/v1/uploads", self.create)
        responses.add_callback(responses.PATCH, UPLOAD, self.patch)
        responses.add_callback(responses.HEAD, UPLOAD, self.head)

    def create(self, request):
        self.created += 1
        self.announced = json.loads(request.body)
        return 201, {"Location": "/v1/uploads/u1"}, json.dumps({"id": "u1"})

    def patch(self, request):
        self.patches += 1
        if self.patches in self.fail_on_patch:
            raise requests.ConnectionError("server went away")
        offset = int(request.headers["Upload-Offset"])
        if offset != len(self.data):
            return 409, {}, json.dumps({"detail": "offset mismatch"})
        self.data += request.body
        return 204, {"Upload-Offset": str(len(self.data))}, ""

    def head(self, request):
        return 200, {"Upload-Offset": str(len(self.data))}, ""


@pytest.fixture
def store(tmp_path):
    store = LocalStore(tmp_path / "local.sqlite")
    yield store
    store.close()


def transfers(store, tmp_path, attempts=1):
    client = PermitClient(BASE, sleep=lambda s: None, retry=RetryPolicy(attempts=attempts))
    return Transfers(store, client, tmp_path / "cache", chunk_size=1000)


@pytest.fixture
def drawing(tmp_path):
    path = tmp_path / "A-101.pdf"
    path.write_bytes(bytes(range(256)) * 20)  # 5120 bytes: six chunks of 1000
    return path


@responses.activate
def test_a_file_goes_up_in_chunks_with_its_sha256(store, tmp_path, drawing):
    server = FakeUploads()
    server.install()
    seen = []
    result = transfers(store, tmp_path).upload(drawing, progress=lambda d, t: seen.append(d))
    assert bytes(server.data) == drawing.read_bytes()
    assert server.announced["sha256"] == hashlib.sha256(drawing.read_bytes()).hexdigest()
    assert seen == [1000, 2000, 3000, 4000, 5000, 5120]
    assert (result.upload_id, result.resumed_from) == ("u1", 0)


@responses.activate
def test_an_interrupted_upload_resumes_in_a_new_process_from_the_server_offset(
        store, tmp_path, drawing):
    server = FakeUploads()
    server.install()
    server.fail_on_patch = {3}
    with pytest.raises(TransientError, match="run the same command again to resume"):
        transfers(store, tmp_path).upload(drawing)
    assert len(server.data) == 2000
    store.close()
    result = transfers(LocalStore(tmp_path / "local.sqlite"), tmp_path).upload(drawing)
    assert server.created == 1 and result.resumed_from == 2000
    assert bytes(server.data) == drawing.read_bytes()


@responses.activate
def test_an_offset_mismatch_asks_the_server_and_continues(store, tmp_path, drawing):
    server = FakeUploads()
    server.install()
    server.data += drawing.read_bytes()[:1000]  # a lost answer: the server has chunk one
    engine = transfers(store, tmp_path)
    engine._create_upload = lambda path, sha, size: ("/v1/uploads/u1", "u1")
    engine.upload(drawing)
    assert bytes(server.data) == drawing.read_bytes()


@responses.activate
def test_a_finished_upload_is_not_sent_again(store, tmp_path, drawing):
    server = FakeUploads()
    server.install()
    engine = transfers(store, tmp_path)
    engine.upload(drawing)
    patches = server.patches
    assert engine.upload(drawing).upload_id == "u1" and server.patches == patches


def blob(data: bytes):
    return hashlib.sha256(data).hexdigest()


@responses.activate
def test_a_partial_download_resumes_with_range(store, tmp_path):
    data = b"sheet-bytes" * 500
    sha = blob(data)

    def serve(request):
        start = int(request.headers["Range"].removeprefix("bytes=").rstrip("-"))
        assert request.headers["If-Range"] == f'"{sha}"'
        return 206, {"Content-Range": f"bytes {start}-{len(data) - 1}/{len(data)}"}, data[start:]

    responses.add_callback(responses.GET, f"{BASE}/v1/blobs/{sha}", serve)
    engine = transfers(store, tmp_path)
    part = engine.cached_blob(sha).with_name(sha + ".part")
    part.parent.mkdir(parents=True)
    part.write_bytes(data[:1234])
    path = engine.download(sha)
    assert path.read_bytes() == data and not part.exists()
    assert engine.download(sha) == path and len(responses.calls) == 1, "served from the cache"


@responses.activate
def test_a_server_ignoring_range_gets_the_file_rewritten_from_the_start(store, tmp_path):
    data = b"x" * 3000
    sha = blob(data)
    responses.get(f"{BASE}/v1/blobs/{sha}", body=data)
    engine = transfers(store, tmp_path)
    part = engine.cached_blob(sha).with_name(sha + ".part")
    part.parent.mkdir(parents=True)
    part.write_bytes(b"x" * 100)
    assert engine.download(sha).read_bytes() == data


@responses.activate
def test_a_damaged_download_is_refused_and_not_kept(store, tmp_path):
    sha = blob(b"the real file")
    responses.get(f"{BASE}/v1/blobs/{sha}", body=b"something else")
    engine = transfers(store, tmp_path)
    with pytest.raises(TransferError, match="damaged"):
        engine.download(sha)
    assert not engine.cached_blob(sha).exists()
    assert not engine.cached_blob(sha).with_name(sha + ".part").exists()
