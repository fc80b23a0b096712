"""Text from outside (file names, titles, comments) made safe to show, to name files with and to
write into spreadsheets. One home for these rules: the letter, the command line, the viewers'
messages and every CSV we write call these.

- Format characters (bidi embeddings, overrides and isolates, zero-width joiners used to
  disguise, U+202E "RIGHT-TO-LEFT OVERRIDE" that shows "gpj.exe" as "exe.jpg") and control
  characters (terminal escape sequences) are never shown or written into a file name as they
  are: they are replaced by a visible substitute or dropped.
- A spreadsheet cell that starts with = + - @ (or a tab or carriage return) is a formula to
  Excel and LibreOffice; it is written with a leading apostrophe so it stays text (OWASP's CSV
  injection advice).
"""
from __future__ import annotations

import re
import unicodedata

# Bidi controls: embeddings, overrides, isolates and marks. Marks (LRM, RLM, ALM) are kept only
# where we put them ourselves, never taken from outside text.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
                          "\u200e\u200f\u061c")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Characters no file system should see in a name we write, with the path separators.
UNSAFE_IN_FILE_NAME = re.compile(r'[\\/:*?"<>|]')
ELLIPSIS = "\u2026"


def neutralize(text: str) -> str:
    """The text as it may be shown: control characters become U+FFFD (so an escape sequence is
    visible as tampering, not obeyed), bidi controls and other invisible format characters are
    dropped. Line breaks and tabs are kept."""
    out = []
    for char in text:
        if char in "\n\t":
            out.append(char)
            continue
        category = unicodedata.category(char)
        if char in BIDI_CONTROLS or category == "Cf":
            continue
        # Private-use code points (Co) are kept: SHX and symbol fonts in CAD text draw them.
        if category in ("Cc", "Cs", "Cn"):
            out.append("\ufffd")
            continue
        out.append(char)
    return "".join(out)


def single_line(text: str) -> str:
    """neutralize(), with line breaks and tabs turned into spaces: for a name shown in one line
    (a message, a heading, a table cell)."""
    return " ".join(neutralize(text).split())


def shorten_middle(text: str, limit: int = 60) -> str:
    """At most `limit` characters, cut in the middle so both the start and the extension show."""
    if len(text) <= limit:
        return text
    if limit < 3:
        return text[:max(limit, 0)]
    keep = limit - 1
    head = (keep + 1) // 2
    tail = keep - head
    return text[:head] + ELLIPSIS + (text[-tail:] if tail else "")


def display_name(text: str, limit: int = 60) -> str:
    """A file name or title from outside, for one line of a message: neutralised, one line,
    shortened in the middle."""
    return shorten_middle(single_line(text), limit)


def safe_file_name(text: str, *, fallback: str = "file", limit: int = 120) -> str:
    """A name we may write to disk: neutralised, no path separators or reserved characters, no
    leading dots (no hidden or relative names), not empty."""
    name = UNSAFE_IN_FILE_NAME.sub("_", single_line(text)).replace("\ufffd", "_")
    name = name.strip(" .")
    if not name:
        name = fallback
    if len(name) > limit:
        stem, dot, extension = name.rpartition(".")
        if dot and 0 < len(extension) <= 10:
            name = stem[:limit - len(extension) - 1] + "." + extension
        else:
            name = name[:limit]
    return name


def csv_cell(value: object) -> object:
    """A value for a CSV cell a spreadsheet will open: text that would start a formula gets a
    leading apostrophe; numbers stay numbers. Format characters are neutralised."""
    if not isinstance(value, str):
        return value
    text = neutralize(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text
