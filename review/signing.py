"""Who signs approved sets: the signing certificate, its key, the timestamp authority, and
the validation data that keeps the signature verifiable after the certificates expire.

Development: a local CA (a root, a document-signing certificate and a timestamping
certificate, all RSA) created once in a data folder; its in-process timestamp authority is
pyHanko's RFC 3161 test TSA signing with the CA's timestamping certificate, so signing needs
no network. The CA publishes a CRL: the leaves name `<public url>/v1/pki/crl` as their CRL
distribution point, the root's key (kept in the folder) re-issues the CRL before it goes
stale, and the permit server serves it there. Recipients trust the folder's `root-ca.pem`.

Production: the authority's PKCS#12 file by path, its password from the environment
(PLANREVIEW_SIGNING_PASSWORD) or the keyring, or a key on a PKCS#11 token (`TokenSettings`);
and the authority's RFC 3161 timestamp server. Revocation data is then fetched from the
addresses in the certificates.

`extend_to_lta` turns a certified, timestamped (PAdES B-T) file into B-LTA: a DSS with the
certificates and CRLs of the signature and its timestamp, then a document timestamp, each an
incremental update.
"""
from __future__ import annotations

import datetime as dt
import io
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
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.general import SigningError as PyhankoSigningError
from pyhanko.sign.signers import Signer, SimpleSigner
from pyhanko.sign.signers.pdf_signer import PdfTimeStamper
from pyhanko.sign.timestamps import HTTPTimeStamper, TimeStamper
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from pyhanko.sign.validation import add_validation_info
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.errors import PathBuildingError, PathValidationError
from pyhanko_certvalidator.registry import SimpleCertificateStore

from review.errors import PlanReviewError

CA_FOLDER = "signing-ca"
ROOT_FILE = "root-ca.pem"
ROOT_KEY_FILE = "root-ca-key.pem"
CRL_FILE = "root-ca.crl"
CRL_PATH = "/v1/pki/crl"                  # where the permit server publishes the CRL
DEFAULT_PUBLIC_URL = "http://127.0.0.1:8765"
PASSWORD_VARIABLE = "PLANREVIEW_SIGNING_PASSWORD"
KEYRING_SERVICE = "planreview-signing"
ROOT_YEARS = 20
LEAF_YEARS = 5
CRL_DAYS = 30                             # a CRL is re-issued once half of this has passed
_LEAVES = ("signer", "tsa")


class SigningError(PlanReviewError):
    """The signing identity cannot be created or loaded, or a signature not completed."""


@dataclass(frozen=True)
class SigningIdentity:
    signer: Signer
    timestamper: TimeStamper
    signer_name: str        # the certificate's common name, shown in the visible signature
    trust_root: Path | None  # the root recipients trust (the development CA's), when known here
    # validating the signer's and the TSA's chains, for the DSS: the roots they end at, the
    # development CA whose CRL is read from its folder, or fetching at the certificates'
    # own CRL and OCSP addresses (production)
    trust_roots: tuple[asn1_x509.Certificate, ...] = ()
    development_ca: Path | None = None
    fetch_revocation: bool = False

    def validation_context(self) -> ValidationContext:
        """A fresh context (pyHanko's contexts collect what they fetch) holding the CA's
        current CRL, so that what the signature is validated with ends up in the DSS."""
        crls = []
        if self.development_ca is not None:
            crl = current_crl(self.development_ca)
            if crl is not None:
                crls.append(crl)
        return ValidationContext(
            trust_roots=list(self.trust_roots), crls=crls,
            other_certs=list(self.signer.cert_registry),
            allow_fetching=self.fetch_revocation,
            # a development CA without a CRL (made by an older version) has nothing to check
            revocation_mode="require" if crls or self.fetch_revocation else "soft-fail")


# ---- PAdES B-LTA ------------------------------------------------------------------------

def extend_to_lta(signed: bytes, identity: SigningIdentity) -> bytes:
    """Adds to a signed PDF the validation data of its last signature (a DSS with the
    certificates and CRLs of the signer and of the timestamp authority) and then a document
    timestamp, as two incremental updates: PAdES B-LTA."""
    context = identity.validation_context()
    try:
        signature = PdfFileReader(io.BytesIO(signed)).embedded_signatures[-1]
        with_dss = add_validation_info(signature, context, output=io.BytesIO())
        stamped = PdfTimeStamper(identity.timestamper).timestamp_pdf(
            IncrementalPdfFileWriter(with_dss), "sha256", validation_context=context,
            output=io.BytesIO())
    except (PathBuildingError, PathValidationError) as exc:
        raise SigningError(f"the signing certificates could not be validated for the"
                           f" long-term validation data: {exc}") from exc
    except (PyhankoSigningError, PdfError, OSError, ValueError, IndexError) as exc:
        # OSError covers an unreachable timestamp server or CRL address
        raise SigningError(f"the long-term validation data could not be added: {exc}") \
            from exc
    return stamped.getvalue()


# ---- development CA ---------------------------------------------------------------------

