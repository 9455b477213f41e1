"""The fidelity scenario every Python DB-API client runs against the test server.

Each step is the same for pytds, pymssql and mssql-python: log in over TLS,
round-trip every SQL Server type (literals in, values out; parameters in
where the client binds them), call a procedure with input and OUTPUT
parameters, get a server error with its number, commit and roll back.

A client module calls run(name, connect, param) where connect() returns a
DB-API connection and param is the client's placeholder ("%s" or "?");
binary is the client's DB-API Binary constructor for varbinary parameters;
connect_strict, when given, logs in with TDS 8 (TLS first); connect_token,
given a JWT, logs in with it (FEDAUTH security token);
skip lists columns the client cannot bind as parameters and skip_out columns
whose values the client itself cannot decode (each with its reason there).
Results are printed as "PASS step" / "FAIL step: detail" lines and the exit
status is the number of failures.
"""
import base64
import datetime
import json
import os
import time
import decimal
import sys
import traceback
import uuid

D = decimal.Decimal
TZ = datetime.timezone(datetime.timedelta(hours=5, minutes=30))

# (column, SQL type, literal, expected canonical value)
TYPES = [
    ("c_tinyint", "tinyint", "255", 255),
    ("c_smallint", "smallint", "-32768", -32768),
    ("c_int", "int", "2147483647", 2147483647),
    ("c_bigint", "bigint", "-9223372036854775807", -9223372036854775807),
    ("c_bit", "bit", "1", True),
    ("c_decimal", "decimal(18,4)", "12345678901234.5678", D("12345678901234.5678")),
    ("c_numeric", "numeric(10,2)", "-12345678.90", D("-12345678.90")),
    ("c_money", "money", "922337203685477.5807", D("922337203685477.5807")),
    ("c_smallmoney", "smallmoney", "-214748.3647", D("-214748.3647")),
    ("c_real", "real", "1.5", 1.5),
    ("c_float", "float", "-2.25", -2.25),
    ("c_char", "char(5)", "'ab'", "ab   "),
    ("c_varchar", "varchar(50)", "'caf\u00e9'", "caf\u00e9"),
    ("c_varcharmax", "varchar(max)", "REPLICATE(CAST('x' AS varchar(max)), 10000)", "x" * 10000),
    ("c_text", "text", "'some text'", "some text"),
    ("c_nchar", "nchar(5)", "N'\u65e5\u672c'", "\u65e5\u672c   "),
    ("c_nvarchar", "nvarchar(50)", "N'\u00fcn\u00ef \u20ac'", "\u00fcn\u00ef \u20ac"),
    ("c_nvarcharmax", "nvarchar(max)", "REPLICATE(CAST(N'\u00e9' AS nvarchar(max)), 9000)", "\u00e9" * 9000),
    ("c_ntext", "ntext", "N'ntext \u00e9'", "ntext \u00e9"),
    ("c_binary", "binary(4)", "0x0102", b"\x01\x02\x00\x00"),
    ("c_varbinary", "varbinary(50)", "0xDEADBEEF", b"\xde\xad\xbe\xef"),
    ("c_varbinarymax", "varbinary(max)", "CAST(REPLICATE(CAST('A' AS varchar(max)), 9000) AS varbinary(max))", b"A" * 9000),
    ("c_image", "image", "0x09", b"\x09"),
    ("c_date", "date", "'2024-02-29'", datetime.date(2024, 2, 29)),
    ("c_time", "time(7)", "'23:59:59.1234560'", datetime.time(23, 59, 59, 123456)),
    ("c_datetime", "datetime", "'2024-01-02T03:04:05.997'", datetime.datetime(2024, 1, 2, 3, 4, 5, 997000)),
    ("c_smalldatetime", "smalldatetime", "'2024-01-02T03:04:00'", datetime.datetime(2024, 1, 2, 3, 4)),
    ("c_datetime2", "datetime2(7)", "'2024-01-02T03:04:05.1234560'", datetime.datetime(2024, 1, 2, 3, 4, 5, 123456)),
    ("c_datetimeoffset", "datetimeoffset(7)", "'2024-01-02T03:04:05.1234560+05:30'",
     datetime.datetime(2024, 1, 2, 3, 4, 5, 123456, tzinfo=TZ)),
    ("c_guid", "uniqueidentifier", "'6F9619FF-8B86-D011-B42D-00C04FC964FF'", uuid.UUID("6F9619FF-8B86-D011-B42D-00C04FC964FF")),
    ("c_xml", "xml", "CAST(N'<a b=\"1\">\u00e9</a>' AS xml)", "<a b=\"1\">\u00e9</a>"),
    ("c_variant", "sql_variant", "CAST(42 AS int)", 42),
]


