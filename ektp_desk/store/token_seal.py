"""The desk's hub token, sealed under a key the operating system keeps, so that a copy of
the store (a backup, a copied disk) does not give the token away.

The operating system keeps a random 32-byte key-encryption key (KEK); the store holds the
token sealed under it with AES-256-GCM, the desk id bound in as associated data. Where the
KEK lives:

- Windows: DPAPI at machine scope (`CryptProtectData` with `CRYPTPROTECT_LOCAL_MACHINE`),
  so every office account and a scheduled sync on this PC can open it, while another PC
  (a copied disk, a backup restored elsewhere) cannot. The protected KEK is kept in the
  store beside the sealed token.
- Elsewhere: the system's key store through `keyring` (the Secret Service on a Linux
  desktop, the Keychain on macOS), in an entry named by the desk id and its data dir, so
  several desks on one host do not collide.

Where there is neither (a headless server, keyring's "fail" or "null" backend), the token
stays in the store in clear, as before, and the desk's status says so. Setting
`PYTHON_KEYRING_BACKEND=keyring.backends.null.Keyring` chooses that on purpose.
"""

from __future__ import annotations

import base64
import binascii
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from ektp_desk.domain.problems import CodedError, Text

log = logging.getLogger(__name__)

KEYRING_SERVICE = "ektp-desk hub token"
_AAD = b"ektp-desk hub token v1\n"
_DPAPI_ENTROPY = b"ektp-desk hub token key v1"
_NONCE = 12

Protect = Callable[[bytes], bytes]


TOKEN_SEAL_TEXTS: dict[str, Text] = {
    "dpapi_refused": Text(
        "Windows DPAPI menolak melindungi kunci ({detail})",
        "Windows DPAPI refused to protect the key ({detail})",
    ),
    "keystore_refused": Text(
        "penyimpan kunci sistem menolak kunci ({detail})",
        "the system key store refused the key ({detail})",
    ),
    "keystore_lost": Text(
        "penyimpan kunci sistem tidak menyimpan kunci", "the system key store did not keep the key"
    ),
    "not_here": Text(
        "token hub yang disegel tidak terbuka dengan kunci komputer ini",
        "the sealed hub token does not open with this computer's key",
    ),
}


class TokenSealError(CodedError):
    """The key store refused to keep the key, or the token cannot be unsealed here."""

    code = "token_seal"
    catalogue = TOKEN_SEAL_TEXTS


class KeyKeeper(Protocol):
    kind: str  # what `status` names
    description: str

    def new_kek(self) -> tuple[bytes, str]:
        """A new random KEK, kept by the system; and what the store keeps to find it
        again (a DPAPI blob; nothing for a key store entry)."""
        ...

    def kek(self, stored: str) -> bytes | None:
        """The KEK, or None when this computer does not hold it."""
        ...


class DpapiKeeper:
    """Windows: the KEK protected by DPAPI at machine scope."""

    kind = "windows-dpapi"
    description = "Windows DPAPI (machine scope)"

    def __init__(self, protect: Protect, unprotect: Protect) -> None:
        self._protect = protect
        self._unprotect = unprotect

    def new_kek(self) -> tuple[bytes, str]:
        kek = os.urandom(32)
        try:
            blob = self._protect(kek)
        except OSError as exc:
            raise TokenSealError("dpapi_refused", detail=exc) from None
        return kek, base64.b64encode(blob).decode()

    def kek(self, stored: str) -> bytes | None:
        try:
            kek = self._unprotect(base64.b64decode(stored, validate=True))
        except (OSError, ValueError, binascii.Error):
            return None
        return kek if len(kek) == 32 else None


