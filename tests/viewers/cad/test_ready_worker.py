"""The compile worker the application keeps ready: an open hands it the file instead of
starting a process, and the next one is started once that open is done."""
from __future__ import annotations

import pytest

from tests.viewers.cad import drawings
from viewers.core.cad import document as cad_document
from viewers.core.cad import open_cad_document
from viewers.core.cad.worker import MEMORY_LIMIT_ENV


@pytest.fixture
def ready_worker():
    cad_document.keep_worker_ready(wait_s=60)
    yield
    cad_document.stop_keeping_worker_ready()


def test_an_open_uses_the_ready_worker_and_readies_the_next(tmp_path, ready_worker):
    spare = cad_document._spare
    assert spare is not None and spare.usable()
    document = open_cad_document(drawings.plan(tmp_path / "plan.dxf"), kind="dxf")
    assert document.compiled(0).path_count > 5
    assert spare.process.poll() == 0           # it compiled the plan and ended
    assert not spare.log.exists()
    assert cad_document._spare is not None and cad_document._spare is not spare


def test_a_ready_worker_started_under_another_memory_limit_is_not_used(
        tmp_path, ready_worker, monkeypatch):
    spare = cad_document._spare
    monkeypatch.setenv(MEMORY_LIMIT_ENV, "4000")
    document = open_cad_document(drawings.plan(tmp_path / "plan.dxf"), kind="dxf")
    assert document.compiled(0).path_count > 5
    assert spare.process.poll() is not None and spare.process.returncode != 0   # stopped


def test_a_damaged_file_through_the_ready_worker_is_a_clear_error(tmp_path, ready_worker):
    from viewers.core.errors import UnreadableFileError

    path = tmp_path / "broken.dxf"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64)
    with pytest.raises(UnreadableFileError):
        open_cad_document(path, kind="dxf")
    assert cad_document._spare is not None      # ready again for the next drawing


def test_stopping_leaves_no_worker_behind():
    cad_document.keep_worker_ready(wait_s=60)
    process = cad_document._spare.process
    cad_document.stop_keeping_worker_ready()
    assert process.poll() is not None and cad_document._spare is None
