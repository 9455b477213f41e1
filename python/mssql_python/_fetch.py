"""Decoding the library's pickle buffers (docs/formats.md §2-3) with an allow-list.

A row batch is one framed pickle stream; the C unpickler builds every row and value, and
``find_class`` runs once per global thanks to the memo, so restricting the globals costs
nothing. Only the globals the encoder may emit are allowed; ``mssql_python._Row`` maps to
the Row class of the current result set.

The three ``mssql_python._uuid_*`` globals let an encoder build ``uuid.UUID`` values
entirely in C: NEWOBJ ``uuid.UUID()``, then REDUCE the two slot setters (``int``,
``is_safe``), about 2.5x fewer instructions than BUILD, which runs UUID.__setstate__ in
Python (bench/unpickle_types.py). The values are real ``uuid.UUID`` objects, exactly as
UUID(int=n) makes them; the setters refuse anything that is not a UUID.

Garbage collection is paused while a large batch is built, and for the whole of a
fetchall: the stream creates only acyclic objects, so collections triggered by its
allocations free nothing and rescan every new row (a quarter of a row's cost); once
resumed, one young-generation pass sees each row once.
"""

import contextlib
import datetime
import decimal
import gc
import io
import pickle
import uuid
from typing import Any, Iterator, Optional

_ALLOWED = {
    ("datetime", "datetime"): datetime.datetime,
    ("datetime", "date"): datetime.date,
    ("datetime", "time"): datetime.time,
    ("datetime", "timezone"): datetime.timezone,
    ("datetime", "timedelta"): datetime.timedelta,
    ("decimal", "Decimal"): decimal.Decimal,
    ("uuid", "UUID"): uuid.UUID,
    ("mssql_python", "_uuid_set_int"): vars(uuid.UUID)["int"].__set__,
    ("mssql_python", "_uuid_set_is_safe"): vars(uuid.UUID)["is_safe"].__set__,
    ("mssql_python", "_uuid_unknown"): uuid.SafeUUID.unknown,
}
# Below this size a batch is loaded with the collector left alone (pausing costs more).
_GC_PAUSE_MIN_BYTES = 16 * 1024
ROW_GLOBAL = ("mssql_python", "_Row")


class _Unpickler(pickle.Unpickler):
    """Unpickler that resolves only the allow-listed globals.

    No Python ``__init__``: load() sets ``row_class`` on the instance. (An Unpickler is
    never reused: its memo outlives load(), so a second stream could see the first one's
    Row class; and calling ``__init__`` again on a used one crashes CPython 3.11.)
    """

    row_class: Optional[type] = None

    def find_class(self, module: str, name: str) -> Any:
        key = (module, name)
        if key == ROW_GLOBAL and self.row_class is not None:
            return self.row_class
        found = _ALLOWED.get(key)
        if found is None:
            raise pickle.UnpicklingError(
                f"the engine library sent a forbidden global {module}.{name}")
        return found


def load(data: bytes, row_class: Optional[type] = None) -> Any:
    """Unpickle a buffer from the library (rows use ``row_class``)."""
    unpickler = _Unpickler(io.BytesIO(data))
    if row_class is not None:
        unpickler.row_class = row_class
    if len(data) < _GC_PAUSE_MIN_BYTES or not gc.isenabled():
        return unpickler.load()
    gc.disable()
    try:
        return unpickler.load()
    finally:
        gc.enable()


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector (if enabled) for a block that only builds rows."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
