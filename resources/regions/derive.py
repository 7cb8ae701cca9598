"""Derive resources/regions/wilayah.tsv.gz from the Kemendagri CSV in shared/data.

Usage: python resources/regions/derive.py PATH/TO/wilayah_kemendagri_2025.csv

The output holds one `code<TAB>name` line per region, sorted by code, gzip-compressed
with a fixed mtime so that the same input always gives the same bytes.
"""

from __future__ import annotations

import csv
import gzip
import io
import sys
from pathlib import Path


def derive(source: Path, target: Path) -> int:
    rows: dict[str, str] = {}
    with source.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            code = row["kode"].strip()
            name = " ".join(row["nama"].split())
            if "\t" in name or "\n" in name:
                raise ValueError(f"unexpected control character in {code}")
            rows[code] = name
    text = "".join(f"{code}\t{rows[code]}\n" for code in sorted(rows))
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
        gz.write(text.encode("utf-8"))
    target.write_bytes(buf.getvalue())
    return len(rows)


if __name__ == "__main__":
    count = derive(Path(sys.argv[1]), Path(__file__).with_name("wilayah.tsv.gz"))
    print(f"{count} regions written")
