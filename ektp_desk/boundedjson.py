"""JSON read from files a person hands the desk (recordings, tallies, bundle indexes), with
a cap on nesting depth, so that no file can make a command die with a RecursionError or
walk a structure thousands of levels deep.

`MAX_JSON_DEPTH` is the one place the desk's limit is set.
"""

from __future__ import annotations

import json

MAX_JSON_DEPTH = 32  # objects and arrays inside one another; a recording needs 4


class JsonInputError(ValueError):
    """The text is not JSON, or nests deeper than the limit; the message says which."""


class JsonTooDeep(JsonInputError):
    """The text nests deeper than the limit."""


def depth_of(value: object, *, stop_after: int = MAX_JSON_DEPTH) -> int:
    """How deeply objects and arrays nest in `value` (a scalar is 0), without recursion;
    the walk stops as soon as the depth passes `stop_after`."""
    deepest = 0
    stack: list[tuple[object, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: list[object] = list(item.values())
        elif isinstance(item, list):
            children = item
        else:
            continue
        depth += 1
        deepest = max(deepest, depth)
        if depth > stop_after:
            return depth
        stack.extend((child, depth) for child in children)
    return deepest


def loads(text: str | bytes, *, max_depth: int = MAX_JSON_DEPTH) -> object:
    """Parse `text`; raises JsonInputError when it is not JSON or nests deeper than
    `max_depth` (the message names the limit and where it is set)."""
    too_deep = JsonTooDeep(
        f"the JSON nests deeper than {max_depth} levels (the limit MAX_JSON_DEPTH in "
        "ektp_desk/boundedjson.py)"
    )
    try:
        value = json.loads(text)
    except RecursionError:
        raise too_deep from None
    except json.JSONDecodeError as exc:
        raise JsonInputError(
            f"not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})"
        ) from None
    except UnicodeDecodeError as exc:
        raise JsonInputError(f"not UTF-8 text (byte {exc.start})") from None
    if depth_of(value, stop_after=max_depth) > max_depth:
        raise too_deep
    return value
