"""Sinkronisasi: the sync engine in a worker thread, its status in the status bar, and the
panel of recent batches and of records the hub rejected or flagged."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ektp_desk.desk import Backoff, Desk, DeskError, RunReport, SyncEngine, SyncService
from ektp_desk.domain.accounts import Permission, may
from ektp_desk.domain.formats import number
from ektp_desk.domain.words import batch_outcome_word, sync_state_word
from ektp_desk.ui.approvals import ApprovalList
from ektp_desk.ui.desk_warnings import clock_warning
from ektp_desk.ui.i18n import language, local, shown
from ektp_desk.ui.style import title_label
from ektp_desk.ui.tasks import TaskRunner
from ektp_desk.ui.transfer import BackupBox, BundleBox
from ektp_desk.ui.update_box import UpdateBox

log = logging.getLogger(__name__)


class SyncWorker(QObject):
    """Runs the sync service, on a worker thread, with its own connection to the store."""

    report = Signal(object)  # RunReport

    def __init__(
        self,
        data_dir: Path,
        *,
        backoff: Backoff | None = None,
        probe_interval: float = 5.0,
        idle_interval: float = 10.0,
        timeouts: tuple[float, float] | None = None,
    ) -> None:
        super().__init__()
        self.data_dir = data_dir
        self.stop_event = threading.Event()
        self.service: SyncService | None = None
        self.backoff = backoff
        self.probe_interval = probe_interval
        self.idle_interval = idle_interval
        self.timeouts = timeouts
        self._desk: Desk | None = None

    def _engine(self) -> SyncEngine:
        while not self.stop_event.is_set():
            desk = Desk.open(self.data_dir)
            try:
                engine = desk.hub.engine()
            except DeskError as exc:
                desk.close()
                self.report.emit(RunReport(error=shown(exc), error_kind="no_hub"))
                self.stop_event.wait(self.idle_interval)
                continue
            if self.timeouts is not None:
                engine.client.timeout = self.timeouts
            self._desk = desk
            return engine
        raise RuntimeError("stopped")

    def run(self) -> None:
        """Until `stop_event` is set; an unexpected error ends it (the runner logs it)."""
        try:
            self.service = SyncService(
                self._engine,
                backoff=self.backoff,
                probe_interval=self.probe_interval,
                idle_interval=self.idle_interval,
                on_report=self.report.emit,
            )
            self.service.run_forever(self.stop_event)
        except RuntimeError:
            pass
        finally:
            if self._desk is not None:
                self._desk.close()

    def wake(self) -> None:
        if self.service is not None:
            self.service.wake.set()


class SyncController(QObject):
    """Runs the worker on a thread of its own; the window talks to this."""

    report = Signal(object)

    def __init__(
        self, data_dir: Path, parent: QObject | None = None, **worker_options: object
    ) -> None:
        super().__init__(parent)
        self.tasks = TaskRunner(self, threads=1)
        self.worker = SyncWorker(data_dir, **worker_options)  # type: ignore[arg-type]
        self.worker.report.connect(self.report)
        self.last: RunReport | None = None
        self.failure: BaseException | None = None  # what ended the worker, if not a stop
        self.report.connect(self._remember)
        self.running = False

    def _remember(self, report: RunReport) -> None:
        self.last = report

    def start(self) -> None:
        self.running = True
        self.tasks.start(self.worker.run, on_done=lambda _none: None, on_failed=self._failed)

    def _failed(self, error: BaseException) -> None:
        self.failure = error

    def sync_now(self) -> None:
        self.worker.wake()

    def stop(self) -> None:
        self.worker.stop_event.set()
        self.worker.wake()
        self.tasks.wait(60_000)

    def resume(self) -> None:
        """Start again after `stop` (an installer that did not start: the window goes on)."""
        if self.running:
            self.worker.stop_event.clear()
            self.start()


LINK_TEXT = {
    None: QT_TRANSLATE_NOOP("SyncPage", "Terhubung"),
    "network": QT_TRANSLATE_NOOP("SyncPage", "Tidak terhubung"),
    "auth": QT_TRANSLATE_NOOP("SyncPage", "Token ditolak hub"),
    "server": QT_TRANSLATE_NOOP("SyncPage", "Hub bermasalah"),
    "protocol": QT_TRANSLATE_NOOP("SyncPage", "Jawaban hub tidak dikenal"),
    "no_hub": QT_TRANSLATE_NOOP("SyncPage", "Hub belum diatur"),
    "busy": QT_TRANSLATE_NOOP("SyncPage", "Sinkronisasi lain sedang berjalan"),
    "audit": QT_TRANSLATE_NOOP(
        "SyncPage", "Log audit mundur: hub menolak, hubungi Disdukcapil (audit log rolled back)"
    ),
    "other": QT_TRANSLATE_NOOP("SyncPage", "Gagal"),
}


def link_text(kind: str | None) -> str:
    return QCoreApplication.translate("SyncPage", str(LINK_TEXT.get(kind, LINK_TEXT["other"])))


class SyncPage(QWidget):
    def __init__(
        self, desk: Desk, controller: SyncController, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.desk = desk
        self.controller = controller
        layout = QVBoxLayout(self)
        layout.addWidget(title_label(self.tr("Sinkronisasi ke Disdukcapil")))
        layout.addLayout(self._state_form())
        buttons = QHBoxLayout()
        self.now_button = QPushButton(self.tr("Sinkronkan sekarang"))
        self.now_button.setObjectName("sync_now")
        self.now_button.setProperty("primary", True)
        self.now_button.clicked.connect(controller.sync_now)
        self.hub_button = QPushButton(self.tr("Atur hub…"))
        self.hub_button.setObjectName("sync_set_hub")
        self.hub_button.clicked.connect(self.set_hub)
        buttons.addWidget(self.now_button)
        buttons.addWidget(self.hub_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        boxes = QHBoxLayout()
        self.bundle_box = BundleBox(desk)
        self.backup_box = BackupBox(desk)
        boxes.addWidget(self.bundle_box, 1)
        boxes.addWidget(self.backup_box, 1)
        layout.addLayout(boxes)
        self.bundle_box.finished.connect(lambda _t: self.after_bundle())
        self.update_box = UpdateBox(desk)  # a newer release the hub offers
        self.update_box.before_install = controller.stop
        self.update_box.after_failed_install = controller.resume
        layout.addWidget(self.update_box)
        self.rerecord = QLabel()
        self.rerecord.setObjectName("sync_rerecord")
        self.rerecord.setProperty("role", "warning")
        self.rerecord.setWordWrap(True)
        layout.addWidget(self.rerecord)
        self.approvals = ApprovalList(desk)
        self.approvals.changed.connect(self.refresh)
        layout.addWidget(self.approvals)
        self._tables(layout)
        controller.report.connect(lambda _r: self.refresh())
        self.refresh()

    def _tables(self, layout: QVBoxLayout) -> None:
        """The records the hub set aside, and the last batches sent."""
        layout.addWidget(QLabel(self.tr("Ditolak atau NIK ganda (perlu ditindaklanjuti)")))
        self.quarantine = QTableWidget(0, 4)
        self.quarantine.setObjectName("sync_quarantine")
        self.quarantine.setHorizontalHeaderLabels(
            [self.tr("NIK"), self.tr("Nama"), self.tr("Status"), self.tr("Keterangan hub")]
        )
        self.quarantine.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.quarantine.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.quarantine, 1)
        layout.addWidget(QLabel(self.tr("Batch terakhir")))
        self.batches = QTableWidget(0, 5)
        self.batches.setObjectName("sync_batches")
        self.batches.setHorizontalHeaderLabels(
            [
                self.tr("Selesai"),
                self.tr("Rekaman"),
                self.tr("Bita"),
                self.tr("Hasil"),
                self.tr("Keterangan"),
            ]
        )
        self.batches.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.batches.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.batches, 1)

    def _state_form(self) -> QFormLayout:
        """The hub, the link, what waits, the last sync and the clock."""
        form = QFormLayout()
        self.hub = QLabel()
        self.link = QLabel()
        self.link.setObjectName("sync_link")
        self.waiting = QLabel()
        self.waiting.setObjectName("sync_waiting")
        self.last = QLabel()
        self.clock = QLabel()
        self.clock.setProperty("role", "warning")
        form.addRow(self.tr("Hub"), self.hub)
        form.addRow(self.tr("Sambungan"), self.link)
        form.addRow(self.tr("Menunggu dikirim"), self.waiting)
        form.addRow(self.tr("Sinkron terakhir"), self.last)
        form.addRow(self.tr("Jam"), self.clock)
        return form

    def update_role(self) -> None:
        user = self.desk.user
        self.hub_button.setVisible(user is not None and may(user.role, Permission.CHANGE_SETTINGS))
        self.bundle_box.update_role()
        self.backup_box.update_role()
        self.update_box.refresh()

    def after_bundle(self) -> None:
        self.refresh()
        self.controller.sync_now()  # forwarded records go out, if the link answers

    def refresh(self) -> None:
        if self.desk.closed:  # a report queued before the window closed
            return
        overview = self.desk.hub.overview()
        status = self.desk.status().sync
        hub_url = status.hub_url or self.tr("(belum diatur)")
        key_label = self.tr("kunci")
        self.hub.setText(f"{hub_url}  ·  {key_label} {status.key_id or '-'}")
        report = self.controller.last
        self.link.setText(
            link_text(report.error_kind) if report is not None else self.tr("Belum dicoba")
        )
        self.waiting.setText(number(overview.waiting, language()))
        zone = self.desk.timezone
        self.last.setText(local(status.last_success, zone, empty=self.tr("belum pernah")))
        self.clock.setText(next(iter(clock_warning(status)), ""))
        self.bundle_box.refresh()
        self.backup_box.refresh()
        self.approvals.refresh()
        self.update_box.refresh()
        rerecord = self.desk.health.rerecord_list()
        self.rerecord.setVisible(bool(rerecord))
        self.rerecord.setText(
            self.tr(
                "Perlu direkam ulang (data rekaman rusak di komputer ini, tidak dikirim): {names}."
                " Undang warga ini datang lagi untuk direkam ulang."
            ).format(names=", ".join(f"{r.nama} ({r.nik})" for r in rerecord))
        )
        rows = overview.quarantine
        self.quarantine.setRowCount(len(rows))
        for r, q in enumerate(rows):
            for c, v in enumerate((q.nik, q.nama, shown(sync_state_word(q.state)), q.detail or "")):
                self.quarantine.setItem(r, c, QTableWidgetItem(str(v)))
        batches = overview.batches
        self.batches.setRowCount(len(batches))
        lang = language()
        for r, b in enumerate(batches):
            row = (
                local(b.finished_at, zone) if b.finished_at else "",
                number(b.records, lang),
                number(b.bytes, lang),
                shown(batch_outcome_word(str(b.outcome))),
                "" if b.detail is None else str(b.detail),
            )
            for c, v in enumerate(row):
                self.batches.setItem(r, c, QTableWidgetItem(v))

    def set_hub(self) -> None:
        url, ok = QInputDialog.getText(self, self.tr("Atur hub"), self.tr("Alamat hub:"))
        if not ok or not url.strip():
            return
        token, ok = QInputDialog.getText(
            self, self.tr("Atur hub"), self.tr("Token desk:"), QLineEdit.EchoMode.Password
        )
        if not ok:
            return
        try:
            key_id, _sealed = self.desk.hub.set(url.strip(), token.strip())
        except DeskError as exc:
            self.hub.setText(shown(exc))
            return
        self.hub.setText(
            self.tr(
                "Hub diatur. ID kunci {key} — cocokkan dengan Disdukcapil lewat telepon."
            ).format(key=key_id)
        )
        self.controller.sync_now()
