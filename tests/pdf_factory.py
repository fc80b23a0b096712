"""PDFs made for tests: plan sheets, encrypted, damaged, empty, odd sizes, slow to render."""
from __future__ import annotations

from pathlib import Path

import pymupdf

from review.samples import write_sample_plan_set


def plan_set(path: Path, sheets: int | None = None) -> Path:
    from review.samples import SAMPLE_SHEETS, SampleSheet

    chosen = SAMPLE_SHEETS if sheets is None else tuple(
        SampleSheet(f"A-{101 + i}", f"PLAN LEVEL {i}", "architectural") for i in range(sheets))
    return write_sample_plan_set(path, chosen)


def encrypted(path: Path, password: str = "secret") -> Path:
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 72), "confidential plan")
    doc.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw=password, owner_pw="owner")
    return path


def damaged(path: Path) -> Path:
    """A valid drawing whose cross-reference table is destroyed: MuPDF must repair it."""
    source = path.with_suffix(".source.pdf")
    plan_set(source, sheets=1)
    data = bytearray(source.read_bytes())
    xref = data.rfind(b"startxref")
    data[xref:] = b"startxref\n999999\n%%EOF\n"
    index = data.find(b"xref")
    if index > 0 and index != xref:
        data[index:index + 4] = b"xxxx"
    path.write_bytes(bytes(data))
    return path


def zero_pages(path: Path) -> Path:
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def odd_sizes(path: Path) -> Path:
    doc = pymupdf.open()
    doc.new_page(width=14400, height=14400)   # 5 m square: PDF's largest user space
    doc.new_page(width=3, height=3)           # 1 mm
    doc.save(path)
    return path


def slow_page(path: Path, rectangles: int = 1_500_000) -> Path:
    """One page whose content stream takes seconds to interpret."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    ops = "".join(f"{(i * 7) % 590} {(i * 13) % 840} 0.5 0.5 re\n" for i in range(rectangles))
    xref = page.get_contents()[0] if page.get_contents() else None
    content = (ops + "f\n").encode()
    if xref is None:
        page.insert_text((10, 10), " ")
        xref = page.get_contents()[0]
    doc.update_stream(xref, content)
    doc.save(path, deflate=True)
    return path


def heavy_plot(path: Path, blocks: int = 14000) -> Path:
    """A CAD-like plot: nested graphics states, thousands of stroked paths, a symbol drawn
    as a form XObject hundreds of times, text, a string holding "q" and "Q", and a line
    painted outside any q/Q block. About 850 KB of content."""
    symbol = pymupdf.open()
    mark = symbol.new_page(width=10, height=10)
    mark.draw_circle((5, 5), 4, color=(1, 0, 0), width=0.5)
    doc = pymupdf.open()
    page = doc.new_page(width=1190, height=842)
    page.insert_text((20, 20), "x", fontname="helv")
    page.show_pdf_page(pymupdf.Rect(0, 0, 10, 10), symbol, 0)
    form = page.get_xobjects()[0][1]
    ops = ["1 0 0 -1 0 842 cm", "0 0 0 RG 2 w 5 5 m 1185 5 l S", "q 0.3 w"]
    for i in range(blocks):
        x, y = 20 + (i * 37) % 1150, 30 + (i * 53) % 790
        if i % 20 == 0:
            ops.append(f"q 1 0 0 1 {x} {y} cm /{form} Do Q")
        elif i % 500 == 0:
            ops.append(f"q BT /helv 9 Tf 1 0 0 -1 {x} {y} Tm (note q Q {i}) Tj ET Q")
        else:
            ops.append(f"q 0 {(i % 7) / 7:.2f} 0.6 RG {x} {y} m {x + 30} {y + 9} l "
                       f"{x + 12} {y + 25} l S Q")
    ops.append("Q")
    doc.update_stream(page.get_contents()[0], "\n".join(ops).encode())
    doc.save(path, deflate=True)
    return path


def add_shx_text(doc: pymupdf.Document, page: pymupdf.Page, text: str,
                 rect: tuple[float, float, float, float], *, extra: str = "",
                 subtype: str = "Square", marker_key: str = "T") -> int:
    """An "AutoCAD SHX Text" annotation as AutoCAD's plotter writes it: no appearance, no
    colour, read-only, the text in /Contents; `rect` in PDF user space (y up), written the way
    the plotter does (x1 before x0). Returns its xref."""
    xref = doc.get_new_xref()
    x0, y0, x1, y1 = rect
    contents = pymupdf.get_pdf_str(text)
    marker = "(AutoCAD SHX Text)"
    if marker_key == "Contents":
        entries = f"/Contents{marker}/Subj{contents}"
    else:
        entries = f"/{marker_key}{marker}/Contents{contents}"
    doc.update_object(xref, f"<</Subtype/{subtype}/Rect[{x1:g} {y0:g} {x0:g} {y1:g}]{entries}"
                            f"/F 64/Border[0 0 0]{extra}>>")
    kind, annots = doc.xref_get_key(page.xref, "Annots")
    listed = annots.strip("[] ") if kind == "array" else ""
    doc.xref_set_key(page.xref, "Annots", f"[{listed} {xref} 0 R]")
    return xref


def shx_plot(path: Path, *, rotation: int = 0) -> Path:
    """A sheet plotted from AutoCAD: its text drawn as strokes plus SHX annotations, the
    title block's sheet number among them, and one reviewer's rectangle that is a markup."""
    doc = pymupdf.open()
    page = doc.new_page(width=842, height=595)
    page.draw_rect(pymupdf.Rect(20, 20, 822, 575))
    add_shx_text(doc, page, "GROUND FLOOR PLAN", (700, 60, 800, 72))
    add_shx_text(doc, page, "A-101", (760, 30, 800, 50))
    add_shx_text(doc, page, "SHEET", (720, 40, 750, 46), subtype="FreeText")
    add_shx_text(doc, page, "DOOR D1", (100, 400, 140, 410), marker_key="Subj")
    add_shx_text(doc, page, "coloured", (100, 300, 140, 310), extra="/C[1 0 0]")
    page.add_rect_annot(pymupdf.Rect(300, 300, 400, 350)).update()
    if rotation:
        page.set_rotation(rotation)
    doc.save(path)
    return path


def sized(size: int, label: str = "") -> bytes:
    """A real one-page drawing of exactly `size` bytes (from about 2 kB): random bytes that do
    not compress ride along as an embedded file, so every copy differs, and white space after
    the end of the file makes up the rest."""
    import os

    doc = pymupdf.open()
    page = doc.new_page(width=842, height=595)
    page.insert_text((72, 72), f"GROUND FLOOR PLAN {label}")
    doc.embfile_add("padding.bin", os.urandom(max(0, size - 2000)))
    data = doc.tobytes(deflate=False)
    doc.close()
    assert len(data) <= size, "a drawing this small cannot be made"
    return data + b"\n" * (size - len(data))
