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
