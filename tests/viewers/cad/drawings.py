"""DXF test drawings generated with ezdxf (the corpus is never needed by these)."""
from __future__ import annotations

from pathlib import Path

import ezdxf
from ezdxf import units


def new_drawing(version: str = "R2018", insunits: int = units.MM):
    doc = ezdxf.new(version, setup=True)
    doc.units = insunits
    return doc


def plan(path: Path) -> Path:
    """A small plan: walls on WALLS, a door arc, a column circle, text, a solid hatch, a block
    inserted twice with an attribute, and a hidden layer."""
    doc = new_drawing()
    doc.layers.add("WALLS", color=1)
    doc.layers.add("HIDDEN", color=3).off()
    msp = doc.modelspace()
    msp.add_lwpolyline([(0, 0), (10000, 0), (10000, 6000), (0, 6000)], close=True,
                       dxfattribs={"layer": "WALLS"})
    msp.add_line((0, 3000), (10000, 3000), dxfattribs={"layer": "WALLS"})
    msp.add_line((5000, 0), (5000, 6000), dxfattribs={"layer": "WALLS"})
    msp.add_circle((2000, 2000), 300)
    msp.add_arc((8000, 1000), 900, 0, 90)
    msp.add_text("KITCHEN", height=250).set_placement((6000, 4500))
    hatch = msp.add_hatch(color=5)
    hatch.paths.add_polyline_path([(7000, 4000), (9000, 4000), (9000, 5500), (7000, 5500)])
    block = doc.blocks.new("TAG")
    block.add_circle((0, 0), 200)
    block.add_attdef("NO", (0, -100), dxfattribs={"height": 150})
    for x, number in ((1000, "1"), (3000, "2")):
        msp.add_blockref("TAG", (x, 5000)).add_auto_attribs({"NO": number})
    msp.add_line((-500, -500), (-400, -400), dxfattribs={"layer": "HIDDEN"})
    doc.saveas(path)
    return path


def lines(path: Path, count: int, *, columns: int = 1000) -> Path:
    """`count` short lines in a grid, written as plain DXF text (fast for huge counts)."""
    with path.open("w", encoding="ascii") as f:
        f.write("0\nSECTION\n2\nENTITIES\n")
        for i in range(count):
            x, y = (i % columns) * 10.0, (i // columns) * 10.0
            f.write(f"0\nLINE\n8\n0\n10\n{x}\n20\n{y}\n30\n0\n11\n{x + 8}\n21\n{y + 8}\n31\n0\n")
        f.write("0\nENDSEC\n0\nEOF\n")
    return path
