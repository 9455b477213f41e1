"""Exception classes: Microsoft's names, hierarchy and str format, plus server fields."""

import builtins
import pickle

import pytest

import mssql_python
from mssql_python import exceptions as exc
from mssql_python._errors import (EXC_CONNSTR_PARSE, EXC_INTEGRITY, EXC_INTERNAL,
                                  EXC_PROGRAMMING, ERRF_CANCELLED, ERRF_TIMEOUT, BUSY, ERROR,
                                  INTERNAL, ErrorInfo, exception_for)
from mssql_python.exceptions import ServerError


def test_hierarchy():
    m = mssql_python
    assert issubclass(m.Error, exc.Exception) and issubclass(m.Warning, exc.Exception)
    assert issubclass(exc.Exception, builtins.Exception)
    for cls in (m.DataError, m.OperationalError, m.IntegrityError, m.InternalError,
                m.ProgrammingError, m.NotSupportedError):
        assert issubclass(cls, m.DatabaseError)
    assert issubclass(m.DatabaseError, m.Error) and issubclass(m.InterfaceError, m.Error)
    assert not issubclass(m.ConnectionStringParseError, m.Error)


def test_str_format_like_microsofts():
    assert str(mssql_python.Error("what", "detail")) == "Driver Error: what; DDBC Error: detail"
    assert str(mssql_python.Error("what", "")) == "Driver Error: what"
    e = mssql_python.ProgrammingError("a", "b")
    assert (e.driver_error, e.ddbc_error, e.message) == ("a", "b", "Driver Error: a; DDBC Error: b")


def test_connection_exception_aliases():
    for name in ("Warning", "Error", "InterfaceError", "DatabaseError", "DataError",
                 "OperationalError", "IntegrityError", "InternalError", "ProgrammingError",
                 "NotSupportedError"):
        assert getattr(mssql_python.Connection, name) is getattr(mssql_python, name)


def _server_error(number=2627, dbapi=EXC_INTEGRITY, flags=0, message="full message"):
    chain = (ServerError(number, 1, 14, "Violation of PRIMARY KEY constraint 'pk'.", "srv",
                         "myproc", 3),
             ServerError(3621, 0, 0, "The statement has been terminated.", "srv", "", 3))
    return exception_for(ErrorInfo(ERROR, dbapi, flags, message, chain))


def test_server_error_class_fields_and_chain():
    e = _server_error()
    assert type(e) is mssql_python.IntegrityError
    assert (e.number, e.state, e.severity, e.server, e.procedure, e.line) == \
        (2627, 1, 14, "srv", "myproc", 3)
    assert [x.number for x in e.errors] == [2627, 3621]
    assert str(e) == ("Driver Error: Integrity constraint violation; DDBC Error: "
                      "[Microsoft][SQL Server]Violation of PRIMARY KEY constraint 'pk'.")


def test_exceptions_pickle_with_their_fields():
    e = _server_error()
    back = pickle.loads(pickle.dumps(e))
    assert type(back) is type(e) and str(back) == str(e)
    assert back.errors == e.errors and back.number == 2627
    p = pickle.loads(pickle.dumps(mssql_python.ConnectionStringParseError(["a", "b"])))
    assert p.errors == ["a", "b"] and "a" in str(p)


def test_driver_errors_have_zero_fields():
    e = mssql_python.InterfaceError("x", "y")
    assert (e.number, e.state, e.severity, e.server, e.procedure, e.line, e.errors) == \
        (0, 0, 0, "", "", 0, [])


def test_connection_string_errors_list_every_problem():
    chain = tuple(ServerError(0, 0, 0, m) for m in ("Unknown keyword 'Foo'", "Duplicate key"))
    e = exception_for(ErrorInfo(ERROR, EXC_CONNSTR_PARSE, 0, "bad", chain))
    assert type(e) is mssql_python.ConnectionStringParseError
    assert e.errors == ["Unknown keyword 'Foo'", "Duplicate key"]


@pytest.mark.parametrize("flags,text", [(ERRF_TIMEOUT, "Timeout expired"),
                                        (ERRF_CANCELLED, "Operation canceled")])
def test_timeouts_and_cancels_are_operational_errors(flags, text):
    e = exception_for(ErrorInfo(ERROR, EXC_PROGRAMMING, flags, "cancelled by caller", ()))
    assert type(e) is mssql_python.OperationalError and text in str(e)


def test_busy_is_programming_error_and_panic_is_internal_error():
    assert type(exception_for(ErrorInfo(BUSY, 0, 0, "busy", ()))) is mssql_python.ProgrammingError
    assert type(exception_for(ErrorInfo(INTERNAL, EXC_INTERNAL, 0, "panic", ()))) is \
        mssql_python.InternalError
