"""A layer turned off in the file hides everything on it, including the parts of a dimension
or a leader (which sit in an anonymous block on layer 0), as in a CAD program."""
from __future__ import annotations

import ezdxf
import ezdxf.math
import ezdxf.render.mleader
import numpy as np

from viewers.core.formats import open_document


def drawn_layers(sheet, paths) -> set[str]:
    """Names of the layers whose groups hold any of these paths."""
    return {sheet.layers[sheet.groups[g].layer].name for g in np.unique(paths.chunk_group)}


def test_a_dimension_on_an_off_layer_is_filed_whole_under_that_layer(tmp_path):
    doc = ezdxf.new("R2018", setup=True)
    doc.layers.add("DIMS").off()
    doc.layers.add("WALLS")
    msp = doc.modelspace()
    msp.add_line((0, 0), (5000, 0), dxfattribs={"layer": "WALLS"})
    dimension = msp.add_linear_dim(base=(0, 800), p1=(0, 0), p2=(5000, 0),
                                   dxfattribs={"layer": "DIMS"})
    dimension.render()
    leader = msp.add_multileader_mtext("Standard")
    leader.set_content("see detail 4")
    leader.add_leader_line(ezdxf.render.mleader.ConnectionSide.left, [ezdxf.math.Vec2(2500, 0)])
    leader.build(insert=ezdxf.math.Vec2(3000, 1500))
    leader.multileader.dxf.layer = "DIMS"
    doc.saveas(tmp_path / "dims.dxf")

    sheet = open_document(tmp_path / "dims.dxf").compiled(0)
    layers = {layer.name: layer for layer in sheet.layers}
    assert not layers["DIMS"].visible and layers["WALLS"].visible
    # the dimension's lines, arrows and text and the leader are all on DIMS, nothing on 0
    assert drawn_layers(sheet, sheet.strokes) | drawn_layers(sheet, sheet.fills) == {
        "DIMS", "WALLS"}
