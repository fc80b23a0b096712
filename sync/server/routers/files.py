"""Resumable uploads, content-addressed blobs and an application's documents."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Request, Response
from fastapi.responses import FileResponse
from sqlalchemy import exists, select
from starlette.responses import MalformedRangeHeader, RangeNotSatisfiable

from review.workflow import EDITABLE_BY_CONSULTANT, Role
from sync.server import models as m
from sync.server import schemas as s
from sync.server import service
from sync.server import views as v
from sync.server.blobs import CHUNK_MEDIA_TYPES, is_sha256, safe_filename
from sync.server.context import (Caller, IfMatch, Server, check_if_match, client_uuid, etag,
                                 require_role)
from sync.server.problems import PROBLEM_RESPONSES, Problem, not_found

router = APIRouter(prefix="/v1", responses=PROBLEM_RESPONSES)

_CHUNK_BODY = {"requestBody": {"required": True, "content": {
    media_type: {"schema": {"type": "string", "format": "binary"}}
    for media_type in CHUNK_MEDIA_TYPES}}}


def _upload_out(ctx, up: m.Upload) -> s.UploadOut:
    return s.UploadOut(id=up.id, filename=up.filename, size=up.size, sha256=up.sha256,
                       offset=up.offset, complete=up.blob_sha256 is not None,
                       blob_sha256=up.blob_sha256, max_size=ctx.settings.max_upload_bytes,
                       created_at=v.iso(up.created_at))


def _upload_headers(ctx, up: m.Upload) -> dict[str, str]:
    return {"Upload-Offset": str(up.offset), "Upload-Length": str(up.size),
            "Tus-Max-Size": str(ctx.settings.max_upload_bytes), "Cache-Control": "no-store"}


def _own_upload(session, caller, upload_id: str, *, lock: bool = False) -> m.Upload:
    query = select(m.Upload).where(m.Upload.id == upload_id)
    up = session.scalars(query.with_for_update() if lock else query).one_or_none()
    if up is None or up.user_id != caller.id:
        raise not_found("this upload")
    return up


@router.post("/uploads", response_model=s.UploadOut, status_code=201, tags=["uploads"],
             summary="announce a file (size, sha256); then PATCH its bytes")
def create_upload(ctx: Server, caller: Caller, body: s.UploadIn,
                  response: Response) -> s.UploadOut:
    require_role(caller, Role.CONSULTANT, Role.SUPERVISOR, Role.ADMIN, doing="upload files")
    if body.size > ctx.settings.max_upload_bytes:
        raise Problem(413, "upload-too-large",
                      f"the file is {body.size} bytes; the server accepts at most"
                      f" {ctx.settings.max_upload_bytes} bytes per file",
                      max_size=ctx.settings.max_upload_bytes)
    with ctx.db.write() as session:
        up = m.Upload(user_id=caller.id, filename=safe_filename(body.filename), size=body.size,
                      sha256=body.sha256, offset=0, created_at=service.utcnow())
        session.add(up)
    response.headers.update(_upload_headers(ctx, up))
    response.headers["Location"] = f"/v1/uploads/{up.id}"
    return _upload_out(ctx, up)


@router.head("/uploads/{upload_id}", tags=["uploads"], status_code=204,
             summary="how many bytes the server holds (Upload-Offset)")
def upload_offset(ctx: Server, caller: Caller, upload_id: str) -> Response:
    with ctx.db.read() as session:
        up = _own_upload(session, caller, upload_id)
    return Response(status_code=204, headers=_upload_headers(ctx, up))


@router.get("/uploads/{upload_id}", response_model=s.UploadOut, tags=["uploads"])
def read_upload(ctx: Server, caller: Caller, upload_id: str, response: Response) -> s.UploadOut:
    with ctx.db.read() as session:
        up = _own_upload(session, caller, upload_id)
    response.headers.update(_upload_headers(ctx, up))
    return _upload_out(ctx, up)


async def _raw_body(request: Request) -> bytes:
    return await request.body()


@router.patch("/uploads/{upload_id}", status_code=204, tags=["uploads"],
              openapi_extra=_CHUNK_BODY,
              summary="bytes at Upload-Offset; 409 when the server holds another offset")
def append_chunk(ctx: Server, caller: Caller, upload_id: str,
                 upload_offset: Annotated[int, Header(alias="Upload-Offset", ge=0, le=2**50)],
                 content_type: Annotated[str, Header(alias="Content-Type")],
                 chunk: Annotated[bytes, Depends(_raw_body)]) -> Response:
    if content_type.split(";")[0].strip().lower() not in CHUNK_MEDIA_TYPES:
        raise Problem(415, "unsupported-media-type",
                      f"send upload bytes as {CHUNK_MEDIA_TYPES[0]}")
    with ctx.db.write() as session:
        up = _own_upload(session, caller, upload_id, lock=True)
        if upload_offset != up.offset or up.blob_sha256 is not None:
            raise Problem(409, "offset-mismatch",
                          f"the server holds {up.offset} bytes of this upload; send from there",
                          headers=_upload_headers(ctx, up), offset=up.offset)
        if up.offset + len(chunk) > up.size:
            raise Problem(413, "beyond-announced-size",
                          f"the upload was announced as {up.size} bytes; this chunk goes beyond")
        ctx.blobs.write_chunk(up.id, up.offset, chunk)
        up.offset += len(chunk)
    if up.offset == up.size:
        up = _finish_upload(ctx, caller, upload_id)
    return Response(status_code=204, headers=_upload_headers(ctx, up))


def _finish_upload(ctx, caller, upload_id: str) -> m.Upload:
    """Checks a fully received upload (sha256, a drawing that opens) and makes it a blob.

    The check reads the whole file and opens the drawing, which takes seconds for a large
    one, so it runs outside any write transaction: other clients' writes go on meanwhile.
    A server stopped during the check leaves the upload full but unfinished; an empty PATCH
    at its end (or the document PUT) checks it again."""
    try:
        info = ctx.blobs.finish(upload_id, *_announced(ctx, caller, upload_id))
    except FileNotFoundError:  # another request finished it meanwhile
        with ctx.db.read() as session:
            return _own_upload(session, caller, upload_id)
    except Problem:
        with ctx.db.write() as session:
            up = session.get(m.Upload, upload_id, with_for_update=True)
            if up is not None and up.blob_sha256 is None:
                session.delete(up)
        raise
    with ctx.db.write() as session:
        up = _own_upload(session, caller, upload_id, lock=True)
        if up.blob_sha256 is None:
            if session.get(m.Blob, info.sha256) is None:
                session.add(m.Blob(sha256=info.sha256, size=info.size,
                                   media_type=info.media_type, pages=info.pages,
                                   created_at=service.utcnow()))
            up.blob_sha256 = info.sha256
            up.completed_at = service.utcnow()
    return up


def _announced(ctx, caller, upload_id: str) -> tuple[int, str, str]:
    with ctx.db.read() as session:
        up = _own_upload(session, caller, upload_id)
        return up.size, up.sha256, up.filename


@router.delete("/uploads/{upload_id}", status_code=204, tags=["uploads"],
               summary="abandon an upload")
def delete_upload(ctx: Server, caller: Caller, upload_id: str) -> Response:
    with ctx.db.write() as session:
        up = _own_upload(session, caller, upload_id, lock=True)
        if up.blob_sha256 is None:
            ctx.blobs.discard_part(up.id)
        session.delete(up)
    return Response(status_code=204)


def _may_read_blob(session, caller, sha256: str) -> bool:
    if caller.is_staff:
        return True
    own_upload = exists().where(m.Upload.blob_sha256 == sha256, m.Upload.user_id == caller.id)
    in_own_application = exists().where(
        m.DocumentVersion.blob_sha256 == sha256,
        m.DocumentVersion.document_id == m.Document.id,
        m.Document.application_id == m.Application.id,
        m.Application.office_id == caller.office_id)
    return bool(session.scalar(select(own_upload | in_own_application)))


@router.get("/blobs/{sha256}", tags=["uploads"], response_class=FileResponse,
            responses={200: {"content": {"application/octet-stream": {}}},
                       206: {"description": "the requested range"},
                       416: PROBLEM_RESPONSES[413] | {"description": "Range not satisfiable"}},
            summary="a stored file by its sha256; Range and If-Range honoured; immutable")
def read_blob(ctx: Server, caller: Caller, sha256: str,
              range_: Annotated[str | None, Header(alias="Range", max_length=200)] = None,
              ) -> FileResponse:
    if not is_sha256(sha256):
        raise not_found("this file")
    with ctx.db.read() as session:
        blob = session.get(m.Blob, sha256)
        if blob is None or not _may_read_blob(session, caller, sha256):
            raise not_found("this file")
    if range_ is not None:
        try:  # Starlette serves ranges; we answer bad ones ourselves, as problems
            FileResponse._parse_range_header(range_, blob.size)
        except MalformedRangeHeader as exc:
            raise Problem(400, "bad-range", f"the Range header is not valid: {exc.content}"
                          ) from exc
        except RangeNotSatisfiable as exc:
            raise Problem(416, "range-not-satisfiable",
                          f"the file has {blob.size} bytes; the range asks beyond them",
                          headers={"Content-Range": f"bytes */{blob.size}"}) from exc
    return FileResponse(ctx.blobs.path(sha256), media_type=blob.media_type, headers={
        "ETag": f'"{sha256}"', "Cache-Control": "private, max-age=31536000, immutable"})


# -- documents ------------------------------------------------------------------------------

@router.put("/applications/{app_id}/documents/{doc_id}", response_model=s.DocumentOut,
            tags=["documents"],
            summary="add a document or a new version of it from a finished upload"
                    " (If-Match when it exists)")
def put_document(ctx: Server, caller: Caller, app_id: str, doc_id: str, body: s.DocumentIn,
                 if_match: IfMatch, response: Response) -> s.DocumentOut:
    doc_id = client_uuid(doc_id, "document id")
    with ctx.db.read() as session:
        up = _own_upload(session, caller, body.upload_id)
    if up.blob_sha256 is None and up.offset == up.size:  # its check was interrupted
        _finish_upload(ctx, caller, up.id)
    with ctx.db.write() as session:
        app = service.application(session, caller, app_id, lock=True)
        require_role(caller, Role.CONSULTANT, doing="add drawings to an application")
        if app.state not in EDITABLE_BY_CONSULTANT:
            raise Problem(409, "not-editable", f"drawings cannot be added while the application"
                          f" is {app.state}")
        up = _own_upload(session, caller, body.upload_id)
        if up.blob_sha256 is None:
            raise Problem(409, "upload-incomplete", f"the upload has {up.offset} of {up.size}"
                          " bytes; finish it first", offset=up.offset)
        doc = session.get(m.Document, doc_id, with_for_update=True)
        if doc is not None and doc.application_id != app.id:
            # another office's document id answers as if it did not exist: a 409 would tell
            # the caller it exists elsewhere
            if not service.can_see(caller, session.get(m.Application, doc.application_id)):
                raise not_found("this document")
            raise Problem(409, "document-id-taken", "this document id belongs to another"
                          " application; choose a new UUID")
        if doc is None:
            doc = m.Document(id=doc_id, application_id=app.id, kind=body.kind,
                             sheet_no=body.sheet_no, title=body.title, version=0)
            session.add(doc)
            last = None
        else:
            check_if_match(if_match, doc.version, "this document")
            doc.kind, doc.sheet_no, doc.title = body.kind, body.sheet_no, body.title
            last = session.scalars(select(m.DocumentVersion).where(
                m.DocumentVersion.document_id == doc.id)
                .order_by(m.DocumentVersion.n.desc()).limit(1)).one()
        if last is None or last.blob_sha256 != up.blob_sha256:
            session.add(m.DocumentVersion(
                document_id=doc.id, n=(last.n + 1) if last else 1, blob_sha256=up.blob_sha256,
                filename=up.filename, cycle=app.current_cycle + 1, uploaded_by=caller.id,
                uploaded_at=service.utcnow()))
        doc.updated_at = service.utcnow()
        service.changed(ctx, session, v.document_path(app.id, doc.id), doc,
                        office_id=app.office_id,
                        audience="office" if app.state == "DRAFT" else "all")
        service.history(session, app, "document", app.state, caller.id,
                        f"{body.kind} {body.sheet_no} {up.filename}".strip())
        out = v.document_out(session, doc)
    response.headers.update(etag(out.version))
    return out


@router.get("/applications/{app_id}/documents", response_model=s.DocumentList,
            tags=["documents"])
def list_documents(ctx: Server, caller: Caller, app_id: str) -> s.DocumentList:
    with ctx.db.read() as session:
        app = service.application(session, caller, app_id)
        docs = session.scalars(select(m.Document).where(m.Document.application_id == app.id)
                               .order_by(m.Document.sheet_no, m.Document.id)).all()
        return s.DocumentList(items=[v.document_out(session, d) for d in docs])


@router.get("/applications/{app_id}/documents/{doc_id}", response_model=s.DocumentOut,
            tags=["documents"])
def read_document(ctx: Server, caller: Caller, app_id: str, doc_id: str,
                  response: Response) -> s.DocumentOut:
    with ctx.db.read() as session:
        app = service.application(session, caller, app_id)
        doc = session.get(m.Document, doc_id)
        if doc is None or doc.application_id != app.id:
            raise not_found("this document")
        out = v.document_out(session, doc)
    response.headers.update(etag(out.version))
    return out

