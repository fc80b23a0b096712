"""Arabic text for the files we write: shaping, right-to-left order, and a font that has it.

Two kinds of target:
- PDF (annotation appearances, letters) is written through MuPDF's HTML layout, which shapes
  Arabic with HarfBuzz and orders it right to left itself; it needs only `arabic_font_css()`.
- DXF (and any target without a shaping engine: most CAD programs draw codepoints one by one)
  takes `visual_order(text)`: the letters joined into their presentation forms and laid out in
  display order, so it reads correctly wherever it is drawn left to right.
"""
from __future__ import annotations

import functools
import shutil
import subprocess
import unicodedata
from pathlib import Path

import arabic_reshaper
from bidi import get_display

from review.errors import PlanReviewError

# Where Debian's fonts-noto-core and fonts-dejavu put fonts with Arabic glyphs, used when
# fontconfig is not installed.
KNOWN_FONTS = (
    Path("/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf"),
    Path("/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf"),
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
)


class ArabicFontMissing(PlanReviewError):
    """No font with Arabic letters is installed."""


def has_arabic(text: str) -> bool:
    return any(unicodedata.bidirectional(c) == "AL" for c in text)


def is_right_to_left(text: str) -> bool:
    """True when the first letter with a direction is right-to-left (as Unicode's P2 rule)."""
    for char in text:
        direction = unicodedata.bidirectional(char)
        if direction in ("R", "AL"):
            return True
        if direction == "L":
            return False
    return False


def visual_order(text: str) -> str:
    """Shaped, display-ordered text for targets that draw characters left to right one by one.
    Lines are handled separately so paragraph breaks stay where they were."""
    if not has_arabic(text):
        return text
    return "\n".join(get_display(arabic_reshaper.reshape(line)) for line in text.split("\n"))


@functools.cache
def arabic_font() -> Path:
    """A regular font with Arabic glyphs: fontconfig's choice, else a known Debian path."""
    if shutil.which("fc-match"):
        for pattern in ("Noto Naskh Arabic", ":lang=ar"):
            try:
                found = subprocess.run(["fc-match", "-f", "%{file}", pattern], check=True,
                                       capture_output=True, text=True, timeout=10).stdout
            except (OSError, subprocess.SubprocessError):
                break
            path = Path(found.strip())
            if path.is_file() and _covers_arabic(path):
                return path
    for path in KNOWN_FONTS:
        if path.is_file():
            return path
    raise ArabicFontMissing("no font with Arabic letters is installed; install one"
                            " (on Debian: apt-get install fonts-noto-core)")


def _covers_arabic(path: Path) -> bool:
    import pymupdf

    try:
        return pymupdf.Font(fontfile=str(path)).has_glyph(ord("ع")) != 0
    except (RuntimeError, ValueError):
        return False


def arabic_font_css(family: str = "planreview-arabic") -> str:
    """An @font-face rule naming the Arabic font, for MuPDF's HTML layout (Story, htmlbox)."""
    return f"@font-face {{font-family: {family}; src: url('{arabic_font()}');}}\n"


# Runs of the other direction inside a paragraph, embedded for MuPDF's HTML layout. MuPDF
# ignores the isolates (U+2066-U+2069) but obeys embeddings, so a run is written as
# mark + embedding + run + pop + mark: the paragraph's own mark (RLM or LRM) on both sides keeps
# the punctuation around the run on the paragraph's side.
_RUN_STARTS = {"rtl": frozenset({"L", "EN"}), "ltr": frozenset({"R", "AL"})}
_RUN_ENDS = {"rtl": frozenset({"L", "EN", "ET", "NSM"}),   # "89.7°", "25 %"
             "ltr": frozenset({"R", "AL", "AN", "EN", "NSM"})}
_RUN_BREAKS = {"rtl": frozenset({"R", "AL", "AN", "B", "S"}), "ltr": frozenset({"L", "B", "S"})}
_SUPERSCRIPTS = "¹²³"   # "م²": a unit's power belongs to the unit before it
_EMBEDDING = {"rtl": ("\u200f", "\u202a"), "ltr": ("\u200e", "\u202b")}   # (mark, LRE or RLE)


def embed_runs(text: str, direction: str) -> str:
    """`text` for a paragraph of `direction` ("rtl" or "ltr") with each run of the other
    direction embedded: in Arabic, Latin words, sheet numbers, figures and their units
    ("A-101", "89.7°", "1200 mm", "2.50"); in English, Arabic phrases. Give it neutralised text
    (review.text_safety): it adds the only bidi controls the result has."""
    starts, ends, breaks = _RUN_STARTS[direction], _RUN_ENDS[direction], _RUN_BREAKS[direction]
    mark, embedding = _EMBEDDING[direction]
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        if unicodedata.bidirectional(text[i]) not in starts or text[i] in _SUPERSCRIPTS:
            out.append(text[i])
            i += 1
            continue
        end = i
        j = i
        while j < n and unicodedata.bidirectional(text[j]) not in breaks:
            if unicodedata.bidirectional(text[j]) in ends:
                end = j
            j += 1
        out.append(f"{mark}{embedding}{text[i:end + 1]}\u202c{mark}")
        i = end + 1
    return "".join(out)
