"""The markups of the open drawing: the model, its store, the undo stack, selection and scales.

Every edit goes through `edit(text, primitive)`: the MarkupSet primitive applies it, the
MarkupStore listener writes it to SQLite before the call returns (nothing shown is lost to a
kill), and a ChangeCommand goes on the undo stack. Canvas overlays and the list dock follow
`changed`.
"""
from __future__ import annotations

import getpass
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from desktop import settings
from desktop.markups.commands import ChangeCommand, ScalesCommand, SheetIdentityCommand
from review.exchange.frames import pdf_frames
from review.exchange.markups_json import dumps, loads
from review.markup_store import MarkupStore, column_renamed
from review.markups import (
    MEASURE_KINDS,
    Change,
    Discipline,
    Markup,
    MarkupKind,
    MarkupSet,
    MarkupStatus,
    Point,
    colour_of,
)
from review.measure import (
    MM_PER_POINT,
    Scale,
    SheetScales,
    Viewport,
    calibrate,
    measure,
    ratio_label,
    read_pdf_scales,
)
from review.sheet_identity import SheetIdentity
from review.store import LocalStore
from viewers.qt.drawing import OpenDrawing

A1_LONG_SIDE_POINTS = 841.0 / (25.4 / 72.0)
PASTE_OFFSET_POINTS = 12.0   # a pasted copy lands beside the original, not on top of it


