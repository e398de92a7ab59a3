"""The assessment table end to end on a small hand-made dataset: each warning
sign triggered by its own short series (perfkit/verdict.py, flags.py,
history.py, narrative.py, questions.py)."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from perfkit.analysis.verdict import (
    ASSESSMENT_COLUMNS,
    AssessmentOptions,
    assess,
)
from perfkit.data.loading import load_data
from perfkit.report.narrative import SPC_EXPLAINED, describe, narrate
from perfkit.report.questions import scrutiny_questions

FOCAL = "E08000001"
PEERS = [f"E0800000{i}" for i in range(2, 9)]
QUARTERS = [f"{y}-{(y + 1) % 100:02d} Q{q}" for y in (2021, 2022, 2023, 2024) for q in (1, 2, 3, 4)]
STABLE = [50, 52, 49, 51, 50, 48, 52, 50, 51, 49, 50, 52, 48, 51, 50, 49]  # common cause


def _series(indicator, values, periods, area=FOCAL, status=None):
    rows = []
    for i, (period, value) in enumerate(zip(periods, values, strict=True)):
        if value is None:
            continue
        rows.append({"area_code": area, "indicator_id": indicator, "period": period,
                     "value": value, "status": (status or {}).get(i, "final")})
    return rows


def _peer_values(indicator, period, values):
    return [{"area_code": code, "indicator_id": indicator, "period": period, "value": v,
             "status": "final"} for code, v in zip(PEERS, values, strict=True)]


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    folder = tmp_path_factory.mktemp("data")
    areas = [{"area_code": c, "area_name": f"Council {c[-1]}", "area_type":
              "metropolitan_district", "region": "North West", "nation": "England"}
             for c in [FOCAL, *PEERS]]
    pd.DataFrame(areas).to_csv(folder / "areas.csv", index=False)
    ids = ["bottom", "noise", "lowball", "bunched", "gappy", "stale", "worse", "legal"]
    indicators = [{"indicator_id": i, "title": f"Indicator {i}", "short_title": i,
                   "unit": "percent", "polarity": "higher_is_better", "decimal_places": 1,
                   "frequency": "financial_quarter", "source": "test", "licence": "OGL v3",
                   "enquiry_lines": "trends",
                   "statutory_threshold": 100.0 if i == "legal" else None} for i in ids]
    pd.DataFrame(indicators).to_csv(folder / "indicators.csv", index=False)
    last = QUARTERS[-1]
    rows = []
    # green but bottom quartile: meets a low target, every peer does better
    rows += _series("bottom", STABLE, QUARTERS)
    rows += _peer_values("bottom", last, [70, 72, 74, 76, 78, 80, 82])
    # red but common cause: a stable process well below a target of 60
    rows += _series("noise", STABLE, QUARTERS)
    # unambitious: the target (45) is below the same quarter last year (52)
    rows += _series("lowball", STABLE, QUARTERS)
    # bunched: the last four quarters sit just over a target of 80
    rows += _series("bunched", STABLE[:12] + [80.3, 80.2, 80.4, 80.1], QUARTERS)
    # gappy: two recent quarters missing, one provisional
    rows += _series("gappy", STABLE[:12] + [None, None, 51, 50], QUARTERS, status={15: "provisional"})
    # stale: nothing after 2022-23
    rows += _series("stale", STABLE[:8], QUARTERS[:8])
    # a real deterioration: a run of low values (special cause concern)
    rows += _series("worse", STABLE[:8] + [40, 41, 39, 40, 41, 40, 39, 40], QUARTERS)
    # a legal duty missed: a stable process near 50% against a statutory 100%, no target
    rows += _series("legal", STABLE, QUARTERS)
    pd.DataFrame(rows).to_csv(folder / "observations.csv", index=False)
    targets = [("bottom", last, 45), ("noise", last, 60), ("lowball", last, 45)]
    targets += [("bunched", p, 80) for p in QUARTERS[-4:]]
    pd.DataFrame([{"indicator_id": i, "area_code": FOCAL, "period": p, "target": t,
                   "tolerance": 5} for i, p, t in targets]).to_csv(
        folder / "targets.csv", index=False)
    peers = [{"group_id": "test_peers", "group_name": "test peers", "group_kind": "custom",
              "area_code": FOCAL, "peer_code": c, "rank": r} for r, c in enumerate(PEERS, 1)]
    pd.DataFrame(peers).to_csv(folder / "peer_groups.csv", index=False)
    return load_data(folder)


@pytest.fixture(scope="module")
def assessment(dataset):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        table = assess(dataset, AssessmentOptions(period=QUARTERS[-1], areas=(FOCAL,),
                                                  peer_group="test_peers"))
    return table.set_index("indicator_id")


def _flags(assessment, indicator):
    return set(filter(None, assessment.loc[indicator, "flags"].split(";")))


def test_columns_are_the_documented_ones(assessment):
    assert sorted(assessment.reset_index().columns) == sorted(ASSESSMENT_COLUMNS)


def test_green_but_bottom_quartile(assessment):
    row = assessment.loc["bottom"]
    assert row["rag"] == "green" and row["peer_rank"] == 8 and row["peer_quartile"] == 4
    assert "green_but_bottom_quartile" in _flags(assessment, "bottom")
    assert "bottom quarter" in row["flag_reasons"]
    questions = [q for _, q in scrutiny_questions(row)]
    assert any("stretching enough" in q for q in questions)


def test_red_but_common_cause(assessment):
    row = assessment.loc["noise"]
    assert (row["rag"], row["variation"]) == ("red", "common_cause")
    assert _flags(assessment, "noise") == {"red_but_common_cause"}
    assert row["assurance"] == "consistently_fails"  # 60 is above the upper limit


def test_unambitious_target(assessment):
    row = assessment.loc["lowball"]
    assert row["last_year_value"] == 52 and row["target"] == 45
    assert "unambitious_target" in _flags(assessment, "lowball")
    assert "less ambitious than last year's result (52)" in row["flag_reasons"]


def test_bunched_over_target(assessment):
    row = assessment.loc["bunched"]
    assert row["periods_just_over_target"] == 4
    assert "bunched_over_target" in _flags(assessment, "bunched")


def test_series_break_names_gaps_and_provisional_figures(assessment):
    row = assessment.loc["gappy"]
    assert row["missing_periods"] == 2
    assert "2024-25 Q4 provisional" in row["recent_status_notes"]
    assert "series_break" in _flags(assessment, "gappy")


def test_stale_data(assessment):
    row = assessment.loc["stale"]
    assert row["period"] == "2022-23 Q4" and row["periods_behind"] == 8
    assert "stale_data" in _flags(assessment, "stale")


def test_special_cause_concern_gives_a_concern_verdict(assessment):
    row = assessment.loc["worse"]
    assert row["variation"] == "special_cause_concern"
    assert row["verdict"] == "concern" and row["verdict_label"] == "Needs attention"


def test_no_flags_where_nothing_is_wrong(assessment):
    assert _flags(assessment, "worse") == set()


def test_direction_of_travel_is_the_change_and_noise_is_said_apart(assessment):
    row = assessment.loc["noise"]
    # 49 (2024-25 Q4) against 50 (Q3) and 52 (2023-24 Q4): falls of 2.0% and 5.8%, both
    # at least 2% of the earlier figure, so both are "worsening" (higher is better).
    # The mean moving range of STABLE is 31/15 = 2.07, so chance explains a change of
    # up to 3.267 x 2.07 = 6.75: neither is beyond usual variation.
    assert row["value"] == 49
    assert row["previous_value"] == 50 and row["last_year_value"] == 52
    assert row["direction_previous"] == row["direction_last_year"] == "worsening"
    assert not row["previous_beyond_usual"] and not row["last_year_beyond_usual"]


def test_every_sentence_traces_to_assessment_columns(assessment):
    row = assessment.reset_index().set_index("indicator_id", drop=False).loc["bottom"]
    for sentence in narrate(row):
        assert sentence.fields and set(sentence.fields) <= set(ASSESSMENT_COLUMNS)
    text = describe(row)
    assert "49.0% in 2024-25 Q4" in text
    assert "8th" in text and "1st is best" in text


def test_spc_jargon_is_explained():
    assert "common cause variation" in SPC_EXPLAINED and "special cause variation" in SPC_EXPLAINED


# -- nothing selected ------------------------------------------------------------------
@pytest.mark.parametrize("options", [
    AssessmentOptions(indicators=("no_such_id",)),
    AssessmentOptions(indicators=()),                         # a theme matching nothing
    AssessmentOptions(areas=("E09999999",)),                  # a council with no figures
    AssessmentOptions(period="2001-02 Q1", peer_group="test_peers"),  # before the data
], ids=["unknown indicator", "no indicators", "unknown council", "too early"])
def test_an_empty_selection_gives_an_empty_table(dataset, assessment, options):
    table = assess(dataset, options)
    assert table.empty and list(table.columns) == ASSESSMENT_COLUMNS
    full = assessment.reset_index()
    # numbers stay numbers and true/false stays true/false, where the full table
    # has a value to say what it is (this dataset has no numerators, for example)
    for column in [c for c in ASSESSMENT_COLUMNS if full[c].notna().any()]:
        for check in (pd.api.types.is_numeric_dtype, pd.api.types.is_bool_dtype):
            assert check(table[column]) == check(full[column]), column
    assert table["value"].dtype == "float64" and table["peer_rank"].dtype == "Int64"
    assert table["points"].dtype == "int64" and table["spc_reliable"].dtype == bool


# -- the statutory threshold rule --------------------------------------------------------
def test_a_missed_statutory_threshold_needs_attention(assessment):
    row = assessment.loc["legal"]
    # 49% (2024-25 Q4) against a statutory 100%: common cause, no target, no warning sign,
    # so before this rule it was "Steady"
    assert (row["value"], row["statutory_threshold"]) == (49, 100)
    assert (row["variation"], row["rag"], row["flags"]) == ("common_cause", "none", "")
    assert (row["verdict"], row["verdict_label"]) == ("concern", "Needs attention")
    assert row["verdict_reason"] == "Below the level the law requires."
