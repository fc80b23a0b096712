"""Identity: refresh-token rotation with reuse detection, logging out, and failed-login throttling
per user and per (user, client address), with the address from a trusted proxy only. Against the
real server on loopback, on SQLite and PostgreSQL (the refresh families are in the database)."""
from __future__ import annotations

import dataclasses
import uuid

import pytest
import requests

from sync.server.security import ClientAddress
from tests.sync.server.support import problem, running_server


def _login(url: str, username: str = "arch1", password: str = "demo",
           headers: dict[str, str] | None = None) -> requests.Response:
    return requests.post(f"{url}/v1/auth/token", data={"username": username,
                                                       "password": password},
                         headers=headers or {}, timeout=30)


def _refresh(url: str, token: str, key: str | None = None) -> requests.Response:
    return requests.post(f"{url}/v1/auth/refresh",
                         data={"grant_type": "refresh_token", "refresh_token": token},
                         headers={"Idempotency-Key": key or uuid.uuid4().hex}, timeout=30)


def _me(url: str, access: str) -> requests.Response:
    return requests.get(f"{url}/v1/me", headers={"Authorization": f"Bearer {access}"},
                        timeout=30)


def test_each_refresh_hands_out_a_new_refresh_token_and_spends_the_old(server):
    first = _login(server.url).json()
    second = _refresh(server.url, first["refresh_token"]).json()
    assert second["refresh_token"] != first["refresh_token"]
    assert _me(server.url, second["access_token"]).json()["username"] == "arch1"
    third = _refresh(server.url, second["refresh_token"]).json()
    assert _me(server.url, third["access_token"]).status_code == 200


def test_a_reused_refresh_token_ends_the_whole_login(server):
    stolen = _login(server.url).json()
    rotated = _refresh(server.url, stolen["refresh_token"]).json()
    other_login = _login(server.url).json()  # the same person on another computer
    reused = _refresh(server.url, stolen["refresh_token"])
    assert "already used" in problem(reused, 401, "unauthenticated")["detail"]
    # the legitimate holder's newer token and access token are refused too
    problem(_refresh(server.url, rotated["refresh_token"]), 401, "unauthenticated")
    assert "ended" in problem(_me(server.url, rotated["access_token"]), 401,
                              "unauthenticated")["detail"]
    # other logins of the same user are not affected
    assert _me(server.url, other_login["access_token"]).status_code == 200
    assert _refresh(server.url, other_login["refresh_token"]).status_code == 200
    with server.ctx.db.read() as session:
        from sync.server.models import RefreshFamily

        reasons = sorted(f.revoked_reason or "" for f in session.query(RefreshFamily))
    assert reasons == ["", "reuse"]


def test_a_refresh_retried_after_its_answer_was_lost_rotates_again(server):
    login = _login(server.url).json()
    key = uuid.uuid4().hex
    lost = _refresh(server.url, login["refresh_token"], key).json()
    retried = _refresh(server.url, login["refresh_token"], key)
    assert retried.status_code == 200, retried.text
    assert retried.json()["refresh_token"] != lost["refresh_token"]
    # the answer that was lost is spent now; the retry's answer is the login's token
    assert _refresh(server.url, retried.json()["refresh_token"]).status_code == 200
    # the same old token under another key is a copy: the login ends
    problem(_refresh(server.url, login["refresh_token"], uuid.uuid4().hex), 401,
            "unauthenticated")


def test_logging_out_ends_the_refresh_token_and_its_access_tokens(server):
    login = _login(server.url).json()
    elsewhere = _login(server.url).json()
    answer = requests.post(f"{server.url}/v1/auth/logout",
                           data={"refresh_token": login["refresh_token"]}, timeout=30)
    assert answer.status_code == 204 and answer.headers["Cache-Control"] == "no-store"
    problem(_refresh(server.url, login["refresh_token"]), 401, "unauthenticated")
    problem(_me(server.url, login["access_token"]), 401, "unauthenticated")
    assert _me(server.url, elsewhere["access_token"]).status_code == 200
    # logging out twice is fine; a refresh of the logged-out login does not become "reuse"
    assert requests.post(f"{server.url}/v1/auth/logout",
                         data={"refresh_token": login["refresh_token"]},
                         timeout=30).status_code == 204


