<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="id">
<context>
    <name>AddUserDialog</name>
    <message>
        <location filename="../../ektp_desk/ui/users_page.py" line="41"/>
        <source>Tambah pengguna</source>
        <translation>Add user</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/users_page.py" line="52"/>
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/users_page.py" line="53"/>
        <source>Peran</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/users_page.py" line="54"/>
        <source>Kata sandi</source>
        <translation>Password</translation>
    </message>
</context>
<context>
    <name>BackupBox</name>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="173"/>
        <source>Cadangan</source>
        <translation>Backups</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="183"/>
        <source>Cadangan terakhir</source>
        <translation>Last backup</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="184"/>
        <source>Folder cadangan</source>
        <translation>Backup folder</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="185"/>
        <source>Cadangan harian otomatis</source>
        <translation>Automatic daily backup</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="188"/>
        <source>Cadangkan sekarang</source>
        <translation>Back up now</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="190"/>
        <source>Pilih folder…</source>
        <translation>Choose folder…</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="193"/>
        <source>Atur frasa sandi…</source>
        <translation>Set passphrase…</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="211"/>
        <source>belum pernah</source>
        <translation>never</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="216"/>
        <source>(belum dipilih)</source>
        <translation>(not chosen)</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="219"/>
        <source>aktif: sekali sehari ke folder cadangan</source>
        <translation>on: once a day into the backup folder</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="221"/>
        <source>belum aktif: pilih folder dan atur frasa sandi</source>
        <translation>off: choose a folder and set the passphrase</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="227"/>
        <source>Folder cadangan (disk kedua atau flashdisk)</source>
        <translation>Backup folder (a second disk or a USB stick)</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="237"/>
        <source>Folder cadangan: {folder}</source>
        <translation>Backup folder: {folder}</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="243"/>
        <location filename="../../ektp_desk/ui/transfer.py" line="252"/>
        <source>Frasa sandi cadangan</source>
        <translation>Backup passphrase</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="244"/>
        <source>Frasa sandi (minimal {n} karakter):</source>
        <translation>Passphrase (at least {n} characters):</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="253"/>
        <source>Ulangi frasa sandi:</source>
        <translation>Repeat the passphrase:</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="259"/>
        <source>Kedua frasa sandi berbeda.</source>
        <translation>The two passphrases differ.</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="275"/>
        <source>Frasa sandi diatur. Cadangan kini berjalan tanpa frasa sandi; simpan frasa sandi itu baik-baik: memulihkan cadangan memerlukannya.</source>
        <translation>Passphrase set. Backups now run without it; keep it safe: restoring a backup needs it.</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="289"/>
        <source>Simpan cadangan</source>
        <translation>Save backup</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="303"/>
        <source>Cadangan tersimpan: {path}</source>
        <translation>Backup saved: {path}</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="304"/>
        <source>Mencadangkan… (aplikasi tetap bisa dipakai)</source>
        <translation>Backing up… (the app stays usable)</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="313"/>
        <source>Cadangan harian tersimpan: {path}</source>
        <translation>Daily backup saved: {path}</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="314"/>
        <source>Cadangan harian berjalan…</source>
        <translation>Daily backup running…</translation>
    </message>
</context>
<context>
    <name>BundleBox</name>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="94"/>
        <source>Bundel USB (saat sambungan putus berhari-hari)</source>
        <translation>USB bundles (when the link is down for days)</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="99"/>
        <source>Diteruskan dari desk lain</source>
        <translation>Forwarded for other desks</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="103"/>
        <source>Ekspor bundel ke USB…</source>
        <translation>Export bundle to USB…</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="106"/>
        <source>Impor bundel laptop…</source>
        <translation>Import a laptop&apos;s bundle…</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="123"/>
        <source>{waiting} menunggu dikirim, {sent} sudah dijawab hub</source>
        <translation>{waiting} waiting to send, {sent} answered by the hub</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="137"/>
        <source>Simpan bundel</source>
        <translation>Save bundle</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="147"/>
        <source>Bundel tersimpan: {path} ({n} perekaman). Perekaman tetap menunggu sampai hub menerimanya.</source>
        <translation>Bundle saved: {path} ({n} recordings). They stay waiting until the hub acknowledges them.</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="151"/>
        <source>Mengekspor bundel…</source>
        <translation>Exporting the bundle…</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="155"/>
        <source>Buka bundel</source>
        <translation>Open bundle</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="162"/>
        <source>Bundel dari desk {desk}: {new} perekaman baru akan diteruskan ke hub, {already} sudah ada di sini.</source>
        <translation>Bundle from desk {desk}: {new} new recordings will be forwarded to the hub, {already} were here already.</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="166"/>
        <source>Mengimpor bundel…</source>
        <translation>Importing the bundle…</translation>
    </message>
