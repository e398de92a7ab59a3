"""Tests for scripts/make_synthetic.py: the synthetic management information.

The script is run (as a user would run it) into temporary copies of the real
public data in data/, so the data folder itself is never touched.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from perfkit.analysis.warning_signs import BUNCHING_MARGIN
from perfkit.data.contract import TABLES
from perfkit.periods import parse_period
from tests.paths import DATA, ROOT

SCRIPT = ROOT / "scripts" / "make_synthetic.py"
INPUTS = ("areas.csv", "indicators.csv", "observations.parquet")
OUTPUTS = ("targets", "budget_monitoring", "complaints", "satisfaction", "commentary",
           "actions")
COUNCIL = "E08000009"
SEED = 2026
OTHER_SEED = 7
#: Net revenue budget expected for a borough of ~235,000 residents, £.
BUDGET_RANGE = (150e6, 300e6)


def _copy_inputs(folder: Path, names=INPUTS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        source = DATA / name
        if not source.is_file():
            pytest.fail(f"{source} is missing: run scripts/build_data.py first")
        shutil.copy2(source, folder / name)
    return folder


def _run(folder: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--data", str(folder), *extra],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict[str, Path]:
    """Three runs: the default seed twice (in separate folders) and another seed."""
    folders = {}
    for label, seed in (("first", SEED), ("second", SEED), ("other", OTHER_SEED)):
        folder = _copy_inputs(tmp_path_factory.mktemp(label))
        before = {name: _digest(folder / name) for name in INPUTS}
        result = _run(folder, "--council", COUNCIL, "--seed", str(seed))
        assert result.returncode == 0, result.stderr
        assert {name: _digest(folder / name) for name in INPUTS} == before, "inputs changed"
        folders[label] = folder
    return folders


@pytest.fixture(scope="module")
def tables(runs) -> dict[str, pd.DataFrame]:
    return {
        name: pd.read_csv(runs["first"] / f"{name}.csv", dtype=str, keep_default_na=False)
        for name in OUTPUTS
    }


@pytest.fixture(scope="module")
def indicators() -> pd.DataFrame:
    frame = pd.read_csv(DATA / "indicators.csv", dtype=str, keep_default_na=False)
    return frame.set_index("indicator_id", drop=False)


@pytest.fixture(scope="module")
def council_totals() -> pd.DataFrame:
    """The council's real totals (no breakdowns), missing values included."""
    observations = pd.read_parquet(DATA / "observations.parquet",
                                   filters=[("area_code", "==", COUNCIL)])
    for column in ("breakdown_dimension", "breakdown_category"):
        if column not in observations:
            observations[column] = "all"
    totals = observations[observations["breakdown_dimension"].fillna("all").eq("all")
                          & observations["breakdown_category"].fillna("all").eq("all")]
    return totals.assign(value=pd.to_numeric(totals["value"], errors="coerce"))


@pytest.fixture(scope="module")
def council_values(council_totals) -> dict[tuple[str, str], float]:
    """The council's real values, by (indicator_id, period)."""
    known = council_totals.dropna(subset=["value"])
    return {
        (str(i), str(p)): float(v)
        for i, p, v in zip(known["indicator_id"], known["period"], known["value"], strict=True)
    }


def _numbers(frame: pd.DataFrame, column: str) -> pd.Series:
    return pd.to_numeric(frame[column], errors="raise")


# -- determinism and safety ---------------------------------------------------------------


def test_same_seed_gives_identical_bytes(runs):
    for name in OUTPUTS:
        first = (runs["first"] / f"{name}.csv").read_bytes()
        second = (runs["second"] / f"{name}.csv").read_bytes()
        assert first == second, f"{name}.csv differs between two runs with the same seed"


def test_different_seed_gives_different_files(runs):
    for name in ("targets", "budget_monitoring", "complaints", "satisfaction"):
        first = (runs["first"] / f"{name}.csv").read_bytes()
        other = (runs["other"] / f"{name}.csv").read_bytes()
        assert first != other, f"{name}.csv is the same for seeds {SEED} and {OTHER_SEED}"


def test_no_temporary_files_left(runs):
    leftovers = [p.name for p in runs["first"].iterdir() if p.suffix == ".tmp"]
    assert leftovers == []


