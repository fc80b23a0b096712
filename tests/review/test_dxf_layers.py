"""A DXF copy with the markups on REVIEW-<DISCIPLINE> layers that passes ezdxf's audit."""
from __future__ import annotations

import hashlib
from pathlib import Path

import ezdxf
import ezdxf.bbox
import pytest
from ezdxf.math import Vec2

from review.exchange.dxf_layers import APPID, DxfExportError, write_review_dxf
from review.exchange.frames import PlacementError
from review.markups import Markup, MarkupKind, Measurement

K = MarkupKind


def drawing(path: Path) -> Path:
    doc = ezdxf.new("R2018", setup=True, units=4)  # millimetres
    msp = doc.modelspace()
    msp.add_lwpolyline([(0, 0), (12000, 0), (12000, 8000), (0, 8000)], close=True)
    doc.header["$EXTMIN"] = (0, 0, 0)
    doc.header["$EXTMAX"] = (12000, 8000, 0)
    doc.layouts.new("A-101")
    doc.saveas(path)
    return path


def all_kinds() -> list[Markup]:
    return [
        Markup(0, K.CLOUD, ((1000, 1000), (4000, 1000), (4000, 3000), (1000, 3000)),
               text="Stair width"),
        Markup(0, K.CALLOUT, ((5000, 2000), (6000, 4000), (9000, 3000)),
               discipline="structural", text="Beam depth?\nعمق الجسر"),
        Markup(0, K.TEXT, ((500, 7500), (4000, 7000)), text="General note"),
        Markup(0, K.ARROW, ((6000, 6000), (8000, 7000))),
        Markup(0, K.LINE, ((100, 100), (900, 100))),
        Markup(0, K.POLYLINE, ((100, 5000), (900, 5500), (1500, 5000))),
        Markup(0, K.RECTANGLE, ((9000, 500), (11000, 1500))),
        Markup(0, K.ELLIPSE, ((9000, 2000), (10000, 4000))),
        Markup(0, K.HIGHLIGHT, ((9000, 5000), (11000, 6000))),
        Markup(0, K.FREEHAND, ((2000, 5000), (2200, 5300), (2500, 5100))),
        Markup(0, K.STAMP, ((5000, 6500), (7500, 7500)), text="Not Approved"),
        Markup(0, K.LENGTH, ((0, 0), (12000, 0)),
               measurement=Measurement(12000, "mm", scale="drawing units: mm")),
        Markup(0, K.POLYLENGTH, ((0, 0), (0, 8000), (12000, 8000))),
        Markup(0, K.AREA, ((0, 0), (12000, 0), (12000, 8000), (0, 8000)),
               measurement=Measurement(96e6, "mm2", perimeter=40000)),
        Markup(0, K.COUNT, ((3000, 4000), (3500, 4000))),
        Markup(0, K.ANGLE, ((100, 100), (0, 0), (0, 100))),
        # sheets: model space, then paper layouts in tab order (Layout1, A-101)
        Markup(2, K.CLOUD, ((10, 10), (100, 10), (100, 60)), discipline="fire"),
    ]


