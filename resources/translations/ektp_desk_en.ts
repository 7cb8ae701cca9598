<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="id">
<context>
    <name>AboutDialog</name>
    <message>
        <source>Kode wilayah: {credit}, dari Kepmendagri No 300.2.2-2138 Tahun 2025.</source>
        <translation>Region codes: {credit}, from Kepmendagri No 300.2.2-2138 of 2025.</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/help.py" line="161"/>
        <source>Tentang ektp-desk</source>
        <translation>About ektp-desk</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/help.py" line="172"/>
        <source>Perekaman KTP-el di kecamatan, tetap bekerja tanpa jaringan, dan pengiriman ke Disdukcapil.</source>
        <translation>e-KTP recording at the kecamatan, working with no network, and its delivery to Disdukcapil.</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/help.py" line="175"/>
        <source>Folder data</source>
        <translation>Data folder</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/help.py" line="177"/>
        <source>Berkas log</source>
        <translation>Log file</translation>
    </message>
</context>
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
        <location filename="../../ektp_desk/ui/transfer.py" line="175"/>
        <source>Cadangan</source>
        <translation>Backups</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="185"/>
        <source>Cadangan terakhir</source>
        <translation>Last backup</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="186"/>
        <source>Folder cadangan</source>
        <translation>Backup folder</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="187"/>
        <source>Cadangan harian otomatis</source>
        <translation>Automatic daily backup</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="190"/>
        <source>Cadangkan sekarang</source>
        <translation>Back up now</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="192"/>
        <source>Pilih folder…</source>
        <translation>Choose folder…</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="195"/>
        <source>Atur frasa sandi…</source>
        <translation>Set passphrase…</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="214"/>
        <source>belum pernah</source>
        <translation>never</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="217"/>
        <source>{when} — sudah {hours} jam, buat cadangan baru</source>
        <translation>{when} — {hours} hours ago, make a new backup</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="223"/>
        <source>(belum dipilih)</source>
        <translation>(not chosen)</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="226"/>
        <source>aktif: sekali sehari ke folder cadangan</source>
        <translation>on: once a day into the backup folder</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="228"/>
        <source>belum aktif: pilih folder dan atur frasa sandi</source>
        <translation>off: choose a folder and set the passphrase</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="234"/>
        <source>Folder cadangan (disk kedua atau flashdisk)</source>
        <translation>Backup folder (a second disk or a USB stick)</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="244"/>
        <source>Folder cadangan: {folder}</source>
        <translation>Backup folder: {folder}</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="250"/>
        <location filename="../../ektp_desk/ui/transfer.py" line="259"/>
        <source>Frasa sandi cadangan</source>
        <translation>Backup passphrase</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="251"/>
        <source>Frasa sandi (minimal {n} karakter):</source>
        <translation>Passphrase (at least {n} characters):</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="260"/>
        <source>Ulangi frasa sandi:</source>
        <translation>Repeat the passphrase:</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="266"/>
        <source>Kedua frasa sandi berbeda.</source>
        <translation>The two passphrases differ.</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="282"/>
        <source>Frasa sandi diatur. Cadangan kini berjalan tanpa frasa sandi; simpan frasa sandi itu baik-baik: memulihkan cadangan memerlukannya.</source>
        <translation>Passphrase set. Backups now run without it; keep it safe: restoring a backup needs it.</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="296"/>
        <source>Simpan cadangan</source>
        <translation>Save backup</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="310"/>
        <source>Cadangan tersimpan: {path}</source>
        <translation>Backup saved: {path}</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="311"/>
        <source>Mencadangkan… (aplikasi tetap bisa dipakai)</source>
        <translation>Backing up… (the app stays usable)</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="320"/>
        <source>Cadangan harian tersimpan: {path}</source>
        <translation>Daily backup saved: {path}</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="321"/>
        <source>Cadangan harian berjalan…</source>
        <translation>Daily backup running…</translation>
    </message>
</context>
<context>
    <name>BundleBox</name>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="96"/>
        <source>Bundel USB (saat sambungan putus berhari-hari)</source>
        <translation>USB bundles (when the link is down for days)</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="101"/>
        <source>Diteruskan dari desk lain</source>
        <translation>Forwarded for other desks</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="105"/>
        <source>Ekspor bundel ke USB…</source>
        <translation>Export bundle to USB…</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="108"/>
        <source>Impor bundel laptop…</source>
        <translation>Import a laptop&apos;s bundle…</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="125"/>
        <source>{waiting} menunggu dikirim, {sent} sudah dijawab hub</source>
        <translation>{waiting} waiting to send, {sent} answered by the hub</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="139"/>
        <source>Simpan bundel</source>
        <translation>Save bundle</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="149"/>
        <source>Bundel tersimpan: {path} ({n} perekaman). Perekaman tetap menunggu sampai hub menerimanya.</source>
        <translation>Bundle saved: {path} ({n} recordings). They stay waiting until the hub acknowledges them.</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="153"/>
        <source>Mengekspor bundel…</source>
        <translation>Exporting the bundle…</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="157"/>
        <source>Buka bundel</source>
        <translation>Open bundle</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="164"/>
        <source>Bundel dari desk {desk}: {new} perekaman baru akan diteruskan ke hub, {already} sudah ada di sini.</source>
        <translation>Bundle from desk {desk}: {new} new recordings will be forwarded to the hub, {already} were here already.</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="168"/>
        <source>Mengimpor bundel…</source>
        <translation>Importing the bundle…</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="121"/>
        <source>Hapus bundel terpilih…</source>
        <translation>Remove the selected bundle…</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="126"/>
        <source>Bundel yang diimpor</source>
        <translation>Imported bundles</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="1"/>
        <source>{file} dari {desk}, {at}: {waiting} menunggu dari {n}</source>
        <translation>{file} from {desk}, {at}: {waiting} of {n} waiting</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="121"/>
        <source>Hapus bundel</source>
        <translation>Remove bundle</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="121"/>
        <source>Hapus bundel {name} dan perekamannya yang belum diteruskan ke hub? Desk asalnya masih menyimpan perekaman itu.</source>
        <translation>Remove the bundle {name} and its recordings not yet forwarded to the hub? The desk they came from still holds them.</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="213"/>
        <source>Bundel dihapus: {n} perekaman dibuang.</source>
        <translation>Bundle removed: {n} recordings discarded.</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="217"/>
        <source>Menghapus bundel…</source>
        <translation>Removing the bundle…</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/transfer.py" line="198"/>
        <source>Tidak ada bundel desk lain di sini.</source>
        <translation>No bundle of another desk is here.</translation>
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
    <name>CrashOffer</name>
    <message>
        <location filename="../../ektp_desk/ui/crash_offer.py" line="31"/>
        <source>Laporan kesalahan</source>
        <translation>Error report</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/crash_offer.py" line="35"/>
        <source>Berkas ini disimpan di {folder}; kirimkan ke petugas pendukung.</source>
        <translation>These files are kept in {folder}; send them to support.</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/crash_offer.py" line="69"/>
        <source>Program berhenti tidak normal</source>
        <translation>The program ended abnormally</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/crash_offer.py" line="70"/>
        <source>ektp-desk berhenti tidak normal sebelumnya ({n} laporan kesalahan). Data yang sudah disimpan tetap aman. Tampilkan laporan kesalahan untuk petugas pendukung?</source>
        <translation>ektp-desk ended abnormally last time ({n} error reports). Everything saved is safe. Show the error report for support?</translation>
    </message>