def mint_token(user, ttl, key_file):
    """Signs an RS256 JWT for Azure SQL's audience with the issuer key."""
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import padding

    key = serialization.load_pem_private_key(open(key_file, "rb").read(), None)

    def b64(b):
        return base64.urlsafe_b64encode(b).rstrip(b"=").decode()

    head = b64(json.dumps({"alg": "RS256", "typ": "JWT"}).encode())
    body = b64(json.dumps({"aud": "https://database.windows.net/", "upn": user,
                           "exp": int(time.time()) + ttl}).encode())
    sig = key.sign(f"{head}.{body}".encode(), padding.PKCS1v15(), hashes.SHA256())
    return f"{head}.{body}.{b64(sig)}"


def token_login(connect_token):
    """A valid token logs in as its upn; an expired or forged one gets 18456."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key_file = os.environ["FID_TOKEN_KEY"]
    conn = connect_token(mint_token("fidelity@example.com", 3600, key_file))
    cur = conn.cursor()
    cur.execute("SELECT SUSER_SNAME()")
    who = cur.fetchone()[0]
    conn.close()
    if who != "fidelity@example.com":
        return f"SUSER_SNAME() is {who!r}"
    forger = os.path.join(os.path.dirname(key_file), "forger.pem")
    with open(forger, "wb") as f:
        f.write(rsa.generate_private_key(65537, 2048).private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    for name, tok in [("expired", mint_token("x", -60, key_file)), ("forged", mint_token("x", 3600, forger))]:
        try:
            connect_token(tok).close()
            return f"{name} token accepted"
        except Exception as e:
            if "18456" not in str(e) and "Login failed" not in str(e):
                return f"{name} token: wrong error {e}"
    return ""


def canon(v):
    """Turns a client's value into a comparable canonical form."""
    if isinstance(v, (bytes, bytearray, memoryview)):
        return bytes(v)
    if isinstance(v, str) and len(v) == 36 and v.count("-") == 4:
        try:
            return uuid.UUID(v)
        except ValueError:
            return v
    if isinstance(v, float):
        return v
    if isinstance(v, decimal.Decimal):
        return v
    return v


def same(got, want):
    got = canon(got)
    if isinstance(want, D) and isinstance(got, (D, float, int)):
        return D(str(got)) == want
    if isinstance(want, bool):
        return got is True or got == 1 if want else got is False or got == 0
    return got == want


class Steps:
    def __init__(self, client):
        self.client = client
        self.failures = 0

    def step(self, name, fn):
        try:
            detail = fn()
        except Exception as e:  # a failing step is reported, the others still run
            self.failures += 1
            print(f"FAIL {self.client} {name}: {type(e).__name__}: {e}")
            traceback.print_exc(limit=2, file=sys.stderr)
            return
        if detail:
            self.failures += 1
            print(f"FAIL {self.client} {name}: {detail}")
        else:
            print(f"PASS {self.client} {name}")


def compare_row(row, skip_out=(), offset=1):
    bad = []
    for i, (col, _typ, _lit, want) in enumerate(TYPES):
        if col in skip_out:
            continue
        got = row[i + offset]
        if not same(got, want):
            bad.append(f"{col}: got {got!r:.80} want {want!r:.80}")
    return "; ".join(bad)


