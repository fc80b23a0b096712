"""10,000 markups on one sheet: exchange times and the model operations the list dock uses.

Run: .venv/bin/python bench/markups.py [--count 10000]
Prints one line per step with its wall time and the CPU time of this process (the CPU time
is the steadier figure on a machine shared with other work). The sheet is an A1 PDF page
generated here.
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pymupdf

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from review.exchange.csv_summary import csv_summary  # noqa: E402
from review.exchange.frames import pdf_frames_of  # noqa: E402
from review.exchange.markups_json import dumps, loads  # noqa: E402
from review.exchange.pdf_annotations import read_pdf_annotations, write_annotated_pdf  # noqa: E402
from review.exchange.xfdf import export_xfdf, import_xfdf  # noqa: E402
from review.markup_store import MarkupStore  # noqa: E402
from review.markups import Markup, MarkupKind, MarkupSet, MarkupStatus, Measurement  # noqa: E402
from review.store import LocalStore  # noqa: E402

A1 = (2384.0, 1684.0)  # points
KINDS = [MarkupKind.CLOUD, MarkupKind.RECTANGLE, MarkupKind.ARROW, MarkupKind.LENGTH,
         MarkupKind.AREA, MarkupKind.POLYLINE, MarkupKind.ELLIPSE, MarkupKind.COUNT,
         MarkupKind.CALLOUT, MarkupKind.TEXT]


@contextmanager
def step(name: str):
    start, start_cpu = time.perf_counter(), time.process_time()
    yield
    print(f"{name:<48} {time.perf_counter() - start:8.3f} s"
          f"  (CPU {time.process_time() - start_cpu:7.3f} s)", flush=True)


def make_markups(count: int, rng: random.Random) -> list[Markup]:
    markups = []
    for i in range(count):
        kind = KINDS[i % len(KINDS)]
        x, y = rng.uniform(50, A1[0] - 200), rng.uniform(80, A1[1] - 120)
        points = {
            MarkupKind.CLOUD: ((x, y), (x + 90, y), (x + 90, y + 50), (x, y + 50)),
            MarkupKind.AREA: ((x, y), (x + 80, y), (x + 80, y + 60), (x, y + 60)),
            MarkupKind.POLYLINE: ((x, y), (x + 40, y + 30), (x + 80, y)),
            MarkupKind.COUNT: ((x, y), (x + 20, y), (x + 40, y)),
            MarkupKind.CALLOUT: ((x, y), (x + 30, y - 60), (x + 150, y - 30)),
            MarkupKind.TEXT: ((x, y),),
        }.get(kind, ((x, y), (x + 80, y + 40)))
        measurement = Measurement(rng.uniform(100, 9000), "mm") \
            if kind == MarkupKind.LENGTH else None
        markups.append(Markup(0, kind, points, text=f"Item {i}: check dimension",
                              discipline=rng.choice(["architectural", "structural", "fire"]),
                              author=rng.choice(["A. Reviewer", "S. Engineer"]),
                              measurement=measurement))
    return markups


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    args = parser.parse_args()
    rng = random.Random(4)
    folder = Path(tempfile.mkdtemp(prefix="planreview-bench-"))
    source = folder / "sheet.pdf"
    doc = pymupdf.open()
    doc.new_page(width=A1[0], height=A1[1]).insert_text((72, 72), "BENCH SHEET")
    doc.save(source)
    markups = make_markups(args.count, rng)
    print(f"{args.count} markups on one A1 sheet ({Counter(m.kind for m in markups).most_common(3)} ...)")

    # -- model operations behind the list dock and the canvas
    markup_set = MarkupSet()
    with step("model: add all (one undoable change)"):
        added = markup_set.add(markups)
    with step("model: ordered(sheet) for painting"):
        ordered = markup_set.ordered(0)
    with step("list: sort by discipline, status, date"):
        sorted(ordered, key=lambda m: (m.discipline, m.status, m.modified))
    with step("list: filter discipline = structural"):
        structural = [m for m in ordered if m.discipline == "structural"]
    with step("list: totals of measured values per discipline"):
        totals: Counter = Counter()
        for m in ordered:
            if m.measurement is not None:
                totals[m.discipline] += m.measurement.value
    with step("model: bulk status on a filtered group"):
        change = markup_set.set_status([m.id for m in structural], MarkupStatus.RESOLVED)
    with step("model: undo that bulk status"):
        markup_set.apply(change.inverse())
    with step("model: move 1000 selected"):
        markup_set.move([m.id for m in ordered[:1000]], 5.0, 5.0)
    with step("model: bring 100 to front"):
        markup_set.bring_to_front([m.id for m in ordered[-100:]])
    with step("model: edit one markup's text"):
        markup_set.update([replace(markup_set.get(ordered[0].id), text="edited")])
    with step("model: undo the add of all"):
        markup_set.apply(added.inverse())

    # -- persistence
    store = MarkupStore(LocalStore(folder / "store.sqlite"), "f" * 64)
    persisted = MarkupSet()
    store.attach(persisted)
    with step("store: persist the add of all (one transaction)"):
        persisted.add(markups)
    with step("store: persist one edit"):
        first = persisted.ordered(0)[0]
        persisted.update([replace(first, text="edited once")])
    with step("store: load all"):
        store.load()

    # -- exchange
    with step("JSON: dumps"):
        text = dumps(markups)
    with step("JSON: loads"):
        loads(text)
    frames = pdf_frames_of(source)
    with step("XFDF: export"):
        xfdf = export_xfdf(markups, frames, pdf_name=source.name)
    with step("XFDF: import"):
        import_xfdf(xfdf, frames)
    with step("CSV: summary"):
        csv_summary(markups)
    with step("PDF: write annotated copy (incremental)"):
        report = write_annotated_pdf(source, markups, folder / "annotated.pdf")
    print(f"{'PDF: annotated copy size':<48} {report.path.stat().st_size / 1e6:8.1f} MB")
    with step("PDF: read the annotations back"):
        read_pdf_annotations(report.path)
    print(f"(files in {folder})")


if __name__ == "__main__":
    main()