def test_logging_out_with_the_access_token(server):
    login = _login(server.url, "consultant1").json()
    answer = requests.post(f"{server.url}/v1/auth/logout", timeout=30,
                           headers={"Authorization": f"Bearer {login['access_token']}"})
    assert answer.status_code == 204
    problem(_refresh(server.url, login["refresh_token"]), 401, "unauthenticated")


def test_logging_out_needs_a_token_of_the_login(server):
    problem(requests.post(f"{server.url}/v1/auth/logout", timeout=30), 401, "unauthenticated")
    problem(requests.post(f"{server.url}/v1/auth/logout", data={"refresh_token": "garbage"},
                          timeout=30), 401, "unauthenticated")
    access = _login(server.url).json()["access_token"]
    problem(requests.post(f"{server.url}/v1/auth/logout", data={"refresh_token": access},
                          timeout=30), 401, "unauthenticated")


# -- failed logins ------------------------------------------------------------------------------

def test_one_persons_typos_do_not_lock_out_the_office_behind_one_address(server):
    for _ in range(5):
        problem(_login(server.url, password="wrong"), 401, "invalid-credentials")
    locked = _login(server.url)
    assert problem(locked, 429, "too-many-logins") and int(locked.headers["Retry-After"]) > 0
    # everybody else at the same address logs in, however many names were mistyped there
    for attempt in range(30):
        problem(_login(server.url, f"guess{attempt}", "x"), 401, "invalid-credentials")
    assert _login(server.url, "struct1").status_code == 200
    assert _login(server.url, "consultant1").status_code == 200


def test_a_success_forgives_only_the_persons_own_typos(server):
    for _ in range(4):
        problem(_login(server.url, password="wrong"), 401, "invalid-credentials")
    assert _login(server.url).status_code == 200
    for _ in range(4):
        problem(_login(server.url, password="wrong"), 401, "invalid-credentials")
    assert _login(server.url).status_code == 200


@pytest.fixture
def behind_proxy(settings):
    """The server with loopback as its trusted reverse proxy."""
    with running_server(dataclasses.replace(settings, trusted_proxies=("127.0.0.0/8",))) as s:
        yield s


def _from(address: str) -> dict[str, str]:
    return {"X-Forwarded-For": address}


def test_behind_a_trusted_proxy_each_client_address_counts_on_its_own(behind_proxy):
    url = behind_proxy.url
    for _ in range(5):
        problem(_login(url, password="wrong", headers=_from("10.0.0.7")), 401,
                "invalid-credentials")
    problem(_login(url, headers=_from("10.0.0.7")), 429, "too-many-logins")
    # the same person from another desk gets in
    assert _login(url, headers=_from("10.0.0.8")).status_code == 200


def test_guessing_one_password_from_many_addresses_is_stopped_per_user(behind_proxy):
    url = behind_proxy.url
    for n in range(20):
        problem(_login(url, password="wrong", headers=_from(f"203.0.113.{n}")), 401,
                "invalid-credentials")
    problem(_login(url, headers=_from("203.0.113.200")), 429, "too-many-logins")
    assert _login(url, "struct1", headers=_from("203.0.113.200")).status_code == 200


def test_the_forwarding_header_of_an_untrusted_peer_is_ignored(server):
    """A client cannot dodge its own limit by claiming another address."""
    for n in range(5):
        problem(_login(server.url, password="wrong", headers=_from(f"10.0.0.{n}")), 401,
                "invalid-credentials")
    problem(_login(server.url, headers=_from("10.0.0.99")), 429, "too-many-logins")


def test_the_client_address_is_the_nearest_hop_not_of_our_proxies():
    address = ClientAddress(["10.1.0.0/16", "192.0.2.1"])
    header = {"x-forwarded-for": "1.2.3.4, 198.51.100.9, 10.1.2.3"}
    assert address.of("192.0.2.1", header) == "198.51.100.9"  # 1.2.3.4 is the client's claim
    assert address.of("198.51.100.50", header) == "198.51.100.50"  # not a proxy of ours
    assert address.of("10.1.9.9", {}) == "10.1.9.9"  # a proxy that forwarded nothing
    assert ClientAddress([]).of("192.0.2.1", header) == "192.0.2.1"
    custom = ClientAddress(["192.0.2.1"], "X-Real-IP")
    assert custom.of("192.0.2.1", {"x-real-ip": "198.51.100.3"}) == "198.51.100.3"