</context>
<context>
    <name>DeskApp</name>
    <message>
        <location filename="../../ektp_desk/ui/app.py" line="84"/>
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
        <source>Tidak ada pemindai tepercaya yang menjawab di port 4501-4600. Periksa kabel dan layanan SBI pemindai, dan sidik sertifikatnya di sbi_trusted; lalu cari lagi.</source>
        <translation>No trusted scanner answers on ports 4501-4600. Check the scanners' cable and SBI service, and their certificate fingerprint in sbi_trusted; then search again.</translation>
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
    <message>
        <source>Belum ada pemindai jari dan iris. Pasang pemindai, jalankan layanan SBI dari pembuatnya, daftarkan sidik sertifikatnya (ektp-desk settings set sbi_trusted SIDIK), lalu tekan Cari pemindai SBI. Wajah diambil dengan Kamera atau Berkas, tanda tangan dengan Pad atau Berkas.</source>
        <translation>No finger and iris scanner yet. Connect the scanners, start their maker's SBI service, register their certificate fingerprint (ektp-desk settings set sbi_trusted FINGERPRINT), then press Find SBI scanners. The face is taken with Camera or File, the signature with Pad or File.</translation>
    </message>
    <message>
        <source>Hanya simulator SBI yang menjawab; simulator hanya untuk desk latihan. Pasang pemindai yang sebenarnya, lalu cari lagi.</source>
        <translation>Only the SBI simulator answers; the simulator is for training desks only. Connect the real scanners, then search again.</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <location filename="../../ektp_desk/ui/dialogs.py" line="149"/>
        <source>Penyiapan awal ektp-desk</source>
        <translation>ektp-desk first-run setup</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/dialogs.py" line="153"/>
        <source>Desk ini</source>
        <translation>This desk</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/dialogs.py" line="154"/>
        <source>Kecamatan tempat desk ini merekam, dan nama desk.</source>
        <translation>The kecamatan this desk records for, and the desk&apos;s name.</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/dialogs.py" line="185"/>
        <source>(belum ditentukan)</source>
        <translation>(not set)</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/dialogs.py" line="186"/>
        <source>Kecamatan</source>
        <translation>Kecamatan</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/dialogs.py" line="187"/>
        <source>ID desk</source>
        <translation>Desk id</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/dialogs.py" line="188"/>
        <source>Zona waktu</source>
        <translation>Time zone</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/dialogs.py" line="189"/>
        <source>Target perekaman</source>
        <translation>Recording target</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/dialogs.py" line="192"/>
        <source>Hub Disdukcapil (boleh nanti)</source>
        <translation>Disdukcapil hub (can wait)</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/dialogs.py" line="194"/>
        <source>Alamat hub dan token desk dari Disdukcapil; dapat diisi kemudian.</source>
        <translation>The hub address and this desk&apos;s token from Disdukcapil; they can be set later.</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/dialogs.py" line="202"/>
        <source>Alamat hub</source>
        <translation>Hub address</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/dialogs.py" line="203"/>
        <source>Token desk</source>
        <translation>Desk token</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/dialogs.py" line="206"/>
        <source>Akun admin pertama</source>
        <translation>First admin account</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/dialogs.py" line="216"/>
        <source>Nama admin</source>
        <translation>Admin name</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/dialogs.py" line="217"/>
        <source>Kata sandi</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/dialogs.py" line="218"/>
        <source>Ulangi kata sandi</source>
        <translation>Repeat password</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/dialogs.py" line="237"/>
        <source>Kedua kata sandi tidak sama.</source>
        <translation>The two passwords differ.</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/dialogs.py" line="258"/>
        <source>Desk dibuat, tetapi hub belum dapat diatur: {error}</source>
        <translation>The desk was created, but the hub could not be set: {error}</translation>
    </message>
    <message>
        <source>Desk latihan: perangkat simulasi, rekaman ditolak hub Disdukcapil</source>
        <translation>Training desk: simulated devices, recordings refused by the Disdukcapil hub</translation>
    </message>
    <message>
        <source>Desk dibuat, tetapi hub belum dapat diatur: {error}. Tekan Kembali untuk memperbaiki alamat atau token hub, atau Selesai sekali lagi untuk lanjut tanpa hub (atur nanti di halaman Sinkronisasi).</source>
        <translation>The desk is made, but the hub could not be set: {error}. Press Back to correct the hub&apos;s address or token, or Finish once more to go on without a hub (set it later on the Sinkronisasi page).</translation>
    </message>
    <message>
        <source>Isi juga alamat hub, atau kosongkan tokennya.</source>
        <translation>Give the hub&apos;s address too, or leave the token empty.</translation>
    </message>
    <message>
        <source>Isi juga token desk dari Disdukcapil.</source>
        <translation>Give the desk token from Disdukcapil too.</translation>
    </message>
    <message>
        <source>Pilih kecamatan dari daftar.</source>
        <translation>Choose the kecamatan from the list.</translation>
    </message>
