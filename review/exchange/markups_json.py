"""The markups JSON format, schema_version 1 (docs/markups-json.md describes it for people).

`{"schema_version": 1, "markups": [{"id": "<uuid, optional>", "kind": "cloud", "sheet": 0,
"points": [[x, y], ...], "text": "...", "discipline": "architectural", "author": "...",
"status": "open", ...}]}` with points in sheet units. Reading is strict: a malformed file, a
missing or unknown field, or a wrong value raises MarkupsFormatError naming the line or field.
The same dictionaries are what the local store persists, so both share one codec.
"""
from __future__ import annotations

import json
import math
import re
import uuid
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from typing import Any

from review.errors import PlanReviewError
from review.markups import (
    MEASUREMENT_UNITS,
    Discipline,
    Markup,
    MarkupError,
    MarkupKind,
    MarkupStatus,
    Measurement,
    Reply,
    Style,
    columns_from,
    load_disciplines,
)

SCHEMA_VERSION = 1
COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
REQUIRED = ("kind", "sheet", "points")
OPTIONAL = ("id", "text", "discipline", "author", "status", "style", "replies", "created",
            "modified", "measurement", "columns", "locked", "z", "origin")
STYLE_FIELDS = ("colour", "width", "opacity", "fill", "font_size", "dashed")


class MarkupsFormatError(PlanReviewError):
    """A markups file that cannot be read; the message names the line or the field."""


def dumps(markups: Iterable[Markup]) -> str:
    document = {"schema_version": SCHEMA_VERSION,
                "markups": [markup_to_dict(m) for m in markups]}
    return json.dumps(document, ensure_ascii=False, indent=1)


def loads(text: str, *, source: str = "markups JSON",
          disciplines: Mapping[str, Discipline] | None = None) -> list[Markup]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise MarkupsFormatError(f"{source} is not valid JSON: {exc.msg} at line {exc.lineno},"
                                 f" column {exc.colno}") from None
    if not isinstance(document, dict):
        raise MarkupsFormatError(f"{source}: the top level must be an object with"
                                 f" \"schema_version\" and \"markups\"")
    version = document.get("schema_version")
    if version != SCHEMA_VERSION:
        raise MarkupsFormatError(f"{source}: schema_version is {version!r}; this program reads"
                                 f" schema_version {SCHEMA_VERSION}")
    entries = document.get("markups")
    if not isinstance(entries, list):
        raise MarkupsFormatError(f"{source}: \"markups\" must be a list")
    extra = set(document) - {"schema_version", "markups"}
    if extra:
        raise MarkupsFormatError(f"{source}: unknown top-level field {sorted(extra)[0]!r}")
    known = load_disciplines() if disciplines is None else disciplines
    markups = []
    seen: set[uuid.UUID] = set()
    for index, entry in enumerate(entries):
        markup = markup_from_dict(entry, where=f"{source}: markups[{index}]", disciplines=known)
        if markup.id in seen:
            raise MarkupsFormatError(f"{source}: markups[{index}].id {markup.id} is used twice")
        seen.add(markup.id)
        markups.append(markup)
    return markups


def markup_to_dict(markup: Markup) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": str(markup.id), "kind": str(markup.kind), "sheet": markup.sheet,
        "points": [[x, y] for x, y in markup.points], "text": markup.text,
        "discipline": markup.discipline, "author": markup.author, "status": str(markup.status),
        "created": _iso(markup.created), "modified": _iso(markup.modified),
    }
    if markup.style != Style():
        data["style"] = {name: getattr(markup.style, name) for name in STYLE_FIELDS}
    if markup.replies:
        data["replies"] = [{"author": r.author, "date": _iso(r.date), "text": r.text}
                           for r in markup.replies]
    if markup.measurement is not None:
        m = markup.measurement
        data["measurement"] = {"value": m.value, "unit": m.unit, "perimeter": m.perimeter,
                               "scale": m.scale}
    if markup.columns:
        data["columns"] = dict(markup.columns)
    if markup.locked:
        data["locked"] = True
    if markup.z:
        data["z"] = markup.z
    if markup.origin:
        data["origin"] = markup.origin
    return data


