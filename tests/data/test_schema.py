"""The words the data contract is written in (perfkit/data/schema.py): a table
finds its columns by name and lists them in order; the synthetic flag is
optional and false unless said."""

from __future__ import annotations

import pytest

from perfkit.data.schema import AREA_CODE, INDICATOR_ID, Column, Table, make_synthetic_column


def test_a_table_finds_its_columns_by_name_and_keeps_their_order():
    value = Column("value", "number", "the value", nullable=True)
    table = Table("example", "An example.", (AREA_CODE, INDICATOR_ID, value),
                  key=("area_code", "indicator_id"))
    assert table.names == ("area_code", "indicator_id", "value")
    assert table.column("value") is value
    with pytest.raises(StopIteration):
        table.column("missing")


def test_the_synthetic_flag_is_optional_and_false_by_default():
    column = make_synthetic_column()
    assert (column.name, column.kind, column.required, column.default) == (
        "synthetic", "bool", False, False)
    assert column == make_synthetic_column()