def test_rerun_in_place_is_identical(runs):
    before = {name: _digest(runs["second"] / f"{name}.csv") for name in OUTPUTS}
    result = _run(runs["second"], "--seed", str(SEED))
    assert result.returncode == 0, result.stderr
    assert {name: _digest(runs["second"] / f"{name}.csv") for name in OUTPUTS} == before


def test_missing_input_is_named(tmp_path):
    folder = _copy_inputs(tmp_path / "data", names=("areas.csv", "indicators.csv"))
    result = _run(folder)
    assert result.returncode != 0
    assert "observations.parquet" in result.stderr
    assert "scripts/build_data.py" in result.stderr
    assert not (folder / "targets.csv").exists()


def test_unknown_council_is_refused(tmp_path):
    folder = _copy_inputs(tmp_path / "data")
    result = _run(folder, "--council", "E99999999")
    assert result.returncode != 0
    assert "E99999999" in result.stderr


# -- the contract -----------------------------------------------------------------------


@pytest.mark.parametrize("name", OUTPUTS)
def test_columns_are_exactly_the_contract(tables, name):
    assert tuple(tables[name].columns) == TABLES[name].names


@pytest.mark.parametrize("name", OUTPUTS)
def test_every_row_is_synthetic_and_for_the_council(tables, name):
    frame = tables[name]
    assert len(frame) > 0
    assert set(frame["synthetic"]) == {"true"}
    assert set(frame["area_code"]) == {COUNCIL}


@pytest.mark.parametrize("name", OUTPUTS)
def test_keys_are_unique_and_choices_valid(tables, name):
    table = TABLES[name]
    frame = tables[name]
    assert not frame.duplicated(list(table.key)).any()
    for column in table.columns:
        if column.kind == "choice":
            assert set(frame[column.name]) <= set(column.choices), column.name
        if column.kind == "period":
            for label in frame[column.name].unique():
                assert parse_period(label).label == label
        if not column.nullable:
            assert (frame[column.name] != "").all(), f"{name}.{column.name} has blanks"


# -- plausible, consistent figures ---------------------------------------------------------


def test_complaint_counts_are_consistent(tables):
    frame = tables["complaints"]
    received = _numbers(frame, "received")
    for column in ("received", "upheld", "answered_in_time", "compliments"):
        assert (_numbers(frame, column) >= 0).all()
        assert (_numbers(frame, column) % 1 == 0).all()
    assert (_numbers(frame, "upheld") <= received).all()
    assert (_numbers(frame, "answered_in_time") <= received).all()


def test_survey_counts_are_consistent(tables):
    frame = tables["satisfaction"]
    respondents = _numbers(frame, "respondents")
    assert respondents.between(900, 1200).all()
    assert (_numbers(frame, "satisfied") <= respondents).all()
    assert (_numbers(frame, "satisfied") > 0).all()


def test_budget_is_on_a_council_scale(tables):
    frame = tables["budget_monitoring"].copy()
    for column in ("budget_gbp", "forecast_outturn_gbp", "savings_planned_gbp",
                   "savings_delivered_gbp"):
        frame[column] = _numbers(frame, column)
        assert (frame[column] >= 0).all()
    totals = frame.groupby("period")["budget_gbp"].sum()
    assert totals.between(*BUDGET_RANGE).all()
    assert (frame["savings_delivered_gbp"] <= frame["savings_planned_gbp"]).all()
    assert frame.groupby("period")["service"].nunique().eq(8).all()
    adults = frame[frame["service"] == "Adult social care"]
    assert (adults["forecast_outturn_gbp"] > adults["budget_gbp"]).mean() > 0.5


def test_budget_runs_to_the_latest_quarter_in_the_data(tables, council_totals):
    quarters = [parse_period(p) for p in council_totals["period"].unique()]
    quarters = [p for p in quarters if p.kind == "financial_quarter"]
    latest = max(quarters).label if quarters else "2025-26 Q3"
    periods = sorted({parse_period(p) for p in tables["budget_monitoring"]["period"]})
    assert periods[-1].label == latest
    assert periods[0].part == 1


# -- targets, commentary and actions -----------------------------------------------------


def _observed(council_totals) -> set[tuple[str, str]]:
    return set(zip(council_totals["indicator_id"], council_totals["period"], strict=True))


def _proposed(targets: pd.DataFrame) -> pd.Series:
    """Next year's proposed targets (for the target review): periods whose middle
    falls after March 2026, the end of the latest financial year."""
    def later(label: str) -> bool:
        period = parse_period(label)
        return period.start + (period.end - period.start) / 2 > date(2026, 3, 31)
    return targets["period"].map(later)


