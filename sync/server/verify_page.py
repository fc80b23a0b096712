"""The public check of an approved set as a page for people: the stamp's QR code opens
/v1/verify/<digest> in a phone's browser, which asks for text/html. English or Arabic (right to
left), from ?lang= or Accept-Language. API clients asking for JSON get the JSON answer.

The page is self-contained (no scripts, styles inline, nothing fetched from elsewhere), and
every value from the database is escaped and stripped of bidi controls, so a name cannot
reorder the text around it.
"""
from __future__ import annotations

import html
from dataclasses import dataclass

from review.text_safety import single_line
from sync.server.schemas import VerifyOut

LANGUAGES = ("en", "ar")
HTML_TYPES = ("text/html", "application/xhtml+xml")
# what a browser may do with the page: show it and its inline style, nothing else
PAGE_HEADERS = {"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
                "Vary": "Accept, Accept-Language", "Cache-Control": "no-cache",
                "X-Content-Type-Options": "nosniff"}


def _weights(header: str | None) -> dict[str, float]:
    """An Accept or Accept-Language header's values and their q weights, lowercased."""
    found: dict[str, float] = {}
    for part in (header or "").split(","):
        value, *params = (piece.strip() for piece in part.split(";"))
        if not value:
            continue
        weight = 1.0
        for param in params:
            name, _, number = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    weight = float(number)
                except ValueError:
                    weight = 0.0
        found[value.lower()] = max(weight, found.get(value.lower(), 0.0))
    return found


def wants_html(accept: str | None) -> bool:
    """True when the caller names HTML and prefers it at least as much as JSON: browsers do;
    API clients (application/json, */* or nothing) get JSON."""
    weights = _weights(accept)
    html_weight = max((weights.get(kind, 0.0) for kind in HTML_TYPES), default=0.0)
    return html_weight > 0 and html_weight >= weights.get("application/json", 0.0)


def language(lang: str | None, accept_language: str | None) -> str:
    """?lang= when it names a language we have; else the best of Accept-Language; else English."""
    if lang and lang.lower() in LANGUAGES:
        return lang.lower()
    best, best_weight = "en", 0.0
    for tag, weight in _weights(accept_language).items():
        primary = tag.split("-")[0]
        if primary in LANGUAGES and weight > best_weight:
            best, best_weight = primary, weight
    return best


@dataclass(frozen=True)
class Words:
    title: str
    issued: str
    not_issued: str
    not_issued_hint: str
    bad_code: str
    permit_no: str
    issued_on: str
    valid_until: str
    approver: str
    code: str
    other_language: str


WORDS = {
    "en": Words(
        title="Approved set check", issued="This is an issued approved set",
        not_issued="Not an issued approved set",
        not_issued_hint="No permit was issued with this approved set. Do not rely on these"
                        " drawings; ask the municipality.",
        bad_code="This is not a check code: it must be 64 hexadecimal digits, as in the"
                 " stamp's QR code.",
        permit_no="Permit no.", issued_on="Issued on", valid_until="Valid until",
        approver="Approved by", code="Check code", other_language="العربية"),
    "ar": Words(
        title="التحقق من المخططات المعتمدة", issued="هذه مخططات معتمدة صادر بها ترخيص",
        not_issued="ليست مخططات معتمدة صادر بها ترخيص",
        not_issued_hint="لم يصدر أي ترخيص بهذه المخططات. لا تعتمد عليها، وراجع البلدية.",
        bad_code="هذا ليس رمز تحقق: يتكون الرمز من 64 خانة ست عشرية كما في رمز الاستجابة"
                 " السريعة على الختم.",
        permit_no="رقم الترخيص", issued_on="تاريخ الإصدار", valid_until="صالح حتى",
        approver="اعتمده", code="رمز التحقق", other_language="English"),
}


def _ltr(text: str) -> str:
    """A number, date or code inside text of either direction: isolated, left to right."""
    return f'<bdi dir="ltr">{html.escape(single_line(text))}</bdi>'


def _date(iso_moment: str | None) -> str:
    return _ltr((iso_moment or "")[:10])


def page(answer: VerifyOut | None, lang: str, sha256: str) -> str:
    """The page for a verify answer; None: the code given is not a sha256."""
    words = WORDS[lang]
    direction = "rtl" if lang == "ar" else "ltr"
    other = "ar" if lang == "en" else "en"
    if answer is None:
        verdict, colour, rows = words.bad_code, "#8a1c1c", []
    elif answer.issued:
        verdict, colour = words.issued, "#0b6b2f"
        rows = [(words.permit_no, _ltr(answer.permit_no or "")),
                (words.issued_on, _date(answer.issued_at)),
                (words.valid_until, _date(answer.expires_at)),
                # a name is shown in its own direction (Arabic or Latin), isolated
                (words.approver, f"<bdi>{html.escape(single_line(answer.approver or ''))}</bdi>"),
                (words.code, _ltr(sha256))]
    else:
        verdict, colour = words.not_issued, "#8a1c1c"
        rows = [(words.code, _ltr(sha256))]
    hint = f"<p>{html.escape(words.not_issued_hint)}</p>" if answer and not answer.issued else ""
    table = "".join(f"<tr><th>{html.escape(label)}</th><td>{value}</td></tr>"
                    for label, value in rows)
    switch = html.escape(f"?lang={other}", quote=True)
    return f"""<!DOCTYPE html>
<html lang="{lang}" dir="{direction}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(words.title)}</title>
<style>
body {{ font-family: "Noto Sans", "Noto Sans Arabic", "DejaVu Sans", Tahoma, sans-serif;
       margin: 2rem auto; max-width: 40rem; padding: 0 1rem; color: #1d1d1d; }}
h1 {{ font-size: 1.3rem; }}
.verdict {{ font-size: 1.4rem; font-weight: bold; color: {colour};
           border-inline-start: 0.4rem solid {colour}; padding-inline-start: 0.8rem; }}
table {{ border-collapse: collapse; margin-top: 1rem; }}
th, td {{ text-align: start; padding: 0.35rem 0.8rem 0.35rem 0; vertical-align: top; }}
td bdi[dir="ltr"] {{ font-family: "DejaVu Sans Mono", monospace; word-break: break-all; }}
</style>
</head>
<body>
<h1>{html.escape(words.title)}</h1>
<p class="verdict">{html.escape(verdict)}</p>
{hint}<table>{table}</table>
<p><a href="{switch}" lang="{other}">{html.escape(words.other_language)}</a></p>
</body>
</html>
"""
