"""Per-discipline review checklists: the items come from resources/checklists/<discipline>.json,
the reviewer's results (pass, fail, not applicable, a note, linked markups) live in the
LocalStore per application, review cycle, discipline and item."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from enum import Enum
from pathlib import Path

from review.errors import PlanReviewError
from review.store import LocalStore, Schema

CHECKLISTS = Path(__file__).resolve().parent.parent / "resources" / "checklists"
SCHEMA_VERSION = 1

SCHEMA = Schema("checklists", [
    """
    CREATE TABLE checklist_results (
        application TEXT NOT NULL,
        cycle INTEGER NOT NULL,
        discipline TEXT NOT NULL,
        item TEXT NOT NULL,
        status TEXT NOT NULL,
        note TEXT NOT NULL,
        markups TEXT NOT NULL,
        reviewer TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        PRIMARY KEY (application, cycle, discipline, item)
    );
    """,
])


class ChecklistError(PlanReviewError):
    """A checklist configuration file is missing or malformed."""


class Status(str, Enum):
    UNCHECKED = "unchecked"
    PASS = "pass"
    FAIL = "fail"
    NOT_APPLICABLE = "not_applicable"


@dataclass(frozen=True)
class ChecklistItem:
    id: str
    text_en: str
    text_ar: str

    def text(self, language: str) -> str:
        return self.text_ar if language == "ar" else self.text_en


@dataclass(frozen=True)
class Checklist:
    discipline: str
    items: tuple[ChecklistItem, ...]


@dataclass(frozen=True)
class ItemResult:
    item: str
    status: Status = Status.UNCHECKED
    note: str = ""
    markups: tuple[str, ...] = ()
    reviewer: str = ""
    recorded_at: str = ""


@dataclass(frozen=True)
class Summary:
    failed: tuple[str, ...]   # item ids
    unchecked: int


def load_checklist(path: Path) -> Checklist:
    """Reads and validates one checklist file; errors name the file and the field."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ChecklistError(f"the checklist {path} cannot be read: {exc.strerror}") from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ChecklistError(f"the checklist {path} is not valid JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise ChecklistError(f"the checklist {path} must be a JSON object")
    if data.get("schema_version") != SCHEMA_VERSION:
        raise ChecklistError(f"the checklist {path}: schema_version must be {SCHEMA_VERSION}")
    discipline = data.get("discipline")
    if not isinstance(discipline, str) or not discipline:
        raise ChecklistError(f"the checklist {path}: discipline must be a non-empty text")
    raw_items = data.get("items")
    if not isinstance(raw_items, list) or not raw_items:
        raise ChecklistError(f"the checklist {path}: items must be a non-empty list")
    items, seen = [], set()
    for index, raw in enumerate(raw_items):
        where = f"the checklist {path}: items[{index}]"
        if not isinstance(raw, dict):
            raise ChecklistError(f"{where} must be an object")
        for field in ("id", "text_en", "text_ar"):
            value = raw.get(field)
            if not isinstance(value, str) or not value.strip():
                raise ChecklistError(f"{where}.{field} must be a non-empty text")
        if raw["id"] in seen:
            raise ChecklistError(f"{where}.id {raw['id']!r} is used twice")
        seen.add(raw["id"])
        items.append(ChecklistItem(raw["id"], raw["text_en"], raw["text_ar"]))
    return Checklist(discipline, tuple(items))


def load_checklists(folder: Path = CHECKLISTS) -> dict[str, Checklist]:
    """Every checklist in the folder, by discipline."""
    checklists = {}
    for path in sorted(folder.glob("*.json")):
        checklist = load_checklist(path)
        checklists[checklist.discipline] = checklist
    return checklists


class ChecklistResults:
    """The results of one application's review cycle, persisted in the LocalStore."""

    def __init__(self, store: LocalStore):
        store.ensure_schema(SCHEMA)
        self.store = store

    def results(self, application: str, cycle: int, checklist: Checklist) -> list[ItemResult]:
        """One result per item of the checklist, in its order; unchecked where none is stored."""
        rows = self.store.query(
            "SELECT * FROM checklist_results WHERE application = ? AND cycle = ?"
            " AND discipline = ?", (application, cycle, checklist.discipline))
        stored = {row["item"]: ItemResult(row["item"], Status(row["status"]), row["note"],
                                          tuple(json.loads(row["markups"])), row["reviewer"],
                                          row["recorded_at"]) for row in rows}
        return [stored.get(item.id, ItemResult(item.id)) for item in checklist.items]

    def record(self, application: str, cycle: int, discipline: str, result: ItemResult,
               reviewer: str) -> ItemResult:
        """Stores the item's status, note and markups with who recorded it and when."""
        saved = ItemResult(result.item, result.status, result.note, result.markups, reviewer,
                           datetime.now(timezone.utc).isoformat(timespec="seconds"))
        with self.store.transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO checklist_results VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (application, cycle, discipline, saved.item, saved.status.value, saved.note,
                 json.dumps(list(saved.markups)), saved.reviewer, saved.recorded_at))
        return saved


def summarise(results: list[ItemResult]) -> Summary:
    return Summary(tuple(r.item for r in results if r.status is Status.FAIL),
                   sum(1 for r in results if r.status is Status.UNCHECKED))
