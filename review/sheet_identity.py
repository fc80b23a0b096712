"""Which sheet is this: its number and title, read from the title block, for PDF and CAD alike.

The readers (viewers.core) hand over a sheet's texts with their boxes and sizes; this module
decides. Candidates are scored, not matched against one template:
- position: title blocks sit along the bottom or the right edge, the number nearest the
  lower-right corner;
- size against the page's median text: the number and title are written larger than notes;
- a nearby field label ("SHEET", "DWG NO", "Drawing Number", "رقم اللوحة", "joonise nr.") above
  or left of the value; a label that names the project or the client counts against;
- agreement across the set: a text standing at the same place on the other sheets is the
  project (name, address, consultant), never a sheet's number or title.
One sheet-number pattern serves PDF and CAD. Plain Python: the compile worker and the server
use it without PyMuPDF or Qt.
"""
from __future__ import annotations

import math
import re
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# A-101, S-201, A101, AR-5-01, ARCH-1001, A_101, a-101, K2.1, K3.1.1.1, A001.01, RS-1, E-3.2A
SHEET_NUMBER = re.compile(r"^[A-Z]{1,4}[-_. ]?\d{1,4}(?:[-_.]\d{1,4}){0,3}[A-Z]?$", re.IGNORECASE)
# "A001.01 - SITE PLAN": a number and its title in one field
NUMBER_AND_TITLE = re.compile(r"^(?P<number>\S+)\s+[-–—:]\s+(?P<title>.+)$")

NUMBER_LABELS = re.compile(
    r"^(sheet|sheet\s*(no|nr|number|#)|drawing\s*(no|nr|number|#)|dwg\.?\s*(no|nr|#)"
    r"|drawing|plan\s*no|joonise\s*nr|joonis\s*nr|tähis|t\s*ä\s*his|رقم\s*اللوحة|رقم\s*المخطط"
    r"|اللوحة)\.?\s*:?$", re.IGNORECASE)
TITLE_LABELS = re.compile(
    r"^(title|sheet\s*title|drawing\s*title|drawing\s*name|joonis|joonise\s*nimetus"
    r"|عنوان\s*اللوحة|عنوان\s*المخطط|اسم\s*اللوحة)\s*:?$", re.IGNORECASE)
PROJECT_LABELS = re.compile(
    r"^(project|project\s*(name|address|no|nr|#)|address|client|owner|site|location"
    r"|objekt|objekti\s*nimi(\s*ja\s*asukoht)?|tellija|المشروع|اسم\s*المشروع|العنوان|المالك)"
    r"\s*:?$", re.IGNORECASE)
GENERIC_LABELS = re.compile(
    r"^(sheet|sheet\s*no\.?|sheet\s*number|drawing|drawing\s*no\.?|dwg\.?\s*no\.?|title|scale"
    r"|date|project|rev(ision)?|drawn|checked|approved|designed|page|of|notes?|legend"
    r"|key\s*plan|stamp|seal|north|client|owner)\s*:?$", re.IGNORECASE)
# what is never a title: scales, dates, areas and measures, bare numbers, reference codes
NOT_A_TITLE = re.compile(
    r"(^\s*(scale|m)?\s*1\s*:\s*\d+)|(\d+[.,]?\d*\s*(m²|m2|sq\.?\s*ft|ft²|sf|ha|mm|cm)\b)"
    r"|(^[\d\s.,:/+\-'\"=%()°#]+$)|(\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b)"
    r"|(^(area|gross|net|total|plot|site\s*area|floor\s*area)\b)|(@|www\.|https?:|tel\.?|mob\.)",
    re.IGNORECASE)
# a street address: a house number and a street word, or a postal code after a place name
ADDRESS = re.compile(
    r"(\b\d+[A-Z]?\s+\w+.*\b(street|st|avenue|ave|road|rd|drive|dr|lane|ln|boulevard|blvd"
    r"|way|court|ct|place|pl|tee|tn|mnt)\b\.?)|(\b[A-Z]{2}\s+\d{5}\b)|(\bP\.?O\.?\s*Box\b)"
    r"|(\b(parcel|lot|plot|block)\s*(id|no)?\s*[:#]?\s*\d)", re.IGNORECASE)

