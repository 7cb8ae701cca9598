"""The hub's caps on what it reads from outside, declared once: each with its default, its
environment variable (read by every `ektp-hub` command) and its `ektp-hub serve` option
(which wins over the variable). A refusal that a cap causes names the cap and its setting.

| cap                     | default    | variable and serve option                     |
|-------------------------|------------|-----------------------------------------------|
| max_batch_bytes         | 16 MiB     | EKTP_HUB_MAX_BATCH_BYTES, --max-batch-bytes   |
| max_json_bytes          | 1 MiB      | EKTP_HUB_MAX_JSON_BYTES, --max-json-bytes     |
| max_json_depth          | 32         | EKTP_HUB_MAX_JSON_DEPTH, --max-json-depth     |
| max_payload_bytes       | 32 MiB     | EKTP_HUB_MAX_PAYLOAD_BYTES                    |
| max_payload_entry_bytes | 16 MiB     | EKTP_HUB_MAX_PAYLOAD_ENTRY_BYTES              |
| max_payload_files       | 64         | EKTP_HUB_MAX_PAYLOAD_FILES                    |
| clock_drift_minutes     | 10         | EKTP_HUB_CLOCK_DRIFT_MINUTES                  |
| earliest_date           | 2011-01-01 | EKTP_HUB_EARLIEST_DATE                        |

Each variable is the cap's name in capitals after EKTP_HUB_; each option is its name with
dashes (`--max-payload-entry-bytes`, `--earliest-date`, ...).

- max_batch_bytes: the body of `POST /api/v1/batches`, counted on the bytes read whatever
  the framing (chunked, a wrong or missing Content-Length); the hub advertises it.
- max_json_bytes: every other body (`/api/v1/records/status`), the batch's manifest part
  and each JSON file inside a sealed payload.
- max_json_depth: how deep any JSON the hub reads may nest (a bundle's index included).
- max_payload_bytes / max_payload_entry_bytes: how far one sealed payload (a ZIP) may
  inflate in all and per file; inflating stops at the cap.
- max_payload_files: how many files one payload may hold (a recording has 16 to 28).
- clock_drift_minutes: how far ahead of the hub's clock a record's time may be.
- earliest_date: no recording is older than KTP-el itself.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from datetime import date, timedelta

from ektp_desk.domain.boundedjson import DEFAULT_MAX_DEPTH

MIB = 1024 * 1024
DEFAULT_MAX_BATCH_BYTES = 16 * MIB
ENV_PREFIX = "EKTP_HUB_"


class LimitSettingError(ValueError):
    """A cap set to something unusable in the environment or on the command line."""


@dataclass(frozen=True, slots=True)
class HubLimits:
    max_batch_bytes: int = DEFAULT_MAX_BATCH_BYTES
    max_json_bytes: int = 1 * MIB
    max_json_depth: int = DEFAULT_MAX_DEPTH
    max_payload_bytes: int = 32 * MIB
    max_payload_entry_bytes: int = 16 * MIB
    max_payload_files: int = 64
    clock_drift_minutes: int = 10
    earliest_date: date = date(2011, 1, 1)

    @property
    def clock_drift(self) -> timedelta:
        return timedelta(minutes=self.clock_drift_minutes)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> HubLimits:
        env = os.environ if environ is None else environ
        given: dict[str, object] = {}
        for f in fields(cls):
            raw = env.get(env_name(f.name))
            if raw is not None and raw.strip():
                given[f.name] = _parse(f.name, raw.strip(), env_name(f.name))
        return cls(**given)  # type: ignore[arg-type]

    def with_args(self, args: argparse.Namespace) -> HubLimits:
        """These limits with the `serve` options given on the command line."""
        given: dict[str, object] = {}
        for f in fields(self):
            raw = getattr(args, f.name, None)
            if raw is not None:
                given[f.name] = _parse(f.name, str(raw), option_name(f.name))
        return replace(self, **given)  # type: ignore[arg-type]

    def as_dict(self) -> dict[str, object]:
        return {f.name: _show(getattr(self, f.name)) for f in fields(self)}


def env_name(name: str) -> str:
    return ENV_PREFIX + name.upper()


def option_name(name: str) -> str:
    return "--" + name.replace("_", "-")


def setting(name: str) -> str:
    """How an operator changes a cap, for the messages that name it."""
    return f"{name}: `ektp-hub serve {option_name(name)}` or {env_name(name)}"


def _parse(name: str, raw: str, where: str) -> object:
    if name == "earliest_date":
        try:
            return date.fromisoformat(raw)
        except ValueError:
            raise LimitSettingError(f"{where} must be a date YYYY-MM-DD, not {raw!r}") from None
    if not (raw.isascii() and raw.isdigit()) or int(raw) <= 0:
        raise LimitSettingError(f"{where} must be a positive whole number, not {raw!r}")
    return int(raw)


def _show(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value


def add_limit_options(parser: argparse.ArgumentParser) -> None:
    """The caps as options of `ektp-hub serve` (each overrides its environment variable)."""
    for f in fields(HubLimits):
        if f.name == "max_batch_bytes":  # an option of serve from before the others
            continue
        parser.add_argument(
            option_name(f.name),
            default=None,
            metavar="DATE" if f.name == "earliest_date" else "N",
            help=f"default {_show(f.default)} (environment: {env_name(f.name)})",
        )
