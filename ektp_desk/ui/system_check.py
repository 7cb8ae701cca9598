"""Before Qt starts: is there a screen, and does the system hold the libraries Qt's platform
plugin loads? Qt's own answer to either is an abort with a message that often blames
another library; this one names what is missing and the Debian/Ubuntu package that brings
it. Nothing here imports PySide6's GUI modules (that import is what fails)."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

# The system packages the window needs on Debian 12 / Ubuntu 22.04 and later, beyond what
# every desktop has: Qt's xcb platform plugin, OpenGL/EGL, fonts, D-Bus, and PulseAudio for
# QtMultimedia (the face camera). The README's install line is this list; a test checks.
DEBIAN_PACKAGES: tuple[str, ...] = (
    "libegl1",
    "libgl1",
    "libfontconfig1",
    "libdbus-1-3",
    "libxkbcommon0",
    "libxkbcommon-x11-0",
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-image0",
    "libxcb-keysyms1",
    "libxcb-randr0",
    "libxcb-render-util0",
    "libxcb-shape0",
    "libxcb-xfixes0",
    "libxcb-xinerama0",
    "libxcb-xkb1",
    "libpulse0",
)

# A shared library as the dynamic loader names it -> the Debian package holding it.
_LIBRARY_PACKAGES: dict[str, str] = {
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libOpenGL.so.0": "libopengl0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb.so.1": "libxcb1",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libSM.so.6": "libsm6",
    "libICE.so.6": "libice6",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libpulse.so.0": "libpulse0",
    "libpulse-mainloop-glib.so.0": "libpulse-mainloop-glib0",
}

_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found", re.MULTILINE)
_CANNOT_OPEN = re.compile(r"(\S+\.so(?:\.\d+)*): cannot open shared object file")


def package_of(library: str) -> str:
    """The Debian package that ships `library`, or a hint to look it up."""
    return _LIBRARY_PACKAGES.get(library, f"the package holding {library} (apt-file search)")


def install_line() -> str:
    """The one command that installs what the window needs, as the README gives it."""
    return "sudo apt-get install -y --no-install-recommends " + " ".join(DEBIAN_PACKAGES)


def missing_from_import_error(exc: BaseException) -> str | None:
    """The library an ImportError of a PySide6 module names, if it names one."""
    found = _CANNOT_OPEN.search(str(exc))
    return found.group(1) if found else None


def qt_plugin(name: str) -> Path | None:
    """The file of Qt's platform plugin `name` ("xcb") in the installed PySide6."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    for root in spec.submodule_search_locations:
        for candidate in (
            Path(root) / "Qt" / "plugins" / "platforms" / f"libq{name}.so",
            Path(root) / "plugins" / "platforms" / f"libq{name}.so",
        ):
            if candidate.is_file():
                return candidate
    return None


def missing_libraries(plugin: Path) -> list[str]:
    """The libraries the dynamic loader cannot find for `plugin`, by `ldd` (empty when
    ldd is not there to ask: then Qt's own message is all there is)."""
    ldd = shutil.which("ldd")
    if ldd is None:
        return []
    try:
        out = subprocess.run(
            [ldd, str(plugin)], capture_output=True, text=True, timeout=20, check=False
        ).stdout
    except (OSError, subprocess.TimeoutExpired):
        return []
    return sorted(set(_NOT_FOUND.findall(out)))


def platform_name(environ: dict[str, str] | os._Environ[str]) -> str:
    """The Qt platform plugin the window will start with on this system."""
    chosen = environ.get("QT_QPA_PLATFORM", "").split(":", 1)[0].strip()
    if chosen:
        return chosen
    on_linux = sys.platform.startswith("linux")  # a variable: mypy checks every platform
    if not on_linux:
        return ""
    wayland_only = environ.get("WAYLAND_DISPLAY") and not environ.get("DISPLAY")
    return "wayland" if wayland_only else "xcb"


def problem(environ: dict[str, str] | os._Environ[str] | None = None) -> str | None:
    """Why the window cannot start on this system, in one message naming what is missing
    and what to install; None when nothing stops it that can be told before Qt starts."""
    environ = os.environ if environ is None else environ
    platform = platform_name(environ)
    if platform == "xcb":
        if not environ.get("DISPLAY"):
            return (
                "no display: the window needs a graphical session (DISPLAY is not set). "
                "Start ektp-desk from the desktop, or use the commands (ektp-desk --help), "
                "which need no screen"
            )
        plugin = qt_plugin("xcb")
        missing = missing_libraries(plugin) if plugin is not None else []
        if missing:
            packages = sorted({package_of(lib) for lib in missing})
            return (
                f"the window cannot start: the system lacks {', '.join(missing)}, which Qt's "
                f"screen plugin needs. Install: sudo apt-get install {' '.join(packages)} "
                f"(or everything the window needs at once: {install_line()})"
            )
    elif platform == "wayland" and not environ.get("WAYLAND_DISPLAY"):
        return "no display: the window needs a graphical session (WAYLAND_DISPLAY is not set)"
    return None
