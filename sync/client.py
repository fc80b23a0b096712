"""The one place where the desktop talks HTTP to the permit server.

Every request goes through `PermitClient.request`, which adds what the protocol asks of each
request and turns every failure into a typed error (sync.errors):
- default connect/read timeouts;
- an Idempotency-Key on every unsafe request, reused by each retry of that request, so a retry
  after a lost answer cannot apply an edit or a payment twice; unsafe requests are retried only
  because they carry one;
- retries with exponential backoff and full jitter on network errors and 429/502/503/504,
  waiting at least what Retry-After asks; a longer wait than `max_retry_after` is handed back
  to the caller (TransientError.retry_after) instead of blocking;
- If-Match with the version the caller read, on writes;
- one token refresh when an authenticated request gets 401;
- tokens never written to the log.
"""
from __future__ import annotations

import logging
import random
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import urljoin

import requests
from urllib3.exceptions import InvalidHeader
from urllib3.util.retry import Retry

from sync.errors import (AuthError, ConflictError, ProblemError, ServerError, TransientError)

log = logging.getLogger(__name__)

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
RETRY_STATUSES = frozenset({429, 502, 503, 504})
SECRET_HEADERS = frozenset({"authorization", "cookie", "set-cookie"})
USER_AGENT = "planreview-desktop/1"


class TokenSource(Protocol):
    """What the client needs from the login (sync.auth.Session implements it)."""

    def authorization(self) -> str | None:
        """The Authorization header value, or None when not logged in."""

    def refresh(self) -> bool:
        """Gets a new access token; False when that is not possible (log in again)."""


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 5              # tries in all, the first included
    backoff_base: float = 0.25     # seconds; doubles each retry
    backoff_max: float = 8.0
    max_retry_after: float = 30.0  # a longer Retry-After goes back to the caller


class PermitClient:
    """A requests.Session bound to one permit server (base URL) with the protocol's rules."""

    def __init__(self, base_url: str, *, session: requests.Session | None = None,
                 tokens: TokenSource | None = None, timeout: tuple[float, float] = (5.0, 60.0),
                 retry: RetryPolicy = RetryPolicy(), sleep: Callable[[float], None] = time.sleep,
                 rng: random.Random | None = None):
        if not base_url.startswith(("http://", "https://")):
            raise ValueError(f"not an http(s) URL: {base_url}")
        self.base_url = base_url.rstrip("/") + "/"
        self.session = session or _default_session()
        self.tokens = tokens
        self.timeout = timeout
        self.retry = retry
        self._sleep = sleep
        self._rng = rng or random.Random()

    def url(self, path: str) -> str:
        return urljoin(self.base_url, path.lstrip("/")) if "://" not in path else path

    def request(self, method: str, path: str, *, json: Any = None, data: bytes | None = None,
                params: Mapping[str, Any] | None = None, headers: Mapping[str, str] | None = None,
                if_match: int | None = None, idempotency_key: str | None = None,
                authenticated: bool = True, stream: bool = False,
                timeout: tuple[float, float] | None = None) -> requests.Response:
        """Sends one request (retrying as the module says); returns a 2xx/3xx response."""
        method = method.upper()
        url = self.url(path)
        sent = {"User-Agent": USER_AGENT, **(headers or {})}
        if method not in SAFE_METHODS:
            sent["Idempotency-Key"] = idempotency_key or uuid.uuid4().hex
        if if_match is not None:
            sent["If-Match"] = f'"{if_match}"'
        refreshed = False
        attempt = 0
        while True:
            attempt += 1
            if authenticated and self.tokens is not None:
                authorization = self.tokens.authorization()
                if authorization:
                    sent["Authorization"] = authorization
            started = time.monotonic()
            try:
                response = self.session.request(
                    method, url, json=json, data=data, params=params, headers=sent,
                    stream=stream, timeout=timeout or self.timeout, allow_redirects=False)
            except (requests.ConnectionError, requests.Timeout) as exc:
                log.info("%s %s: %s (attempt %d)", method, url, type(exc).__name__, attempt)
                if self._may_retry(method, sent) and attempt < self.retry.attempts:
                    self._sleep(self._backoff(attempt))
                    continue
                raise TransientError(
                    f"cannot reach the permit server at {self.base_url}"
                    f" ({_reason(exc)}); check the address and the connection,"
                    " then try again") from exc
            log.info("%s %s -> %d in %.0f ms%s", method, url, response.status_code,
                     1000 * (time.monotonic() - started),
                     f" key={sent['Idempotency-Key']}" if "Idempotency-Key" in sent else "")
            log.debug("request headers %s", masked(sent))
            status = response.status_code
            if status < 400:
                return response
            if (status == 401 and authenticated and self.tokens is not None and not refreshed
                    and "Authorization" in sent):
                response.close()
                refreshed = True
                if self.tokens.refresh():
                    continue
            # 409 + Retry-After: the first request with this key is still running there.
            if status in RETRY_STATUSES or (status == 409 and "Retry-After" in response.headers):
                retry_after = _retry_after(response)
                if (self._may_retry(method, sent) and attempt < self.retry.attempts
                        and (retry_after is None or retry_after <= self.retry.max_retry_after)):
                    response.close()
                    self._sleep(max(retry_after or 0.0, self._backoff(attempt)))
                    continue
                if status in (429, 503):
                    problem = problem_error(response, method, json)
                    raise TransientError(
                        f"the permit server is busy ({problem.detail or problem.title or status});"
                        " try again later", retry_after=retry_after) from problem
            raise problem_error(response, method, json)

    def get_json(self, path: str, **kwargs: Any) -> Any:
        return self.request("GET", path, **kwargs).json()

    @staticmethod
    def _may_retry(method: str, headers: Mapping[str, str]) -> bool:
        return method in SAFE_METHODS or "Idempotency-Key" in headers

    def _backoff(self, attempt: int) -> float:
        ceiling = min(self.retry.backoff_max, self.retry.backoff_base * 2 ** (attempt - 1))
        return self._rng.uniform(0, ceiling)


