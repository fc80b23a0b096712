"""The approved set: stamp drawn into every page, QR code to the verify address, one
certification signature extended to PAdES B-LTA (judged by pyHanko's AdES validation and by
poppler's pdfsig against the development CA), and the development CA created once, publishing
its CRL."""
from __future__ import annotations

import asyncio
import datetime as dt
import os
import subprocess
import unicodedata
from pathlib import Path

import numpy as np
import pymupdf
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.ades.report import AdESPassed
from pyhanko.sign.validation.ades import ades_lta_validation
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pyhanko.sign.validation.policy_decl import (
    PdfSignatureValidationSpec,
    RevinfoOnlineFetchingRule,
    RevocationInfoGatheringSpec,
    SignatureValidationSpec,
)
from pyhanko_certvalidator.context import CertValidationPolicySpec
from pyhanko_certvalidator.policy_decl import (
    CertRevTrustPolicy,
    RevocationCheckingPolicy,
    RevocationCheckingRule,
)
from pyhanko_certvalidator.registry import SimpleTrustManager

from review.approved_set import (
    CATALOG_KEY,
    SIGNATURE_FIELD,
    ApprovedSetError,
    approval_digest,
    build_approved_set,
    stamp_rect,
)
from review.signing import (
    CRL_DAYS,
    CRL_FILE,
    ROOT_FILE,
    SigningError,
    current_crl,
    development_identity,
    pkcs12_identity,
)
from tests.conftest import require_tool
from tests.pdf_factory import encrypted
from review.verify import Level, verify_approved_set
from tests.review.approved_sets import APPROVAL, build


@pytest.fixture(scope="module")
def issued(tmp_path_factory):
    return build(tmp_path_factory.mktemp("approved"))


def plain_text(page: pymupdf.Page) -> str:
    """Page text with Arabic presentation forms folded back into letters."""
    return unicodedata.normalize("NFKC", page.get_text()).replace("\xa0", " ")


def test_every_page_is_stamped_in_its_content(issued):
    with pymupdf.open(issued.path) as doc:
        assert doc.page_count == issued.page_count == 3
        for page in doc:
            assert list(page.annots()) == []
            text = plain_text(page)
            for expected in ("APPROVED", "معتمد", "BP-2025-0042", "2025-05-01", "سالم الهنائي",
                             "رقم الترخيص", "التاريخ"):
                assert expected in text, (page.number, expected)
        # the stamp is content, not an annotation: it stays with every widget removed
        copy = pymupdf.open("pdf", doc.tobytes())
        for page in copy:
            for widget in list(page.widgets()):
                page.delete_widget(widget)
            assert "APPROVED" in plain_text(page)


def test_the_stamp_is_upright_on_a_rotated_sheet(issued):
    with pymupdf.open(issued.path) as doc:
        page = doc[2]
        assert page.rotation == 90
        box = stamp_rect(page)
        words = [w for w in page.get_text("words") if w[4] == "APPROVED"]
        assert words, "the stamp's title is not on the rotated sheet"
        x0, y0, x1, y1 = pymupdf.Rect(words[0][:4]) * page.rotation_matrix
        assert box.x0 <= x0 < x1 <= box.x1 and box.y0 <= y0 < y1 <= box.y1
        assert x1 - x0 > y1 - y0, "the title reads sideways"
        # upright: the title is in the top right of the stamp, right of the QR code
        assert x0 > box.x0 + 0.4 * box.width and y1 < box.y0 + 0.35 * box.height


def test_the_qr_code_reads_back_as_the_verify_address(issued):
    zxingcpp = pytest.importorskip("zxingcpp")
    digest = approval_digest(APPROVAL.permit_no, [_sha256(p) for p in
                                                  sorted((issued.path.parent / "sources")
                                                         .glob("*.pdf"))])
    assert issued.approval_digest == digest
    assert issued.verify_url == f"https://permits.example.test/v1/verify/{digest}"
    with pymupdf.open(issued.path) as doc:
        for page in doc:
            pixmap = page.get_pixmap(dpi=200, clip=stamp_rect(page), annots=False)
            image = np.frombuffer(pixmap.samples, np.uint8).reshape(pixmap.h, pixmap.w,
                                                                      pixmap.n)
            assert [r.text for r in zxingcpp.read_barcodes(image)] == [issued.verify_url]


