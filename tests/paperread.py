"""Reading the desk's paper back as a person and a scanner would: the text of a PDF
(pdftotext), each page's QR codes (pdftoppm renders the page, zxing-cpp decodes it), and
the page size (pdfinfo)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest


def _tool(name: str) -> str:
    tool = shutil.which(name)
    if tool is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is missing (.ci/run installs poppler-utils)")
        pytest.skip(f"{name} is not installed here (Debian's poppler-utils)")
    return tool


def pdf_text(path: Path, *, layout: bool = True) -> str:
    """The text, laid out as on the page (or, `layout` False, in reading order)."""
    options = ["-layout"] if layout else []
    return subprocess.run(
        [_tool("pdftotext"), *options, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def page_size_mm(path: Path) -> tuple[float, float]:
    """The first page's width and height in millimetres."""
    info = subprocess.run(
        [_tool("pdfinfo"), str(path)], capture_output=True, text=True, check=True
    ).stdout
    found = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert found, info
    return float(found[1]) * 25.4 / 72, float(found[2]) * 25.4 / 72


def qr_codes(path: Path, dpi: int = 150) -> list[list[str]]:
    """The text of every QR code, page by page, top to bottom."""
    import zxingcpp
    from PySide6.QtGui import QImage

    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(
            [_tool("pdftoppm"), "-r", str(dpi), "-png", str(path), f"{folder}/page"], check=True
        )
        pages = []
        for png in sorted(Path(folder).glob("page*.png")):
            found = zxingcpp.read_barcodes(QImage(str(png)), formats=zxingcpp.BarcodeFormat.QRCode)
            pages.append([b.text for b in sorted(found, key=lambda b: b.position.top_left.y)])
        return pages


def pdf_pages(path: Path) -> list[str]:
    """The text of each page, laid out as on the page (pdftotext `-f N -l N`)."""
    info = subprocess.run(
        [_tool("pdfinfo"), str(path)], capture_output=True, text=True, check=True
    ).stdout
    found = re.search(r"Pages:\s+(\d+)", info)
    assert found, info
    return [
        subprocess.run(
            [_tool("pdftotext"), "-layout", "-f", str(n), "-l", str(n), str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for n in range(1, int(found[1]) + 1)
    ]
