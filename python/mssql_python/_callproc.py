"""callproc(): stored procedures by RPC, with OUTPUT parameters and the return value.

Beyond Microsoft's package (whose callproc raises NotSupportedError). Which parameters
are OUTPUT is learned from sp_sproc_columns (cached per procedure and connection) or
from an explicit :class:`OutputParameter` marker. ``callproc`` returns a list of the
parameters in which OUTPUT values replace the inputs once the procedure has ended; if
the procedure returns result sets, the same list is updated after they are read (as
with every driver: SQL Server sends OUTPUT values after the last result set).
The procedure's return status is ``cursor.return_value``.
"""

from typing import Any, List, NamedTuple, Optional, Sequence, Tuple

from . import _ffi, _params
from .exceptions import DatabaseError


class OutputParameter:
    """Marks a callproc() parameter as OUTPUT; ``value`` is its input value.

    ``sql_type``/``size``/``digits`` (as for setinputsizes) declare its type when the
    value is None and the procedure's metadata is not available.
    """

    __slots__ = ("value", "sql_type", "size", "digits")

    def __init__(self, value: Any = None, sql_type: Optional[int] = None, size: int = 0,
                 digits: int = 0) -> None:
        self.value, self.sql_type, self.size, self.digits = value, sql_type, size, digits

    def __repr__(self) -> str:
        return f"OutputParameter({self.value!r})"


class ProcParam(NamedTuple):
    """One parameter of a procedure, from sp_sproc_columns."""

    name: str
    output: bool
    input_size: Optional[tuple]


_PARAM_INPUT_OUTPUT, _PARAM_OUTPUT = 2, 4


def split_name(procname: str) -> Tuple[Optional[str], Optional[str], str]:
    """(catalog, schema, name) of a possibly qualified, possibly [bracketed] name."""
    parts: List[Optional[str]] = []
    current: List[str] = []
    quoted, i = False, 0
    while i < len(procname):
        ch = procname[i]
        if quoted:
            if ch == "]" and procname[i + 1:i + 2] == "]":
                current.append("]")
                i += 1
            elif ch == "]":
                quoted = False
            else:
                current.append(ch)
        elif ch == "[":
            quoted = True
        elif ch == ".":
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
        i += 1
    parts.append("".join(current))
    parts = [p.strip() or None if p else None for p in parts]
    while len(parts) < 3:
        parts.insert(0, None)
    return parts[-3], parts[-2], parts[-1] or ""


class CallprocMixin:
    """callproc for Cursor (needs ``_run_statement``, ``_check_closed``, ``_connection``)."""

    _connection: Any
    _inputsizes: Optional[List[tuple]]
    _outputs_target: Optional[tuple]
    _run_statement: Any
    _check_closed: Any

    def callproc(self, procname: str, parameters: Optional[Sequence[Any]] = None) -> List[Any]:
        """Call a stored procedure; returns the parameters with OUTPUT values filled in."""
        handle = self._check_closed()
        given = list(parameters or ())
        meta = self._procedure_params(procname) if given else []
        values: List[Any] = []
        names: List[str] = []
        outputs: List[bool] = []
        sizes: List[Optional[tuple]] = []
        for i, param in enumerate(given):
            info = meta[i] if i < len(meta) else None
            marker = param if isinstance(param, OutputParameter) else None
            values.append(marker.value if marker else param)
            names.append(info.name if info else "")
            outputs.append(bool(marker) or bool(info and info.output))
            sizes.append(_declared_size(marker, info, values[-1]))
        buffer = None
        if given:
            buffer, _ = _params.pack([values], sizes, names if any(names) else None, outputs)
        self._inputsizes = None
        result = list(values)
        info = self._run_statement(handle, procname, buffer, _ffi.EXEC_PROC)
        self._outputs_target = (result, names, outputs)
        self._fill_outputs(info)
        return result

    def _fill_outputs(self, info: dict) -> None:
        target = self._outputs_target
        if target is None or not info.get("done"):
            return
        self._outputs_target = None
        result, names, outputs = target
        returned = info.get("outputs") or {}
        by_name = {str(k).lstrip("@").lower(): v for k, v in returned.items()}
        ordered = iter(returned.values())
        for i, is_output in enumerate(outputs):
            if not is_output:
                continue
            key = names[i].lstrip("@").lower() if names[i] else ""
            if key and key in by_name:
                result[i] = by_name[key]
            else:
                result[i] = next(ordered, result[i])

    def _procedure_params(self, procname: str) -> List[ProcParam]:
        cache = self._connection._proc_params
        key = procname.lower()
        if key not in cache:
            cache[key] = _lookup_params(self._connection, procname)
        return cache[key]


def _declared_size(marker: Optional[OutputParameter], info: Optional[ProcParam],
                   value: Any) -> Optional[tuple]:
    if marker is not None and marker.sql_type is not None:
        return (marker.sql_type, marker.size, marker.digits)
    if info is not None and (info.output or value is None):
        return info.input_size
    return None


def _lookup_params(connection: Any, procname: str) -> List[ProcParam]:
    """The procedure's parameters in order, from sp_sproc_columns ([] if unavailable)."""
    catalog, schema, name = split_name(procname)
    cursor = connection.cursor()
    try:
        args = {"procedure_name": name, "procedure_owner": schema,
                "procedure_qualifier": catalog, "ODBCVer": 3}
        args = {k: v for k, v in args.items() if v is not None}
        buffer, _ = _params.pack([list(args.values())], names=list(args))
        cursor._run_statement(cursor._handle, "sp_sproc_columns", buffer, _ffi.EXEC_PROC)
        rows = cursor.fetchall() if cursor.description else []
    except DatabaseError:
        return []  # no metadata: only OutputParameter markers declare OUTPUT parameters
    finally:
        cursor.close()
    params = []
    for row in rows:
        column_type = row[4]
        if column_type in (1, _PARAM_INPUT_OUTPUT, _PARAM_OUTPUT):
            size = (row[5], max(row[7] or 0, 0), max(row[9] or 0, 0))
            params.append(ProcParam(str(row[3]).lstrip("@"),
                                    column_type in (_PARAM_INPUT_OUTPUT, _PARAM_OUTPUT), size))
    return params
