"""Resumable uploads and Range downloads, the server killed mid-upload, and hostile input."""
from __future__ import annotations

import dataclasses
import hashlib
import os
import socket
from datetime import UTC, datetime, timedelta
from pathlib import Path

import jwt
import pytest
import requests

from sync.server.blobs import BlobStore, safe_filename
from sync.server.models import Upload
from tests.pdf_factory import encrypted, sized
from tests.sync.client.live_server import ServerProcess, fresh_postgres_database
from tests.sync.server.support import (APPLICATION, POSTGRES_ENV, User, create_application,
                                       drawing, ok,
                                       problem, running_server)

CHUNK = {"Content-Type": "application/offset+octet-stream"}


def _patch(user: User, upload_id: str, offset: int, data: bytes):
    return user.patch(f"/v1/uploads/{upload_id}", data=data,
                      headers={**CHUNK, "Upload-Offset": str(offset)})


def _announce(user: User, data: bytes, filename: str = "plans.pdf") -> dict:
    return ok(user.post("/v1/uploads", {"filename": filename, "size": len(data),
                                        "sha256": hashlib.sha256(data).hexdigest()}), 201)


def test_chunks_offsets_and_range_downloads(users):
    consultant = users["consultant1"]
    data = sized(300_000)
    up = _announce(consultant, data)
    assert up["offset"] == 0 and up["max_size"] == 400 * 1024 * 1024
    head = consultant.call("HEAD", f"/v1/uploads/{up['id']}")
    assert head.headers["Upload-Offset"] == "0" and head.headers["Upload-Length"] == "300000"
    ok(_patch(consultant, up["id"], 0, data[:100_000]), 204)
    mismatch = problem(_patch(consultant, up["id"], 0, data[:100_000]), 409, "offset-mismatch")
    assert mismatch["offset"] == 100_000
    done = _patch(consultant, up["id"], 100_000, data[100_000:])
    assert done.status_code == 204 and done.headers["Upload-Offset"] == "300000"
    sha256 = hashlib.sha256(data).hexdigest()
    assert ok(consultant.get(f"/v1/uploads/{up['id']}"))["blob_sha256"] == sha256
    problem(_patch(consultant, up["id"], 300_000, b"x"), 409, "offset-mismatch")

    part = consultant.get(f"/v1/blobs/{sha256}", headers={"Range": "bytes=1000-"})
    assert part.status_code == 206 and part.content == data[1000:]
    assert part.headers["ETag"] == f'"{sha256}"'
    whole = consultant.get(f"/v1/blobs/{sha256}",
                           headers={"Range": "bytes=1000-", "If-Range": '"another"'})
    assert whole.status_code == 200 and whole.content == data
    refused = consultant.get(f"/v1/blobs/{sha256}", headers={"Range": "bytes=400000-"})
    problem(refused, 416, "range-not-satisfiable")
    assert refused.headers["Content-Range"] == "bytes */300000"
    problem(consultant.get(f"/v1/blobs/{sha256}", headers={"Range": "lines=1-2"}),
            400, "bad-range")
    problem(users["consultant2"].get(f"/v1/blobs/{sha256}"), 404, "not-found")
    problem(users["consultant2"].call("PATCH", f"/v1/uploads/{up['id']}", data=b"x",
                                      headers={**CHUNK, "Upload-Offset": "0"}),
            404, "not-found")


@pytest.mark.parametrize("database", ["sqlite", pytest.param("postgresql",
                                                             marks=pytest.mark.postgres)])
