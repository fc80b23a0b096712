"""Text as ezdxf draws it, faster: MTEXT laid out once per content and look, then drawn
wherever it stands; glyph outlines kept as arrays per font. The same picture as ezdxf
laying out every MTEXT and filling every glyph path itself."""
from __future__ import annotations

import contextlib
import io
import json

import ezdxf
import numpy as np

from tests.viewers.cad import drawings
from tests.viewers.cad.test_plain_geometry import pixels
from viewers.core.cad import compiler, worker
from viewers.core.cad.document import CadDocument

LABEL = "\\A1;{\\pqc;\\fArial|b0|i0|c0|p34;4200}"


def labelled_drawing(path):
    doc = drawings.new_drawing()
    doc.layers.add("TEXT", color=5)
    msp = doc.modelspace()
    msp.add_line((0, 0), (4000, 3000))
    for i, (x, y, angle) in enumerate([(0, 0, 0), (1500, 0, 30), (3000, 500, 90),
                                        (500, 2000, 180), (2500, 2500, 0)]):
        label = msp.add_mtext(LABEL, dxfattribs={"char_height": 120, "layer": "TEXT",
                                                 "rotation": angle, "attachment_point": 5})
        label.set_location((x, y))
        if i == 4:
            label.dxf.color = 1                     # the same content in another colour
    framed = msp.add_mtext("{\\LROOM} \\S1/2;\\Pnext line", dxfattribs={"char_height": 90})
    framed.set_location((200, 1200))
    framed.set_bg_color(2, scale=1.5)
    twin = msp.add_mtext("{\\LROOM} \\S1/2;\\Pnext line", dxfattribs={"char_height": 90})
    twin.set_location((2200, 1200))
    twin.set_bg_color(2, scale=1.5)
    block = doc.blocks.new("TAG")
    block.add_mtext(LABEL, dxfattribs={"char_height": 60, "attachment_point": 7})
    block.add_attdef("NO", (0, -100), dxfattribs={"height": 40})
    for x in (0, 1000, 2000):
        msp.add_blockref("TAG", (x, 2800), dxfattribs={"rotation": x / 100}).add_auto_attribs(
            {"NO": str(x)})
    doc.saveas(path)
    return path


def compiled(path, folder) -> CadDocument:
    with contextlib.redirect_stdout(io.StringIO()):
        worker.compile_to(path, "dxf", path.name, folder)
    meta = json.loads((folder / "document.json").read_text("utf-8"))
    return CadDocument(path, "dxf", folder, meta, cached=False)


def test_kept_mtext_layouts_draw_as_ezdxf_lays_out_each(tmp_path, monkeypatch):
    path = labelled_drawing(tmp_path / "labels.dxf")
    laid_out = []
    keep = compiler._Frontend.draw_complex_mtext

    def counting(self, mtext, properties):
        keep(self, mtext, properties)
        laid_out.append(len(self.mtext_layouts))

    monkeypatch.setattr(compiler._Frontend, "draw_complex_mtext", counting)
    kept = compiled(path, tmp_path / "kept")
    assert laid_out and laid_out[-1] < len(laid_out)     # some were drawn from a kept one
    monkeypatch.setattr(compiler, "_mtext_layout_key", lambda mtext, properties: None)
    each = compiled(path, tmp_path / "each")
    a, b = pixels(kept), pixels(each)
    assert (a < 250).any(axis=2).sum() > 1000
    assert np.array_equal(a, b)
    assert kept.compiled(0).path_count == each.compiled(0).path_count
    assert kept.meta["warnings"] == each.meta["warnings"] == []


def test_the_layout_key_tells_apart_what_changes_the_look():
    doc = ezdxf.new()
    msp = doc.modelspace()
    first = msp.add_mtext(LABEL, dxfattribs={"char_height": 120})
    moved = msp.add_mtext(LABEL, dxfattribs={"char_height": 120, "rotation": 45})
    moved.set_location((100, 100))
    taller = msp.add_mtext(LABEL, dxfattribs={"char_height": 150})
    from ezdxf.addons.drawing.properties import Properties

    properties = Properties()
    key = compiler._mtext_layout_key
    assert key(first, properties) == key(moved, properties)
    assert key(first, properties) != key(taller, properties)
    red = Properties()
    red.color = "#ff0000"
    assert key(first, properties) != key(first, red)


def texts_drawing(path):
    """TEXT in every alignment, rotated, condensed and slanted; a TrueType style; MTEXT
    with a fraction, underline, colour and font changes; attributes; Arabic."""
    doc = drawings.new_drawing()
    doc.styles.add("SERIF", font="DejaVuSerif.ttf")
    msp = doc.modelspace()
    msp.add_line((0, 0), (6000, 4000))
    for i, align in enumerate(("LEFT", "CENTER", "RIGHT", "MIDDLE_CENTER", "TOP_RIGHT")):
        msp.add_text(f"Room {i} (12.5 m2)", height=100 + 20 * i, dxfattribs={
            "rotation": 15 * i, "width": 0.7 + 0.1 * i, "oblique": 10 * (i % 2),
            "style": "SERIF" if i % 2 else "Standard"}).set_placement(
            (500 + 1000 * i, 500 + 300 * i), align=ezdxf.enums.TextEntityAlignment[align])
    msp.add_mtext("{\\C1;Fire\\C3; exit} \\S3/4; \\Lunder\\l \\fDejaVu Serif|b1;bold",
                  dxfattribs={"char_height": 120}).set_location((300, 3000))
    msp.add_text("مخرج الطوارئ", height=150).set_placement((3000, 3500))
    block = doc.blocks.new("TAG")
    block.add_attdef("NO", (0, 0), dxfattribs={"height": 80})
    for x in (0, 1500):
        msp.add_blockref("TAG", (x, 2000), dxfattribs={"rotation": 20}).add_auto_attribs(
            {"NO": f"D-{x}"})
    doc.saveas(path)
    return path


def test_text_from_glyph_arrays_fills_as_ezdxf_fills_glyph_paths(tmp_path, monkeypatch):
    path = texts_drawing(tmp_path / "texts.dxf")
    fast = compiled(path, tmp_path / "fast")
    monkeypatch.setattr(compiler._Pipeline, "_filled_from_glyph_arrays",
                        lambda self, *args: False)
    ezdxf_drawn = compiled(path, tmp_path / "ezdxf")
    a, b = pixels(fast), pixels(ezdxf_drawn)
    ink = (a < 250).any(axis=2) | (b < 250).any(axis=2)
    assert ink.sum() > 5000
    differs = (np.abs(a - b) > 32).any(axis=2)
    assert differs.sum() <= ink.sum() * 0.001, f"{differs.sum()} of {ink.sum()} ink pixels"
    assert fast.compiled(0).path_count == ezdxf_drawn.compiled(0).path_count
    assert fast.meta["warnings"] == ezdxf_drawn.meta["warnings"]