def development_identity(data_folder: Path, authority: str = "Plan Review Development CA",
                         public_url: str = DEFAULT_PUBLIC_URL) -> SigningIdentity:
    """The development CA in `data_folder`/signing-ca, created on first use, its leaves
    naming `public_url`/v1/pki/crl as their CRL distribution point. Two processes starting
    together both end up with the one that was written first."""
    folder = Path(data_folder) / CA_FOLDER
    if not (folder / ROOT_FILE).is_file():
        folder.parent.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix=".signing-ca-", dir=folder.parent))
        try:
            _write_development_ca(scratch, authority, crl_url(public_url))
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
                           folder / ROOT_FILE, trust_roots=(root,), development_ca=folder)


def crl_url(public_url: str) -> str:
    return public_url.rstrip("/") + CRL_PATH


def current_crl(folder: Path) -> bytes | None:
    """The development CA's CRL (DER), re-issued when half its validity has passed; None for
    a CA folder made before CRLs (it kept no root key)."""
    folder = Path(folder)
    path = folder / CRL_FILE
    now = dt.datetime.now(dt.UTC)
    try:
        existing = x509.load_der_x509_crl(path.read_bytes())
        if existing.next_update_utc - now > dt.timedelta(days=CRL_DAYS / 2):
            return existing.public_bytes(serialization.Encoding.DER)
    except (OSError, ValueError):
        pass
    try:
        root_key = serialization.load_pem_private_key((folder / ROOT_KEY_FILE).read_bytes(),
                                                      None)
        root = x509.load_pem_x509_certificate((folder / ROOT_FILE).read_bytes())
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise SigningError(f"the development CA's root key in {folder} is unreadable"
                           f" ({exc})") from None
    der = _issue_crl(root, root_key, now)
    _write_atomically(path, der)
    return der


def crl_next_update(der: bytes) -> dt.datetime | None:
    """When a CRL says the next one will be out, for HTTP caching."""
    return x509.load_der_x509_crl(der).next_update_utc


def _issue_crl(root: x509.Certificate, root_key: rsa.RSAPrivateKey,
               now: dt.datetime) -> bytes:
    # no certificate of the development CA has been revoked: an empty list, numbered by time
    crl = (x509.CertificateRevocationListBuilder()
           .issuer_name(root.subject)
           .last_update(now - dt.timedelta(minutes=5))
           .next_update(now + dt.timedelta(days=CRL_DAYS))
           .add_extension(x509.CRLNumber(int(now.timestamp())), critical=False)
           .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
               root_key.public_key()), critical=False)
           .sign(root_key, hashes.SHA256()))
    return crl.public_bytes(serialization.Encoding.DER)


def _load_pair(folder: Path, name: str) -> tuple[asn1_x509.Certificate, asn1_keys.PrivateKeyInfo]:
    cert = load_cert_from_pemder(str(folder / f"{name}.pem"))
    key = serialization.load_pem_private_key((folder / f"{name}-key.pem").read_bytes(), None)
    der = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    return cert, asn1_keys.PrivateKeyInfo.load(der)


def _write_development_ca(folder: Path, authority: str, crl_address: str) -> None:
    now = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)   # tolerate small clock skew
    root_key = _new_key()
    root_name = _name(authority)
    root = (_builder(root_name, root_name, root_key, now, ROOT_YEARS)
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False,
                                         False), critical=True)
            .sign(root_key, hashes.SHA256()))
    _write_pem(folder / ROOT_FILE, root.public_bytes(serialization.Encoding.PEM))
    _write_pem(folder / ROOT_KEY_FILE, _private_pem(root_key), private=True)
    distribution = x509.CRLDistributionPoints([x509.DistributionPoint(
        full_name=[x509.UniformResourceIdentifier(crl_address)], relative_name=None,
        reasons=None, crl_issuer=None)])
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
                       root_key.public_key()), critical=False)
                   .add_extension(distribution, critical=False))
        if usage is None:   # document signing: digital signature and non-repudiation
            builder = builder.add_extension(
                x509.KeyUsage(True, True, False, False, False, False, False, False, False),
                critical=True)
        else:               # RFC 3161 requires the timestamping usage alone, critical
            builder = builder.add_extension(x509.ExtendedKeyUsage([usage]), critical=True)
        cert = builder.sign(root_key, hashes.SHA256())
        _write_pem(folder / f"{name}.pem", cert.public_bytes(serialization.Encoding.PEM))
        _write_pem(folder / f"{name}-key.pem", _private_pem(key), private=True)
    (folder / CRL_FILE).write_bytes(_issue_crl(root, root_key, now))


