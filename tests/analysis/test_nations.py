"""Each council's nation and its national row (perfkit/analysis/nations.py):
found in the areas table, never assumed."""

from __future__ import annotations

import pandas as pd

from perfkit.analysis.nations import (
    add_nation,
    all_councils_in,
    nation_of,
    national_code_of,
    national_codes,
)

AREAS = pd.DataFrame({
    "area_code": ["S92000003", "S12000049", "W06000015", "E08000009", "E92000001"],
    "area_type": ["country", "unitary", "unitary", "metropolitan_district", "country"],
    "nation": ["Scotland", "Scotland", "Wales", "England", "England"],
})


def test_the_national_row_is_the_country_row_of_the_nation():
    assert national_codes(AREAS).to_dict() == {"Scotland": "S92000003",
                                               "England": "E92000001"}
    assert national_code_of(AREAS, "S12000049") == "S92000003"
    assert national_code_of(AREAS, "W06000015") is None  # no row for Wales in these data
    assert nation_of(AREAS, "W06000015") == "Wales"
    assert nation_of(AREAS, "X1") is None and national_code_of(AREAS, "X1") is None


def test_add_nation_puts_each_rows_nation_and_national_code_beside_it():
    rows = pd.DataFrame({"area_code": ["S12000049", "W06000015", "E08000009", "X1"]})
    found = add_nation(rows, AREAS)
    assert found["nation"].tolist()[:3] == ["Scotland", "Wales", "England"]
    codes = found["national_code"]
    assert (codes.iloc[0], codes.iloc[2]) == ("S92000003", "E92000001")
    assert pd.isna(codes.iloc[1])  # Wales has no row here
    assert pd.isna(found["nation"].iloc[3]) and pd.isna(found["national_code"].iloc[3])


def test_the_comparison_in_words():
    assert all_councils_in("Northern Ireland") == "all councils in Northern Ireland"
    assert all_councils_in(None) == "all councils in its nation"