def test_upload_resumes_after_the_server_is_killed_mid_upload(tmp_path, database):
    if database == "postgresql" and not os.environ.get(POSTGRES_ENV):
        pytest.skip(f"{POSTGRES_ENV} is not set (tools/with-postgres.sh sets it)")
    url = fresh_postgres_database() if database == "postgresql" else None
    data = sized(3 * 1024 * 1024)
    chunk = 1024 * 1024
    server = ServerProcess(tmp_path / "data", database_url=url).start()
    try:
        user = User(server.url, "consultant1")
        up = _announce(user, data)
        ok(_patch(user, up["id"], 0, data[:chunk]), 204)
        # the second chunk is half sent when the server dies
        with socket.create_connection(("127.0.0.1", server.port)) as raw:
            raw.sendall((f"PATCH /v1/uploads/{up['id']} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                         f"Authorization: {user.http.headers['Authorization']}\r\n"
                         f"Content-Type: {CHUNK['Content-Type']}\r\nUpload-Offset: {chunk}\r\n"
                         f"Content-Length: {chunk}\r\n\r\n").encode() + data[chunk:chunk + 1000])
            server.kill()
        # as if a chunk had reached the disk but not the database before the kill
        part = tmp_path / "data" / "uploads" / f"{up['id']}.part"
        with open(part, "ab") as handle:
            handle.write(b"bytes of a chunk that never committed")
        server.start()
        user = User(server.url, "consultant1")
        head = user.call("HEAD", f"/v1/uploads/{up['id']}")
        assert head.status_code == 204 and head.headers["Upload-Offset"] == str(chunk)
        offset = chunk
        while offset < len(data):
            ok(_patch(user, up["id"], offset, data[offset:offset + chunk]), 204)
            offset += chunk
        sha256 = hashlib.sha256(data).hexdigest()
        assert ok(user.get(f"/v1/uploads/{up['id']}"))["complete"]
        assert user.get(f"/v1/blobs/{sha256}").content == data
        stored = tmp_path / "data" / "blobs" / sha256[:2] / sha256[2:4] / sha256
        assert hashlib.sha256(stored.read_bytes()).hexdigest() == sha256
        assert not part.exists()
    finally:
        server.stop()


def test_a_chunk_rewritten_after_a_crash_drops_the_lost_bytes(tmp_path):
    store = BlobStore(tmp_path / "blobs", tmp_path / "uploads")
    data = drawing("crash")
    store.write_chunk("u1", 0, data[:100])
    with open(store.part_path("u1"), "ab") as handle:
        handle.write(b"garbage")
    store.write_chunk("u1", 100, data[100:])
    assert store.part_path("u1").read_bytes() == data
    sha256 = hashlib.sha256(data).hexdigest()
    info = store.finish("u1", len(data), sha256, "plan.pdf")
    assert (info.media_type, info.pages) == ("application/pdf", 1)
    assert store.path(sha256).read_bytes() == data


@pytest.mark.parametrize("name, shown", [
    ("../../etc/passwd", "passwd"),
    ("..\\..\\Windows\\system32\\config", "config"),
    ("plans\x00.pdf", "plans_.pdf"),
    ("...", "upload"),
    ("  spaced out .pdf  ", "spaced out .pdf"),
    ("مخطط الطابق الأرضي.pdf", "مخطط الطابق الأرضي.pdf"),
    ("a" * 400 + ".pdf", "a" * 180 + ".pdf"),
])
def test_file_names_are_only_shown_never_used_as_paths(name, shown):
    assert safe_filename(name) == shown


def test_hostile_uploads_get_clean_problems_and_nothing_lands_outside_the_data_folder(
        settings, tmp_path):
    small = dataclasses.replace(settings, max_upload_bytes=1_000_000, max_chunk_bytes=200_000)
    before = _files(tmp_path)
    with running_server(small) as server:
        user = User(server.url, "consultant1")
        too_big = problem(user.post("/v1/uploads", {"filename": "big.pdf", "size": 1_000_001,
                                                    "sha256": "0" * 64}),
                          413, "upload-too-large")
        assert too_big["max_size"] == 1_000_000

        data = os.urandom(150_000)
        up = _announce(user, data, "../../../../etc/passwd")
        assert up["filename"] == "passwd"
        problem(_patch(user, up["id"], 0, data + b"more"), 413, "beyond-announced-size")
        chunk_too_big = _announce(user, os.urandom(900_000))
        problem(_patch(user, chunk_too_big["id"], 0, os.urandom(250_000)), 413,
                "body-too-large")
        problem(user.patch(f"/v1/uploads/{up['id']}", data=data,
                           headers={"Upload-Offset": "0", "Content-Type": "text/plain"}),
                415, "unsupported-media-type")
        problem(_patch(user, up["id"], -5, data), 422, "validation-error")

        wrong = ok(user.post("/v1/uploads", {"filename": "x.pdf", "size": len(data),
                                             "sha256": "ab" * 32}), 201)
        mismatch = problem(_patch(user, wrong["id"], 0, data), 422, "checksum-mismatch")
        assert mismatch["actual_sha256"] == hashlib.sha256(data).hexdigest()
        assert user.call("HEAD", f"/v1/uploads/{wrong['id']}").status_code == 404

        locked = encrypted(tmp_path / "locked.pdf").read_bytes()
        secret = _announce(user, locked, "locked.pdf")
        refused = problem(_patch(user, secret["id"], 0, locked), 422, "encrypted-pdf")
        assert "password" in refused["detail"]
        problem(user.get(f"/v1/blobs/{hashlib.sha256(locked).hexdigest()}"), 404, "not-found")

        app = create_application(user)
        problem(user.put(f"/v1/applications/{app['id']}/documents/not-a-uuid",
                         {"upload_id": up["id"], "kind": "site"}), 422, "bad-id")
        problem(user.put(f"/v1/applications/{app['id']}/documents/..%2F..%2Fetc%2Fpasswd",
                         {"upload_id": up["id"], "kind": "site"}), 404, "not-found")
        data_dir = small.data_dir
        outside = [p for p in _files(tmp_path) - before
                   if data_dir not in p.parents and p != tmp_path / "locked.pdf"]
        assert outside == []