</context>
<context>
    <name>CameraDialog</name>
    <message>
        <location filename="../../ektp_desk/ui/camera.py" line="64"/>
        <source>Foto wajah</source>
        <translation>Face photo</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/camera.py" line="68"/>
        <source>Menunggu gambar dari kamera…</source>
        <translation>Waiting for the camera&apos;s picture…</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/camera.py" line="73"/>
        <source>Wajah di dalam bingkai, menghadap kamera.</source>
        <translation>Face inside the frame, looking at the camera.</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/camera.py" line="77"/>
        <source>Ambil foto (Spasi)</source>
        <translation>Take the photo (Space)</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/camera.py" line="81"/>
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/camera.py" line="94"/>
        <source>Kamera: {e}</source>
        <translation>Camera: {e}</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/camera.py" line="118"/>
        <source>Belum ada gambar dari kamera.</source>
        <translation>No picture from the camera yet.</translation>
    </message>
</context>
<context>
    <name>DeskApp</name>
    <message>
        <location filename="../../ektp_desk/ui/app.py" line="71"/>
        <source>Basis data rusak</source>
        <translation>Damaged database</translation>
    </message>
</context>
<context>
    <name>DevicesPage</name>
    <message>
        <location filename="../../ektp_desk/ui/devices_page.py" line="49"/>
        <source>Perangkat perekaman</source>
        <translation>Recording devices</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/devices_page.py" line="52"/>
        <source>Ambang kualitas</source>
        <translation>Quality thresholds</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/devices_page.py" line="55"/>
        <source>Sertifikat perangkat tepercaya</source>
        <translation>Trusted device certificates</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/devices_page.py" line="58"/>
        <source>Cari pemindai SBI</source>
        <translation>Find SBI scanners</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/devices_page.py" line="61"/>
        <source>Uji perangkat</source>
        <translation>Test device</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/devices_page.py" line="64"/>
        <source>Gunakan pemindai untuk perekaman</source>
        <translation>Use the scanners for recording</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/devices_page.py" line="67"/>
        <source>Kembali ke simulasi</source>
        <translation>Back to simulation</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/devices_page.py" line="76"/>
        <source>Jenis</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/devices_page.py" line="76"/>
        <source>Perangkat</source>
        <translation>Device</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/devices_page.py" line="76"/>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/devices_page.py" line="76"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/devices_page.py" line="98"/>
        <source>jari {f}, iris {i}; paling banyak {n} kali ambil</source>
        <translation>fingers {f}, iris {i}; at most {n} tries</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/devices_page.py" line="107"/>
        <source>belum ada (ektp-desk settings set sbi_trusted SIDIK)</source>
        <translation>none yet (ektp-desk settings set sbi_trusted FINGERPRINT)</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/devices_page.py" line="111"/>
        <source>Menghubungi perangkat…</source>
        <translation>Contacting the device…</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/devices_page.py" line="135"/>
        <source>{n} perangkat ditemukan.</source>
        <translation>{n} devices found.</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/devices_page.py" line="143"/>
        <source>Tidak ada pemindai tepercaya yang menjawab di port 4501-4600.</source>
        <translation>No trusted scanner answers on ports 4501-4600.</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/devices_page.py" line="150"/>
        <source>Pilih perangkat dulu.</source>
        <translation>Choose a device first.</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/devices_page.py" line="159"/>
        <source>Uji berhasil: {name}, kualitas {q}.</source>
        <translation>Test passed: {name}, quality {q}.</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/devices_page.py" line="168"/>
        <source>Cari pemindai dulu.</source>
        <translation>Find the scanners first.</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/devices_page.py" line="171"/>
        <source>Jari dan iris kini diambil dengan pemindai SBI.</source>
        <translation>Fingers and irises are now captured with the SBI scanners.</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <location filename="../../ektp_desk/ui/dialogs.py" line="129"/>
        <source>Penyiapan awal ektp-desk</source>
        <translation>ektp-desk first-run setup</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/dialogs.py" line="133"/>
        <source>Desk ini</source>
        <translation>This desk</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/dialogs.py" line="134"/>
        <source>Kecamatan tempat desk ini merekam, dan nama desk.</source>
        <translation>The kecamatan this desk records for, and the desk&apos;s name.</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/dialogs.py" line="165"/>
        <source>(belum ditentukan)</source>
        <translation>(not set)</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/dialogs.py" line="166"/>
        <source>Kecamatan</source>
        <translation>Kecamatan</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/dialogs.py" line="167"/>
        <source>ID desk</source>
        <translation>Desk id</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/dialogs.py" line="168"/>
        <source>Zona waktu</source>
        <translation>Time zone</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/dialogs.py" line="169"/>
        <source>Target perekaman</source>
        <translation>Recording target</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/dialogs.py" line="172"/>
        <source>Hub Disdukcapil (boleh nanti)</source>
        <translation>Disdukcapil hub (can wait)</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/dialogs.py" line="174"/>
        <source>Alamat hub dan token desk dari Disdukcapil; dapat diisi kemudian.</source>
        <translation>The hub address and this desk&apos;s token from Disdukcapil; they can be set later.</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/dialogs.py" line="182"/>
        <source>Alamat hub</source>
        <translation>Hub address</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/dialogs.py" line="183"/>
        <source>Token desk</source>
        <translation>Desk token</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/dialogs.py" line="186"/>
        <source>Akun admin pertama</source>
        <translation>First admin account</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/dialogs.py" line="196"/>
        <source>Nama admin</source>
        <translation>Admin name</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/dialogs.py" line="197"/>
        <source>Kata sandi</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/dialogs.py" line="198"/>
        <source>Ulangi kata sandi</source>
        <translation>Repeat password</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/dialogs.py" line="217"/>
        <source>Kedua kata sandi tidak sama.</source>
        <translation>The two passwords differ.</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/dialogs.py" line="238"/>
        <source>Desk dibuat, tetapi hub belum dapat diatur: {error}</source>
        <translation>The desk was created, but the hub could not be set: {error}</translation>
    </message>
