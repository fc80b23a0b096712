"""The markup model: plain frozen data in sheet units, and a collection edited by invertible steps.

Geometry is stored in the sheet's native units (PDF points from the displayed page's top-left,
y down; DXF drawing units, y up), so a markup survives zoom, DPI, printing and export exactly.

`MarkupSet` is changed only through its primitives (add, remove, update, move, z-order, status,
replies, lock). Each returns a `Change` that `MarkupSet.apply` can replay and whose `inverse()`
undoes it, so the desktop wraps each primitive in one QUndoCommand. Listeners subscribed with
`MarkupSet.subscribe` receive every applied Change (the list dock, the canvas, the store).
"""
from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from enum import StrEnum
from importlib import resources
from pathlib import Path

from review.errors import PlanReviewError

Point = tuple[float, float]


class MarkupError(PlanReviewError):
    """A markup or an edit of one is not valid."""


class MarkupLockedError(MarkupError):
    """The markup is locked or read-only (an annotation of the consultant's file)."""


class MarkupKind(StrEnum):
    CLOUD = "cloud"
    CALLOUT = "callout"
    TEXT = "text"
    ARROW = "arrow"
    LINE = "line"
    POLYLINE = "polyline"
    RECTANGLE = "rectangle"
    ELLIPSE = "ellipse"
    HIGHLIGHT = "highlight"
    FREEHAND = "freehand"
    STAMP = "stamp"
    LENGTH = "length"
    POLYLENGTH = "polylength"
    AREA = "area"
    COUNT = "count"
    ANGLE = "angle"


class MarkupStatus(StrEnum):
    OPEN = "open"
    ANSWERED = "answered"
    RESOLVED = "resolved"
    VOID = "void"


# The fewest points each kind needs. Rectangles, ellipses, highlights and stamps are given by
# two opposite corners; a text box by its corners or by one anchor point.
MIN_POINTS: Mapping[MarkupKind, int] = {
    MarkupKind.CLOUD: 3, MarkupKind.CALLOUT: 2, MarkupKind.TEXT: 1, MarkupKind.ARROW: 2,
    MarkupKind.LINE: 2, MarkupKind.POLYLINE: 2, MarkupKind.RECTANGLE: 2,
    MarkupKind.ELLIPSE: 2, MarkupKind.HIGHLIGHT: 2, MarkupKind.FREEHAND: 2,
    MarkupKind.STAMP: 2, MarkupKind.LENGTH: 2, MarkupKind.POLYLENGTH: 2, MarkupKind.AREA: 3,
    MarkupKind.COUNT: 1, MarkupKind.ANGLE: 3,
}
# Kinds whose first two points are opposite corners of a box.
BOX_KINDS = frozenset({MarkupKind.RECTANGLE, MarkupKind.ELLIPSE, MarkupKind.HIGHLIGHT,
                       MarkupKind.STAMP})
MEASURE_KINDS = frozenset({MarkupKind.LENGTH, MarkupKind.POLYLENGTH, MarkupKind.AREA,
                           MarkupKind.COUNT, MarkupKind.ANGLE})
STANDARD_STAMPS = ("Reviewed", "Revise and Resubmit", "Not Approved")


def utc_now() -> datetime:
    """Markup times are UTC to the second: every exchange format keeps them exactly."""
    return datetime.now(timezone.utc).replace(microsecond=0)


@dataclass(frozen=True)
class Style:
    """How a markup looks. Widths and font sizes are in points on paper, whatever the sheet."""

    colour: str | None = None       # "#RRGGBB"; None draws in the discipline's colour
    width: float = 1.5
    opacity: float = 1.0
    fill: str | None = None         # "#RRGGBB" interior colour, None for no fill
    font_size: float = 12.0
    dashed: bool = False


@dataclass(frozen=True)
class Reply:
    author: str
    date: datetime
    text: str


@dataclass(frozen=True)
class Measurement:
    """A measured value in base units: mm for lengths, mm2 for areas, degrees, or a count."""

    value: float
    unit: str                        # "mm", "mm2", "deg" or "count"
    perimeter: float | None = None   # mm, for areas
    scale: str = ""                  # the scale it was measured at, e.g. "1:100"


MEASUREMENT_UNITS = ("mm", "mm2", "deg", "count")


