"""Row: a tuple subclass with access by column name, one class per result set.

Unlike Microsoft's Row (a plain object), ours *is* a tuple: ``row == (1, 'a')`` is True,
``isinstance(row, tuple)`` holds, and unpickling a batch builds each row with one C call.
Each result set gets its own subclass (like ``collections.namedtuple``) whose column
attributes are C-speed getters; ``row["col"]``, ``row._mapping`` and
``row.cursor_description`` work as in Microsoft's package.
"""

import decimal
import keyword
import operator
from collections import namedtuple
from types import MappingProxyType
from typing import Any, Dict, Iterable, Optional, Sequence

from .helpers import getDecimalSeparator

# namedtuple's own C field getter; operator.itemgetter is the portable fallback.
try:
    _tuplegetter = type(namedtuple("_probe", "a").a)
    _tuplegetter(0, None)
except (AttributeError, TypeError):  # pragma: no cover - other Python implementations
    _tuplegetter = None

_tuple_getitem = tuple.__getitem__
_tuple_eq = tuple.__eq__


def _getter(index: int, name: str):
    if _tuplegetter is not None:
        return _tuplegetter(index, f"Column {name!r}")
    return property(operator.itemgetter(index), doc=f"Column {name!r}")


class Row(tuple):
    """One row of a result set: a tuple whose values can also be read by column name."""

    __slots__ = ()

    #: name -> index for the result set (exact names).
    _index: Dict[str, int] = {}
    #: lower-cased name -> index, or None when lookups are case-sensitive.
    _index_lower: Optional[Dict[str, int]] = None
    #: the cursor.description of the result set the row belongs to.
    cursor_description: Optional[list] = None

    def __getitem__(self, key):
        if key.__class__ is str:
            return _tuple_getitem(self, self._position(key, KeyError))
        if key.__class__ is slice:
            return list(_tuple_getitem(self, key))
        if isinstance(key, int):
            return _tuple_getitem(self, key)
        raise TypeError(
            f"Row indices must be integers, slices, or strings, not {type(key).__name__}")

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return _tuple_getitem(self, self._position(name, AttributeError))

    @classmethod
    def _position(cls, name: str, error: type) -> int:
        index = cls._index.get(name)
        if index is None and cls._index_lower is not None:
            index = cls._index_lower.get(name.lower())
        if index is None:
            if error is KeyError:
                raise KeyError(f"Row has no column '{name}'")
            raise AttributeError(f"Row has no attribute '{name}'")
        return index

    def __eq__(self, other):
        if isinstance(other, list):
            return _tuple_eq(self, tuple(other))
        return _tuple_eq(self, other)

    def __ne__(self, other):
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    __hash__ = tuple.__hash__

    @property
    def _mapping(self):
        """Read-only mapping of column names to values (``dict(row._mapping)``)."""
        names = [d[0] for d in self.cursor_description or ()]
        return MappingProxyType(dict(zip(names, self)))

    def __str__(self) -> str:
        sep = getDecimalSeparator()
        return "(" + ", ".join([_display(v, sep) for v in self]) + ")"

    def __reduce__(self):
        names = tuple(d[0] for d in self.cursor_description or ())
        return (_rebuild_row, (names, tuple(self)))


def _display(value: Any, sep: str) -> str:
    if isinstance(value, decimal.Decimal):
        text = str(value)
        return text.replace(".", sep) if sep != "." else text
    return repr(value)


def make_row_class(description: Sequence[tuple], case_insensitive: bool = False,
                   aliases: Optional[Dict[str, int]] = None) -> type:
    """A Row subclass for a result set described by ``description``.

    ``case_insensitive`` makes name lookups ignore case (``mssql_python.lowercase``, and
    catalog result sets); ``aliases`` adds extra names for columns.
    """
    names = [d[0] for d in description]
    index: Dict[str, int] = {}
    for i, name in enumerate(names):
        index.setdefault(name, i)
    for name, i in (aliases or {}).items():
        index.setdefault(name, i)
    lower = None
    if case_insensitive:
        lower = {}
        for name, i in index.items():
            lower.setdefault(name.lower(), i)
    namespace = {
        "__slots__": (),
        "_index": index,
        "_index_lower": lower,
        "cursor_description": list(description),
    }
    for name, i in index.items():
        if _usable_attribute(name, namespace):
            namespace[name] = _getter(i, name)
    return type("Row", (Row,), namespace)


# Columns named like tuple's own methods win, as they do in Microsoft's Row.
_SHADOWABLE = frozenset(("count", "index"))


def _usable_attribute(name: str, namespace: dict) -> bool:
    if not name.isidentifier() or keyword.iskeyword(name) or name.startswith("_"):
        return False
    return name not in namespace and (name in _SHADOWABLE or not hasattr(Row, name))


_rebuilt_classes: Dict[tuple, type] = {}


def _rebuild_row(names: tuple, values: tuple) -> Row:
    cls = _rebuilt_classes.get(names)
    if cls is None:
        cls = make_row_class([(n, None, None, None, None, None, None) for n in names])
        _rebuilt_classes[names] = cls
    return cls(values)


def rows_from(values: Iterable[Sequence[Any]], description: Sequence[tuple]) -> list:
    """Rows of a fresh class for ``description`` (used for tuples built in Python)."""
    cls = make_row_class(description)
    return [cls(v) for v in values]