CORNER_REGION = 0.5       # texts farther than this fraction from the lower-right are not tried
SAME_PLACE = 0.012        # of the page's diagonal: texts this close count as the same place
LABEL_REACH = 3.5         # value within this many label heights of its label
CELL_WIDTH = 12           # a value in a label's cell starts at most this many label heights right
LONG_TITLE = 50           # letters beyond which a text reads as a note, not a title


@dataclass(frozen=True)
class SheetText:
    """One text line of a sheet: its box in sheet coordinates with y down from the sheet's
    top-left corner (the reader converts CAD's y-up), and its letter height."""
    text: str
    bbox: tuple[float, float, float, float]
    size: float


@dataclass(frozen=True)
class SheetIdentity:
    number: str = ""
    title: str = ""


@dataclass(frozen=True)
class SheetTexts:
    """What a reader found on one sheet: its texts and its size (same units as the boxes)."""
    texts: tuple[SheetText, ...]
    width: float
    height: float
    median_size: float | None = None   # of all the sheet's texts, when `texts` is a selection

    def title_block_only(self) -> SheetTexts:
        """The texts where a title block can be, with the whole sheet's median size: what a
        reader keeps of a sheet it may read again."""
        kept = tuple(t for t in self.texts if corner_score(self, t) is not None)
        return SheetTexts(kept, self.width, self.height, _median(self))


def is_sheet_number(text: str) -> bool:
    return bool(SHEET_NUMBER.match(text.strip()))


def decode_pdf_text(value: str) -> str:
    """A PDF text string as a reader may hand it over undecoded: "<FEFF005B0031...>" (UTF-16
    hex, possibly followed by a page number) or a literal with escapes; else `value`."""
    found = re.match(r"^<([0-9A-Fa-f\s]*)>(.*)$", value or "", re.DOTALL)
    if found:
        digits = re.sub(r"\s", "", found.group(1))
        digits += "0" * (len(digits) % 2)   # ISO 32000 7.3.4.3: a missing last digit is 0
        return (_decode_bytes(bytes.fromhex(digits)) + found.group(2)).replace("\x00", "")
    if value.startswith("\ufeff"):
        return value[1:]
    if value.startswith("þÿ"):   # UTF-16 bytes mistaken for Latin-1
        return _decode_bytes(value.encode("latin-1", "replace"))
    return value


def _decode_bytes(data: bytes) -> str:
    if data.startswith(b"\xfe\xff"):
        return data[2:].decode("utf-16-be", "replace")
    if data.startswith(b"\xff\xfe"):
        return data[2:].decode("utf-16-le", "replace")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace")
    return data.decode("latin-1")   # PDFDocEncoding agrees with Latin-1 on printable text


def project_texts(sheets: Sequence[SheetTexts]) -> list[frozenset[str]]:
    """For each sheet, its texts that stand at the same place, with the same words, on the
    other sheets sampled: on all of them when there are two or more, and never on a set of
    one sheet. Those are the project's, not the sheet's."""
    keys = [{_place_key(text, sheet) for text in sheet.texts} for sheet in sheets]
    result = []
    for index, sheet in enumerate(sheets):
        others = [keys[i] for i in range(len(sheets)) if i != index]
        if not others:
            result.append(frozenset())
            continue
        repeated = {text.text for text in sheet.texts
                    if all(_near_key(_place_key(text, sheet), other) for other in others)}
        result.append(frozenset(repeated))
    return result


def _place_key(text: SheetText, sheet: SheetTexts) -> tuple[str, float, float]:
    diagonal = math.hypot(sheet.width, sheet.height) or 1.0
    x0, y0, x1, y1 = text.bbox
    return _words(text.text), (x0 + x1) / 2 / diagonal, (y0 + y1) / 2 / diagonal


def _near_key(key, others: set) -> bool:
    words, x, y = key
    return any(words == w and abs(x - ox) <= SAME_PLACE and abs(y - oy) <= SAME_PLACE
               for w, ox, oy in others)


