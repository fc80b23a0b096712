"""Verifying approved sets: a clean set verifies as PAdES B-LTA; one changed byte, an added
annotation, a removed page, a full re-save, another authority's root each fail with the
reason; after the certification exactly DSS and document-timestamp updates are accepted (also
those pyHanko's own timestamper appends) and nothing else (a changed title, XMP metadata, a
foreign document timestamp); the `planreview verify` command's exit statuses."""
from __future__ import annotations

import io
import shutil
from pathlib import Path

import pymupdf
import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.signers.pdf_signer import PdfTimeStamper

from desktop.cli import main
from review.signing import CA_FOLDER, ROOT_FILE, development_identity
from review.verify import (Level, Reason, Update, VerificationProblem, VerifyError,
                           verify_approved_set)
from tests.review.approved_sets import build


@pytest.fixture(scope="module")
def issued(tmp_path_factory):
    folder = tmp_path_factory.mktemp("verify")
    result = build(folder)
    return result.path, folder / "authority" / CA_FOLDER / ROOT_FILE


@pytest.fixture
def copy(issued, tmp_path):
    def make(name: str = "copy.pdf") -> Path:
        target = tmp_path / name
        shutil.copyfile(issued[0], target)
        return target
    return make


def test_a_clean_set_verifies_and_names_its_permit(issued):
    path, root = issued
    result = verify_approved_set(path, root)
    assert result.valid and result.problems == ()
    assert (result.permit_no, result.issued) == ("BP-2025-0042", "2025-05-01")
    assert result.approver == "سالم الهنائي (Salim Al Hinai)"
    assert result.verify_url.startswith("https://permits.example.test/v1/verify/")
    assert result.signer == "Plan Review Development CA: approved sets"
    assert result.timestamp is not None
    assert result.level == Level.B_LTA


