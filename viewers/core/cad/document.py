"""An opened DXF or DWG: its sheets (model space and paper-space layouts), compiled once.

Opening hashes the file; a compiled form cached under that sha256 opens at once. Otherwise
the compile worker process converts, reads and compiles it into the cache, reporting
progress; cancelling kills the worker. Compiled sheets load lazily, one folder each.
"""
from __future__ import annotations

import atexit
import json
import logging
import os
import selectors
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

from review.hashing import file_sha256
from viewers.core.cache import user_cache_dir
from viewers.core.cad.compiled import CompiledSheet
from viewers.core.cad.dwg import check_convertible, describe_version
from viewers.core.errors import ErrorCode, RenderCancelled, UnreadableFileError
from viewers.core.sheets import LoadReport, LoadWarning, Progress, SheetInfo

log = logging.getLogger(__name__)

# Bump when the compiled form or what goes into it changes: old cache entries are ignored.
FORMAT_VERSION = "cad-8"
# The compile worker's address-space limit in MB (default: 3/4 of the machine's memory).
# Defined here, not in the worker: importing the worker module before `python -m` runs it
# would execute it twice.
MEMORY_LIMIT_ENV = "PLANREVIEW_CAD_MEMORY_MB"
CONVERT_TIMEOUT_S = 300      # a DWG converter that takes longer is hung
STALL_TIMEOUT_S = 900        # no progress at all for this long: the worker is hung
MARGIN = 0.02                # of the extents, around the drawing


def cache_root() -> Path:
    """The user's cache folder for compiled drawings (under PLANREVIEW_CACHE when set)."""
    return user_cache_dir("cad")


class CadDocument:
    """A DXF or DWG drawing as sheets; implements viewers.core.sheets.SheetDocument."""

    def __init__(self, path: Path, kind: str, folder: Path, meta: dict, cached: bool):
        self.path = path
        self.kind = kind
        self.folder = folder
        self.meta = meta
        self.from_cache = cached
        self.report = LoadReport(tuple(LoadWarning.from_json(w) for w in meta["warnings"]),
                                 bool(meta["repaired"]))
        self._sheets: dict[int, CompiledSheet] = {}

    # ---- SheetDocument ------------------------------------------------------------------------
    def sheet_count(self) -> int:
        return len(self.meta["sheets"])

    def sheet(self, index: int) -> SheetInfo:
        entry = self.meta["sheets"][index]
        x0, y0, x1, y1 = sheet_extents(entry["extents"])
        return SheetInfo(index=index, number=entry["number"], title=entry["name"],
                         label=entry["name"], width=x1 - x0, height=y1 - y0,
                         units=entry["units"], mm_per_unit=entry["mm_per_unit"],
                         path_count=entry["path_count"], origin=(x0, y0))

    def close(self) -> None:
        self._sheets.clear()

    # ---- compiled geometry ---------------------------------------------------------------------
    def compiled(self, index: int) -> CompiledSheet:
        """The sheet's compiled geometry (loaded from the cache folder on first use)."""
        sheet = self._sheets.get(index)
        if sheet is None:
            try:
                sheet = CompiledSheet.load(self.folder / self.meta["sheets"][index]["folder"])
            except (OSError, ValueError, KeyError) as exc:
                raise UnreadableFileError(
                    f"the compiled form of {self.path.name} is unreadable ({exc}); open the"
                    " file again to rebuild it", ErrorCode.COMPILED_UNREADABLE,
                    name=self.path.name, error=exc) from None
            self._sheets[index] = sheet
        return sheet

    def viewports(self, index: int) -> list[dict]:
        """The sheet's viewports onto model space (paper-space layouts): name, bbox in sheet
        units, mm_per_unit inside it and its ratio to the paper."""
        return self.meta["sheets"][index].get("viewports", [])

    def describe(self) -> dict:
        """What `planreview info` prints."""
        # Imported here: it brings PyMuPDF (30 MB), which the compile worker would carry too.
        from review.measure import ratio_label

        sheets = []
        for index in range(self.sheet_count()):
            info = self.sheet(index)
            entry = self.meta["sheets"][index]
            sheets.append({
                "index": index, "number": info.number, "title": info.title, "label": info.label,
                "width_mm": _rounded(info.width_mm), "height_mm": _rounded(info.height_mm),
                "units": info.units, "extents": [_rounded(v) for v in entry["extents"]],
                "entity_count": entry["entity_count"], "path_count": info.path_count,
                "viewports": [{"name": v["name"], "bbox": [_rounded(c) for c in v["bbox"]],
                               "scale": ratio_label(v["ratio"])}
                              for v in self.viewports(index)]})
        counts: dict[str, int] = {}
        for layout in self.meta["layouts"]:
            for kind, count in layout["entity_counts"].items():
                counts[kind] = counts.get(kind, 0) + count
        result = {
            "kind": self.kind, "file": str(self.path), "dxf_version": self.meta["dxf_version"],
            "units": self.meta["units"], "insunits": self.meta["insunits"],
            "sheets": sheets,
            "layouts": [{"name": layout["name"], "kind": layout["kind"],
                         "entity_count": sum(layout["entity_counts"].values())}
                        for layout in self.meta["layouts"]],
            "extents": sheets[0]["extents"] if sheets else None,
            "entity_counts": dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))),
            "layers": self.meta["layers"],
            "warnings": list(self.report.warnings), "repaired": self.report.repaired,
        }
        if self.kind == "dwg":
            result["dwg_version"] = describe_version(self.meta.get("dwg_version", ""))
        return result


