"""Typed errors of the permit-server client. str(error) is the sentence a user reads.

TransientError    no usable answer (network down, timeout, 429/502/503/504 after the retries):
                  trying again later may work; the outbox backs off.
ProblemError      the server answered with an RFC 9457 problem; carries its fields.
  AuthError       401/403: log in again, or the account may not do this.
  ConflictError   412: someone else changed the resource; carries both versions.
  ServerError     5xx: the server failed; the outbox backs off.
"""
from __future__ import annotations

from typing import Any

from review.errors import PlanReviewError


class SyncError(PlanReviewError):
    """Base of the errors raised while talking to the permit server."""


class KeyringUnavailableError(SyncError):
    """No system keyring: the refresh token can be kept in memory only."""


class NotLoggedInError(SyncError):
    """No login to continue: none was saved on this computer, or it expired."""


class TransferError(SyncError):
    """A transferred file did not arrive intact (size or sha256 differ)."""


class TransientError(SyncError):
    """The server could not be reached or asked us to come back later."""

    def __init__(self, message: str, *, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after


class ProblemError(SyncError):
    """An error answer from the server (RFC 9457 problem details)."""

    def __init__(self, status: int, *, type: str = "about:blank", title: str = "",
                 detail: str = "", instance: str = "", extensions: dict[str, Any] | None = None,
                 method: str = "", url: str = ""):
        self.status = status
        self.type = type
        self.title = title
        self.detail = detail
        self.instance = instance
        self.extensions = dict(extensions or {})
        self.method = method
        self.url = url
        super().__init__(self._message())

    def _message(self) -> str:
        what = self.detail or self.title or f"HTTP {self.status}"
        return f"the permit server refused the request: {what} ({self.status})"

    @property
    def code(self) -> str:
        """The last segment of the problem type, e.g. 'invalid-transition'."""
        return self.type.rstrip("/").rsplit("/", 1)[-1] if self.type != "about:blank" else ""


class AuthError(ProblemError):
    """Not logged in, the session expired, or the account may not do this."""

    def _message(self) -> str:
        if self.status == 403:
            return f"this account may not do that: {self.detail or self.title or 'forbidden'}"
        return ("the permit server did not accept the login"
                f"{': ' + self.detail if self.detail else ''}; log in again")


class ConflictError(ProblemError):
    """412: the resource changed on the server since we read it. Never overwritten silently.

    `mine` is what we tried to write, `theirs` the server's current representation (fetched
    after the 412), `their_version` its version; the user chooses which one wins.
    """

    def __init__(self, status: int = 412, *, mine: Any = None, theirs: Any = None,
                 their_version: int | None = None, **fields: Any):
        self.mine = mine
        self.theirs = theirs
        self.their_version = their_version
        super().__init__(status, **fields)

    def _message(self) -> str:
        return ("someone else changed this on the server since you opened it;"
                " compare both versions and choose which one to keep")

    def with_server_version(self, theirs: Any, their_version: int | None) -> ConflictError:
        return ConflictError(self.status, mine=self.mine, theirs=theirs,
                             their_version=their_version, type=self.type, title=self.title,
                             detail=self.detail, instance=self.instance,
                             extensions=self.extensions, method=self.method, url=self.url)


class ServerError(ProblemError):
    """The server failed to handle the request (5xx)."""

    def _message(self) -> str:
        return (f"the permit server failed ({self.status}"
                f"{': ' + self.detail if self.detail else ''}); try again later")
