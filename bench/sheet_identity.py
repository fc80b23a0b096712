"""Sheet identification scored against the truth table read by a person from the corpus.

    python bench/sheet_identity.py [--verbose]

Prints, per file kind, how many sheet numbers and titles came out right, and the accuracy.
The truth table is tests/viewers/sheet_identity_truth.tsv; the corpus is ../shared/corpus
(PLANREVIEW_CORPUS elsewhere).
"""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
TRUTH = REPO / "tests" / "viewers" / "sheet_identity_truth.tsv"
CORPUS = Path(os.environ.get("PLANREVIEW_CORPUS", REPO.parent / "shared" / "corpus"))


@dataclass(frozen=True)
class Scored:
    file: str
    sheet: int
    number: str
    title: str
    found_number: str
    found_title: str

    @property
    def number_right(self) -> bool:
        return self.found_number.casefold() == self.number.casefold()

    @property
    def title_right(self) -> bool:
        return " ".join(self.found_title.casefold().split()) == \
            " ".join(self.title.casefold().split())


def truth_rows() -> list[tuple[str, int, str, str]]:
    rows = []
    for line in TRUTH.read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            file, sheet, number, title = line.split("\t")
            rows.append((file, int(sheet), number, title))
    return rows


def score(corpus: Path = CORPUS) -> list[Scored]:
    from viewers.core.formats import open_document

    results = []
    by_file: dict[str, list[tuple[int, str, str]]] = {}
    for file, sheet, number, title in truth_rows():
        by_file.setdefault(file, []).append((sheet, number, title))
    for file, sheets in by_file.items():
        document = open_document(corpus / file)
        try:
            for sheet, number, title in sheets:
                info = document.sheet(sheet)
                results.append(Scored(file, sheet, number, title, info.number, info.title))
        finally:
            document.close()
    return results


def main() -> int:
    if not (CORPUS / "MANIFEST.tsv").is_file():
        print(f"the corpus is not at {CORPUS}", file=sys.stderr)
        return 2
    results = score()
    for kind in sorted({r.file.split("/")[0] for r in results}):
        part = [r for r in results if r.file.startswith(kind + "/")]
        numbers = sum(r.number_right for r in part)
        titles = sum(r.title_right for r in part)
        print(f"{kind}: sheet numbers {numbers}/{len(part)} right ({100 * numbers / len(part):.1f} %),"
              f" titles {titles}/{len(part)} ({100 * titles / len(part):.1f} %)")
    numbers = sum(r.number_right for r in results)
    titles = sum(r.title_right for r in results)
    print(f"all: sheet numbers {numbers}/{len(results)} right"
          f" ({100 * numbers / len(results):.1f} %), titles {titles}/{len(results)}"
          f" ({100 * titles / len(results):.1f} %)")
    if "--verbose" in sys.argv:
        for r in results:
            if not (r.number_right and r.title_right):
                print(f"  {r.file} #{r.sheet}: number {r.found_number!r} (truth {r.number!r}),"
                      f" title {r.found_title!r} (truth {r.title!r})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
