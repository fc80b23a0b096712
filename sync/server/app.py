"""The reference permit server: `create_app(settings)` builds the FastAPI application.

The OpenAPI document at /v1/openapi.json is the protocol's precise form
(see docs/permit-api.md for the prose).
"""
from __future__ import annotations

import logging

from fastapi import FastAPI

from review.fees import demo_schedule_json, parse_schedule
from sync.server.approval import CadConverter, SigningKeys, resume_jobs
from sync.server.blobs import BlobStore
from sync.server.context import ServerContext
from sync.server.db import Database
from sync.server.idempotency import RequestGuard, forget_expired_keys
from sync.server.migrations import upgrade_to_head
from sync.server.problems import install_problem_handlers
from sync.server.routers import applications, auth, files, jobs, money, pki, reviews, sync_feed
from sync.server.security import ClientAddress, LoginThrottle, Passwords, Tokens
from sync.server.service import forget_abandoned_uploads
from sync.server.settings import ServerSettings

log = logging.getLogger(__name__)


def build_context(settings: ServerSettings, *,
                  cad_to_pdf: CadConverter | None = None) -> ServerContext:
    """Opens the database (creating its tables or upgrading them) and the blob store."""
    db = Database(settings)
    upgrade_to_head(db)
    schedule_json = demo_schedule_json()
    return ServerContext(
        settings=settings, db=db, passwords=Passwords(settings), tokens=Tokens(settings),
        throttle=LoginThrottle(settings.login_attempts_per_user_address,
                               settings.login_attempts_per_user,
                               settings.login_window.total_seconds()),
        client_address=ClientAddress(settings.trusted_proxies, settings.client_address_header),
        blobs=BlobStore(settings.blob_dir, settings.upload_dir),
        schedule=parse_schedule(schedule_json), schedule_json=schedule_json,
        signing=SigningKeys(settings.data_dir, settings.public_url), cad_to_pdf=cad_to_pdf)


def create_app(settings: ServerSettings, context: ServerContext | None = None) -> FastAPI:
    ctx = context or build_context(settings)
    app = FastAPI(title="Plan Review permit server", version="1.0.0",
                  summary="Reference server of the Plan Review permit protocol v1",
                  openapi_url="/v1/openapi.json", docs_url="/v1/docs", redoc_url=None)
    app.state.server = ctx
    install_problem_handlers(app)
    for module in (auth, applications, files, reviews, money, sync_feed, pki, jobs):
        app.include_router(module.router)
    keys, uploads = forget_expired_keys(ctx.db, settings), forget_abandoned_uploads(ctx)
    if keys or uploads:
        log.info("forgot %d idempotency keys older than %s and %d uploads unfinished after %s",
                 keys, settings.idempotency_ttl, uploads, settings.upload_ttl)
    if resumed := resume_jobs(ctx):
        log.info("resumed %d jobs a stopped server left unfinished", resumed)
    app.add_middleware(RequestGuard, settings=settings, db=ctx.db, tokens=ctx.tokens)
    return app