def test_hostile_json_and_bad_tokens_get_clean_problems(server, users):
    consultant = users["consultant1"]
    url = server.url
    deep = "[" * 5000 + "]" * 5000
    problem(consultant.call("POST", "/v1/applications", data=deep,
                            headers={"Content-Type": "application/json"}), 400, "json-too-deep")
    huge = '{"title": "' + "x" * 2_000_000 + '"}'
    problem(consultant.call("POST", "/v1/applications", data=huge,
                            headers={"Content-Type": "application/json"}), 413, "body-too-large")
    problem(consultant.call("POST", "/v1/applications", data="{not json",
                            headers={"Content-Type": "application/json"}),
            422, "validation-error")
    problem(consultant.post("/v1/applications", {"title": 7, "floors": -1}), 422,
            "validation-error")
    problem(consultant.post("/v1/applications", {"x": {"y": {"z": [1, [2, [3]]]}}}), 422,
            "validation-error")
    problem(consultant.get("/v1/applications?limit=100000"), 422, "validation-error")
    problem(consultant.get("/v1/changes?after=-1"), 422, "validation-error")
    # NUL can be stored nowhere (PostgreSQL refuses it in text): refused at the door
    problem(consultant.post("/v1/applications", {**APPLICATION, "title": "villa\x00"}),
            400, "nul-character")
    problem(consultant.get("/v1/applications/abc%00def"), 400, "nul-character")
    problem(consultant.get("/v1/applications?cursor=MM%00"), 400, "nul-character")
    problem(requests.post(f"{url}/v1/auth/token", data={"username": "arch1\x00",
                                                         "password": "demo"}, timeout=10),
            400, "nul-character")
    app = create_application(consultant)
    problem(consultant.call("PATCH", f"/v1/applications/{app['id']}", headers={
        "Content-Type": "application/json", "If-Match": '"1"'},
        data='{"gross_area_m2": NaN}'), 422, "validation-error")

    secret = server.ctx.settings.resolved_token_secret()
    user_id = consultant.me["id"]
    expired = jwt.encode({"sub": user_id, "typ": "access", "iss": "planreview-permit-server",
                          "exp": datetime.now(UTC) - timedelta(minutes=1)}, secret, "HS256")
    forged = jwt.encode({"sub": user_id, "typ": "access", "iss": "planreview-permit-server",
                         "exp": datetime.now(UTC) + timedelta(minutes=5)},
                        "a guessed secret, long enough for HS256", "HS256")
    unsigned = jwt.encode({"sub": user_id, "typ": "access"}, None, "none")
    for token, words in ((expired, "has expired"), (forged, "not valid"),
                         (unsigned, "not valid"), ("garbage", "not valid"),
                         (consultant.tokens["refresh_token"], "cannot be used as the access")):
        answer = requests.get(f"{url}/v1/me", headers={"Authorization": f"Bearer {token}"},
                              timeout=10)
        assert words in problem(answer, 401, "unauthenticated")["detail"]
        assert answer.headers["WWW-Authenticate"] == "Bearer"
    for header in ("", "Bearer", "Basic Y29uc3VsdGFudDE6ZGVtbw=="):
        problem(requests.get(f"{url}/v1/me", headers={"Authorization": header}, timeout=10),
                401, "unauthenticated")
    refreshed = requests.post(f"{url}/v1/auth/refresh", timeout=10, data={
        "grant_type": "refresh_token", "refresh_token": consultant.tokens["access_token"]})
    problem(refreshed, 401, "unauthenticated")


def _files(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if p.is_file()}


