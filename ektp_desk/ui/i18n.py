"""Translations: Indonesian is the source language; English comes from the Qt Linguist
catalogue `resources/translations/ektp_desk_en.ts`, compiled by PySide6's own `lrelease`
into `ektp_desk_en.qm` beside it, which is what the program loads (with QTranslator).

The `.qm` is committed, so that a checkout, an editable install and a wheel all have it
with no build step; tests/ui/test_translations.py fails unless it is exactly what
`lrelease` makes of the `.ts` today. The frozen app's spec compiles it afresh."""

from __future__ import annotations

import logging
from datetime import datetime, tzinfo
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, Qt, QTranslator

from ektp_desk.domain.formats import local_time
from ektp_desk.domain.problems import in_language
from ektp_desk.paths import resources_dir

log = logging.getLogger(__name__)
LANGUAGES = {"id": "Bahasa Indonesia", "en": "English"}


def qm_path(language: str) -> Path:
    """The compiled catalogue the program loads."""
    return resources_dir() / "translations" / f"ektp_desk_{language}.qm"


_installed: list[QTranslator] = []
_language = ["id"]


def language() -> str:
    """The window's language, as installed: the core's texts are shown in it."""
    return _language[0]


def shown(value: object) -> str:
    """A core error, text or problem as the window shows it: in the window's language (an
    error without a coded text, as it says itself)."""
    return str(in_language(value, language()))


# Qt's own texts (its buttons, the wizard's, the file dialog's) are English; PySide6 ships
# no Indonesian for them, so the Indonesian window brings its own catalogue of them.
QT_CATALOGUE = {"id": "ektp_desk_qt_id"}
LOCALES = {"id": "id_ID", "en": "en_GB"}


def install(language: str) -> bool:
    """Install the window's language: our catalogue for it (Indonesian, the source, needs
    none), Qt's own texts in it, and QLocale's formats (dates, numbers, the calendar).
    True when installed; an unknown language leaves the window in Indonesian."""
    app = QCoreApplication.instance()
    assert app is not None
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    _language[0] = "id"
    if language != "id" and not _load(app, qm_path(language)):
        log.warning("no translation for %r at %s", language, qm_path(language))
        language = "id"
        ok = False
    else:
        ok = True
    if language in QT_CATALOGUE:
        _load(app, resources_dir() / "translations" / f"{QT_CATALOGUE[language]}.qm")
    _language[0] = language
    locale = QLocale(LOCALES[language])
    QLocale.setDefault(locale)
    # A native file dialog speaks the system's language: where that is not the window's,
    # Qt's own dialog is used, which speaks the window's.
    QCoreApplication.setAttribute(
        Qt.ApplicationAttribute.AA_DontUseNativeDialogs,
        QLocale.system().language() != locale.language(),
    )
    return ok


def _load(app: QCoreApplication, path: Path) -> bool:
    translator = QTranslator()
    if not translator.load(str(path)):
        return False
    app.installTranslator(translator)
    _installed.append(translator)
    return True


def local(stamp: str | datetime | None, zone: tzinfo, *, empty: str = "-") -> str:
    """A stored (UTC) moment as the window shows it: the desk's local time and zone name."""
    return local_time(stamp, zone, language(), empty=empty)
