"""The markups list: a sortable, filterable, groupable table of the drawing's markups.

The model filters, sorts and groups in Python with precomputed keys (no proxy model: a proxy
compares through data() calls, too slow for 10,000 markups), and rebuilds after each change.
Grouped, each group is a parent row spanning the table with its count and the totals of its
measurements.
Clicking a row shows the markup on its sheet; the panel below shows its reply thread.
"""
from __future__ import annotations

import html
import uuid
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QAbstractItemModel, QCoreApplication, QDate, QEvent, QItemSelectionModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QInputDialog,
    QLineEdit,
    QMenu,
    QPushButton,
    QSplitter,
    QStyledItemDelegate,
    QTextBrowser,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desktop import i18n
from desktop.i18n import isolated
from desktop.markups.columns import CHECKED, ColumnDefinition, ColumnStore, ColumnType
from desktop.markups.commands import ColumnCommand
from desktop.markups.names import kind_name, measure_words, measured_text, status_name
from review.errors import PlanReviewError
from review.markups import Markup, MarkupKind, MarkupStatus, columns_from
from review.measure import format_area, format_length

FIXED_COLUMNS = ("sheet", "discipline", "kind", "author", "status", "date", "comment",
                 "measured")
GROUPABLE = ("sheet", "discipline", "kind", "author", "status")
MEASURED = FIXED_COLUMNS.index("measured")
COMMENT = FIXED_COLUMNS.index("comment")


class _Group:
    """A group of rows; markup rows carry its number + 1 as their QModelIndex.internalId
    (ids, not Python pointers: a view may keep an index past a reset)."""

    def __init__(self, number: int, label: str, rows: list[Markup]):
        self.number, self.label, self.rows = number, label, rows


GROUP_ROW = 0   # the internal id of a group's own row
MARKUP_ROW = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled \
    | Qt.ItemFlag.ItemNeverHasChildren
ID_ROLE = Qt.ItemDataRole.UserRole


