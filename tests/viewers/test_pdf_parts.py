"""A heavy page's preview drawn in parts by several workers looks like the page drawn whole."""
import math

import numpy as np
import pymupdf
import pytest
from PySide6.QtGui import QImage

from tests import pdf_factory
from viewers.core.pdf import render_content_part, render_pixels
from viewers.core.pdf_parts import MIN_PART_COST, split_content
from viewers.qt.pdf_layer import PdfTileService


def _pixels(page: pymupdf.Page, side: int = 800):
    scale = side / max(page.rect.width, page.rect.height)
    return scale, (0, 0, math.ceil(page.rect.width * scale), math.ceil(page.rect.height * scale))


def _array(region) -> np.ndarray:
    rows = np.frombuffer(region.samples, np.uint8).reshape(region.height, region.stride)
    return rows[:, : region.width * 4].reshape(region.height, region.width, 4).astype(float)


def _laid_over(parts) -> np.ndarray:
    """The parts laid over each other in order, as the preview service does (BGRX rows)."""
    image = _array(parts[0])[..., :3]
    for part in parts[1:]:
        over = _array(part)
        image = image * (1 - over[..., 3:] / 255) + over[..., :3]   # premultiplied
    return image


def _whole_and_parts(path, count: int = 2, password: str | None = None):
    """The page drawn whole, and its `count` content parts drawn as the workers draw them."""
    with pymupdf.open(path) as doc:
        if password:
            doc.authenticate(password)
        scale, pixels = _pixels(doc[0])
        whole = _array(render_pixels(doc[0], scale, pixels))[..., :3]
    parts = [render_content_part(str(path), password, 0, (index, count), scale, pixels)
             for index in range(count)]
    return whole, parts


def test_the_parts_laid_over_each_other_give_the_page(tmp_path):
    path = pdf_factory.heavy_plot(tmp_path / "plot.pdf")
    for count in (2, 3):
        whole, parts = _whole_and_parts(path, count)
        assert all(part is not None for part in parts)
        difference = np.abs(_laid_over(parts) - whole).max(axis=2)
        assert (difference > 64).mean() < 0.001   # antialiased edges where parts overlap
        # every part drew something of its own, and later parts are transparent elsewhere
        assert all((_array(part)[..., 3] > 0).any() for part in parts[1:])
        assert all((_array(part)[..., 3] == 0).mean() > 0.1 for part in parts[1:])


def test_painting_before_a_cut_is_not_repeated_by_the_later_part(tmp_path):
    path = str(pdf_factory.heavy_plot(tmp_path / "plot.pdf"))
    with pymupdf.open(path) as doc:
        scale, pixels = _pixels(doc[0])
    second = _array(render_content_part(path, None, 0, (1, 2), scale, pixels))
    # the 2 pt frame line along the top is painted outside any q/Q block, before the cut
    top_band = second[: max(2, round(7 * scale)), :, 3]
    assert (top_band > 0).mean() < 0.05


def test_each_part_keeps_the_graphics_states_open_at_its_cut():
    content = b"1 0 0 -1 0 800 cm\nq 2 w 1 0 0 RG\n" + b"q 0 0 m 10 10 l S Q\n" * 60000 + b"Q\n"
    first, second = split_content(content, 2)
    assert first.count(b"q") == first.count(b"Q")
    assert second.count(b"q") == second.count(b"Q")
    # the second part re-enters the flip and the outer state without painting anything twice
    lead_in = second.split(b"q 0 0 m", 1)[0]
    assert b"1 0 0 -1 0 800 cm" in lead_in and b"2 w 1 0 0 RG" in lead_in
    assert lead_in.count(b"q") == 1
    assert len(first) + len(second) < len(content) * 1.01