def test_targets_reference_known_indicators_and_periods(tables, indicators, council_totals):
    targets = tables["targets"]
    assert set(targets["indicator_id"]) <= set(indicators.index)
    assert set(indicators.loc[targets["indicator_id"].unique(), "polarity"]) <= {
        "higher_is_better", "lower_is_better"}
    observed = _observed(council_totals)
    current = targets[~_proposed(targets)]
    pairs = zip(current["indicator_id"], current["period"], strict=True)
    assert all(pair in observed for pair in pairs), "a target for a period with no data"
    assert (_numbers(targets, "tolerance") >= 0).all()
    assert current.groupby("indicator_id").size().max() <= 3


def test_next_years_targets_are_proposed_for_some_measures_with_a_target_now(tables):
    targets = tables["targets"]
    proposed = targets[_proposed(targets)]
    assert 15 <= len(proposed) <= 20 and proposed["indicator_id"].is_unique
    assert set(proposed["period"]) <= {"2026-27", "2026/27", "2026"}
    now = set(targets.loc[~_proposed(targets), "indicator_id"])
    assert set(proposed["indicator_id"]) < now  # some are left without one
    assert (proposed["synthetic"] == "true").all()


def test_statutory_thresholds_are_used_where_performance_falls_short(tables, indicators,
                                                                     council_values):
    thresholds = pd.to_numeric(indicators["statutory_threshold"], errors="coerce").dropna()
    targets = tables["targets"]
    for indicator_id, rows in targets[targets["indicator_id"].isin(thresholds.index)].groupby(
            "indicator_id"):
        threshold = thresholds[indicator_id]
        sign = 1 if indicators.at[indicator_id, "polarity"] == "higher_is_better" else -1
        values = [council_values.get((indicator_id, p)) for p in rows["period"]]
        if all(v is not None and sign * (threshold - v) > 0 for v in values):
            assert (_numbers(rows, "target") == threshold).any(), indicator_id


def _worse(indicators, indicator_id: str, target: float, outturn: float) -> bool:
    sign = 1 if indicators.at[indicator_id, "polarity"] == "higher_is_better" else -1
    return sign * (target - outturn) < 0


def test_some_targets_are_below_last_years_outturn(tables, indicators, council_values):
    found = set()
    for row in tables["targets"].itertuples():
        last_year = parse_period(row.period).same_period_last_year().label
        outturn = council_values.get((row.indicator_id, last_year))
        if outturn is not None and _worse(indicators, row.indicator_id,
                                          float(row.target), outturn):
            found.add(row.indicator_id)
    assert len(found) >= 2


def test_some_values_sit_just_over_their_targets(tables, indicators, council_values):
    bunched = []
    for indicator_id, rows in tables["targets"].groupby("indicator_id"):
        sign = 1 if indicators.at[indicator_id, "polarity"] == "higher_is_better" else -1
        margins = []
        for row in rows.itertuples():
            value = council_values.get((indicator_id, row.period))
            target = float(row.target)
            if value is not None and target != 0:
                margins.append(sign * (value - target) / abs(target) * 100)
        allowed = BUNCHING_MARGIN * float(rows["tolerance"].iloc[0])
        if len(margins) == 3 and all(0 < m <= allowed for m in margins):
            bunched.append(indicator_id)
    assert bunched


def test_commentary_is_for_known_indicators_and_periods(tables, indicators, council_totals):
    commentary = tables["commentary"]
    assert set(commentary["indicator_id"]) <= set(indicators.index)
    assert 2 <= commentary["indicator_id"].nunique() <= 15
    assert (commentary["commentary"].str.len() > 20).all()
    assert (commentary["author"] != "").all()
    observed = _observed(council_totals)
    pairs = zip(commentary["indicator_id"], commentary["period"], strict=True)
    assert all(pair in observed for pair in pairs)


def test_actions_have_owners_due_dates_and_some_overdue(tables, indicators):
    actions = tables["actions"]
    linked = actions.loc[actions["indicator_id"] != "", "indicator_id"]
    assert set(linked) <= set(indicators.index)
    assert (actions["indicator_id"] == "").any()
    assert (actions["status"] == "overdue").sum() >= 2
    assert (actions["status"] == "at_risk").any()
    assert pd.to_datetime(actions["due_date"], format="%Y-%m-%d").notna().all()
    assert (actions["owner"] != "").all()
