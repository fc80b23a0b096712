"""Large files to and from the permit server, resuming where an interruption left them.

Uploads are tus-like: POST /v1/uploads announces the size and sha256, PATCH /v1/uploads/<id>
sends chunks at Upload-Offset, HEAD tells how much the server holds. The offset is persisted in
the LocalStore after every chunk, so a new process (after a crash, a lost connection or a
restarted server) asks the server and continues instead of starting again.

Downloads of content-addressed blobs (GET /v1/blobs/<sha256>) are written to `<sha256>.part`
in the cache folder and resumed with Range + If-Range; a file is moved into place only after
its sha256 matched, so the cache never holds a damaged copy.
"""
from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import requests

from review.store import LocalStore, Schema
from sync.client import PermitClient
from sync.errors import ProblemError, TransferError, TransientError

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]  # (bytes done, bytes in all)
CHUNK_SIZE = 16 * 1024 * 1024
READ_SIZE = 1024 * 1024
DOWNLOAD_ATTEMPTS = 5

TRANSFERS_SCHEMA = Schema("sync_transfers", [
    """
    CREATE TABLE uploads (
        server TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        size INTEGER NOT NULL,
        upload_url TEXT NOT NULL,
        upload_id TEXT NOT NULL,
        sent INTEGER NOT NULL,
        completed INTEGER NOT NULL DEFAULT 0,
        started_at TEXT NOT NULL,
        PRIMARY KEY (server, sha256, size)
    );
    """,
])


@dataclass(frozen=True)
class UploadResult:
    upload_id: str
    sha256: str
    size: int
    resumed_from: int  # bytes the server already had when this run started


def file_sha256(path: Path) -> str:
    return _hash_file(path).hexdigest()


