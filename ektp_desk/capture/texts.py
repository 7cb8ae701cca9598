"""What a failed capture tells the clerk, by key, in Indonesian and English side by side
(the texts of `CaptureError`)."""

from __future__ import annotations

from ektp_desk.domain.problems import Text

CAPTURE_TEXTS: dict[str, Text] = {
    "cancelled": Text("pengambilan dibatalkan", "the capture was cancelled"),
    "simulated_failed": Text(
        "perangkat simulasi gagal mengambil {slot}", "the simulated device failed to capture {slot}"
    ),
    "cannot_read_file": Text("{path} tidak dapat dibaca: {detail}", "cannot read {path}: {detail}"),
    "not_an_image": Text(
        "{name} bukan PNG atau JPEG yang utuh ({detail})",
        "{name} is not a whole PNG or JPEG ({detail})",
    ),
    "face_too_small": Text(
        "{name} berukuran {width}x{height}; foto wajah paling kecil {min_width}x{min_height}",
        "{name} is {width}x{height}; a face photo needs at least {min_width}x{min_height}",
    ),
    "camera_too_small": Text(
        "kamera memberi {width}x{height}; foto wajah paling kecil {min_width}x{min_height} "
        "dengan 3:4 (setel kamera ke resolusi yang lebih tinggi)",
        "the camera gives {width}x{height}; a face photo needs at least "
        "{min_width}x{min_height} at 3:4 (set the camera to a higher resolution)",
    ),
    "not_http": Text(
        "perangkat di port {port} tidak menjawab dalam HTTP",
        "the device on port {port} does not answer in HTTP",
    ),
    "too_slow": Text(
        "perangkat di port {port} tidak menjawab tepat waktu",
        "the device on port {port} did not answer in time",
    ),
    "broke_off": Text(
        "perangkat di port {port} memutus jawabannya ({detail})",
        "the device on port {port} broke off its answer ({detail})",
    ),
    "header_too_large": Text(
        "perangkat di port {port} mengirim kepala lebih dari {limit} bita (batas {setting} di "
        "{module})",
        "the device on port {port} sent a header over {limit} bytes (limit {setting} in {module})",
    ),
    "half_way": Text(
        "perangkat di port {port} berhenti di tengah jawabannya",
        "the device on port {port} ended its answer half-way",
    ),
    "bad_chunked": Text(
        "perangkat di port {port} mengirim jawaban chunked yang rusak",
        "the device on port {port} sent a broken chunked answer",
    ),
    "bad_length": Text(
        "perangkat di port {port} mengirim Content-Length yang salah",
        "the device on port {port} sent a bad Content-Length",
    ),
    "gone": Text(
        "perangkat di port {port} hilang (dicabut atau layanannya berhenti)",
        "the device on port {port} is gone (unplugged or its service stopped)",
    ),
    "gone_because": Text(
        "perangkat di port {port} hilang ({detail})", "the device on port {port} is gone ({detail})"
    ),
    "too_much": Text(
        "perangkat di port {port} mengirim lebih dari {limit} bita (batas {setting}); jawaban "
        "ditolak",
        "the device on port {port} sent more than {limit} bytes (limit {setting}); the answer "
        "was refused",
    ),
    "http_status": Text(
        "perangkat di port {port} menjawab HTTP {status}",
        "the device on port {port} answered HTTP {status}",
    ),
    "not_json": Text(
        "perangkat di port {port} menjawab sesuatu yang bukan JSON",
        "the device on port {port} answered something that is not JSON",
    ),
    "info_refused": Text("info perangkat ditolak: {detail}", "device info refused: {detail}"),
    "other_certificate": Text(
        "info perangkat ditolak: ditandatangani sertifikat lain, bukan milik perangkat",
        "device info refused: signed by another certificate than the device's",
    ),
    "not_on_port": Text(
        "perangkat {device_id} tidak lagi di port {port}",
        "device {device_id} is not on port {port} any more",
    ),
    "preview_status": Text(
        "aliran pratinjau menjawab HTTP {status}", "the preview stream answered HTTP {status}"
    ),
    "preview_too_large": Text(
        "aliran pratinjau mengirim lebih dari {limit} bita tanpa bingkai (batas MAX_INFO_BYTES "
        "di {module})",
        "the preview stream sent over {limit} bytes without a frame (limit MAX_INFO_BYTES in "
        "{module})",
    ),
    "preview_ended": Text(
        "aliran pratinjau berakhir sebelum ada bingkai", "the preview stream ended before a frame"
    ),
    "no_scanner": Text(
        "pemindai {kind} tidak ditemukan; periksa kabel dan layanan SBI",
        "no {kind} scanner was found; check the cable and the SBI service",
    ),
    "several_captures": Text(
        "pemindai mengirim {count} hasil untuk satu jari atau mata",
        "the scanner sent {count} captures for one finger or eye",
    ),
    "bad_image": Text(
        "pemindai mengirim gambar yang tidak dapat dibaca ({detail})",
        "the scanner sent an image that cannot be read ({detail})",
    ),
    "sbi_slot": Text(
        "pemindai SBI tidak mengambil {slot}", "an SBI scanner does not capture {slot}"
    ),
    "no_biometrics": Text(
        "jawaban pengambilan dari perangkat tidak berisi biometrik",
        "the device's capture answer holds no biometrics",
    ),
    "malformed": Text(
        "jawaban pengambilan dari perangkat rusak", "the device's capture answer is malformed"
    ),
    "chained_hash": Text(
        "hash berantai hasil pengambilan tidak cocok: ditolak",
        "the capture's chained hash does not match: refused",
    ),
    "busy": Text(
        "perangkat sedang mengerjakan pengambilan lain; coba lagi",
        "the device is busy with another capture; try again",
    ),
    "device_reported": Text("perangkat melaporkan: {detail}", "the device reported: {detail}"),
    "other_transaction": Text(
        "hasil pengambilan menjawab permintaan lain (id transaksi)",
        "the capture answers another request (transaction id)",
    ),
    "capture_refused": Text("hasil pengambilan ditolak: {detail}", "capture refused: {detail}"),
}