class MarkupSession(QObject):
    changed = Signal(object)          # Change, after it is stored
    selection_changed = Signal()
    scales_changed = Signal(int)      # sheet

    def __init__(self, drawing: OpenDrawing, store: LocalStore, document: str,
                 imported: Sequence[Markup], disciplines: Mapping[str, Discipline],
                 parent: QObject | None = None):
        super().__init__(parent)
        self.drawing = drawing
        self.disciplines = dict(disciplines)
        self.author = settings.value("sync/user") or getpass.getuser()
        self.discipline = next(iter(self.disciplines), "architectural")
        self.store = MarkupStore(store, document)
        stored = self.store.load()
        known = {m.id for m in stored}
        fresh = [m for m in imported if m.id not in known]
        self.markups = MarkupSet([*stored, *fresh])
        # Our own markups found in the file (a copy we exported) become stored markups.
        self.store.persist(Change(added=tuple(m for m in fresh if not m.read_only)))
        self._detach_store = self.store.attach(self.markups)
        self._unsubscribe = self.markups.subscribe(self.changed.emit)
        self.undo_stack = QUndoStack(self)
        self.selection: set[uuid.UUID] = set()
        self._scales: dict[int, SheetScales] = {}
        for sheet, identity in self.store.load_sheet_identities().items():
            if 0 <= sheet < drawing.sheet_count():
                drawing.set_corrected(sheet, identity)

    def close(self) -> None:
        self._unsubscribe()
        self._detach_store()
        self.undo_stack.clear()

    # ---- editing ------------------------------------------------------------------------------
    def edit(self, text: str, primitive: Callable[[], Change]) -> Change:
        """Applies one primitive and makes it undoable as `text`."""
        change = primitive()
        if change:
            self.undo_stack.push(ChangeCommand(self.markups, change, text))
        return change

    @contextmanager
    def macro(self, text: str) -> Iterator[None]:
        """Several primitives undone and redone as one step."""
        self.undo_stack.beginMacro(text)
        try:
            yield
        finally:
            self.undo_stack.endMacro()

    def new_markup(self, sheet: int, kind: MarkupKind, points: Sequence[Point],
                   text: str = "") -> Markup:
        """A markup by the current author in the current discipline, measured if it measures."""
        markup = Markup(sheet=sheet, kind=MarkupKind(kind), points=tuple(points), text=text,
                        discipline=self.discipline, author=self.author)
        return self.measured(markup)

    def measured(self, markup: Markup) -> Markup:
        if markup.kind not in MEASURE_KINDS:
            return markup
        return replace(markup, measurement=measure(markup, self.scales(markup.sheet)))

    def add(self, markups: Iterable[Markup], text: str, *, select: bool = True) -> Change:
        """Adds markups as one undo step; the new ones become the selection unless told not
        to (an import of thousands is not something to drag around)."""
        markups = list(markups)
        change = self.edit(text, lambda: self.markups.add(markups))
        if select:
            self.select(m.id for m in change.added)
        return change

    def update(self, markups: Iterable[Markup], text: str) -> Change:
        markups = list(markups)
        return self.edit(text, lambda: self.markups.update(markups))

    def move(self, ids: Iterable[uuid.UUID], dx: float, dy: float, text: str) -> Change:
        ids = list(ids)
        return self.edit(text, lambda: self.markups.move(ids, dx, dy))

    def remove(self, ids: Iterable[uuid.UUID], text: str) -> Change:
        ids = list(ids)
        change = self.edit(text, lambda: self.markups.remove(ids))
        self.select(self.selection - {m.id for m in change.removed})
        return change

    def set_status(self, ids: Iterable[uuid.UUID], status: MarkupStatus, text: str) -> Change:
        ids = list(ids)
        return self.edit(text, lambda: self.markups.set_status(ids, status))

    def reply(self, markup_id: uuid.UUID, text: str, undo_text: str) -> Change:
        return self.edit(undo_text, lambda: self.markups.reply(markup_id, self.author, text))

    def set_locked(self, ids: Iterable[uuid.UUID], locked: bool, text: str) -> Change:
        ids = list(ids)
        return self.edit(text, lambda: self.markups.set_locked(ids, locked))

    def restack(self, ids: Iterable[uuid.UUID], *, front: bool, text: str) -> Change:
        ids = list(ids)
        primitive = self.markups.bring_to_front if front else self.markups.send_to_back
        return self.edit(text, lambda: primitive(ids))

    def column_values_moved(self, name: str, new_name: str | None) -> list[Markup]:
        """The markups with their value of user-defined column `name` moved to `new_name`, or
        dropped (None): what renaming or removing the column changes in this drawing."""
        return [edited for edited, markup in ((column_renamed(m, name, new_name), m)
                                              for m in self.markups.ordered() if not m.read_only)
                if edited is not markup]

    # ---- selection ----------------------------------------------------------------------------
    def select(self, ids: Iterable[uuid.UUID]) -> None:
        chosen = {i for i in ids if i in self.markups}
        if chosen != self.selection:
            self.selection = chosen
            self.selection_changed.emit()

    def selected(self) -> list[Markup]:
        return [self.markups.get(i) for i in self.selection if i in self.markups]

    # ---- clipboard ----------------------------------------------------------------------------
    def copy_text(self, ids: Iterable[uuid.UUID]) -> str:
        return dumps(self.markups.get(i) for i in ids)

    def paste(self, text: str, sheet: int, text_for_undo: str) -> Change:
        """Adds copies of clipboard markups to `sheet`, offset so both stay visible."""
        originals = loads(text, source="clipboard", disciplines=self.disciplines)
        offset = PASTE_OFFSET_POINTS * self.sheet_units_per_point(sheet)
        copies = [self.measured(replace(
            m, id=uuid.uuid4(), sheet=sheet, z=0, author=self.author, origin="", locked=False,
            status=MarkupStatus.OPEN, replies=(),
            points=tuple((x + offset, y - offset if self.y_up else y + offset)
                         for x, y in m.points))) for m in originals]
        return self.add(copies, text_for_undo)

    # ---- sheets and scales --------------------------------------------------------------------
    @property
    def y_up(self) -> bool:
        return self.drawing.kind != "pdf"

    def sheet_units_per_point(self, sheet: int) -> float:
        """How big a point on paper is on this sheet: PDF sheets are paper; a CAD sheet is
        taken as printed to fit an A1 sheet's long side, so markups look alike on both."""
        if self.drawing.kind == "pdf":
            return 1.0
        info = self.drawing.info(sheet)
        return max(info.width, info.height, 1e-9) / A1_LONG_SIDE_POINTS

    def scales(self, sheet: int) -> SheetScales:
        known = self._scales.get(sheet)
        if known is None:
            known = self.store.load_scales(sheet) or self._drawing_scales(sheet)
            self._scales[sheet] = known
        return known

    def _drawing_scales(self, sheet: int) -> SheetScales:
        if self.drawing.kind == "pdf":
            doc = self.drawing.document.doc
            scales, _warnings = read_pdf_scales(doc, pdf_frames(doc)[sheet])
            return scales
        info = self.drawing.info(sheet)
        # a layout's viewports onto model space, each measured at its own scale
        viewports = tuple(Viewport(v["name"], tuple(v["bbox"]),
                                   Scale(v["mm_per_unit"], ratio_label(v["ratio"])))
                          for v in self.drawing.document.viewports(sheet))
        if info.mm_per_unit is None:
            return SheetScales(None, viewports)
        return SheetScales(Scale(info.mm_per_unit, f"drawing units: {info.units}"), viewports)

    def mm_per_paper_unit(self, sheet: int) -> float | None:
        """Real millimetres in one sheet unit of the paper itself, which scale ratios are of:
        a point for PDF; a CAD sheet's drawing unit (a layout is drawn in paper units)."""
        if self.drawing.kind == "pdf":
            return MM_PER_POINT
        return self.drawing.info(sheet).mm_per_unit

    def calibrated_scale(self, sheet: int, p1: Point, p2: Point, known_mm: float) -> Scale:
        return calibrate(p1, p2, known_mm, mm_per_paper_unit=self.mm_per_paper_unit(sheet))

    def calibrate(self, sheet: int, p1: Point, p2: Point, known_mm: float,
                  undo_text: str) -> tuple[Scale, Viewport | None]:
        """Sets the scale where p1 and p2 are (the viewport holding both, else the sheet) so
        that p1..p2 measures `known_mm`; remeasures the markups. Returns the scale and the
        viewport it was set on."""
        scale = self.calibrated_scale(sheet, p1, p2, known_mm)
        scales = self.scales(sheet)
        viewport = scales.viewport_for([p1, p2])
        if viewport is None:
            self.set_scales(sheet, replace(scales, default=scale), undo_text)
            return scale, None
        rescaled = replace(viewport, scale=scale)
        self.set_scales(sheet, scales.with_viewport_changed(viewport.name, rescaled), undo_text)
        return scale, rescaled

    def add_viewport(self, sheet: int, viewport: Viewport, undo_text: str) -> None:
        scales = self.scales(sheet)
        scales.check_new_name(viewport.name)
        self.set_scales(sheet, scales.with_viewport(viewport), undo_text)

    def change_viewport(self, sheet: int, name: str, viewport: Viewport,
                        undo_text: str) -> None:
        """Renames or rescales the viewport named `name`."""
        self.set_scales(sheet, self.scales(sheet).with_viewport_changed(name, viewport),
                        undo_text)

    def remove_viewport(self, sheet: int, name: str, undo_text: str) -> None:
        self.set_scales(sheet, self.scales(sheet).without_viewport(name), undo_text)

    def set_scales(self, sheet: int, scales: SheetScales, undo_text: str) -> None:
        """New scales for a sheet and its markups remeasured by them, as one undo step;
        refused, changing nothing, when a markup would be left with no scale to measure by."""
        before = self.scales(sheet)
        if scales == before:
            return
        remeasured = [replace(m, measurement=measure(m, scales))
                      for m in self.markups.ordered(sheet)
                      if m.kind in MEASURE_KINDS and not m.read_only]
        with self.macro(undo_text):
            self._apply_scales(sheet, scales)
            self.undo_stack.push(ScalesCommand(self._apply_scales, sheet, before, scales,
                                               undo_text))
            self.update(remeasured, undo_text)

    def _apply_scales(self, sheet: int, scales: SheetScales) -> None:
        self.store.save_scales(sheet, scales)
        self._scales[sheet] = scales
        self.scales_changed.emit(sheet)

    def correct_sheet(self, sheet: int, number: str, title: str, undo_text: str) -> None:
        """The reviewer's number and title for a sheet, as one undo step, saved with the
        review. What the drawing says itself (or nothing at all for the number) takes the
        correction away."""
        number, title = " ".join(number.split()), " ".join(title.split())
        read = self.drawing.read_identity(sheet)
        after = None if not number or SheetIdentity(number, title) == read \
            else SheetIdentity(number, title)
        before = self.drawing.corrected(sheet)
        if after != before:
            self.undo_stack.push(SheetIdentityCommand(self._apply_identity, sheet, before,
                                                      after, undo_text))

    def _apply_identity(self, sheet: int, identity: SheetIdentity | None) -> None:
        self.store.save_sheet_identity(sheet, identity)
        self.drawing.set_corrected(sheet, identity)

    def colour(self, markup: Markup) -> str:
        return colour_of(markup, self.disciplines)