</context>
<context>
    <name>LogModel</name>
    <message>
        <location filename="../../ektp_desk/ui/log_page.py" line="48"/>
        <source>Waktu</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/log_page.py" line="49"/>
        <source>NIK</source>
        <translation>NIK</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/log_page.py" line="50"/>
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/log_page.py" line="51"/>
        <source>Kelurahan</source>
        <translation>Kelurahan</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/log_page.py" line="52"/>
        <source>Operator</source>
        <translation>Operator</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/log_page.py" line="53"/>
        <source>Sinkron</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/log_page.py" line="54"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/log_page.py" line="125"/>
        <source>batal</source>
        <translation>voided</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/log_page.py" line="125"/>
        <source>final</source>
        <translation>final</translation>
    </message>
</context>
<context>
    <name>LogPage</name>
    <message>
        <location filename="../../ektp_desk/ui/log_page.py" line="135"/>
        <source>Log perekaman</source>
        <translation>Recording log</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/log_page.py" line="139"/>
        <source>Cari NIK atau nama…</source>
        <translation>Search NIK or name…</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/log_page.py" line="142"/>
        <source>dari TTTT-BB-HH</source>
        <translation>from YYYY-MM-DD</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/log_page.py" line="145"/>
        <source>sampai TTTT-BB-HH</source>
        <translation>to YYYY-MM-DD</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/log_page.py" line="148"/>
        <source>Semua status sinkron</source>
        <translation>All sync states</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/log_page.py" line="153"/>
        <source>Semua kelurahan</source>
        <translation>All kelurahan</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/log_page.py" line="158"/>
        <source>Semua operator</source>
        <translation>All operators</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/log_page.py" line="197"/>
        <source>Batalkan rekaman…</source>
        <translation>Void recording…</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/log_page.py" line="242"/>
        <source>{n} rekaman</source>
        <translation>{n} recordings</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/log_page.py" line="266"/>
        <source>&lt;p&gt;&lt;b&gt;Dibatalkan&lt;/b&gt; oleh {who}: {why}&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Voided&lt;/b&gt; by {who}: {why}&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/log_page.py" line="273"/>
        <source>Rekaman</source>
        <translation>Recording</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/log_page.py" line="274"/>
        <source>Operator</source>
        <translation>Operator</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/log_page.py" line="275"/>
        <source>Sinkron</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/log_page.py" line="276"/>
        <source>percobaan</source>
        <translation>attempts</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/log_page.py" line="277"/>
        <source>Biometrik</source>
        <translation>Biometrics</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/log_page.py" line="292"/>
        <source>Batalkan rekaman</source>
        <translation>Void recording</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/log_page.py" line="292"/>
        <source>Alasan pembatalan:</source>
        <translation>Reason for voiding:</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../ektp_desk/ui/dialogs.py" line="42"/>
        <location filename="../../ektp_desk/ui/dialogs.py" line="69"/>
        <source>Masuk</source>
        <translation>Log in</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/dialogs.py" line="42"/>
        <source>Terkunci</source>
        <translation>Locked</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/dialogs.py" line="45"/>
        <source>ektp-desk — {desk}</source>
        <translation>ektp-desk — {desk}</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/dialogs.py" line="47"/>
        <source>Sesi {user} terkunci. Masukkan kata sandi untuk membuka.</source>
        <translation>{user}&apos;s session is locked. Enter the password to unlock.</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/dialogs.py" line="60"/>
        <source>Pengguna</source>
        <translation>Users</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/dialogs.py" line="61"/>
        <source>Kata sandi</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/dialogs.py" line="69"/>
        <source>Buka</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/dialogs.py" line="73"/>
        <source>Ambil alih (supervisor)</source>
        <translation>Take over (supervisor)</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/dialogs.py" line="89"/>
        <source>Supervisor: masukkan nama dan kata sandi Anda.</source>
        <translation>Supervisor: enter your name and password.</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/dialogs.py" line="104"/>
        <source>Hanya supervisor atau admin yang dapat mengambil alih.</source>
        <translation>Only a supervisor or an admin can take over.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ektp_desk/ui/main_window.py" line="49"/>
        <source>ektp-desk — {desk}</source>
        <translation>ektp-desk — {desk}</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/main_window.py" line="71"/>
        <source>Antrian (Ctrl+1)</source>
        <translation>Queue (Ctrl+1)</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/main_window.py" line="72"/>
        <source>Perekaman (Ctrl+2)</source>
        <translation>Recording (Ctrl+2)</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/main_window.py" line="73"/>
        <source>Log (Ctrl+3)</source>
        <translation>Log (Ctrl+3)</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/main_window.py" line="74"/>
        <source>Sinkronisasi (Ctrl+4)</source>
        <translation>Sync (Ctrl+4)</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/main_window.py" line="75"/>
        <source>Laporan (Ctrl+5)</source>
        <translation>Reports (Ctrl+5)</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/main_window.py" line="76"/>
        <source>Pengguna (Ctrl+6)</source>
        <translation>Users (Ctrl+6)</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/main_window.py" line="77"/>
        <source>Perangkat (Ctrl+7)</source>
        <translation>Devices (Ctrl+7)</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/main_window.py" line="159"/>
        <source>Basis data rusak</source>
        <translation>Damaged database</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/main_window.py" line="163"/>
        <source>Basis data rusak: perekaman dihentikan</source>
        <translation>Damaged database: recording stopped</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/main_window.py" line="232"/>
        <source>Pengguna: {name} ({role})</source>
        <translation>User: {name} ({role})</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/main_window.py" line="242"/>
        <source>Menunggu dikirim: {n}</source>
        <translation>Waiting to send: {n}</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/main_window.py" line="244"/>
        <source>Sinkron terakhir: {when}</source>
        <translation>Last sync: {when}</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/main_window.py" line="245"/>
        <source>belum pernah</source>
        <translation>never</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/main_window.py" line="260"/>
        <source>Hub: {state}</source>
        <translation>Hub: {state}</translation>
    </message>
