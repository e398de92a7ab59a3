"""The management information tables (perfkit/data/management_tables.py): each
is optional, marked as management information, about one council and may be
synthetic; the contract lists them last, after the published tables."""

from __future__ import annotations

from perfkit.data.contract import TABLES
from perfkit.data.management_tables import ACTION_STATUSES, MANAGEMENT_TABLES


def test_each_is_optional_management_information_about_one_council():
    assert [t.name for t in MANAGEMENT_TABLES] == [
        "budget_monitoring", "complaints", "satisfaction", "commentary", "actions"]
    for table in MANAGEMENT_TABLES:
        assert table.management and not table.required, table.name
        assert {"area_code", "synthetic"} <= set(table.names), table.name
        assert set(table.key) <= set(table.names), table.name


def test_the_contract_lists_them_after_the_published_tables():
    names = [t.name for t in MANAGEMENT_TABLES]
    assert list(TABLES)[-len(names):] == names
    assert all(TABLES[name] is table for name, table in zip(names, MANAGEMENT_TABLES,
                                                             strict=True))
    assert not any(table.management for table in list(TABLES.values())[:-len(names)])


def test_actions_choose_their_status_from_the_action_statuses():
    actions = next(t for t in MANAGEMENT_TABLES if t.name == "actions")
    assert actions.column("status").choices == ACTION_STATUSES
