"""Row: a tuple subclass with access by name, Microsoft's repr/str, _mapping, pickling."""

import decimal
import pickle

import pytest

import mssql_python
from mssql_python.row import Row, make_row_class

DESC = [("id", int, None, 10, 10, 0, False), ("Name", str, None, 50, 50, 0, True),
        ("count", int, None, 10, 10, 0, True), ("weird name", str, None, 5, 5, 0, True)]


@pytest.fixture
def row():
    return make_row_class(DESC)((1, "Ada", 7, "w"))


def test_is_a_tuple_and_equals_tuples_and_lists(row):
    assert isinstance(row, tuple) and isinstance(row, Row) and isinstance(row, mssql_python.Row)
    assert row == (1, "Ada", 7, "w")
    assert row == [1, "Ada", 7, "w"]
    assert row != (1, "Ada", 7)
    assert not row != [1, "Ada", 7, "w"]
    assert hash(row) == hash((1, "Ada", 7, "w"))


def test_index_negative_index_slice_len_iter_unpack(row):
    assert row[0] == 1 and row[-1] == "w"
    assert row[1:3] == ["Ada", 7] and isinstance(row[1:3], list)
    assert len(row) == 4 and list(row) == [1, "Ada", 7, "w"] and tuple(row) == (1, "Ada", 7, "w")
    a, b, c, d = row
    assert (a, b, c, d) == (1, "Ada", 7, "w") and "Ada" in row


def test_attribute_and_key_access(row):
    assert row.id == 1 and row.Name == "Ada" and row["Name"] == "Ada"
    assert row["weird name"] == "w" and getattr(row, "weird name") == "w"
    assert row.count == 7, "a column named like tuple.count wins, as in Microsoft's Row"


def test_lookups_are_case_sensitive_by_default(row):
    with pytest.raises(AttributeError, match="Row has no attribute 'name'"):
        row.name
    with pytest.raises(KeyError):
        row["name"]


def test_case_insensitive_class():
    r = make_row_class(DESC, case_insensitive=True)((1, "Ada", 7, "w"))
    assert r.NAME == "Ada" and r["name"] == "Ada" and r.ID == 1


def test_bad_key_types(row):
    with pytest.raises(TypeError, match="Row indices must be integers, slices, or strings"):
        row[1.5]
    with pytest.raises(IndexError):
        row[10]


def test_is_immutable(row):
    with pytest.raises(TypeError):
        row[0] = 5
    with pytest.raises(AttributeError):
        row.id = 5


def test_repr_is_the_tuple_repr():
    r = make_row_class(DESC[:2])((decimal.Decimal("1.50"), None))
    assert repr(r) == "(Decimal('1.50'), None)"
    assert repr(make_row_class(DESC[:1])((1,))) == "(1,)"


def test_str_shows_decimals_with_the_separator():
    r = make_row_class(DESC[:3])((decimal.Decimal("1.50"), "x", 2))
    assert str(r) == "(1.50, 'x', 2)"
    mssql_python.setDecimalSeparator(",")
    try:
        assert str(r) == "(1,50, 'x', 2)"
    finally:
        mssql_python.setDecimalSeparator(".")


def test_mapping_and_cursor_description(row):
    assert dict(row._mapping) == {"id": 1, "Name": "Ada", "count": 7, "weird name": "w"}
    with pytest.raises(TypeError):
        row._mapping["id"] = 2
    assert row.cursor_description == DESC


def test_rows_pickle_and_keep_names(row):
    back = pickle.loads(pickle.dumps(row))
    assert back == row and back.Name == "Ada" and isinstance(back, Row)


def test_duplicate_column_names_first_wins():
    r = make_row_class([("a",) + DESC[0][1:], ("a",) + DESC[1][1:]])((1, 2))
    assert r.a == 1 and r["a"] == 1 and r[1] == 2


def test_each_result_set_gets_its_own_class():
    assert make_row_class(DESC) is not make_row_class(DESC)
