"""Supervisor reports: the tally of a day or a range and the progress to the deadline
(`tally`), the outreach list (`outreach`), and their CSV / XLSX / JSON writers (`writers`,
with `cells` keeping spreadsheet cells data). The PDF writer uses Qt and lives in
ektp_desk/ui."""

from __future__ import annotations

from ektp_desk.domain.problems import CodedError, Text

REPORT_TEXTS: dict[str, Text] = {
    "csv_style": Text(
        "gaya CSV {style!r} tidak dikenal: {styles}", "unknown CSV style {style!r}: {styles}"
    ),
    "not_a_count": Text(
        "{where} harus bilangan bulat 0 atau lebih, bukan {value}",
        "{where} must be a whole number of 0 or more, not {value}",
    ),
    "not_text": Text("{name}: '{key}' harus berupa teks", "{name}: '{key}' must be text"),
    "not_minutes": Text(
        "{name}: 'queue' -> '{key}' harus angka 0 atau lebih",
        "{name}: 'queue' -> '{key}' must be a number of 0 or more",
    ),
    "not_a_tally": Text(
        "{name}: bukan rekap (yang diharapkan objek JSON)",
        "{name}: not a tally (a JSON object is expected)",
    ),
    "tally_version": Text(
        "{name}: 'version' harus bilangan bulat", "{name}: 'version' must be a whole number"
    ),
    "tally_desks": Text(
        "{name}: 'desks' harus daftar id meja", "{name}: 'desks' must be a list of desk ids"
    ),
    "not_counts": Text(
        "{name}: '{key}' harus objek berisi hitungan", "{name}: '{key}' must be an object of counts"
    ),
    "tally_queue": Text("{name}: 'queue' harus objek", "{name}: 'queue' must be an object"),
    "merge_one": Text(
        "penggabungan memerlukan rekap dari paling sedikit dua meja",
        "merging needs the tallies of at least two desks",
    ),
    "merge_differs": Text(
        "{key} berbeda: {theirs} (meja {their_desk}) dengan {ours} (meja {our_desk}); hanya "
        "rekap satu kecamatan dan satu periode yang dapat digabung",
        "{key} differs: {theirs} (desk {their_desk}) against {ours} (desk {our_desk}); only "
        "tallies of one kecamatan and one period can be merged",
    ),
    "merge_desk_twice": Text(
        "meja {desk} muncul dua kali; ia akan terhitung dua kali",
        "desk {desk} appears twice; it would be counted twice",
    ),
    "invite_per_day": Text(
        "penduduk yang diundang sehari harus 1 atau lebih",
        "the residents invited a day must be 1 or more",
    ),
    "invite_no_day": Text(
        "tidak ada hari kerja tersisa dari {start} sampai batas waktu {deadline}; beri --from "
        "yang lebih awal atau batas waktu yang lebih lambat",
        "no working day is left from {start} to the deadline {deadline}; give an earlier "
        "--from or a later deadline",
    ),
    "paper": Text("kertas {key!r}: pilih {allowed}", "paper {key!r}: choose {allowed}"),
}


class ReportError(CodedError):
    """A report that cannot be made as asked; the message says why."""

    code = "report"
    catalogue = REPORT_TEXTS