class KeyringKeeper:
    """The KEK as a key store entry named by the desk id and its data dir."""

    kind = "keyring"

    def __init__(self, backend: Any, desk_id: str, data_dir: Path) -> None:
        self._backend = backend
        self.username = f"{desk_id} {data_dir.resolve()}"
        self.description = f"the system key store ({type(backend).__name__})"

    def new_kek(self) -> tuple[bytes, str]:
        from keyring.errors import KeyringError

        kek = os.urandom(32)
        text = base64.b64encode(kek).decode()
        try:
            self._backend.set_password(KEYRING_SERVICE, self.username, text)
            kept = self._backend.get_password(KEYRING_SERVICE, self.username)
        except KeyringError as exc:
            raise TokenSealError("keystore_refused", detail=exc) from None
        if kept != text:
            raise TokenSealError("keystore_lost")
        return kek, ""

    def kek(self, stored: str) -> bytes | None:
        from keyring.errors import KeyringError

        try:
            text = self._backend.get_password(KEYRING_SERVICE, self.username)
            kek = base64.b64decode(text, validate=True) if text else None
        except (KeyringError, ValueError, binascii.Error):
            return None
        return kek if kek is not None and len(kek) == 32 else None


def platform() -> str:
    return sys.platform


# Tests hand in a fake (protect, unprotect) pair to run the Windows branch anywhere.
dpapi_functions: tuple[Protect, Protect] | None = None


def keeper(desk_id: str, data_dir: Path) -> KeyKeeper | None:
    """The key keeper of this computer, or None where there is none."""
    if platform() == "win32":
        return DpapiKeeper(*(dpapi_functions or _windows_dpapi()))
    try:
        import keyring
        from keyring.backends import chainer, fail, null
    except ImportError:
        return None
    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring | null.Keyring):
        return None
    if isinstance(backend, chainer.ChainerBackend) and not backend.backends:
        return None
    return KeyringKeeper(backend, desk_id, data_dir)


def forget(desk_id: str, data_dir: Path) -> None:
    """Remove a throwaway desk's key store entry (the demo's), if it has one."""
    found = keeper(desk_id, data_dir)
    if isinstance(found, KeyringKeeper):
        from keyring.errors import KeyringError

        try:
            found._backend.delete_password(KEYRING_SERVICE, found.username)
        except KeyringError as exc:
            log.warning("the demo's key store entry was not removed: %s", exc)


def seal(token: str, kek: bytes, *, desk_id: str) -> str:
    nonce = os.urandom(_NONCE)
    sealed = AESGCM(kek).encrypt(nonce, token.encode(), _AAD + desk_id.encode())
    return base64.b64encode(nonce + sealed).decode()


def unseal(sealed: str, kek: bytes, *, desk_id: str) -> str:
    try:
        raw = base64.b64decode(sealed, validate=True)
        token = AESGCM(kek).decrypt(raw[:_NONCE], raw[_NONCE:], _AAD + desk_id.encode())
    except (ValueError, binascii.Error, InvalidTag):
        raise TokenSealError("not_here") from None
    return token.decode()


def _windows_dpapi() -> tuple[Protect, Protect]:  # pragma: no cover - Windows only
    """CryptProtectData / CryptUnprotectData through ctypes, at machine scope."""
    import ctypes
    from ctypes import wintypes

    class Blob(ctypes.Structure):
        _fields_ = [("cbData", wintypes.DWORD), ("pbData", ctypes.POINTER(ctypes.c_char))]

    windll = getattr(ctypes, "windll")  # noqa: B009 (absent off Windows, for the type checker)
    crypt32, kernel32 = windll.crypt32, windll.kernel32
    ui_forbidden, local_machine = 0x1, 0x4

    def blob(data: bytes) -> tuple[Blob, Any]:
        buffer = ctypes.create_string_buffer(data, len(data))
        return Blob(len(data), ctypes.cast(buffer, ctypes.POINTER(ctypes.c_char))), buffer

    def call(function: Any, data: bytes, flags: int) -> bytes:
        given, _keep = blob(data)
        entropy, _keep2 = blob(_DPAPI_ENTROPY)
        out = Blob()
        if not function(
            ctypes.byref(given), None, ctypes.byref(entropy), None, None, flags, ctypes.byref(out)
        ):
            raise OSError(f"DPAPI error {kernel32.GetLastError()}")
        try:
            return ctypes.string_at(out.pbData, out.cbData)
        finally:
            kernel32.LocalFree(out.pbData)

    return (
        lambda data: call(crypt32.CryptProtectData, data, ui_forbidden | local_machine),
        lambda data: call(crypt32.CryptUnprotectData, data, ui_forbidden),
    )