def markup_from_dict(data: Any, *, where: str = "markup",
                     disciplines: Mapping[str, Discipline] | None = None) -> Markup:
    fields = _Fields(data, where)
    unknown = set(data) - set(REQUIRED) - set(OPTIONAL)
    if unknown:
        raise MarkupsFormatError(f"{where}: unknown field {sorted(unknown)[0]!r}"
                                 f" (fields: {', '.join(REQUIRED + OPTIONAL)})")
    kind = fields.choice("kind", MarkupKind)
    discipline = fields.text("discipline", "architectural")
    if disciplines is not None and discipline not in disciplines:
        raise MarkupsFormatError(f"{where}.discipline: {discipline!r} is not a discipline"
                                 f" (known: {', '.join(disciplines)})")
    now = datetime.now(timezone.utc).replace(microsecond=0)
    created = fields.date("created", now)
    try:
        return Markup(
            id=fields.uuid("id"), kind=kind, sheet=fields.integer("sheet", minimum=0),
            points=fields.points("points"), text=fields.text("text", ""),
            style=fields.style("style"), discipline=discipline,
            author=fields.text("author", ""),
            status=fields.choice("status", MarkupStatus, MarkupStatus.OPEN),
            replies=fields.replies("replies"), created=created,
            modified=fields.date("modified", created),
            measurement=fields.measurement("measurement"), columns=fields.columns("columns"),
            locked=fields.boolean("locked", False), z=fields.integer("z", default=0),
            origin=fields.text("origin", ""))
    except MarkupError as exc:
        raise MarkupsFormatError(f"{where}.points: {exc}") from None


def _iso(value: datetime) -> str:
    return value.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


