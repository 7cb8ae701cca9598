"""The biodata form of the recording screen: one field per biodata item, each with the
line under it where the core's problems are shown, and Enter moving to the next field."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from itertools import pairwise

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QEvent,
    QObject,
    QRegularExpression,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QRegularExpressionValidator
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from ektp_desk.domain import vocab
from ektp_desk.domain.biodata import BIODATA_FIELDS, FILLED_IN
from ektp_desk.domain.formats import parse_date, short_date
from ektp_desk.domain.nik import NikError, parse_nik
from ektp_desk.domain.permit import PERMIT_FIELDS
from ektp_desk.domain.problems import Problem
from ektp_desk.ui.style import repolish

TEXT_FIELDS = (
    "nik", "no_kk", "nama", "tempat_lahir", "tanggal_lahir", "alamat", "rt", "rw", *PERMIT_FIELDS,
)  # fmt: skip
CHOICE_FIELDS = {
    "jenis_kelamin": vocab.JENIS_KELAMIN,
    "golongan_darah": vocab.GOLONGAN_DARAH,
    "agama": vocab.AGAMA,
    "status_perkawinan": vocab.STATUS_PERKAWINAN,
    "pekerjaan": vocab.PEKERJAAN,
    "kewarganegaraan": vocab.KEWARGANEGARAAN,
}
FORM_ORDER = BIODATA_FIELDS  # as printed on the card
# The core's own defaults, and WNI (most residents), which the core does not assume.
DEFAULTS = {"kewarganegaraan": "WNI", **FILLED_IN}
# Typed as 30-11-2026 (or 30/11/2026, or 2026-11-30), kept by the core as 2026-11-30.
DATE_FIELDS = ("tanggal_lahir",)
DIGIT_FIELDS = {"nik": 16, "no_kk": 16}
NARROW_FORM = 380  # px: below it, labels above their fields


def _stored_day(typed: str) -> str:
    try:
        return parse_date(typed).isoformat()
    except ValueError:
        return typed  # the core says what is wrong with it, under the field


def _shown_day(stored: str) -> str:
    try:
        return short_date(date.fromisoformat(stored))
    except ValueError:
        return stored


HINTS = {
    "tanggal_lahir": QT_TRANSLATE_NOOP("RecordingPage", "HH-BB-TTTT"),
    "kitap_berlaku": QT_TRANSLATE_NOOP("RecordingPage", "TTTT-BB-HH"),
}

# The labels keep the recording screen's translation context, where they have always been;
# they are literals here for lupdate, while the fields and their order are the core's.
_LABEL_TEXTS = {
    "nik": QT_TRANSLATE_NOOP("RecordingPage", "NIK"),
    "no_kk": QT_TRANSLATE_NOOP("RecordingPage", "Nomor KK"),
    "nama": QT_TRANSLATE_NOOP("RecordingPage", "Nama"),
    "tempat_lahir": QT_TRANSLATE_NOOP("RecordingPage", "Tempat lahir"),
    "tanggal_lahir": QT_TRANSLATE_NOOP("RecordingPage", "Tanggal lahir"),
    "jenis_kelamin": QT_TRANSLATE_NOOP("RecordingPage", "Jenis kelamin"),
    "golongan_darah": QT_TRANSLATE_NOOP("RecordingPage", "Gol. darah"),
    "alamat": QT_TRANSLATE_NOOP("RecordingPage", "Alamat"),
    "rt": QT_TRANSLATE_NOOP("RecordingPage", "RT"),
    "rw": QT_TRANSLATE_NOOP("RecordingPage", "RW"),
    "kelurahan": QT_TRANSLATE_NOOP("RecordingPage", "Kelurahan/desa"),
    "agama": QT_TRANSLATE_NOOP("RecordingPage", "Agama"),
    "status_perkawinan": QT_TRANSLATE_NOOP("RecordingPage", "Status perkawinan"),
    "pekerjaan": QT_TRANSLATE_NOOP("RecordingPage", "Pekerjaan"),
    "kewarganegaraan": QT_TRANSLATE_NOOP("RecordingPage", "Kewarganegaraan"),
    "no_kitap": QT_TRANSLATE_NOOP("RecordingPage", "Nomor KITAP (WNA)"),
    "kitap_berlaku": QT_TRANSLATE_NOOP("RecordingPage", "KITAP berlaku hingga"),
}
LABELS = {name: _LABEL_TEXTS[name] for name in BIODATA_FIELDS}


class BiodataForm(QWidget):
    """The fields by name (`fields`) and their problem lines (`errors`)."""

    edited = Signal()  # a field was left or a choice changed: time to check again

    def __init__(
        self,
        kelurahan: Iterable[tuple[str, str]],
        parent: QWidget | None = None,
        *,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(parent)
        self.today = today
        # Problems show under a field once the clerk has been at it (or it came filled),
        # and under every field once Save was tried: a blank form is not a page of red.
        self.touched: set[str] = set()
        self.reveal_all = False
        # What the NIK filled in, so that a corrected NIK may replace it but not what the
        # clerk typed.
        self._from_nik: dict[str, str] = {}
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.layout_form = form
        self.fields: dict[str, QLineEdit | QComboBox] = {}
        self.errors: dict[str, QLabel] = {}
        kelurahan = list(kelurahan)
        for name in FORM_ORDER:
            widget = self._field(name, kelurahan)
            widget.setObjectName(f"field_{name}")
            widget.installEventFilter(self)
            error = QLabel()
            error.setObjectName(f"error_{name}")
            error.setProperty("role", "error")
            error.setWordWrap(True)
            error.setVisible(False)
            cell = QWidget()
            cell_layout = QVBoxLayout(cell)
            cell_layout.setContentsMargins(0, 0, 0, 0)
            cell_layout.setSpacing(1)
            cell_layout.addWidget(widget)
            cell_layout.addWidget(error)
            form.addRow(QCoreApplication.translate("RecordingPage", str(LABELS[name])), cell)
            self.fields[name] = widget
            self.errors[name] = error
        self.fields["kewarganegaraan"].currentIndexChanged.connect(self._permit_for_wna)  # type: ignore[union-attr]
        self.fields["nik"].textEdited.connect(self._fill_from_nik)  # type: ignore[union-attr]
        order = [self.fields[name] for name in FORM_ORDER]
        for before, after in pairwise(order):
            QWidget.setTabOrder(before, after)  # Tab goes down the form, as the card reads
        self._permit_for_wna()

    def _touch(self, name: str) -> None:
        self.touched.add(name)

    def _fill_from_nik(self, text: str) -> None:
        """A whole NIK typed: its date of birth and sex fill those fields, unless the clerk
        typed them."""
        if len(text) != DIGIT_FIELDS["nik"]:
            return
        try:
            nik = parse_nik(text, reference=self.today())
        except NikError:
            return  # the core says what is wrong with it, under the field
        birth = self.fields["tanggal_lahir"]
        sex = self.fields["jenis_kelamin"]
        assert isinstance(birth, QLineEdit) and isinstance(sex, QComboBox)
        if not birth.text() or birth.text() == self._from_nik.get("tanggal_lahir"):
            birth.setText(short_date(nik.birth_date))
            self._from_nik["tanggal_lahir"] = birth.text()
        if not sex.currentData() or sex.currentData() == self._from_nik.get("jenis_kelamin"):
            sex.setCurrentIndex(max(sex.findData(nik.sex), 0))
            self._from_nik["jenis_kelamin"] = nik.sex

    def fit_width(self, width: int) -> None:
        """Shown `width` px wide (its scroll area's viewport): narrow (a 1024 px screen),
        each field goes under its label at full width, rather than being cut at the side."""
        policy = QFormLayout.RowWrapPolicy
        wanted = policy.WrapAllRows if width < NARROW_FORM else policy.DontWrapRows
        if self.layout_form.rowWrapPolicy() != wanted:
            self.layout_form.setRowWrapPolicy(wanted)

    def _permit_for_wna(self) -> None:
        """The stay permit's fields are a foreign resident's only (a WNI's card is for life)."""
        foreign = self.values().get("kewarganegaraan") == "WNA"
        for name in PERMIT_FIELDS:
            self.fields[name].setEnabled(foreign)

    def _field(self, name: str, kelurahan: list[tuple[str, str]]) -> QLineEdit | QComboBox:
        if name in TEXT_FIELDS:
            line = QLineEdit()
            if name in HINTS:  # the format in the field, not in a label too wide for 1024 px
                line.setPlaceholderText(
                    QCoreApplication.translate("RecordingPage", str(HINTS[name]))
                )
            if name in DIGIT_FIELDS:
                pattern = QRegularExpression(rf"\d{{0,{DIGIT_FIELDS[name]}}}")
                line.setValidator(QRegularExpressionValidator(pattern, line))
            line.textEdited.connect(lambda _t, n=name: self._touch(n))
            line.editingFinished.connect(self.edited)
            return line
        combo = QComboBox()
        combo.activated.connect(lambda _i, n=name: self._touch(n))
        if name == "kelurahan":
            # By name, the code on hover; and no kelurahan until one is picked: a walk-in's
            # must be chosen, not the list's first.
            combo.addItem("", "")
            for code, kel in kelurahan:
                combo.addItem(kel, code)
                combo.setItemData(combo.count() - 1, code, Qt.ItemDataRole.ToolTipRole)
            combo.setEditable(True)
            combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            editor = combo.lineEdit()
            assert editor is not None  # editable
            editor.setPlaceholderText(
                QCoreApplication.translate("RecordingPage", "Pilih kelurahan/desa")
            )
            combo.currentIndexChanged.connect(
                lambda i, c=combo: c.setToolTip(str(c.itemData(i) or ""))
            )
        else:
            combo.addItem("", "")
            for value in CHOICE_FIELDS[name]:
                combo.addItem(value, value)
            combo.setEditable(name == "pekerjaan")
        combo.currentIndexChanged.connect(self.edited)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(12)
        return combo

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter moves through the form; the viewport it is shown in sets its shape."""
        if event.type() == QEvent.Type.Resize and watched is self.parentWidget():
            assert isinstance(watched, QWidget)
            self.fit_width(watched.width())
        if event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
                names = [n for n, w in self.fields.items() if w.isEnabled()]
                for i, name in enumerate(names):
                    if self.fields[name] is watched and i + 1 < len(names):
                        self.fields[names[i + 1]].setFocus()
                        return True
        return super().eventFilter(watched, event)

    def clear(self) -> None:
        self.touched.clear()
        self._from_nik.clear()
        self.reveal_all = False
        for name, widget in self.fields.items():
            if isinstance(widget, QLineEdit):
                widget.clear()
            else:
                index = widget.findData(DEFAULTS[name]) if name in DEFAULTS else 0
                widget.setCurrentIndex(max(index, 0))

    def fill(self, values: Mapping[str, str | None]) -> None:
        for name, value in values.items():
            if value is None or name not in self.fields:
                continue
            widget = self.fields[name]
            self.touched.add(name)
            if isinstance(widget, QLineEdit):
                widget.setText(_shown_day(value) if name in DATE_FIELDS else value)
            else:
                index = widget.findData(value)
                if index >= 0:
                    widget.setCurrentIndex(index)

    def focus_first_empty(self) -> None:
        first_empty = next(
            (
                w
                for w in self.fields.values()
                if isinstance(w, QLineEdit) and w.isEnabled() and not w.text()
            ),
            self.fields["nik"],
        )
        first_empty.setFocus()

    def has_input(self) -> bool:
        """A field holds something other than what a blank form starts with (WNI, blood
        type "-"): those defaults are no one's unsaved work."""
        return any(
            str(value).strip() and value != DEFAULTS.get(name)
            for name, value in self.values().items()
        )

    def values(self) -> dict[str, object]:
        """The filled fields as the core reads them."""
        raw: dict[str, object] = {}
        for name, widget in self.fields.items():
            if not widget.isEnabled():
                continue
            if isinstance(widget, QLineEdit):
                value = _stored_day(widget.text()) if name in DATE_FIELDS else widget.text()
            elif name == "kelurahan":
                value = str(widget.currentData() or widget.currentText())
            elif name == "pekerjaan":
                value = widget.currentText()
            else:
                value = str(widget.currentData() or "")
            if value.strip():
                raw[name] = value
        return raw

    def show_problems(self, by_field: Mapping[str, list[Problem]], language: str) -> None:
        for name, label in self.errors.items():
            shown = self.reveal_all or name in self.touched
            found = by_field.get(name, []) if shown else []
            widget = self.fields[name]
            invalid = any(p.is_error for p in found)
            label.setText("\n".join(p.message(language) for p in found))
            label.setProperty("role", "error" if invalid else "warning")
            label.setVisible(bool(found))
            repolish(label)
            widget.setProperty("invalid", invalid)
            repolish(widget)
