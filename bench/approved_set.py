"""Approved set and printing figures: build and verify times for the sample set, and the
scale error measured on printed PDFs.

    .venv/bin/python bench/approved_set.py [SHEETS]
"""
from __future__ import annotations

import math
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import pymupdf

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop.printing import PrintOptions, PrintSource, compose  # noqa: E402
from review.approved_set import Approval, build_approved_set  # noqa: E402
from review.samples import SampleSheet, write_sample_plan_set  # noqa: E402
from review.signing import development_identity  # noqa: E402
from review.verify import verify_approved_set  # noqa: E402
from viewers.qt.offscreen import ensure_gui_application  # noqa: E402

MM = 72 / 25.4


def longest_line_mm(page: pymupdf.Page) -> float:
    return max((math.dist(item[1], item[2]) for d in page.get_drawings()
                for item in d["items"] if item[0] == "l"), default=0.0) / MM


def main() -> None:
    ensure_gui_application()
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        sheets = tuple(SampleSheet(f"A-{101 + i}", f"PLAN {i}", "architectural")
                       for i in range(count))
        source = write_sample_plan_set(folder / "set.pdf", sheets)
        started = time.perf_counter()
        identity = development_identity(folder / "authority")
        ca = time.perf_counter() - started
        started = time.perf_counter()
        result = build_approved_set([source], Approval("BP-2025-0001", "Supervisor",
                                                       date(2025, 1, 1), "http://127.0.0.1"),
                                    identity, folder / "approved.pdf")
        build = time.perf_counter() - started
        started = time.perf_counter()
        valid = verify_approved_set(result.path, identity.trust_root).valid
        verify = time.perf_counter() - started
        print(f"development CA created in {ca:.2f} s")
        print(f"approved set of {count} A1 sheets: built and signed in {build:.2f} s"
              f" ({build / count * 1000:.0f} ms a sheet), {result.path.stat().st_size / 1e6:.1f}"
              f" MB; verified in {verify:.2f} s, valid={valid}")

        doc = pymupdf.open()
        page = doc.new_page(width=420 * MM, height=297 * MM)
        page.draw_line((100, 200), (100 + 100 * MM, 200))   # 10 m at 1:100
        from review.exchange.frames import pdf_frames
        from review.measure import Viewport, ratio_scale, write_pdf_viewport

        frame = pdf_frames(doc)[0]
        write_pdf_viewport(doc, frame, Viewport("plan", (0, 0, frame.width, frame.height),
                                                ratio_scale(100)))
        doc.save(folder / "sheet.pdf")
        for ratio, paper in ((50, "A2"), (100, "A3"), (200, "A4")):
            pdf, pages = compose([PrintSource(folder / "sheet.pdf")], PrintOptions(paper, ratio))
            with pymupdf.open("pdf", pdf) as printed:
                measured = longest_line_mm(printed[0])
                images = len(printed[0].get_images())
            expected = 10000 / ratio
            print(f"1:{ratio} on {paper}: 10 m line printed {measured:.3f} mm, expected"
                  f" {expected:.1f} mm, error {abs(measured / expected - 1) * 100:.4f} %,"
                  f" {pages} page(s), {images} images")


if __name__ == "__main__":
    main()