</context>
<context>
    <name>Help</name>
    <message>
        <location filename="../../ektp_desk/ui/help.py" line="25"/>
        <source>Antrian</source>
        <translation>Queue</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/help.py" line="26"/>
        <source>&lt;p&gt;Warga yang datang dimasukkan ke antrian hari ini.&lt;/p&gt;&lt;ul&gt;&lt;li&gt;&lt;b&gt;F2&lt;/b&gt;: cari di daftar warga dengan NIK atau nama; &lt;b&gt;Enter&lt;/b&gt; menambahkan yang pertama (atau yang dipilih dengan panah).&lt;/li&gt;&lt;li&gt;Warga yang tidak ada di daftar ditambahkan dengan namanya dan ditandai &lt;i&gt;datang langsung&lt;/i&gt;.&lt;/li&gt;&lt;li&gt;&lt;b&gt;F5&lt;/b&gt;: panggil nomor berikutnya; halaman Perekaman terbuka dengan biodatanya.&lt;/li&gt;&lt;li&gt;Lewati, panggil ulang atau batalkan nomor yang dipilih. Antrian tetap ada setelah aplikasi ditutup.&lt;/li&gt;&lt;/ul&gt;</source>
        <translation>&lt;p&gt;Residents who arrive go into today&apos;s queue.&lt;/p&gt;&lt;ul&gt;&lt;li&gt;&lt;b&gt;F2&lt;/b&gt;: search the resident list by NIK or name; &lt;b&gt;Enter&lt;/b&gt; adds the first match (or the one chosen with the arrow keys).&lt;/li&gt;&lt;li&gt;A resident not on the list is added with their name and flagged as a &lt;i&gt;walk-in&lt;/i&gt;.&lt;/li&gt;&lt;li&gt;&lt;b&gt;F5&lt;/b&gt;: call the next ticket; the Recording screen opens with their biodata.&lt;/li&gt;&lt;li&gt;Skip, recall or cancel the chosen ticket. The queue survives closing the app.&lt;/li&gt;&lt;/ul&gt;</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/help.py" line="40"/>
        <source>Perekaman</source>
        <translation>Recording</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/help.py" line="41"/>
        <source>&lt;p&gt;Biodata dan biometrik satu warga.&lt;/p&gt;&lt;ul&gt;&lt;li&gt;Setiap isian diperiksa saat ditinggalkan; pesannya muncul di bawah isian. &lt;b&gt;Enter&lt;/b&gt; pindah ke isian berikutnya.&lt;/li&gt;&lt;li&gt;Empat belas slot: wajah, tanda tangan, sepuluh jari, dua iris. &lt;b&gt;Ctrl+Shift+A&lt;/b&gt; merekam semua slot yang masih kosong dengan perangkat yang dipilih; slot yang tidak bisa direkam diberi alasan pengecualian.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Ctrl+S&lt;/b&gt; menyimpan. Setelah tersimpan, rekaman aman walau listrik padam, dan dikirim ke Disdukcapil saat sambungan ada.&lt;/li&gt;&lt;/ul&gt;</source>
        <translation>&lt;p&gt;One resident&apos;s biodata and biometrics.&lt;/p&gt;&lt;ul&gt;&lt;li&gt;Each field is checked when it is left; its message shows under it. &lt;b&gt;Enter&lt;/b&gt; moves to the next field.&lt;/li&gt;&lt;li&gt;Fourteen slots: face, signature, ten fingers, two irises. &lt;b&gt;Ctrl+Shift+A&lt;/b&gt; captures every empty slot with the chosen device; a slot that cannot be captured gets an exception reason.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Ctrl+S&lt;/b&gt; saves. Once saved, the recording is safe through a power cut, and goes to Disdukcapil whenever the link is there.&lt;/li&gt;&lt;/ul&gt;</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/help.py" line="54"/>
        <source>Log</source>
        <translation>Log</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/help.py" line="55"/>
        <source>&lt;p&gt;Semua perekaman desk ini.&lt;/p&gt;&lt;ul&gt;&lt;li&gt;Saring menurut tanggal, status kirim, kelurahan dan petugas; cari dengan NIK atau nama.&lt;/li&gt;&lt;li&gt;Status kirim: &lt;i&gt;Menunggu dikirim&lt;/i&gt;, &lt;i&gt;Diterima Disdukcapil&lt;/i&gt;, &lt;i&gt;Ditolak&lt;/i&gt;, &lt;i&gt;NIK ganda&lt;/i&gt; (NIK sudah ada di hub).&lt;/li&gt;&lt;li&gt;Supervisor dapat membatalkan perekaman dengan alasan.&lt;/li&gt;&lt;/ul&gt;</source>
        <translation>&lt;p&gt;Every recording of this desk.&lt;/p&gt;&lt;ul&gt;&lt;li&gt;Filter by date, sync state, kelurahan and operator; search by NIK or name.&lt;/li&gt;&lt;li&gt;Sync states: &lt;i&gt;Waiting to be sent&lt;/i&gt;, &lt;i&gt;Received by Disdukcapil&lt;/i&gt;, &lt;i&gt;Rejected&lt;/i&gt;, &lt;i&gt;Duplicate NIK&lt;/i&gt; (the NIK was already at the hub).&lt;/li&gt;&lt;li&gt;A supervisor can void a recording, with a reason.&lt;/li&gt;&lt;/ul&gt;</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/help.py" line="66"/>
        <source>Sinkronisasi</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/help.py" line="67"/>
        <source>&lt;p&gt;Pengiriman ke Disdukcapil berjalan sendiri setiap ada sambungan.&lt;/p&gt;&lt;ul&gt;&lt;li&gt;&lt;b&gt;Sinkronkan sekarang&lt;/b&gt; mencoba saat itu juga.&lt;/li&gt;&lt;li&gt;Rekaman yang ditolak hub atau NIK ganda perlu ditindaklanjuti supervisor.&lt;/li&gt;&lt;li&gt;Sambungan putus berhari-hari: &lt;b&gt;Ekspor bundel ke USB&lt;/b&gt; lalu bawa ke Disdukcapil; rekaman tetap menunggu sampai hub menjawab. Bundel dari laptop jemput bola diimpor di sini dan diteruskan.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Cadangan&lt;/b&gt;: pilih folder (disk kedua atau flashdisk) dan frasa sandi; cadangan harian lalu berjalan sendiri.&lt;/li&gt;&lt;/ul&gt;</source>
        <translation>&lt;p&gt;Delivery to Disdukcapil runs by itself whenever there is a link.&lt;/p&gt;&lt;ul&gt;&lt;li&gt;&lt;b&gt;Sync now&lt;/b&gt; tries at once.&lt;/li&gt;&lt;li&gt;Records the hub rejected or flagged as duplicate NIK need the supervisor&apos;s follow-up.&lt;/li&gt;&lt;li&gt;Link down for days: &lt;b&gt;Export bundle to USB&lt;/b&gt; and take it to Disdukcapil; the recordings stay waiting until the hub answers. A bundle from a laptop recording in the villages is imported here and forwarded.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Backups&lt;/b&gt;: choose a folder (a second disk or a USB stick) and a passphrase; the daily backup then runs by itself.&lt;/li&gt;&lt;/ul&gt;</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/help.py" line="81"/>
        <source>Laporan</source>
        <translation>Reports</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/help.py" line="82"/>
        <source>&lt;p&gt;Rekap harian untuk camat dan kemajuan menuju tenggat.&lt;/p&gt;&lt;ul&gt;&lt;li&gt;Pilih tanggal atau rentang; ekspor ke CSV, XLSX, PDF atau JSON.&lt;/li&gt;&lt;li&gt;Grafik menunjukkan perekaman per hari dan laju yang masih diperlukan.&lt;/li&gt;&lt;li&gt;Daftar belum rekam per kelurahan untuk lurah (XLSX atau PDF).&lt;/li&gt;&lt;/ul&gt;</source>
        <translation>&lt;p&gt;The daily tally for the camat and the progress to the deadline.&lt;/p&gt;&lt;ul&gt;&lt;li&gt;Choose a day or a range; export to CSV, XLSX, PDF or JSON.&lt;/li&gt;&lt;li&gt;The chart shows recordings per day and the rate still needed.&lt;/li&gt;&lt;li&gt;The list of residents not yet recorded, per kelurahan, for the lurah (XLSX or PDF).&lt;/li&gt;&lt;/ul&gt;</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/help.py" line="91"/>
        <source>Pengguna</source>
        <translation>Users</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/help.py" line="92"/>
        <source>&lt;p&gt;Akun petugas, supervisor dan admin.&lt;/p&gt;&lt;ul&gt;&lt;li&gt;Tambah, nonaktifkan atau aktifkan akun, dan atur ulang kata sandi.&lt;/li&gt;&lt;li&gt;Setelah beberapa kali salah kata sandi, akun dikunci sementara.&lt;/li&gt;&lt;li&gt;Bahasa tampilan berlaku pada saat aplikasi dibuka berikutnya.&lt;/li&gt;&lt;/ul&gt;</source>
        <translation>&lt;p&gt;Clerk, supervisor and admin accounts.&lt;/p&gt;&lt;ul&gt;&lt;li&gt;Add, disable or enable an account, and reset a password.&lt;/li&gt;&lt;li&gt;After several wrong passwords an account is locked for a while.&lt;/li&gt;&lt;li&gt;The display language applies the next time the app opens.&lt;/li&gt;&lt;/ul&gt;</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/help.py" line="101"/>
        <source>Perangkat</source>
        <translation>Devices</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/help.py" line="102"/>
        <source>&lt;p&gt;Pemindai sidik jari dan iris (SBI), kamera dan bantalan tanda tangan.&lt;/p&gt;&lt;ul&gt;&lt;li&gt;&lt;b&gt;Cari pemindai SBI&lt;/b&gt; menemukan pemindai yang sertifikatnya dipercaya; &lt;b&gt;Uji perangkat&lt;/b&gt; merekam sekali untuk memeriksanya; &lt;b&gt;Gunakan pemindai&lt;/b&gt; memakainya untuk slot jari dan iris.&lt;/li&gt;&lt;li&gt;Tanpa pemindai, wajah diambil dengan &lt;b&gt;Kamera&lt;/b&gt; atau &lt;b&gt;Berkas&lt;/b&gt; dan tanda tangan dengan &lt;b&gt;Pad&lt;/b&gt; atau &lt;b&gt;Berkas&lt;/b&gt;.&lt;/li&gt;&lt;li&gt;Perangkat simulasi hanya ada di desk latihan (&lt;i&gt;ektp-desk init --training&lt;/i&gt;) dan di demo; rekamannya ditolak hub Disdukcapil.&lt;/li&gt;&lt;/ul&gt;</source>
        <translation>&lt;p&gt;Finger and iris scanners (SBI), the camera and the signature pad.&lt;/p&gt;&lt;ul&gt;&lt;li&gt;&lt;b&gt;Find SBI scanners&lt;/b&gt; finds the scanners whose certificate is trusted; &lt;b&gt;Test device&lt;/b&gt; captures once to check it; &lt;b&gt;Use the scanners&lt;/b&gt; takes them for the finger and iris slots.&lt;/li&gt;&lt;li&gt;Without a scanner, the face is taken with &lt;b&gt;Camera&lt;/b&gt; or &lt;b&gt;File&lt;/b&gt; and the signature with &lt;b&gt;Pad&lt;/b&gt; or &lt;b&gt;File&lt;/b&gt;.&lt;/li&gt;&lt;li&gt;Simulated devices exist only on a training desk (&lt;i&gt;ektp-desk init --training&lt;/i&gt;) and in the demo; the Disdukcapil hub refuses their recordings.&lt;/li&gt;&lt;/ul&gt;</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/help.py" line="114"/>
        <source>&lt;p&gt;&lt;b&gt;Ctrl+1&lt;/b&gt; … &lt;b&gt;Ctrl+7&lt;/b&gt; membuka halaman; &lt;b&gt;Ctrl+L&lt;/b&gt; mengunci desk; &lt;b&gt;F1&lt;/b&gt; membuka panduan ini.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Ctrl+1&lt;/b&gt; … &lt;b&gt;Ctrl+7&lt;/b&gt; open the screens; &lt;b&gt;Ctrl+L&lt;/b&gt; locks the desk; &lt;b&gt;F1&lt;/b&gt; opens this guide.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>HelpDialog</name>
    <message>
        <location filename="../../ektp_desk/ui/help.py" line="134"/>
        <source>Panduan</source>
        <translation>Guide</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/help.py" line="142"/>
        <source>Tentang ektp-desk</source>
        <translation>About ektp-desk</translation>
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
    <message>
        <location filename="../../ektp_desk/ui/log_page.py" line="1"/>
        <source>perlu direkam ulang</source>
        <translation>must be recorded again</translation>
    </message>
