"""Verifying approved sets: a clean set verifies; one changed byte, an added annotation, a
removed page, a full re-save, another authority's root each fail with the reason; the
`planreview verify` command's exit statuses."""
from __future__ import annotations

import shutil
from pathlib import Path

import pymupdf
import pytest

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