def run(client, connect, param, skip=(), binary=bytes, skip_out=(), connect_strict=None, connect_token=None):
    s = Steps(client)
    table = f"fid_types_{client.replace('-', '_')}"
    state = {}

    def login():
        state["conn"] = connect()
        cur = state["conn"].cursor()
        cur.execute("SELECT 1")
        if cur.fetchone()[0] != 1:
            return "SELECT 1 did not return 1"

    s.step("login-tls", login)
    if "conn" not in state:
        return s.failures
    if connect_strict is not None:
        def strict():
            c = connect_strict()
            cur = c.cursor()
            cur.execute("SELECT 1")
            got = cur.fetchone()[0]
            c.close()
            return "" if got == 1 else f"SELECT 1 gave {got!r}"

        s.step("login-tds8-strict", strict)
    if connect_token is not None and os.environ.get("FID_TOKEN_KEY"):
        s.step("token-login", lambda: token_login(connect_token))
    conn = state["conn"]
    cur = conn.cursor()

    def create():
        cur.execute(f"DROP TABLE IF EXISTS {table}")
        cols = ", ".join(f"{c} {t} NULL" for c, t, _, _ in TYPES)
        cur.execute(f"CREATE TABLE {table} (id int NOT NULL PRIMARY KEY, {cols})")
        lits = ", ".join(lit for _, _, lit, _ in TYPES)
        cur.execute(f"INSERT INTO {table} VALUES (1, {lits})")
        cur.execute(f"INSERT INTO {table} (id) VALUES (2)")
        conn.commit()

    s.step("create-table-every-type", create)

    def select_literals():
        cur.execute(f"SELECT * FROM {table} WHERE id = 1")
        row = cur.fetchone()
        return compare_row(row, skip_out)

    s.step("every-type-out", select_literals)

    def select_nulls():
        cur.execute(f"SELECT * FROM {table} WHERE id = 2")
        row = cur.fetchone()
        bad = [TYPES[i][0] for i, v in enumerate(row[1:]) if v is not None]
        return f"not NULL: {bad}" if bad else ""

    s.step("every-type-null", select_nulls)

    def params_in():
        skipped = set(skip)
        cols = [t for t in TYPES if t[0] not in skipped]
        ph = ", ".join([param] * (len(cols) + 1))
        names = ", ".join(c for c, _, _, _ in cols)
        values = [binary(w) if isinstance(w, bytes) else w for _, _, _, w in cols]
        cur.execute(f"INSERT INTO {table} (id, {names}) VALUES ({ph})", tuple([3] + values))
        cur.execute(f"SELECT id, {names} FROM {table} WHERE id = 3")
        row = cur.fetchone()
        bad = []
        for i, (col, _t, _l, want) in enumerate(cols):
            if not same(row[i + 1], want):
                bad.append(f"{col}: got {row[i + 1]!r:.60} want {want!r:.60}")
        conn.commit()
        return "; ".join(bad)

    s.step("every-type-params-in", params_in)

    def rpc():
        cur.execute("DROP PROCEDURE IF EXISTS fid_proc")
        cur.execute("CREATE PROCEDURE fid_proc @a int, @b nvarchar(20), @c int OUTPUT AS "
                    "BEGIN SET @c = @a * 2; SELECT @b AS b; RETURN 5 END")
        cur.execute(f"DECLARE @out int; EXEC fid_proc {param}, {param}, @out OUTPUT; SELECT @out", (21, "hi"))
        row = cur.fetchone()
        if row[0] != "hi":
            return f"procedure result {row!r}"
        cur.nextset()
        row = cur.fetchone()
        if row[0] != 42:
            return f"OUTPUT value {row!r}"
        cur.execute(f"SELECT {param} + 1, {param}", (41, "x\u00e9"))
        row = cur.fetchone()
        if tuple(row) != (42, "x\u00e9"):
            return f"parameterized select {tuple(row)!r}"

    s.step("rpc-params-and-output", rpc)

    def server_error():
        try:
            cur.execute("SELECT * FROM fid_no_such_table")
            cur.fetchall()
        except Exception as e:
            text = str(e)
            if "208" in text or "Invalid object name" in text:
                return ""
            return f"wrong error: {text}"
        return "no error raised"

    s.step("server-error-208", server_error)

    def transactions():
        conn.rollback()
        cur.execute(f"DELETE FROM {table} WHERE id >= 10")
        conn.commit()
        cur.execute(f"INSERT INTO {table} (id) VALUES (10)")
        conn.commit()
        cur.execute(f"INSERT INTO {table} (id) VALUES (11)")
        conn.rollback()
        cur.execute(f"SELECT id FROM {table} WHERE id >= 10 ORDER BY id")
        ids = [r[0] for r in cur.fetchall()]
        conn.commit()
        return "" if ids == [10] else f"after commit+rollback ids {ids}, want [10]"

    s.step("commit-and-rollback", transactions)

    def cleanup():
        cur.execute(f"DROP TABLE {table}")
        conn.commit()
        conn.close()

    s.step("cleanup", cleanup)
    return s.failures
