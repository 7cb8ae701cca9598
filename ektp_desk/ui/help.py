"""F1: a short guide to the screen in front of one, and "About" (version, where the data and
the log are, credits)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ektp_desk import __version__
from ektp_desk.paths import log_file

# One guide per screen: (title, body in simple HTML). Indonesian; English in the catalogue.
GUIDES: dict[str, tuple[object, object]] = {
    "queue": (
        QT_TRANSLATE_NOOP("Help", "Antrian"),
        QT_TRANSLATE_NOOP(
            "Help",
            "<p>Warga yang datang dimasukkan ke antrian hari ini.</p><ul>"
            "<li><b>F2</b>: cari di daftar warga dengan NIK atau nama; <b>Enter</b> "
            "menambahkan yang pertama (atau yang dipilih dengan panah).</li>"
            "<li>Warga yang tidak ada di daftar ditambahkan dengan namanya dan ditandai "
            "<i>datang langsung</i>.</li>"
            "<li><b>F5</b>: panggil nomor berikutnya; halaman Perekaman terbuka dengan "
            "biodatanya.</li>"
            "<li>Lewati, panggil ulang atau batalkan nomor yang dipilih. Antrian tetap ada "
            "setelah aplikasi ditutup.</li></ul>",
        ),
    ),
    "recording": (
        QT_TRANSLATE_NOOP("Help", "Perekaman"),
        QT_TRANSLATE_NOOP(
            "Help",
            "<p>Biodata dan biometrik satu warga.</p><ul>"
            "<li>Setiap isian diperiksa saat ditinggalkan; pesannya muncul di bawah "
            "isian. <b>Enter</b> pindah ke isian berikutnya.</li>"
            "<li>Empat belas slot: wajah, tanda tangan, sepuluh jari, dua iris. "
            "<b>Ctrl+Shift+A</b> merekam semua slot yang masih kosong dengan perangkat "
            "yang dipilih; slot yang tidak bisa direkam diberi alasan pengecualian.</li>"
            "<li><b>Ctrl+S</b> menyimpan. Setelah tersimpan, rekaman aman walau listrik "
            "padam, dan dikirim ke Disdukcapil saat sambungan ada.</li></ul>",
        ),
    ),
    "log": (
        QT_TRANSLATE_NOOP("Help", "Log"),
        QT_TRANSLATE_NOOP(
            "Help",
            "<p>Semua perekaman desk ini.</p><ul>"
            "<li>Saring menurut tanggal, status kirim, kelurahan dan petugas; cari dengan "
            "NIK atau nama.</li>"
            "<li>Status kirim: <i>Menunggu dikirim</i>, <i>Diterima Disdukcapil</i>, "
            "<i>Ditolak</i>, <i>NIK ganda</i> (NIK sudah ada di hub).</li>"
            "<li>Supervisor dapat membatalkan perekaman dengan alasan.</li></ul>",
        ),
    ),
    "sync": (
        QT_TRANSLATE_NOOP("Help", "Sinkronisasi"),
        QT_TRANSLATE_NOOP(
            "Help",
            "<p>Pengiriman ke Disdukcapil berjalan sendiri setiap ada sambungan.</p><ul>"
            "<li><b>Sinkronkan sekarang</b> mencoba saat itu juga.</li>"
            "<li>Rekaman yang ditolak hub atau NIK ganda perlu ditindaklanjuti "
            "supervisor.</li>"
            "<li>Sambungan putus berhari-hari: <b>Ekspor bundel ke USB</b> lalu bawa ke "
            "Disdukcapil; rekaman tetap menunggu sampai hub menjawab. Bundel dari laptop "
            "jemput bola diimpor di sini dan diteruskan.</li>"
            "<li><b>Cadangan</b>: pilih folder (disk kedua atau flashdisk) dan frasa sandi; "
            "cadangan harian lalu berjalan sendiri.</li></ul>",
        ),
    ),
    "report": (
        QT_TRANSLATE_NOOP("Help", "Laporan"),
        QT_TRANSLATE_NOOP(
            "Help",
            "<p>Rekap harian untuk camat dan kemajuan menuju tenggat.</p><ul>"
            "<li>Pilih tanggal atau rentang; ekspor ke CSV, XLSX, PDF atau JSON.</li>"
            "<li>Grafik menunjukkan perekaman per hari dan laju yang masih diperlukan.</li>"
            "<li>Daftar belum rekam per kelurahan untuk lurah (XLSX atau PDF).</li></ul>",
        ),
    ),
    "users": (
        QT_TRANSLATE_NOOP("Help", "Pengguna"),
        QT_TRANSLATE_NOOP(
            "Help",
            "<p>Akun petugas, supervisor dan admin.</p><ul>"
            "<li>Tambah, nonaktifkan atau aktifkan akun, dan atur ulang kata sandi.</li>"
            "<li>Setelah beberapa kali salah kata sandi, akun dikunci sementara.</li>"
            "<li>Bahasa tampilan berlaku pada saat aplikasi dibuka berikutnya.</li></ul>",
        ),
    ),
    "devices": (
        QT_TRANSLATE_NOOP("Help", "Perangkat"),
        QT_TRANSLATE_NOOP(
            "Help",
            "<p>Pemindai sidik jari dan iris (SBI), kamera dan bantalan tanda tangan.</p><ul>"
            "<li><b>Cari pemindai SBI</b> menemukan pemindai yang sertifikatnya dipercaya; "
            "<b>Uji perangkat</b> merekam sekali untuk memeriksanya; <b>Gunakan pemindai</b> "
            "memakainya untuk slot jari dan iris.</li>"
            "<li>Tanpa pemindai, wajah diambil dengan <b>Kamera</b> atau <b>Berkas</b> dan "
            "tanda tangan dengan <b>Pad</b> atau <b>Berkas</b>.</li>"
            "<li>Perangkat simulasi hanya ada di desk latihan (<i>ektp-desk init --training</i>) "
            "dan di demo; rekamannya ditolak hub Disdukcapil.</li></ul>",
        ),
    ),
}

GENERAL = QT_TRANSLATE_NOOP(
    "Help",
    "<p><b>Ctrl+1</b> … <b>Ctrl+7</b> membuka halaman; <b>Ctrl+L</b> mengunci desk; "
    "<b>F1</b> membuka panduan ini.</p>",
)


def _t(text: object) -> str:
    return QCoreApplication.translate("Help", str(text))


def guide_html(key: str) -> str:
    title, body = GUIDES[key]
    return f"<h2>{_t(title)}</h2>{_t(body)}{_t(GENERAL)}"


class HelpDialog(QDialog):
    def __init__(self, key: str, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # one per F1: none kept
        self.setWindowTitle(self.tr("Panduan"))
        self.resize(560, 440)
        layout = QVBoxLayout(self)
        self.text = QTextBrowser()
        self.text.setObjectName("help_text")
        self.text.setHtml(guide_html(key))
        layout.addWidget(self.text, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        about = QPushButton(self.tr("Tentang ektp-desk"))
        about.setObjectName("help_about")
        buttons.addButton(about, QDialogButtonBox.ButtonRole.ActionRole)
        about.clicked.connect(lambda: AboutDialog(data_dir, self).exec())
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def region_credit() -> str:
    credit = "dataset cahyadsn/wilayah (MIT License, Copyright (c) 2017-2025 Cahya DSN)"
    return QCoreApplication.translate(
        "AboutDialog", "Kode wilayah: {credit}, dari Kepmendagri No 300.2.2-2138 Tahun 2025."
    ).format(credit=credit)


class AboutDialog(QDialog):
    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Tentang ektp-desk"))
        layout = QVBoxLayout(self)
        log_path = log_file()
        self.text = QLabel(
            "<h2>ektp-desk {version}</h2>"
            "<p>{what}</p>"
            "<p><b>{data}</b><br>{data_dir}</p>"
            "<p><b>{log}</b><br>{log_path}</p>"
            "<p>{credit}</p>".format(
                version=__version__,
                what=self.tr(
                    "Perekaman KTP-el di kecamatan, tetap bekerja tanpa jaringan, dan "
                    "pengiriman ke Disdukcapil."
                ),
                data=self.tr("Folder data"),
                data_dir=data_dir,
                log=self.tr("Berkas log"),
                log_path=log_path,
                credit=region_credit(),
            )
        )
        self.text.setObjectName("about_text")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(self.text.textInteractionFlags())
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
