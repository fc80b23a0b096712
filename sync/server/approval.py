"""Issuing a permit: the approved set is built by a job, outside any request's transaction.

`issue` on an APPROVED application answers 202 with a job (GET /v1/jobs/{id}); the job runs
in the server process (BackgroundJobRunner: one thread, jobs in the order asked; a queue with
worker processes can take its place behind the JobRunner interface) in three steps:
1. claim it (queued -> running) and read what the set is made of, in short transactions;
2. build the set from the last cycle's drawings, in sheet order, with the certificate and the
   conditions pages, and sign it with the server's identity (a development CA made in the data
   folder on first use), with no transaction open, in a worker process of its own: MuPDF holds
   the interpreter lock while it writes, so a 200 MB set built in a thread would stall every
   other request for seconds;
3. in one write transaction: the permit, the blob and the `issue` transition when the
   application is still APPROVED; otherwise the job fails and nothing is issued.
A set that cannot be built fails the job with a 409 problem naming the sheet; the application
stays APPROVED and the supervisor can send it back for the drawing to be replaced.
"""
from __future__ import annotations

import logging
import multiprocessing
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from review import workflow as wf
from review.approved_set import Approval, ApprovedSet, ApprovedSetError, build_approved_set
from review.permit_pages import ConditionOfApproval, PermitDetails
from review.signing import DEFAULT_PUBLIC_URL, SigningIdentity, server_identity
from review.text_safety import display_name
from sync.server import models as m
from sync.server.problems import PROBLEM_BASE, Problem

log = logging.getLogger(__name__)

CadConverter = Callable[[Path], bytes]
APPROVED_SET_JOB = "approved_set"
UNFINISHED = ("queued", "running")


class SigningKeys:
    """The server's signing identity (review.signing.server_identity: a PKCS#11 token when
    configured, else the development CA), loaded (or created) when first needed."""

    def __init__(self, data_dir: Path, public_url: str = DEFAULT_PUBLIC_URL):
        self.data_dir = data_dir
        self.public_url = public_url   # where the development CA's CRL is published
        self._identity: SigningIdentity | None = None
        self._lock = threading.Lock()

    def identity(self) -> SigningIdentity:
        with self._lock:
            if self._identity is None:
                self._identity = server_identity(self.data_dir, self.public_url)
            return self._identity


# -- runners ------------------------------------------------------------------------------

class JobRunner(Protocol):
    """Where jobs run. `submit` is called after the transaction that queued the job commits."""

    def submit(self, ctx, job_id: str) -> None: ...

    def shutdown(self) -> None: ...


class BackgroundJobRunner:
    """One background thread of the server process; jobs run in the order they were asked,
    each set built in a worker process (build_in_worker)."""

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="planreview-job")

    def submit(self, ctx, job_id: str) -> None:
        self._pool.submit(run_job, ctx, job_id, build_in_worker)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=False)


class InlineJobRunner:
    """Runs a job at once in the caller's thread (seeding the demo, which needs the result)."""

    def submit(self, ctx, job_id: str) -> None:
        run_job(ctx, job_id)

    def shutdown(self) -> None:
        pass


def job_path(job_id: str) -> str:
    return f"/v1/jobs/{job_id}"


def resume_jobs(ctx) -> int:
    """At start: jobs a stopped server left queued or running run again; returns how many."""
    with ctx.db.write() as session:
        left = session.scalars(select(m.Job).where(m.Job.state.in_(UNFINISHED))).all()
        for job in left:
            job.state, job.started_at = "queued", None
        ids = [job.id for job in left]
    for job_id in ids:
        ctx.jobs.submit(ctx, job_id)
    return len(ids)


# -- asking for the approved set ----------------------------------------------------------

def request_approved_set(session: Session, app: m.Application, caller, note: str) -> m.Job:
    """Queues the approved-set job of an APPROVED application (the transition was checked);
    an unfinished one is returned instead of a second."""
    running = session.scalars(select(m.Job).where(
        m.Job.application_id == app.id, m.Job.kind == APPROVED_SET_JOB,
        m.Job.state.in_(UNFINISHED))).first()
    if running is not None:
        return running
    job = m.Job(kind=APPROVED_SET_JOB, application_id=app.id, state="queued",
                requested_by=caller.id, note=note, created_at=_now(), version=1)
    session.add(job)
    session.flush()
    return job


