"""`planreview annotate`: every output, and bad input as one `error:` line with exit status 2."""
from __future__ import annotations

import json
import re

import ezdxf
import pymupdf
import pytest

from desktop.cli import main
from tests.review.test_dxf_layers import drawing
from tests.review.test_pdf_annotations import plan

MARKUPS = {"schema_version": 1, "markups": [
    {"kind": "cloud", "sheet": 0, "points": [[60, 60], [200, 60], [200, 140]],
     "text": "Stair width", "discipline": "architectural", "author": "Reviewer",
     "status": "open", "created": "2026-11-01T09:00:00+00:00"},
    {"kind": "callout", "sheet": 1, "points": [[100, 100], [200, 50], [400, 90]],
     "text": "Beam depth?", "discipline": "structural", "author": "Reviewer",
     "created": "2026-11-01T09:05:00+00:00"},
]}  # dated, so two readings a second apart give the same rows


@pytest.fixture
def files(tmp_path):
    source = plan(tmp_path / "plan.pdf")
    markups = tmp_path / "markups.json"
    markups.write_text(json.dumps(MARKUPS), encoding="utf-8")
    return source, markups


def test_pdf_xfdf_csv_and_letter(files, tmp_path, capsys):
    source, markups = files
    assert main(["annotate", str(source), "--markups", str(markups),
                 "-o", str(tmp_path / "out.pdf")]) == 0
    with pymupdf.open(tmp_path / "out.pdf") as doc:
        assert [a.type[1] for a in doc[0].annots()] == ["Polygon"]
        assert [a.type[1] for a in doc[1].annots()] == ["FreeText"]
    assert main(["annotate", str(source), "--markups", str(markups),
                 "-o", str(tmp_path / "out.xfdf")]) == 0
    # the XFDF goes back in as markups and out again as the same CSV
    assert main(["annotate", str(source), "--markups", str(tmp_path / "out.xfdf"),
                 "-o", str(tmp_path / "again.csv")]) == 0
    assert main(["annotate", str(source), "--markups", str(markups),
                 "-o", str(tmp_path / "first.csv")]) == 0
    first = (tmp_path / "first.csv").read_text(encoding="utf-8").splitlines()
    again = (tmp_path / "again.csv").read_text(encoding="utf-8").splitlines()
    def without_ids(rows):  # the JSON gives no ids, so each reading makes new ones
        return sorted(row.split(",", 1)[1] for row in rows[1:])

    assert len(first) == 3 and without_ids(first) == without_ids(again)
    assert main(["--lang", "ar", "annotate", str(source), "--markups", str(markups), "--letter",
                 "--reference", "BP-1", "--reviewer", "R", "-o", str(tmp_path / "l.pdf")]) == 0
    with pymupdf.open(tmp_path / "l.pdf") as doc:
        assert "BP-1" in doc[0].get_text()
    assert "wrote" in capsys.readouterr().out


def test_dxf_output(tmp_path):
    source = drawing(tmp_path / "plan.dxf")
    markups = tmp_path / "m.json"
    markups.write_text(json.dumps({"schema_version": 1, "markups": [
        {"kind": "cloud", "sheet": 0, "points": [[0, 0], [1000, 0], [1000, 800]]}]}))
    assert main(["annotate", str(source), "--markups", str(markups),
                 "-o", str(tmp_path / "out.dxf")]) == 0
    assert "REVIEW-ARCH" in ezdxf.readfile(tmp_path / "out.dxf").layers
    assert main(["annotate", str(source), "--markups", str(markups), "--letter",
                 "-o", str(tmp_path / "letter.pdf")]) == 0


@pytest.mark.parametrize("change, message", [
    (lambda m: m.write_text('{"schema_version": 1, "markups": [\n{"kind": }]}'),
     "markups.json is not valid JSON: Expecting value at line 2"),
    (lambda m: m.write_text(json.dumps({"schema_version": 1, "markups": [
        {"kind": "cloud", "sheet": 4, "points": [[1, 1], [2, 2], [3, 1]]}]})),
     "sheet 4 does not exist"),
    (lambda m: m.write_text(json.dumps({"schema_version": 1, "markups": [
        {"kind": "line", "sheet": 0, "points": [[1, 1], [2000, 2]]}]})),
     "lies outside sheet 0"),
    (lambda m: m.write_text(json.dumps({"schema_version": 1, "markups": [
        {"kind": "line", "sheet": 0, "points": [[1, 1]]}]})),
     r"markups\[0\].points: a line markup needs at least 2"),
])
def test_bad_markups_are_one_clear_line(files, tmp_path, capsys, change, message):
    source, markups = files
    change(markups)
    assert main(["annotate", str(source), "--markups", str(markups),
                 "-o", str(tmp_path / "out.pdf")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1
    assert re.search(message, err), err
    assert not (tmp_path / "out.pdf").exists()


def test_bad_output_and_source_kinds(files, tmp_path, capsys):
    source, markups = files
    assert main(["annotate", str(source), "--markups", str(markups), "-o", "x.png"]) == 2
    assert main(["annotate", str(source), "--markups", str(markups), "-o",
                 str(tmp_path / "x.dxf")]) == 2
    assert main(["annotate", str(source), "--markups", str(tmp_path / "missing.json"), "-o",
                 str(tmp_path / "x.pdf")]) == 2
    err = capsys.readouterr().err.splitlines()
    assert "must end in" in err[0] and "needs a DXF source" in err[1]
    assert "file not found" in err[2]
