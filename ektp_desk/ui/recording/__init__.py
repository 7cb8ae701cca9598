"""Perekaman, the recording screen: `page` puts together the biodata `form` and the capture
`slot`s (face, signature, ten fingers, two irises) and saves through the Desk."""

from __future__ import annotations

from ektp_desk.ui.recording.page import RecordingPage

__all__ = ["RecordingPage"]