</context>
<context>
    <name>QueuePage</name>
    <message>
        <location filename="../../ektp_desk/ui/queue_page.py" line="28"/>
        <source>menunggu</source>
        <translation>waiting</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/queue_page.py" line="29"/>
        <source>dipanggil</source>
        <translation>called</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/queue_page.py" line="30"/>
        <source>dilewati</source>
        <translation>skipped</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/queue_page.py" line="31"/>
        <source>selesai</source>
        <translation>done</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/queue_page.py" line="32"/>
        <source>batal</source>
        <translation>cancelled</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/queue_page.py" line="43"/>
        <source>Antrian hari ini</source>
        <translation>Today&apos;s queue</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/queue_page.py" line="48"/>
        <source>Cari NIK atau nama penduduk (F2)…</source>
        <translation>Search a resident&apos;s NIK or name (F2)…</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/queue_page.py" line="49"/>
        <source>Datang langsung (tidak ada di daftar)</source>
        <translation>Walk-in (not on the list)</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/queue_page.py" line="53"/>
        <source>Nama (untuk yang datang langsung)</source>
        <translation>Name (for a walk-in)</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/queue_page.py" line="56"/>
        <source>Tambah ke antrian</source>
        <translation>Add to queue</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/queue_page.py" line="74"/>
        <source>Belum ada yang dipanggil</source>
        <translation>No one called yet</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/queue_page.py" line="81"/>
        <source>Nomor</source>
        <translation>Ticket</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/queue_page.py" line="81"/>
        <source>NIK</source>
        <translation>NIK</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/queue_page.py" line="81"/>
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/queue_page.py" line="81"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/queue_page.py" line="89"/>
        <source>Panggil berikutnya (F5)</source>
        <translation>Call next (F5)</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/queue_page.py" line="93"/>
        <source>Lewati</source>
        <translation>Skip</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/queue_page.py" line="96"/>
        <source>Panggil ulang</source>
        <translation>Recall</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/queue_page.py" line="99"/>
        <source>Batalkan</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/queue_page.py" line="138"/>
        <source>  — sudah direkam {day}</source>
        <translation>  — already recorded {day}</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/queue_page.py" line="166"/>
        <source>{label}: {name} masuk antrian.</source>
        <translation>{label}: {name} joined the queue.</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/queue_page.py" line="182"/>
        <source> (datang langsung)</source>
        <translation> (walk-in)</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/queue_page.py" line="202"/>
        <source>Tidak ada yang menunggu.</source>
        <translation>No one is waiting.</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/queue_page.py" line="205"/>
        <location filename="../../ektp_desk/ui/queue_page.py" line="220"/>
        <source>Dipanggil: {label} — {name}</source>
        <translation>Called: {label} — {name}</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/queue_page.py" line="227"/>
        <source>Pilih nomor antrian di tabel dulu.</source>
        <translation>Choose a ticket in the table first.</translation>
    </message>
