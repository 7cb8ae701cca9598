"""Translations: Indonesian is the source language; English comes from Qt Linguist `.ts`
files in resources/translations, compiled to `.qm` by `pyside6-lrelease` at first start
(into the cache dir) and reused while the `.ts` is unchanged."""

from __future__ import annotations

import hashlib
import logging
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import platformdirs
from PySide6.QtCore import QCoreApplication, QTranslator

from ektp_desk.paths import APP_NAME, resources_dir

log = logging.getLogger(__name__)
LANGUAGES = {"id": "Bahasa Indonesia", "en": "English"}


def ts_path(language: str) -> Path:
    return resources_dir() / "translations" / f"ektp_desk_{language}.ts"


def _lrelease() -> str | None:
    here = Path(sys.executable).parent
    for name in ("pyside6-lrelease", "lrelease"):
        found = shutil.which(name) or shutil.which(name, path=str(here))
        if found:
            return found
    return None


def compiled(language: str) -> Path | None:
    """The `.qm` for `language`, compiled from its `.ts` when missing or stale."""
    source = ts_path(language)
    if not source.is_file():
        return None
    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
    cache = Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)) / "translations"
    target = cache / f"ektp_desk_{language}-{digest}.qm"
    if target.is_file():
        return target
    tool = _lrelease()
    if tool is None:
        return None
    cache.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [tool, str(source), "-qm", str(target)], capture_output=True, text=True, check=False
    )
    if done.returncode != 0 or not target.is_file():
        log.warning("lrelease failed for %s: %s", source, done.stderr.strip())
        return None
    return target


class TsTranslator(QTranslator):
    """Reads a `.ts` directly: used when lrelease is not at hand."""

    def __init__(self, source: Path) -> None:
        super().__init__()
        self._table: dict[tuple[str, str], str] = {}
        root = ET.parse(source).getroot()
        for context in root.iter("context"):
            name = context.findtext("name") or ""
            for message in context.iter("message"):
                text = message.findtext("source") or ""
                translation = message.find("translation")
                if (
                    translation is not None
                    and translation.text
                    and (translation.get("type") not in ("unfinished", "obsolete", "vanished"))
                ):
                    self._table[(name, text)] = translation.text

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str:
        return self._table.get((context, source), "")

    def isEmpty(self) -> bool:
        return not self._table


_installed: list[QTranslator] = []


def install(language: str) -> bool:
    """Install the translator for `language` ("id" needs none). True when installed."""
    app = QCoreApplication.instance()
    assert app is not None
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    if language == "id":
        return True
    translator: QTranslator
    qm = compiled(language)
    if qm is not None:
        translator = QTranslator()
        if not translator.load(str(qm)):
            return False
    elif ts_path(language).is_file():
        translator = TsTranslator(ts_path(language))
    else:
        return False
    app.installTranslator(translator)
    _installed.append(translator)
    return True