# -- running it ---------------------------------------------------------------------------

@dataclass(frozen=True)
class _Plan:
    """What the set is made of, read in one short transaction."""

    app_id: str
    permit_no: str
    approver_id: str
    sources: list[Path]
    names: list[str]
    approval: Approval


SetBuilder = Callable[..., ApprovedSet]


def build_here(ctx, plan: _Plan, out: Path) -> ApprovedSet:
    """Builds the set in this thread (seeding the demo, which needs the result at once)."""
    with SIGNING_LOCK:
        return build_approved_set(plan.sources, plan.approval, ctx.signing.identity(), out,
                                  cad_to_pdf=ctx.cad_to_pdf, source_names=plan.names)


def build_in_worker(ctx, plan: _Plan, out: Path) -> ApprovedSet:
    """Builds the set in a process forked for it from the fork server (which never held the
    server's threads, locks or connections, and has the builder's modules imported once), and
    which loads the signing identity itself. Nothing stays running between jobs."""
    with ProcessPoolExecutor(max_workers=1, mp_context=_WORKERS) as pool:
        built, failure = pool.submit(
            _build_in_this_process, plan.sources, plan.approval, ctx.settings.data_dir,
            ctx.signing.public_url, out, ctx.cad_to_pdf, plan.names).result()
    if failure is not None:
        message, sheet = failure
        raise ApprovedSetError(message, sheet=sheet)
    return built


_WORKERS = multiprocessing.get_context("forkserver")
_WORKERS.set_forkserver_preload([__name__])
# One signing session at a time in a process: a PKCS#11 session is not safe to share between
# two signatures in flight (pyHanko's pkcs11 signer keeps per-operation state on it).
SIGNING_LOCK = threading.Lock()


def _build_in_this_process(sources: Sequence[Path], approval: Approval, data_dir: Path,
                           public_url: str, out: Path, cad_to_pdf: CadConverter | None,
                           names: Sequence[str]
                           ) -> tuple[ApprovedSet | None, tuple[str, str | None] | None]:
    """The worker's side: (the set, None), or (None, (message, sheet)) when it cannot be built
    (returned, not raised: an exception's extra attributes do not survive pickling)."""
    with SIGNING_LOCK:
        try:
            identity = server_identity(data_dir, public_url)   # each job has a process of its own
            return build_approved_set(sources, approval, identity, out,
                                      cad_to_pdf=cad_to_pdf, source_names=names), None
        except ApprovedSetError as exc:
            return None, (str(exc), exc.sheet)


def run_job(ctx, job_id: str, build: SetBuilder = build_here) -> None:
    """Runs one job to its end; whatever happens, the job ends succeeded or failed."""
    try:
        if not _claim(ctx, job_id):
            return
        plan = _plan(ctx, job_id)
        scratch = ctx.settings.data_dir / "tmp"
        scratch.mkdir(parents=True, exist_ok=True)
        try:
            built = build(ctx, plan, scratch / f"{job_id}.pdf")
        except ApprovedSetError as exc:
            raise _set_failed(exc) from exc
        _record_permit(ctx, job_id, plan, built)
    except Problem as problem:
        _fail(ctx, job_id, problem)
    except Exception as exc:  # noqa: BLE001 - a job's thread must end with the job recorded
        log.exception("approved-set job %s failed", job_id)
        _fail(ctx, job_id, Problem(500, "job-failed", f"the approved set could not be built:"
                                   f" {type(exc).__name__}; the server's log has the details"))


def _claim(ctx, job_id: str) -> bool:
    with ctx.db.write() as session:
        job = session.get(m.Job, job_id, with_for_update=True)
        if job is None or job.state != "queued":
            return False
        job.state, job.started_at = "running", _now()
        job.version += 1
        return True


