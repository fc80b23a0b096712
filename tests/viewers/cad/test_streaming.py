"""Model space streamed: a sound DXF R2000+ is read without its model space, whose entities
are read one at a time as they are drawn. The compiled sheets must equal those of the
whole-document reader; whatever cannot be streamed is read whole, as before."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import ezdxf
import numpy as np
import pytest

from tests.viewers.cad import drawings
from viewers.core.cad import worker
from viewers.core.cad.loader import StreamingUnsupported, read_dxf, read_dxf_streamed

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture(autouse=True)
def quiet_worker(monkeypatch):
    monkeypatch.setattr(worker, "emit", lambda **message: None)


def rich_drawing(path: Path) -> Path:
    """What needs the document while drawing (blocks with attributes, old-style polylines,
    dimensions, hatches, MTEXT) and a paper-space layout whose viewport shows model space."""
    doc = drawings.new_drawing()
    drawings.plan(path)
    doc = ezdxf.readfile(path)
    msp = doc.modelspace()
    msp.add_polyline2d([(0, 0), (1000, 500), (2000, 0)], dxfattribs={"layer": "WALLS"})
    msp.add_linear_dim(base=(0, -800), p1=(0, 0), p2=(10000, 0)).render()
    msp.add_mtext("GROUND FLOOR\\PPLAN", dxfattribs={"char_height": 300}).set_location(
        (500, 7000))
    msp.add_line((0, 0), (10000, 6000), dxfattribs={"linetype": "DASHED"})
    layout = doc.layouts.new("A-101")
    layout.page_setup(size=(420, 297), margins=(10, 10, 10, 10), units="mm")
    layout.add_viewport(center=(200, 140), size=(300, 200), view_center_point=(5000, 3000),
                        view_height=8000)
    layout.add_text("TITLE", height=5).set_placement((20, 20))
    doc.saveas(path)
    return path


def r2018_lines(path: Path, count: int) -> Path:
    doc = drawings.new_drawing()
    msp = doc.modelspace()
    for i in range(count):
        x, y = (i % 100) * 10.0, (i // 100) * 10.0
        msp.add_line((x, y), (x + 8, y + 8))
    doc.saveas(path)
    return path


def compile_both(path: Path, tmp_path: Path) -> tuple[Path, Path]:
    whole, streamed = tmp_path / "whole", tmp_path / "streamed"
    whole.mkdir()
    streamed.mkdir()
    doc, warnings, repaired = read_dxf(path)
    worker.compile_sheets(doc, None, path.name, whole, {}, warnings, repaired=repaired)
    doc, model_space = read_dxf_streamed(path)
    worker.compile_sheets(doc, model_space, path.name, streamed, {}, [], repaired=False)
    return whole, streamed


def assert_same_output(first: Path, second: Path) -> None:
    meta_first = json.loads((first / "document.json").read_text("utf-8"))
    meta_second = json.loads((second / "document.json").read_text("utf-8"))
    assert meta_first == meta_second
    for sheet in meta_first["sheets"]:
        files = sorted(f.name for f in (first / sheet["folder"]).iterdir())
        assert files == sorted(f.name for f in (second / sheet["folder"]).iterdir())
        for name in files:
            a, b = first / sheet["folder"] / name, second / sheet["folder"] / name
            if name.endswith(".npy"):
                np.testing.assert_array_equal(np.load(a), np.load(b), err_msg=name)
            else:
                assert a.read_bytes() == b.read_bytes(), name


def test_streamed_model_space_compiles_as_the_whole_document(tmp_path):
    path = rich_drawing(tmp_path / "rich.dxf")
    whole, streamed = compile_both(path, tmp_path)
    assert_same_output(whole, streamed)
    meta = json.loads((streamed / "document.json").read_text("utf-8"))
    assert [s["name"] for s in meta["sheets"]] == ["Model", "A-101"]
    assert meta["layouts"][0]["entity_counts"]["INSERT"] == 2
    assert meta["sheets"][1]["path_count"] > 1   # the viewport shows the model space


def test_model_space_entities_are_read_one_at_a_time(tmp_path):
    path = r2018_lines(tmp_path / "lines.dxf", 2000)
    doc, model_space = read_dxf_streamed(path)
    assert len(doc.modelspace()) == 0 and len(model_space) == 2000
    held = len(doc.entitydb)
    previous = None
    for entity in model_space.entities():
        assert entity.dxf.handle in doc.entitydb
        assert previous is None or previous.dxf.handle is None   # gone once drawn
        previous = entity
    assert len(doc.entitydb) == held


def test_a_repaired_model_space_entity_is_reported_as_the_whole_reader_does(tmp_path):
    doc = drawings.new_drawing()
    doc.modelspace().add_text("X", dxfattribs={"style": "MISSING"})
    doc.modelspace().add_line((0, 0), (1, 1))
    path = tmp_path / "style.dxf"
    doc.saveas(path)
    whole, streamed = compile_both(path, tmp_path)
    assert_same_output(whole, streamed)


@pytest.mark.parametrize("make", ["r12", "binary", "draw_order"])
def test_files_that_cannot_be_streamed_are_read_whole(tmp_path, make):
    path = tmp_path / f"{make}.dxf"
    if make == "r12":
        doc = drawings.new_drawing("R12")
        doc.modelspace().add_line((0, 0), (1, 1))
        doc.saveas(path)
    elif make == "binary":
        doc = drawings.new_drawing()
        doc.modelspace().add_line((0, 0), (1, 1))
        doc.saveas(path, fmt="bin")
    else:
        doc = drawings.new_drawing()
        msp = doc.modelspace()
        first, second = msp.add_line((0, 0), (1, 1)), msp.add_circle((0, 0), 1)
        msp.set_redraw_order({first.dxf.handle: "FF", second.dxf.handle: "1"})
        doc.saveas(path)
    with pytest.raises(StreamingUnsupported):
        read_dxf_streamed(path)
    worker.compile_to(path, "dxf", path.name, tmp_path)
    meta = json.loads((tmp_path / "document.json").read_text("utf-8"))
    assert meta["sheets"][0]["entity_count"] == (1 if make != "draw_order" else 2)


def test_an_entity_that_cannot_be_streamed_sends_the_file_to_the_whole_reader(tmp_path):
    """An entity in ENTITIES owned by neither model nor paper space: found while drawing."""
    doc = drawings.new_drawing()
    doc.modelspace().add_line((0, 0), (1, 1))
    circle = doc.modelspace().add_circle((0, 0), 1)
    path = tmp_path / "owner.dxf"
    doc.saveas(path)
    tags = f"\nCIRCLE\n  5\n{circle.dxf.handle}\n330\n{circle.dxf.owner}\n"
    text = path.read_text("utf-8")
    assert tags in text
    path.write_text(text.replace(tags, f"\nCIRCLE\n  5\n{circle.dxf.handle}\n330\nABCDEF\n"),
                    "utf-8")
    doc, model_space = read_dxf_streamed(path)
    with pytest.raises(StreamingUnsupported):
        list(model_space.entities())
    output = tmp_path / "out"
    output.mkdir()
    worker.compile_to(path, "dxf", path.name, output)
    meta = json.loads((output / "document.json").read_text("utf-8"))
    assert meta["sheets"][0]["entity_count"] == 2


def test_the_worker_reports_its_peak_memory(tmp_path):
    path = r2018_lines(tmp_path / "many.dxf", 5000)
    output = tmp_path / "out"
    output.mkdir()
    finished = subprocess.run(
        [sys.executable, "-m", "viewers.core.cad.worker", str(path), "dxf", path.name,
         str(output)], capture_output=True, text=True, cwd=REPO, check=True)
    last = json.loads(finished.stdout.strip().splitlines()[-1])
    assert last["done"] is True
    assert 0 < last["ready_rss_mb"] < last["peak_rss_mb"]