def test_one_changed_byte_fails(issued, copy):
    path = copy()
    data = bytearray(path.read_bytes())
    stream = data.find(b"stream", len(data) // 3) + 40   # inside a page's content, signed
    data[stream] ^= 0x20
    path.write_bytes(bytes(data))
    result = verify_approved_set(path, issued[1])
    assert not result.valid
    # the document timestamp covers those bytes too
    assert [p.reason for p in result.problems] == [Reason.BYTES_CHANGED,
                                                   Reason.BAD_DOCUMENT_TIMESTAMP]
    assert "bytes of the file were changed" in str(result.problems[0])


def test_an_added_annotation_fails(issued, copy):
    path = copy()
    with pymupdf.open(path) as doc:
        doc[1].add_text_annot((200, 200), "approved without the fire exit")
        doc.saveIncr()
    result = verify_approved_set(path, issued[1])
    assert not result.valid
    assert result.problems == (VerificationProblem(Reason.CHANGED_AFTER_SIGNING,
                                                   {"update": Update.CONTENT}),)
    assert "changed after signing" in str(result.problems[0])
    assert result.permit_no == "BP-2025-0042"     # read from the signed revision


def test_a_removed_page_fails(issued, copy):
    path = copy()
    with pymupdf.open(path) as doc:
        doc.delete_page(2)
        doc.saveIncr()
    result = verify_approved_set(path, issued[1])
    assert not result.valid
    assert any("changed after signing" in str(p) for p in result.problems)


def test_a_full_resave_fails(issued, copy, tmp_path):
    with pymupdf.open(copy()) as doc:
        doc.save(tmp_path / "resaved.pdf", garbage=3)
    result = verify_approved_set(tmp_path / "resaved.pdf", issued[1])
    assert not result.valid


def test_another_authority_is_not_trusted(issued, tmp_path):
    other = development_identity(tmp_path / "other", authority="Some Other CA")
    result = verify_approved_set(issued[0], other.trust_root)
    assert not result.valid
    assert result.problems == (
        VerificationProblem(Reason.UNTRUSTED,
                            {"signer": "Plan Review Development CA: approved sets",
                             "root": "Some Other CA"}),
        VerificationProblem(Reason.BAD_TIMESTAMP),
        VerificationProblem(Reason.BAD_DOCUMENT_TIMESTAMP))
    assert [str(p) for p in result.problems] == [
        "the signing certificate (Plan Review Development CA: approved sets) does not chain"
        " to the trusted root (Some Other CA)",
        "the signature's timestamp is not valid or not trusted",
        "a document timestamp added after signing is not valid or not trusted"]


def test_an_unsigned_pdf_is_not_an_approved_set(issued, tmp_path):
    doc = pymupdf.open()
    doc.new_page()
    doc.save(tmp_path / "plain.pdf")
    result = verify_approved_set(tmp_path / "plain.pdf", issued[1])
    assert not result.valid and result.problems == (VerificationProblem(Reason.UNSIGNED),)
    assert "no signature" in str(result.problems[0])


def test_unreadable_inputs_are_errors(issued, tmp_path):
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(VerifyError, match="not a PDF"):
        verify_approved_set(tmp_path / "notes.txt", issued[1])
    with pytest.raises(VerifyError, match="not a PEM or DER certificate"):
        verify_approved_set(issued[0], tmp_path / "notes.txt")


# ---- planreview verify ---------------------------------------------------------------------

def test_command_valid_prints_the_permit(issued, capsys):
    path, root = issued
    assert main(["verify", str(path), "--trust", str(root)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("valid:")
    assert "permit:       BP-2025-0042" in out and "سالم الهنائي" in out
    assert "issued:       2025-05-01" in out
    assert "level:        PAdES B-LTA" in out


def test_command_invalid_exits_1_with_the_reason(issued, copy, capsys):
    path = copy()
    with pymupdf.open(path) as doc:
        doc[0].add_text_annot((100, 100), "late note")
        doc.saveIncr()
    assert main(["verify", str(path), "--trust", str(issued[1])]) == 1
    out = capsys.readouterr().out
    assert out.startswith("NOT VALID:") and "changed after signing" in out


def test_command_errors_exit_2_with_one_line(issued, tmp_path, capsys):
    assert main(["verify", str(tmp_path / "missing.pdf"), "--trust", str(issued[1])]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1
    # no --trust and no local permit server's CA
    assert main(["verify", str(issued[0])]) == 2
    assert "--trust" in capsys.readouterr().err


def test_command_trusts_the_local_servers_development_ca(issued, isolated_data_dir, capsys):
    server_ca = isolated_data_dir / "server" / CA_FOLDER
    server_ca.mkdir(parents=True)
    shutil.copyfile(issued[1], server_ca / ROOT_FILE)
    assert main(["verify", str(issued[0])]) == 0


# ---- the updates PAdES allows after the certification, and only those -------------------

def signed_revision_only(issued, tmp_path) -> Path:
    """The set as it was certified, before its validation data: PAdES B-T."""
    data = issued[0].read_bytes()
    with open(issued[0], "rb") as f:
        certification = PdfFileReader(f).embedded_signatures[0]
        _, _, start, length = certification.byte_range
    path = tmp_path / "b-t.pdf"
    path.write_bytes(data[:start + length])
    return path


def append_with_pyhanko(path: Path, change) -> None:
    """One incremental update written by pyHanko, as another tool would append it."""
    with open(path, "rb") as f:
        writer = IncrementalPdfFileWriter(io.BytesIO(f.read()))
    change(writer)
    out = io.BytesIO()
    writer.write(out)
    path.write_bytes(out.getvalue())


def test_the_certified_revision_alone_is_b_t(issued, tmp_path):
    result = verify_approved_set(signed_revision_only(issued, tmp_path), issued[1])
    assert result.valid and result.level == Level.B_T


def test_a_document_timestamp_by_pyhankos_own_timestamper_is_accepted(issued, tmp_path):
    """What the authority does to extend a set's life: another document timestamp over the
    last one, with its validation data (pyHanko's archival timestamp chain update)."""
    identity = development_identity(issued[1].parent.parent)
    path = tmp_path / "renewed.pdf"
    with open(issued[0], "rb") as f:
        renewed = PdfTimeStamper(identity.timestamper).update_archival_timestamp_chain(
            PdfFileReader(f), identity.validation_context(), in_place=False)
    path.write_bytes(renewed.getvalue())
    with open(path, "rb") as f:
        kinds = [s.sig_object_type for s in PdfFileReader(f).embedded_signatures]
    assert kinds == ["/Sig", "/DocTimeStamp", "/DocTimeStamp"]
    result = verify_approved_set(path, issued[1])
    assert result.valid, result.problems
    assert result.level == Level.B_LTA


def test_a_document_timestamp_on_the_b_t_set_is_accepted(issued, tmp_path):
    path = signed_revision_only(issued, tmp_path)
    identity = development_identity(issued[1].parent.parent)
    with open(path, "rb") as f:
        writer = IncrementalPdfFileWriter(io.BytesIO(f.read()))
    out = PdfTimeStamper(identity.timestamper).timestamp_pdf(writer, "sha256",
                                                             output=io.BytesIO())
    path.write_bytes(out.getvalue())
    result = verify_approved_set(path, issued[1])
    assert result.valid, result.problems
    assert result.level == Level.B_T     # a document timestamp over no validation data


def test_a_document_timestamp_by_another_authority_is_refused(issued, tmp_path):
    stranger = development_identity(tmp_path / "stranger", authority="Some Other TSA")
    path = tmp_path / "foreign.pdf"
    with open(issued[0], "rb") as f:
        writer = IncrementalPdfFileWriter(io.BytesIO(f.read()))
    out = PdfTimeStamper(stranger.timestamper).timestamp_pdf(writer, "sha256",
                                                             output=io.BytesIO())
    path.write_bytes(out.getvalue())
    result = verify_approved_set(path, issued[1])
    assert not result.valid
    assert result.problems == (VerificationProblem(Reason.BAD_DOCUMENT_TIMESTAMP),)


def test_a_changed_document_title_is_refused(issued, copy):
    """pyHanko's default policy lets the document information change after signing;
    PAdES allows no such update, so verify refuses it."""
    path = copy()

    def retitle(writer):
        info = writer.trailer["/Info"]
        info[generic.NameObject("/Title")] = generic.TextStringObject("Approved set, permit X")
        writer.update_container(info)
    append_with_pyhanko(path, retitle)
    result = verify_approved_set(path, issued[1])
    assert not result.valid
    assert [p.reason for p in result.problems] == [Reason.CHANGED_AFTER_SIGNING]


def test_added_xmp_metadata_is_refused(issued, copy):
    path = copy()

    def add_metadata(writer):
        stream = generic.StreamObject({generic.NameObject("/Type"): generic.NameObject(
            "/Metadata"), generic.NameObject("/Subtype"): generic.NameObject("/XML")},
            stream_data=b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>'
                        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"/><?xpacket end="w"?>')
        writer.root[generic.NameObject("/Metadata")] = writer.add_object(stream)
        writer.update_root()
    append_with_pyhanko(path, add_metadata)
    result = verify_approved_set(path, issued[1])
    assert not result.valid
    assert [p.reason for p in result.problems] == [Reason.CHANGED_AFTER_SIGNING]


def test_an_annotation_after_the_document_timestamp_is_refused(issued, copy):
    path = copy()
    with pymupdf.open(path) as doc:
        doc[0].add_text_annot((100, 100), "note after the archive timestamp")
        doc.saveIncr()
    result = verify_approved_set(path, issued[1])
    assert not result.valid
    assert Reason.CHANGED_AFTER_SIGNING in [p.reason for p in result.problems]
