"""Perangkat: find the SBI finger and iris scanners on this PC, test one, and choose them for
recording; the quality thresholds in force."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ektp_desk.capture import CaptureError
from ektp_desk.capture.sbi import SBI_PORTS, SbiCaptureDevice, SbiClient, SbiDevice
from ektp_desk.desk import Desk
from ektp_desk.domain.accounts import Permission, may
from ektp_desk.ui.i18n import shown
from ektp_desk.ui.recording import RecordingPage
from ektp_desk.ui.style import list_table, show_message, title_label
from ektp_desk.ui.tasks import TaskRunner


class DevicesPage(QWidget):
    def __init__(
        self,
        desk: Desk,
        recording: RecordingPage,
        parent: QWidget | None = None,
        *,
        ports: range = SBI_PORTS,
    ) -> None:
        super().__init__(parent)
        self.desk = desk
        self.recording = recording
        self.ports = ports
        self.devices: list[SbiDevice] = []
        self.auto_use = False
        # Its own threads: a scanner that never answers holds up no export or backup.
        self.tasks = TaskRunner(self, threads=os.cpu_count() or 1)
        layout = QVBoxLayout(self)
        layout.addWidget(title_label(self.tr("Perangkat perekaman")))
        form = QFormLayout()
        self.thresholds = QLabel()
        form.addRow(self.tr("Ambang kualitas"), self.thresholds)
        self.trusted = QLabel()
        self.trusted.setWordWrap(True)
        form.addRow(self.tr("Sertifikat perangkat tepercaya"), self.trusted)
        layout.addLayout(form)
        row = QHBoxLayout()
        self.find_button = QPushButton(self.tr("Cari pemindai SBI"))
        self.find_button.setObjectName("devices_find")
        self.find_button.clicked.connect(self.find_devices)
        self.test_button = QPushButton(self.tr("Uji perangkat"))
        self.test_button.setObjectName("devices_test")
        self.test_button.clicked.connect(self.test_selected)
        self.use_button = QPushButton(self.tr("Gunakan pemindai untuk perekaman"))
        self.use_button.setObjectName("devices_use")
        self.use_button.clicked.connect(self.use)
        self.simulated_button = QPushButton(self.tr("Kembali ke simulasi"))
        self.simulated_button.clicked.connect(self.use_simulated)
        # Simulated devices belong to training desks only.
        self.simulated_button.setVisible(desk.training)
        for b in (self.find_button, self.test_button, self.use_button, self.simulated_button):
            row.addWidget(b)
        row.addStretch(1)
        layout.addLayout(row)
        self.table = list_table(
            "devices_table",
            [self.tr("Jenis"), self.tr("Perangkat"), self.tr("Port"), self.tr("Status")],
            stretch=1,
        )
        layout.addWidget(self.table, 1)
        self.message = QLabel()
        self.message.setObjectName("devices_message")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.refresh()
        if not desk.training:
            show_message(self.message, self.no_scanner_text(), "warning")

    def no_scanner_text(self) -> str:
        return self.tr(
            "Belum ada pemindai jari dan iris. Pasang pemindai, jalankan layanan SBI dari "
            "pembuatnya, daftarkan sidik sertifikatnya (ektp-desk settings set sbi_trusted "
            "SIDIK), lalu tekan Cari pemindai SBI. Wajah diambil dengan Kamera atau Berkas, "
            "tanda tangan dengan Pad atau Berkas."
        )

    def trusted_fingerprints(self) -> set[str]:
        text = self.desk.settings.get("sbi_trusted", "")
        return {p.strip().lower() for p in text.split(",") if p.strip()}

    def client(self) -> SbiClient:
        return SbiClient(trusted=self.trusted_fingerprints())

    def refresh(self) -> None:
        self.thresholds.setText(
            self.tr("jari {f}, iris {i}; paling banyak {n} kali ambil").format(
                f=self.desk.setting("quality_finger_min"),
                i=self.desk.setting("quality_iris_min"),
                n=self.desk.setting("capture_retries"),
            )
        )
        trusted = self.trusted_fingerprints()
        self.trusted.setText(
            ", ".join(f[:16] + "…" for f in sorted(trusted))
            or self.tr("belum ada (ektp-desk settings set sbi_trusted SIDIK)")
        )

    def _run(self, job: Callable[[], Any], done: Callable[[Any], None]) -> None:
        show_message(self.message, self.tr("Menghubungi perangkat…"), "warning")
        self.tasks.start(
            job,
            on_done=done,
            on_failed=lambda error: show_message(self.message, shown(error), "error"),
            expected=(CaptureError,),
        )

    def find_devices(self) -> None:
        client = self.client()
        self._run(lambda: client.discover(ports=self.ports), self._found)

    def _found(self, devices: list[SbiDevice]) -> None:
        simulators = [d for d in devices if d.simulated and not self.desk.training]
        if simulators:
            # A real desk never records with the simulator, even one an admin trusted.
            devices = [d for d in devices if d not in simulators]
        self.devices = devices
        self.table.setRowCount(len(devices))
        for r, d in enumerate(devices):
            for c, v in enumerate(
                (d.type, f"{d.make} {d.model} {d.serial}", str(d.port), d.status)
            ):
                self.table.setItem(r, c, QTableWidgetItem(v))
        if devices:
            self.table.selectRow(0)
            show_message(
                self.message, self.tr("{n} perangkat ditemukan.").format(n=len(devices)), "ok"
            )
            if self.auto_use:
                self.auto_use = False
                self.use()
        elif simulators:
            show_message(
                self.message,
                self.tr(
                    "Hanya simulator SBI yang menjawab; simulator hanya untuk desk latihan. "
                    "Pasang pemindai yang sebenarnya, lalu cari lagi."
                ),
                "error",
            )
        else:
            show_message(
                self.message,
                self.tr(
                    "Tidak ada pemindai tepercaya yang menjawab di port 4501-4600. Periksa "
                    "kabel dan layanan SBI pemindai, dan sidik sertifikatnya di "
                    "sbi_trusted; lalu cari lagi."
                ),
                "error",
            )

    def test_selected(self) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self.devices):
            show_message(self.message, self.tr("Pilih perangkat dulu."), "error")
            return
        device = self.devices[row]
        sub_type = "Right Thumb" if device.type == "Finger" else "Right"
        client = self.client()
        self._run(
            lambda: client.capture(device, [sub_type], requested_score=40, timeout_s=10),
            lambda captures: show_message(
                self.message,
                self.tr("Uji berhasil: {name}, kualitas {q}.").format(
                    name=device.name, q=captures[0].quality
                ),
                "ok",
            ),
        )

    def use(self) -> None:
        if not self.devices:
            show_message(self.message, self.tr("Cari pemindai dulu."), "error")
            return
        self.recording.use_scanner(SbiCaptureDevice(self.client(), self.devices))
        show_message(self.message, self.tr("Jari dan iris kini diambil dengan pemindai SBI."), "ok")
        self._remember("sbi")

    def use_simulated(self) -> None:
        """Back to the simulator (training desks), or to no scanner (a real desk)."""
        self.recording.use_scanner(None)
        if self.desk.training:
            self._remember("simulated")

    def _remember(self, choice: str) -> None:
        """An admin's choice is kept for the next start; others choose for this session."""
        user = self.desk.user
        if (
            user is not None
            and may(user.role, Permission.CHANGE_SETTINGS)
            and self.desk.settings.get("capture_device") != choice
        ):
            self.desk.change_setting("capture_device", choice)

    def restore(self) -> None:
        """At start: find and use the scanners again when they were chosen."""
        if self.desk.settings.get("capture_device") == "sbi":
            self.auto_use = True
            self.find_devices()
