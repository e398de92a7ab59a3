"""The consistency check (perfkit/analysis/consistency.py): each kind of
contradiction is caught on a hand-built row, and the whole bundled data, every
council with figures, has none."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from perfkit.analysis.consistency import KINDS, contradictions
from perfkit.analysis.verdict import AssessmentOptions, assess
from perfkit.data.loading import load_data
from tests.paths import DATA


def _row(**columns) -> pd.DataFrame:
    base = {"area_code": "E1", "indicator_id": "m", "breakdown_dimension": "all",
            "breakdown_category": "all", "polarity": "higher_is_better", "value": 50.0,
            "last_year_value": 50.0, "decimal_places": 1,
            "direction_last_year": "no_significant_change", "verdict": "steady",
            "verdict_reason": "No real change.", "peer_quartile": 2, "spc_usable": True,
            "at_bound": False, "spc_rule": None, "periods_behind": 0}
    return pd.DataFrame([{**base, **columns}])


@pytest.mark.parametrize(("kind", "columns"), [
    ("about_the_same_but_big", {"value": 87.1, "last_year_value": 65.6}),
    ("direction_against_change", {"value": 40.0, "direction_last_year": "improving"}),
    ("attention_but_best", {"verdict": "concern", "peer_quartile": 1, "value": 60.0,
                            "direction_last_year": "improving"}),
    ("neutral_judged", {"polarity": "neutral", "verdict": "steady"}),
    ("run_rule_at_bound", {"verdict": "concern", "at_bound": True, "spc_rule": "run",
                           "verdict_reason":
                               "A real change for the worse, beyond normal ups and downs."}),
    ("improving_but_worse", {"verdict": "improving", "value": 40.0,
                             "direction_last_year": "worsening"}),
    ("concern_but_improving", {"verdict": "concern", "value": 60.0,
                               "direction_last_year": "improving", "verdict_reason":
                                   "A real change for the worse, beyond normal ups and downs."}),
    ("stale_but_judged", {"periods_behind": 5}),
])
def test_each_kind_is_caught(kind, columns):
    found = contradictions(_row(**columns))
    assert kind in set(found["kind"]), found
    assert set(KINDS) >= set(found["kind"])


def test_a_consistent_row_has_none():
    assert contradictions(_row()).empty


def test_the_bundled_data_has_no_contradictions():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        table = assess(load_data(DATA), AssessmentOptions(period="2025-26 Q3"))
    assert table["area_code"].nunique() > 300  # every council with figures
    found = contradictions(table)
    assert found.empty, found.groupby("kind").size().to_dict()
