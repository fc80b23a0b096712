"""Logging in to the permit server: OAuth2 password flow, access and refresh tokens.

The access token lives in memory only. The refresh token is kept in the system keyring
(service "planreview", one entry per user and server) so a later start or another command can
continue without the password; where the machine has no keyring backend we say so and keep it
in memory only, for this process.

The server rotates refresh tokens: every refresh answers a new one and spends the old, so the
new one is stored each time (presenting a spent one ends the login on the server).
"""
from __future__ import annotations

import logging
import threading
import time
from typing import Any

import keyring
import keyring.backends.fail
import keyring.backends.null
from keyring.errors import KeyringError

from sync.client import PermitClient
from sync.errors import (AuthError, KeyringUnavailableError, NotLoggedInError, ProblemError,
                         ServerError, TransientError)

log = logging.getLogger(__name__)

KEYRING_SERVICE = "planreview"
TOKEN_PATH = "/v1/auth/token"
REFRESH_PATH = "/v1/auth/refresh"
LOGOUT_PATH = "/v1/auth/logout"
EXPIRY_MARGIN_S = 30.0  # refresh this long before the access token runs out


class RefreshTokenStore:
    """The refresh token in the system keyring, or in memory where there is none."""

    def __init__(self, server_url: str):
        self.server_url = server_url.rstrip("/")
        self._memory: dict[str, str] = {}
        backend = keyring.get_keyring()
        self.persistent = not isinstance(
            backend, (keyring.backends.fail.Keyring, keyring.backends.null.Keyring))

    @property
    def notice(self) -> str | None:
        """What to tell the user when the token cannot outlive this process."""
        if self.persistent:
            return None
        return str(KeyringUnavailableError(
            "no system keyring is available (install and unlock one, such as GNOME Keyring or"
            " KWallet); the login is kept in memory only and must be repeated next time"))

    def _entry(self, username: str) -> str:
        return f"{username}@{self.server_url}"

    def load(self, username: str) -> str | None:
        if username in self._memory:
            return self._memory[username]
        if self.persistent:
            try:
                return keyring.get_password(KEYRING_SERVICE, self._entry(username))
            except KeyringError as exc:
                log.warning("keyring read failed: %s", exc)
        return None

    def save(self, username: str, token: str, *, persist: bool = True) -> None:
        """Keeps the token for this process; in the keyring too when persist (remember me)."""
        self._memory[username] = token
        if not persist:
            self._delete(username)
        elif self.persistent:
            try:
                keyring.set_password(KEYRING_SERVICE, self._entry(username), token)
            except KeyringError as exc:
                self.persistent = False
                log.warning("keyring write failed, keeping the token in memory: %s", exc)

    def forget(self, username: str) -> None:
        self._memory.pop(username, None)
        self._delete(username)

    def _delete(self, username: str) -> None:
        if self.persistent:
            try:
                keyring.delete_password(KEYRING_SERVICE, self._entry(username))
            except KeyringError:
                pass  # nothing stored: nothing to forget


class AuthSession:
    """The logged-in user of one PermitClient; attaches itself as the client's token source."""

    def __init__(self, client: PermitClient, store: RefreshTokenStore | None = None):
        self.client = client
        self.store = store or RefreshTokenStore(client.base_url)
        self.username: str | None = None
        self._access: str | None = None
        self._expires_at = 0.0
        self._remember = True
        self._lock = threading.Lock()
        client.tokens = self

    @property
    def logged_in(self) -> bool:
        return self._access is not None

    def login(self, username: str, password: str, *, remember: bool = True) -> None:
        """OAuth2 password grant. remember=False keeps the refresh token out of the keyring."""
        try:
            answer = self.client.request(
                "POST", TOKEN_PATH, authenticated=False,
                data={"grant_type": "password", "username": username, "password": password},
            ).json()
        except ProblemError as exc:
            if exc.status in (400, 401):
                raise AuthError(401, detail="wrong user name or password") from exc
            raise
        self.username = username
        self._remember = remember
        self._accept(answer)

    def resume(self, username: str) -> None:
        """Continues a remembered login with the refresh token from the keyring."""
        self.username = username
        if self.store.load(username) is None:
            if not self.store.persistent:
                raise NotLoggedInError(
                    f"no saved login for {username}: this computer has no system keyring to"
                    " keep logins in (install and unlock one, such as GNOME Keyring or KWallet)")
            raise NotLoggedInError(f"no saved login for {username} on this computer; log in first")
        if not self.refresh():
            raise NotLoggedInError(f"the saved login of {username} has expired; log in again")

    def logout(self) -> bool:
        """Ends the login: on the server (its refresh and access tokens are refused from then
        on), and here (the keyring entry and the access token are forgotten, whatever the
        server answers). False when the server could not be told (unreachable or failing):
        the tokens are gone from this computer but stay valid there until they expire."""
        with self._lock:
            token = self.store.load(self.username) if self.username else None
            access, self._access = self._access, None
            if self.username:
                self.store.forget(self.username)
        data = {"refresh_token": token} if token else {}
        headers = {"Authorization": f"Bearer {access}"} if access and not token else {}
        if not data and not headers:
            return True  # nothing to end
        try:
            self.client.request("POST", LOGOUT_PATH, authenticated=False, data=data,
                                headers=headers)
        except AuthError:
            return True  # the server had ended this login already
        except (TransientError, ServerError) as exc:
            log.info("logout not confirmed by the server: %s", exc)
            return False
        return True

    def authorization(self) -> str | None:
        if self._access is not None and time.monotonic() > self._expires_at - EXPIRY_MARGIN_S:
            self.refresh()
        return f"Bearer {self._access}" if self._access else None

    def refresh(self) -> bool:
        """Exchanges the refresh token for a new access token; False when it was refused."""
        with self._lock:
            token = self.store.load(self.username) if self.username else None
            if token is None:
                self._access = None
                return False
            try:
                answer = self.client.request(
                    "POST", REFRESH_PATH, authenticated=False,
                    data={"grant_type": "refresh_token", "refresh_token": token}).json()
            except ProblemError as exc:
                if exc.status not in (400, 401, 403):
                    raise
                log.info("refresh token refused (%d): logging out", exc.status)
                self.store.forget(self.username)
                self._access = None
                return False
            self._accept(answer)
            return True

    def _accept(self, answer: dict[str, Any]) -> None:
        self._access = answer["access_token"]
        self._expires_at = time.monotonic() + float(answer.get("expires_in") or 900)
        refresh = answer.get("refresh_token")
        if refresh and self.username:
            self.store.save(self.username, refresh, persist=self._remember)
