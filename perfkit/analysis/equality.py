"""Equality breakdowns: rates with Wilson intervals, disparity ratios with Katz
intervals (both from :mod:`perfkit.analysis.intervals`), and small-number
suppression (:mod:`perfkit.analysis.suppression`).

Every function works on whole columns at once and returns a tidy DataFrame;
nothing here draws. Rules, constants and sources are in
``docs/methodology.md`` ("Equality breakdowns and small-number suppression").

Units: the intervals are worked in *proportions* (0 to 1), as the formulas
do. The tables (:func:`disparity_ratios`, :func:`equality_summary`,
:func:`fsm_gap`) give rates in *per cent* and gaps in *percentage points*, the
units councillors read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from perfkit.analysis.intervals import CONFIDENCE, ratio_interval, wilson_interval
from perfkit.analysis.suppression import SUPPRESSION_THRESHOLD, suppress_small_numbers
from perfkit.data.contract import NO_BREAKDOWN
from perfkit.periods import period_end_dates

__all__ = [
    "CONFIDENCE",
    "EQUALITY_DIMENSIONS",
    "REFERENCE_OTHERS",
    "REFERENCE_TOTAL",
    "SUPPRESSION_THRESHOLD",
    "disparity_ratios",
    "equality_summary",
    "fsm_gap",
    "suppress_small_numbers",
]

PERCENT = 100.0
REFERENCE_OTHERS = "others"
"""Compare each group with everyone else in the total (the default)."""
REFERENCE_TOTAL = "all"
"""Compare each group with the total, which contains it (not independent)."""
EQUALITY_DIMENSIONS = ("age", "sex", "ethnicity")
FSM_INDICATOR = "persistent_absence"
FSM_DIMENSION = "pupil_group"
FSM_CATEGORY = "free school meals"
UNKNOWN_CATEGORIES = ("unknown", "unclassified", "not known", "refused", "not recorded")
"""Categories listed last in a breakdown, whatever their spelling's case."""
TABLE_KEYS = ("area_code", "indicator_id", "period")
_DERIVED = ("rate", "rate_lower", "rate_upper", "comparison_rate", "ratio", "ratio_lower",
            "ratio_upper", "gap_points", "significant")
_COMPARED = ("comparison_rate", "ratio", "ratio_lower", "ratio_upper", "gap_points",
             "significant")
_NUMBER = re.compile(r"(\d+)")


