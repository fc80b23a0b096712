"""The compiled form's coordinates: float32 relative to each chunk keeps georeferenced
drawings (coordinates in the millions) precise to well under a millimetre."""
from __future__ import annotations

import ezdxf
import numpy as np

from tests.viewers.cad import drawings
from viewers.core.cad import open_cad_document
from viewers.core.cad.compiled import CompiledSheet, SnapGeometry

EAST, NORTH = 612_345.0, 2_610_987.0    # a UTM-like position, in metres


def test_georeferenced_vertices_keep_sub_millimetre_precision(tmp_path):
    doc = drawings.new_drawing()
    doc.units = 6   # metres
    rng = np.random.default_rng(7)
    # Buildings 40 m apart over a kilometre, corners given to the tenth of a millimetre.
    ends = []
    for building in range(25):
        x0 = EAST + (building % 5) * 200.0 + rng.uniform(0, 40)
        y0 = NORTH + (building // 5) * 200.0 + rng.uniform(0, 40)
        for _ in range(16):
            start = (round(x0 + rng.uniform(0, 30), 4), round(y0 + rng.uniform(0, 30), 4))
            end = (round(start[0] + rng.uniform(0.0001, 5), 4), round(start[1] + 0.0001, 4))
            doc.modelspace().add_line(start, end)
            ends += [start, end]
    doc.saveas(tmp_path / "site.dxf")
    sheet = open_cad_document(tmp_path / "site.dxf", kind="dxf").compiled(0)
    assert sheet.strokes.xy.dtype == np.float32
    compiled = np.concatenate([sheet.strokes.chunk_vertices(c)[0]
                               for c in range(len(sheet.strokes.chunk_group))])
    source = np.array(ends)
    assert len(compiled) == len(source)
    nearest = np.hypot(*(compiled[:, None, :] - source[None, :, :]).transpose(2, 0, 1)).min(1)
    # float32 keeps 24 bits: a chunk spanning this kilometre site rounds to ~0.06 mm
    assert nearest.max() < 1e-4     # a tenth of a millimetre


def test_snap_geometry_written_in_slices_is_the_same_as_written_whole(tmp_path, monkeypatch):
    from viewers.core.cad import compiler

    path = drawings.plan(tmp_path / "plan.dxf")
    doc = ezdxf.readfile(path)
    compiler.compile_layout(doc, doc.modelspace(), tmp_path / "whole", units="mm",
                            mm_per_unit=1.0)
    whole = CompiledSheet.load(tmp_path / "whole").snap
    slices = compiler._slices
    monkeypatch.setattr(compiler, "_slices", lambda array: slices(array, rows=2))
    compiler.compile_layout(doc, doc.modelspace(), tmp_path / "sheet", units="mm",
                            mm_per_unit=1.0)
    sliced = CompiledSheet.load(tmp_path / "sheet").snap
    assert len(whole.segments) > 4 and len(whole.midpoints) > 2
    for name in SnapGeometry.__dataclass_fields__:
        np.testing.assert_array_equal(getattr(whole, name), getattr(sliced, name), err_msg=name)