class _Fields:
    """Reads one object's fields, naming the field in every error."""

    def __init__(self, data: Any, where: str):
        if not isinstance(data, dict):
            raise MarkupsFormatError(f"{where} must be an object, not {type(data).__name__}")
        self.data = data
        self.where = where

    def fail(self, name: str, message: str) -> MarkupsFormatError:
        return MarkupsFormatError(f"{self.where}.{name}: {message}")

    def get(self, name: str, default: Any = ...) -> Any:
        if name in self.data and self.data[name] is not None:
            return self.data[name]
        if default is ...:
            raise self.fail(name, "is missing")
        return default

    def text(self, name: str, default: str | None = None) -> str:
        value = self.get(name, ... if default is None else default)
        if not isinstance(value, str):
            raise self.fail(name, f"must be a string, not {json.dumps(value)}")
        return value

    def choice(self, name: str, enum, default=None):
        value = self.get(name, ... if default is None else default)
        try:
            return enum(value)
        except ValueError:
            raise self.fail(name, f"{value!r} is not one of {', '.join(e.value for e in enum)}") \
                from None

    def integer(self, name: str, *, minimum: int | None = None, default: int | None = None) -> int:
        value = self.get(name, ... if default is None else default)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(name, f"must be a whole number, not {json.dumps(value)}")
        if minimum is not None and value < minimum:
            raise self.fail(name, f"must be {minimum} or more, not {value}")
        return value

    def number(self, name: str, default: float | None = None) -> float:
        value = self.get(name, ... if default is None else default)
        if isinstance(value, bool) or not isinstance(value, (int, float)) \
                or not math.isfinite(value):
            raise self.fail(name, f"must be a number, not {json.dumps(value)}")
        return float(value)

    def boolean(self, name: str, default: bool) -> bool:
        value = self.get(name, default)
        if not isinstance(value, bool):
            raise self.fail(name, f"must be true or false, not {json.dumps(value)}")
        return value

    def uuid(self, name: str) -> uuid.UUID:
        value = self.get(name, "")
        if value == "":
            return uuid.uuid4()
        try:
            return uuid.UUID(str(value))
        except ValueError:
            raise self.fail(name, f"{value!r} is not a UUID") from None

    def date(self, name: str, default: datetime) -> datetime:
        value = self.get(name, "")
        if value == "":
            return default
        return _parse_date(value, lambda message: self.fail(name, message))

    def points(self, name: str) -> tuple[tuple[float, float], ...]:
        value = self.get(name)
        if not isinstance(value, list):
            raise self.fail(name, "must be a list of [x, y] pairs")
        points = []
        for i, pair in enumerate(value):
            if not (isinstance(pair, list) and len(pair) == 2 and all(
                    isinstance(c, (int, float)) and not isinstance(c, bool) and math.isfinite(c)
                    for c in pair)):
                raise self.fail(f"{name}[{i}]", f"must be [x, y] with two finite numbers,"
                                                f" not {json.dumps(pair)}")
            points.append((float(pair[0]), float(pair[1])))
        return tuple(points)

    def style(self, name: str) -> Style:
        value = self.get(name, {})
        sub = _Fields(value, f"{self.where}.{name}")
        unknown = set(value) - set(STYLE_FIELDS)
        if unknown:
            raise sub.fail(sorted(unknown)[0], f"is not a style field ({', '.join(STYLE_FIELDS)})")
        default = Style()
        colours = {}
        for key in ("colour", "fill"):
            colour = sub.get(key, getattr(default, key) or "")
            if colour and (not isinstance(colour, str) or not COLOUR.match(colour)):
                raise sub.fail(key, f"must be a colour like \"#D32F2F\", not {json.dumps(colour)}")
            colours[key] = colour.upper() or None
        opacity = sub.number("opacity", default.opacity)
        if not 0 <= opacity <= 1:
            raise sub.fail("opacity", f"must be between 0 and 1, not {opacity:g}")
        width = sub.number("width", default.width)
        font_size = sub.number("font_size", default.font_size)
        if width < 0 or font_size <= 0:
            raise sub.fail("width" if width < 0 else "font_size", "must be positive")
        return Style(colour=colours["colour"], width=width, opacity=opacity,
                     fill=colours["fill"], font_size=font_size,
                     dashed=sub.boolean("dashed", default.dashed))

    def replies(self, name: str) -> tuple[Reply, ...]:
        value = self.get(name, [])
        if not isinstance(value, list):
            raise self.fail(name, "must be a list of {author, date, text}")
        replies = []
        for i, entry in enumerate(value):
            sub = _Fields(entry, f"{self.where}.{name}[{i}]")
            replies.append(Reply(sub.text("author", ""), _parse_date(
                sub.get("date"), lambda message, s=sub: s.fail("date", message)),
                sub.text("text")))
        return tuple(replies)

    def measurement(self, name: str) -> Measurement | None:
        value = self.get(name, None)
        if value is None:
            return None
        sub = _Fields(value, f"{self.where}.{name}")
        unit = sub.text("unit")
        if unit not in MEASUREMENT_UNITS:
            raise sub.fail("unit", f"{unit!r} is not one of {', '.join(MEASUREMENT_UNITS)}")
        perimeter = sub.get("perimeter", None)
        return Measurement(sub.number("value"), unit,
                           None if perimeter is None else sub.number("perimeter"),
                           sub.text("scale", ""))

    def columns(self, name: str) -> tuple[tuple[str, str], ...]:
        value = self.get(name, {})
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise self.fail(name, "must be an object of column name to text value")
        return columns_from(value)


def _parse_date(value: Any, fail) -> datetime:
    if not isinstance(value, str):
        raise fail(f"must be an ISO 8601 date-time string, not {json.dumps(value)}")
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise fail(f"{value!r} is not an ISO 8601 date-time like 2025-03-01T09:30:00Z") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.astimezone(timezone.utc).replace(microsecond=0)
