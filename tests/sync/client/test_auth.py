"""Login, refresh and the keyring, against mocked HTTP."""
from __future__ import annotations

from urllib.parse import parse_qs

import keyring
import keyring.backends.fail
import pytest
import responses

from sync.auth import KEYRING_SERVICE, AuthSession, RefreshTokenStore
from sync.client import PermitClient
from sync.errors import AuthError, NotLoggedInError

BASE = "http://permits.test"
ENTRY = "consultant1@http://permits.test"


def tokens(access, refresh="r1", expires_in=900):
    return {"access_token": access, "refresh_token": refresh, "token_type": "bearer",
            "expires_in": expires_in}


def form(call):
    return {k: v[0] for k, v in parse_qs(call.request.body).items()}


@responses.activate
def test_login_keeps_the_refresh_token_in_the_keyring(memory_keyring):
    responses.post(f"{BASE}/v1/auth/token", json=tokens("a1", "r1"))
    auth = AuthSession(PermitClient(BASE))
    auth.login("consultant1", "demo")
    assert auth.authorization() == "Bearer a1"
    assert memory_keyring.entries[(KEYRING_SERVICE, ENTRY)] == "r1"
    assert form(responses.calls[0]) == {
        "grant_type": "password", "username": "consultant1", "password": "demo"}
    assert "Authorization" not in responses.calls[0].request.headers


@responses.activate
def test_a_later_session_resumes_from_the_keyring_and_rotates_the_token(memory_keyring):
    memory_keyring.entries[(KEYRING_SERVICE, ENTRY)] = "r1"
    responses.post(f"{BASE}/v1/auth/refresh", json=tokens("a2", "r2"))
    auth = AuthSession(PermitClient(BASE))
    auth.resume("consultant1")
    assert auth.authorization() == "Bearer a2"
    assert form(responses.calls[0])["refresh_token"] == "r1"
    assert memory_keyring.entries[(KEYRING_SERVICE, ENTRY)] == "r2"


def test_resume_without_a_saved_login_asks_to_log_in():
    with pytest.raises(NotLoggedInError, match="log in first"):
        AuthSession(PermitClient(BASE)).resume("consultant1")


@responses.activate
def test_a_refused_refresh_token_is_forgotten(memory_keyring):
    memory_keyring.entries[(KEYRING_SERVICE, ENTRY)] = "stale"
    responses.post(f"{BASE}/v1/auth/refresh", status=401, json={"detail": "expired"})
    with pytest.raises(NotLoggedInError, match="expired"):
        AuthSession(PermitClient(BASE)).resume("consultant1")
    assert memory_keyring.entries == {}


@responses.activate
def test_wrong_password_is_said_plainly():
    responses.post(f"{BASE}/v1/auth/token", status=401, json={"detail": "bad credentials"})
    with pytest.raises(AuthError, match="wrong user name or password"):
        AuthSession(PermitClient(BASE)).login("consultant1", "nope")


@responses.activate
def test_without_remember_me_nothing_reaches_the_keyring(memory_keyring):
    responses.post(f"{BASE}/v1/auth/token", json=tokens("a1", "r1"))
    responses.post(f"{BASE}/v1/auth/refresh", json=tokens("a2", "r2"))
    auth = AuthSession(PermitClient(BASE))
    auth.login("consultant1", "demo", remember=False)
    assert auth.refresh() and auth.authorization() == "Bearer a2"
    assert memory_keyring.entries == {}


@responses.activate
def test_an_expired_access_token_is_refreshed_before_the_request():
    responses.post(f"{BASE}/v1/auth/token", json=tokens("a1", "r1", expires_in=1))
    responses.post(f"{BASE}/v1/auth/refresh", json=tokens("a2", "r2"))
    responses.get(f"{BASE}/v1/me", json={"username": "consultant1"})
    client = PermitClient(BASE)
    AuthSession(client).login("consultant1", "demo")
    client.get_json("/v1/me")
    assert responses.calls[-1].request.headers["Authorization"] == "Bearer a2"


@responses.activate
def test_without_a_keyring_backend_the_token_stays_in_memory_and_we_say_so():
    keyring.set_keyring(keyring.backends.fail.Keyring())
    store = RefreshTokenStore(BASE)
    assert not store.persistent and "no system keyring" in store.notice
    responses.post(f"{BASE}/v1/auth/token", json=tokens("a1", "r1"))
    responses.post(f"{BASE}/v1/auth/refresh", json=tokens("a2", "r2"))
    auth = AuthSession(PermitClient(BASE), store)
    auth.login("consultant1", "demo")
    assert auth.refresh()
    assert form(responses.calls[-1])["refresh_token"] == "r1"
