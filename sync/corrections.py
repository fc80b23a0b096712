"""What a consultant gets back after a review cycle, written into one folder.

From the released comments of an application: comments.json and comments.csv, a marked-up copy
of each PDF sheet that has comments (the comments as clouds, in the annotations Acrobat and
Bluebeam read), and the corrections letter in English and Arabic with a thumbnail of each item.
Built from what the server released, so it matches what the reviewers wrote.
"""
from __future__ import annotations

import csv
import json
import logging
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from review.errors import PlanReviewError
from review.exchange.pdf_annotations import write_annotated_pdf
from review.letter import (
    LetterDetails,
    NoPreview,
    ReturnedApplication,
    pdf_thumbnails,
    write_letter,
)
from review.markups import Markup, MarkupKind
from review.sheet_identity import SheetIdentity
from review.text_safety import csv_cell, safe_file_name

log = logging.getLogger(__name__)

CSV_COLUMNS = ("cycle", "sheet_no", "page", "discipline", "status", "body", "response", "id")
LETTER_LANGUAGES = ("en", "ar")
UNPLACED_POINT = (36.0, 36.0)  # where a comment without a box is listed (the letter has no image)

BlobFetcher = Callable[[str], Path]  # sha256 -> a local copy of that file


@dataclass
class CorrectionsPackage:
    written: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what could not be produced, and why


def write_corrections(folder: Path, reference: str, comments: Sequence[Mapping[str, Any]],
                      documents: Sequence[Mapping[str, Any]],
                      fetch_blob: BlobFetcher,
                      returned: ReturnedApplication | None = None) -> CorrectionsPackage:
    """`returned`: the intake clerk's note and missing documents of a RETURNED application."""
    folder.mkdir(parents=True, exist_ok=True)
    package = CorrectionsPackage()
    package.written.append(_write_json(folder / "comments.json", comments))
    package.written.append(_write_csv(folder / "comments.csv", comments))

    versions = {(doc["id"], version["n"]): (doc, version)
                for doc in documents for version in doc.get("versions", [])}
    sheets: dict[tuple[str, int, int], int] = {}   # (document, version, page) -> letter sheet
    sheet_names: dict[int, SheetIdentity] = {}
    no_preview: dict[int, NoPreview] = {}   # letter sheet -> why its items have no picture
    titles = {doc["id"]: doc.get("title") or "" for doc in documents}
    letter_markups: list[Markup] = []
    by_document: dict[tuple[str, int], list[tuple[int, Markup]]] = {}
    for comment in comments:
        key = (comment.get("document_id") or "", comment.get("document_version") or 0,
               comment.get("page") or 0)
        if key not in sheets:
            sheets[key] = len(sheets)
            label = comment.get("sheet_no") or "-"
            sheet_names[sheets[key]] = SheetIdentity(
                label if not key[2] else f"{label} p.{key[2] + 1}", titles.get(key[0], ""))
            no_preview[sheets[key]] = NoPreview.DRAWING_UNAVAILABLE if key[0] \
                else NoPreview.NOT_PLACED
        markup = _markup_of(comment, sheets[key])
        letter_markups.append(markup)
        by_document.setdefault(key[:2], []).append((key[2], markup))

    renderers: dict[int, Callable[[Markup], bytes | None]] = {}
    closers = []
    try:
        for (doc_id, n), placed in by_document.items():
            found = versions.get((doc_id, n))
            if found is None:
                continue  # a general comment, or a document this account cannot see
            doc, version = found
            if version.get("media_type") != "application/pdf":
                package.notes.append(f"{version['filename']}: only PDF sheets get a marked-up"
                                     " copy; its comments are in the letter and the CSV")
                no_preview.update({m.sheet: NoPreview.NOT_A_PDF for _page, m in placed})
                continue
            target = folder / _marked_up_name(doc, version)
            try:
                write_annotated_pdf(fetch_blob(version["sha256"]),
                                    [replace(m, sheet=page) for page, m in placed], target)
            except PlanReviewError as exc:
                package.notes.append(f"{version['filename']}: no marked-up copy ({exc})")
                no_preview.update({m.sheet: NoPreview.NOT_DRAWN for _page, m in placed})
                continue
            package.written.append(target)
            render, close = pdf_thumbnails(target)
            closers.append(close)
            for page, markup in placed:
                renderers[markup.sheet] = lambda item, page=page, render=render: render(
                    item.on_sheet(page))

        details = LetterDetails(reference=reference, reviewer=", ".join(sorted(
            {c.get("author", "") for c in comments if c.get("author")})), date=date.today(),
            returned=returned)
        for language in LETTER_LANGUAGES:
            target = folder / f"corrections-letter-{language}.pdf"
            try:
                write_letter(target, letter_markups, details, language=language,
                             sheets=sheet_names,
                             thumbnail=lambda item: _preview(item, renderers, no_preview))
            except PlanReviewError as exc:
                package.notes.append(f"no corrections letter in {language}: {exc}")
                continue
            package.written.append(target)
    finally:
        for close in closers:
            close()
    return package


def _preview(item, renderers, no_preview: Mapping[int, NoPreview]):
    if item.markups[0].points == (UNPLACED_POINT,):
        return NoPreview.NOT_PLACED
    render = renderers.get(item.sheet)
    return render(item) if render else no_preview.get(item.sheet, NoPreview.NOT_DRAWN)


def _markup_of(comment: Mapping[str, Any], sheet: int) -> Markup:
    bbox = comment.get("bbox")
    if bbox:
        x0, y0, x1, y1 = bbox
        kind, points = MarkupKind.CLOUD, ((x0, y0), (x1, y0), (x1, y1), (x0, y1))
    else:
        kind, points = MarkupKind.TEXT, (UNPLACED_POINT,)
    created = datetime.fromisoformat(comment["created_at"]) if comment.get("created_at") \
        else None
    extra = {"created": created, "modified": created} if created else {}
    return Markup(sheet=sheet, kind=kind, points=points, id=uuid.UUID(comment["id"]),
                  text=comment.get("body", ""), discipline=comment.get("discipline", ""),
                  author=comment.get("author", ""), **extra)


def _marked_up_name(doc: Mapping[str, Any], version: Mapping[str, Any]) -> str:
    stem = Path(safe_name(version.get("filename") or doc.get("sheet_no") or doc["id"])).stem
    return f"{stem}-v{version['n']}-marked-up.pdf"


def safe_name(name: str) -> str:
    """A server-given file name reduced to a plain name inside the target folder."""
    return safe_file_name(Path(name.replace("\\", "/")).name, fallback="document")


def _write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    return path


def _write_csv(path: Path, comments: Sequence[Mapping[str, Any]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8-sig") as handle:  # BOM: Excel reads Arabic
        writer = csv.writer(handle)
        writer.writerow(CSV_COLUMNS)
        for comment in comments:
            writer.writerow([csv_cell(comment.get(column, "")) for column in CSV_COLUMNS])
    return path