class Transfers:
    def __init__(self, store: LocalStore, client: PermitClient, cache_dir: Path, *,
                 chunk_size: int = CHUNK_SIZE):
        self.store = store
        self.client = client
        self.cache_dir = Path(cache_dir)
        self.chunk_size = chunk_size
        store.ensure_schema(TRANSFERS_SCHEMA)

    # -- uploads ---------------------------------------------------------------------------

    def upload(self, path: Path, *, progress: Progress | None = None) -> UploadResult:
        """Uploads a file (or finishes an earlier, interrupted upload of the same bytes)."""
        path = Path(path)
        size = path.stat().st_size
        sha256 = file_sha256(path)
        known = self._known_upload(sha256, size)
        if known and known["completed"]:
            return UploadResult(known["upload_id"], sha256, size, size)
        if known:
            try:
                url, upload_id = known["upload_url"], known["upload_id"]
                offset = self._server_offset(url)
            except ProblemError as exc:
                if exc.status not in (404, 410):
                    raise
                log.info("upload %s expired on the server; starting again", known["upload_id"])
                known = None
        if not known:
            url, upload_id = self._create_upload(path, sha256, size)
            offset = 0
        resumed_from = offset
        with open(path, "rb") as handle:
            while offset < size:
                handle.seek(offset)
                chunk = handle.read(self.chunk_size)
                try:
                    response = self.client.request(
                        "PATCH", url, data=chunk,
                        headers={"Upload-Offset": str(offset),
                                 "Content-Type": "application/offset+octet-stream"})
                except ProblemError as exc:
                    if exc.status != 409:  # 409: the server holds another offset; ask it
                        raise
                    offset = self._server_offset(url)
                    continue
                except TransientError as exc:
                    raise TransientError(
                        f"the upload of {path.name} stopped at {100 * offset // size}%"
                        f" ({exc}); run the same command again to resume") from exc
                offset = int(response.headers.get("Upload-Offset", offset + len(chunk)))
                self._record_offset(sha256, size, offset, completed=offset >= size)
                if progress:
                    progress(offset, size)
        self._record_offset(sha256, size, size, completed=True)
        return UploadResult(upload_id, sha256, size, resumed_from)

    def _create_upload(self, path: Path, sha256: str, size: int) -> tuple[str, str]:
        response = self.client.request(
            "POST", "/v1/uploads",
            json={"filename": path.name, "size": size, "sha256": sha256},
            headers={"Upload-Length": str(size)})
        body = response.json()
        upload_id = str(body["id"])
        url = response.headers.get("Location") or f"/v1/uploads/{upload_id}"
        with self.store.transaction() as conn:
            conn.execute("INSERT OR REPLACE INTO uploads VALUES (?, ?, ?, ?, ?, 0, 0, ?)",
                         (self.client.base_url, sha256, size, url, upload_id,
                          datetime.now(UTC).isoformat()))
        return url, upload_id

    def _server_offset(self, url: str) -> int:
        response = self.client.request("HEAD", url)
        return int(response.headers["Upload-Offset"])

    def _known_upload(self, sha256: str, size: int):
        rows = self.store.query(
            "SELECT * FROM uploads WHERE server = ? AND sha256 = ? AND size = ?",
            (self.client.base_url, sha256, size))
        return rows[0] if rows else None

    def _record_offset(self, sha256: str, size: int, sent: int, *, completed: bool) -> None:
        with self.store.transaction() as conn:
            conn.execute("UPDATE uploads SET sent = ?, completed = ? WHERE server = ? AND"
                         " sha256 = ? AND size = ?",
                         (sent, int(completed), self.client.base_url, sha256, size))

    # -- downloads -------------------------------------------------------------------------

    def cached_blob(self, sha256: str) -> Path:
        return self.cache_dir / "blobs" / sha256[:2] / sha256

    def download(self, sha256: str, *, progress: Progress | None = None) -> Path:
        """The blob's path in the cache, downloading (or resuming) it when missing."""
        final = self.cached_blob(sha256)
        if final.is_file():
            return final
        final.parent.mkdir(parents=True, exist_ok=True)
        part = final.with_name(sha256 + ".part")
        for attempt in range(1, DOWNLOAD_ATTEMPTS + 1):
            try:
                digest = self._fetch_into(sha256, part, progress)
                break
            except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError,
                    TransientError) as exc:
                log.info("download of %s interrupted (%s), attempt %d", sha256, exc, attempt)
                if attempt == DOWNLOAD_ATTEMPTS:
                    raise TransientError(
                        f"the download of {sha256[:12]} was interrupted"
                        f" {DOWNLOAD_ATTEMPTS} times; run again to resume") from exc
        if digest.hexdigest() != sha256:
            part.unlink()
            raise TransferError(f"the downloaded file {sha256[:12]} is damaged (sha256 differs);"
                                " it was deleted, download it again")
        os.replace(part, final)
        return final

    def _fetch_into(self, sha256: str, part: Path, progress: Progress | None):
        """Appends the missing bytes to `part`; returns the sha256 state of the whole file."""
        have = part.stat().st_size if part.exists() else 0
        headers = {"Range": f"bytes={have}-", "If-Range": f'"{sha256}"'} if have else {}
        try:
            response = self.client.request("GET", f"/v1/blobs/{sha256}", headers=headers,
                                           stream=True)
        except ProblemError as exc:
            if exc.status != 416 or not have:
                raise
            return _hash_file(part)  # we already hold every byte
        with response:
            if response.status_code != 206:
                have = 0  # the server sent the whole file (If-Range failed or no Range)
            digest = _hash_file(part) if have else hashlib.sha256()
            total = have + int(response.headers.get("Content-Length", 0))
            with open(part, "ab" if have else "wb") as out:
                for block in response.iter_content(READ_SIZE):
                    out.write(block)
                    digest.update(block)
                    have += len(block)
                    if progress:
                        progress(have, total)
        return digest


def _hash_file(path: Path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(READ_SIZE):
            digest.update(block)
    return digest
