"""JSON from outside, read with a size cap and a nesting cap checked before the parser sees
it: the standard parser recurses once per level, so a text of a million `[` would end in a
RecursionError (or worse, in a thread with a small stack) instead of a clear refusal."""

from __future__ import annotations

import json
import re

# A whole string (escapes included), or a lone quote: a string that never ends.
_STRING_OR_BRACKET = re.compile(r'"(?:[^"\\]++|\\.)*+"|"|[\[\]{}]', re.DOTALL)


DEFAULT_MAX_DEPTH = 32  # the hub's is a setting (hub/limits.py); this is its default


# Files a person hands the desk (recordings, tallies): the depth cap is the same; the size
# cap only keeps a mistaken file from filling memory.
MAX_JSON_DEPTH = DEFAULT_MAX_DEPTH
DESK_FILE_MAX_BYTES = 256 * 1024 * 1024
DESK_DEPTH_SETTING = "MAX_JSON_DEPTH in ektp_desk/domain/boundedjson.py"


class JsonLimitError(ValueError):
    """JSON refused: too big, nested too deep, or not JSON; the message says which."""


class JsonTooDeep(JsonLimitError):
    """JSON that nests deeper than the cap (a cap, not a fault of the text's syntax)."""


def nesting_depth(text: str, *, stop_above: int) -> int:
    """How deep arrays and objects nest in `text`, counted up to `stop_above` + 1 at most
    (the scan stops there). Text in strings does not count."""
    depth = deepest = 0
    for match in _STRING_OR_BRACKET.finditer(text):
        token = match.group()
        if token in ("[", "{"):
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > stop_above:
                    break
        elif token in ("]", "}"):
            depth -= 1
        elif token == '"':
            break  # an unterminated string: the parser will say so
    return deepest


def loads(
    raw: bytes | str,
    *,
    max_bytes: int,
    max_depth: int,
    what: str = "the JSON",
    size_setting: str = "",
    depth_setting: str = "",
) -> object:
    """Parse `raw`; raises JsonLimitError when it is larger than `max_bytes`, nests deeper
    than `max_depth` or is not JSON. The settings, when given, say how an operator changes
    each cap, for the message."""
    data = raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else raw
    if len(data) > max_bytes:
        how = f" ({size_setting})" if size_setting else ""
        raise JsonLimitError(
            f"{what} is {len(data)} bytes, more than the limit of {max_bytes}{how}"
        )
    try:
        # Decoded here, as UTF-8 only, so that the depth is counted on the very text the
        # parser reads (given bytes, json.loads would also guess UTF-16 and UTF-32).
        text = data.decode("utf-8") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError:
        raise JsonLimitError(f"{what} is not UTF-8 text") from None
    # Text cannot nest deeper than it has opening brackets (those inside strings count
    # too, which only overestimates), so two counts in C settle most texts without the scan.
    brackets = text.count("[") + text.count("{")
    if brackets > max_depth and nesting_depth(text, stop_above=max_depth) > max_depth:
        how = f" ({depth_setting})" if depth_setting else ""
        raise JsonTooDeep(f"{what} nests deeper than the limit of {max_depth} levels{how}")
    try:
        return json.loads(text)
    except ValueError as exc:  # JSONDecodeError, or an integer of more than 4,300 digits
        raise JsonLimitError(f"{what} is not valid JSON ({exc})") from None