def _words(text: str) -> str:
    return " ".join(text.casefold().split())


def identify_set(sheets: Sequence[SheetTexts]) -> list[SheetIdentity]:
    """The identity of each sheet of a set, the set's repeated texts set aside."""
    repeated = project_texts(sheets)
    return [identify_sheet(sheet, project=project) for sheet, project in zip(sheets, repeated)]


def identify_sheet(sheet: SheetTexts, *, project: Iterable[str] = ()) -> SheetIdentity:
    """The sheet number and title of one sheet; "" for what is not found."""
    if sheet.width <= 0 or sheet.height <= 0 or not sheet.texts:
        return SheetIdentity()
    project_words = {_words(text) for text in project}
    texts = [t for t in sheet.texts if t.text.strip()]
    median = _median(sheet)
    labels = [t for t in texts if _is_label(t.text)]
    number, number_text = _best_number(sheet, texts, labels, median, project_words)
    title = _best_title(sheet, texts, labels, median, project_words, number, number_text)
    return SheetIdentity(number, title)


def _median(sheet: SheetTexts) -> float:
    if sheet.median_size:
        return sheet.median_size
    sizes = [t.size for t in sheet.texts if t.text.strip() and t.size > 0]
    return statistics.median(sizes) if sizes else 1.0


def _is_label(text: str) -> bool:
    plain = text.strip()
    return bool(NUMBER_LABELS.match(plain) or TITLE_LABELS.match(plain)
                or PROJECT_LABELS.match(plain) or GENERIC_LABELS.match(plain))


def corner_score(sheet: SheetTexts, text: SheetText) -> float | None:
    """1 at the lower-right corner, 0 at the edge of the region searched; None outside it.
    The region is the lower half, or the right eighth (title strips run up the right edge)."""
    x0, y0, x1, y1 = text.bbox
    fx, fy = ((x0 + x1) / 2) / sheet.width, ((y0 + y1) / 2) / sheet.height
    if not (0 <= fx <= 1.02 and 0 <= fy <= 1.02):
        return None
    in_bottom = fy >= 1 - CORNER_REGION and fx >= 0.3
    in_strip = fx >= 0.86
    if not (in_bottom or in_strip):
        return None
    return max(0.0, 1 - math.hypot(1 - fx, 1 - fy) / math.hypot(0.7, CORNER_REGION + 0.3))


def _label_for(value: SheetText, labels: Sequence[SheetText], *,
               cell_width: float = 1.0) -> SheetText | None:
    """The label this value is filled in under or beside: the nearest label above it (its
    box overlapping the value's columns) or on its line to the left."""
    vx0, vy0, vx1, vy1 = value.bbox
    best: tuple[float, SheetText] | None = None
    for label in labels:
        if label is value:
            continue
        lx0, ly0, lx1, ly1 = label.bbox
        reach = LABEL_REACH * label.size
        # filled in under the label, in its cell: a title may start well to the label's right
        above = 0 <= vy0 - ly0 and vy0 - ly1 <= reach \
            and lx0 - label.size <= vx1 and vx0 <= lx1 + cell_width * label.size
        beside = abs((vy0 + vy1) / 2 - (ly0 + ly1) / 2) <= max(label.size, value.size) / 2 \
            and 0 <= vx0 - lx1 <= reach * 3
        if above or beside:
            distance = math.hypot(vx0 - lx0, vy0 - ly0)
            if best is None or distance < best[0]:
                best = (distance, label)
    return best[1] if best else None


def _size_score(text: SheetText, median: float) -> float:
    return math.log2(max(text.size, 0.01) / median) if median > 0 else 0.0


def _number_of(text: str) -> str | None:
    plain = text.strip()
    if SHEET_NUMBER.match(plain):
        return plain
    joined = NUMBER_AND_TITLE.match(plain)
    if joined and SHEET_NUMBER.match(joined.group("number")):
        return joined.group("number")
    labelled = re.match(r"^(.+?)\s*:\s*(\S+)$", plain)   # "joonise nr.: K2.1" on one line
    if labelled and NUMBER_LABELS.match(labelled.group(1) + ":") \
            and SHEET_NUMBER.match(labelled.group(2)):
        return labelled.group(2)
    return None


