"""Sheet identification scored against the truth table read by a person from the corpus.

    python bench/sheet_identity.py [--verbose]

Prints, per file kind, how many sheet numbers and titles came out right, and the accuracy.
The truth table and its scoring live in tests/viewers/sheet_identity_truth.py (the test
tests/viewers/test_sheet_identity_truth.py asserts the same figures); the corpus is
../shared/corpus (PLANREVIEW_CORPUS elsewhere).
"""
from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.viewers.sheet_identity_truth import CORPUS, score  # noqa: E402


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
