"""The nginx site the production deployment puts in front of the hub (`ektp-hub
nginx-config`): TLS ends there, slow and greedy clients are held off there, and the hub on
loopback only ever sees whole requests."""

from __future__ import annotations

from pathlib import Path

from ektp_desk.hub.connections import (
    DEFAULT_HEAD_TIMEOUT,
    DEFAULT_MAX_CONNS_PER_ADDRESS,
    is_loopback,
)

DEFAULT_REQUESTS_PER_SECOND = 10
_NGINX_UNSAFE = set(" \t\r\n;{}\"'\\$#")


def _nginx_value(name: str, value: str) -> str:
    bad = sorted(set(value) & _NGINX_UNSAFE)
    if not value or bad:
        raise ValueError(f"{name} {value!r} cannot go into an nginx configuration as it is")
    return value


def _host_port(name: str, value: str) -> str:
    host, sep, port = value.rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(f"{name} must be HOST:PORT, not {value!r}")
    return _nginx_value(name, value)


def nginx_site(
    *,
    listen: str,
    upstream: str,
    cert: Path,
    key: Path,
    server_name: str = "_",
    max_body_bytes: int,
    per_address: int = DEFAULT_MAX_CONNS_PER_ADDRESS,
    requests_per_second: int = DEFAULT_REQUESTS_PER_SECOND,
    client_timeout: int = int(DEFAULT_HEAD_TIMEOUT),
) -> str:
    """The nginx site (http context: /etc/nginx/sites-available/) of the production
    deployment: TLS ends here, slow and greedy clients are held off here, and the hub on
    loopback only ever sees whole requests."""
    listen_on = listen if listen.isdigit() else _host_port("--listen", listen)
    upstream = _host_port("--upstream", upstream)
    up_host = upstream.rpartition(":")[0]
    up_port = upstream.rpartition(":")[2]
    cert_path = _nginx_value("--cert", str(cert.absolute()))
    key_path = _nginx_value("--key", str(key.absolute()))
    server_name = _nginx_value("--server-name", server_name)
    if per_address < 1 or requests_per_second < 1 or client_timeout < 1 or max_body_bytes < 1:
        raise ValueError("the limits of an nginx site must be at least 1")
    loopback = is_loopback(up_host)
    hub_command = (
        f"ektp-hub serve --host {up_host} --port {up_port} --max-conns-per-address 0"
        f" --max-batch-bytes {max_body_bytes}" + ("" if loopback else " --allow-http")
    )
    burst = requests_per_second * 10
    return _SITE.format(
        burst=burst,
        cert_path=cert_path,
        client_timeout=client_timeout,
        hub_command=hub_command,
        key_path=key_path,
        listen_on=listen_on,
        max_body_bytes=max_body_bytes,
        per_address=per_address,
        requests_per_second=requests_per_second,
        server_name=server_name,
        upstream=upstream,
    )


# The site, filled in by `nginx_site` (str.format: doubled braces are nginx's own).
_SITE = """\
# ektp-hub behind nginx: printed by `ektp-hub nginx-config`. Put this file in
# /etc/nginx/sites-available/, link it from sites-enabled/, check with `nginx -t` and
# reload. nginx ends TLS and holds off slow and greedy clients; the hub listens on
# loopback and only ever sees whole requests. Run the hub as:
#
#   {hub_command}
#
# --max-conns-per-address 0: every connection the hub sees comes from nginx's own
# address, so the cap per client address is nginx's (limit_conn below); the hub keeps
# its cap in all (--max-conns) and its head and body timeouts.
#
# limit_conn counts requests once their head is read; connections still sending their
# head are bounded by client_header_timeout and by nginx's connection count, set in
# /etc/nginx/nginx.conf (Debian's default of 768 is too few against a flood):
#
#   worker_rlimit_nofile 65536;
#   events {{ worker_connections 16384; }}

# Per client address: open connections, and requests per second.
limit_conn_zone $binary_remote_addr zone=ektp_hub_conn:10m;
limit_req_zone $binary_remote_addr zone=ektp_hub_req:10m rate={requests_per_second}r/s;

upstream ektp_hub {{
    server {upstream};
    # Idle connections to the hub kept for reuse (needs proxy_http_version 1.1 and an
    # empty Connection header, below).
    keepalive 32;
}}

server {{
    listen {listen_on} ssl;
    server_name {server_name};

    ssl_certificate {cert_path};
    ssl_certificate_key {key_path};
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_prefer_server_ciphers off;
    ssl_session_cache shared:ektp_hub_tls:10m;
    ssl_session_timeout 1h;

    # A client must send its request head (the TLS handshake included) within
    # client_header_timeout, and may not pause longer than client_body_timeout between
    # two reads of its body or send_timeout between two reads of the answer; then its
    # connection is closed (as `ektp-hub serve --head-timeout/--body-timeout` does).
    client_header_timeout {client_timeout}s;
    client_body_timeout {client_timeout}s;
    send_timeout 30s;
    keepalive_timeout 30s;
    keepalive_requests 1000;
    large_client_header_buffers 4 8k;

    # The largest batch the hub takes (its --max-batch-bytes); nginx answers 413 to a
    # larger body before a byte of it reaches the hub.
    client_max_body_size {max_body_bytes};
    client_body_buffer_size 1m;

    # One address (an office behind its router may hold several desks) keeps at most
    # {per_address} connections and makes {requests_per_second} requests a second
    # (bursts of {burst}); beyond that nginx answers 503 (connections) or 429
    # (requests), which a desk takes as "retry later".
    limit_conn ektp_hub_conn {per_address};
    limit_conn_status 503;
    limit_req zone=ektp_hub_req burst={burst} nodelay;
    limit_req_status 429;

    server_tokens off;

    location / {{
        proxy_pass http://ektp_hub;
        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_set_header Host $host;
        # nginx is the edge: the client's address replaces whatever it claimed.
        proxy_set_header X-Forwarded-For $remote_addr;
        proxy_set_header X-Forwarded-Proto $scheme;

        # proxy_request_buffering on: nginx reads the whole body (to a temporary file
        # past client_body_buffer_size) before it opens a request to the hub, so a slow
        # uploader ties up nginx, built for it, and never a hub connection or worker; the
        # hub also gets a Content-Length, which it needs, even when the desk sent the
        # body chunked. `proxy_request_buffering off` would stream the body to the hub as
        # it comes (no disk write here, less latency for big batches) but hand every slow
        # uploader straight to the hub; keep "on" unless the disk here is the bottleneck.
        proxy_request_buffering on;
        proxy_buffering on;
        proxy_connect_timeout 5s;
        proxy_send_timeout 60s;
        # A batch of big records is decrypted and stored before the hub answers.
        proxy_read_timeout 120s;
    }}
}}
"""