def _plan(ctx, job_id: str) -> _Plan:
    from sync.server.service import PERMIT_VALIDITY, latest_cycle, permit_number

    with ctx.db.read() as session:
        job = session.get(m.Job, job_id)
        app = session.get(m.Application, job.application_id)
        cycle = latest_cycle(session, app)
        documents = {d.id: d for d in session.scalars(
            select(m.Document).where(m.Document.application_id == app.id))}
        snapshot = sorted(cycle.snapshot, key=lambda item: (
            documents[item["document_id"]].sheet_no, item["document_id"]))
        names = []
        for item in snapshot:
            version = session.scalars(select(m.DocumentVersion).where(
                m.DocumentVersion.document_id == item["document_id"],
                m.DocumentVersion.n == item["n"])).one()
            names.append(f"sheet {display_name(documents[item['document_id']].sheet_no)}"
                         f" ({display_name(version.filename)})")
        approver = session.get(m.User, job.requested_by)
        conditions = session.scalars(select(m.Condition).where(
            m.Condition.application_id == app.id, m.Condition.deleted_at.is_(None))
            .order_by(m.Condition.cycle, m.Condition.created_at, m.Condition.id)).all()
        issued = _now()
        details = PermitDetails(
            application_ref=app.ref, title=app.title, owner=app.owner_name,
            plot=f"{app.governorate} / {app.wilayat} / {app.area}, block {app.block},"
                 f" plot {app.plot_no}",
            use_class=app.use_class, valid_until=(issued + PERMIT_VALIDITY).date(),
            conditions=tuple(ConditionOfApproval(c.discipline, c.text_en, c.text_ar)
                             for c in conditions))
        permit_no = permit_number(app)
        approval = Approval(permit_no=permit_no,
                            approver=approver.full_name if approver else "",
                            issued=issued.date(), server_url=ctx.settings.public_url,
                            details=details)
        return _Plan(app.id, permit_no, job.requested_by,
                     [ctx.blobs.path(item["sha256"]) for item in snapshot], names, approval)


def _set_failed(exc: ApprovedSetError) -> Problem:
    extensions = {"sheet": exc.sheet} if exc.sheet else {}
    way_forward = (" The supervisor can send the application back for the drawing to be"
                   " replaced (send_back_for_replacement)." if exc.sheet else "")
    return Problem(409, "approved-set-failed", f"the permit cannot be issued: the approved set"
                   f" failed ({exc}).{way_forward}", **extensions)


def _record_permit(ctx, job_id: str, plan: _Plan, built: ApprovedSet) -> None:
    from sync.server import service
    from sync.server.context import principal_of

    size = ctx.blobs.adopt(built.path, built.sha256)
    with ctx.db.write() as session:
        app = service.lock_application(session, plan.app_id)
        job = session.get(m.Job, job_id, with_for_update=True)
        if app.state != wf.State.APPROVED:
            raise Problem(409, "state-changed", f"the application became {app.state} while its"
                          " approved set was built; nothing was issued", state=app.state)
        if session.get(m.Blob, built.sha256) is None:
            session.add(m.Blob(sha256=built.sha256, size=size, media_type="application/pdf",
                               pages=built.page_count))
        issued = _now()
        session.add(m.Permit(permit_no=plan.permit_no, application_id=app.id,
                             issued_at=issued, expires_at=issued + service.PERMIT_VALIDITY,
                             approver_id=plan.approver_id,
                             approved_set_sha256=built.sha256,
                             approval_digest=built.approval_digest))
        session.flush()
        approver = session.get(m.User, plan.approver_id)
        service.transition(ctx, session, app, "issue", principal_of(approver), job.note)
        job.state, job.finished_at = "succeeded", _now()
        job.result = f"/v1/permits/{plan.permit_no}"
        job.version += 1


def _fail(ctx, job_id: str, problem: Problem) -> None:
    from sync.server import service

    with ctx.db.write() as session:
        job = session.get(m.Job, job_id, with_for_update=True)
        if job is None:
            return
        job.state, job.finished_at = "failed", _now()
        job.error = {"type": PROBLEM_BASE + problem.code, "title": "Conflict"
                     if problem.status == 409 else "Error", "status": problem.status,
                     "detail": problem.detail, "instance": job_path(job_id),
                     **problem.extensions}
        job.version += 1
        app = session.get(m.Application, job.application_id)
        service.history(session, app, "approved_set_failed", app.state, None, problem.detail)
        service.application_changed(ctx, session, app)


def _now() -> datetime:
    return datetime.now(UTC)