def test_operators_inside_strings_are_not_taken_for_q_and_q():
    block = b"q BT /F1 9 Tf (a Q b q c) Tj ET Q\n"
    content = block * (2 * MIN_PART_COST // len(block) + 10)
    first, second = split_content(content, 2)
    assert first.count(b"BT") + second.count(b"BT") == content.count(b"BT")
    assert first.rstrip().endswith(b"Q")


@pytest.mark.parametrize("content", [
    b"q 0 0 m 10 10 l S Q\n" * 100,                              # too little work to share
    b"q 0 0 m 10 10 l S Q\n" * 60000 + b"BI /W 1 /H 1 ID x EI\n",  # an inline image
    b"Q\n" + b"q 0 0 m 10 10 l S Q\n" * 60000,                   # restores more than it saves
])
def test_a_page_without_a_clean_cut_is_not_cut(content):
    assert split_content(content, 2) is None


def test_a_page_that_is_not_cut_is_drawn_whole_by_its_first_part(tmp_path):
    path = str(pdf_factory.plan_set(tmp_path / "set.pdf", sheets=1))
    with pymupdf.open(path) as doc:
        scale, pixels = _pixels(doc[0])
    assert render_content_part(path, None, 0, (0, 2), scale, pixels) is None
    assert render_content_part(path, None, 0, (1, 2), scale, pixels) is None


def _preview(qtbot, service, path: str, page_size) -> QImage:
    key = ("preview", path, 0)
    service.request_preview(key, path, None, 0, page_size)
    qtbot.waitUntil(lambda: service.previews.peek(key) is not None, timeout=30000)
    return service.previews.peek(key)


def _image_array(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    return np.asarray(image.constBits()).reshape(image.height(), image.width(), 4)[..., :3]


@pytest.mark.parametrize("make", [pdf_factory.heavy_plot, pdf_factory.plan_set])
def test_the_preview_service_draws_a_page_in_parts_on_two_workers(qtbot, tmp_path, make):
    path = str(make(tmp_path / "drawing.pdf"))
    with pymupdf.open(path) as doc:
        page_size = (doc[0].rect.width, doc[0].rect.height)
    inline = PdfTileService(synchronous=True)
    whole = _image_array(_preview(qtbot, inline, path, page_size))
    service = PdfTileService(workers=2)
    try:
        assert service.pool.worker_count == 2
        in_parts = _image_array(_preview(qtbot, service, path, page_size))
    finally:
        service.shutdown()
    assert in_parts.shape == whole.shape
    assert (np.abs(in_parts.astype(int) - whole).max(axis=2) > 64).mean() < 0.001


def test_a_preview_whose_parts_were_dropped_is_asked_again(qtbot, tmp_path):
    path = str(pdf_factory.heavy_plot(tmp_path / "plot.pdf"))
    service = PdfTileService(workers=2)
    try:
        key = ("preview", path, 0)
        service.request_preview(key, path, None, 0, (1190, 842))
        service.cancel(lambda job: True)
        _preview(qtbot, service, path, (1190, 842))
    finally:
        service.shutdown()


def test_annotations_are_drawn_once_over_all_the_parts(tmp_path):
    path = tmp_path / "plot.pdf"
    pdf_factory.heavy_plot(path)
    with pymupdf.open(path) as doc:
        highlight = doc[0].add_rect_annot(pymupdf.Rect(100, 100, 900, 700))
        highlight.set_colors(stroke=(0, 0, 1), fill=(1, 1, 0))
        highlight.set_opacity(0.4)
        highlight.update()
        doc.saveIncr()
    whole, parts = _whole_and_parts(path)
    difference = np.abs(_laid_over(parts) - whole).max(axis=2)
    assert (difference > 24).mean() < 0.001


def test_a_hidden_layer_cut_in_two_stays_hidden(tmp_path):
    doc = pymupdf.open()
    page = doc.new_page(width=1190, height=842)
    page.draw_rect(pymupdf.Rect(10, 10, 20, 20), color=(1, 0, 0), oc=doc.add_ocg("off", on=False))
    hidden = page.read_contents().split(b"BDC")[0].split(b"q", 1)[1]   # "/OC /MC0 "
    blocks = b"".join(b"q 0 0 1 RG %d %d m %d %d l S Q\n" % (i % 1100, i % 800, i % 1100 + 40,
                                                            i % 800 + 30) for i in range(40000))
    content = b"q " + hidden + b"BDC\n" + blocks + b"EMC Q\n"
    doc.update_stream(page.get_contents()[0], content)
    path = str(tmp_path / "layers.pdf")
    doc.save(path)
    whole, parts = _whole_and_parts(path)
    assert not (whole < 200).any()
    assert all(part is not None for part in parts)
    assert not (_laid_over(parts) < 200).any()


def test_an_encrypted_page_is_drawn_in_parts_with_its_password(tmp_path):
    with pymupdf.open(pdf_factory.heavy_plot(tmp_path / "plot.pdf")) as doc:
        doc.save(tmp_path / "locked.pdf", encryption=pymupdf.PDF_ENCRYPT_AES_256,
                 owner_pw="owner", user_pw="secret")
    whole, parts = _whole_and_parts(tmp_path / "locked.pdf", password="secret")
    assert all(part is not None for part in parts)
    assert (np.abs(_laid_over(parts) - whole).max(axis=2) > 64).mean() < 0.001


def test_a_part_that_fails_gives_way_to_the_page_drawn_whole(qtbot, tmp_path):
    from viewers.core.errors import ViewerError
    from viewers.core.render_pool import RenderJob

    path = str(pdf_factory.heavy_plot(tmp_path / "plot.pdf"))
    service = PdfTileService(workers=2)
    try:
        key = ("preview", path, 0)
        service.request_preview(key, path, None, 0, (1190, 842))
        service.cancel(lambda job: True)   # the parts are dropped: answer for one ourselves
        service._preview_parts[key] = [None, None]
        failed = RenderJob((*key, "part", 1), path, 0, 0.5, (0, 0, 595, 421), kind="part",
                           part=(1, 2))
        service._on_result(failed, ViewerError("page 1 could not be rendered: broken part"))
        qtbot.waitUntil(lambda: service.previews.peek(key) is not None, timeout=30000)
        assert key not in service.failures
        assert service.previews.peek(key).width() == 595
    finally:
        service.shutdown()
