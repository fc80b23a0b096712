"""Signing through a PKCS#11 token: SoftHSM2 with a token initialised in a temporary
SOFTHSM2_CONF, holding the development signing key and certificate; an approved set signed
through it verifies as PAdES B-LTA; a wrong PIN, a missing PIN and half a configuration are
one-line errors."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from review.signing import (
    CA_FOLDER,
    ROOT_FILE,
    SigningError,
    TokenSettings,
    development_identity,
    server_identity,
)
from review.verify import Level, verify_approved_set
from tests.conftest import require_tool
from tests.review.approved_sets import build

MODULE = Path("/usr/lib/softhsm/libsofthsm2.so")
TOKEN, KEY, PIN = "planreview-test", "approved-sets", "246810"


@pytest.fixture(scope="module")
def softhsm(tmp_path_factory):
    """A token holding the development CA's signing key and certificate."""
    tool = require_tool("softhsm2-util")
    if not MODULE.is_file():
        pytest.skip(f"{MODULE} is missing (Debian's softhsm2 installs it)")
    folder = tmp_path_factory.mktemp("softhsm")
    (folder / "tokens").mkdir()
    conf = folder / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {folder / 'tokens'}\nobjectstore.backend = file\n")
    patch = pytest.MonkeyPatch()
    patch.setenv("SOFTHSM2_CONF", str(conf))
    environment = {"SOFTHSM2_CONF": str(conf), "PATH": "/usr/bin:/bin"}
    subprocess.run([tool, "--init-token", "--free", "--label", TOKEN, "--so-pin", "13579",
                    "--pin", PIN], check=True, capture_output=True, env=environment, timeout=60)
    development_identity(folder / "authority")
    ca = folder / "authority" / CA_FOLDER
    subprocess.run([tool, "--import", str(ca / "signer-key.pem"), "--token", TOKEN,
                    "--label", KEY, "--id", "01", "--pin", PIN], check=True,
                   capture_output=True, env=environment, timeout=60)
    _store_certificate(ca / "signer.pem")
    yield folder
    patch.undo()


def _store_certificate(pem: Path) -> None:
    """softhsm2-util imports keys only: the certificate goes in through PKCS#11 itself."""
    import pkcs11
    from pkcs11 import Attribute, CertificateType, ObjectClass

    cert = x509.load_pem_x509_certificate(pem.read_bytes())
    token = pkcs11.lib(str(MODULE)).get_token(token_label=TOKEN)
    with token.open(user_pin=PIN, rw=True) as session:
        session.create_object({
            Attribute.CLASS: ObjectClass.CERTIFICATE,
            Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
            Attribute.TOKEN: True, Attribute.LABEL: KEY, Attribute.ID: b"\x01",
            Attribute.SUBJECT: cert.subject.public_bytes(),
            Attribute.VALUE: cert.public_bytes(serialization.Encoding.DER)})


@pytest.fixture
def token_environment(softhsm, monkeypatch):
    monkeypatch.setenv("PLANREVIEW_SIGNING_PKCS11_MODULE", str(MODULE))
    monkeypatch.setenv("PLANREVIEW_SIGNING_PKCS11_TOKEN", TOKEN)
    monkeypatch.setenv("PLANREVIEW_SIGNING_PKCS11_KEY", KEY)
    monkeypatch.delenv("PLANREVIEW_SIGNING_TSA_URL", raising=False)
    return softhsm


def test_a_set_signed_through_the_token_verifies_as_b_lta(token_environment, tmp_path,
                                                          monkeypatch):
    pin_file = tmp_path / "pin"
    pin_file.write_text(PIN + "\n")
    monkeypatch.setenv("PLANREVIEW_SIGNING_PKCS11_PIN_FILE", str(pin_file))
    identity = server_identity(token_environment / "authority")
    assert type(identity.signer).__name__ == "PKCS11Signer"
    assert identity.signer_name == "Plan Review Development CA: approved sets"
    try:
        result = build(tmp_path, identity)
    finally:
        identity.signer.pkcs11_session.close()   # a token logs in once per process
    root = token_environment / "authority" / CA_FOLDER / ROOT_FILE
    verified = verify_approved_set(result.path, root)
    assert verified.valid, verified.problems
    assert verified.level == Level.B_LTA
    assert verified.signer == "Plan Review Development CA: approved sets"


def test_the_pin_comes_from_the_environment(token_environment, tmp_path, monkeypatch):
    monkeypatch.delenv("PLANREVIEW_SIGNING_PKCS11_PIN_FILE", raising=False)
    monkeypatch.delenv("PLANREVIEW_SIGNING_PKCS11_PIN", raising=False)
    with pytest.raises(SigningError, match="no PIN for the token"):
        server_identity(token_environment / "authority")
    monkeypatch.setenv("PLANREVIEW_SIGNING_PKCS11_PIN", "000000")
    with pytest.raises(SigningError, match="cannot be used .*check the module, the labels"
                                           " and the PIN") as wrong:
        server_identity(token_environment / "authority")
    assert "\n" not in str(wrong.value)
    monkeypatch.setenv("PLANREVIEW_SIGNING_PKCS11_PIN", PIN)
    identity = server_identity(token_environment / "authority")
    identity.signer.pkcs11_session.close()
    assert identity.signer_name.endswith("sets")


def test_half_a_token_configuration_is_refused(monkeypatch):
    monkeypatch.setenv("PLANREVIEW_SIGNING_PKCS11_MODULE", str(MODULE))
    monkeypatch.delenv("PLANREVIEW_SIGNING_PKCS11_TOKEN", raising=False)
    monkeypatch.delenv("PLANREVIEW_SIGNING_PKCS11_KEY", raising=False)
    with pytest.raises(SigningError, match="PLANREVIEW_SIGNING_PKCS11_TOKEN,"
                                           " PLANREVIEW_SIGNING_PKCS11_KEY"):
        TokenSettings.from_environment()
