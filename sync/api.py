"""The permit protocol's endpoints as methods (docs/permit-api.md), over the one client.

Each method sends one request through PermitClient and returns the server's JSON; resources
come back as `Versioned` (body + version from the ETag) where a later write needs If-Match.
Offline edits do not come here directly: they go through the outbox, which sends the same
requests later.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from sync.client import PermitClient, version_of
from sync.errors import ProblemError, TransientError


@dataclass(frozen=True)
class Versioned:
    body: dict[str, Any]
    version: int | None

    def __getitem__(self, key: str) -> Any:
        return self.body[key]


class PermitApi:
    def __init__(self, client: PermitClient):
        self.client = client

    def _get(self, path: str, **params: Any) -> Versioned:
        response = self.client.request("GET", path, params=params or None)
        return Versioned(response.json(), version_of(response))

    def _send(self, method: str, path: str, body: Any = None, *, version: int | None = None,
              key: str | None = None) -> Versioned:
        response = self.client.request(method, path, json=body, if_match=version,
                                       idempotency_key=key)
        return Versioned(response.json() if response.content else {}, version_of(response))

    # -- people and offices ---------------------------------------------------------------

    def me(self) -> dict[str, Any]:
        return self._get("/v1/me").body

    def users(self, role: str | None = None) -> list[dict[str, Any]]:
        """Staff accounts (staff only), of one role when given."""
        return _items(self._get("/v1/users", **({"role": role} if role else {})).body)

    def account(self, office_id: str) -> dict[str, Any]:
        return self._get(f"/v1/offices/{office_id}/account").body

    # -- applications ---------------------------------------------------------------------

    def applications(self, **filters: Any) -> Iterator[dict[str, Any]]:
        """Every application the user may see, following the cursor across pages."""
        params = {name: value for name, value in filters.items() if value is not None}
        while True:
            page = self._get("/v1/applications", **params).body
            yield from page.get("items", [])
            cursor = page.get("next_cursor")
            if not cursor:
                return
            params["cursor"] = cursor

    def create_application(self, fields: dict[str, Any], *, key: str | None = None) -> Versioned:
        return self._send("POST", "/v1/applications", fields, key=key)

    def application(self, app_id: str) -> Versioned:
        return self._get(f"/v1/applications/{app_id}")

    def update_application(self, app_id: str, changes: dict[str, Any], version: int) -> Versioned:
        return self._send("PATCH", f"/v1/applications/{app_id}", changes, version=version)

    def transition(self, app_id: str, action: str, from_state: str, note: str = "", *,
                   version: int | None = None,
                   checklist: list[dict[str, Any]] | None = None) -> Versioned:
        """Sends a state-table action; `checklist`: the intake checklist's results (accept,
        return). One the server answers with a job (202: 'issue', whose approved set is built
        after the answer) is followed to its end, then the application read."""
        body: dict[str, Any] = {"action": action, "from_state": from_state, "note": note}
        if checklist is not None:
            body["checklist"] = checklist
        response = self.client.request("POST", f"/v1/applications/{app_id}/transitions",
                                       json=body, if_match=version)
        if response.status_code == 202:
            self.follow_job(response.headers.get("Location") or f"/v1/jobs/{response.json()['id']}")
            return self.application(app_id)
        return Versioned(response.json(), version_of(response))

    def follow_job(self, path: str, *, timeout_s: float = 1800,
                   sleep: Callable[[float], None] = time.sleep) -> dict[str, Any]:
        """Polls a job (honouring Retry-After) until it ends; its result when it succeeded,
        the ProblemError it failed with otherwise. Call it off the GUI thread."""
        deadline = time.monotonic() + timeout_s
        while True:
            response = self.client.request("GET", path)
            job = response.json()
            if job["state"] == "succeeded":
                return job
            if job["state"] == "failed":
                error = job.get("error") or {}
                raise ProblemError(int(error.get("status", 500)),
                                   type=error.get("type", "about:blank"),
                                   title=error.get("title", ""), detail=error.get("detail", ""),
                                   instance=error.get("instance", path),
                                   extensions={k: v for k, v in error.items() if k not in (
                                       "type", "title", "status", "detail", "instance")},
                                   method="GET", url=self.client.url(path))
            if time.monotonic() > deadline:
                raise TransientError(f"the server's job {path} has not ended after"
                                     f" {timeout_s:.0f} s; look at the application later")
            sleep(float(response.headers.get("Retry-After", "1")))

    def history(self, app_id: str) -> list[dict[str, Any]]:
        return _items(self._get(f"/v1/applications/{app_id}/history").body)

    # -- documents ------------------------------------------------------------------------

    def documents(self, app_id: str) -> list[dict[str, Any]]:
        return _items(self._get(f"/v1/applications/{app_id}/documents").body)

    def put_document(self, app_id: str, doc_id: str, fields: dict[str, Any], *,
                     version: int | None = None) -> Versioned:
        return self._send("PUT", f"/v1/applications/{app_id}/documents/{doc_id}", fields,
                          version=version)

    # -- review ---------------------------------------------------------------------------

    def cycles(self, app_id: str) -> list[dict[str, Any]]:
        return _items(self._get(f"/v1/applications/{app_id}/cycles").body)

    def reviews(self, app_id: str, cycle: int) -> list[dict[str, Any]]:
        return _items(self._get(f"/v1/applications/{app_id}/cycles/{cycle}/reviews").body)

    def review(self, app_id: str, cycle: int, review_id: str) -> Versioned:
        return self._get(f"/v1/applications/{app_id}/cycles/{cycle}/reviews/{review_id}")

    def assign_review(self, app_id: str, cycle: int, review_id: str, changes: dict[str, Any],
                      version: int | None) -> Versioned:
        return self._send("PATCH", f"/v1/applications/{app_id}/cycles/{cycle}/reviews/{review_id}",
                          changes, version=version)

    def decide(self, app_id: str, cycle: int, review_id: str, decision: str, summary: str, *,
               version: int | None = None) -> Versioned:
        return self._send(
            "POST", f"/v1/applications/{app_id}/cycles/{cycle}/reviews/{review_id}/decision",
            {"decision": decision, "summary": summary}, version=version)

    def comments(self, app_id: str, **filters: Any) -> list[dict[str, Any]]:
        params = {name: value for name, value in filters.items() if value is not None}
        return _items(self._get(f"/v1/applications/{app_id}/comments", **params).body)

    def put_comment(self, app_id: str, comment_id: str, fields: dict[str, Any], *,
                    version: int | None = None, key: str | None = None) -> Versioned:
        return self._send("PUT", f"/v1/applications/{app_id}/comments/{comment_id}", fields,
                          version=version, key=key)

    def respond(self, app_id: str, comment_id: str, text: str) -> Versioned:
        return self._send("POST", f"/v1/applications/{app_id}/comments/{comment_id}/response",
                          {"response": text})

    # -- fees and payments ----------------------------------------------------------------

    def fees(self, app_id: str) -> list[dict[str, Any]]:
        return _items(self._get(f"/v1/applications/{app_id}/fees").body)

    def assess_fees(self, app_id: str) -> list[dict[str, Any]]:
        return _items(self._send("POST", f"/v1/applications/{app_id}/fees/assess").body)

    def take_gross_area(self, app_id: str, gross_area_m2: str, source: dict[str, Any],
                        note: str = "", *, version: int) -> Versioned:
        """Sets the gross area from an area measurement (`source`: the markup it came from)."""
        return self._send("PUT", f"/v1/applications/{app_id}/gross-area",
                          {"gross_area_m2": gross_area_m2, "source": source, "note": note},
                          version=version)

    def create_invoice(self, app_id: str, fee_ids: list[str] | None = None) -> Versioned:
        return self._send("POST", f"/v1/applications/{app_id}/invoices",
                          {"fee_ids": fee_ids} if fee_ids else {})

    def invoice(self, invoice_id: str) -> Versioned:
        return self._get(f"/v1/invoices/{invoice_id}")

    def pay(self, invoice_id: str, *, key: str) -> Versioned:
        return self._send("POST", "/v1/payments", {"invoice_id": invoice_id}, key=key)


    # -- permits --------------------------------------------------------------------------

    def permit_of(self, app_id: str) -> dict[str, Any]:
        return self._get(f"/v1/applications/{app_id}/permit").body

    def approved_set(self, permit_no: str) -> bytes:
        return self.client.request("GET", f"/v1/permits/{permit_no}/approved-set").content

    def trust_root(self) -> bytes:
        return self.client.request("GET", "/v1/trust-root").content


def _items(body: Any) -> list[dict[str, Any]]:
    """A list answer, bare or wrapped as {"items": [...]}."""
    return body.get("items", []) if isinstance(body, dict) else list(body)
