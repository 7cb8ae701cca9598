"""What a residents file that cannot be used as a whole tells its reader, by key, in
Indonesian and English side by side (the texts of `residents_file.ImportFileError`)."""

from __future__ import annotations

from ektp_desk.domain.problems import Text

IMPORT_FILE_TEXTS: dict[str, Text] = {
    "too_many_rows": Text(
        "{name}: lebih dari {rows:,} baris (pengaturan import_max_rows)",
        "{name}: it has more than {rows:,} rows (setting import_max_rows)",
    ),
    "cell_too_long": Text(
        "{name}: baris {line}, kolom {column}, berisi lebih dari {chars:,} karakter"
        " (pengaturan import_max_cell_chars)",
        "{name}: line {line}, column {column}, holds more than {chars:,} characters"
        " (setting import_max_cell_chars)",
    ),
    "line_too_long": Text(
        "{name}: baris {line} lebih panjang dari {cap:,} karakter ({cells} sel berisi"
        " {chars:,}, pengaturan import_max_cell_chars)",
        "{name}: line {line} is longer than {cap:,} characters ({cells} cells of {chars:,},"
        " setting import_max_cell_chars)",
    ),
    "not_text": Text(
        "{name}: bukan berkas teks (berisi byte NUL)",
        "{name}: not a text file (it holds NUL bytes)",
    ),
    "csv_malformed": Text(
        "{name}: CSV rusak pada baris {line}: {detail}",
        "{name}: the CSV is malformed at line {line}: {detail}",
    ),
    "encoding": Text(
        "{name}: teksnya bukan UTF-8 maupun Windows-1252 (byte {byte})",
        "{name}: the text is neither UTF-8 nor Windows-1252 (byte {byte})",
    ),
    "workbook": Text("{name}: {error}", "{name}: {error}"),
    "too_large": Text(
        "{name}: berkas terlalu besar ({size} byte)",
        "{name}: the file is too large ({size} bytes)",
    ),
    "unreadable": Text(
        "{path}: tidak dapat dibaca ({detail})", "{path}: cannot be read ({detail})"
    ),
    "empty": Text("{name}: berkasnya kosong", "{name}: the file is empty"),
    "no_header": Text("{name}: tidak ada baris judul kolom", "{name}: no header row"),
    "missing_columns": Text(
        "{name}: baris judul tidak memuat kolom {missing} (yang ada: {found})",
        "{name}: the header row lacks the column(s) {missing} (found: {found})",
    ),
    "column_twice": Text(
        "{name}: kolom {column} muncul dua kali di baris judul",
        "{name}: the column {column} appears twice in the header",
    ),
}
