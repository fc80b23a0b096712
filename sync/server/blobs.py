"""Files on disk: upload parts while they arrive, then content-addressed blobs.

An upload's bytes go to uploads/<upload id>.part (the id is ours, never the client's file
name, so nothing can be written outside the data folder). A chunk is written at the offset the
database holds and the file is cut back to that offset first, so bytes of a chunk whose process
was killed before it committed never stay. A finished upload is checked (size, sha256, and
review.drawing_check: a PDF, DXF or DWG that opens and is what its name says) and moved to
blobs/ab/cd/<sha256>, written once and never changed.
"""
from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from review.drawing_check import UnreadableDrawingError, check_drawing
from review.text_safety import display_name
from sync.server.problems import Problem

READ_SIZE = 1024 * 1024
# upload chunks: tus names the first; plain octet-stream is accepted too (generic HTTP tools)
CHUNK_MEDIA_TYPES = ("application/offset+octet-stream", "application/octet-stream")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_UNSAFE_NAME_CHARS = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')


@dataclass(frozen=True)
class BlobInfo:
    sha256: str
    size: int
    media_type: str
    pages: int | None


def is_sha256(text: str) -> bool:
    return bool(_SHA256.match(text))


def safe_filename(name: str) -> str:
    """A display name with no path, control characters or reserved names; never used as a path."""
    name = unicodedata.normalize("NFC", name)
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE_NAME_CHARS.sub("_", name).strip(" .")
    if not name or set(name) <= {"_", "."}:
        name = "upload"
    if len(name.encode("utf-8")) > 200:
        stem, dot, ext = name.rpartition(".")
        ext = ext[:12] if dot else ""
        keep = (stem if dot else name).encode("utf-8")[:180].decode("utf-8", "ignore")
        name = f"{keep}.{ext}" if ext else keep
    return name


class BlobStore:
    def __init__(self, blob_dir: Path, upload_dir: Path):
        self.blob_dir = blob_dir
        self.upload_dir = upload_dir
        blob_dir.mkdir(parents=True, exist_ok=True)
        upload_dir.mkdir(parents=True, exist_ok=True)

    def path(self, sha256: str) -> Path:
        if not is_sha256(sha256):
            raise ValueError("not a sha256")
        return self.blob_dir / sha256[:2] / sha256[2:4] / sha256

    def part_path(self, upload_id: str) -> Path:
        return self.upload_dir / f"{upload_id}.part"

    def write_chunk(self, upload_id: str, offset: int, chunk: bytes) -> None:
        """Writes the chunk at offset, dropping whatever lies beyond offset from a lost chunk."""
        part = self.part_path(upload_id)
        with open(part, "r+b" if part.exists() else "w+b") as handle:
            handle.truncate(offset)
            handle.seek(offset)
            handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())

    def discard_part(self, upload_id: str) -> None:
        self.part_path(upload_id).unlink(missing_ok=True)

    def finish(self, upload_id: str, size: int, expected_sha256: str,
               filename: str) -> BlobInfo:
        """Checks the finished upload (size, sha256, a drawing that opens and whose kind its
        name says) and moves it into the blob store; Problem when refused."""
        part = self.part_path(upload_id)
        digest = hashlib.sha256()
        with open(part, "rb") as handle:
            while block := handle.read(READ_SIZE):
                digest.update(block)
        actual_size = part.stat().st_size
        if actual_size != size or digest.hexdigest() != expected_sha256:
            self.discard_part(upload_id)
            raise Problem(422, "checksum-mismatch",
                          "the uploaded bytes do not match the announced sha256 and size; the"
                          " upload was discarded, upload the file again",
                          expected_sha256=expected_sha256, actual_sha256=digest.hexdigest())
        try:
            drawing = check_drawing(part, filename)
        except UnreadableDrawingError as exc:
            self.discard_part(upload_id)
            raise Problem(422, exc.code, f"{exc}; the upload was discarded",
                          filename=display_name(filename)) from None
        self.adopt(part, expected_sha256)
        return BlobInfo(expected_sha256, size, drawing.media_type, drawing.pages)

    def adopt(self, path: Path, sha256: str) -> int:
        """Moves a file whose sha256 is known into the store; returns its size."""
        final = self.path(sha256)
        final.parent.mkdir(parents=True, exist_ok=True)
        size = path.stat().st_size
        if final.exists():
            path.unlink()
        else:
            os.replace(path, final)
        return size
