"""qmark and pyformat parameters, chosen by the type of the parameters (as Microsoft's).

- a tuple or list (or a Row, or varargs) means qmark: the SQL is passed unchanged; if it
  holds ``%(name)s`` placeholders a TypeError says the styles do not match;
- a dict means pyformat: ``%(name)s`` placeholders become ``?`` and the values a tuple in
  order of appearance (a name may repeat, extra keys are ignored, a missing one is a
  KeyError); ``%%`` becomes ``%``; a dict with ``?`` placeholders and no ``%(name)s`` is a
  TypeError.

Placeholders inside '...' literals, "..." and [...] identifiers, -- comments and nested
/* */ comments are not placeholders. Unlike Microsoft's package, a ``%(name)s`` text inside
a literal is left as it is instead of being replaced by ``?``.
"""

import re
from typing import Any, List, Optional, Sequence, Tuple

# One token per match: a context to skip, or a placeholder. Block comments nest, so
# "/*" is matched alone and skipped by hand.
_TOKEN = re.compile(
    r"--[^\n]*"
    r"|/\*"
    r"|'(?:[^']|'')*'?"
    r'|"(?:[^"]|"")*"?'
    r"|\[(?:[^\]]|\]\])*\]?"
    r"|\?"
    r"|%\(([^)]*)\)s",
    re.DOTALL,
)
_ESCAPED = "\x00MSSQL_PYFORMAT_PERCENT\x00"
_ODBC_CALL = re.compile(r"\s*\{\s*call\s+((?:\[[^\]]*\]|[^\s(){}])+)\s*(?:\((.*)\))?\s*\}\s*;?\s*",
                        re.IGNORECASE | re.DOTALL)


def odbc_call(sql: str) -> str:
    """``{CALL name(args)}`` (the ODBC escape msodbcsql accepts) as ``EXEC name args``."""
    if "{" not in sql:
        return sql
    m = _ODBC_CALL.fullmatch(sql)
    if m is None:
        return sql
    args = (m.group(2) or "").strip()
    return f"EXEC {m.group(1)} {args}".rstrip()


def _skip_block_comment(sql: str, pos: int) -> int:
    """Position after the (nested) block comment whose "/*" ends at pos."""
    depth, n = 1, len(sql)
    while pos < n and depth:
        pair = sql[pos:pos + 2]
        if pair == "/*":
            depth, pos = depth + 1, pos + 2
        elif pair == "*/":
            depth, pos = depth - 1, pos + 2
        else:
            pos += 1
    return min(pos, n)


def _scan(sql: str) -> Tuple[bool, List[Tuple[int, int, str]]]:
    """(has an unquoted '?', [(start, end, name) of each unquoted %(name)s])."""
    has_qmark, pos = False, 0
    named: List[Tuple[int, int, str]] = []
    search = _TOKEN.search
    while True:
        m = search(sql, pos)
        if m is None:
            return has_qmark, named
        token = m.group()
        pos = m.end()
        if token == "/*":
            pos = _skip_block_comment(sql, pos)
        elif token == "?":
            has_qmark = True
        elif m.group(1) is not None and token.startswith("%("):
            named.append((m.start(), pos, m.group(1)))


def pyformat_names(sql: str) -> List[str]:
    """Names of the unquoted %(name)s placeholders, in order, repeats included."""
    return [name for _, _, name in _scan(sql.replace("%%", _ESCAPED))[1]]


def to_qmark(sql: str, params: Any) -> Tuple[str, Optional[Sequence[Any]]]:
    """Return (qmark SQL, positional parameters) for execute()."""
    if params is None:
        return sql, None
    if isinstance(params, (tuple, list)):
        if "%(" in sql and _scan(sql)[1]:
            raise TypeError(
                "Parameter style mismatch: query uses named placeholders (%(name)s), but "
                f"{type(params).__name__} was provided. Use dict for named parameters. "
                'Example: cursor.execute(sql, {"param1": value1, "param2": value2})')
        return sql, params
    if isinstance(params, dict):
        return _dict_to_qmark(sql, params)
    raise TypeError(f"Parameters must be tuple, list, dict, or None. Got {type(params).__name__}")


def _dict_to_qmark(sql: str, params: dict) -> Tuple[str, tuple]:
    escaped = sql.replace("%%", _ESCAPED)
    has_qmark, named = _scan(escaped)
    if has_qmark and not named:
        raise TypeError(
            "Parameter style mismatch: query uses positional placeholders (?), but dict was "
            "provided. Use tuple/list for positional parameters. Example: "
            "cursor.execute(sql, (value1, value2))")
    names = [name for _, _, name in named]
    missing = set(names).difference(params)
    if missing:
        raise KeyError(
            f"Missing required parameter(s): {', '.join(repr(p) for p in sorted(missing))}. "
            f"Query requires: {sorted(set(names))}, provided: {sorted(params)}")
    return _rewrite(escaped, named).replace(_ESCAPED, "%"), tuple(params[n] for n in names)


def _rewrite(sql: str, named: List[Tuple[int, int, str]]) -> str:
    parts, last = [], 0
    for start, end, _ in named:
        parts.append(sql[last:start])
        parts.append("?")
        last = end
    parts.append(sql[last:])
    return "".join(parts)


def many_to_qmark(sql: str, rows: Sequence[Any]) -> Tuple[str, Sequence[Any]]:
    """executemany(): dict rows become tuples in placeholder order (all rows dicts)."""
    if not rows or not isinstance(rows[0], dict):
        return sql, rows
    names = pyformat_names(sql)
    if not names:
        return sql, rows
    sql, _ = _dict_to_qmark(sql, rows[0])
    converted = []
    for row in rows:
        if not isinstance(row, dict):
            raise TypeError("Mixed parameter types in executemany: first row is dict, "
                            f"but row has {type(row).__name__}")
        converted.append(tuple(row[n] for n in names))
    return sql, converted