@dataclass(frozen=True)
class Markup:
    sheet: int
    kind: MarkupKind
    points: tuple[Point, ...]
    id: uuid.UUID = field(default_factory=uuid.uuid4)
    text: str = ""
    style: Style = Style()
    discipline: str = "architectural"
    author: str = ""
    status: MarkupStatus = MarkupStatus.OPEN
    replies: tuple[Reply, ...] = ()
    created: datetime = field(default_factory=utc_now)
    modified: datetime = field(default_factory=utc_now)
    measurement: Measurement | None = None
    columns: tuple[tuple[str, str], ...] = ()   # user-defined column values, sorted by name
    locked: bool = False
    z: int = 0
    origin: str = ""   # "" for the reviewer's markups; where a read-only one came from otherwise

    def __post_init__(self):
        if len(self.points) < MIN_POINTS[self.kind]:
            raise MarkupError(f"a {self.kind} markup needs at least {MIN_POINTS[self.kind]}"
                              f" point(s), it has {len(self.points)}")
        if self.sheet < 0:
            raise MarkupError(f"sheet {self.sheet} is not a sheet number (they start at 0)")

    @property
    def read_only(self) -> bool:
        """An annotation that was already in the consultant's file: shown, never edited."""
        return bool(self.origin)

    def column(self, name: str, default: str = "") -> str:
        return dict(self.columns).get(name, default)

    def bounds(self) -> tuple[float, float, float, float]:
        return bounding_box(self.points)


