"""Jobs: work the server does after answering the request that asked for it."""
from __future__ import annotations

from fastapi import APIRouter, Response

from sync.server import models as m
from sync.server import schemas as s
from sync.server import service
from sync.server import views as v
from sync.server.approval import UNFINISHED
from sync.server.context import Caller, Server, etag
from sync.server.problems import PROBLEM_RESPONSES, not_found

router = APIRouter(prefix="/v1", responses=PROBLEM_RESPONSES)

POLL_SECONDS = 1


def job_out(job: m.Job) -> s.JobOut:
    return s.JobOut(id=job.id, kind=job.kind, application_id=job.application_id,
                    state=job.state, created_at=v.iso(job.created_at),
                    started_at=v.iso(job.started_at), finished_at=v.iso(job.finished_at),
                    result=job.result, error=job.error, version=job.version)


def job_headers(job: m.Job) -> dict[str, str]:
    """An unfinished job says when to ask again; a finished one never changes."""
    headers = {**etag(job.version), "Cache-Control": "no-store"}
    if job.state in UNFINISHED:
        headers["Retry-After"] = str(POLL_SECONDS)
    return headers


@router.get("/jobs/{job_id}", response_model=s.JobOut, tags=["jobs"],
            summary="a job's state: queued, running, succeeded (result: a link) or failed"
                    " (error: a problem); ask again after Retry-After while unfinished")
def read_job(ctx: Server, caller: Caller, job_id: str, response: Response) -> s.JobOut:
    with ctx.db.read() as session:
        job = session.get(m.Job, job_id)
        if job is None:
            raise not_found("this job")
        service.application(session, caller, job.application_id)  # 404 unless visible
    response.headers.update(job_headers(job))
    return job_out(job)
