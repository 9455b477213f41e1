"""What a statement produced: descriptions, rows, output converters.

Turns the library's description dict (docs/formats.md §2) into ``cursor.description`` and
a Row class, and applies output converters when the connection has any. A statement run
again describes itself with the same bytes, so decoded descriptions are cached by their
bytes: a repeated execute neither unpickles nor builds anything.
"""

import datetime
import functools
import decimal
import uuid
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

from ._fetch import load
from .helpers import get_settings
from .row import make_row_class

SQL_WVARCHAR = -9

# ODBC SQL type code -> the Python type Microsoft's package puts in description[i][1].
TYPE_CODES: Dict[int, type] = {
    1: str, 12: str, -1: str, -8: str, -9: str, -10: str, -152: str,
    4: int, 5: int, -6: int, -5: int,
    6: float, 7: float, 8: float,
    3: decimal.Decimal, 2: decimal.Decimal,
    91: datetime.date, 9: datetime.date,
    92: datetime.time, 10: datetime.time, -154: datetime.time,
    93: datetime.datetime, 11: datetime.datetime, -155: datetime.datetime,
    -7: bool,
    -2: bytes, -3: bytes, -4: bytes, -151: bytes,
    -11: uuid.UUID,
}


class ResultShape:
    """The columns of the current result set: description, ODBC codes and Row class."""

    __slots__ = ("description", "sql_types", "row_class")

    def __init__(self, columns: Sequence[tuple], names: Optional[List[str]] = None,
                 catalog: bool = False, lowercase: Optional[bool] = None):
        if lowercase is None:
            lowercase = get_settings().lowercase
        description, sql_types = [], []
        for i, col in enumerate(columns):
            name = names[i] if names and i < len(names) else col[0]
            if lowercase:
                name = name.lower()
            sql_types.append(col[1])
            description.append((name, TYPE_CODES.get(col[1], str), None, col[3], col[4],
                                col[5], bool(col[6])))
        self.description = description
        self.sql_types = sql_types
        self.row_class = _row_class(tuple(description), lowercase or catalog)


# Description bytes -> (info dict, shape, lowercase setting it was built with). Entries
# are shared and read-only; only small descriptions without messages or OUTPUT values
# are kept, and the cache is emptied when full.
_described: Dict[bytes, Tuple[dict, Optional[ResultShape], bool]] = {}
_DESCRIBED_MAX_ENTRIES = 256
_DESCRIBED_MAX_BYTES = 4096


def described(raw: bytes, names: Optional[List[str]] = None) -> Tuple[dict, Optional[ResultShape]]:
    """The description dict of ``raw`` and, for a result set, its ResultShape.

    ``names`` (catalog methods) replaces the column names; such shapes are not cached.
    """
    lowercase = get_settings().lowercase
    if names is None:
        hit = _described.get(raw)
        if hit is not None and hit[2] == lowercase:
            return hit[0], hit[1]
    info = load(raw)
    columns = info.get("columns")
    shape = None
    if columns is not None:
        shape = ResultShape(columns, names, catalog=names is not None, lowercase=lowercase)
    if (names is None and len(raw) <= _DESCRIBED_MAX_BYTES and not info.get("messages")
            and info.get("outputs") is None):
        if len(_described) >= _DESCRIBED_MAX_ENTRIES:
            _described.clear()
        _described[raw] = (info, shape, lowercase)
    return info, shape


@functools.lru_cache(maxsize=256)
def _row_class(description: tuple, case_insensitive: bool) -> type:
    """One Row class per distinct description (a repeated query reuses its class)."""
    return make_row_class(list(description), case_insensitive=case_insensitive)


def converter_map(shape: ResultShape, converters: Dict[Any, Callable]) -> Optional[list]:
    """One converter (or None) per column, with Microsoft's key rules; None if unused."""
    if not converters:
        return None
    chosen = []
    for desc, sql_type in zip(shape.description, shape.sql_types):
        func = converters.get(sql_type)
        if func is None:
            func = converters.get(desc[1])
        if func is None and desc[1] in (str, bytes):
            func = converters.get(SQL_WVARCHAR)
        chosen.append(func)
    return chosen if any(chosen) else None


def _convert(value: Any, func: Optional[Callable]) -> Any:
    if func is None or value is None:
        return value
    try:
        return func(value.encode("utf-16-le") if isinstance(value, str) else value)
    except Exception:  # noqa: BLE001 - Microsoft's rule: a failing converter keeps the value
        return value


def apply_converters(rows: list, funcs: list, row_class: type) -> list:
    """Rows with each value passed through its column's converter."""
    return [row_class([_convert(v, f) for v, f in zip(row, funcs)]) for row in rows]
