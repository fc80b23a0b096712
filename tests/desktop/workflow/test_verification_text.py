"""The approved-set verifier's reasons in the interface's language: a set with one changed byte
and a set checked against another authority's root show their reasons in Arabic in the Arabic
interface, and follow a language switch."""
from __future__ import annotations

import re
import shutil

import pytest
from PySide6.QtWidgets import QApplication

from desktop import i18n
from desktop.workflow.casefile import ApprovedSetCopy
from desktop.workflow.controller import WorkflowController
from desktop.workflow.panel import ApplicationPanel
from desktop.workflow.verification import reason_text, update_text
from review.arabic import has_arabic
from review.signing import CA_FOLDER, ROOT_FILE, development_identity
from review.verify import Reason, Update, VerificationProblem, verify_approved_set
from tests.review.approved_sets import APPROVAL, build

PERMIT = {"permit_no": APPROVAL.permit_no}


@pytest.fixture(scope="module")
def issued(tmp_path_factory):
    folder = tmp_path_factory.mktemp("approved")
    return build(folder).path, folder / "authority" / CA_FOLDER / ROOT_FILE


@pytest.fixture
def arabic():
    app = QApplication.instance()
    i18n.set_language(app, "ar")
    yield
    i18n.set_language(app, "en")


@pytest.fixture
def panel(qtbot):
    panel = ApplicationPanel(WorkflowController(sync=None))
    qtbot.addWidget(panel)
    panel.resize(520, 400)
    panel.show()
    return panel


def tampered(issued, tmp_path):
    path = tmp_path / "tampered.pdf"
    shutil.copyfile(issued[0], path)
    data = bytearray(path.read_bytes())
    data[data.find(b"stream", len(data) // 3) + 40] ^= 0x20   # inside signed page content
    path.write_bytes(bytes(data))
    return ApprovedSetCopy(path, PERMIT, verify_approved_set(path, issued[1]))


def latin_words(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z]{2,}", text))


def test_a_changed_byte_is_explained_in_arabic(issued, tmp_path, panel, arabic):
    copy = tampered(issued, tmp_path)
    panel.show_verification(copy)
    text = panel.verification.text()
    assert "غُيِّرت بايتات من الملف بعد التوقيع" in text, text
    assert "غير صحيحة" in text and APPROVAL.permit_no in text
    assert latin_words(text) == {"BP"}, text     # nothing left in English but the permit


def test_another_authoritys_root_is_explained_in_arabic(issued, tmp_path, panel, arabic):
    other = development_identity(tmp_path / "other", authority="Some Other CA").trust_root
    copy = ApprovedSetCopy(issued[0], PERMIT, verify_approved_set(issued[0], other))
    panel.show_verification(copy)
    text = panel.verification.text()
    assert "لا ترتبط بالشهادة الجذرية الموثوقة" in text and "الختم الزمني" in text, text
    # the certificates' names are kept as they are, each isolated in its own direction
    assert "\u2068Some Other CA\u2069" in text
    assert "\u2068Plan Review Development CA: approved sets\u2069" in text
    assert "does not chain" not in text


def test_the_reasons_follow_a_language_switch(issued, tmp_path, panel, qtbot):
    panel.show_verification(tampered(issued, tmp_path))
    assert "bytes of the file were changed after signing" in panel.verification.text()
    i18n.set_language(QApplication.instance(), "ar")
    try:
        qtbot.waitUntil(lambda: "بايتات" in panel.verification.text())
    finally:
        i18n.set_language(QApplication.instance(), "en")
    qtbot.waitUntil(lambda: "bytes of the file were changed" in panel.verification.text())


def test_every_reason_and_update_is_worded_in_english_and_arabic(arabic):
    params = {"error": "xref 12", "count": "2", "signer": "A", "root": "B",
              "update": Update.ANNOTATIONS}
    for reason in Reason:
        problem = VerificationProblem(reason, params)
        assert has_arabic(reason_text(problem)) and "%" not in reason_text(problem), reason
    assert all(has_arabic(update_text(update)) for update in Update)
    i18n.set_language(QApplication.instance(), "en")
    for reason in Reason:   # the desktop's English is the command line's
        problem = VerificationProblem(reason, params)
        assert reason_text(problem).replace("\u2068", "").replace("\u2069", "") == str(problem)


def test_a_valid_sets_date_keeps_its_order_in_arabic(issued, panel, arabic):
    copy = ApprovedSetCopy(issued[0], PERMIT, verify_approved_set(issued[0], issued[1]))
    panel.show_verification(copy)
    text = panel.verification.text()
    # a bare ISO date after an Arabic word would be shown as 01-05-2025
    assert "\u20682025-05-01\u2069" in text and "\u2068BP-2025-0042\u2069" in text, text
