"""The client's login against the real server on loopback: the rotated refresh token is stored
after every refresh, and logging out ends the login on the server and forgets it here."""
from __future__ import annotations

import socket

import requests

from sync.auth import KEYRING_SERVICE, AuthSession
from sync.client import PermitClient
from tests.sync.client.live_fixtures import FAST_RETRIES, live_server, memory_keyring  # noqa: F401


def _entry(url: str, username: str = "arch1") -> tuple[str, str]:
    return KEYRING_SERVICE, f"{username}@{url}"


def _refused(url: str, refresh_token: str) -> bool:
    answer = requests.post(f"{url}/v1/auth/refresh", timeout=30,
                           data={"grant_type": "refresh_token", "refresh_token": refresh_token})
    return answer.status_code == 401


def test_every_refresh_stores_the_new_refresh_token(live_server, memory_keyring):  # noqa: F811
    auth = AuthSession(PermitClient(live_server.url, retry=FAST_RETRIES))
    auth.login("arch1", "demo")
    first = memory_keyring.entries[_entry(live_server.url)]
    assert auth.refresh()
    second = memory_keyring.entries[_entry(live_server.url)]
    assert second != first
    # a later start resumes with the stored token and stores the next one
    later = AuthSession(PermitClient(live_server.url, retry=FAST_RETRIES))
    later.resume("arch1")
    third = memory_keyring.entries[_entry(live_server.url)]
    assert third not in (first, second)
    assert later.client.get_json("/v1/me")["username"] == "arch1"
    assert _refused(live_server.url, first)  # the spent token ended the login...
    assert not later.refresh()  # ...for its holder too, who is logged out here
    assert _entry(live_server.url) not in memory_keyring.entries


def test_logging_out_ends_the_login_there_and_forgets_it_here(live_server,  # noqa: F811
                                                               memory_keyring):  # noqa: F811
    auth = AuthSession(PermitClient(live_server.url, retry=FAST_RETRIES))
    auth.login("arch1", "demo")
    refresh_token = memory_keyring.entries[_entry(live_server.url)]
    access = auth.authorization()
    assert auth.logout() is True
    assert not auth.logged_in and auth.authorization() is None
    assert _entry(live_server.url) not in memory_keyring.entries
    assert _refused(live_server.url, refresh_token)
    answer = requests.get(f"{live_server.url}/v1/me", headers={"Authorization": access},
                          timeout=30)
    assert answer.status_code == 401


def test_logging_out_without_the_server_still_forgets_the_login_here(memory_keyring):  # noqa: F811
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{unused.getsockname()[1]}"
    auth = AuthSession(PermitClient(url, retry=FAST_RETRIES))
    auth.username = "arch1"
    auth.store.save("arch1", "a refresh token")
    assert auth.logout() is False
    assert _entry(url) not in memory_keyring.entries and auth.store.load("arch1") is None