def _sha256(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_arabic_stamp_is_visible_when_rendered_by_poppler(issued, tmp_path):
    """Rendered by another engine than the one that wrote it: the Arabic title is drawn."""
    require_tool("pdftoppm")
    with pymupdf.open(issued.path) as doc:
        page = doc[0]
        box = stamp_rect(page)
    dpi = 150
    scale = dpi / 72
    # the title's right half, where "معتمد" is drawn
    x0, y0 = box.x1 - 0.25 * box.width, box.y0 + 0.05 * box.height
    w, h = 0.22 * box.width, 0.2 * box.height
    subprocess.run(["pdftoppm", "-r", str(dpi), "-f", "1", "-l", "1", "-png", "-singlefile",
                    "-x", str(int(x0 * scale)), "-y", str(int(y0 * scale)),
                    "-W", str(int(w * scale)), "-H", str(int(h * scale)),
                    str(issued.path), str(tmp_path / "title")], check=True, timeout=60)
    pixmap = pymupdf.Pixmap(str(tmp_path / "title.png"))
    image = np.frombuffer(pixmap.samples, np.uint8).reshape(pixmap.h, pixmap.w, pixmap.n)
    green_ink = (image[..., 1] > image[..., 0] + 30) & (image[..., 1] < 160)
    assert 0.03 < green_ink.mean() < 0.6, green_ink.mean()


def test_the_permit_details_and_one_certification_signature(issued):
    with pymupdf.open(issued.path) as doc:
        kind, value = doc.xref_get_key(doc.pdf_catalog(), CATALOG_KEY)
        assert kind == "dict" and "BP-2025-0042" in value
        assert doc.metadata["title"] == "Approved set, permit BP-2025-0042"
        widgets = [w for page in doc for w in page.widgets()]
        # the certification, visible; the document timestamp's field, not
        assert [w.field_name for w in widgets][0] == SIGNATURE_FIELD and len(widgets) == 2
        assert widgets[0].rect.width > 100 and widgets[1].rect.is_empty
    data = issued.path.read_bytes()
    assert data.count(b"/DocMDP") >= 1 and data.count(b"/ETSI.CAdES.detached") == 1
    assert data.count(b"/ETSI.RFC3161") == 1
    assert issued.sha256 == _sha256(issued.path)
    assert data.rstrip().endswith(b"%%EOF")
    assert not [p for p in issued.path.parent.iterdir() if p.name.startswith(".")]


def test_a_cad_drawing_goes_through_the_converter(tmp_path):
    drawing = tmp_path / "plan.dxf"
    drawing.write_text("0\nSECTION\n0\nEOF\n")
    converted = []

    def convert(path: Path) -> bytes:
        converted.append(path)
        doc = pymupdf.open()
        doc.new_page(width=1190, height=842).insert_text((100, 100), "CAD SHEET")
        return doc.tobytes()

    result = build_approved_set([drawing], APPROVAL, development_identity(tmp_path / "ca"),
                                tmp_path / "set.pdf", cad_to_pdf=convert)
    assert converted == [drawing] and result.page_count == 1
    with pymupdf.open(result.path) as doc:
        assert "CAD SHEET" in doc[0].get_text() and "APPROVED" in doc[0].get_text()


def test_unusable_sources_are_refused_with_a_reason(tmp_path):
    identity = development_identity(tmp_path / "ca")
    drawing = tmp_path / "plan.dxf"
    drawing.write_text("0\nSECTION\n0\nEOF\n")
    with pytest.raises(ApprovedSetError, match="no drawing converter"):
        build_approved_set([drawing], APPROVAL, identity, tmp_path / "a.pdf")
    with pytest.raises(ApprovedSetError, match="password-protected"):
        build_approved_set([encrypted(tmp_path / "locked.pdf")], APPROVAL, identity,
                           tmp_path / "b.pdf")
    with pytest.raises(ApprovedSetError, match="at least one drawing"):
        build_approved_set([], APPROVAL, identity, tmp_path / "c.pdf")
    assert not (tmp_path / "a.pdf").exists() and not (tmp_path / "b.pdf").exists()


def test_the_development_ca_is_created_once(tmp_path):
    first = development_identity(tmp_path)
    root = (tmp_path / "signing-ca" / ROOT_FILE).read_bytes()
    second = development_identity(tmp_path)
    assert (tmp_path / "signing-ca" / ROOT_FILE).read_bytes() == root
    assert first.signer.signing_cert.dump() == second.signer.signing_cert.dump()
    for key in (tmp_path / "signing-ca").glob("*-key.pem"):
        assert os.stat(key).st_mode & 0o077 == 0


def test_a_damaged_ca_folder_is_reported(tmp_path):
    development_identity(tmp_path)
    (tmp_path / "signing-ca" / "signer-key.pem").write_text("not a key")
    with pytest.raises(SigningError, match="unreadable"):
        development_identity(tmp_path)


def test_a_pkcs12_identity_needs_its_password(tmp_path, monkeypatch):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.serialization import pkcs12

    development_identity(tmp_path)
    folder = tmp_path / "signing-ca"
    key = serialization.load_pem_private_key((folder / "signer-key.pem").read_bytes(), None)
    cert = x509.load_pem_x509_certificate((folder / "signer.pem").read_bytes())
    bundle = tmp_path / "authority.p12"
    bundle.write_bytes(pkcs12.serialize_key_and_certificates(
        b"authority", key, cert, None,
        serialization.BestAvailableEncryption(b"correct horse")))
    monkeypatch.setenv("PLANREVIEW_SIGNING_PASSWORD", "correct horse")
    identity = pkcs12_identity(bundle, tsa_url="http://tsa.invalid/")
    assert identity.signer_name == "Plan Review Development CA: approved sets"
    monkeypatch.setenv("PLANREVIEW_SIGNING_PASSWORD", "wrong")
    with pytest.raises(SigningError, match="password"):
        pkcs12_identity(bundle, tsa_url="http://tsa.invalid/")
    with pytest.raises(SigningError, match="timestamp server"):
        pkcs12_identity(bundle, tsa_url="")


def test_sources_keep_their_order(issued):
    with pymupdf.open(issued.path) as doc:
        assert "A-101" in doc[0].get_text() and "S-101" in doc[1].get_text()
        assert "SITE PLAN" in doc[2].get_text()


# ---- PAdES B-LTA -------------------------------------------------------------------------

def _lta_validation(path: Path, root_pem: Path):
    """pyHanko's AdES validation with long-term availability (ETSI EN 319 102-1 5.6.3): the
    CA as the only trust root, revocation data required for every certificate and taken from
    the file alone."""
    required = RevocationCheckingRule.CRL_OR_OCSP_REQUIRED
    policy = CertValidationPolicySpec(
        trust_manager=SimpleTrustManager.build(trust_roots=[load_cert_from_pemder(
            str(root_pem))]),
        revinfo_policy=CertRevTrustPolicy(RevocationCheckingPolicy(
            ee_certificate_rule=required, intermediate_ca_cert_rule=required)))
    spec = PdfSignatureValidationSpec(SignatureValidationSpec(
        cert_validation_policy=policy,
        revinfo_gathering_policy=RevocationInfoGatheringSpec(
            online_fetching_rule=RevinfoOnlineFetchingRule.LOCAL_ONLY)))
    with open(path, "rb") as f:
        signature = PdfFileReader(f).embedded_signatures[0]
        return asyncio.run(ades_lta_validation(signature, spec))


def test_pyhanko_validates_the_set_as_pades_b_lta(issued):
    root = issued.path.parent / "authority" / "signing-ca" / ROOT_FILE
    result = _lta_validation(issued.path, root)
    assert result.ades_subindic == AdESPassed.OK
    assert result.api_status.bottom_line and result.api_status.trusted
    assert result.oldest_evidence_record_timestamp is not None   # the document timestamp
    with open(issued.path, "rb") as f:
        reader = PdfFileReader(f)
        kinds = [s.sig_object_type for s in reader.embedded_signatures]
        dss = DocumentSecurityStore.read_dss(reader)
        names = {c.subject.native["common_name"] for c in dss.load_certs()}
        crl_count = len(dss.crls)
    assert kinds == ["/Sig", "/DocTimeStamp"]
    assert names >= {"Plan Review Development CA: approved sets",
                     "Plan Review Development CA: timestamps"}
    assert crl_count >= 1


def test_the_b_t_revision_alone_is_not_b_lta(issued, tmp_path):
    """The validation really rests on the added data: without it, no long-term validation."""
    with open(issued.path, "rb") as f:
        _, _, start, length = PdfFileReader(f).embedded_signatures[0].byte_range
    path = tmp_path / "b-t.pdf"
    path.write_bytes(issued.path.read_bytes()[:start + length])
    result = _lta_validation(path, issued.path.parent / "authority" / "signing-ca" / ROOT_FILE)
    assert result.ades_subindic != AdESPassed.OK


def test_pdfsig_reports_the_signature_valid_and_trusted(issued, tmp_path):
    pdfsig, certutil = require_tool("pdfsig"), require_tool("certutil")
    nss = tmp_path / "nss"
    nss.mkdir()
    root = issued.path.parent / "authority" / "signing-ca" / ROOT_FILE
    for command in ([certutil, "-N", "-d", f"sql:{nss}", "--empty-password"],
                    [certutil, "-A", "-d", f"sql:{nss}", "-n", "permit authority", "-t",
                     "CT,C,C", "-i", str(root)]):
        subprocess.run(command, check=True, capture_output=True, timeout=60)
    report = subprocess.run([pdfsig, "-nssdir", f"sql:{nss}", str(issued.path)],
                            capture_output=True, text=True, timeout=60).stdout
    first = report.split("Signature #2:")[0]
    assert "Signature Field Name: PermitApproval" in first, report
    assert "Signature Validation: Signature is Valid." in first, report
    assert "Certificate Validation: Certificate is Trusted." in first, report
    assert "Signature #2:" in report        # the document timestamp
    # without the authority's root in the database, the same signature is not trusted
    empty = tmp_path / "empty"
    empty.mkdir()
    subprocess.run([certutil, "-N", "-d", f"sql:{empty}", "--empty-password"], check=True,
                   capture_output=True, timeout=60)
    untrusted = subprocess.run([pdfsig, "-nssdir", f"sql:{empty}", str(issued.path)],
                               capture_output=True, text=True, timeout=60).stdout
    assert "Certificate is Trusted" not in untrusted


def test_the_development_ca_publishes_a_crl(tmp_path):
    identity = development_identity(tmp_path, public_url="https://permits.example.test/")
    folder = tmp_path / "signing-ca"
    root = x509.load_pem_x509_certificate((folder / ROOT_FILE).read_bytes())
    for leaf in ("signer", "tsa"):
        cert = x509.load_pem_x509_certificate((folder / f"{leaf}.pem").read_bytes())
        points = cert.extensions.get_extension_for_class(x509.CRLDistributionPoints).value
        assert [n.value for p in points for n in p.full_name] == [
            "https://permits.example.test/v1/pki/crl"]
    crl = x509.load_der_x509_crl(current_crl(identity.development_ca))
    assert crl.is_signature_valid(root.public_key()) and len(crl) == 0
    assert crl.issuer == root.subject
    assert os.stat(folder / "root-ca-key.pem").st_mode & 0o077 == 0


def test_a_stale_crl_is_reissued(tmp_path):
    development_identity(tmp_path)
    folder = tmp_path / "signing-ca"
    key = serialization.load_pem_private_key((folder / "root-ca-key.pem").read_bytes(), None)
    root = x509.load_pem_x509_certificate((folder / ROOT_FILE).read_bytes())
    now = dt.datetime.now(dt.UTC)
    old = (x509.CertificateRevocationListBuilder().issuer_name(root.subject)
           .last_update(now - dt.timedelta(days=CRL_DAYS))
           .next_update(now + dt.timedelta(days=1)).sign(key, hashes.SHA256()))
    (folder / CRL_FILE).write_bytes(old.public_bytes(serialization.Encoding.DER))
    fresh = x509.load_der_x509_crl(current_crl(folder))
    assert fresh.next_update_utc - now > dt.timedelta(days=CRL_DAYS - 1)
    assert (folder / CRL_FILE).read_bytes() == current_crl(folder)   # kept until stale


def test_a_ca_folder_from_before_crls_still_signs(tmp_path):
    """A CA made by an older version kept no root key: it issues no CRL, and its sets get a
    DSS with the certificates alone."""
    development_identity(tmp_path)
    folder = tmp_path / "signing-ca"
    (folder / "root-ca-key.pem").unlink()
    (folder / CRL_FILE).unlink()
    assert current_crl(folder) is None
    result = build(tmp_path / "set", development_identity(tmp_path))
    verified = verify_approved_set(result.path, folder / ROOT_FILE)
    assert verified.valid and verified.level == Level.B_LTA
