"""A sample permit submission, generated: the demo and the tests need drawings that are ours.

`write_sample_plan_set` makes a multi-sheet PDF drawing set that looks like a consultant's
submission: A1 sheets with a border, a title block carrying the sheet number (A-101, S-201...)
and title, grids, walls, dimensions and room labels, in vector form.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pymupdf

A1 = (841 / 25.4 * 72, 594 / 25.4 * 72)  # points, landscape


@dataclass(frozen=True)
class SampleSheet:
    number: str
    title: str
    discipline: str


SAMPLE_SHEETS = (
    SampleSheet("A-101", "GROUND FLOOR PLAN", "architectural"),
    SampleSheet("A-102", "FIRST FLOOR PLAN", "architectural"),
    SampleSheet("A-201", "ELEVATIONS", "architectural"),
    SampleSheet("S-101", "FOUNDATION PLAN", "structural"),
    SampleSheet("S-201", "FIRST FLOOR SLAB REINFORCEMENT", "structural"),
)


def write_sample_plan_set(path: Path | str, sheets: tuple[SampleSheet, ...] = SAMPLE_SHEETS,
                          page_size: tuple[float, float] = A1, detail: int = 1) -> Path:
    """Writes the sample set to `path`; `detail` multiplies the vector content (benchmarks)."""
    path = Path(path)
    doc = pymupdf.open()
    for index, sheet in enumerate(sheets):
        page = doc.new_page(width=page_size[0], height=page_size[1])
        _draw_sheet(page, sheet, index, detail)
    doc.set_page_labels([{"startpage": 0, "prefix": "P-", "style": "D", "firstpagenum": 1}])
    doc.set_metadata({"title": "Sample villa permit set", "creator": "Plan Review sample"})
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(path, garbage=3, deflate=True)
    doc.close()
    return path


def _draw_sheet(page: pymupdf.Page, sheet: SampleSheet, index: int, detail: int) -> None:
    width, height = page.rect.width, page.rect.height
    margin = 28.0
    shape = page.new_shape()
    shape.draw_rect(pymupdf.Rect(margin, margin, width - margin, height - margin))
    shape.finish(color=(0, 0, 0), width=1.5)
    # title block, lower right
    tb = pymupdf.Rect(width - margin - 520, height - margin - 150, width - margin, height - margin)
    shape.draw_rect(tb)
    shape.draw_line((tb.x0, tb.y0 + 50), (tb.x1, tb.y0 + 50))
    shape.draw_line((tb.x1 - 160, tb.y0 + 50), (tb.x1 - 160, tb.y1))
    shape.finish(color=(0, 0, 0), width=1.0)
    # plan: grid lines, walls, openings
    color = (0.1, 0.2, 0.6) if sheet.discipline == "structural" else (0, 0, 0)
    left, top = margin + 260, margin + 220
    bay = 330.0
    for i in range(6):
        x = left + i * bay
        shape.draw_line((x, top - 40), (x, top + 3 * bay + 40))
        y = top + min(i, 3) * bay
        shape.draw_line((left - 40, y), (left + 5 * bay + 40, y))
    shape.finish(color=(0.5, 0.5, 0.5), width=0.4, dashes="[12 4 2 4] 0")
    for i in range(6):
        shape.draw_circle((left + i * bay, top - 56), 14)
    shape.finish(color=(0, 0, 0), width=0.6)
    for k in range(detail):
        offset = k * 0.7
        shape.draw_rect(pymupdf.Rect(left + offset, top + offset, left + 5 * bay - offset,
                                     top + 3 * bay - offset))
        for i in range(1, 5):
            shape.draw_line((left + i * bay, top + offset), (left + i * bay, top + 3 * bay))
        for j in range(1, 3):
            shape.draw_line((left, top + j * bay), (left + 5 * bay, top + j * bay))
    shape.finish(color=color, width=2.2)
    for i in range(5):
        for j in range(3):
            x, y = left + i * bay, top + j * bay
            shape.draw_curve((x + 30, y), (x + 30, y + 70), (x + 100, y + 70))  # door swing
            if sheet.discipline == "structural":
                shape.draw_rect(pymupdf.Rect(x - 8, y - 8, x + 8, y + 8))
    shape.finish(color=color, width=0.5)
    # dimension line
    shape.draw_line((left, top + 3 * bay + 70), (left + 5 * bay, top + 3 * bay + 70))
    shape.finish(color=(0, 0, 0), width=0.4)
    shape.commit()
    for i in range(6):
        page.insert_text((left + i * bay - 4, top - 52), chr(ord("A") + i), fontsize=10)
        if i < 4:
            page.insert_text((left - 60, top + i * bay + 4), str(i + 1), fontsize=10)
    page.insert_text((left + 2 * bay, top + 3 * bay + 64), f"{5 * 6000:,} mm", fontsize=9)
    rooms = ("LIVING", "MAJLIS", "KITCHEN", "BED 1", "BED 2", "BATH", "STAIR", "STORE")
    for n, name in enumerate(rooms):
        i, j = n % 5, n // 5
        page.insert_text((left + i * bay + 120, top + j * bay + 170), name, fontsize=14)
    page.insert_text((tb.x0 + 10, tb.y0 + 22), "SAMPLE CONSULTANT OFFICE", fontsize=11)
    page.insert_text((tb.x0 + 10, tb.y0 + 40), "Villa, plot 123, block 4 (sample data)", fontsize=8)
    page.insert_text((tb.x0 + 10, tb.y0 + 90), sheet.title, fontsize=14)
    page.insert_text((tb.x0 + 10, tb.y0 + 120), "SCALE 1:100    DATE 2026-11-01", fontsize=8)
    page.insert_text((tb.x1 - 150, tb.y0 + 70), "SHEET NO.", fontsize=7)
    page.insert_text((tb.x1 - 150, tb.y0 + 115), sheet.number, fontsize=28)
