import ezdxf

from viewers.core.cad import open_cad_document


def test_a_stray_far_entity_does_not_shrink_the_fitted_view(tmp_path):
    doc = ezdxf.new("R2018")
    msp = doc.modelspace()
    for i in range(40):
        msp.add_line((i * 100, 0), (i * 100, 3000))
        msp.add_line((0, i * 75), (4000, i * 75))
    msp.add_point((9_000_000, 5_000_000))      # a forgotten survey point kilometres away
    doc.saveas(tmp_path / "stray.dxf")
    sheet = open_cad_document(tmp_path / "stray.dxf", kind="dxf").compiled(0)
    assert sheet.extents[2] >= 9_000_000         # the sheet still spans everything
    x0, y0, x1, y1 = sheet.content_extents
    assert x1 <= 4001 and y1 <= 3001 and x0 >= -1 and y0 >= -1


def test_small_drawings_keep_their_extents(tmp_path):
    doc = ezdxf.new("R2018")
    doc.modelspace().add_line((0, 0), (10, 10))
    doc.saveas(tmp_path / "small.dxf")
    sheet = open_cad_document(tmp_path / "small.dxf", kind="dxf").compiled(0)
    assert sheet.content_extents == sheet.extents


def test_a_minor_group_far_from_the_plan_is_left_out_of_the_fitted_view(tmp_path):
    """A georeferenced plan some 780 km from the origin, with a small legend drawn at the
    origin (a few per cent of the vertices): the view fits the plan."""
    doc = ezdxf.new("R2018")
    msp = doc.modelspace()
    x, y = 770_000.0, -100_000.0
    for i in range(100):
        msp.add_line((x + i * 100, y), (x + i * 100, y + 8000))
        msp.add_line((x, y + i * 80), (x + 10_000, y + i * 80))
    for i in range(4):
        msp.add_line((0, i * 100), (1000, i * 100))       # the legend at the origin
    doc.saveas(tmp_path / "far.dxf")
    sheet = open_cad_document(tmp_path / "far.dxf", kind="dxf").compiled(0)
    assert sheet.extents[0] <= 0                 # the sheet still spans the legend
    x0, y0, x1, y1 = sheet.content_extents
    assert x0 >= x - 1 and x1 <= x + 10_001 and y0 >= y - 1 and y1 <= y + 8001
