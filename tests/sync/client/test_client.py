"""The HTTP choke point, against mocked HTTP: retries, idempotency keys, typed errors."""
from __future__ import annotations

import logging

import pytest
import requests
import responses

from sync.client import PermitClient, RetryPolicy, masked, version_of
from sync.errors import AuthError, ConflictError, ProblemError, ServerError, TransientError

BASE = "http://permits.test"


class Tokens:
    def __init__(self, *tokens):
        self.tokens = list(tokens)
        self.refreshes = 0

    def authorization(self):
        return f"Bearer {self.tokens[0]}" if self.tokens else None

    def refresh(self):
        self.refreshes += 1
        if len(self.tokens) < 2:
            return False
        self.tokens.pop(0)
        return True


@pytest.fixture
def sleeps():
    return []


@pytest.fixture
def client(sleeps):
    return PermitClient(BASE, sleep=sleeps.append, retry=RetryPolicy(attempts=4))


def keys(calls):
    return [call.request.headers.get("Idempotency-Key") for call in calls]


@responses.activate
def test_get_is_retried_after_503_waiting_at_least_retry_after(client, sleeps):
    url = f"{BASE}/v1/applications"
    responses.get(url, status=503, headers={"Retry-After": "2"})
    responses.get(url, json={"items": []})
    assert client.get_json("/v1/applications") == {"items": []}
    assert len(responses.calls) == 2 and sleeps[0] >= 2


@responses.activate
def test_unsafe_request_carries_one_key_reused_by_every_retry(client, sleeps):
    url = f"{BASE}/v1/applications/a1/comments/c1"
    responses.put(url, body=requests.ConnectionError("reset"))
    responses.put(url, status=502)
    responses.put(url, json={"id": "c1"}, status=201)
    client.request("PUT", "/v1/applications/a1/comments/c1", json={"text": "x"}, if_match=3)
    sent = keys(responses.calls)
    assert len(sent) == 3 and sent[0] and len(set(sent)) == 1
    assert all(call.request.headers["If-Match"] == '"3"' for call in responses.calls)
    assert len(sleeps) == 2


@responses.activate
def test_a_given_idempotency_key_is_used_as_is(client):
    responses.post(f"{BASE}/v1/payments", json={"id": "p1"}, status=201)
    client.request("POST", "/v1/payments", json={"invoice_id": "i1"}, idempotency_key="outbox-42")
    assert keys(responses.calls) == ["outbox-42"]


@responses.activate
def test_safe_requests_carry_no_key(client):
    responses.get(f"{BASE}/v1/me", json={})
    client.request("GET", "/v1/me")
    assert keys(responses.calls) == [None]


@responses.activate
def test_a_long_retry_after_goes_back_to_the_caller(client, sleeps):
    responses.post(f"{BASE}/v1/applications", status=429, headers={"Retry-After": "120"})
    with pytest.raises(TransientError) as caught:
        client.request("POST", "/v1/applications", json={})
    assert caught.value.retry_after == 120 and sleeps == [] and len(responses.calls) == 1
    assert "busy" in str(caught.value)


@responses.activate
def test_retries_stop_after_the_policy_s_attempts(client, sleeps):
    responses.get(f"{BASE}/v1/health", status=503)
    with pytest.raises(TransientError):
        client.request("GET", "/v1/health")
    assert len(responses.calls) == 4 and len(sleeps) == 3


@responses.activate
def test_backoff_grows_and_is_jittered_below_its_ceiling(sleeps):
    client = PermitClient(BASE, sleep=sleeps.append,
                          retry=RetryPolicy(attempts=6, backoff_base=1, backoff_max=4))
    responses.get(f"{BASE}/v1/health", body=requests.ConnectionError("down"))
    with pytest.raises(TransientError) as caught:
        client.request("GET", "/v1/health")
    assert len(sleeps) == 5
    assert all(0 <= s <= ceiling for s, ceiling in zip(sleeps, (1, 2, 4, 4, 4)))
    assert "cannot reach the permit server" in str(caught.value)


@responses.activate
def test_server_error_is_not_retried(client):
    responses.post(f"{BASE}/v1/applications", status=500,
                   json={"type": "about:blank", "title": "Internal Server Error"})
    with pytest.raises(ServerError) as caught:
        client.request("POST", "/v1/applications", json={})
    assert len(responses.calls) == 1 and caught.value.status == 500


