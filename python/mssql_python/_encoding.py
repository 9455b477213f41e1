"""setencoding / setdecoding settings, validated with Microsoft's rules.

The engine speaks TDS, where text always travels as UTF-16 (n-types) or in the column's
collation code page (varchar), and converts it to and from Python str itself; so no
data depends on these settings. They are validated and kept for API compatibility:
``getencoding()``/``getdecoding()`` return what was set.
"""

import codecs
import threading
from typing import Dict, Optional, Union

from .constants import SQL_WMETADATA
from .exceptions import ProgrammingError

SQL_CHAR, SQL_WCHAR = 1, -8
UTF16_ENCODINGS = frozenset(("utf-16le", "utf-16be"))
_DEFAULT: Dict[str, Union[str, int]] = {"encoding": "utf-16le", "ctype": SQL_WCHAR}


def _valid_codec(encoding: object) -> bool:
    if not isinstance(encoding, str) or not encoding or len(encoding) > 100:
        return False
    if any(ord(c) < 32 for c in encoding):
        return False
    try:
        codecs.lookup(encoding)
    except LookupError:
        return False
    return True


def _check_wchar(encoding: str, context: str) -> None:
    if encoding == "utf-16":
        raise ProgrammingError(
            "UTF-16 with Byte Order Mark not supported for SQL_WCHAR",
            "Cannot use 'utf-16' encoding with SQL_WCHAR due to Byte Order Mark ambiguity. "
            "Use 'utf-16le' or 'utf-16be' instead for explicit byte order.")
    if encoding not in UTF16_ENCODINGS:
        what = "SQL_WCHAR ctype" if "ctype" in context else "SQL_WCHAR"
        raise ProgrammingError(
            f"{what} only supports UTF-16 encodings",
            f"Cannot use encoding '{encoding}' with {what}. SQL_WCHAR requires UTF-16 "
            "encodings (utf-16le, utf-16be)")


def _resolve(encoding: Optional[str], ctype: Optional[int], normalize,
             wchar_sqltype: bool = False) -> Dict[str, Union[str, int]]:
    if encoding is None:
        encoding = "utf-16le"
    if not _valid_codec(encoding):
        raise ProgrammingError(f"Unsupported encoding: {encoding}",
                               f"The encoding '{encoding}' is not supported by Python")
    encoding = normalize(encoding)
    if wchar_sqltype:
        _check_wchar(encoding, "SQL_WCHAR sqltype")
    if ctype is None:
        ctype = SQL_WCHAR if encoding in UTF16_ENCODINGS else SQL_CHAR
    if ctype not in (SQL_CHAR, SQL_WCHAR):
        raise ProgrammingError(f"Invalid ctype: {ctype}",
                               f"ctype must be SQL_CHAR ({SQL_CHAR}) or SQL_WCHAR ({SQL_WCHAR})")
    if ctype == SQL_WCHAR:
        _check_wchar(encoding, "SQL_WCHAR ctype")
    return {"encoding": encoding, "ctype": ctype}


class EncodingSettings:
    """The encoding of parameters and the decodings of SQL_CHAR/SQL_WCHAR/metadata."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._encoding = dict(_DEFAULT)
        self._decodings = {t: dict(_DEFAULT) for t in (SQL_CHAR, SQL_WCHAR, SQL_WMETADATA)}

    def set_encoding(self, encoding: Optional[str], ctype: Optional[int]) -> None:
        settings = _resolve(encoding, ctype, str.casefold)
        with self._lock:
            self._encoding = settings

    def get_encoding(self) -> Dict[str, Union[str, int]]:
        with self._lock:
            return dict(self._encoding)

    def set_decoding(self, sqltype: int, encoding: Optional[str], ctype: Optional[int]) -> None:
        self._check_sqltype(sqltype)
        settings = _resolve(encoding, ctype, str.lower, sqltype == SQL_WCHAR)
        with self._lock:
            self._decodings[sqltype] = settings

    def get_decoding(self, sqltype: int) -> Dict[str, Union[str, int]]:
        self._check_sqltype(sqltype)
        with self._lock:
            return dict(self._decodings[sqltype])

    @staticmethod
    def _check_sqltype(sqltype: int) -> None:
        if sqltype not in (SQL_CHAR, SQL_WCHAR, SQL_WMETADATA):
            raise ProgrammingError(
                f"Invalid sqltype: {sqltype}",
                f"sqltype must be SQL_CHAR ({SQL_CHAR}), SQL_WCHAR ({SQL_WCHAR}), or "
                f"SQL_WMETADATA ({SQL_WMETADATA})")