</context>
<context>
    <name>LogPage</name>
    <message>
        <source>Tanggal tidak terbaca: tulis HH-BB-TTTT, mis. 30-11-2026</source>
        <translation>Date not readable: write DD-MM-YYYY, e.g. 30-11-2026</translation>
    </message>
    <message>
        <source>sampai HH-BB-TTTT</source>
        <translation>to DD-MM-YYYY</translation>
    </message>
    <message>
        <source>dari HH-BB-TTTT</source>
        <translation>from DD-MM-YYYY</translation>
    </message>
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
    <message>
        <source>Kelurahan</source>
        <translation>Kelurahan</translation>
    </message>
    <message>
        <source>Rincian rekaman</source>
        <translation>Recording details</translation>
    </message>
    <message>
        <source>Status sinkron</source>
        <translation>Sync state</translation>
    </message>
    <message>
        <source>Koreksi…</source>
        <translation>Correct…</translation>
    </message>
    <message>
        <source>Rekam ulang sebagai koreksi rekaman yang ditolak, dibatalkan atau NIK ganda</source>
        <translation>Record again as a correction of a rejected, voided or duplicate-NIK recording</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../ektp_desk/ui/dialogs.py" line="49"/>
        <location filename="../../ektp_desk/ui/dialogs.py" line="87"/>
        <source>Masuk</source>
        <translation>Log in</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/dialogs.py" line="49"/>
        <source>Terkunci</source>
        <translation>Locked</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/dialogs.py" line="52"/>
        <source>ektp-desk — {desk}</source>
        <translation>ektp-desk — {desk}</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/dialogs.py" line="54"/>
        <source>Sesi {user} terkunci. Masukkan kata sandi untuk membuka.</source>
        <translation>{user}&apos;s session is locked. Enter the password to unlock.</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/dialogs.py" line="67"/>
        <source>Pengguna</source>
        <translation>Users</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/dialogs.py" line="68"/>
        <source>Kata sandi</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/dialogs.py" line="76"/>
        <source>Mode demo. Akun percobaan:</source>
        <translation>Demo mode. Demo accounts:</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/dialogs.py" line="87"/>
        <source>Buka</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/dialogs.py" line="91"/>
        <source>Ambil alih (supervisor)</source>
        <translation>Take over (supervisor)</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/dialogs.py" line="109"/>
        <source>Supervisor: masukkan nama dan kata sandi Anda.</source>
        <translation>Supervisor: enter your name and password.</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/dialogs.py" line="124"/>
        <source>Hanya supervisor atau admin yang dapat mengambil alih.</source>
        <translation>Only a supervisor or an admin can take over.</translation>
    </message>
    <message>
        <source>DESK LATIHAN: rekamannya tidak dikirim sebagai data nyata.</source>
        <translation>TRAINING DESK: its recordings are not sent as real data.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Desk terkunci</source>
        <translation>Desk locked</translation>
    </message>
    <message>
        <source>Token hub tidak dapat dibuka di PC ini: minta token baru, atur hub lagi</source>
        <translation>The hub token cannot be opened on this PC: ask for a new token, set the hub again</translation>
    </message>
    <message>
        <source>Token hub tersimpan tanpa kunci sistem operasi</source>
        <translation>The hub token is kept without the operating system's key</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/main_window.py" line="51"/>
        <source>ektp-desk — {desk}</source>
        <translation>ektp-desk — {desk}</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/main_window.py" line="73"/>
        <source>Antrian (Ctrl+1)</source>
        <translation>Queue (Ctrl+1)</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/main_window.py" line="74"/>
        <source>Perekaman (Ctrl+2)</source>
        <translation>Recording (Ctrl+2)</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/main_window.py" line="75"/>
        <source>Log (Ctrl+3)</source>
        <translation>Log (Ctrl+3)</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/main_window.py" line="76"/>
        <source>Sinkronisasi (Ctrl+4)</source>
        <translation>Sync (Ctrl+4)</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/main_window.py" line="77"/>
        <source>Laporan (Ctrl+5)</source>
        <translation>Reports (Ctrl+5)</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/main_window.py" line="78"/>
        <source>Pengguna (Ctrl+6)</source>
        <translation>Users (Ctrl+6)</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/main_window.py" line="79"/>
        <source>Perangkat (Ctrl+7)</source>
        <translation>Devices (Ctrl+7)</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/main_window.py" line="101"/>
        <source>Bantuan (F1)</source>
        <translation>Help (F1)</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/main_window.py" line="168"/>
        <source>Basis data rusak</source>
        <translation>Damaged database</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/main_window.py" line="172"/>
        <source>Basis data rusak: perekaman dihentikan</source>
        <translation>Damaged database: recording stopped</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/main_window.py" line="261"/>
        <source>Pengguna: {name} ({role})</source>
        <translation>User: {name} ({role})</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/main_window.py" line="271"/>
        <source>Menunggu dikirim: {n}</source>
        <translation>Waiting to send: {n}</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/main_window.py" line="273"/>
        <source>Sinkron terakhir: {when}</source>
        <translation>Last sync: {when}</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/main_window.py" line="274"/>
        <source>belum pernah</source>
        <translation>never</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/main_window.py" line="286"/>
        <source>Jam desk berbeda {n} detik dari hub: setel jam</source>
        <translation>The desk clock differs from the hub&apos;s by {n} s: set the clock</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/main_window.py" line="293"/>
        <source>Disk penuh: sisa {mb} MB, perekaman baru ditolak</source>
        <translation>Disk full: {mb} MB left, new recordings refused</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/main_window.py" line="297"/>
        <source>Sisa disk {mb} MB: segera kosongkan</source>
        <translation>{mb} MB left on the disk: free space soon</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/main_window.py" line="301"/>
        <source>Belum ada cadangan</source>
        <translation>No backup yet</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/main_window.py" line="303"/>
        <source>Cadangan terakhir {h} jam lalu</source>
        <translation>Last backup {h} hours ago</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/main_window.py" line="310"/>
        <source>Hub: {state}</source>
        <translation>Hub: {state}</translation>
    </message>
    <message>
        <source> — LATIHAN</source>
        <translation> — TRAINING</translation>
    </message>
    <message>
        <source>DESK LATIHAN: perangkat simulasi; rekamannya ditandai latihan dan ditolak hub Disdukcapil.</source>
        <translation>TRAINING DESK: simulated devices; its recordings are marked as training and refused by the Disdukcapil hub.</translation>
    </message>
    <message>
        <source>Buang dan lanjutkan</source>
        <translation>Discard and continue</translation>
    </message>
    <message>
        <source>Ganti pengguna</source>
        <translation>Switching user</translation>
    </message>
    <message>
        <source>Ganti pengguna</source>
        <comment>button</comment>
        <translation>Switch user</translation>
    </message>
    <message>
        <source>Kembali ke perekaman</source>
        <translation>Back to the recording</translation>
    </message>
    <message>
        <source>Menutup program</source>
        <translation>Closing the program</translation>
    </message>
    <message>
        <source>Perekaman belum disimpan</source>
        <translation>Recording not saved</translation>
    </message>
    <message>
        <source>{what} belum disimpan.

