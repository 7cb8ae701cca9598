"""What a workbook that cannot be read tells its reader, by key, in Indonesian and English
side by side (the texts of `xlsxstream.XlsxError`)."""

from __future__ import annotations

from ektp_desk.domain.problems import Text

XLSX_TEXTS: dict[str, Text] = {
    "inflated": Text(
        "isinya mengembang melebihi {mb:,} MB (pengaturan {setting})",
        "it inflates to more than {mb:,} MB (setting {setting})",
    ),
    "dtd": Text(
        "berisi DTD, yang tidak pernah ada di buku kerja", "it holds a DTD, which no workbook does"
    ),
    "xml_damaged": Text("XML-nya rusak ({detail})", "its XML is damaged ({detail})"),
    "cell_too_long": Text(
        "{where} berisi lebih dari {limit:,} karakter (pengaturan {setting})",
        "{where} holds more than {limit:,} characters (setting {setting})",
    ),
    "no_sheet": Text("buku kerja tidak punya lembar kerja", "the workbook has no worksheet"),
    "no_first_sheet": Text(
        "buku kerja tidak menyebut letak lembar pertamanya",
        "the workbook does not say where its first sheet is",
    ),
    "shared_strings": Text(
        "teks bersamanya melebihi {mb} MB (SHARED_STRINGS_MAX_BYTES di ektp_desk/xlsxstream.py)",
        "its shared strings take more than {mb} MB (SHARED_STRINGS_MAX_BYTES in "
        "ektp_desk/xlsxstream.py)",
    ),
    "beyond_last_column": Text(
        "{where} berada di luar kolom terakhir Excel", "{where} lies beyond Excel's last column"
    ),
    "not_xlsx": Text(
        "bukan buku kerja XLSX yang dapat dibaca ({detail})",
        "not a readable XLSX workbook ({detail})",
    ),
    "damaged": Text("buku kerja rusak ({detail})", "the workbook is damaged ({detail})"),
    "row_order": Text(
        "baris {current} datang setelah baris {previous}",
        "row {current} comes after row {previous}",
    ),
    "too_many_rows": Text(
        "berisi lebih dari {limit:,} baris (pengaturan {setting})",
        "it has more than {limit:,} rows (setting {setting})",
    ),
    "cell_order": Text("{where}: sel {ref} tidak berurutan", "{where}: cell {ref} is out of order"),
    "no_shared_string": Text(
        "{where} menunjuk teks bersama yang tidak ada",
        "{where} names a shared string that is not there",
    ),
}
