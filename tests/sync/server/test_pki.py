"""The development CA's CRL served by the permit server on loopback: public, DER, signed by
the root the server publishes, named by the signing certificates as their distribution point,
and the one an approved set signed by the server carries in its DSS."""
from __future__ import annotations

import pytest
import requests
from cryptography import x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation.dss import DocumentSecurityStore

from review.approved_set import build_approved_set
from review.verify import Level, verify_approved_set
from tests.review.approved_sets import APPROVAL, sources
from tests.sync.server.support import running_server, server_settings

PUBLIC_URL = "https://permits.example.test"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def server(request, tmp_path):
    with server_settings(request.param, tmp_path, public_url=PUBLIC_URL) as settings:
        with running_server(settings) as running:
            yield running


def test_the_crl_is_published_and_is_the_one_in_the_approved_sets(server, tmp_path):
    # no login needed; a loaded machine may take long to make the CA on the first call
    response = requests.get(f"{server.url}/v1/pki/crl", timeout=60)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pkix-crl"
    assert response.headers["cache-control"].startswith("public, max-age=")
    crl = x509.load_der_x509_crl(response.content)
    root = x509.load_pem_x509_certificate(
        requests.get(f"{server.url}/v1/trust-root", timeout=60).content)
    assert crl.issuer == root.subject and crl.is_signature_valid(root.public_key())
    assert len(crl) == 0

    identity = server.ctx.signing.identity()
    leaf = x509.load_der_x509_certificate(identity.signer.signing_cert.dump())
    points = leaf.extensions.get_extension_for_class(x509.CRLDistributionPoints).value
    assert [n.value for p in points for n in p.full_name] == [f"{PUBLIC_URL}/v1/pki/crl"]

    built = build_approved_set(sources(tmp_path / "sources"), APPROVAL, identity,
                               tmp_path / "set.pdf")
    with open(built.path, "rb") as f:
        dss = DocumentSecurityStore.read_dss(PdfFileReader(f))
        embedded = [ref.get_object().data for ref in dss.crls]
    assert response.content in embedded
    verified = verify_approved_set(built.path, identity.trust_root)
    assert verified.valid and verified.level == Level.B_LTA
