"""The bundled data/ folder: it loads and validates, every public table has
its provenance, and only the management information is synthetic."""


import pytest

from perfkit.data.contract import TABLES
from perfkit.data.loading import validate_data
from tests.paths import DATA

DEMO = "E08000009"


@pytest.fixture(scope="module")
def data():
    dataset, problems = validate_data(DATA)
    assert dataset is not None, "\n".join(map(str, problems))
    return dataset, problems


def test_the_whole_folder_loads_without_errors_or_warnings(data):
    dataset, problems = data
    assert problems == []
    assert {"areas", "indicators", "observations", "peer_groups", "targets"} <= set(dataset.tables)


def test_every_public_indicator_has_figures_and_a_licence(data):
    dataset, _ = data
    used = set(dataset.observations["indicator_id"])
    assert set(dataset.indicators["indicator_id"]) == used
    assert dataset.indicators["licence"].str.len().gt(0).all()
    assert dataset.indicators["source"].str.len().gt(0).all()


def test_every_observation_source_is_recorded(data):
    dataset, _ = data
    modules = dataset.sources["modules"]
    recorded = {i for m in modules for i in m["indicator_ids"]}
    assert recorded == set(dataset.indicators["indicator_id"])
    for module in modules:
        for source in module["sources"]:
            assert len(source["commit"]) == 40 and source["licence"] and source["publisher"]


def test_only_management_information_is_synthetic(data):
    dataset, _ = data
    management = {name for name, table in TABLES.items() if table.management} | {"targets"}
    assert set(dataset.synthetic_tables) == management & set(dataset.tables)
    assert not dataset.observations["synthetic"].any()


def test_the_demo_council_has_real_quarterly_data_and_peers(data):
    dataset, _ = data
    obs = dataset.observations
    quarters = obs[(obs["area_code"] == DEMO) & obs["period"].str.contains("Q")]
    assert quarters["indicator_id"].nunique() >= 2 and len(quarters) >= 20
    groups = dataset.peer_groups
    assert {"ons_global_neighbours", "dfe_childrens_neighbours"} <= set(
        groups.loc[groups["area_code"] == DEMO, "group_id"])


def test_suppressed_values_are_missing_not_zero(data):
    dataset, _ = data
    obs = dataset.observations
    suppressed = obs[obs["status"] == "suppressed"]
    assert len(suppressed) > 0
    assert suppressed["value"].isna().all()
    assert suppressed["status_reason"].str.len().gt(0).all()