</context>
<context>
    <name>RecordingPage</name>
    <message>
        <location filename="../../ektp_desk/ui/recording_page.py" line="71"/>
        <source>Wajah</source>
        <translation>Face</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/recording_page.py" line="72"/>
        <source>Tanda tangan</source>
        <translation>Signature</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/recording_page.py" line="73"/>
        <source>Ibu jari kanan</source>
        <translation>Right thumb</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/recording_page.py" line="74"/>
        <source>Telunjuk kanan</source>
        <translation>Right index finger</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/recording_page.py" line="75"/>
        <source>Jari tengah kanan</source>
        <translation>Right middle finger</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/recording_page.py" line="76"/>
        <source>Jari manis kanan</source>
        <translation>Right ring finger</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/recording_page.py" line="77"/>
        <source>Kelingking kanan</source>
        <translation>Right little finger</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/recording_page.py" line="78"/>
        <source>Ibu jari kiri</source>
        <translation>Left thumb</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/recording_page.py" line="79"/>
        <source>Telunjuk kiri</source>
        <translation>Left index finger</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/recording_page.py" line="80"/>
        <source>Jari tengah kiri</source>
        <translation>Left middle finger</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/recording_page.py" line="81"/>
        <source>Jari manis kiri</source>
        <translation>Left ring finger</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/recording_page.py" line="82"/>
        <source>Kelingking kiri</source>
        <translation>Left little finger</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/recording_page.py" line="83"/>
        <source>Iris kanan</source>
        <translation>Right iris</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/recording_page.py" line="84"/>
        <source>Iris kiri</source>
        <translation>Left iris</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/recording_page.py" line="288"/>
        <location filename="../../ektp_desk/ui/recording_page.py" line="435"/>
        <source>Perekaman</source>
        <translation>Recording</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/recording_page.py" line="303"/>
        <source>NIK</source>
        <translation>NIK</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/recording_page.py" line="303"/>
        <source>Nomor KK</source>
        <translation>Family card no.</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/recording_page.py" line="303"/>
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/recording_page.py" line="304"/>
        <source>Tempat lahir</source>
        <translation>Place of birth</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/recording_page.py" line="305"/>
        <source>Tanggal lahir (TTTT-BB-HH)</source>
        <translation>Date of birth (YYYY-MM-DD)</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/recording_page.py" line="306"/>
        <source>Jenis kelamin</source>
        <translation>Sex</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/recording_page.py" line="306"/>
        <source>Gol. darah</source>
        <translation>Blood type</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/recording_page.py" line="307"/>
        <source>Alamat</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/recording_page.py" line="307"/>
        <source>RT</source>
        <translation>RT</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/recording_page.py" line="307"/>
        <source>RW</source>
        <translation>RW</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/recording_page.py" line="308"/>
        <source>Kelurahan/desa</source>
        <translation>Kelurahan/village</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/recording_page.py" line="308"/>
        <source>Agama</source>
        <translation>Religion</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/recording_page.py" line="309"/>
        <source>Status perkawinan</source>
        <translation>Marital status</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/recording_page.py" line="310"/>
        <source>Pekerjaan</source>
        <translation>Occupation</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/recording_page.py" line="310"/>
        <source>Kewarganegaraan</source>
        <translation>Citizenship</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/recording_page.py" line="368"/>
        <source>Ambil semua yang kosong (Ctrl+Shift+A)</source>
        <translation>Capture all empty slots (Ctrl+Shift+A)</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/recording_page.py" line="371"/>
        <location filename="../../ektp_desk/ui/recording_page.py" line="482"/>
        <source>Perangkat: simulasi</source>
        <translation>Device: simulated</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/recording_page.py" line="389"/>
        <location filename="../../ektp_desk/ui/recording_page.py" line="592"/>
        <source>Simpan (Ctrl+S)</source>
        <translation>Save (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/recording_page.py" line="393"/>
        <source>Kosongkan</source>
        <translation>Clear</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/recording_page.py" line="444"/>
        <source>Perekaman {label} — {name}</source>
        <translation>Recording {label} — {name}</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/recording_page.py" line="480"/>
        <source>Perangkat: pemindai SBI untuk jari dan iris</source>
        <translation>Device: SBI scanners for fingers and irises</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/recording_page.py" line="551"/>
        <location filename="../../ektp_desk/ui/recording_page.py" line="581"/>
        <source>Perekaman awal (umur {age})</source>
        <translation>Early recording (age {age})</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/recording_page.py" line="556"/>
        <location filename="../../ektp_desk/ui/recording_page.py" line="580"/>
        <source>Wajib KTP (umur {age})</source>
        <translation>Required to hold a KTP (age {age})</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/recording_page.py" line="560"/>
        <source>Belum wajib KTP</source>
        <translation>Not yet required to hold a KTP</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/recording_page.py" line="582"/>
        <source>Belum wajib KTP (umur {age})</source>
        <translation>Not yet required to hold a KTP (age {age})</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/recording_page.py" line="620"/>
        <source>Belum dapat disimpan: {n} hal perlu diperbaiki.</source>
        <translation>Not saved yet: {n} things need fixing.</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/recording_page.py" line="634"/>
        <source>Tersimpan: {name} ({record}). Tekan F5 untuk memanggil berikutnya.</source>
        <translation>Saved: {name} ({record}). Press F5 to call the next one.</translation>
    </message>
</context>
<context>
    <name>ReportPage</name>
    <message>
        <location filename="../../ektp_desk/ui/report_page.py" line="48"/>
        <source>Laporan perekaman</source>
        <translation>Recording report</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/report_page.py" line="58"/>
        <source>Tampilkan</source>
        <translation>Show</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/report_page.py" line="62"/>
        <source>Dari</source>
        <translation>From</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/report_page.py" line="64"/>
        <source>sampai</source>
        <translation>to</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/report_page.py" line="75"/>
        <source>Cetak…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/report_page.py" line="85"/>
        <source>Jumlah perekaman</source>
        <translation>Recordings</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/report_page.py" line="86"/>
        <source>Perekaman awal (16 th)</source>
        <translation>Early recordings (age 16)</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/report_page.py" line="87"/>
        <source>Datang langsung</source>
        <translation>Walk-ins</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/report_page.py" line="88"/>
        <source>Antrian / dilayani</source>
        <translation>Tickets / served</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/report_page.py" line="89"/>
        <source>Rata-rata menunggu / pelayanan</source>
        <translation>Average wait / service</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/report_page.py" line="90"/>
        <source>Capaian</source>
        <translation>Achieved</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/report_page.py" line="91"/>
        <source>Sisa hari sampai batas</source>
        <translation>Days left to the deadline</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/report_page.py" line="92"/>
        <source>Perlu per hari / rata-rata 7 hari</source>
        <translation>Needed per day / 7-day average</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/report_page.py" line="103"/>
        <source>Kelurahan</source>
        <translation>Kelurahan</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/report_page.py" line="104"/>
        <source>Jenis kelamin</source>
        <translation>Sex</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/report_page.py" line="105"/>
        <source>Umur</source>
        <translation>Age</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/report_page.py" line="106"/>
        <source>Operator</source>
        <translation>Operator</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/report_page.py" line="107"/>
        <source>Jam</source>
        <translation>Clock</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/report_page.py" line="108"/>
        <source>Sinkron</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/report_page.py" line="113"/>
        <source>Jumlah</source>
        <translation>Count</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/report_page.py" line="128"/>
        <source>Daftar belum rekam (XLSX)</source>
        <translation>Not yet recorded (XLSX)</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/report_page.py" line="131"/>
        <source>Daftar belum rekam (PDF)</source>
        <translation>Not yet recorded (PDF)</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/report_page.py" line="170"/>
        <source> menit</source>
        <translation> minutes</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/report_page.py" line="190"/>
        <source>Perekaman per hari (30 hari) dan kebutuhan per hari</source>
        <translation>Recordings per day (30 days) and the rate needed</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/report_page.py" line="193"/>
        <source>Direkam</source>
        <translation>Recorded</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/report_page.py" line="196"/>
        <source>Perlu per hari</source>
        <translation>Needed per day</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/report_page.py" line="210"/>
        <source>Tanggal</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/report_page.py" line="234"/>
        <source>Mengekspor…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/report_page.py" line="255"/>
        <source>Ekspor gagal: {error}</source>
        <translation>Export failed: {error}</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/report_page.py" line="259"/>
        <source>Simpan sebagai</source>
        <translation>Save as</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/report_page.py" line="274"/>
        <source>Tersimpan: {path} ({n} perekaman)</source>
        <translation>Saved: {path} ({n} recordings)</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/report_page.py" line="289"/>
        <source>Tersimpan: {path} ({n} penduduk belum rekam)</source>
        <translation>Saved: {path} ({n} residents not yet recorded)</translation>
    </message>
</context>
<context>
    <name>SignatureDialog</name>
    <message>
        <location filename="../../ektp_desk/ui/signature.py" line="111"/>
        <source>Tanda tangan</source>
        <translation>Signature</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/signature.py" line="113"/>
        <source>Tanda tangan di atas garis dengan pena atau tetikus.</source>
        <translation>Sign above the line with the pen or the mouse.</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/signature.py" line="117"/>
        <source>Ulangi</source>
        <translation>Redo</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <location filename="../../ektp_desk/ui/sync_page.py" line="132"/>
        <source>Terhubung</source>
        <translation>Connected</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/sync_page.py" line="133"/>
        <source>Tidak terhubung</source>
        <translation>Not connected</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/sync_page.py" line="134"/>
        <source>Token ditolak hub</source>
        <translation>Token refused by the hub</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/sync_page.py" line="135"/>
        <source>Hub bermasalah</source>
        <translation>Hub failing</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/sync_page.py" line="136"/>
        <source>Jawaban hub tidak dikenal</source>
        <translation>Unrecognised hub answer</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/sync_page.py" line="137"/>
        <source>Hub belum diatur</source>
        <translation>Hub not set</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/sync_page.py" line="138"/>
        <source>Sinkronisasi lain sedang berjalan</source>
        <translation>Another sync is running</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/sync_page.py" line="139"/>
        <source>Gagal</source>
        <translation>Failed</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/sync_page.py" line="155"/>
        <source>Sinkronisasi ke Disdukcapil</source>
        <translation>Sync to Disdukcapil</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/sync_page.py" line="165"/>
        <source>Hub</source>
        <translation>Hub</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/sync_page.py" line="166"/>
        <source>Sambungan</source>
        <translation>Link</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/sync_page.py" line="167"/>
        <source>Menunggu dikirim</source>
        <translation>Waiting to send</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/sync_page.py" line="168"/>
        <source>Sinkron terakhir</source>
        <translation>Last sync</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/sync_page.py" line="169"/>
        <source>Jam</source>
        <translation>Clock</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/sync_page.py" line="172"/>
        <source>Sinkronkan sekarang</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/sync_page.py" line="176"/>
        <source>Atur hub…</source>
        <translation>Set hub…</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/sync_page.py" line="190"/>
        <source>Ditolak atau NIK ganda (perlu ditindaklanjuti)</source>
        <translation>Rejected or duplicate NIK (needs follow-up)</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/sync_page.py" line="194"/>
        <source>NIK</source>
        <translation>NIK</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/sync_page.py" line="194"/>
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/sync_page.py" line="194"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/sync_page.py" line="194"/>
        <source>Keterangan hub</source>
        <translation>Hub&apos;s note</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/sync_page.py" line="198"/>
        <source>Batch terakhir</source>
        <translation>Recent batches</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/sync_page.py" line="203"/>
        <source>Selesai</source>
        <translation>Finished</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/sync_page.py" line="204"/>
        <source>Rekaman</source>
        <translation>Recording</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/sync_page.py" line="205"/>
        <source>Bita</source>
        <translation>Bytes</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/sync_page.py" line="206"/>
        <source>Hasil</source>
        <translation>Result</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/sync_page.py" line="207"/>
        <source>Keterangan</source>
        <translation>Detail</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/sync_page.py" line="229"/>
        <source>(belum diatur)</source>
        <translation>(not set)</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/sync_page.py" line="230"/>
        <source>kunci</source>
        <translation>key</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/sync_page.py" line="234"/>
        <source>Belum dicoba</source>
        <translation>Not tried yet</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/sync_page.py" line="237"/>
        <source>belum pernah</source>
        <translation>never</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/sync_page.py" line="255"/>
        <location filename="../../ektp_desk/ui/sync_page.py" line="259"/>
        <source>Atur hub</source>
        <translation>Set hub</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/sync_page.py" line="255"/>
        <source>Alamat hub:</source>
        <translation>Hub address:</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/sync_page.py" line="259"/>
        <source>Token desk:</source>
        <translation>Desk token:</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/sync_page.py" line="270"/>
        <source>Hub diatur. ID kunci {key} — cocokkan dengan Disdukcapil lewat telepon.</source>
        <translation>Hub set. Key id {key} — compare it with Disdukcapil by phone.</translation>
    </message>
</context>
<context>
    <name>UsersPage</name>
    <message>
        <location filename="../../ektp_desk/ui/users_page.py" line="28"/>
        <source>Operator</source>
        <translation>Operator</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/users_page.py" line="29"/>
        <source>Supervisor</source>
        <translation>Supervisor</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/users_page.py" line="30"/>
        <source>Admin</source>
        <translation>Admin</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/users_page.py" line="69"/>
        <source>Pengguna</source>
        <translation>Users</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/users_page.py" line="70"/>
        <source>Bahasa tampilan:</source>
        <translation>Display language:</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/users_page.py" line="84"/>
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/users_page.py" line="84"/>
        <source>Peran</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/users_page.py" line="84"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/users_page.py" line="84"/>
        <source>Masuk terakhir</source>
        <translation>Last log-in</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/users_page.py" line="94"/>
        <source>Tambah…</source>
        <translation>Add…</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/users_page.py" line="97"/>
        <source>Nonaktifkan / aktifkan</source>
        <translation>Disable / enable</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/users_page.py" line="100"/>
        <source>Atur ulang kata sandi…</source>
        <translation>Reset password…</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/users_page.py" line="115"/>
        <source>Bahasa tersimpan; berlaku saat ektp-desk dibuka lagi.</source>
        <translation>Language saved; it applies when ektp-desk is opened again.</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/users_page.py" line="128"/>
        <source>nonaktif</source>
        <translation>disabled</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/users_page.py" line="128"/>
        <source>aktif</source>
        <translation>active</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/users_page.py" line="172"/>
        <source>Atur ulang kata sandi</source>
        <translation>Reset password</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/users_page.py" line="173"/>
        <source>Kata sandi baru untuk {name}:</source>
        <translation>New password for {name}:</translation>
    </message>
</context>
<context>
    <name>page</name>
    <message>
        <location filename="../../ektp_desk/ui/recording_page.py" line="108"/>
        <source>Ambil</source>
        <translation>Capture</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/recording_page.py" line="112"/>
        <source>Berkas</source>
        <translation>File</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/recording_page.py" line="118"/>
        <source>Kamera</source>
        <translation>Camera</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/recording_page.py" line="124"/>
        <source>Pad</source>
        <translation>Pad</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/recording_page.py" line="130"/>
        <source>Kecuali</source>
        <translation>Except</translation>
    </message>
</context>
<context>
    <name>self.page</name>
    <message>
        <location filename="../../ektp_desk/ui/recording_page.py" line="150"/>
        <source>Terekam, kualitas {q}</source>
        <translation>Captured, quality {q}</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/recording_page.py" line="157"/>
        <source>Pengecualian: {reason}</source>
        <translation>Exception: {reason}</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/recording_page.py" line="161"/>
        <source>Kosong</source>
        <translation>Empty</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/recording_page.py" line="183"/>
        <source>Mengambil…</source>
        <translation>Capturing…</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/recording_page.py" line="198"/>
        <source>Terekam, kualitas {q} di bawah {min}; ambil ulang bila bisa</source>
        <translation>Captured, quality {q} below {min}; capture again if you can</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/recording_page.py" line="210"/>
        <source>Pilih gambar</source>
        <translation>Choose an image</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/recording_page.py" line="210"/>
        <source>Gambar (*.png *.jpg *.jpeg)</source>
        <translation>Images (*.png *.jpg *.jpeg)</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/recording_page.py" line="223"/>
        <source>Kamera tidak dapat dipakai: {e}</source>
        <translation>The camera cannot be used: {e}</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/recording_page.py" line="227"/>
        <source>Tidak ada kamera terpasang; pakai Berkas atau Ambil.</source>
        <translation>No camera is connected; use File or Capture.</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/recording_page.py" line="245"/>
        <source>Pengecualian</source>
        <translation>Exception</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/recording_page.py" line="245"/>
        <source>Alasan (mis. jari diamputasi):</source>
        <translation>Reason (e.g. finger amputated):</translation>
    </message>
</context>
</TS>
