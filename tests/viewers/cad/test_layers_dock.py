"""The Layers dock drives a CAD sheet layer: on/off, isolate, all on, lineweights."""
from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.layers_dock import LayersDock
from tests.viewers.cad import drawings
from viewers.core.formats import open_document
from viewers.qt.cad_layer import create_cad_layer


def item_named(dock, name):
    return next(dock.tree.topLevelItem(i) for i in range(dock.tree.topLevelItemCount())
                if dock.tree.topLevelItem(i).text(0) == name)


def test_layers_dock(qtbot, tmp_path):
    layer = create_cad_layer(open_document(drawings.plan(tmp_path / "plan.dxf")), 0)
    dock = LayersDock()
    qtbot.addWidget(dock)
    dock.set_layer(layer)
    names = [layer.sheet.layers[i].name for i in range(len(layer.sheet.layers))]
    walls, hidden = names.index("WALLS"), names.index("HIDDEN")
    assert item_named(dock, "WALLS").text(1) == "3"
    assert item_named(dock, "HIDDEN").checkState(0) == Qt.CheckState.Unchecked

    with qtbot.waitSignal(layer.updated):
        item_named(dock, "WALLS").setCheckState(0, Qt.CheckState.Unchecked)
    assert not layer.layer_visible(walls)

    dock.show_all()
    assert layer.layer_visible(walls) and layer.layer_visible(hidden)

    dock.tree.setCurrentItem(item_named(dock, "HIDDEN"))
    dock.isolate_selected()
    assert layer.hidden_layers() == frozenset(range(len(names))) - {hidden}
    assert item_named(dock, "WALLS").checkState(0) == Qt.CheckState.Unchecked

    dock.lineweights.setChecked(False)
    assert not layer.lineweights_shown()


def test_dock_is_disabled_without_a_cad_sheet(qtbot):
    dock = LayersDock()
    qtbot.addWidget(dock)
    dock.set_layer(None)
    assert dock.tree.topLevelItemCount() == 0 and not dock.widget().isEnabled()
    assert dock.windowTitle() == "Layers"
