"""XFDF: lossless round trip of our markups, import of other tools' XFDF, clear errors."""
from __future__ import annotations

from dataclasses import replace

import pymupdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from review.exchange.frames import SheetFrame, pdf_frames
from review.exchange.xfdf import XfdfError, export_xfdf, import_xfdf
from review.markups import Markup, MarkupKind, MarkupStatus
from tests.review.strategies import markups


def frames_of_plan() -> tuple[SheetFrame, ...]:
    """A landscape sheet, a portrait sheet shown rotated, and one with an offset media box."""
    doc = pymupdf.open()
    doc.new_page(width=842, height=595)
    doc.new_page(width=595, height=842).set_rotation(90)
    page = doc.new_page(width=900, height=900)
    doc.xref_set_key(page.xref, "MediaBox", "[100 50 1000 950]")
    return pdf_frames(doc)


FRAMES = frames_of_plan()


@settings(max_examples=60, deadline=None)
@given(st.lists(markups(), max_size=5, unique_by=lambda m: m.id))
def test_round_trip_without_loss(items):
    text = export_xfdf(items, FRAMES, pdf_name="plan.pdf")
    imported = import_xfdf(text, FRAMES)
    assert not imported.warnings
    assert sorted(imported.markups, key=lambda m: str(m.id)) == \
        sorted(items, key=lambda m: str(m.id))


def test_export_is_standard_xfdf():
    cloud = Markup(0, MarkupKind.CLOUD, ((100, 100), (200, 100), (200, 150)), text="Check",
                   author="Reviewer", status=MarkupStatus.RESOLVED)
    text = export_xfdf([cloud], FRAMES, pdf_name="plan.pdf")
    assert text.startswith("<?xml")
    assert '<xfdf xmlns="http://ns.adobe.com/xfdf/"' in text
    assert 'style="cloudy"' in text and 'title="Reviewer"' in text
    assert 'subject="Architectural"' in text
    assert f'inreplyto="{cloud.id}"' in text and 'state="Completed" statemodel="Review"' in text
    # y up in PDF space: the sheet's y=100 (from the top) is 495 from the bottom
    assert "<vertices>100,495;200,495;200,445;100,495</vertices>" in text


def test_edits_made_by_another_tool_win():
    line = Markup(0, MarkupKind.LINE, ((100, 100), (200, 100)), text="Check")
    text = export_xfdf([line], FRAMES)
    text = text.replace('start="100,495"', 'start="110,485"').replace(
        "<contents>Check</contents>", "<contents>Checked on site</contents>")
    (imported,) = import_xfdf(text, FRAMES).markups
    assert imported.points == ((110, 110), (200, 100))
    assert imported.text == "Checked on site"
    assert imported.id == line.id


BLUEBEAM_STYLE = """<?xml version="1.0" encoding="UTF-8"?>
<xfdf xmlns="http://ns.adobe.com/xfdf/" xml:space="preserve">
<annots>
<polygon page="0" rect="90,390,310,510" color="#FF0000" creationdate="D:20250110083000+04'00'"
 date="D:20250110090000+04'00'" name="a1b2c3d4" title="Consultant QA" subject="Structural"
 style="cloudy" intensity="1" width="1.5" opacity="1" flags="print">
<contents>Beam B3 depth?</contents>
<vertices>100,400;300,400;300,500;100,500</vertices>
</polygon>
<freetext page="1" rect="50,50,250,100" color="#0000FF" name="note-7" title="Architect"
 subject="Architectural" intent="FreeTextCallout" callout="20,20,50,75">
<contents>Fire exit</contents>
<defaultappearance>0 0 1 rg /Helv 12 Tf</defaultappearance>
</freetext>
<ink page="0" rect="0,0,50,50" name="ink1" title="Consultant QA" color="#00FF00">
<inklist><gesture>10,10;20,30;40,20</gesture></inklist>
</ink>
<text page="0" rect="100,500,120,520" name="r1" inreplyto="a1b2c3d4" title="Engineer"
 date="D:20250111100000Z"><contents>Depth is 600 mm</contents></text>
<text page="0" rect="100,500,120,520" name="r2" inreplyto="a1b2c3d4" title="Engineer"
 state="Accepted" statemodel="Review" date="D:20250111100500Z"/>
<fileattachment page="0" rect="0,0,10,10" name="f1"/>
<caret page="0" rect="300,300,310,310" name="c1" title="QA"><contents>insert</contents></caret>
<sound page="0" rect="0,0,1,1"/>
<widget page="0"/>
<underline page="0" rect="10,10,60,20" name="u1" coords="10,20,60,20,10,10,60,10"/>
</annots>
<f href="Structural set.pdf"/>
</xfdf>
"""