{leaving} akan membuang biodata dan hasil perekaman yang belum disimpan.</source>
        <translation>{what} is not saved.

{leaving} will discard the biodata and captures not yet saved.</translation>
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
        <source>&amp;Datang langsung (tidak ada di daftar)</source>
        <translation>&amp;Walk-in (not on the list)</translation>
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
    <message>
        <source>Cetak nomor…</source>
        <translation>Print number…</translation>
    </message>
    <message>
        <source>{label} masuk antrian, tetapi tidak ada printer untuk mencetak nomornya.</source>
        <translation>{label} joined the queue, but there is no printer to print its number.</translation>
    </message>
    <message>
        <source>Layar antrian</source>
        <translation>Waiting room screen</translation>
    </message>
    <message>
        <source>Buka layar nomor panggilan untuk ruang tunggu (di layar kedua bila ada)</source>
        <translation>Open the called-number screen for the waiting room (on the second screen if there is one)</translation>
    </message>
    <message>
        <source>Tidak ada di daftar. Periksa namanya lalu tekan Enter untuk menambahkannya sebagai datang langsung.</source>
        <translation>Not on the list. Check the name, then press Enter to add them as a walk-in.</translation>
    </message>
    <message>
        <source>Daftar penduduk desk ini masih kosong: minta berkas daftarnya (CSV atau XLSX) ke Disdukcapil. Supervisor mengimpornya dengan Impor daftar penduduk…, atau dengan perintah ektp-desk residents import BERKAS. Sementara itu, penduduk dapat ditambahkan sebagai datang langsung.</source>
        <translation>The resident list of this desk is still empty: ask Disdukcapil for its file (CSV or XLSX). A supervisor imports it with Import resident list…, or with the command ektp-desk residents import FILE. Meanwhile, residents can be added as walk-ins.</translation>
    </message>
    <message>
        <source>  — sudah direkam di {desk}, {day}</source>
        <translation>  — already recorded at {desk}, {day}</translation>
    </message>
    <message>
        <source>Sudah direkam di desk lain</source>
        <translation>Already recorded at another desk</translation>
    </message>
    <message>
        <source>NIK {nik} {where}.