def version_of(response: requests.Response) -> int | None:
    """The resource version from the ETag header ("7" or W/"7"), None when absent."""
    etag = response.headers.get("ETag", "")
    digits = etag.removeprefix("W/").strip('"')
    return int(digits) if digits.isdigit() else None


def problem_error(response: requests.Response, method: str = "", sent: Any = None) -> ProblemError:
    """The typed error for an error response, filled from its RFC 9457 problem body."""
    status = response.status_code
    fields: dict[str, Any] = {}
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict):
        fields = dict(body)
    detail = fields.pop("detail", "")
    if not isinstance(detail, str):  # FastAPI validation errors: a list of {loc, msg}
        detail = _validation_summary(detail)
    known = {
        "type": str(fields.pop("type", "about:blank")),
        "title": str(fields.pop("title", "") or response.reason or ""),
        "detail": detail,
        "instance": str(fields.pop("instance", "")),
    }
    fields.pop("status", None)
    context = {"extensions": fields, "method": method, "url": response.url}
    if status in (401, 403):
        return AuthError(status, **known, **context)
    if status == 412:
        return ConflictError(status, mine=sent, **known, **context)
    if status >= 500:
        return ServerError(status, **known, **context)
    return ProblemError(status, **known, **context)


def masked(headers: Mapping[str, str]) -> dict[str, str]:
    """Headers safe to log: credentials replaced by their last four characters."""
    return {name: (f"***{value[-4:]}" if name.lower() in SECRET_HEADERS else value)
            for name, value in headers.items()}


def _validation_summary(detail: Any) -> str:
    if isinstance(detail, list):
        parts = []
        for item in detail[:3]:
            if isinstance(item, dict):
                where = ".".join(str(p) for p in item.get("loc", ()) if p != "body")
                parts.append(f"{where}: {item.get('msg', '')}" if where else str(item.get("msg")))
        return "; ".join(parts)
    return str(detail)


def _retry_after(response: requests.Response) -> float | None:
    value = response.headers.get("Retry-After")
    if not value:
        return None
    try:
        return max(0.0, float(Retry().parse_retry_after(value)))
    except InvalidHeader:  # an unreadable hint is ignored; our own backoff applies
        return None


def _reason(exc: Exception) -> str:
    if isinstance(exc, requests.Timeout):
        return "no answer in time"
    text = str(exc)
    if "Connection refused" in text:
        return "connection refused"
    if "Name or service not known" in text or "getaddrinfo" in text:
        return "unknown host"
    return "connection failed"


def _default_session() -> requests.Session:
    session = requests.Session()
    # Benchmarks and the desktop run several requests at once; keep their connections.
    adapter = requests.adapters.HTTPAdapter(pool_connections=4, pool_maxsize=32, max_retries=0)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session
