"""A handful of examples from Microsoft's mssql-python documentation, run unchanged.

Sources (Microsoft Learn, "mssql-python" pages): executing-queries, retrieving-data and
cursor-management (https://learn.microsoft.com/sql/connect/python/mssql-python/...).
Each snippet runs as written against a small Production.Product table (created for the
run unless the database already has AdventureWorks' table), with ``connection_string``,
``conn`` and ``cursor`` defined as the pages assume.
"""

import contextlib
import io
import textwrap

import pytest

import mssql_python

PRODUCTS = [(1, "Road Frame - Black", "FR-R92B", "Black", 1431.50, 1),
            (2, "Sport Helmet", "HL-U509", "Black", 34.99, 1),
            (3, "Road Bike Light", "LT-R100", "Silver", 9.99, 2),
            (4, "Mountain Road Tire", "TI-M602", "Black", 5.00, 2)]


@pytest.fixture(scope="module")
def product_table(conn_str):
    with mssql_python.connect(conn_str, autocommit=True) as conn:
        cur = conn.cursor()
        exists = cur.execute("SELECT OBJECT_ID('Production.Product')").fetchval() is not None
        if not exists:
            if cur.execute("SELECT SCHEMA_ID('Production')").fetchval() is None:
                cur.execute("CREATE SCHEMA Production")
            cur.execute("CREATE TABLE Production.Product (ProductID int PRIMARY KEY, "
                        "Name nvarchar(50), ProductNumber nvarchar(25), Color nvarchar(15), "
                        "ListPrice money, ProductSubcategoryID int)")
            cur.executemany("INSERT INTO Production.Product VALUES (?, ?, ?, ?, ?, ?)", PRODUCTS)
    yield
    if not exists:
        with mssql_python.connect(conn_str, autocommit=True) as conn:
            conn.cursor().execute("DROP TABLE Production.Product")


def run_snippet(snippet, conn_str):
    """exec() the snippet as written; returns (printed text, its namespace)."""
    conn = mssql_python.connect(conn_str)
    namespace = {"connection_string": conn_str, "conn": conn, "cursor": conn.cursor(),
                 "mssql_python": mssql_python}
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            exec(textwrap.dedent(snippet), namespace)  # noqa: S102 - documentation samples
    finally:
        conn.close()
    return out.getvalue(), namespace


BASIC_QUERY = """
    import mssql_python

    conn = mssql_python.connect(connection_string)
    cursor = conn.cursor()

    cursor.execute("SELECT Name, ListPrice FROM Production.Product WHERE Color = 'Black'")
    rows = cursor.fetchall()

    for row in rows:
        print(row.Name, row.ListPrice)

    cursor.close()
    conn.close()
"""

PARAMETER_STYLES = """
    cursor.execute(
        "SELECT Name, ListPrice FROM Production.Product WHERE Color = %(color)s AND ListPrice > %(price)s",
        {"color": "Black", "price": 10.00}
    )
    named = cursor.fetchall()
    cursor.execute(
        "SELECT Name, ListPrice FROM Production.Product WHERE ProductSubcategoryID = ? AND ListPrice > ?",
        (1, 10.00)
    )
    positional = cursor.fetchall()
"""

INSERT_DEMO = """
    cursor.execute("CREATE TABLE #ExecDemo (Name NVARCHAR(50), CategoryID INT, Price DECIMAL(10,2))")
    cursor.execute(
        "INSERT INTO #ExecDemo (Name, CategoryID, Price) VALUES (%(name)s, %(category)s, %(price)s)",
        {"name": "New Product", "category": 1, "price": 19.99}
    )
    conn.commit()

    print(f"Rows affected: {cursor.rowcount}")
"""

FETCH_METHODS = """
    cursor.execute("SELECT ProductID, Name, ListPrice FROM Production.Product")

    row = cursor.fetchone()
    while row:
        print(f"{row.ProductID}: {row.Name} - ${row.ListPrice}")
        row = cursor.fetchone()

    cursor.execute("SELECT * FROM Production.Product")
    cursor.arraysize = 100  # Fetch 100 rows at a time

    while True:
        rows = cursor.fetchmany()
        if not rows:
            break
        for row in rows:
            print(row.Name)

    count = cursor.execute("SELECT COUNT(*) FROM Production.Product").fetchval()
    print(f"Total products: {count}")
"""

CONTEXT_MANAGERS = """
    with mssql_python.connect(connection_string) as conn:
        with conn.cursor() as cursor:
            cursor.execute("SELECT TOP 10 Name, ListPrice FROM Production.Product")
            products = cursor.fetchall()
        # Cursor automatically closed on exit
    # Connection automatically closed on exit
"""


def test_basic_query(product_table, conn_str):
    out, _ = run_snippet(BASIC_QUERY, conn_str)
    assert "Road Frame - Black 1431.5000" in out and "Silver" not in out


def test_parameter_styles(product_table, conn_str):
    _, ns = run_snippet(PARAMETER_STYLES, conn_str)
    assert {r.Name for r in ns["named"]} >= {"Road Frame - Black", "Sport Helmet"}
    assert [r.Name for r in ns["positional"]] == ["Road Frame - Black", "Sport Helmet"] or \
        len(ns["positional"]) >= 2


def test_insert_with_named_parameters(product_table, conn_str):
    out, _ = run_snippet(INSERT_DEMO, conn_str)
    assert out.strip() == "Rows affected: 1"


def test_fetch_methods(product_table, conn_str):
    out, _ = run_snippet(FETCH_METHODS, conn_str)
    assert "1: Road Frame - Black - $1431.5000" in out
    assert "Total products: " in out and out.count("Sport Helmet") == 2


def test_context_managers(product_table, conn_str):
    _, ns = run_snippet(CONTEXT_MANAGERS, conn_str)
    assert ns["conn"].closed and ns["cursor"].closed and len(ns["products"]) >= 4