Merekamnya lagi akan membuka kasus NIK ganda di Disdukcapil. Tetap tambahkan ke antrian?</source>
        <translation>NIK {nik} {where}.

Recording it again opens a duplicate-NIK case at Disdukcapil. Add to the queue anyway?</translation>
    </message>
    <message>
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Tetap tambahkan</source>
        <translation>Add anyway</translation>
    </message>
    <message>
        <source>Di layar ini ({n}: {name}), sebagai jendela</source>
        <translation>On this screen ({n}: {name}), as a window</translation>
    </message>
    <message>
        <source>Di layar {n}: {name}, layar penuh</source>
        <translation>On screen {n}: {name}, full screen</translation>
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
        <source>Tanggal lahir</source>
        <translation>Date of birth</translation>
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
        <location filename="../../ektp_desk/ui/recording/form.py" line="46"/>
        <source>Nomor KITAP (WNA)</source>
        <translation>KITAP number (foreign residents)</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/recording/form.py" line="47"/>
        <source>KITAP berlaku hingga</source>
        <translation>KITAP valid until</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/recording_page.py" line="368"/>
        <source>Ambil semua yang kosong (Ctrl+Shift+A)</source>
        <translation>Capture all empty slots (Ctrl+Shift+A)</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/recording_page.py" line="371"/>
        <location filename="../../ektp_desk/ui/recording_page.py" line="482"/>
        <source>Perangkat: simulasi (desk latihan)</source>
        <translation>Device: simulated (training desk)</translation>
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
        <source>Tersimpan: {name} ({record}). Cetak tanda buktinya, atau tekan F5 untuk memanggil berikutnya.</source>
        <translation>Saved: {name} ({record}). Print the receipt, or press F5 to call the next one.</translation>
    </message>
    <message>
        <source>Pemindai jari dan iris belum ditemukan. Pasang pemindai dan jalankan layanan SBI-nya, lalu buka Perangkat (Ctrl+7) dan tekan Cari pemindai SBI; atau pakai Berkas.</source>
        <translation>No finger and iris scanner was found. Connect the scanners and start their SBI service, then open Devices (Ctrl+7) and press Find SBI scanners; or use File.</translation>
    </message>
    <message>
        <source>Perangkat: pemindai belum ditemukan — buka Perangkat (Ctrl+7). Wajah: Kamera atau Berkas; tanda tangan: Pad atau Berkas.</source>
        <translation>Device: no scanner found yet — open Devices (Ctrl+7). Face: Camera or File; signature: Pad or File.</translation>
    </message>
    <message>
        <source>Dibatalkan</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>Mengambil… (tekan lagi untuk membatalkan)</source>
        <translation>Capturing… (press again to cancel)</translation>
    </message>
    <message>
        <source>Cetak tanda bukti…</source>
        <translation>Print receipt…</translation>
    </message>
    <message>
        <source>Tanda bukti dicetak.</source>
        <translation>Receipt printed.</translation>
    </message>
    <message>
        <source>Perekaman yang sedang diisi</source>
        <translation>The recording being filled in</translation>
    </message>
    <message>
        <source>Pilih kelurahan/desa</source>
        <translation>Pick the kelurahan/village</translation>
    </message>
    <message>
        <source>HH-BB-TTTT</source>
        <translation>DD-MM-YYYY</translation>
    </message>
    <message>
        <source>TTTT-BB-HH</source>
        <translation>YYYY-MM-DD</translation>
    </message>
    <message>
        <source>Koreksi rekaman {record} — {name}</source>
        <translation>Correction of recording {record} — {name}</translation>
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
    <message>
        <source>Undangan (PDF)</source>
        <translation>Invitations (PDF)</translation>
    </message>
    <message>
        <source>Cetak undangan…</source>
        <translation>Print invitations…</translation>
    </message>
    <message>
        <source>Tersimpan: {path} ({n} undangan, {per_day} sehari)</source>
        <translation>Saved: {path} ({n} invitations, {per_day} a day)</translation>
    </message>
    <message>
        <source>{n} undangan dicetak.</source>
        <translation>{n} invitations printed.</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/report_page.py" line="90"/>
        <source>Gaya berkas CSV</source>
        <translation>CSV style</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/report_page.py" line="91"/>
        <source>CSV: Excel (Indonesia)</source>
        <translation>CSV: Excel (Indonesia)</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/report_page.py" line="92"/>
        <source>CSV: standar (,)</source>
        <translation>CSV: standard (,)</translation>
    </message>
    <message>
        <source>Perlu per hari kerja / rata-rata 7 hari</source>
        <translation>Needed per working day / 7-day average</translation>
    </message>
    <message>
        <source>Capaian (wajib KTP)</source>
        <translation>Progress (must hold a KTP)</translation>
    </message>
    <message>
        <source>Di luar target</source>
        <translation>Outside the target</translation>
    </message>
    <message>
        <source>Sisa hari kerja</source>
        <translation>Working days left</translation>
    </message>
    <message>
        <source>%1 langsung, %2 awal</source>
        <translation>%1 walk-ins, %2 early</translation>
    </message>
    <message>
        <source>%1 hari kalender; tanpa hari Minggu, libur nasional dan cuti bersama</source>
        <translation>%1 calendar days; without Sundays, national holidays and cuti bersama</translation>
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
        <location filename="../../ektp_desk/ui/sync_page.py" line="231"/>
        <source>(belum diatur)</source>
        <translation>(not set)</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/sync_page.py" line="232"/>
        <source>kunci</source>
        <translation>key</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/sync_page.py" line="236"/>
        <source>Belum dicoba</source>
        <translation>Not tried yet</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/sync_page.py" line="239"/>
        <source>belum pernah</source>
        <translation>never</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/sync_page.py" line="257"/>
        <location filename="../../ektp_desk/ui/sync_page.py" line="261"/>
        <source>Atur hub</source>
        <translation>Set hub</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/sync_page.py" line="257"/>
        <source>Alamat hub:</source>
        <translation>Hub address:</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/sync_page.py" line="261"/>
        <source>Token desk:</source>
        <translation>Desk token:</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/sync_page.py" line="272"/>
        <source>Hub diatur. ID kunci {key} — cocokkan dengan Disdukcapil lewat telepon.</source>
        <translation>Hub set. Key id {key} — compare it with Disdukcapil by phone.</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/sync_page.py" line="1"/>
        <source>Perlu direkam ulang (data rekaman rusak di komputer ini, tidak dikirim): {names}. Undang warga ini datang lagi untuk direkam ulang.</source>
        <translation>Must be recorded again (the recording's data is damaged on this computer and is not sent): {names}. Invite these residents to come back to be recorded again.</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/sync_page.py" line="139"/>
        <source>Log audit mundur: hub menolak, hubungi Disdukcapil (audit log rolled back)</source>
        <translation>Audit log rolled back: the hub refuses; call Disdukcapil</translation>
    </message>
</context>
<context>
    <name>UpdateBox</name>
    <message>
        <location filename="../../ektp_desk/ui/update_box.py" line="38"/>
        <source>Pembaruan program</source>
        <translation>Program update</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/update_box.py" line="2"/>
        <source>Unduh</source>
        <translation>Download</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/update_box.py" line="3"/>
        <source>Pasang</source>
        <translation>Install</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/update_box.py" line="80"/>
        <source>Versi {version} sudah diunduh dan diperiksa; siap dipasang.</source>
        <translation>Version {version} is downloaded and checked; ready to install.</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/update_box.py" line="82"/>
        <source>Versi baru {version} tersedia di hub (terpasang {installed}).</source>
        <translation>A new version {version} is available on the hub (installed: {installed}).</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/update_box.py" line="98"/>
        <source>Mengunduh…</source>
        <translation>Downloading…</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/update_box.py" line="110"/>
        <source>Mengunduh… {held} dari {size} bita</source>
        <translation>Downloading… {held} of {size} bytes</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/update_box.py" line="133"/>
        <source>Pasang pembaruan</source>
        <translation>Install the update</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/update_box.py" line="135"/>
        <source>Program ditutup lalu pemasang versi {version} dijalankan. Rekaman yang sudah disimpan tetap aman. Lanjutkan?</source>
        <translation>The program closes, then the installer of version {version} runs. Saved recordings stay safe. Continue?</translation>
    </message>
    <message>
        <location filename="../../ektp_desk/ui/update_box.py" line="147"/>
        <source>Pemasang dijalankan: {path}</source>
        <translation>Installer started: {path}</translation>
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
    <name>DateInput</name>
    <message>
        <source>Pilih dari kalender</source>
        <translation>Pick from the calendar</translation>
    </message>
</context>
<context>
    <name>SlotWidget</name>
    <message>
        <source>Alasan (mis. jari diamputasi):</source>
        <translation>Reason (e.g. finger amputated):</translation>
    </message>
    <message>
        <source>Pengecualian</source>
        <translation>Exception</translation>
    </message>
    <message>
        <source>Tidak ada kamera terpasang; pakai Berkas.</source>
        <translation>No camera is connected; use File.</translation>
    </message>
    <message>
        <source>Kamera tidak dapat dipakai: {e}</source>
        <translation>The camera cannot be used: {e}</translation>
    </message>
    <message>
        <source>Gambar (*.png *.jpg *.jpeg)</source>
        <translation>Images (*.png *.jpg *.jpeg)</translation>
    </message>
    <message>
        <source>Pilih gambar</source>
        <translation>Choose an image</translation>
    </message>
    <message>
        <source>Terekam, kualitas {q} di bawah {min}; ambil ulang bila bisa</source>
        <translation>Captured, quality {q} below {min}; capture again if you can</translation>
    </message>
    <message>
        <source>Dibatalkan</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>Mengambil… (tekan lagi untuk membatalkan)</source>
        <translation>Capturing… (press again to cancel)</translation>
    </message>
    <message>
        <source>Kosong</source>
        <translation>Empty</translation>
    </message>
    <message>
        <source>Pengecualian: {reason}</source>
        <translation>Exception: {reason}</translation>
    </message>
    <message>
        <source>Terekam, kualitas {q}</source>
        <translation>Captured, quality {q}</translation>
    </message>
    <message>
        <source>Kecuali</source>
        <translation>Except</translation>
    </message>
    <message>
        <source>Pad</source>
        <translation>Pad</translation>
    </message>
    <message>
        <source>Kamera</source>
        <translation>Camera</translation>
    </message>
    <message>
        <source>Berkas</source>
        <translation>File</translation>
    </message>
    <message>
        <source>Ambil</source>
        <translation>Capture</translation>
    </message>
</context>
<context>
    <name>VoidDialog</name>
    <message>
        <source>Alasan pembatalan:</source>
        <translation>Reason for voiding:</translation>
    </message>
    <message>
        <source>Batalkan rekaman</source>
        <translation>Void recording</translation>
    </message>
    <message>
        <source>ID rekaman</source>
        <translation>Record ID</translation>
    </message>
    <message>
        <source>Kembali</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>NIK</source>
        <translation>NIK</translation>
    </message>
    <message>
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Nomor antrian</source>
        <translation>Queue number</translation>
    </message>
    <message>
        <source>Rekaman ini akan dibatalkan:</source>
        <translation>This recording will be voided:</translation>
    </message>
    <message>
        <source>Rekaman tetap tersimpan dan tercatat di audit, tetapi tidak lagi dihitung di rekap desk ini.</source>
        <translation>The recording stays stored and in the audit log, but no longer counts in this desk&apos;s tally.</translation>
    </message>
    <message>
        <source>Waktu rekam</source>
        <translation>Recorded at</translation>
    </message>
    <message>
        <source>wajib diisi</source>
        <translation>required</translation>
    </message>
    <message>
        <source>Rekaman ini menunggu persetujuan supervisor dan belum terkirim; setelah dibatalkan, rekaman ini tidak akan dikirim.</source>
        <translation>This recording waits for a supervisor's approval and is not sent yet; once voided, it will not be sent.</translation>
    </message>
    <message>
        <source>Disdukcapil sudah menerima rekaman ini; pembatalan ini dikirim ke Disdukcapil pada sinkronisasi berikutnya, lalu rekaman tidak lagi dihitung di sana.</source>
        <translation>Disdukcapil has already received this recording; this void is sent to Disdukcapil at the next sync, and the recording is no longer counted there.</translation>
    </message>
    <message>
        <source>Disdukcapil tidak menghitung rekaman ini; tidak ada yang dikirim lagi.</source>
        <translation>Disdukcapil does not count this recording; nothing more is sent.</translation>
    </message>
    <message>
        <source>Rekaman ini belum terkirim: rekaman dikirim pada sinkronisasi berikutnya dan pembatalan ini dikirim ke Disdukcapil sesudahnya, sehingga tidak dihitung di sana.</source>
        <translation>This recording has not been sent yet: it is sent at the next sync and this void is sent to Disdukcapil after it, so it is not counted there.</translation>
    </message>
</context>
<context>
    <name>DisplayWindow</name>
    <message>
        <source>Layar antrian — {desk}</source>
        <translation>Waiting room screen — {desk}</translation>
    </message>
    <message>
        <source>Nomor antrian</source>
        <translation>Queue number</translation>
    </message>
    <message>
        <source>silakan ke meja {desk}</source>
        <translation>please go to desk {desk}</translation>
    </message>
    <message>
        <source>Belum ada yang dipanggil</source>
        <translation>No one called yet</translation>
    </message>
    <message>
        <source>Sebelumnya: {numbers}</source>
        <translation>Before: {numbers}</translation>
    </message>
    <message>
        <source>Menunggu: {n}</source>
        <translation>Waiting: {n}</translation>
    </message>
</context>
<context>
    <name>ApprovalDialog</name>
    <message>
        <source>Alasan</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>ID rekaman</source>
        <translation>Record id</translation>
    </message>
    <message>
        <source>Kata sandi</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>Nama supervisor</source>
        <translation>Supervisor's name</translation>
    </message>
    <message>
        <source>Nanti</source>
        <translation>Later</translation>
    </message>
    <message>
        <source>Persetujuan supervisor</source>
        <translation>Supervisor approval</translation>
    </message>
    <message>
        <source>Rekaman ini tersimpan, tetapi baru dikirim ke Disdukcapil setelah disetujui supervisor: {rules}.</source>
        <translation>This recording is saved, but is sent to Disdukcapil only once a supervisor approves it: {rules}.</translation>
    </message>
    <message>
        <source>Setujui</source>
        <translation>Approve</translation>
    </message>
</context>
<context>
    <name>ApprovalList</name>
    <message>
        <source>Alasan</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Menunggu persetujuan supervisor</source>
        <translation>Waiting for a supervisor's approval</translation>
    </message>
    <message>
        <source>NIK</source>
        <translation>NIK</translation>
    </message>
    <message>
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Petugas</source>
        <translation>Operator</translation>
    </message>
    <message>
        <source>Setujui…</source>
        <translation>Approve…</translation>
    </message>
    <message>
        <source>Waktu</source>
        <translation>Time</translation>
    </message>
</context>
<context>
    <name>Thumbnail</name>
    <message>
        <source>Klik untuk memperbesar</source>
        <translation>Click to enlarge</translation>
    </message>
</context>
<context>
    <name>FacePreview</name>
    <message>
        <source>Belum ada foto wajah</source>
        <translation>No face photo yet</translation>
    </message>
</context>
<context>
    <name>PictureDialog</name>
    <message>
        <source>Gambar</source>
        <translation>Picture</translation>
    </message>
    <message>
        <source>Tutup</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>ExceptionDialog</name>
    <message>
        <source>&amp;Alasan:</source>
        <translation>&amp;Reason:</translation>
    </message>
    <message>
        <source>Alasan</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Alasan &amp;lain:</source>
        <translation>&amp;Other reason:</translation>
    </message>
    <message>
        <source>Alasan lain</source>
        <translation>Other reason</translation>
    </message>
    <message>
        <source>Amputasi</source>
        <translation>Amputation</translation>
    </message>
    <message>
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Cacat sejak lahir</source>
        <translation>Disabled from birth</translation>
    </message>
    <message>
        <source>Lainnya (tulis alasannya)</source>
        <translation>Other (write the reason)</translation>
    </message>
    <message>
        <source>Luka atau perban</source>
        <translation>Wound or bandage</translation>
    </message>
    <message>
        <source>Mata tidak dapat dipindai</source>
        <translation>Eye cannot be scanned</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Pengecualian: {slot}</source>
        <translation>Exception: {slot}</translation>
    </message>
</context>
<context>
    <name>ResidentImport</name>
    <message>
        <source>Daftar diimpor: {new} baru, {updated} diperbarui.</source>
        <translation>List imported: {new} new, {updated} updated.</translation>
    </message>
    <message>
        <source>Daftar penduduk (*.csv *.xlsx)</source>
        <translation>Resident list (*.csv *.xlsx)</translation>
    </message>
    <message>
        <source>Impor daftar penduduk</source>
        <translation>Import resident list</translation>
    </message>
    <message>
        <source>Impor daftar penduduk…</source>
        <translation>Import resident list…</translation>
    </message>
    <message>
        <source>Mengimpor {name}…</source>
        <translation>Importing {name}…</translation>
    </message>
    <message>
        <source>{n} baris ditolak</source>
        <translation>{n} rows refused</translation>
    </message>
    <message>
        <source>{n} peringatan</source>
        <translation>{n} warnings</translation>
    </message>
    <message>
        <source>{counts}; laporannya dibuka: {report}</source>
        <translation>{counts}; their report is open: {report}</translation>
    </message>
    <message>
        <source>Daftar terbitan Disdukcapil</source>
        <translation>Disdukcapil&apos;s published list</translation>
    </message>
    <message>
        <source>Kecamatan ini memakai daftar penduduk terbitan Disdukcapil (versi {version}). Penduduk di {name} akan ditambahkan atau diperbarui di desk ini; daftar terbitan Disdukcapil berikutnya menggantikan semuanya. Tetap impor?</source>
        <translation>This kecamatan uses Disdukcapil&apos;s published resident list (version {version}). The residents in {name} will be added or updated at this desk; Disdukcapil&apos;s next published list replaces them all. Import anyway?</translation>
    </message>
    <message>
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Tetap impor</source>
        <translation>Import anyway</translation>
    </message>
</context>
<context>
    <name>FileInUse</name>
    <message>
        <source>Berkas {path} sedang dibuka di program lain (misalnya Excel atau penampil PDF), jadi tidak bisa ditimpa; tidak ada yang ditulis. Tutup berkas itu, atau simpan dengan nama lain.</source>
        <translation>The file {path} is open in another program (Excel or a PDF viewer, for instance), so it cannot be replaced; nothing was written. Close the file there, or save under another name.</translation>
    </message>
    <message>
        <source>Berkas sedang dibuka</source>
        <translation>File is open</translation>
    </message>
    <message>
        <source>Batal</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Simpan dengan nama lain…</source>
        <translation>Save under another name…</translation>
    </message>
</context>
</TS>
