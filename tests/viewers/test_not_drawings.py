"""Files that are not drawings: refused at once with a sentence saying what they are."""
from __future__ import annotations

import os
import socket
import threading

import pytest

from tests.viewers.hostile_files import IMPOSTORS, _bytes_case, make, CASES, unreadable_reason
from viewers.core.errors import ErrorCode, UnreadableFileError
from viewers.core.formats import open_document, sniff_kind

EXPECTED = {
    "plan.pdf": "a PNG image", "photo.dwg": "a JPEG image", "scan.pdf": "a TIFF image",
    "letter.pdf": "a Word document (DOCX)", "fees.dxf": "an Excel workbook (XLSX)",
    "page.pdf": "a web page (HTML)", "print.pdf": "a PostScript file",
    "notes.dxf": "plain text", "notes16.dwg": "UTF-16 text",
}


def _refusal(path) -> UnreadableFileError:
    """The error opening `path` raises, from a thread so a blocking open fails the test
    instead of hanging it."""
    outcome = {}

    def attempt():
        try:
            open_document(path)
        except UnreadableFileError as exc:
            outcome["error"] = exc

    thread = threading.Thread(target=attempt, daemon=True)
    thread.start()
    thread.join(10)
    assert not thread.is_alive(), f"opening {path.name} blocked"
    return outcome["error"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_an_impostor_is_named_for_what_it_is(tmp_path, name):
    case = next(c for c in CASES if c.name == f"impostor-{name}")
    error = _refusal(make(case, tmp_path))
    assert str(error) == f"{name} is not a PDF, DXF or DWG drawing: it is {EXPECTED[name]}"
    assert error.code == ErrorCode.IMPOSTOR
    assert unreadable_reason(str(error)) is None


def test_an_unknown_file_is_refused_without_its_bytes(tmp_path):
    path = _bytes_case("noise.pdf", IMPOSTORS["noise.pdf"])(tmp_path, __import__("random").Random(1))
    error = _refusal(path)
    assert "nor a kind of file Plan Review recognises" in str(error)
    assert unreadable_reason(str(error)) is None


def test_a_named_pipe_without_a_writer_is_refused_at_once(tmp_path):
    path = tmp_path / "x.pdf"
    os.mkfifo(path)
    error = _refusal(path)
    assert str(error) == ("x.pdf is a named pipe (FIFO), not a drawing file; only regular"
                          " files are opened")
    assert error.code == ErrorCode.NOT_A_FILE


def test_a_device_and_a_socket_are_refused(tmp_path):
    (tmp_path / "zero.dxf").symlink_to("/dev/zero")
    assert "is a device" in str(_refusal(tmp_path / "zero.dxf"))
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(tmp_path / "s.dwg"))
    try:
        assert "is a socket" in str(_refusal(tmp_path / "s.dwg"))
    finally:
        server.close()


def test_a_folder_is_refused(tmp_path):
    (tmp_path / "set.pdf").mkdir()
    with pytest.raises(UnreadableFileError, match="is a folder"):
        sniff_kind(tmp_path / "set.pdf")


def test_a_hostile_file_name_is_neutralised_and_shortened(tmp_path):
    case = next(c for c in CASES if c.name == "hostile-name")
    message = str(_refusal(make(case, tmp_path)))
    assert "\x1b" not in message and "\u202e" not in message and "\x07" not in message
    assert "\u2026" in message and len(message) < 200
    assert message.endswith(".pdf is not a PDF, DXF or DWG drawing: it is a PNG image")


def test_refusals_are_worded_in_arabic(tmp_path, qapp):
    from desktop.i18n import set_language
    from desktop.viewer_messages import error_text

    case = next(c for c in CASES if c.name == "impostor-plan.pdf")
    error = _refusal(make(case, tmp_path))
    set_language(qapp, "ar")
    try:
        text = error_text(error)
    finally:
        set_language(qapp, "en")
    assert "plan.pdf" in text and "PNG" in text
    assert "is not a PDF" not in text and "a PNG image" not in text
