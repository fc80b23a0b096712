"""Bad CAD input: each case opens with warnings or fails with a clear error, never a crash."""
from __future__ import annotations

import os

import pytest

from tests.viewers.cad import drawings
from viewers.core.cad import open_cad_document
from viewers.core.cad.compiler import _readable
from viewers.core.cad.document import FORMAT_VERSION, cache_root
from viewers.core.errors import RenderCancelled, UnreadableFileError
from viewers.core.formats import open_document
from viewers.core.sheets import Progress


def test_truncated_dxf_shows_what_it_has(tmp_path):
    whole = drawings.plan(tmp_path / "whole.dxf").read_bytes()
    cut = tmp_path / "cut.dxf"
    entities = whole.index(b"ENTITIES")
    cut.write_bytes(whole[:entities + (len(whole) - entities) // 3])
    document = open_document(cut)
    assert document.report.repaired
    assert any("cut short" in w for w in document.report.warnings)
    assert document.compiled(0).strokes.path_count >= 1


def test_text_in_the_wrong_encoding_is_read_as_utf8_or_windows_1252():
    assert _readable("\udcc3\udca9t\udcc3\udca9") == "été"        # UTF-8 bytes in a cp1252 file
    assert _readable("caf\udce9") == "café"                          # cp1252 byte in a UTF-8 file
    assert _readable("plain") == "plain"


def test_mixed_encoding_file_opens(tmp_path):
    doc = drawings.new_drawing("R2000")
    doc.modelspace().add_text("PLACEHOLDER", height=10)
    doc.saveas(tmp_path / "mixed.dxf")
    raw = (tmp_path / "mixed.dxf").read_bytes()
    # an R2000 file is cp1252; put UTF-8 Arabic and a stray byte in it
    raw = raw.replace(b"PLACEHOLDER", "مطبخ \xe9".encode("utf-8") + b" \xff")
    (tmp_path / "mixed.dxf").write_bytes(raw)
    document = open_document(tmp_path / "mixed.dxf")
    assert document.compiled(0).fills.path_count >= 1


def test_binary_dxf_opens(tmp_path):
    doc = drawings.new_drawing()
    doc.modelspace().add_line((0, 0), (100, 100))
    doc.saveas(tmp_path / "binary.dxf", fmt="bin")
    assert (tmp_path / "binary.dxf").read_bytes().startswith(b"AutoCAD Binary DXF")
    document = open_document(tmp_path / "binary.dxf")
    assert document.compiled(0).strokes.path_count == 1


def _with_raw_entity(tmp_path, name: str, entity: str):
    doc = drawings.new_drawing("R2000")
    doc.modelspace().add_line((0, 0), (100, 0))
    path = tmp_path / name
    doc.saveas(path)
    text = path.read_text("cp1252")
    marker = "ENTITIES\n"
    position = text.index(marker) + len(marker)
    path.write_text(text[:position] + entity + text[position:], "cp1252")
    return path


def test_unknown_entity_types_are_skipped(tmp_path):
    path = _with_raw_entity(tmp_path, "unknown.dxf",
                            "  0\nWIDGET_FROM_THE_FUTURE\n  5\nFFF0\n  8\n0\n 10\n1.0\n 20\n2.0\n")
    document = open_document(path)
    assert document.compiled(0).strokes.path_count == 1   # the line is still there
    assert any("WIDGET_FROM_THE_FUTURE" in w for w in document.report.warnings)


def test_proxy_entities_are_reported_not_fatal(tmp_path):
    proxy = ("  0\nACAD_PROXY_ENTITY\n  5\nFFF1\n100\nAcDbEntity\n  8\n0\n100\n"
             "AcDbProxyEntity\n 90\n498\n 91\n600\n 95\n2\n 70\n0\n")
    document = open_document(_with_raw_entity(tmp_path, "proxy.dxf", proxy))
    assert document.compiled(0).strokes.path_count == 1
    assert document.describe()["entity_counts"]["ACAD_PROXY_ENTITY"] == 1


def test_missing_block_definition_is_a_warning(tmp_path):
    insert = ("  0\nINSERT\n  5\nFFF2\n330\n1F\n100\nAcDbEntity\n  8\n0\n100\nAcDbBlockReference\n"
              "  2\nNO_SUCH_BLOCK\n 10\n5.0\n 20\n5.0\n 30\n0.0\n")
    document = open_document(_with_raw_entity(tmp_path, "noblock.dxf", insert))
    assert any("INSERT" in w and "BLOCK definition" in w for w in document.report.warnings)
    assert document.compiled(0).strokes.path_count == 1


def test_empty_model_space(tmp_path):
    drawings.new_drawing().saveas(tmp_path / "empty.dxf")
    document = open_document(tmp_path / "empty.dxf")
    assert document.sheet_count() == 1
    assert any("empty" in w for w in document.report.warnings)
    assert document.sheet(0).width > 0


def test_extents_of_1e20_do_not_swallow_the_drawing(tmp_path):
    doc = drawings.new_drawing()
    doc.header["$EXTMIN"] = (1e20, 1e20, 1e20)
    doc.header["$EXTMAX"] = (-1e20, -1e20, -1e20)
    msp = doc.modelspace()
    msp.add_line((0, 0), (1000, 500))
    msp.add_line((1e20, 1e20), (1e20 + 1, 1e20))
    doc.saveas(tmp_path / "far.dxf")
    document = open_document(tmp_path / "far.dxf")
    assert document.sheet(0).width == pytest.approx(1040, rel=0.01)
    assert any("far away" in w for w in document.report.warnings)


def test_a_million_entities_report_progress_and_cancel_at_once(tmp_path):
    path = drawings.lines(tmp_path / "million.dxf", 1_000_000)
    progress = Progress()
    updates = []

    def on_progress(fraction, message):
        updates.append(fraction)
        progress.cancel()

    progress.callback = on_progress
    with pytest.raises(RenderCancelled):
        open_cad_document(path, kind="dxf", progress=progress)
    assert updates
    # nothing half-written is left in the cache
    assert not any(cache_root().joinpath(FORMAT_VERSION).rglob("document.json"))


@pytest.mark.slow
def test_a_drawing_too_big_for_the_memory_limit_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("PLANREVIEW_CAD_MEMORY_MB", "700")
    path = drawings.lines(tmp_path / "big.dxf", 1_000_000)
    with pytest.raises(UnreadableFileError, match="more memory"):
        open_cad_document(path, kind="dxf")


def test_dwg_of_an_unsupported_version_names_it_and_what_opens_it(tmp_path):
    path = tmp_path / "old.dwg"
    path.write_bytes(b"AC1006" + bytes(200))
    with pytest.raises(UnreadableFileError) as error:
        open_document(path)
    message = str(error.value)
    assert "DWG R10 (AC1006)" in message and "ODA File Converter" in message


def test_file_named_dwg_that_is_not_one(tmp_path):
    path = tmp_path / "drawing.dwg"
    path.write_bytes(b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X resource fork")
    with pytest.raises(UnreadableFileError, match="not a PDF, DXF or DWG"):
        open_document(path)


def test_dxf_named_dwg_opens_with_a_warning(tmp_path):
    path = drawings.plan(tmp_path / "plan.dwg")
    document = open_document(path)
    assert document.kind == "dxf"
    assert any("named .dwg" in w for w in document.report.warnings)


def test_damaged_dwg_is_a_clear_error(tmp_path):
    path = tmp_path / "damaged.dwg"
    path.write_bytes(b"AC1015" + os.urandom(4000))
    with pytest.raises(UnreadableFileError, match=r"DWG 2000 \(AC1015\)"):
        open_document(path)


def test_unreadable_compiled_cache_is_rebuilt(tmp_path):
    path = drawings.plan(tmp_path / "plan.dxf")
    open_document(path)
    for meta in cache_root().rglob("document.json"):
        meta.write_text("{not json", "utf-8")
    assert not open_document(path).from_cache
    assert os.listdir(cache_root() / FORMAT_VERSION)
