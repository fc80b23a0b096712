"""The compile worker the application keeps ready: an open hands it the file instead of
starting a process, and the next one is started once that open is done."""
from __future__ import annotations

import pytest

from tests.viewers.cad import drawings
from viewers.core.cad import document as cad_document
from viewers.core.cad import open_cad_document
from viewers.core.cad.document import MEMORY_LIMIT_ENV


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
    assert spare.process.poll() is not None    # it compiled the plan and ended
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


def test_warming_up_loads_the_default_fonts_and_says_nothing(capsys):
    from ezdxf.fonts import fonts

    from viewers.core.cad.worker import warm_up

    warm_up()
    assert capsys.readouterr().out == ""          # the parent reads the spare's stdout
    assert fonts._CachedFont._glyph_caches        # what the first real MTEXT would load


def test_remembered_ezdxf_lookups_answer_as_before():
    import ezdxf
    from ezdxf.fonts import fonts
    from ezdxf.fonts.font_face import FontFace

    import viewers.core.cad.ezdxf_memos  # noqa: F401

    doc = ezdxf.new()
    doc.layers.add("WALLS")
    model = doc.modelspace()
    model.add_line((0, 0), (1, 0), dxfattribs={"layer": "WALLS"})
    model.add_line((0, 0), (0, 1))
    model.add_circle((0, 0), 1, dxfattribs={"layer": "WALLS"})
    for _ in range(2):     # parsed once, matched afresh
        assert len(model.query('LINE[layer=="WALLS"]')) == 1
        assert len(model.query("*[layer=='WALLS']")) == 2
    face = FontFace(family="Arial")
    assert fonts.font_manager.find_font_name(face) == fonts.font_manager.find_font_name(face)