class MarkupTableModel(QAbstractItemModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.session = None
        self.sheet_label: Callable[[int], str] = lambda sheet: str(sheet + 1)
        self.user_columns: list[ColumnDefinition] = []
        self.filter_text = ""
        self.status_filter: MarkupStatus | None = None
        self.sheet_filter: int | None = None
        self.group_by: str | None = None
        self.sort_column = 0
        self.sort_order = Qt.SortOrder.AscendingOrder
        self.groups: list[_Group] = [_Group(0, "", [])]
        self._kind_names: dict[str, str] = {}
        self._status_names: dict[str, str] = {}
        # What the filter searches in, per markup id: kept while the markup and the
        # language are the same (typing a filter runs it on every markup per keystroke).
        self._haystacks: dict[uuid.UUID, tuple[Markup, str]] = {}
        # of an editable markup's row, by column
        self._column_flags = [self._editable_flags(c) for c in range(len(FIXED_COLUMNS))]

    # ---- content ------------------------------------------------------------------------------
    def set_session(self, session, sheet_label: Callable[[int], str]) -> None:
        self.session = session
        self.sheet_label = sheet_label
        self.rebuild()

    def set_columns(self, columns: list[ColumnDefinition]) -> None:
        self.beginResetModel()
        self.user_columns = list(columns)
        self._column_flags = [self._editable_flags(c) for c in range(self.columnCount())]
        self.endResetModel()

    def column_names(self) -> list[str]:
        return [*FIXED_COLUMNS, *(c.name for c in self.user_columns)]

    def rebuild(self) -> None:
        """Filters, sorts and groups the markups again."""
        self.beginResetModel()
        # Names in the current language, looked up once per rebuild, not once per markup.
        kind_names = {kind: kind_name(kind) for kind in MarkupKind}
        if kind_names != self._kind_names:
            self._haystacks.clear()
        self._kind_names = kind_names
        self._status_names = {status: status_name(status) for status in MarkupStatus}
        markups = [m for m in self.session.markups.ordered() if self._wanted(m)] \
            if self.session is not None else []
        column = self.column_names()[self.sort_column] \
            if self.sort_column < len(self.column_names()) else "sheet"
        key = self._sort_key(column)
        markups.sort(key=key, reverse=self.sort_order == Qt.SortOrder.DescendingOrder)
        if self.group_by is None:
            self.groups = [_Group(0, "", markups)]
        else:
            grouped: dict[str, list[Markup]] = {}
            group_key = self._group_label(self.group_by)
            for markup in markups:
                grouped.setdefault(group_key(markup), []).append(markup)
            self.groups = [_Group(number, label, rows)
                           for number, (label, rows) in enumerate(sorted(grouped.items()))]
        self.endResetModel()

    def _wanted(self, markup: Markup) -> bool:
        if self.status_filter is not None and markup.status != self.status_filter:
            return False
        if self.sheet_filter is not None and markup.sheet != self.sheet_filter:
            return False
        if self.filter_text:
            haystack = self._haystack(markup)
            return all(word in haystack for word in self.filter_text.casefold().split())
        return True

    def _haystack(self, markup: Markup) -> str:
        known = self._haystacks.get(markup.id)
        if known is not None and known[0] is markup:
            return known[1]
        haystack = " ".join((markup.text, markup.author, markup.discipline, markup.kind,
                             self._kind_names[markup.kind],
                             *(v for _, v in markup.columns),
                             *(r.text for r in markup.replies))).casefold()
        self._haystacks[markup.id] = (markup, haystack)
        return haystack

    def _sort_key(self, column: str):
        if column == "sheet":
            return lambda m: (m.sheet, m.z)
        if column == "date":
            return lambda m: m.modified
        if column == "measured":
            return lambda m: (m.measurement is None, m.measurement.unit if m.measurement else "",
                              m.measurement.value if m.measurement else 0.0)
        if column in FIXED_COLUMNS:
            label = self._group_label(column) if column in GROUPABLE else \
                (lambda m: m.text.casefold())
            return label
        return lambda m: m.column(column).casefold()

    def _group_label(self, column: str) -> Callable[[Markup], str]:
        labels = {
            "sheet": lambda m: f"{m.sheet:06d}",   # sheets group in sheet order
            "discipline": self.discipline_name,
            "kind": lambda m: self._kind_names[m.kind],
            "author": lambda m: m.author,
            "status": lambda m: self._status_names[m.status],
        }
        return labels[column]

    def discipline_name(self, markup: Markup) -> str:
        discipline = self.session.disciplines.get(markup.discipline) if self.session else None
        return discipline.name(i18n.current_language()) if discipline else markup.discipline

    def visible_count(self) -> int:
        return sum(len(group.rows) for group in self.groups)

    def all_visible(self) -> list[Markup]:
        return [m for group in self.groups for m in group.rows]

    def markup_at(self, index: QModelIndex) -> Markup | None:
        number = index.internalId() - 1   # an invalid index's is 0, as a group row's
        if number < 0 or number >= len(self.groups):
            return None
        rows, row = self.groups[number].rows, index.row()
        return rows[row] if row < len(rows) else None

    def index_of(self, markup_id: uuid.UUID) -> QModelIndex:
        for group in self.groups:
            for row, markup in enumerate(group.rows):
                if markup.id == markup_id:
                    parent = self.index(group.number, 0) if self.group_by else QModelIndex()
                    return self.index(row, 0, parent)
        return QModelIndex()

    # ---- QAbstractItemModel -------------------------------------------------------------------
    def index(self, row: int, column: int, parent: QModelIndex = QModelIndex()) -> QModelIndex:
        if self.group_by is None:
            return QModelIndex() if parent.isValid() \
                else self.createIndex(row, column, 1)
        if not parent.isValid():
            return self.createIndex(row, column, GROUP_ROW)
        if parent.internalId() == GROUP_ROW:
            return self.createIndex(row, column, parent.row() + 1)
        return QModelIndex()

    def parent(self, index: QModelIndex = QModelIndex()) -> QModelIndex:
        if not index.isValid() or self.group_by is None \
                or index.internalId() == GROUP_ROW:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, GROUP_ROW)

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        if self.group_by is None:
            return 0 if parent.isValid() else len(self.groups[0].rows)
        if not parent.isValid():
            return len(self.groups)
        if parent.internalId() == GROUP_ROW and parent.column() == 0:
            return len(self.groups[parent.row()].rows)
        return 0

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return len(FIXED_COLUMNS) + len(self.user_columns)

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if section < len(FIXED_COLUMNS):
            return column_title(FIXED_COLUMNS[section])
        return self.user_columns[section - len(FIXED_COLUMNS)].name

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if index.internalId() == GROUP_ROW:
            return self._group_data(index, role)
        markup = self.markup_at(index)
        column = index.column()
        if role == ID_ROLE:
            return markup.id
        user = self._user_column(column)
        if user is not None and user.type == ColumnType.CHECKBOX:
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if markup.column(user.name) == CHECKED \
                    else Qt.CheckState.Unchecked
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if user is not None:
                return markup.column(user.name)
            return self._text(markup, FIXED_COLUMNS[column])
        if role == Qt.ItemDataRole.ToolTipRole and column == COMMENT:
            return markup.text
        return None

    def _text(self, markup: Markup, column: str) -> str:
        if column == "sheet":
            return self.sheet_label(markup.sheet)
        if column == "discipline":
            return self.discipline_name(markup)
        if column == "kind":
            return kind_name(markup.kind)
        if column == "author":
            return markup.author
        if column == "status":
            return status_name(markup.status)
        if column == "date":
            return markup.modified.astimezone().strftime("%Y-%m-%d %H:%M")
        if column == "comment":
            return markup.text.replace("\n", " ")
        return isolated(measured_text(markup.measurement)) if markup.measurement else ""

    def _group_data(self, index: QModelIndex, role):
        group = self.groups[index.row()]
        label, rows = group.label, group.rows
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if index.column() != 0:
            return None
        shown = self.sheet_label(rows[0].sheet) if self.group_by == "sheet" and rows else label
        totals = totals_text(rows)
        return f"{shown} ({len(rows)})" + (f" — {isolated(totals)}" if totals else "")

    def _user_column(self, column: int) -> ColumnDefinition | None:
        offset = column - len(FIXED_COLUMNS)
        return self.user_columns[offset] if 0 <= offset < len(self.user_columns) else None

    def flags(self, index: QModelIndex):
        # Asked twice for every row whenever the view lays them out: looked up, not worked out.
        markup = self.markup_at(index)
        if markup is None:
            return super().flags(index)
        return MARKUP_ROW if markup.read_only else self._column_flags[index.column()]

    def _editable_flags(self, column: int) -> Qt.ItemFlag:
        user = self._user_column(column)
        if user is not None and user.type == ColumnType.CHECKBOX:
            return MARKUP_ROW | Qt.ItemFlag.ItemIsUserCheckable
        if user is not None or column == COMMENT:
            return MARKUP_ROW | Qt.ItemFlag.ItemIsEditable
        return MARKUP_ROW

    def setData(self, index: QModelIndex, value, role=Qt.ItemDataRole.EditRole) -> bool:
        markup = self.markup_at(index)
        if markup is None or self.session is None:
            return False
        user = self._user_column(index.column())
        if user is not None:
            if role == Qt.ItemDataRole.CheckStateRole:
                value = CHECKED if Qt.CheckState(value) == Qt.CheckState.Checked else ""
            values = dict(markup.columns)
            values[user.name] = str(value)
            edited = replace(markup, columns=columns_from(values))
        elif index.column() == COMMENT:
            edited = replace(markup, text=str(value))
        else:
            return False
        self.session.update([edited], self.tr("Edit Markup"))
        return True

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        self.sort_column, self.sort_order = column, order
        self.rebuild()