def test_unfinished_uploads_are_forgotten_after_a_week(settings):
    with running_server(settings) as server:
        user = User(server.url, "consultant1")
        data = sized(3000)
        up = _announce(user, data)
        ok(_patch(user, up["id"], 0, data[:10]), 204)
        part = settings.upload_dir / f"{up['id']}.part"
        assert part.exists()
        with server.ctx.db.write() as session:
            session.get(Upload, up["id"]).created_at -= timedelta(days=8)
    with running_server(settings) as server:
        user = User(server.url, "consultant1")
        problem(user.get(f"/v1/uploads/{up['id']}"), 404, "not-found")
        assert not part.exists()


def _dwg(path: Path, *, lines: int) -> bytes:
    import ezdwg

    dwg = ezdwg.new()
    for n in range(lines):
        dwg.modelspace().add_line((0, n), (100, n + 50))
    dwg.save(str(path))
    return path.read_bytes()


def _not_drawings(tmp_path: Path) -> list[tuple[str, bytes, str]]:
    """(file name, bytes, problem code) of files that must not become drawings."""
    import zipfile

    with zipfile.ZipFile(tmp_path / "sheets.zip", "w") as archive:
        archive.writestr("A-101.pdf", drawing("inside a zip"))
    whole_dwg = _dwg(tmp_path / "plan.dwg", lines=20)
    return [
        ("random.pdf", os.urandom(20_000), "kind-mismatch"),
        ("pdf-header.pdf", b"%PDF-1.7\n" + os.urandom(20_000), "damaged-pdf"),
        ("sheets.pdf", (tmp_path / "sheets.zip").read_bytes(), "kind-mismatch"),
        ("truncated.dwg", whole_dwg[:len(whole_dwg) // 2], "damaged-dwg"),
        ("tiny.dxf", b"0\nSECTION\n2\nENTITIES\n0\nENDSEC\n0\nEOF", "empty-model-space"),
        ("empty-model.dwg", _dwg(tmp_path / "empty.dwg", lines=0), "empty-model-space"),
        ("plan.docx", drawing("a pdf named docx"), "not-a-drawing"),
        ("plan.dxf", drawing("a pdf named dxf"), "kind-mismatch"),
    ]


def test_only_drawings_that_open_become_blobs_and_the_problem_names_the_file(server, tmp_path):
    user = User(server.url, "consultant1")
    for name, data, code in _not_drawings(tmp_path):
        up = _announce(user, data, name)
        refused = problem(_patch(user, up["id"], 0, data), 422, code)
        assert name in refused["detail"] and refused["filename"] == name, refused
        assert "\n" not in refused["detail"]
        problem(user.get(f"/v1/uploads/{up['id']}"), 404, "not-found")
        problem(user.get(f"/v1/blobs/{hashlib.sha256(data).hexdigest()}"), 404, "not-found")
    assert list(server.ctx.settings.upload_dir.glob("*.part")) == []

    accepted = {"plan.dwg": (_dwg(tmp_path / "ok.dwg", lines=3), "image/vnd.dwg"),
                "plan.pdf": (drawing("fine"), "application/pdf")}
    import ezdxf

    doc = ezdxf.new("R2010")
    doc.modelspace().add_circle((0, 0), 5)
    doc.saveas(tmp_path / "ok.dxf")
    accepted["plan.dxf"] = ((tmp_path / "ok.dxf").read_bytes(), "image/vnd.dxf")
    for name, (data, media_type) in accepted.items():
        up = _announce(user, data, name)
        ok(_patch(user, up["id"], 0, data), 204)
        blob = user.get(f"/v1/blobs/{hashlib.sha256(data).hexdigest()}")
        assert blob.status_code == 200 and blob.headers["content-type"].startswith(media_type)


def test_an_upload_whose_check_was_interrupted_is_checked_again(server):
    """The server stopped after the last chunk and before the check: an empty PATCH at the
    end (what a resuming client sends) finishes it."""
    user = User(server.url, "consultant1")
    data = drawing("interrupted")
    up = _announce(user, data)
    server.ctx.blobs.write_chunk(up["id"], 0, data)
    with server.ctx.db.write() as session:
        session.get(Upload, up["id"]).offset = len(data)
    problem(_patch(user, up["id"], 0, data), 409, "offset-mismatch")
    ok(_patch(user, up["id"], len(data), b""), 204)
    assert ok(user.get(f"/v1/uploads/{up['id']}"))["complete"] is True
