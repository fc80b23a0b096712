"""Every corpus DXF and DWG opens or fails with a clear, specific error (skipped without the
corpus). The heavier files (over 500 kB) are left to bench/dxf_fidelity.py to keep this quick."""
from __future__ import annotations

import pytest

from tests.conftest import corpus_files
from viewers.core.errors import UnreadableFileError
from viewers.core.formats import open_document

MAX_BYTES = 500_000
CAD = [p for p in corpus_files("dxf") + corpus_files("dwg") + corpus_files("bad")
       if p.suffix.lower() in (".dxf", ".dwg") and p.stat().st_size <= MAX_BYTES]


@pytest.mark.corpus
@pytest.mark.parametrize("path", CAD, ids=lambda p: p.name)
def test_opens_or_fails_clearly(corpus, path):
    try:
        document = open_document(path)
    except UnreadableFileError as exc:
        message = str(exc)
        assert path.name in message
        assert "Traceback" not in message and len(message) < 400
        if path.suffix.lower() == ".dwg" and message.startswith(f"{path.name} is a DWG"):
            assert "ODA File Converter" in message
        return
    assert document.sheet_count() >= 1
    for index in range(document.sheet_count()):
        info = document.sheet(index)
        assert info.width > 0 and info.height > 0
        document.compiled(index)
    assert document.describe()["kind"] in ("dxf", "dwg")