def totals_text(markups: list[Markup]) -> str:
    """The sum of the measurements by unit: lengths, areas and counts."""
    words = measure_words()
    sums: dict[str, float] = {}
    for markup in markups:
        if markup.measurement is not None and markup.measurement.unit != "deg":
            unit = markup.measurement.unit
            sums[unit] = sums.get(unit, 0.0) + markup.measurement.value
    parts = []
    if "mm" in sums:
        parts.append(format_length(sums["mm"], words))
    if "mm2" in sums:
        parts.append(format_area(sums["mm2"], words))
    if "count" in sums:
        parts.append(f"{sums['count']:.0f}")
    return "; ".join(parts)


def column_title(name: str) -> str:
    titles = {
        "sheet": QCoreApplication.translate("MarkupsList", "Sheet"),
        "discipline": QCoreApplication.translate("MarkupsList", "Discipline"),
        "kind": QCoreApplication.translate("MarkupsList", "Kind"),
        "author": QCoreApplication.translate("MarkupsList", "Author"),
        "status": QCoreApplication.translate("MarkupsList", "Status"),
        "date": QCoreApplication.translate("MarkupsList", "Date"),
        "comment": QCoreApplication.translate("MarkupsList", "Comment"),
        "measured": QCoreApplication.translate("MarkupsList", "Measured"),
    }
    return titles[name]