def sheet_extents(extents) -> tuple[float, float, float, float]:
    """The drawing's extents with a margin; never empty (a sheet with nothing is 1 unit)."""
    x0, y0, x1, y1 = extents
    width, height = x1 - x0, y1 - y0
    pad = max(width, height) * MARGIN
    if pad <= 0:
        pad = 0.5
    return x0 - pad, y0 - pad, x1 + pad, y1 + pad


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def open_cad_document(path: Path | str, *, kind: str,
                      progress: Progress | None = None) -> CadDocument:
    """Opens a DXF or DWG ("dxf"/"dwg" as sniffed). Raises UnreadableFileError with a
    message for the user, or RenderCancelled when `progress` is cancelled."""
    path = Path(path)
    progress = progress or Progress()
    if kind == "dwg":
        check_convertible(path, path.name)
    digest = file_sha256(path)
    folder = cache_root() / FORMAT_VERSION / digest[:2] / digest
    meta_file = folder / "document.json"
    if meta_file.is_file():
        try:
            meta = json.loads(meta_file.read_text("utf-8"))
            return CadDocument(path, kind, folder, meta, cached=True)
        except (OSError, ValueError) as exc:
            log.warning("dropping unreadable cache entry %s: %s", folder, exc)
            shutil.rmtree(folder, ignore_errors=True)
    scratch = folder.parent / f".{digest}.{uuid.uuid4().hex}"
    scratch.mkdir(parents=True)
    try:
        _run_worker(path, kind, scratch, progress)
        try:
            scratch.rename(folder)
        except OSError:   # another process compiled the same file meanwhile: use theirs
            shutil.rmtree(scratch, ignore_errors=True)
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    meta = json.loads((folder / "document.json").read_text("utf-8"))
    return CadDocument(path, kind, folder, meta, cached=False)


class _SpareWorker:
    """A compile worker started ahead, its readers imported, waiting for a file: an open
    then skips the process start (about 0.4 s). The application keeps one while it runs
    (keep_worker_ready); a command-line run never starts one."""

    def __init__(self):
        handle, log = tempfile.mkstemp(prefix="planreview-cad-worker-", suffix=".log")
        os.close(handle)      # reopened below as the process's stderr
        self.log = Path(log)
        self.memory_limit = os.environ.get(MEMORY_LIMIT_ENV, "")
        self.ready = False
        with self.log.open("wb") as stderr:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "viewers.core.cad.worker"], stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, stderr=stderr, start_new_session=True,
                cwd=_package_root())

    def wait_ready(self, timeout_s: float) -> bool:
        """Waits until its readers are imported (it says so on stdout)."""
        if self.ready:
            return True
        selector = selectors.DefaultSelector()
        selector.register(self.process.stdout, selectors.EVENT_READ)
        try:
            if selector.select(timeout=timeout_s):
                self.ready = b"ready" in self.process.stdout.readline()
            return self.ready
        finally:
            selector.close()

    def usable(self) -> bool:
        # Started under the same memory limit, and still waiting.
        return self.process.poll() is None and \
            self.memory_limit == os.environ.get(MEMORY_LIMIT_ENV, "")

    def stop(self) -> None:
        if self.process.poll() is None:
            _kill(self.process)
        for stream in (self.process.stdin, self.process.stdout):
            stream.close()
        self.log.unlink(missing_ok=True)


_spare: _SpareWorker | None = None
_spare_lock = threading.Lock()
_keep_ready = False


def keep_worker_ready(wait_s: float = 0.0) -> None:
    """From now on a compile worker waits ready for the next drawing (the application
    calls this at start; each open starts the next spare once it is done). `wait_s`: wait
    up to so long until it has imported its readers."""
    global _keep_ready, _spare
    with _spare_lock:
        _keep_ready = True
        if _spare is None or not _spare.usable():
            if _spare is not None:
                _spare.stop()
            _spare = _SpareWorker()
        if wait_s > 0:
            _spare.wait_ready(wait_s)


