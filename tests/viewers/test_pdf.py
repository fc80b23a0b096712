import json

import pymupdf
import pytest

from tests import pdf_factory
from viewers.core.errors import PasswordRequiredError, UnreadableFileError, WrongPasswordError
from viewers.core.formats import open_document, sniff_kind
from viewers.core.pdf import PdfDocument, render_pixels, render_png
from viewers.core.sheets import MM_PER_POINT


def test_sheet_numbers_and_titles_come_from_the_title_block(tmp_path):
    document = open_document(pdf_factory.plan_set(tmp_path / "set.pdf"))
    numbers = [document.sheet(i).number for i in range(document.sheet_count())]
    assert numbers == ["A-101", "A-102", "A-201", "S-101", "S-201"]
    assert document.sheet(3).title == "FOUNDATION PLAN"
    assert document.sheet(0).label == "P-1"
    assert document.sheet(0).width_mm == pytest.approx(841, abs=0.5)


def test_without_a_title_block_the_label_then_the_page_number_is_used(tmp_path):
    doc = pymupdf.open()
    doc.new_page()
    doc.new_page()
    doc.set_page_labels([{"startpage": 1, "prefix": "App-", "style": "D", "firstpagenum": 1}])
    doc.save(tmp_path / "plain.pdf")
    document = PdfDocument.open(tmp_path / "plain.pdf")
    assert document.sheet(0).number == "1"
    assert document.sheet(1).number == "App-1"


def test_describe_counts_vector_paths(tmp_path):
    description = open_document(pdf_factory.plan_set(tmp_path / "s.pdf", sheets=2)).describe()
    assert description["kind"] == "pdf"
    assert len(description["sheets"]) == 2
    assert description["sheets"][0]["vector_path_count"] > 3
    json.dumps(description)


def test_a_2000_page_file_opens_lazily(tmp_path):
    doc = pymupdf.open()
    for _ in range(2000):
        doc.new_page(width=2384, height=1684)
    doc.save(tmp_path / "big.pdf")
    document = PdfDocument.open(tmp_path / "big.pdf")
    assert document.sheet_count() == 2000
    assert document._sheets == {}          # nothing analysed until asked
    assert document.sheet(1999).number == "2000"


def test_encrypted_pdf_asks_for_a_password(tmp_path):
    path = pdf_factory.encrypted(tmp_path / "enc.pdf")
    with pytest.raises(PasswordRequiredError, match="--password"):
        open_document(path)
    with pytest.raises(WrongPasswordError, match="does not open"):
        open_document(path, password="wrong")
    assert open_document(path, password="secret").sheet_count() == 1


def test_damaged_pdf_is_repaired_with_a_visible_warning(tmp_path):
    document = open_document(pdf_factory.damaged(tmp_path / "broken.pdf"))
    assert document.report.repaired
    assert any("repaired" in w for w in document.report.warnings)
    assert document.sheet(0).number == "A-101"


@pytest.mark.parametrize("content, message", [
    (b"", "empty"),
    (b"hello, this is a text file\n" * 10, "not a PDF, DXF or DWG"),
    (b"%PDF-1.7\n" + b"\x00garbage" * 50, "cannot be opened|no pages"),
])
def test_unreadable_files_give_a_clear_error(tmp_path, content, message):
    path = tmp_path / "bad.pdf"
    path.write_bytes(content)
    with pytest.raises(UnreadableFileError, match=message):
        open_document(path)


def test_zero_pages(tmp_path):
    with pytest.raises(UnreadableFileError, match="no pages"):
        open_document(pdf_factory.zero_pages(tmp_path / "zero.pdf"))


def test_absurd_page_sizes_open_and_render(tmp_path):
    document = open_document(pdf_factory.odd_sizes(tmp_path / "odd.pdf"))
    assert document.sheet(0).width_mm == pytest.approx(14400 * MM_PER_POINT)
    assert "unusual page size" in document.sheet(1).title
    png = render_png(document, 0, 800)
    assert png.startswith(b"\x89PNG")


def test_a_file_named_dwg_that_is_a_pdf_opens_as_pdf_with_a_warning(tmp_path):
    path = pdf_factory.plan_set(tmp_path / "set.pdf", sheets=1).rename(tmp_path / "set.dwg")
    assert sniff_kind(path) == "pdf"
    document = open_document(path)
    assert any("named .dwg" in w for w in document.report.warnings)


def test_tiles_meet_without_seams(tmp_path):
    document = PdfDocument.open(pdf_factory.plan_set(tmp_path / "s.pdf", sheets=1))
    display_list = document.doc.load_page(0).get_displaylist()
    whole = render_pixels(display_list, 0.5, (0, 0, 600, 400))
    left = render_pixels(display_list, 0.5, (0, 0, 300, 400))
    right = render_pixels(display_list, 0.5, (300, 0, 600, 400))
    assert (whole.width, whole.height) == (600, 400)
    for row in range(0, 400, 37):
        line = whole.samples[row * whole.stride: row * whole.stride + 600 * 4]
        joined = (left.samples[row * left.stride: row * left.stride + 300 * 4]
                  + right.samples[row * right.stride: row * right.stride + 300 * 4])
        assert line == joined


def test_render_png_region_and_bands_match_a_single_pass(tmp_path):
    document = PdfDocument.open(pdf_factory.plan_set(tmp_path / "s.pdf", sheets=1))
    region = (1700.0, 1500.0, 2360.0, 1660.0)  # the title block
    banded = pymupdf.Pixmap(render_png(document, 0, 1320, region, workers=2))
    single = pymupdf.Pixmap(render_png(document, 0, 1320, region, workers=1))
    assert (banded.width, banded.height) == (1320, 320)
    assert banded.samples == single.samples
    assert min(banded.samples) < 100   # the title block's ink is there


def test_corpus_pdfs_open_or_fail_clearly(corpus):
    from tests.conftest import corpus_files

    for path in corpus_files("pdf") + [p for p in corpus_files("bad") if p.suffix == ".pdf"]:
        try:
            document = open_document(path)
        except (UnreadableFileError, PasswordRequiredError) as exc:
            assert str(exc), path
            continue
        assert document.sheet_count() >= 1
        document.sheet(0)
        document.close()


def test_small_forms_are_kept_inflated_in_memory_and_draw_the_same(tmp_path):
    from viewers.core.pdf import page_display_list

    path = pdf_factory.heavy_plot(tmp_path / "plot.pdf")
    before = path.read_bytes()
    with pymupdf.open(path) as doc:
        plain = render_pixels(doc[0].get_displaylist(), 0.5, (0, 0, 595, 421)).samples
    with pymupdf.open(path) as doc:
        form = doc[0].get_xobjects()[0][0]
        assert doc.xref_get_key(form, "Filter")[1] == "/FlateDecode"
        inflated = render_pixels(page_display_list(doc, 0), 0.5, (0, 0, 595, 421)).samples
        assert doc.xref_get_key(form, "Filter")[0] == "null"
    assert inflated == plain
    assert path.read_bytes() == before
