"""The sheet-identification truth table (sheet_identity_truth.tsv: number and title per corpus
sheet, read by a person from the drawings) and its scoring: the one home of both, for the test
(tests/viewers/test_sheet_identity_truth.py) and the benchmark (bench/sheet_identity.py)."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

TRUTH = Path(__file__).with_name("sheet_identity_truth.tsv")
CORPUS = Path(os.environ.get("PLANREVIEW_CORPUS",
                             Path(__file__).resolve().parents[2].parent / "shared" / "corpus"))


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
    """(file relative to the corpus, 0-based sheet, number, title) per row of the table."""
    rows = []
    for line in TRUTH.read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            file, sheet, number, title = line.split("\t")
            rows.append((file, int(sheet), number, title))
    return rows


def score(corpus: Path = CORPUS) -> list[Scored]:
    """Each truth row against what the viewer reads from the corpus file."""
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
