"""connect() keyword handling, connection_str masking, setencoding/setdecoding rules."""

import pytest

import mssql_python
from mssql_python import _connstr
from mssql_python._auth import token_from_attrs, token_from_provider
from mssql_python._encoding import EncodingSettings


def test_kwargs_become_an_overrides_string_with_braces_when_needed():
    text = _connstr.overrides_from_kwargs({"Database": "db", "PWD": "a;b}c", "Encrypt": True,
                                           "APPLICATIONINTENT": " ReadOnly"})
    assert text == "Database=db;PWD={a;b}}c};Encrypt=True;APPLICATIONINTENT={ ReadOnly}"
    assert _connstr.split(text) == [("Database", "db"), ("PWD", "a;b}c"), ("Encrypt", "True"),
                                    ("APPLICATIONINTENT", " ReadOnly")]


@pytest.mark.parametrize("key", ["Driver", "driver", "APP", "app"])
def test_driver_and_app_kwargs_are_reserved(key):
    with pytest.raises(ValueError, match="reserved"):
        _connstr.overrides_from_kwargs({key: "x"})


def test_nul_anywhere_is_interface_error():
    with pytest.raises(mssql_python.InterfaceError):
        mssql_python.connect("Server=x;PWD=a\x00b")
    with pytest.raises(mssql_python.InterfaceError):
        mssql_python.connect("Server=x", Database="a\x00")


def test_connection_str_masks_secrets_and_applies_overrides():
    shown = _connstr.display("Server=tcp:h,1;uid=sa;PWD={s3cr;et};Database=a",
                             "database=b;Password=other")
    assert "s3cr" not in shown and "other" not in shown
    assert "PWD=***" in shown and "Database=b" in shown and "Server=tcp:h,1" in shown


def test_access_token_struct_from_attrs_before():
    token = "eyJ0eXAi.payload.sig"
    raw = token.encode("utf-16-le")
    assert token_from_attrs({1256: len(raw).to_bytes(4, "little") + raw}) == token
    with pytest.raises(mssql_python.InterfaceError, match="bytes"):
        token_from_attrs({1256: token})
    with pytest.raises(mssql_python.InterfaceError, match="malformed"):
        token_from_attrs({1256: b"\x05\x00\x00\x00ab"})


class _Credential:
    def __init__(self, token="tok", fail=False):
        self.token, self.fail, self.scopes = token, fail, []

    def get_token(self, scope):
        self.scopes.append(scope)
        if self.fail:
            raise RuntimeError("no network; secret=hunter2")
        return type("T", (), {"token": self.token})()


def test_token_provider_is_asked_for_the_sql_scope():
    cred = _Credential()
    assert token_from_provider(cred, "Server=x", {}, {}) == "tok"
    assert cred.scopes == ["https://database.windows.net/.default"]


def test_token_provider_misuse():
    with pytest.raises(mssql_python.InterfaceError):
        token_from_provider(object(), "Server=x", {}, {})
    with pytest.raises(mssql_python.InterfaceError, match="cannot be combined"):
        token_from_provider(_Credential(), "Server=x;Authentication=ActiveDirectoryMSI", {}, {})
    with pytest.raises(mssql_python.InterfaceError, match="no usable token"):
        token_from_provider(_Credential(token=""), "Server=x", {}, {})
    with pytest.warns(UserWarning, match="uid"):
        token_from_provider(_Credential(), "Server=x;UID=me", {}, {})


def test_token_provider_failure_is_operational_error_without_its_text():
    with pytest.raises(mssql_python.OperationalError) as info:
        token_from_provider(_Credential(fail=True), "Server=x", {}, {})
    assert "hunter2" not in str(info.value)


def test_encoding_defaults_and_validation():
    s = EncodingSettings()
    assert s.get_encoding() == {"encoding": "utf-16le", "ctype": mssql_python.SQL_WCHAR}
    s.set_encoding("UTF-8", None)
    assert s.get_encoding() == {"encoding": "utf-8", "ctype": mssql_python.SQL_CHAR}
    s.set_encoding("utf-16be", None)
    assert s.get_encoding()["ctype"] == mssql_python.SQL_WCHAR
    for encoding, ctype in (("no-such-codec", None), ("utf-8", mssql_python.SQL_WCHAR),
                            ("utf-16", mssql_python.SQL_WCHAR), ("utf-8", 99)):
        with pytest.raises(mssql_python.ProgrammingError):
            s.set_encoding(encoding, ctype)


def test_decoding_defaults_and_validation():
    s = EncodingSettings()
    for sqltype in (mssql_python.SQL_CHAR, mssql_python.SQL_WCHAR, mssql_python.SQL_WMETADATA):
        assert s.get_decoding(sqltype) == {"encoding": "utf-16le", "ctype": mssql_python.SQL_WCHAR}
    s.set_decoding(mssql_python.SQL_CHAR, "latin-1", None)
    assert s.get_decoding(mssql_python.SQL_CHAR) == {"encoding": "latin-1",
                                                     "ctype": mssql_python.SQL_CHAR}
    with pytest.raises(mssql_python.ProgrammingError):
        s.set_decoding(mssql_python.SQL_WCHAR, "utf-8", None)
    with pytest.raises(mssql_python.ProgrammingError):
        s.set_decoding(12345, None, None)
    with pytest.raises(mssql_python.ProgrammingError):
        s.get_decoding(12345)
    s.set_decoding(mssql_python.SQL_CHAR, None, None)
    assert s.get_decoding(mssql_python.SQL_CHAR)["encoding"] == "utf-16le"