@responses.activate
def test_problem_details_become_typed_fields(client):
    responses.post(
        f"{BASE}/v1/applications/a1/transitions", status=409,
        content_type="application/problem+json",
        json={"type": "https://permits.example/problems/invalid-transition",
              "title": "Transition not allowed", "status": 409,
              "detail": "an application in DRAFT cannot be accepted", "allowed": ["submit"]})
    with pytest.raises(ProblemError) as caught:
        client.request("POST", "/v1/applications/a1/transitions", json={"action": "accept"})
    error = caught.value
    assert (error.status, error.code) == (409, "invalid-transition")
    assert error.extensions == {"allowed": ["submit"]}
    assert "cannot be accepted" in str(error)


@responses.activate
def test_validation_errors_are_summarised_for_people(client):
    responses.post(f"{BASE}/v1/applications", status=422, json={
        "detail": [{"loc": ["body", "plot", "block"], "msg": "field required"}]})
    with pytest.raises(ProblemError, match="plot.block: field required"):
        client.request("POST", "/v1/applications", json={})


@responses.activate
def test_412_is_a_conflict_carrying_what_we_sent(client):
    responses.patch(f"{BASE}/v1/applications/a1", status=412, json={"title": "stale"})
    with pytest.raises(ConflictError) as caught:
        client.request("PATCH", "/v1/applications/a1", json={"floors": 3}, if_match=4)
    assert caught.value.mine == {"floors": 3}
    assert "someone else changed" in str(caught.value)


@responses.activate
def test_401_refreshes_the_token_once_and_retries():
    tokens = Tokens("old", "new")
    client = PermitClient(BASE, tokens=tokens)
    url = f"{BASE}/v1/me"
    responses.get(url, status=401)
    responses.get(url, json={"username": "arch1"})
    assert client.get_json("/v1/me") == {"username": "arch1"}
    assert [c.request.headers["Authorization"] for c in responses.calls] == [
        "Bearer old", "Bearer new"]


@responses.activate
def test_401_without_a_usable_refresh_is_an_auth_error():
    tokens = Tokens("old")
    client = PermitClient(BASE, tokens=tokens)
    responses.get(f"{BASE}/v1/me", status=401, json={"detail": "token expired"})
    with pytest.raises(AuthError, match="log in again"):
        client.get_json("/v1/me")
    assert tokens.refreshes == 1


@responses.activate
def test_403_says_the_account_may_not(client):
    responses.post(f"{BASE}/v1/payments/p1/refund", status=403, json={"detail": "supervisor only"})
    with pytest.raises(AuthError, match="may not do that: supervisor only"):
        client.request("POST", "/v1/payments/p1/refund")


@responses.activate
def test_tokens_never_reach_the_log(caplog):
    client = PermitClient(BASE, tokens=Tokens("s3cr3t-access-token"))
    responses.get(f"{BASE}/v1/me", json={})
    with caplog.at_level(logging.DEBUG, logger="sync.client"):
        client.get_json("/v1/me")
    assert "s3cr3t-access-token" not in caplog.text
    assert masked({"Authorization": "Bearer abcdefgh"}) == {"Authorization": "***efgh"}


def test_versions_are_read_from_etags():
    response = requests.Response()
    response.headers["ETag"] = 'W/"17"'
    assert version_of(response) == 17
    response.headers["ETag"] = '"abc"'
    assert version_of(response) is None


def test_a_base_url_must_be_http():
    with pytest.raises(ValueError):
        PermitClient("ftp://permits.test")


@responses.activate
def test_a_request_still_running_under_its_key_is_asked_again(client, sleeps):
    url = f"{BASE}/v1/payments"
    responses.post(url, status=409, headers={"Retry-After": "1"},
                   json={"type": "https://x/problems/request-in-flight"})
    responses.post(url, json={"id": "p1"}, status=201)
    client.request("POST", "/v1/payments", json={"invoice_id": "i1"})
    assert len(responses.calls) == 2 and sleeps[0] >= 1
    assert len(set(keys(responses.calls))) == 1