class ColumnDelegate(QStyledItemDelegate):
    """Editors for the user-defined columns: a list for choices, a calendar for dates."""

    def __init__(self, model: MarkupTableModel, parent=None):
        super().__init__(parent)
        self.model = model

    def createEditor(self, parent, option, index):
        user = self.model._user_column(index.column())
        if user is not None and user.type == ColumnType.CHOICE:
            editor = QComboBox(parent)
            editor.addItems(["", *user.choices])
            return editor
        if user is not None and user.type == ColumnType.DATE:
            editor = QDateEdit(parent)
            editor.setCalendarPopup(True)
            editor.setDisplayFormat("yyyy-MM-dd")
            return editor
        return super().createEditor(parent, option, index)

    def setEditorData(self, editor, index) -> None:
        value = index.data(Qt.ItemDataRole.EditRole) or ""
        if isinstance(editor, QComboBox):
            editor.setCurrentText(value)
        elif isinstance(editor, QDateEdit):
            chosen = QDate.fromString(value, "yyyy-MM-dd")
            editor.setDate(chosen if chosen.isValid() else QDate.currentDate())
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor, model, index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentText())
        elif isinstance(editor, QDateEdit):
            model.setData(index, editor.date().toString("yyyy-MM-dd"))
        else:
            super().setModelData(editor, model, index)


class AddColumnDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add Column"))
        self.name = QLineEdit(self)
        self.type = QComboBox(self)
        for column_type, text in ((ColumnType.TEXT, self.tr("Text")),
                                  (ColumnType.CHOICE, self.tr("Choice")),
                                  (ColumnType.DATE, self.tr("Date")),
                                  (ColumnType.CHECKBOX, self.tr("Checkbox"))):
            self.type.addItem(text, column_type)
        self.choices = QLineEdit(self)
        self.choices.setPlaceholderText(self.tr("Choices, separated by commas"))
        form = QFormLayout(self)
        form.addRow(self.tr("Name:"), self.name)
        form.addRow(self.tr("Type:"), self.type)
        form.addRow(self.tr("Choices:"), self.choices)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def definition(self) -> ColumnDefinition:
        choices = tuple(c.strip() for c in self.choices.text().split(",") if c.strip())
        return ColumnDefinition(self.name.text().strip(), self.type.currentData(), choices)


