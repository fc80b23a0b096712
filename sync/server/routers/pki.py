"""The public key infrastructure approved sets rest on: the development CA's revocation list.

The development CA's certificates name <public url>/v1/pki/crl as their CRL distribution
point, so validators fetch the list here; approved sets also carry a copy in their DSS. An
authority signing with its own certificates publishes its CRLs itself.
"""
from __future__ import annotations

import datetime as dt

from fastapi import APIRouter
from fastapi.responses import Response

from review.signing import SigningError, crl_next_update, current_crl
from sync.server.context import Server
from sync.server.problems import PROBLEM_RESPONSES, Problem

router = APIRouter(prefix="/v1/pki", tags=["permits"], responses=PROBLEM_RESPONSES)

CRL_MEDIA_TYPE = "application/pkix-crl"
LONGEST_CACHE = dt.timedelta(hours=1)   # a re-issued list reaches caches within the hour


@router.get("/crl", response_class=Response,
            responses={200: {"content": {CRL_MEDIA_TYPE: {}}}},
            summary="public: the certificate revocation list of the development CA that signs"
                    " approved sets (DER)")
def revocation_list(ctx: Server) -> Response:
    try:
        folder = ctx.signing.identity().development_ca
        der = current_crl(folder) if folder is not None else None
    except SigningError as exc:
        raise Problem(503, "signing-unavailable", str(exc)) from exc
    if der is None:
        raise Problem(404, "crl-not-published", "this server's signing certificates are not"
                      " issued by its development CA; their CRL is published by the authority"
                      " that issued them")
    fresh_for = crl_next_update(der) - dt.datetime.now(dt.UTC)
    max_age = int(max(dt.timedelta(0), min(fresh_for, LONGEST_CACHE)).total_seconds())
    return Response(der, media_type=CRL_MEDIA_TYPE,
                    headers={"Cache-Control": f"public, max-age={max_age}"})