def stop_keeping_worker_ready() -> None:
    global _keep_ready, _spare
    with _spare_lock:
        _keep_ready = False
        if _spare is not None:
            _spare.stop()
            _spare = None


def _take_spare() -> _SpareWorker | None:
    global _spare
    with _spare_lock:
        spare, _spare = _spare, None
    if spare is not None and not spare.usable():
        spare.stop()
        return None
    return spare


atexit.register(stop_keeping_worker_ready)


def _run_worker(path: Path, kind: str, output: Path, progress: Progress) -> None:
    arguments = [str(path), kind, path.name, str(output)]
    spare = _take_spare()
    if spare is not None:
        process, stderr_file = spare.process, spare.log
        try:
            process.stdin.write(json.dumps(arguments).encode("utf-8") + b"\n")
            process.stdin.close()
        except OSError:     # it died meanwhile: a fresh one
            spare.stop()
            spare = None
    if spare is None:
        stderr_file = output / "worker.log"
        with stderr_file.open("wb") as stderr:
            process = subprocess.Popen(
                [sys.executable, "-m", "viewers.core.cad.worker", *arguments],
                stdout=subprocess.PIPE, stderr=stderr, start_new_session=True,
                cwd=_package_root())
    try:
        outcome = _follow(process, progress, path, kind)
    finally:
        if process.poll() is None:
            _kill(process)
        process.stdout.close()
        if _keep_ready:
            keep_worker_ready()
    if outcome.get("done"):
        stderr_file.unlink(missing_ok=True)
        return
    if outcome.get("error") == "memory":
        raise UnreadableFileError(f"{path.name} needs more memory to open than this computer"
                                  " allows Plan Review to use", ErrorCode.NEEDS_MEMORY,
                                  name=path.name)
    if outcome.get("error"):
        raise UnreadableFileError(outcome["error"], outcome.get("code"),
                                  **outcome.get("params", {}))
    tail = stderr_file.read_bytes()[-2000:].decode("utf-8", "replace")
    if spare is not None:
        stderr_file.unlink(missing_ok=True)
    log.error("CAD worker for %s ended with %s: %s", path, process.returncode, tail)
    what = describe_version(_version_code(path)) if kind == "dwg" else "DXF"
    raise UnreadableFileError(
        f"{path.name} ({what}) could not be opened: the reader stopped unexpectedly"
        f" (exit status {process.returncode}); the file may be damaged",
        ErrorCode.READER_STOPPED, name=path.name, what=what, status=process.returncode)


def _follow(process: subprocess.Popen, progress: Progress, path: Path, kind: str) -> dict:
    """Reads the worker's messages until it says it is done or failed, or ends; enforces
    timeouts; honours cancel."""
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    buffer = b""
    phase, last_news, phase_started = "start", time.monotonic(), time.monotonic()
    try:
        while True:
            if progress.cancelled:
                raise RenderCancelled(f"opening {path.name} was cancelled")
            now = time.monotonic()
            if phase == "convert" and now - phase_started > CONVERT_TIMEOUT_S:
                version = describe_version(_version_code(path))
                raise UnreadableFileError(
                    f"{path.name} ({version}): the DWG converter did not finish within"
                    f" {CONVERT_TIMEOUT_S} s and was stopped", ErrorCode.CONVERTER_TIMEOUT,
                    name=path.name, version=version, seconds=CONVERT_TIMEOUT_S)
            if now - last_news > STALL_TIMEOUT_S:
                raise UnreadableFileError(f"{path.name}: reading made no progress for"
                                          f" {STALL_TIMEOUT_S} s and was stopped",
                                          ErrorCode.NO_PROGRESS, name=path.name,
                                          seconds=STALL_TIMEOUT_S)
            if not selector.select(timeout=0.1):
                continue
            chunk = os.read(process.stdout.fileno(), 65536)
            if not chunk:
                process.wait()
                return {}        # it ended without a word: the caller reads its log
            buffer += chunk
            *lines, buffer = buffer.split(b"\n")
            for line in lines:
                try:
                    message = json.loads(line)
                except ValueError:
                    continue
                last_news = time.monotonic()
                if message.get("phase") and message["phase"] != phase:
                    phase, phase_started = message["phase"], last_news
                if "progress" in message:
                    progress.update(message["progress"], message.get("message", ""))
                if "done" in message or "error" in message:
                    return message    # its exit (a large heap freed) is no one's wait
    finally:
        selector.close()


def _kill(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, 9)
    except (ProcessLookupError, PermissionError):
        process.kill()
    process.wait()


def _version_code(path: Path) -> str:
    from viewers.core.cad.dwg import dwg_version

    return dwg_version(path)


def _package_root() -> str:
    return str(Path(__file__).resolve().parents[3])