class MarkupsDock(QDockWidget):
    def __init__(self, controller, window):
        super().__init__(window)
        self.setObjectName("markupsDock")
        self.controller = controller
        self.window_ = window
        self.columns = ColumnStore(controller.store)
        self.model = MarkupTableModel(self)
        self.model.set_columns(self.columns.load())
        self._syncing = False

        self.filter = QLineEdit(self)
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._on_filter)
        self.status_filter = QComboBox(self)
        self.status_filter.currentIndexChanged.connect(self._on_filter)
        self.scope = QComboBox(self)
        self.scope.currentIndexChanged.connect(self._on_filter)
        self.group = QComboBox(self)
        self.group.currentIndexChanged.connect(self._on_group)
        self.add_column = QPushButton(self)
        self.add_column.clicked.connect(self.ask_new_column)
        self.bulk_status = QComboBox(self)
        self.apply_status = QPushButton(self)
        self.apply_status.clicked.connect(
            lambda: self.set_status_of_selected(self.bulk_status.currentData()))
        bar = QHBoxLayout()
        for widget in (self.filter, self.status_filter, self.scope, self.group, self.add_column,
                       self.bulk_status, self.apply_status):
            bar.addWidget(widget)
        bar.setStretch(0, 1)

        self.view = QTreeView(self)
        self.view.setObjectName("markupsTable")
        self.view.setModel(self.model)
        self.view.setItemDelegate(ColumnDelegate(self.model, self.view))
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        self.view.setRootIsDecorated(False)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.view.clicked.connect(self._on_clicked)
        header = self.view.header()
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        self.view.selectionModel().selectionChanged.connect(self._on_rows_selected)
        self.model.modelReset.connect(self._after_reset)

        self.thread = QTextBrowser(self)
        self.thread.setObjectName("replyThread")
        self.reply_text = QLineEdit(self)
        self.reply_text.returnPressed.connect(self.send_reply)
        self.reply_button = QPushButton(self)
        self.reply_button.clicked.connect(self.send_reply)
        self.totals = QLabel(self)
        reply_row = QHBoxLayout()
        reply_row.addWidget(self.reply_text, 1)
        reply_row.addWidget(self.reply_button)
        side = QWidget(self)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.thread, 1)
        side_layout.addLayout(reply_row)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.view)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.totals)
        self.setWidget(body)

        controller.session_changed.connect(self._on_session)
        window.sheet_shown.connect(lambda view: self.scope.currentIndex() == 1
                                   and self._on_filter())
        self.retranslate()
        self._on_session(None)

    # ---- following the session ------------------------------------------------------------------
    def _on_session(self, session) -> None:
        if session is not None:
            session.changed.connect(self._on_changed)
            session.selection_changed.connect(self._show_selection)
            drawing = session.drawing
            self.model.set_session(session, lambda sheet: drawing.info(sheet).number)
        else:
            self.model.set_session(None, str)
        self.setEnabled(session is not None)

    def _on_changed(self, change) -> None:
        self.model.rebuild()

    def _after_reset(self) -> None:
        if self.model.group_by is not None and self.model.rowCount():
            for row in range(self.model.rowCount()):   # a group's label spans the table
                self.view.setFirstColumnSpanned(row, QModelIndex(), True)
                # group by group: expandAll asks the model about every one of its rows
                self.view.expand(self.model.index(row, 0))
        self._show_selection()
        self._show_totals()

    def _show_totals(self) -> None:
        shown = self.model.all_visible()
        total = totals_text(shown)
        text = self.tr("%1 markup(s)").replace("%1", str(len(shown)))
        self.totals.setText(f"{text}   {isolated(total)}" if total else text)

    def _show_selection(self) -> None:
        session = self.controller.session
        self._syncing = True
        try:
            selection = self.view.selectionModel()
            selection.clearSelection()
            if session is not None and len(session.selection) <= 1000:
                flags = QItemSelectionModel.SelectionFlag.Select \
                    | QItemSelectionModel.SelectionFlag.Rows
                for markup_id in session.selection:
                    index = self.model.index_of(markup_id)
                    if index.isValid():
                        selection.select(index, flags)
                        self.view.scrollTo(index)
        finally:
            self._syncing = False
        self._show_thread()

    def _on_rows_selected(self, *_args) -> None:
        if self._syncing or self.controller.session is None:
            return
        ids = [self.model.markup_at(index).id for index in self.view.selectionModel().selectedRows()
               if self.model.markup_at(index) is not None]
        self._syncing = True
        try:
            self.controller.session.select(ids)
        finally:
            self._syncing = False
        self._show_thread()

    def _on_clicked(self, index: QModelIndex) -> None:
        markup = self.model.markup_at(index)
        if markup is not None and not self.view.selectionModel().selectedRows()[1:]:
            self.controller.jump_to(markup.id)

    # ---- filters --------------------------------------------------------------------------------
    def _on_filter(self, *_args) -> None:
        model = self.model
        model.filter_text = self.filter.text().strip()
        model.status_filter = self.status_filter.currentData()
        active = self.window_.views.active.sheet_index
        model.sheet_filter = active if self.scope.currentIndex() == 1 else None
        model.rebuild()

    def _on_group(self, *_args) -> None:
        self.model.group_by = self.group.currentData()
        self.view.setRootIsDecorated(self.model.group_by is not None)
        self.model.rebuild()

    # ---- edits ----------------------------------------------------------------------------------
    def set_status_of_selected(self, status: MarkupStatus | None) -> None:
        session = self.controller.session
        if session is None or status is None or not session.selection:
            return
        try:
            session.set_status(session.selection, status, self.tr("Change Status"))
        except PlanReviewError as exc:
            self.controller.notify(str(exc))

    def send_reply(self) -> None:
        session = self.controller.session
        text = self.reply_text.text().strip()
        if session is None or not text or len(session.selection) != 1:
            return
        (markup_id,) = session.selection
        try:
            session.reply(markup_id, text, self.tr("Reply"))
        except PlanReviewError as exc:
            self.controller.notify(str(exc))
            return
        self.reply_text.clear()

    def ask_new_column(self) -> None:
        dialog = AddColumnDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.add_user_column(dialog.definition())

    def add_user_column(self, column: ColumnDefinition) -> None:
        try:
            self.columns.add(column)
        except PlanReviewError as exc:
            self.controller.notify(str(exc))
            return
        self._show_columns()

    def _header_menu(self, position) -> None:
        """Rename and Remove for a user-defined column's header; removing needs an open
        drawing, whose undo stack can bring the column back."""
        column = self.model._user_column(self.view.header().logicalIndexAt(position))
        if column is None:
            return
        menu = QMenu(self)
        menu.addAction(self.tr("Rename Column…"), lambda: self.ask_rename_column(column.name))
        remove = menu.addAction(self.tr("Remove Column"),
                                lambda: self.remove_user_column(column.name))
        remove.setEnabled(self.controller.session is not None)
        menu.exec(self.view.header().mapToGlobal(position))

    def ask_rename_column(self, name: str) -> None:
        new_name, ok = QInputDialog.getText(self, self.tr("Rename Column"),
                                            self.tr("Column name:"), QLineEdit.EchoMode.Normal,
                                            name)
        if ok and new_name.strip() and new_name.strip() != name:
            self.rename_user_column(name, new_name)

    def rename_user_column(self, name: str, new_name: str) -> None:
        try:
            new_name = self.columns.new_name(new_name)
        except PlanReviewError as exc:
            self.controller.notify(str(exc))
            return
        before = self._definition(name)
        if before is not None:
            self._change_column(before, replace(before, name=new_name),
                                self.tr("Rename Column"))

    def remove_user_column(self, name: str) -> None:
        before = self._definition(name)
        if before is not None:
            self._change_column(before, None, self.tr("Remove Column"))

    def _definition(self, name: str) -> ColumnDefinition | None:
        return next((c for c in self.columns.load() if c.name == name), None)

    def _change_column(self, before: ColumnDefinition, after: ColumnDefinition | None,
                       text: str) -> None:
        """Renames or removes a column; its values follow it, in the open drawing and in every
        stored one, as one undo step of the open drawing."""
        command = ColumnCommand(self.columns, self.controller.store, before, after,
                                self._show_columns, text)
        session = self.controller.session
        if session is None:
            command.redo()   # no drawing open, so no undo stack to put it on
            return
        with session.macro(text):
            moved = session.column_values_moved(before.name, after.name if after else None)
            session.update(moved, text)
            session.undo_stack.push(command)

    def _show_columns(self) -> None:
        self.model.set_columns(self.columns.load())
        self.model.rebuild()

    # ---- the reply thread -----------------------------------------------------------------------
    def _show_thread(self) -> None:
        session = self.controller.session
        chosen = session.selected() if session is not None else []
        self.reply_text.setEnabled(len(chosen) == 1)
        self.reply_button.setEnabled(len(chosen) == 1)
        if len(chosen) != 1:
            self.thread.clear()
            return
        markup = chosen[0]
        entries = [(markup.author, markup.created, markup.text),
                   *((r.author, r.date, r.text) for r in markup.replies)]
        lines = [f"<p><b>{_html(author)}</b> · {when.astimezone():%Y-%m-%d %H:%M}"
                 f"<br>{_html(text)}</p>" for author, when, text in entries]
        self.thread.setHtml("".join(lines))

    # ---- language -------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Markups"))
        self.filter.setPlaceholderText(self.tr("Filter: comment, author, kind…"))
        _fill(self.status_filter, [(self.tr("All statuses"), None)]
              + [(status_name(s), s) for s in MarkupStatus])
        _fill(self.scope, [(self.tr("All sheets"), None), (self.tr("This sheet"), "sheet")])
        _fill(self.group, [(self.tr("No grouping"), None)]
              + [(self.tr("Group by %1").replace("%1", column_title(c)), c) for c in GROUPABLE])
        _fill(self.bulk_status, [(status_name(s), s) for s in MarkupStatus])
        self.add_column.setText(self.tr("Add Column…"))
        self.apply_status.setText(self.tr("Set Status"))
        self.reply_button.setText(self.tr("Reply"))
        self.reply_text.setPlaceholderText(self.tr("Write a reply…"))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0,
                                          self.model.columnCount() - 1)
        self._show_totals()

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def _fill(combo: QComboBox, entries) -> None:
    """Refills a combo box with (text, data), keeping the chosen entry."""
    chosen = combo.currentIndex()
    combo.blockSignals(True)
    combo.clear()
    for text, data in entries:
        combo.addItem(text, data)
    combo.setCurrentIndex(max(0, chosen))
    combo.blockSignals(False)


def _html(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")