def test_import_xfdf_written_by_another_tool():
    imported = import_xfdf(BLUEBEAM_STYLE, FRAMES)
    by_kind = {m.kind: m for m in imported.markups}
    cloud = by_kind[MarkupKind.CLOUD]
    assert cloud.discipline == "structural" and cloud.author == "Consultant QA"
    assert cloud.points[0] == (100, 195) and not cloud.read_only
    assert cloud.created.hour == 4 and cloud.created.minute == 30  # +04:00 converted to UTC
    assert [r.text for r in cloud.replies] == ["Depth is 600 mm"]
    assert cloud.status == MarkupStatus.ANSWERED
    assert cloud.style.colour == "#FF0000"
    callout = by_kind[MarkupKind.CALLOUT]
    assert callout.sheet == 1 and callout.text == "Fire exit" and len(callout.points) == 3
    assert by_kind[MarkupKind.FREEHAND].points[1] == (20, 565)
    assert MarkupKind.HIGHLIGHT in by_kind and by_kind[MarkupKind.TEXT].text == "insert"
    assert imported.warnings == ()


@pytest.mark.parametrize("text, message", [
    ("<xfdf><annots><square page='0' rect='1,2,3,4'></annots></xfdf>",
     "not well-formed XML: mismatched tag at line 1"),
    ("<?xml version='1.0'?>\n<xfdf>\n<annots>\n<square page='0' rect='1,2,x,4'/>\n"
     "</annots></xfdf>", "line 4: <square> rect: '1,2,x,4' is not a list of numbers"),
    ("<xfdf><annots>\n<square page='9' rect='1,2,3,4'/></annots></xfdf>",
     "line 2: <square> page: sheet 9 does not exist"),
    ("<xfdf><annots><line page='0' start='1,2'/></annots></xfdf>", "end: '' is not 2"),
    ("<xfdf><annots><polygon page='0'><vertices>1,2;3</vertices></polygon></annots></xfdf>",
     "vertices: '1,2;3' is not an even number"),
    ("<fdf/>", "root element is <fdf>"),
    ("", "not well-formed XML: no element found"),
])
def test_malformed_xfdf_names_the_line(text, message):
    with pytest.raises(XfdfError, match=message.replace("(", r"\(")):
        import_xfdf(text, FRAMES, source="review.xfdf")


def test_orphan_reply_and_unknown_element_are_reported():
    text = ("<xfdf xmlns='http://ns.adobe.com/xfdf/'><annots>"
            "<text page='0' rect='0,0,1,1' inreplyto='nobody'/>"
            "<polygon page='0'><vertices>1,2;3,4;5,6</vertices></polygon>"
            "<movie page='0' rect='0,0,1,1'/></annots></xfdf>")
    imported = import_xfdf(text, FRAMES)
    assert len(imported.markups) == 1
    assert any("reply to 'nobody'" in w for w in imported.warnings)
    assert any("<movie>" in w for w in imported.warnings)


def test_dxf_frames_keep_drawing_units():
    frames = (SheetFrame(0, 0, 0, bounded=False, name="Model"),)
    markup = replace(Markup(0, MarkupKind.AREA, ((1e5, 2e5), (1.5e5, 2e5), (1.5e5, 2.5e5))),
                     text="Slab")
    (back,) = import_xfdf(export_xfdf([markup], frames), frames).markups
    assert back == markup
