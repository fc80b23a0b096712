"""Rendering PDF regions in worker processes: the GUI never waits for MuPDF.

PyMuPDF is not thread-safe and holds the GIL while it renders, so rendering runs in worker
processes that each keep their own open documents and a few display lists (a page is
interpreted once per worker, then every tile is drawn from its display list). Requests are
deduplicated by key and served newest first; a request that is no longer wanted is dropped
before it starts, and one that runs too long can be aborted by restarting its worker, which
is how a page that takes minutes to render is cancelled.

`InlineRenderPool` has the same interface and renders in the calling thread; tests and the
command line use it where processes buy nothing.
"""
from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait

from viewers.core.errors import RenderCancelled, ViewerError

log = logging.getLogger(__name__)

DISPLAY_LISTS_PER_WORKER = 6
SHARE_PAGE_AT_PENDING = 6   # a second worker interprets a busy page when this many tiles wait
_WORKER_DIED = object()     # what a worker that crashed or was killed answers


@dataclass(frozen=True)
class RenderJob:
    """Device pixels of a page drawn at `scale` px/pt; with kind "part", of the `part`
    (index, count) of its content only (see viewers.core.pdf_parts); with kind "info", page facts.
    """

    key: Hashable
    path: str
    page: int
    scale: float = 1.0
    pixels: tuple[int, int, int, int] = (0, 0, 1, 1)  # device pixel rect on the page grid
    password: str | None = None
    kind: str = "render"   # "render", "part" or "info"
    part: tuple[int, int] = (0, 1)
    priority: int = 0      # higher first; equal priorities: newest first

    @property
    def path_page(self) -> tuple[str, int]:
        return self.path, self.page


ResultCallback = Callable[[RenderJob, object], None]  # result, or a ViewerError


def execute_job(job: RenderJob, documents: dict, display_lists: OrderedDict):
    """Runs one job with per-worker caches; shared by worker processes and the inline pool."""
    import pymupdf

    from viewers.core.pdf import (describe_page, page_display_list, render_content_part,
                                  render_pixels)
    from viewers.core.title_block import PdfTitleBlocks

    doc = documents.get((job.path, job.password))
    if doc is None:
        doc = pymupdf.open(job.path, filetype="pdf")
        if doc.needs_pass and not doc.authenticate(job.password or ""):
            raise ViewerError("the PDF needs a password")
        documents[(job.path, job.password)] = doc
    if job.kind == "info":
        titles = documents.setdefault((job.path, job.password, "title blocks"),
                                      PdfTitleBlocks(doc))
        return describe_page(doc, job.page, title_blocks=titles)
    if job.kind == "part":
        region = render_content_part(job.path, job.password, job.page, job.part, job.scale,
                                     job.pixels)
        if region is not None or job.part[0] > 0:
            return region
        # a page that is not cut is drawn whole by its first part, from the display list
        # its tiles will use
    dl_key = (job.path, job.page)
    display_list = display_lists.get(dl_key)
    if display_list is None:
        display_list = page_display_list(doc, job.page)
        display_lists[dl_key] = display_list
        while len(display_lists) > DISPLAY_LISTS_PER_WORKER:
            display_lists.popitem(last=False)
    else:
        display_lists.move_to_end(dl_key)
    return render_pixels(display_list, job.scale, job.pixels)


def _worker_main(conn: Connection) -> None:
    # import MuPDF and numpy, and use them once, before the first request, not during it
    from viewers.core.pdf import warm_up

    warm_up()

    documents: dict = {}
    display_lists: OrderedDict = OrderedDict()
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        try:
            result = execute_job(job, documents, display_lists)
        except ViewerError as exc:
            result = exc
        except Exception as exc:  # MuPDF raises plain RuntimeErrors for damaged content
            result = ViewerError(f"page {job.page + 1} could not be rendered: {exc}")
        try:
            conn.send(result)
        except (OSError, ValueError):
            return


@dataclass
class _Worker:
    process: subprocess.Popen
    conn: Connection
    job: RenderJob | None = None
    started: float = 0.0
    pages: set = field(default_factory=set)   # (path, page) whose display list it holds


