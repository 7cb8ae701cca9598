"""Translations: Indonesian is the source language; English comes from the Qt Linguist
catalogue `resources/translations/ektp_desk_en.ts`, compiled by PySide6's own `lrelease`
into `ektp_desk_en.qm` beside it, which is what the program loads (with QTranslator).

The `.qm` is committed, so that a checkout, an editable install and a wheel all have it
with no build step; tests/ui/test_translations.py fails unless it is exactly what
`lrelease` makes of the `.ts` today. The frozen app's spec compiles it afresh."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator

from ektp_desk.paths import resources_dir

log = logging.getLogger(__name__)
LANGUAGES = {"id": "Bahasa Indonesia", "en": "English"}


def ts_path(language: str) -> Path:
    """The catalogue translators edit."""
    return resources_dir() / "translations" / f"ektp_desk_{language}.ts"


def qm_path(language: str) -> Path:
    """The compiled catalogue the program loads."""
    return resources_dir() / "translations" / f"ektp_desk_{language}.qm"


_installed: list[QTranslator] = []
_language = ["id"]  # the language the window speaks now


def current() -> str:
    """The language the window speaks: "id" unless another was installed."""
    return _language[0]


def install(language: str) -> bool:
    """Install the translator for `language` ("id" needs none). True when installed."""
    app = QCoreApplication.instance()
    assert app is not None
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    _language[0] = "id"
    if language == "id":
        return True
    translator = QTranslator()
    if not translator.load(str(qm_path(language))):
        log.warning("no translation for %r at %s", language, qm_path(language))
        return False
    app.installTranslator(translator)
    _installed.append(translator)
    _language[0] = language
    return True
