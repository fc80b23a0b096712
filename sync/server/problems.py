"""RFC 9457 problem details for every error answer, bad input included.

Handlers raise `Problem(status, code, detail)`; the type URI is PROBLEM_BASE + code, so a
client can branch on `code` ('invalid-transition', 'insufficient-balance', ...). Validation
errors, unknown paths and wrong methods are turned into problems too, and an unexpected failure
becomes a 500 problem whose details go to the log only.
"""
from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger(__name__)

PROBLEM_BASE = "https://planreview.example/problems/"
PROBLEM_MEDIA_TYPE = "application/problem+json"

_TITLES = {
    400: "Bad request", 401: "Not logged in", 403: "Not allowed", 404: "Not found",
    405: "Method not allowed", 406: "Not acceptable", 409: "Conflict", 410: "Gone",
    411: "Length required", 412: "Precondition failed", 413: "Too large",
    415: "Unsupported media type", 416: "Range not satisfiable", 422: "Unprocessable request",
    428: "Precondition required", 429: "Too many requests", 500: "Server error",
}


class ProblemModel(BaseModel):
    """The problem body as the OpenAPI document describes it (extensions allowed)."""

    model_config = ConfigDict(extra="allow")
    type: str
    title: str
    status: int
    detail: str = ""
    instance: str = ""


class Problem(Exception):
    def __init__(self, status: int, code: str, detail: str, *,
                 headers: dict[str, str] | None = None, **extensions: Any):
        super().__init__(detail)
        self.status = status
        self.code = code
        self.detail = detail
        self.headers = headers or {}
        self.extensions = extensions


def not_found(what: str) -> Problem:
    return Problem(404, "not-found", f"{what} does not exist or is not visible to you")


def problem_response(instance: str, status: int, code: str, detail: str, *,
                     headers: dict[str, str] | None = None, **extensions: Any) -> JSONResponse:
    body = {"type": PROBLEM_BASE + code, "title": _TITLES.get(status, "Error"),
            "status": status, "detail": detail, "instance": instance, **extensions}
    return JSONResponse(body, status_code=status, headers=headers,
                        media_type=PROBLEM_MEDIA_TYPE)


_CODES = {400: "bad-request", 401: "unauthenticated", 403: "forbidden", 404: "not-found",
          405: "method-not-allowed", 406: "not-acceptable", 409: "conflict",
          413: "too-large", 415: "unsupported-media-type", 429: "rate-limited"}


def install_problem_handlers(app: FastAPI) -> None:
    @app.exception_handler(Problem)
    async def _problem(request: Request, exc: Problem):
        return problem_response(request.url.path, exc.status, exc.code, exc.detail,
                                headers=exc.headers,
                                **exc.extensions)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        if exc.status_code == 404 and detail == "Not Found":
            detail = f"there is no resource at {request.url.path}"
        elif exc.status_code == 405:
            detail = f"{request.method} is not allowed on {request.url.path}"
        return problem_response(request.url.path, exc.status_code,
                                _CODES.get(exc.status_code, "http-error"), detail,
                                headers=dict(exc.headers or {}))

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError):
        errors = [{"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", ""))}
                  for e in exc.errors()][:20]
        summary = "; ".join(f"{'.'.join(e['loc'][1:]) or e['loc'][0] if e['loc'] else ''}:"
                            f" {e['msg']}" for e in errors[:3])
        return problem_response(request.url.path, 422, "validation-error",
                                f"the request is not valid: {summary}", errors=errors)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception):
        log.exception("unexpected failure in %s %s", request.method, request.url.path)
        return problem_response(request.url.path, 500, "server-error",
                                "the server failed to handle this request; it has been logged")


PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ProblemModel, "description": _TITLES[status],
             "content": {PROBLEM_MEDIA_TYPE: {}}}
    for status in (400, 401, 403, 404, 409, 412, 413, 422, 428, 429)
}
