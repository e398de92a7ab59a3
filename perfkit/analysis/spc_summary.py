"""The plain-English summaries of an :func:`perfkit.analysis.spc.xmr` result.

:func:`variation` says what the latest value shows and :func:`assurance` whether
the target will be met, as the Making Data Count icons do.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from perfkit.analysis import spc_rules as rules
from perfkit.analysis.spc import (
    ASSURANCES,
    MIN_POINTS_RELIABLE,
    RUN_LENGTH,
    TREND_LENGTH,
    _direction,
)

__all__ = [
    "ASSURANCE_LABELS",
    "VARIATION_LABELS",
    "Assurance",
    "Variation",
    "assurance",
    "variation",
]


# -- summaries -----------------------------------------------------------------
VARIATION_LABELS = {
    "common_cause": "No significant change",
    "special_cause_improvement": "Significant improvement",
    "special_cause_concern": "Significant deterioration",
    "special_cause_neutral_high": "Significantly higher (neither better nor worse)",
    "special_cause_neutral_low": "Significantly lower (neither better nor worse)",
}
ASSURANCE_LABELS = {
    "consistently_passes": "Consistently meets the target: the target lies outside the "
    "process limits on the good side, so it will be met nearly every time unless the "
    "process changes",
    "hit_and_miss": "Hit and miss: the target lies within the process limits, so by "
    "chance alone it will sometimes be met and sometimes missed",
    "consistently_fails": "Consistently misses the target: the target lies outside the "
    "process limits on the bad side, so it will not be met unless the process changes",
}


@dataclass(frozen=True)
class Variation:
    """What the latest value says: the Making Data Count variation icon, in words."""

    code: str | None
    label: str
    period: object
    value: float
    rule: str | None
    trial_limits: bool


@dataclass(frozen=True)
class Assurance:
    """Whether the process can be relied on to meet its target: the assurance icon."""

    code: str | None
    label: str
    target: float | None


def _reason(rule: str, side: str, attrs: dict) -> str:
    higher = side == "high"
    return {
        "outside_limits": "the latest value is "
        + ("above the upper" if higher else "below the lower")
        + " process limit",
        "trend": f"the latest value is one of {attrs.get('trend_length', TREND_LENGTH)} or more "
        "in a row each " + ("higher" if higher else "lower") + " than the one before",
        "two_of_three": "two of three values in a row, the latest among them, are close to "
        "the " + ("upper" if higher else "lower") + " process limit",
        "run": f"the latest value is one of {attrs.get('run_length', RUN_LENGTH)} or more in a "
        "row " + ("above" if higher else "below") + " the average",
    }[rule]


def _caveat(latest: pd.Series) -> str:
    if np.isnan(latest["lpl"]):
        return " There are too few values to set process limits, so no change can be detected."
    if latest["trial_limits"]:
        return (
            f" The limits rest on fewer than {MIN_POINTS_RELIABLE} values, so read them "
            "with caution."
        )
    return ""


def variation(result: pd.DataFrame) -> Variation:
    """The variation verdict for the latest observed value of one :func:`xmr` result."""
    observed = result[result["value"].notna()]
    if observed.empty:
        return Variation(None, "No data: there is no value to judge.", None, np.nan, None, True)
    latest = observed.iloc[-1]
    code = str(latest["point_type"])
    label = VARIATION_LABELS[code]
    rule = None if pd.isna(latest["special_cause_rule"]) else str(latest["special_cause_rule"])
    if rule is not None:
        label += ": " + _reason(rule, str(latest["special_cause"]), result.attrs)
    label += "." + _caveat(latest)
    return Variation(
        code,
        label,
        latest.get("period"),
        float(latest["value"]),
        rule,
        bool(latest["trial_limits"]),
    )


def assurance(
    result: pd.DataFrame, target: float | None = None, improvement: str | None = None
) -> Assurance:
    """Whether the latest limits of one :func:`xmr` result lie clear of the target.

    ``target`` and ``improvement`` default to those the result was made with.
    Returns code None, with the reason as the label, when there is no target, the
    measure is neutral, or there are no limits.
    """
    target = result.attrs.get("target") if target is None else target
    improvement = improvement or result.attrs.get("improvement", "increase")
    direction = _direction(improvement)
    if target is None or pd.isna(target):
        return Assurance(None, "No target, so no assurance.", None)
    if direction == 0:
        return Assurance(None, "Neither direction is better, so no assurance.", float(target))
    if result.empty or pd.isna(result["lpl"].iloc[-1]):
        return Assurance(
            None, "Too few values to set process limits, so no assurance.", float(target)
        )
    latest = result.iloc[-1]
    code = ASSURANCES[
        rules.assurance_codes(
            np.array([float(target)]),
            np.array([latest["lpl"]]),
            np.array([latest["upl"]]),
            np.array([direction]),
        )[0]
    ]
    return Assurance(code, ASSURANCE_LABELS[code] + ".", float(target))
