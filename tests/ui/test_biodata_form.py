"""The recording screen's biodata form takes its fields, their order and the defaults the
core fills in from domain/biodata, with its own translatable labels."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel
from pytestqt.qtbot import QtBot

from ektp_desk.domain.biodata import BIODATA_FIELDS, FILLED_IN
from ektp_desk.ui.recording.form import BiodataForm


def test_the_form_has_the_cores_fields_in_its_order_and_its_defaults(qtbot: QtBot) -> None:
    form = BiodataForm([("72.71.02.1007", "KAMONJI")])
    qtbot.addWidget(form)
    assert tuple(form.fields) == BIODATA_FIELDS
    labels = []
    for row in range(form.layout_form.rowCount()):
        item = form.layout_form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        label = item.widget() if item is not None else None
        if isinstance(label, QLabel):
            labels.append(label.text())
    assert labels[:3] == ["NIK", "Nomor KK", "Nama"] and len(labels) == len(BIODATA_FIELDS)
    form.clear()
    for name, value in FILLED_IN.items():
        widget = form.fields[name]
        assert isinstance(widget, QComboBox) and widget.currentData() == value
