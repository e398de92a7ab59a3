"""The consistency check: no verdict may contradict the evidence beside it.

:func:`contradictions` reads the assessment table (see
:mod:`perfkit.analysis.verdict`) and returns one row per contradiction found,
of the kinds in :data:`KINDS`. The reconciliation step
(:mod:`perfkit.analysis.reconcile`) is built so that there are none; this
check runs over every council of the bundled data in the tests
(``tests/analysis/test_consistency.py``) and guards against a rule added
later that breaks one.
"""

from __future__ import annotations

import pandas as pd

from perfkit.analysis.reconcile import ABOUT_THE_SAME, RUN_RULES, display_step
from perfkit.analysis.warning_signs import STALE_AFTER_PERIODS
from perfkit.polarity import polarity_sign

__all__ = ["KINDS", "contradictions"]

_SPC_REASON = "A real change for the worse, beyond normal ups and downs."
_STATUTORY = ("Below the level the law requires.", "Above the level the law allows.")


def _relative_change(frame: pd.DataFrame) -> pd.Series:
    return (frame["value"] - frame["last_year_value"]).abs() / frame["last_year_value"].abs()


def _about_the_same_but_big(frame: pd.DataFrame) -> pd.Series:
    step = display_step(frame["decimal_places"])
    differs = (frame["value"] / step).round() != (frame["last_year_value"] / step).round()
    return frame["direction_last_year"].eq("no_significant_change") & differs & (
        _relative_change(frame) >= ABOUT_THE_SAME)


def _direction_against_change(frame: pd.DataFrame) -> pd.Series:
    signed = (frame["value"] - frame["last_year_value"]) * polarity_sign(
        frame["polarity"], frame.index)
    return (frame["direction_last_year"].eq("improving") & (signed < 0)) | (
        frame["direction_last_year"].eq("worsening") & (signed > 0))


def _attention_but_best(frame: pd.DataFrame) -> pd.Series:
    best = frame["peer_quartile"].eq(1) & frame["direction_last_year"].eq("improving")
    return frame["verdict"].eq("concern") & best & ~frame["verdict_reason"].isin(_STATUTORY)


def _neutral_judged(frame: pd.DataFrame) -> pd.Series:
    return frame["polarity"].eq("neutral") & frame["verdict"].ne("context")


def _run_rule_at_bound(frame: pd.DataFrame) -> pd.Series:
    from_spc = frame["verdict"].eq("concern") & frame["verdict_reason"].eq(_SPC_REASON)
    unreadable = ~frame["spc_usable"].astype(bool) | (
        frame["at_bound"].astype(bool) & frame["spc_rule"].isin(RUN_RULES))
    return from_spc & unreadable


def _improving_but_worse(frame: pd.DataFrame) -> pd.Series:
    return frame["verdict"].eq("improving") & frame["direction_last_year"].eq("worsening")


def _concern_but_improving(frame: pd.DataFrame) -> pd.Series:
    return frame["verdict"].eq("concern") & frame["direction_last_year"].eq("improving") & \
        frame["verdict_reason"].eq(_SPC_REASON)


def _stale_but_judged(frame: pd.DataFrame) -> pd.Series:
    return (frame["periods_behind"] > STALE_AFTER_PERIODS) & ~frame["verdict"].isin(
        ["stale", "context"])


#: kind -> (test, what is wrong). Each kind is a contradiction a reader could meet.
KINDS = {
    "about_the_same_but_big": (_about_the_same_but_big,
                               "called about the same, but changed by 2% or more"),
    "direction_against_change": (_direction_against_change,
                                 "the direction of travel disagrees with the change"),
    "attention_but_best": (_attention_but_best,
                           "needs attention, yet in the best quarter and better than last year"),
    "neutral_judged": (_neutral_judged, "a context measure given a judgement"),
    "run_rule_at_bound": (_run_rule_at_bound,
                          "needs attention from SPC on a series at its bound or too coarse"),
    "improving_but_worse": (_improving_but_worse, "getting better, yet worse than last year"),
    "concern_but_improving": (_concern_but_improving,
                              "a real change for the worse, yet better than last year"),
    "stale_but_judged": (_stale_but_judged, "an out-of-date figure judged as current"),
}


def contradictions(assessment: pd.DataFrame) -> pd.DataFrame:
    """One row per contradiction: area_code, indicator_id, breakdown, kind and
    what is wrong. Empty when the verdicts agree with their evidence."""
    found = []
    keys = ["area_code", "indicator_id", "breakdown_dimension", "breakdown_category"]
    for kind, (test, what) in KINDS.items():
        hit = test(assessment).fillna(False).astype(bool)
        found.append(assessment.loc[hit, keys].assign(kind=kind, problem=what))
    return pd.concat(found, ignore_index=True)