def test_copy_has_review_layers_and_passes_audit(tmp_path):
    source = drawing(tmp_path / "plan.dxf")
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    markups = all_kinds()
    report = write_review_dxf(source, markups, tmp_path / "reviewed.dxf")
    assert hashlib.sha256(source.read_bytes()).hexdigest() == digest
    assert report.layers == ("REVIEW-ARCH", "REVIEW-FIRE", "REVIEW-STRUCT")
    doc = ezdxf.readfile(report.path)
    auditor = doc.audit()
    assert not auditor.has_errors and not auditor.has_fixes
    assert doc.layers.get("REVIEW-ARCH").rgb == (0xD3, 0x2F, 0x2F)
    msp = doc.modelspace()
    review = [e for e in msp if e.dxf.layer.startswith("REVIEW-")]
    types = {e.dxftype() for e in review}
    assert {"LWPOLYLINE", "MTEXT", "HATCH", "SOLID"} <= types
    assert not types & {"MULTILEADER", "LEADER"}    # LibreCAD draws neither
    cloud = next(e for e in review if e.get_xdata(APPID)[0] == (1000, str(markups[0].id))
                 and e.dxftype() == "LWPOLYLINE")
    assert cloud.closed and len(cloud) > 12  # scallops, not the four corners
    callout = [e for e in review if e.get_xdata(APPID)[0] == (1000, str(markups[1].id))]
    assert sorted(e.dxftype() for e in callout) == ["LWPOLYLINE", "LWPOLYLINE", "MTEXT",
                                                    "SOLID"]   # box, leader, text, head
    assert {e.dxf.layer for e in callout} == {"REVIEW-STRUCT"}
    (text,) = [e for e in callout if e.dxftype() == "MTEXT"]
    assert text.text == "Beam depth?\\Pعمق الجسر"     # logical order, not shaped forms
    assert text.dxf.style == "PLANREVIEW"
    assert doc.styles.get("PLANREVIEW").dxf.font == "DejaVuSans.ttf"
    head = next(e for e in callout if e.dxftype() == "SOLID")
    assert Vec2(head.dxf.vtx0).isclose(Vec2(5000, 2000))  # the tip, where the reviewer put it
    highlight = next(e for e in review if e.dxftype() == "HATCH"
                     and e.get_xdata(APPID)[0] == (1000, str(markups[8].id)))
    assert 0 < highlight.transparency < 1
    texts = " ".join(e.text for e in review if e.dxftype() == "MTEXT")
    assert "General note" in texts and "12.00 m" in texts and "96.00 m²" in texts
    assert "Stair width" in texts and "NOT APPROVED" in texts
    paper = doc.layouts.get("A-101")
    assert [e.dxf.layer for e in paper if e.dxf.layer.startswith("REVIEW")] == ["REVIEW-FIRE"]


def test_clouds_scallop_outwards_whatever_the_winding(tmp_path):
    source = drawing(tmp_path / "plan.dxf")
    square = ((0, 0), (100, 0), (100, 100), (0, 100))
    markups = [Markup(0, K.CLOUD, square), Markup(0, K.CLOUD, square[::-1])]
    doc = ezdxf.readfile(write_review_dxf(source, markups, tmp_path / "out.dxf").path)
    clouds = [e for e in doc.modelspace() if e.dxf.layer == "REVIEW-ARCH"]
    for cloud in clouds:
        box = ezdxf.bbox.extents([cloud])
        assert box.extmin.x < -1 and box.extmax.x > 101  # arcs reach beyond the square


def test_bad_placement_and_bad_source(tmp_path):
    source = drawing(tmp_path / "plan.dxf")
    with pytest.raises(PlacementError, match="sheet 5 does not exist"):
        write_review_dxf(source, [Markup(5, K.COUNT, ((0, 0),))], tmp_path / "out.dxf")
    with pytest.raises(DxfExportError, match="new file"):
        write_review_dxf(source, [], source)
    junk = tmp_path / "junk.dxf"
    junk.write_text("this is not a drawing\n")
    with pytest.raises(DxfExportError, match="not a readable DXF"):
        write_review_dxf(junk, [], tmp_path / "out.dxf")


def test_measured_captions_follow_the_export_language(tmp_path):
    source = drawing(tmp_path / "plan.dxf")
    area = next(m for m in all_kinds() if m.kind == K.AREA)

    def captions(language: str) -> list[str]:
        out = write_review_dxf(source, [area], tmp_path / f"{language}.dxf",
                               language=language).path
        return [e.text for e in ezdxf.readfile(out).modelspace().query("MTEXT")]

    assert captions("en") == ["96.00 m² (perimeter 40.00 m)"]
    (arabic,) = captions("ar")
    assert arabic == "96.00 م² (المحيط 40.00 م)"      # logical order: CAD programs shape it
