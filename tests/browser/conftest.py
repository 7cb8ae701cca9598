"""The dashboard in a real browser: Debian's chromium driven by Playwright (no browser is
ever downloaded). Skipped with the reason where chromium or Playwright is missing, unless
EKTP_REQUIRE_BROWSER=1 (CI, which installs them) makes that a failure. Screenshots go to
EKTP_TEST_ARTIFACTS (default: a temporary folder)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
VIEWPORT = {"width": 1366, "height": 768}  # the kecamatan PCs' screen


def _missing() -> str | None:
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} is missing (Debian: apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install 'ektp-desk[test]')"
    return None


# Per module, not per session: while Playwright's sync API runs, its event loop is the
# thread's, and a later test calling asyncio.run (the hub's in-process tests) would fail.
@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    reason = _missing()
    if reason is not None:
        if os.environ.get("EKTP_REQUIRE_BROWSER") == "1":
            pytest.fail(f"the browser tests must run here (EKTP_REQUIRE_BROWSER=1): {reason}")
        pytest.skip(reason)
    os.environ["PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD"] = "1"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    folder = Path(os.environ.get("EKTP_TEST_ARTIFACTS") or tempfile.mkdtemp(prefix="ektp-art-"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def page(browser: Any, tmp_path: Path) -> Iterator[Any]:
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True, locale="id-ID")
    opened = context.new_page()
    yield opened
    context.close()
