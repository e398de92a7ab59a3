"""What a comparison looks at (perfkit/analysis/selection.py): only the totals
of the observations, as a copy without the loader's attrs, and the council
with its peers, each once, the council first."""

from __future__ import annotations

import pandas as pd

from perfkit.analysis.selection import group_with_peers, select_totals


def test_only_totals_are_selected_without_attrs():
    observations = pd.DataFrame({
        "area_code": ["X", "X", "X"],
        "value": [1.0, 2.0, 3.0],
        "breakdown_dimension": ["all", "sex", "all"],
        "breakdown_category": ["all", "female", "female"],
    })
    observations.attrs["row_numbers"] = [2, 3, 4]
    totals = select_totals(observations)
    assert totals["value"].tolist() == [1.0]
    assert totals.attrs == {} and observations.attrs == {"row_numbers": [2, 3, 4]}
    totals.loc[0, "value"] = 9.0  # a copy: the observations are untouched
    assert observations.loc[0, "value"] == 1.0


def test_the_council_comes_first_and_each_area_once():
    assert group_with_peers("X", ["P1", "X", "P2", "P1"]) == ["X", "P1", "P2"]
    assert group_with_peers("X", []) == ["X"]