def columns_from(values: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    """The canonical (sorted) form of user-defined column values."""
    return tuple(sorted((str(k), str(v)) for k, v in values.items()))


# ---- disciplines -------------------------------------------------------------------------

@dataclass(frozen=True)
class Discipline:
    id: str
    abbreviation: str
    colour: str
    name_en: str
    name_ar: str

    @property
    def layer(self) -> str:
        """The DXF layer its markups go on."""
        return f"REVIEW-{self.abbreviation}"

    def name(self, language: str) -> str:
        return self.name_ar if language == "ar" else self.name_en


def load_disciplines(extra: Path | None = None) -> dict[str, Discipline]:
    """The packaged disciplines, plus or overridden by those in `extra` (same JSON format)."""
    text = resources.files("resources").joinpath("disciplines.json").read_text("utf-8")
    disciplines = _parse_disciplines(text, "resources/disciplines.json")
    if extra is not None and extra.is_file():
        disciplines.update(_parse_disciplines(extra.read_text("utf-8"), str(extra)))
    return disciplines


def _parse_disciplines(text: str, where: str) -> dict[str, Discipline]:
    try:
        entries = json.loads(text)["disciplines"]
        return {entry["id"]: Discipline(entry["id"], entry["abbreviation"], entry["colour"],
                                        entry["name_en"], entry.get("name_ar", entry["name_en"]))
                for entry in entries}
    except (ValueError, KeyError, TypeError) as exc:
        raise MarkupError(f"{where} is not a valid disciplines file: {exc}") from exc


def colour_of(markup: Markup, disciplines: Mapping[str, Discipline]) -> str:
    """The colour a markup is drawn in: its own, else its discipline's, else grey."""
    if markup.style.colour:
        return markup.style.colour
    discipline = disciplines.get(markup.discipline)
    return discipline.colour if discipline else "#616161"


def rgb(colour: str) -> tuple[float, float, float]:
    """An "#RRGGBB" colour as three floats in 0..1."""
    value = colour.lstrip("#")
    return tuple(int(value[i:i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


# ---- the collection and its invertible primitives ------------------------------------------

@dataclass(frozen=True)
class Change:
    """One edit: markups added, removed, and (old, new) pairs updated. Apply the inverse to undo."""

    added: tuple[Markup, ...] = ()
    removed: tuple[Markup, ...] = ()
    updated: tuple[tuple[Markup, Markup], ...] = ()

    def inverse(self) -> Change:
        return Change(added=self.removed, removed=self.added,
                      updated=tuple((new, old) for old, new in reversed(self.updated)))

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.updated)


Listener = Callable[[Change], None]


class MarkupSet:
    """The markups of one document, by id. Every edit goes through a primitive returning a Change."""

    def __init__(self, markups: Iterable[Markup] = (), *,
                 clock: Callable[[], datetime] = utc_now):
        self._by_id: dict[uuid.UUID, Markup] = {}
        self._listeners: list[Listener] = []
        self._clock = clock
        for markup in markups:
            self._by_id[markup.id] = markup

    # -- reading
    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, markup_id: uuid.UUID) -> bool:
        return markup_id in self._by_id

    def __iter__(self):
        return iter(self.ordered())

    def get(self, markup_id: uuid.UUID) -> Markup:
        try:
            return self._by_id[markup_id]
        except KeyError:
            raise MarkupError(f"no markup with id {markup_id}") from None

    def ordered(self, sheet: int | None = None) -> list[Markup]:
        """Markups (of one sheet, or all) bottom to top: by sheet, then z-order."""
        chosen = self._by_id.values() if sheet is None else \
            [m for m in self._by_id.values() if m.sheet == sheet]
        return sorted(chosen, key=lambda m: (m.sheet, m.z))

    # -- change announcements
    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Calls `listener(change)` after every applied change; returns the unsubscribe function."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def apply(self, change: Change) -> Change:
        """Applies a change made by a primitive (redo), or its inverse (undo)."""
        for markup in change.added:
            if markup.id in self._by_id:
                raise MarkupError(f"a markup with id {markup.id} is already in the set")
        for markup in change.removed:
            self.get(markup.id)
        for old, _new in change.updated:
            self.get(old.id)
        for markup in change.removed:
            del self._by_id[markup.id]
        for _old, new in change.updated:
            self._by_id[new.id] = new
        for markup in change.added:
            self._by_id[markup.id] = markup
        if change:
            for listener in list(self._listeners):
                listener(change)
        return change

    # -- primitives
    def add(self, markups: Iterable[Markup]) -> Change:
        """Adds markups; those with z 0 go on top of their sheet in the order given."""
        top: dict[int, int] = {}
        placed = []
        for markup in markups:
            if markup.z == 0:
                if markup.sheet not in top:
                    top[markup.sheet] = self._top_z(markup.sheet)
                top[markup.sheet] += 1
                markup = replace(markup, z=top[markup.sheet])
            placed.append(markup)
        return self.apply(Change(added=tuple(placed)))

    def remove(self, ids: Iterable[uuid.UUID]) -> Change:
        markups = tuple(self._editable(markup_id) for markup_id in dict.fromkeys(ids))
        return self.apply(Change(removed=markups))

    def update(self, markups: Iterable[Markup]) -> Change:
        """Replaces markups by id with edited copies (made with dataclasses.replace)."""
        now = self._clock()
        pairs = []
        for new in markups:
            old = self._editable(new.id, geometry=new.points != self.get(new.id).points)
            if new != old:
                pairs.append((old, replace(new, modified=now)))
        return self.apply(Change(updated=tuple(pairs)))

    def move(self, ids: Iterable[uuid.UUID], dx: float, dy: float) -> Change:
        return self.update(
            replace(m, points=tuple((x + dx, y + dy) for x, y in m.points))
            for m in (self.get(i) for i in dict.fromkeys(ids)))

    def set_status(self, ids: Iterable[uuid.UUID], status: MarkupStatus) -> Change:
        return self.update(replace(self.get(i), status=MarkupStatus(status))
                           for i in dict.fromkeys(ids))

    def reply(self, markup_id: uuid.UUID, author: str, text: str) -> Change:
        markup = self.get(markup_id)
        return self.update([replace(markup, replies=markup.replies + (
            Reply(author, self._clock(), text),))])

    def set_locked(self, ids: Iterable[uuid.UUID], locked: bool) -> Change:
        pairs = []
        now = self._clock()
        for markup in (self.get(i) for i in dict.fromkeys(ids)):
            if markup.read_only:
                raise MarkupLockedError("an annotation of the consultant's file cannot be"
                                        " unlocked; it is kept exactly as received")
            if markup.locked != locked:
                pairs.append((markup, replace(markup, locked=locked, modified=now)))
        return self.apply(Change(updated=tuple(pairs)))

    def bring_to_front(self, ids: Iterable[uuid.UUID]) -> Change:
        return self._restack(ids, front=True)

    def send_to_back(self, ids: Iterable[uuid.UUID]) -> Change:
        return self._restack(ids, front=False)

    # -- helpers
    def _top_z(self, sheet: int) -> int:
        return max((m.z for m in self._by_id.values() if m.sheet == sheet), default=0)

    def _restack(self, ids: Iterable[uuid.UUID], *, front: bool) -> Change:
        chosen = sorted((self.get(i) for i in dict.fromkeys(ids)), key=lambda m: (m.sheet, m.z))
        edited = []
        for sheet in dict.fromkeys(m.sheet for m in chosen):
            group = [m for m in chosen if m.sheet == sheet]
            moving = {m.id for m in group}
            others = [m.z for m in self._by_id.values() if m.sheet == sheet and m.id not in moving]
            if front:
                start = max(others, default=0) + 1
            else:
                start = min(others, default=0) - len(group)
            edited += [replace(m, z=start + i) for i, m in enumerate(group)]
        return self.update(edited)

    def _editable(self, markup_id: uuid.UUID, *, geometry: bool = True) -> Markup:
        markup = self.get(markup_id)
        if markup.read_only:
            raise MarkupLockedError("this markup is an annotation of the consultant's file;"
                                    " it is shown read-only and kept exactly as received")
        if markup.locked and geometry:
            raise MarkupLockedError("the markup is locked; unlock it to move or reshape it")
        return markup


def bounding_box(points: Iterable[Point]) -> tuple[float, float, float, float]:
    xs, ys = zip(*points)
    return min(xs), min(ys), max(xs), max(ys)