def _new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _private_pem(key: rsa.RSAPrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


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


def _write_atomically(path: Path, data: bytes) -> None:
    handle, scratch = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as f:
            f.write(data)
        os.replace(scratch, path)
    except BaseException:
        Path(scratch).unlink(missing_ok=True)
        raise


def _common_name(cert: asn1_x509.Certificate) -> str:
    return cert.subject.native.get("common_name") or cert.subject.human_friendly


def _self_signed(certs) -> tuple[asn1_x509.Certificate, ...]:
    return tuple(c for c in certs if c.self_signed)


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
    return SigningIdentity(signer, HTTPTimeStamper(tsa_url), _common_name(signer.signing_cert),
                           None, trust_roots=_self_signed(signer.cert_registry),
                           fetch_revocation=True)


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


# ---- production: a key on a PKCS#11 token --------------------------------------------------

TOKEN_VARIABLES = {
    "module": "PLANREVIEW_SIGNING_PKCS11_MODULE",     # the token's PKCS#11 library
    "token_label": "PLANREVIEW_SIGNING_PKCS11_TOKEN",
    "key_label": "PLANREVIEW_SIGNING_PKCS11_KEY",     # label of the key and its certificate
}
PIN_VARIABLE = "PLANREVIEW_SIGNING_PKCS11_PIN"
PIN_FILE_VARIABLE = "PLANREVIEW_SIGNING_PKCS11_PIN_FILE"
TSA_VARIABLE = "PLANREVIEW_SIGNING_TSA_URL"
ROOT_VARIABLE = "PLANREVIEW_SIGNING_ROOT"     # the authority's root certificate (PEM)


@dataclass(frozen=True)
class TokenSettings:
    """Where the signing key lives on a PKCS#11 token. The PIN is never a setting given on a
    command line: it comes from PLANREVIEW_SIGNING_PKCS11_PIN or from the file named here."""
    module: Path
    token_label: str
    key_label: str
    pin_file: Path | None = None

    @classmethod
    def from_environment(cls) -> TokenSettings | None:
        """The token named by the PLANREVIEW_SIGNING_PKCS11_* variables; None when unset."""
        values = {name: os.environ.get(variable, "").strip()
                  for name, variable in TOKEN_VARIABLES.items()}
        if not any(values.values()):
            return None
        missing = [TOKEN_VARIABLES[name] for name, value in values.items() if not value]
        if missing:
            raise SigningError(f"signing with a PKCS#11 token also needs {', '.join(missing)}")
        pin_file = os.environ.get(PIN_FILE_VARIABLE, "").strip()
        return cls(Path(values["module"]), values["token_label"], values["key_label"],
                   Path(pin_file) if pin_file else None)

    def pin(self) -> str:
        if self.pin_file is not None:
            try:
                return self.pin_file.read_text(encoding="utf-8").strip()
            except OSError as exc:
                raise SigningError(f"the token's PIN file {self.pin_file} cannot be read"
                                   f" ({exc.strerror})") from None
        pin = os.environ.get(PIN_VARIABLE)
        if pin is None:
            raise SigningError(f"no PIN for the token {self.token_label}: set {PIN_VARIABLE}"
                               f" or {PIN_FILE_VARIABLE}")
        return pin


def token_identity(token: TokenSettings, timestamper: TimeStamper,
                   trust_root: Path | None = None, *,
                   development_ca: Path | None = None) -> SigningIdentity:
    """Signs with the key and certificate labelled `token.key_label` on the token. The
    session stays open for the identity's life (the server keeps one identity)."""
    from pkcs11.exceptions import PKCS11Error
    from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session
    from pyhanko.config.pkcs11 import TokenCriteria

    if not token.module.is_file():
        raise SigningError(f"the PKCS#11 module {token.module} does not exist")
    pin = token.pin()
    try:
        session = open_pkcs11_session(str(token.module),
                                      token_criteria=TokenCriteria(label=token.token_label),
                                      user_pin=pin)
        roots = (load_cert_from_pemder(str(trust_root)),) if trust_root else ()
        signer = PKCS11Signer(session, key_label=token.key_label, cert_label=token.key_label,
                              ca_chain=roots)
        certificate = signer.signing_cert
    except (PKCS11Error, PyhankoSigningError, OSError, ValueError) as exc:
        raise SigningError(f"the signing key {token.key_label!r} on the PKCS#11 token"
                           f" {token.token_label!r} cannot be used ({type(exc).__name__}"
                           f"{': ' + str(exc) if str(exc) else ''}): check the module, the"
                           " labels and the PIN") from None
    return SigningIdentity(signer, timestamper, _common_name(certificate), trust_root,
                           trust_roots=roots, development_ca=development_ca,
                           fetch_revocation=development_ca is None)


def server_identity(data_folder: Path, public_url: str = DEFAULT_PUBLIC_URL) -> SigningIdentity:
    """The permit server's identity: a PKCS#11 token when PLANREVIEW_SIGNING_PKCS11_* name
    one, else the development CA in the data folder. A token without PLANREVIEW_SIGNING_TSA_URL
    timestamps with the development TSA and is validated against the development root (a
    token holding the development key, for testing the token path)."""
    token = TokenSettings.from_environment()
    tsa_url = os.environ.get(TSA_VARIABLE, "").strip()
    if token is not None and tsa_url:
        root = os.environ.get(ROOT_VARIABLE, "").strip()
        return token_identity(token, HTTPTimeStamper(tsa_url), Path(root) if root else None)
    development = development_identity(data_folder, public_url=public_url)
    if token is None:
        return development
    return token_identity(token, development.timestamper, development.trust_root,
                          development_ca=development.development_ca)
