"""How the desk reaches a hub: the HTTP session, with no proxy to a hub on this PC and the
operating system's trust store for HTTPS."""

from __future__ import annotations

import ipaddress
import ssl
from typing import Any
from urllib.parse import urlsplit

import requests
import requests.adapters
import truststore


def is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class SystemTrustAdapter(requests.adapters.HTTPAdapter):
    """HTTPS verified against the operating system's trust store (truststore): the Windows
    store, where an office's IT puts its own CA, or OpenSSL's on Linux; not certifi's
    list alone."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["ssl_context"] = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        super().init_poolmanager(*args, **kwargs)


def hub_session(base_url: str, *, verify: bool | str = True) -> requests.Session:
    """The HTTP session of a hub client. To a hub on this PC (the demo's) no proxy is used:
    requests takes the system's proxy settings, and on Windows nothing exempts 127.0.0.1
    from the office's proxy. With `verify=True` certificates are checked against the
    OS trust store; a CA bundle given instead is used as it is."""
    session = requests.Session()
    if is_loopback(base_url):
        session.trust_env = False
    if verify is True:
        session.mount("https://", SystemTrustAdapter())
    return session
