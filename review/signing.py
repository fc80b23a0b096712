"""Who signs approved sets: the signing certificate, its key and the timestamp authority.

Development: a local CA (a root, a document-signing certificate and a timestamping
certificate, all RSA) created once in a data folder; its in-process timestamp authority is
pyHanko's RFC 3161 test TSA signing with the CA's timestamping certificate, so signing needs
no network. Recipients trust the folder's `root-ca.pem`.

Production: the authority's PKCS#12 file by path, its password from the environment
(PLANREVIEW_SIGNING_PASSWORD) or the keyring, and the authority's RFC 3161 timestamp server.
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pyhanko.keys import load_cert_from_pemder
from pyhanko.sign.signers import SimpleSigner
from pyhanko.sign.timestamps import HTTPTimeStamper, TimeStamper
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from pyhanko_certvalidator.registry import SimpleCertificateStore

from review.errors import PlanReviewError

CA_FOLDER = "signing-ca"
ROOT_FILE = "root-ca.pem"
PASSWORD_VARIABLE = "PLANREVIEW_SIGNING_PASSWORD"
KEYRING_SERVICE = "planreview-signing"
ROOT_YEARS = 20
LEAF_YEARS = 5
_LEAVES = ("signer", "tsa")


class SigningError(PlanReviewError):
    """The signing identity cannot be created or loaded."""


@dataclass(frozen=True)
class SigningIdentity:
    signer: SimpleSigner
    timestamper: TimeStamper
    signer_name: str        # the certificate's common name, shown in the visible signature
    trust_root: Path | None  # the root recipients trust (the development CA's), when known here


# ---- development CA ---------------------------------------------------------------------

def development_identity(data_folder: Path, authority: str = "Plan Review Development CA"
                         ) -> SigningIdentity:
    """The development CA in `data_folder`/signing-ca, created on first use. Two processes
    starting together both end up with the one that was written first."""
    folder = Path(data_folder) / CA_FOLDER
    if not (folder / ROOT_FILE).is_file():
        folder.parent.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix=".signing-ca-", dir=folder.parent))
        try:
            _write_development_ca(scratch, authority)
            try:
                scratch.rename(folder)
            except OSError:
                if not (folder / ROOT_FILE).is_file():
                    raise
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    try:
        root = load_cert_from_pemder(str(folder / ROOT_FILE))
        signer_cert, signer_key = _load_pair(folder, "signer")
        tsa_cert, tsa_key = _load_pair(folder, "tsa")
    except (OSError, ValueError) as exc:
        raise SigningError(f"the development signing CA in {folder} is unreadable ({exc});"
                           " move the folder away to create a new one") from None
    chain = SimpleCertificateStore.from_certs([root])
    signer = SimpleSigner(signer_cert, signer_key, chain)
    timestamper = DummyTimeStamper(tsa_cert, tsa_key, certs_to_embed=chain)
    return SigningIdentity(signer, timestamper, _common_name(signer_cert),
                           folder / ROOT_FILE)


def _load_pair(folder: Path, name: str) -> tuple[asn1_x509.Certificate, asn1_keys.PrivateKeyInfo]:
    cert = load_cert_from_pemder(str(folder / f"{name}.pem"))
    key = serialization.load_pem_private_key((folder / f"{name}-key.pem").read_bytes(), None)
    der = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    return cert, asn1_keys.PrivateKeyInfo.load(der)


def _write_development_ca(folder: Path, authority: str) -> None:
    now = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)   # tolerate small clock skew
    root_key = _new_key()
    root_name = _name(authority)
    root = (_builder(root_name, root_name, root_key, now, ROOT_YEARS)
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False,
                                         False), critical=True)
            .sign(root_key, hashes.SHA256()))
    _write_pem(folder / ROOT_FILE, root.public_bytes(serialization.Encoding.PEM))
    leaves = {
        "signer": (f"{authority}: approved sets", None),
        "tsa": (f"{authority}: timestamps", ExtendedKeyUsageOID.TIME_STAMPING),
    }
    for name in _LEAVES:
        common_name, usage = leaves[name]
        key = _new_key()
        builder = (_builder(_name(common_name), root_name, key, now, LEAF_YEARS)
                   .add_extension(x509.BasicConstraints(ca=False, path_length=None),
                                  critical=True)
                   .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                       root_key.public_key()), critical=False))
        if usage is None:   # document signing: digital signature and non-repudiation
            builder = builder.add_extension(
                x509.KeyUsage(True, True, False, False, False, False, False, False, False),
                critical=True)
        else:               # RFC 3161 requires the timestamping usage alone, critical
            builder = builder.add_extension(x509.ExtendedKeyUsage([usage]), critical=True)
        cert = builder.sign(root_key, hashes.SHA256())
        _write_pem(folder / f"{name}.pem", cert.public_bytes(serialization.Encoding.PEM))
        _write_pem(folder / f"{name}-key.pem", key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption()), private=True)


def _new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Plan Review (development)")])


def _builder(subject: x509.Name, issuer: x509.Name, key: rsa.RSAPrivateKey, now: dt.datetime,
             years: int) -> x509.CertificateBuilder:
    return (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now).not_valid_after(now + dt.timedelta(days=365 * years))
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                           critical=False))


def _write_pem(path: Path, data: bytes, *, private: bool = False) -> None:
    path.write_bytes(data)
    if private:
        os.chmod(path, 0o600)


def _common_name(cert: asn1_x509.Certificate) -> str:
    return cert.subject.native.get("common_name") or cert.subject.human_friendly


# ---- production: PKCS#12 ----------------------------------------------------------------

def pkcs12_identity(path: Path, tsa_url: str, password: str | None = None) -> SigningIdentity:
    """The authority's certificate and key from a PKCS#12 file; the password, when not given,
    comes from PLANREVIEW_SIGNING_PASSWORD or the keyring (service planreview-signing, the
    file's absolute path as the user name)."""
    path = Path(path)
    if not path.is_file():
        raise SigningError(f"the signing certificate file {path} does not exist")
    if not tsa_url:
        raise SigningError("signing with a PKCS#12 certificate needs the address of an"
                           " RFC 3161 timestamp server")
    if password is None:
        password = signing_password(path)
    try:
        signer = SimpleSigner.load_pkcs12(str(path), passphrase=password.encode())
    except (OSError, ValueError, TypeError) as exc:
        raise SigningError(f"{path.name} could not be opened ({exc}): check the password") \
            from None
    if signer is None:
        raise SigningError(f"{path.name} could not be opened: check its password")
    return SigningIdentity(signer, HTTPTimeStamper(tsa_url),
                           _common_name(signer.signing_cert), None)


def signing_password(path: Path) -> str:
    password = os.environ.get(PASSWORD_VARIABLE)
    if password is not None:
        return password
    import keyring
    from keyring.errors import KeyringError

    try:
        password = keyring.get_password(KEYRING_SERVICE, str(Path(path).resolve()))
    except KeyringError as exc:
        raise SigningError(f"the keyring could not be read ({exc}); set {PASSWORD_VARIABLE}"
                           " instead") from None
    if password is None:
        raise SigningError(f"no password for {Path(path).name}: set {PASSWORD_VARIABLE} or"
                           f" store it in the keyring (service {KEYRING_SERVICE}, user"
                           f" {Path(path).resolve()})")
    return password
