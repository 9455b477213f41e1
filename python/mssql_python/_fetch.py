"""Decoding the library's pickle buffers (docs/formats.md §2-3) with an allow-list.

A row batch is one framed pickle stream; the C unpickler builds every row and value, and
``find_class`` runs once per global thanks to the memo, so restricting the globals costs
nothing. Only the globals the encoder may emit are allowed; ``mssql_python._Row`` maps to
the Row class of the current result set.
"""

import datetime
import decimal
import io
import pickle
import uuid
from typing import Any, Optional

_ALLOWED = {
    ("datetime", "datetime"): datetime.datetime,
    ("datetime", "date"): datetime.date,
    ("datetime", "time"): datetime.time,
    ("datetime", "timezone"): datetime.timezone,
    ("datetime", "timedelta"): datetime.timedelta,
    ("decimal", "Decimal"): decimal.Decimal,
    ("uuid", "UUID"): uuid.UUID,
}
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
    return unpickler.load()
