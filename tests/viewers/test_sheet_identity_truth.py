"""Sheet identification against the truth table read by a person from the corpus drawings
(tests/viewers/sheet_identity_truth.py, shared with bench/sheet_identity.py)."""
from __future__ import annotations

from tests.viewers.sheet_identity_truth import score, truth_rows

TARGET = 0.95   # of sheet numbers right (issue 13)


def test_the_truth_table_is_well_formed():
    rows = truth_rows()
    assert len(rows) >= 20
    assert len({(file, sheet) for file, sheet, _n, _t in rows}) == len(rows), "duplicate rows"
    assert all(number.strip() and title.strip() for _f, _s, number, title in rows)


def test_sheet_numbers_and_titles_match_the_truth_table(corpus, capsys):
    results = score(corpus)
    numbers = sum(r.number_right for r in results) / len(results)
    titles = sum(r.title_right for r in results) / len(results)
    with capsys.disabled():
        print(f"\nsheet identity: numbers {numbers:.1%}, titles {titles:.1%}"
              f" of {len(results)} sheets")
    wrong = [(r.file, r.sheet, r.found_number, r.number) for r in results if not r.number_right]
    assert numbers >= TARGET, wrong
    assert not wrong, wrong            # all right today: any miss is a regression
    mistitled = [(r.file, r.sheet, r.found_title, r.title) for r in results if not r.title_right]
    assert not mistitled, mistitled
