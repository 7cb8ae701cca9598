"""The voice of the waiting room: a chime, then the called number spoken in Indonesian
where the system has such a voice. Either part may be missing (no QtMultimedia backend,
no QtTextToSpeech plug-in, no Indonesian voice): what is missing is left out without a
word, and the screen still shows the number."""

from __future__ import annotations

import logging
import math
import struct
import wave
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QLocale, QObject, QTemporaryDir, QTimer, QUrl

from ektp_desk.domain.announce import call_text

log = logging.getLogger(__name__)

CHIME_RATE = 22050
CHIME_NOTES = ((784.0, 0.35), (659.3, 0.55))  # G5 then E5: the classic two-tone "ding-dong"
SPEAK_AFTER_MS = 1200  # the chime ends before the voice starts


class Speaker(Protocol):
    def say(self, text: str) -> None: ...


class Chime(Protocol):
    def play(self) -> None: ...


def write_chime(path: Path) -> None:
    """A two-tone chime as a 16-bit mono WAV, each note fading out."""
    frames = bytearray()
    for freq, seconds in CHIME_NOTES:
        count = int(CHIME_RATE * seconds)
        for i in range(count):
            fade = 1.0 - i / count
            sample = 0.5 * fade * math.sin(2 * math.pi * freq * i / CHIME_RATE)
            frames += struct.pack("<h", int(sample * 32767))
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(CHIME_RATE)
        out.writeframes(bytes(frames))


def system_speaker(parent: QObject) -> Speaker | None:
    """QTextToSpeech with an Indonesian voice, or None where there is none (an Indonesian
    sentence in another language's voice would not be understood)."""
    try:
        from PySide6.QtTextToSpeech import QTextToSpeech
    except ImportError:
        log.info("no QtTextToSpeech: the calls are not spoken")
        return None
    engine = QTextToSpeech(parent)
    if engine.state() == QTextToSpeech.State.Error:
        log.info("text to speech unavailable: %s", engine.errorString())
        return None
    indonesian = [
        locale
        for locale in engine.availableLocales()
        if locale.language() == QLocale.Language.Indonesian
    ]
    if not indonesian:
        log.info("no Indonesian voice: the calls are not spoken")
        return None
    engine.setLocale(indonesian[0])
    return engine


class SoundChime(QObject):
    """The chime played through QSoundEffect from a WAV made at start in a private
    temporary folder (so nothing is written beside the program)."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        from PySide6.QtMultimedia import QSoundEffect

        self.folder = QTemporaryDir()
        path = Path(self.folder.path()) / "chime.wav"
        write_chime(path)
        self.effect = QSoundEffect(self)
        self.effect.setSource(QUrl.fromLocalFile(str(path)))

    def play(self) -> None:
        self.effect.play()


def system_chime(parent: QObject) -> Chime | None:
    try:
        return SoundChime(parent)
    except ImportError:
        log.info("no QtMultimedia: the calls are not chimed")
        return None


class Announcer(QObject):
    """Announces a call: the chime at once, the sentence `SPEAK_AFTER_MS` later."""

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        speaker: Speaker | None = None,
        chime: Chime | None = None,
        speak_after_ms: int = SPEAK_AFTER_MS,
    ) -> None:
        super().__init__(parent)
        self.speaker = speaker
        self.chime = chime
        self.speak_after_ms = speak_after_ms
        self.spoken: list[str] = []  # what was said, newest last (shown in tests and logs)

    @classmethod
    def of_system(cls, parent: QObject | None = None) -> Announcer:
        announcer = cls(parent)
        announcer.speaker = system_speaker(announcer)
        announcer.chime = system_chime(announcer)
        return announcer

    def announce(self, label: str, desk_id: str) -> None:
        text = call_text(label, desk_id)
        if self.chime is not None:
            self.chime.play()
        QTimer.singleShot(self.speak_after_ms, self, lambda: self._say(text))

    def _say(self, text: str) -> None:
        self.spoken.append(text)
        if self.speaker is not None:
            self.speaker.say(text)