@dataclass
class _Pending:
    jobs: dict = field(default_factory=dict)  # key -> (priority, sequence, job)
    sequence: int = 0


class RenderPool:
    """Worker processes behind a dispatcher thread; results arrive through `on_result`.

    `on_result` runs on the dispatcher thread: a Qt caller forwards it with a queued signal.
    """

    def __init__(self, on_result: ResultCallback, workers: int | None = None):
        self._on_result = on_result
        self._lock = threading.Lock()
        self._pending = _Pending()
        self._workers: list[_Worker] = []
        self._retired: list[Connection] = []
        # A raw non-blocking socket pair wakes the dispatcher: no message framing that a
        # partial read could leave half-consumed, and a full buffer just means "awake already".
        self._wake_read, self._wake_write = socket.socketpair()
        self._wake_read.setblocking(False)
        self._wake_write.setblocking(False)
        self._closed = False
        count = workers or max(1, min(4, os.cpu_count() or 1))
        for _ in range(count):
            self._workers.append(self._start_worker())
        self._thread = threading.Thread(target=self._run, name="render-dispatch", daemon=True)
        self._thread.start()

    def _start_worker(self) -> _Worker:
        # A fresh interpreter, not fork: the GUI process has Qt threads that fork would copy.
        parent_socket, child_socket = socket.socketpair()
        process = subprocess.Popen(
            [sys.executable, "-m", "viewers.core.render_pool", str(child_socket.fileno())],
            pass_fds=(child_socket.fileno(),), stdin=subprocess.DEVNULL,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [
                _project_root(), os.environ.get("PYTHONPATH", "")]))})
        child_socket.close()
        return _Worker(process, Connection(parent_socket.detach()))

    @property
    def worker_count(self) -> int:
        return len(self._workers)

    # --- requests -----------------------------------------------------------------------
    def submit(self, job: RenderJob) -> None:
        with self._lock:
            if any(w.job is not None and w.job.key == job.key for w in self._workers):
                return
            self._pending.sequence += 1
            self._pending.jobs[job.key] = (job.priority, self._pending.sequence, job)
        self._wake()

    def is_pending(self, key: Hashable) -> bool:
        with self._lock:
            return key in self._pending.jobs or any(
                w.job is not None and w.job.key == key for w in self._workers)

    def cancel_pending(self, predicate: Callable[[RenderJob], bool] = lambda job: True) -> None:
        with self._lock:
            for key in [k for k, (_, _, job) in self._pending.jobs.items() if predicate(job)]:
                del self._pending.jobs[key]

    def abort_running(self, predicate: Callable[[RenderJob], bool] = lambda job: True) -> int:
        """Kills workers busy with matching jobs and starts fresh ones; returns how many."""
        aborted = []
        with self._lock:
            for index, worker in enumerate(self._workers):
                if worker.job is not None and predicate(worker.job):
                    worker.process.kill()
                    worker.process.wait(timeout=5)
                    aborted.append(worker.job)
                    worker.job = None   # reported here as cancelled, not by the dispatcher
                    self._retired.append(worker.conn)
                    self._workers[index] = self._start_worker()
        for job in aborted:
            self._on_result(job, RenderCancelled(f"rendering of page {job.page + 1} cancelled"))
        self._wake()
        return len(aborted)

    def running_jobs(self) -> list[tuple[RenderJob, float]]:
        """(job, seconds running) for every busy worker."""
        now = time.monotonic()
        with self._lock:
            return [(w.job, now - w.started) for w in self._workers if w.job is not None]

    def shutdown(self) -> None:
        self._closed = True
        self._wake()
        self._thread.join(timeout=5)
        for worker in self._workers:
            try:
                worker.conn.send(None)
            except (OSError, ValueError):
                pass
            try:
                worker.process.wait(timeout=1)
            except subprocess.TimeoutExpired:
                worker.process.kill()

    # --- dispatcher thread ------------------------------------------------------------------
    def _drain_wake(self) -> None:
        try:
            while self._wake_read.recv(4096):
                pass
        except (BlockingIOError, InterruptedError):
            pass

    def _wake(self) -> None:
        try:
            self._wake_write.send(b"!")
        except (OSError, ValueError):
            pass

    def _choose(self, worker: _Worker) -> Hashable | None:
        """The most urgent job this worker should take.

        A page is interpreted once per worker (MuPDF's display list, the costly part), so a
        page's jobs go to the worker that holds it. Another idle worker joins in only when
        enough of that page's tiles wait to repay interpreting it a second time.
        """
        jobs = self._pending.jobs
        by_urgency = sorted(jobs, key=lambda k: jobs[k][:2], reverse=True)
        busy_pages = {w.job.path_page for w in self._workers if w.job is not None}
        for key in by_urgency:
            if jobs[key][2].kind == "part":   # a part holds no display list: anyone takes it
                return key
            page = jobs[key][2].path_page
            holders = [w for w in self._workers if page in w.pages]
            if worker in holders or (not holders and page not in busy_pages):
                return key
        for key in by_urgency:
            page = jobs[key][2].path_page
            if sum(1 for k in jobs if jobs[k][2].path_page == page) >= SHARE_PAGE_AT_PENDING:
                return key
        return None

    def _assign(self) -> None:
        with self._lock:
            for worker in self._workers:
                if worker.job is not None or not self._pending.jobs:
                    continue
                key = self._choose(worker)
                if key is None:
                    continue
                job = self._pending.jobs.pop(key)[2]
                if job.kind != "part":
                    worker.pages.add(job.path_page)
                if len(worker.pages) > DISPLAY_LISTS_PER_WORKER:
                    worker.pages.clear()   # the worker's LRU forgot some; start afresh
                try:
                    worker.conn.send(job)
                except (OSError, ValueError):
                    self._pending.jobs[key] = (job.priority, 0, job)
                    continue
                worker.job, worker.started = job, time.monotonic()

    def _run(self) -> None:
        while not self._closed:
            self._assign()
            with self._lock:
                conns = {w.conn: w for w in self._workers}
                retired, self._retired = self._retired, []
            for conn in retired:   # closed here, where no wait() is using them
                conn.close()
            try:
                ready = wait([self._wake_read, *conns], timeout=1.0)
            except (OSError, ValueError):   # a connection closed meanwhile: look again
                continue
            for conn in ready:
                if conn is self._wake_read:
                    self._drain_wake()
                    continue
                worker = conns[conn]
                try:
                    result = conn.recv()
                except (EOFError, OSError):
                    result = _WORKER_DIED
                with self._lock:
                    job = worker.job
                    worker.job = None
                    if result is _WORKER_DIED and worker in self._workers:
                        # The worker died (MuPDF crash, out of memory): replace it.
                        index = self._workers.index(worker)
                        worker.process.poll()
                        self._workers[index] = self._start_worker()
                if job is None:
                    continue
                if result is _WORKER_DIED:
                    result = ViewerError(f"the renderer stopped while drawing page {job.page + 1}")
                try:
                    self._on_result(job, result)
                except Exception:  # a failing callback must not stop rendering
                    log.exception("render result callback failed")


class InlineRenderPool:
    """The synchronous pool: renders in the calling thread; same interface as RenderPool."""

    def __init__(self, on_result: ResultCallback, workers: int | None = None):
        self._on_result = on_result
        self._documents: dict = {}
        self._display_lists: OrderedDict = OrderedDict()

    worker_count = 1

    def submit(self, job: RenderJob) -> None:
        try:
            result = execute_job(job, self._documents, self._display_lists)
        except ViewerError as exc:
            result = exc
        except Exception as exc:
            result = ViewerError(f"page {job.page + 1} could not be rendered: {exc}")
        self._on_result(job, result)

    def is_pending(self, key: Hashable) -> bool:
        return False

    def cancel_pending(self, predicate=lambda job: True) -> None:
        pass

    def abort_running(self, predicate=lambda job: True) -> int:
        return 0

    def running_jobs(self) -> list:
        return []

    def shutdown(self) -> None:
        for doc in self._documents.values():
            doc.close()
        self._documents.clear()


def _project_root() -> str:
    return os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


if __name__ == "__main__":
    _worker_main(Connection(int(sys.argv[1])))