# -- disparity ---------------------------------------------------------------------
def _merge(left: pd.DataFrame, right: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Left join on ``keys``; with no keys, every left row gets the one right row."""
    if keys:
        return left.merge(right, on=keys, how="left")
    if right.empty:
        return left.assign(**{column: np.nan for column in right.columns})
    return left.merge(right.head(1), how="cross")


def _first_per(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    return frame.drop_duplicates(keys) if keys else frame.head(1)


def _totals(rows: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Total numerator and denominator for each row's table: the total row
    where there is one, otherwise the sum of the dimension's categories."""
    is_total = rows["dimension"].eq(NO_BREAKDOWN)
    sums = (rows[~is_total].groupby([*keys, "dimension"], sort=False)[["numerator", "denominator"]]
            .sum(min_count=1).add_prefix("sum_").reset_index())
    published = rows.loc[is_total, [*keys, "numerator", "denominator"]].rename(
        columns={"numerator": "total_numerator", "denominator": "total_denominator"})
    table = _merge(rows[[*keys, "dimension"]], sums, [*keys, "dimension"])
    table = _merge(table, _first_per(published, keys), keys)
    for part in ("numerator", "denominator"):
        table[f"total_{part}"] = table[f"total_{part}"].fillna(table[f"sum_{part}"])
    return table[["total_numerator", "total_denominator"]].set_axis(rows.index)


def _comparison(rows: pd.DataFrame, keys: list[str], reference: str) -> pd.DataFrame:
    """Counts and label of the group each row is compared with."""
    totals = _totals(rows, keys)
    if reference == REFERENCE_OTHERS:
        n = totals["total_numerator"] - rows["numerator"]
        d = totals["total_denominator"] - rows["denominator"]
        label = "all others"
    elif reference == REFERENCE_TOTAL:
        n, d, label = totals["total_numerator"], totals["total_denominator"], "all"
    else:
        chosen = rows.loc[rows["category"].eq(reference),
                          [*keys, "dimension", "numerator", "denominator"]]
        found = _merge(rows[[*keys, "dimension"]], _first_per(chosen, [*keys, "dimension"]),
                       [*keys, "dimension"]).set_axis(rows.index)
        n, d, label = found["numerator"], found["denominator"], reference
    usable = d.gt(0) & ~rows["dimension"].eq(NO_BREAKDOWN)
    return pd.DataFrame({"comparison": np.where(usable, label, None),
                         "comparison_numerator": n.where(usable),
                         "comparison_denominator": d.where(usable)}, index=rows.index)


def _measures(rows: pd.DataFrame, confidence: float) -> pd.DataFrame:
    n, d = rows["numerator"], rows["denominator"]
    cn, cd = rows["comparison_numerator"], rows["comparison_denominator"]
    valid = n.le(d) & n.ge(0)
    lower, upper = wilson_interval(n.where(valid), d.where(valid), confidence)
    ratio, ratio_lower, ratio_upper = ratio_interval(n, d, cn, cd, confidence)
    out = rows.assign(
        rate=(n / d * PERCENT).where(d.gt(0)),
        rate_lower=lower * PERCENT, rate_upper=upper * PERCENT,
        comparison_rate=(cn / cd * PERCENT).where(cd.gt(0)),
        ratio=ratio, ratio_lower=ratio_lower, ratio_upper=ratio_upper)
    out["gap_points"] = out["rate"] - out["comparison_rate"]
    judged = out["ratio_lower"].notna()
    significant = (out["ratio_lower"] > 1) | (out["ratio_upper"] < 1)
    out["significant"] = pd.array(significant.where(judged), dtype="boolean")
    return out


def _mark_reference_rows(out: pd.DataFrame, reference: str) -> pd.DataFrame:
    if reference in (REFERENCE_OTHERS, REFERENCE_TOTAL):
        return out
    own = out["category"].eq(reference) & out["comparison"].notna()
    out.loc[own, ["ratio", "gap_points"]] = [1.0, 0.0]
    out.loc[own, ["ratio_lower", "ratio_upper"]] = np.nan
    out.loc[own, "significant"] = pd.NA
    out.loc[own, "comparison"] = "reference group"
    return out


def _hide(out: pd.DataFrame, keys: list[str], reference: str) -> pd.DataFrame:
    """Blank what suppressed counts would reveal: the row's own measures, and
    comparisons whose source (the total, or the reference group) is hidden."""
    out.loc[out["suppressed"], list(_DERIVED)] = pd.NA
    if reference in (REFERENCE_OTHERS, REFERENCE_TOTAL):
        source, on = out["dimension"].eq(NO_BREAKDOWN), keys
    else:
        source, on = out["category"].eq(reference), [*keys, "dimension"]
    hidden = out.loc[source & out["suppressed"], on].drop_duplicates().assign(_hidden=True)
    if hidden.empty:
        return out
    flag = _merge(out[on], hidden, on)["_hidden"].fillna(False).astype(bool).to_numpy()
    out.loc[flag, list(_COMPARED)] = pd.NA
    return out


def _category_order(rows: pd.DataFrame) -> pd.DataFrame:
    """Sort key within a dimension: categories with a number by the number
    (age 2 before age 10), then the rest by name, with 'Unknown' and the like last."""
    text = rows["category"].astype(str)
    number = text.str.extract(_NUMBER.pattern, expand=False).astype(float)
    unknown = text.str.lower().isin(UNKNOWN_CATEGORIES)
    return pd.DataFrame({"unknown": unknown, "number": number, "text": text.str.lower()})


def disparity_ratios(
    frame: pd.DataFrame,
    reference: str = REFERENCE_OTHERS,
    confidence: float = CONFIDENCE,
    threshold: int | None = SUPPRESSION_THRESHOLD,
) -> pd.DataFrame:
    """Rate of each breakdown category, with its Wilson interval, compared with
    a reference: ratio of the two rates with a Katz log interval, and the gap
    in percentage points.

    ``frame`` is observations with numerator, denominator, breakdown_dimension
    and breakdown_category (one or more of area_code, indicator_id, period
    may pick out several tables). ``reference`` is ``"others"`` (each group
    against everyone else in the total: total minus the group; the default),
    ``"all"`` (against the total, which contains the group, so the two are not
    independent and the interval is only approximate) or a category name
    (against that category in the same dimension). Rates are per cent.
    ``significant`` is True where the ratio's interval excludes 1, NA where it
    cannot be judged. With a ``threshold`` (None to skip), counts are passed
    through :func:`suppress_small_numbers` and everything a hidden count would
    reveal is blanked.
    """
    keys = [k for k in TABLE_KEYS if k in frame.columns]
    rows = frame.rename(columns={"breakdown_dimension": "dimension",
                                 "breakdown_category": "category"})
    rows = rows[[*keys, "dimension", "category", "numerator", "denominator"]].copy()
    rows[["numerator", "denominator"]] = rows[["numerator", "denominator"]].astype(float)
    rows = rows.reset_index(drop=True)
    rows.attrs = {}
    rows = rows.join(_comparison(rows, keys, reference))
    out = _mark_reference_rows(_measures(rows, confidence), reference)
    if threshold is None:
        out["suppressed"], out["suppression_reason"] = False, pd.NA
    else:
        counts = out[[*keys, "dimension", "numerator", "denominator"]].rename(
            columns={"dimension": "breakdown_dimension"})
        shown = suppress_small_numbers(counts, threshold=threshold,
                                       group_by=[*keys, "breakdown_dimension"],
                                       derived_columns=())
        out[["numerator", "denominator", "suppressed", "suppression_reason"]] = shown[
            ["numerator", "denominator", "suppressed", "suppression_reason"]]
        out = _hide(out, keys, reference)
    order = _category_order(out)
    out = out.assign(_total=~out["dimension"].eq(NO_BREAKDOWN)).join(order)
    out = out.sort_values([*keys, "_total", "dimension", "unknown", "number", "text"],
                          na_position="last", kind="stable")
    columns = [*keys, "dimension", "category", "numerator", "denominator", "rate",
               "rate_lower", "rate_upper", "comparison", "comparison_rate", "ratio",
               "ratio_lower", "ratio_upper", "gap_points", "significant", "suppressed",
               "suppression_reason"]
    return out[columns].reset_index(drop=True)


# -- the reports' tables -----------------------------------------------------------
def _latest(labels: pd.Series) -> str:
    ends = period_end_dates(labels)
    return str(labels.loc[ends.idxmax()])


def equality_summary(data, area: str, indicator_id: str = "ehcp_20_weeks",
                     period: str | None = None, *, reference: str = REFERENCE_OTHERS,
                     dimensions: Sequence[str] = EQUALITY_DIMENSIONS,
                     threshold: int = SUPPRESSION_THRESHOLD,
                     confidence: float = CONFIDENCE) -> pd.DataFrame:
    """One council's breakdowns of one indicator, ready for a table and an
    interval chart: the :func:`disparity_ratios` table (after suppression)
    for the total and each of ``dimensions``, for ``period`` (None: the
    latest period with breakdowns). ``data`` is a loaded Dataset. The
    indicator's metadata, the period and the rules used are in ``attrs``.
    """
    observations = data.observations
    rows = observations[observations["area_code"].eq(area)
                        & observations["indicator_id"].eq(indicator_id)
                        & observations["breakdown_dimension"].isin([NO_BREAKDOWN, *dimensions])]
    if period is None:
        broken_down = rows.loc[rows["breakdown_dimension"].ne(NO_BREAKDOWN), "period"]
        if broken_down.empty:
            raise ValueError(f"no breakdowns of {indicator_id} for {area}")
        period = _latest(broken_down)
    rows = rows[rows["period"].eq(period)]
    table = disparity_ratios(rows, reference, confidence, threshold)
    meta = data.indicators.set_index("indicator_id").loc[indicator_id]
    table.attrs.update(
        area_code=area, indicator_id=indicator_id, period=period, title=meta["title"],
        short_title=meta["short_title"], unit="percent", polarity=meta["polarity"],
        source=meta["source"], licence=meta["licence"], reference=reference,
        threshold=threshold, confidence=confidence,
        synthetic=bool(rows.get("synthetic", pd.Series(False)).any()))
    return table


def fsm_gap(observations: pd.DataFrame, area: str, period: str | None = None, *,
            indicator_id: str = FSM_INDICATOR, dimension: str = FSM_DIMENSION,
            category: str = FSM_CATEGORY, comparison_area: str | None = None) -> pd.DataFrame:
    """Persistent absence of pupils eligible for free school meals against all
    pupils, for the council and its nation (``comparison_area``: the code of
    the nation's row, :func:`perfkit.analysis.nations.national_code_of`; None:
    no comparison), one row per year up to ``period`` (None: all years).

    Columns: period, fsm_rate, all_pupils_rate, gap_points (FSM minus all
    pupils, percentage points), the same three with ``national_`` in front,
    and gap_against_national_points (the council's gap minus the nation's;
    positive = a wider gap). Years with no FSM figure for either area are
    left out. FSM pupils are part of all pupils, so the gap is smaller than
    the gap between FSM and other pupils; the published figures have no
    counts, so there are no intervals.
    """
    other = "" if comparison_area is None else comparison_area  # "": no area has it
    picked = observations[
        observations["indicator_id"].eq(indicator_id)
        & observations["area_code"].isin([area, other])
        & ((observations["breakdown_dimension"].eq(NO_BREAKDOWN)
            & observations["breakdown_category"].eq(NO_BREAKDOWN))
           | (observations["breakdown_dimension"].eq(dimension)
              & observations["breakdown_category"].eq(category)))].copy()
    picked.attrs = {}
    is_total = picked["breakdown_dimension"].eq(NO_BREAKDOWN)
    measure = np.where(is_total, "all_pupils_rate", "fsm_rate")
    wide = (picked.assign(measure=measure)
            .pivot_table(index="period", columns=["area_code", "measure"], values="value",
                         aggfunc="first", dropna=False)
            .reindex(columns=pd.MultiIndex.from_product(
                [[area, other], ["fsm_rate", "all_pupils_rate"]])))
    table = wide[area].join(wide[other].add_prefix("national_"))
    for prefix in ("", "national_"):
        table.insert(table.columns.get_loc(f"{prefix}all_pupils_rate") + 1, f"{prefix}gap_points",
                     table[f"{prefix}fsm_rate"] - table[f"{prefix}all_pupils_rate"])
    table["gap_against_national_points"] = table["gap_points"] - table["national_gap_points"]
    table = table[table[["fsm_rate", "national_fsm_rate"]].notna().any(axis=1)]
    table = table.rename_axis(index="period", columns=None).reset_index()
    ends = period_end_dates(table["period"])
    if period is not None:
        table = table[ends <= period_end_dates(pd.Series([period])).iloc[0]]
    table = table.assign(_end=ends).sort_values("_end", kind="stable").drop(columns="_end")
    table.attrs.update(area_code=area, indicator_id=indicator_id, comparison_area=comparison_area,
                       unit="percent", dimension=dimension, category=category)
    return table.reset_index(drop=True)