def _best_number(sheet, texts, labels, median, project_words) -> tuple[str, SheetText | None]:
    best: tuple[float, str, SheetText] | None = None
    for text in texts:
        corner = corner_score(sheet, text)
        if corner is None or _words(text.text) in project_words:
            continue
        label = _label_for(text, labels)
        labelled = label is not None and bool(NUMBER_LABELS.match(label.text.strip()))
        number = _number_of(text.text)
        if number is None:
            # a short code in a sheet-number field ("SITE", "T1") is the number too
            plain = text.text.strip()
            if not (labelled and re.fullmatch(r"[A-Z0-9][A-Z0-9.\-_/]{0,9}", plain)
                    and re.search("[A-Z]", plain)):
                continue
            number = plain
        score = 2.0 * corner + _size_score(text, median) + (3.0 if labelled else 0.0)
        if label is not None and PROJECT_LABELS.match(label.text.strip()):
            score -= 3.0
        if best is None or score > best[0]:
            best = (score, number, text)
    return (best[1], best[2]) if best else ("", None)


def _best_title(sheet, texts, labels, median, project_words, number: str,
                number_text: SheetText | None) -> str:
    if number_text is not None:
        joined = NUMBER_AND_TITLE.match(number_text.text.strip())
        if joined and joined.group("number") == number and _could_be_title(joined.group("title")):
            return joined.group("title").strip()[:120]
    project_box = _box_around([t for t in texts if _words(t.text) in project_words], median)
    best: tuple[float, str] | None = None
    for text in texts:
        plain = " ".join(text.text.split())
        corner = corner_score(sheet, text)
        if corner is None or text is number_text or _words(plain) in project_words \
                or not _could_be_title(plain) or _number_of(plain) == plain:
            continue
        label = _label_for(text, labels, cell_width=CELL_WIDTH)
        score = corner + 1.5 * _size_score(text, median) - max(0, len(plain) - LONG_TITLE) / 25
        if project_box is not None and _touches(text.bbox, project_box):
            score += 1.5   # the sheet's title is written in the title block, by the project's
        if label is not None:
            label_text = label.text.strip()
            if TITLE_LABELS.match(label_text):
                score += 4.0
            elif PROJECT_LABELS.match(label_text):
                score -= 4.0
            elif NUMBER_LABELS.match(label_text) or GENERIC_LABELS.match(label_text):
                score -= 1.0
        if number_text is not None:   # the title is written near the number
            nx0, ny0, nx1, ny1 = number_text.bbox
            x0, y0, x1, y1 = text.bbox
            gap = math.hypot(max(0.0, nx0 - x1, x0 - nx1), max(0.0, ny0 - y1, y0 - ny1))
            score += max(0.0, 1.0 - gap / (0.25 * min(sheet.width, sheet.height)))
        if best is None or score > best[0]:
            best = (score, plain)
    return best[1][:120] if best else ""


def _could_be_title(text: str) -> bool:
    plain = text.strip()
    letters = sum(ch.isalpha() for ch in plain)
    return (len(plain) >= 3 and letters >= 3 and letters >= len(plain) * 0.4
            and not _is_label(plain) and not NOT_A_TITLE.search(plain)
            and not ADDRESS.search(plain) and plain[-1] not in ":-/,"
            and plain[0] not in "*-(#")


def _box_around(texts: Sequence[SheetText], margin: float):
    if not texts:
        return None
    return (min(t.bbox[0] for t in texts) - margin, min(t.bbox[1] for t in texts) - 2 * margin,
            max(t.bbox[2] for t in texts) + margin, max(t.bbox[3] for t in texts) + margin)


def _touches(box, other) -> bool:
    return box[0] <= other[2] and other[0] <= box[2] and box[1] <= other[3] and other[1] <= box[3]
