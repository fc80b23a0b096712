"""The public check of an approved set: the approver's name (never the login), JSON for API
clients and a page in English or Arabic for browsers; against the real server on loopback."""
from __future__ import annotations

import hashlib
import html.parser
import shutil
import subprocess

import pytest
import requests

from sync.server.verify_page import language, wants_html
from tests.sync.server.support import ok, problem, running_server

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"


@pytest.fixture(scope="module")
def issued(tmp_path_factory):
    """The demo server and its issued permit: (url, permit, approved set sha256, digest)."""
    from tests.sync.server.support import User, server_settings

    with server_settings("sqlite", tmp_path_factory.mktemp("verify")) as settings, \
            running_server(settings, demo=True) as server:
        consultant = User(server.url, "consultant1")
        apps = ok(consultant.get("/v1/applications?limit=50"))["items"]
        app = next(a for a in apps if a["state"] == "ISSUED")
        permit = ok(consultant.get(f"/v1/applications/{app['id']}/permit"))
        with server.ctx.db.read() as session:
            from sync.server.models import Permit

            digest = session.get(Permit, permit["permit_no"]).approval_digest
        yield server.url, permit, digest


class Text(html.parser.HTMLParser):
    """The page's visible text and its root element's attributes."""

    def __init__(self):
        super().__init__()
        self.root: dict[str, str] = {}
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag == "html":
            self.root = dict(attrs)
        if tag in ("style", "title"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("style", "title"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.parts.append(data.strip())


def _page(url: str, **headers) -> tuple[requests.Response, Text]:
    answer = requests.get(url, headers={"Accept": BROWSER, **headers}, timeout=30)
    text = Text()
    text.feed(answer.text)
    return answer, text


def test_api_clients_get_json_with_the_approvers_name_not_the_login(issued):
    url, permit, digest = issued
    for code in (permit["approved_set_sha256"], digest):
        for accept in (None, "application/json", "*/*"):
            answer = requests.get(f"{url}/v1/verify/{code}", timeout=30,
                                  headers={"Accept": accept} if accept else {})
            body = ok(answer)
            assert answer.headers["content-type"] == "application/json"
            assert body["issued"] and body["permit_no"] == permit["permit_no"]
            assert body["approver"] == "Demo Supervisor"
            assert "supervisor1" not in answer.text
            assert body["expires_at"] == permit["expires_at"]


def test_a_browser_gets_a_page_in_english(issued):
    url, permit, digest = issued
    answer, text = _page(f"{url}/v1/verify/{digest}", **{"Accept-Language": "en-GB,en;q=0.9"})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/html")
    assert text.root == {"lang": "en", "dir": "ltr"}
    assert "This is an issued approved set" in text.parts
    assert permit["permit_no"] in text.parts and "Demo Supervisor" in text.parts
    assert permit["issued_at"][:10] in text.parts and digest in text.parts
    assert "supervisor1" not in answer.text
    assert "default-src 'none'" in answer.headers["Content-Security-Policy"]
    assert "Accept" in answer.headers["Vary"]


def test_arabic_is_chosen_by_accept_language_or_lang_and_reads_right_to_left(issued):
    url, permit, digest = issued
    for headers, query in (({"Accept-Language": "ar-OM,ar;q=0.9,en;q=0.5"}, ""),
                           ({"Accept-Language": "en"}, "?lang=ar")):
        answer, text = _page(f"{url}/v1/verify/{digest}{query}", **headers)
        assert text.root == {"lang": "ar", "dir": "rtl"}
        assert "هذه مخططات معتمدة صادر بها ترخيص" in text.parts
        # numbers and codes are isolated left to right inside the Arabic
        assert f'<bdi dir="ltr">{permit["permit_no"]}</bdi>' in answer.text
        assert '<a href="?lang=en" lang="en">English</a>' in answer.text


def test_a_code_of_no_permit_says_so_in_both_languages(issued):
    url, _, _ = issued
    unknown = hashlib.sha256(b"not an approved set").hexdigest()
    assert ok(requests.get(f"{url}/v1/verify/{unknown}", timeout=30)) == {
        "sha256": unknown, "issued": False, "permit_no": None, "issued_at": None,
        "expires_at": None, "approver": None}
    _, english = _page(f"{url}/v1/verify/{unknown}")
    assert "Not an issued approved set" in english.parts
    _, arabic = _page(f"{url}/v1/verify/{unknown}?lang=ar")
    assert "ليست مخططات معتمدة صادر بها ترخيص" in arabic.parts


def test_a_malformed_code_is_a_problem_for_api_clients_and_a_page_for_people(issued):
    url, _, _ = issued
    problem(requests.get(f"{url}/v1/verify/<script>", timeout=30), 422, "bad-sha256")
    answer, text = _page(f"{url}/v1/verify/%3Cscript%3Ealert(1)?lang=fr")
    assert answer.status_code == 422 and text.root["lang"] == "en"
    assert "<script>" not in answer.text and any("not a check code" in p for p in text.parts)


def test_content_negotiation_rules():
    assert wants_html(BROWSER) and wants_html("text/html")
    assert not wants_html(None) and not wants_html("*/*") and not wants_html("application/json")
    assert not wants_html("application/json, text/html;q=0.5")
    assert not wants_html("text/html;q=0")
    assert language(None, None) == "en" and language("AR", "en") == "ar"
    assert language("fr", "fr-FR, ar;q=0.7, en;q=0.3") == "ar"
    assert language(None, "de, en-US;q=0.8") == "en"


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium is not installed")
def test_the_arabic_page_renders_in_a_browser(issued, tmp_path):
    url, _, digest = issued
    shot = tmp_path / "verify-ar.png"
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu",
                    f"--user-data-dir={tmp_path / 'profile'}", "--window-size=800,600",
                    f"--screenshot={shot}", f"{url}/v1/verify/{digest}?lang=ar"],
                   check=True, capture_output=True, timeout=120)
    assert shot.stat().st_size > 5000
