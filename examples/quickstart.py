"""A first session with mssql_python: run by scripts/quickstart.sh.

Connects to $MSSQL_CONNECTION_STRING (the quick start points it at the bundled
test server), creates a table, inserts rows with executemany, reads them back
with a parameterised SELECT, rolls back a transaction, and catches a server
error with its SQL Server error number.
"""

import os
from decimal import Decimal

import mssql_python


def main():
    conn = mssql_python.connect(os.environ["MSSQL_CONNECTION_STRING"])
    cur = conn.cursor()
    cur.execute("SELECT @@VERSION")
    print("server:", cur.fetchone()[0].splitlines()[0])

    cur.execute("DROP TABLE IF EXISTS quickstart_orders")
    cur.execute("CREATE TABLE quickstart_orders (id int PRIMARY KEY, customer nvarchar(50),"
                " amount decimal(10, 2))")
    orders = [(1, "Ada", Decimal("12.50")), (2, "Grace", Decimal("99.99")),
              (3, "Linus", Decimal("7.25")), (4, "Zoë", Decimal("250.00"))]
    cur.executemany("INSERT INTO quickstart_orders (id, customer, amount) VALUES (?, ?, ?)",
                    orders)
    conn.commit()
    print(f"inserted {len(orders)} orders")

    cur.execute("SELECT id, customer, amount FROM quickstart_orders WHERE amount > ?"
                " ORDER BY id", Decimal("10"))
    print("columns:", [d[0] for d in cur.description])
    for row in cur.fetchall():
        print(f"  order {row.id}: {row.customer} {row.amount}")

    cur.execute("DELETE FROM quickstart_orders")
    print("deleted inside a transaction:", cur.rowcount)
    conn.rollback()
    cur.execute("SELECT COUNT(*) FROM quickstart_orders")
    print("rows after rollback:", cur.fetchone()[0])

    try:
        cur.execute("INSERT INTO quickstart_orders (id, customer, amount) VALUES (?, ?, ?)",
                    1, "Duplicate", Decimal("1"))
    except mssql_python.IntegrityError as e:
        print(f"caught {type(e).__name__}: error {e.number}: {e.errors[0].message}")
        conn.rollback()

    cur.execute("DROP TABLE quickstart_orders")
    conn.commit()
    conn.close()


if __name__ == "__main__":
    main()
