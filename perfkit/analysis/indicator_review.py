"""The indicator-set review: a council's measures judged as a set, once a year.

The LGA's guide asks whether measures are relevant, SMART and FABRIC (focused,
appropriate, balanced, robust, integrated, cost-effective). The figures can
answer part of that, for every measure of one council at once; each rule is a
named function here, each constant is named, and both are in
``docs/methodology.md`` ("Indicator-set review"):

- **linked**: it serves a plan priority (the indicators' ``priority``);
- **out of date**: its latest figure is more than ``STALE_AFTER_PERIODS`` of
  its own periods before the report's period (:func:`~perfkit.analysis.warning_signs.stale_data`);
- **can tell**: it has at least :data:`MIN_POINTS_TO_TELL` figures, enough for
  reliable SPC limits; if not, how many more it needs and how long that takes
  (:func:`can_tell`);
- **always green**: it met its target in every period with a target in the
  :data:`ALWAYS_GREEN_YEARS` years up to its latest figure, with at least
  :data:`ALWAYS_GREEN_MIN_PERIODS` such periods; exceptional periods are
  skipped (:func:`always_green`);
- **moves together**: pairs that rank councils alike
  (:mod:`perfkit.analysis.paired_measures`);
- **balance**: how many measures per priority and kind (:func:`balance`),
  and the priorities with fewer than :data:`FEW_MEASURES` measures or no
  outcome among them (:func:`priority_gaps`).

:mod:`perfkit.analysis.review_suggestions` turns these into suggestions, and
:func:`review_indicators` runs every step for one council.
Measures with no better direction (polarity neutral) are *context*: they have
no target rating and are left out of the pairs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from perfkit.analysis.exceptional import in_exceptional
from perfkit.analysis.paired_measures import pairs_moving_together
from perfkit.analysis.review_suggestions import partners, suggest
from perfkit.analysis.spc import MIN_POINTS_RELIABLE
from perfkit.analysis.targets import DEFAULT_RULE, RagRule, rag_status
from perfkit.analysis.warning_signs import stale_data
from perfkit.data.contract import MEASURE_TYPES, NO_BREAKDOWN
from perfkit.data.dataset import Dataset
from perfkit.periods import FREQUENCIES, parse_period, period_end_dates

__all__ = [
    "ALWAYS_GREEN_MIN_PERIODS",
    "ALWAYS_GREEN_YEARS",
    "CONTEXT",
    "FEW_MEASURES",
    "IndicatorReview",
    "KINDS",
    "MIN_POINTS_TO_TELL",
    "NOT_SET",
    "always_green",
    "balance",
    "can_tell",
    "measure_facts",
    "priority_gaps",
    "review_indicators",
]

#: A measure can tell a real change from normal ups and downs with at least
#: this many figures: the SPC limits are then no longer trial limits.
MIN_POINTS_TO_TELL = MIN_POINTS_RELIABLE
#: "Always green" looks at the periods of this many years up to the latest figure.
ALWAYS_GREEN_YEARS = 3
#: ...and needs at least this many of them rated against a target.
ALWAYS_GREEN_MIN_PERIODS = 3
#: The kind of a measure with no better direction (none of the three types).
CONTEXT = "context"
#: The kind of a measure with a better direction but no measure type.
NOT_SET = "not set"
#: Every kind, in the order the balance shows them.
KINDS = (*MEASURE_TYPES, CONTEXT, NOT_SET)
#: A plan priority with fewer measures than this (context aside) may not be
#: measured well enough.
FEW_MEASURES = 3

_FROM_INDICATORS = ("priority", "owner", "measure_type", "statutory_basis", "description",
                    "source", "service")
_FROM_TOTALS = ("indicator_id", "title", "short_title", "unit", "polarity", "decimal_places",
                "frequency", "period", "value", "target", "points", "periods_behind")


def _text(values: pd.Series) -> pd.Series:
    """Text with blanks and missing values as "" (stripped)."""
    return values.astype(object).where(values.notna(), "").astype(str).str.strip()


def can_tell(points: pd.Series, frequency: pd.Series, period: pd.Series) -> pd.DataFrame:
    """Whether each measure has enough figures to tell a real change from
    normal ups and downs (``can_tell``), how many more it needs
    (``figures_needed``) and in how many months they come (``months_needed``:
    figures x the months of its latest ``period`` x its frequency's step; NaN
    for an irregular measure)."""
    needed = (MIN_POINTS_TO_TELL - points.astype(int)).clip(lower=0)
    months = period.map({label: parse_period(label).months for label in period.unique()})
    step = frequency.map({name: FREQUENCIES[name].step for name in frequency.unique()})
    return pd.DataFrame({"can_tell": needed.eq(0),
                         "figures_needed": needed,
                         "months_needed": needed * months.astype(float) * step.astype(float)},
                        index=points.index)


def _rated_rows(observations: pd.DataFrame, targets: pd.DataFrame | None,
                polarity: pd.Series, council: str, up_to: pd.Timestamp | None
                ) -> pd.DataFrame:
    """The council's figures (no breakdown) of these measures, up to ``up_to``,
    in the ALWAYS_GREEN_YEARS up to each one's latest figure, with their targets."""
    obs = observations[observations["area_code"].eq(council)
                       & observations["breakdown_dimension"].eq(NO_BREAKDOWN)
                       & observations["indicator_id"].isin(polarity.index)
                       & observations["value"].notna()]
    obs = obs.assign(_end=period_end_dates(obs["period"]))
    if up_to is not None:
        obs = obs[obs["_end"] <= up_to]
    latest = obs.groupby("indicator_id")["_end"].transform("max")
    obs = obs[obs["_end"] > latest - pd.DateOffset(years=ALWAYS_GREEN_YEARS)]
    columns = ["indicator_id", "area_code", "period", "target", "tolerance", "tolerance_type"]
    table = (targets if targets is not None else pd.DataFrame(columns=columns)).reindex(
        columns=columns)
    return obs.merge(table, on=["indicator_id", "area_code", "period"], how="left")


def always_green(observations: pd.DataFrame, targets: pd.DataFrame | None,
                 polarity: pd.Series, *, council: str,
                 exceptional: pd.DataFrame | None = None, rule: RagRule = DEFAULT_RULE,
                 up_to: pd.Timestamp | None = None) -> pd.DataFrame:
    """For each measure (``polarity``: indicator_id -> polarity), its periods
    rated against a target in the ALWAYS_GREEN_YEARS up to its latest figure
    (``rated_periods``, exceptional periods skipped), how many were green
    (``green_periods``), the first of them (``first_rated``) and whether it is
    ``always_green``: every one green, and at least ALWAYS_GREEN_MIN_PERIODS."""
    rows = _rated_rows(observations, targets, polarity, council, up_to)
    rows = rows[~in_exceptional(rows["period"], exceptional).to_numpy()]
    rated = rag_status(rows["value"], rows["target"], rows["indicator_id"].map(polarity),
                       tolerance=rows["tolerance"], tolerance_type=rows["tolerance_type"],
                       rule=rule)
    rows = rows.assign(green=rated["rag"].eq("green").to_numpy(),
                       rated=rated["rag"].ne("none").to_numpy())
    rows = rows[rows["rated"]].sort_values(["indicator_id", "_end"])
    grouped = rows.groupby("indicator_id")
    found = pd.DataFrame({"rated_periods": grouped.size(),
                          "green_periods": grouped["green"].sum(),
                          "first_rated": grouped["period"].first()})
    found = found.reindex(polarity.index)
    found.index.name = "indicator_id"
    found[["rated_periods", "green_periods"]] = found[["rated_periods", "green_periods"]] \
        .fillna(0).astype(int)
    found["always_green"] = (found["rated_periods"] >= ALWAYS_GREEN_MIN_PERIODS) & \
        found["green_periods"].eq(found["rated_periods"])
    return found


def measure_facts(totals: pd.DataFrame, indicators: pd.DataFrame) -> pd.DataFrame:
    """One row per measure of the council (``totals``: its assessment rows
    without a breakdown): its metadata from the indicators table, ``linked``
    (serves a priority), ``context`` (no better direction), ``kind`` (its
    measure type, else "context" or "not set"), ``has_target`` (for its
    latest figure), ``out_of_date`` and :func:`can_tell`'s columns."""
    facts = totals[[c for c in _FROM_TOTALS if c in totals.columns]].reset_index(drop=True)
    table = indicators.set_index("indicator_id").reindex(facts["indicator_id"])
    for column in _FROM_INDICATORS:
        values = table[column] if column in table.columns else pd.Series(index=table.index)
        facts[column] = _text(values).to_numpy()
    facts["linked"] = facts["priority"].ne("")
    facts["context"] = facts["polarity"].eq("neutral")
    facts["kind"] = np.select([facts["measure_type"].isin(MEASURE_TYPES), facts["context"]],
                              [facts["measure_type"], CONTEXT], NOT_SET)
    facts["has_target"] = facts["target"].notna()
    facts["out_of_date"] = stale_data(facts).to_numpy()
    return pd.concat([facts, can_tell(facts["points"], facts["frequency"], facts["period"])],
                     axis=1)


def balance(measures: pd.DataFrame) -> pd.DataFrame:
    """How many measures each priority ("" for none) has of each kind: a tidy
    table of priority, kind and measures, every kind for every priority
    present (zeros too), priorities in alphabetical order and "" last."""
    priorities = sorted(set(measures["priority"]) - {""}, key=str.casefold)
    if measures["priority"].eq("").any():
        priorities.append("")
    counts = measures.groupby(["priority", "kind"]).size()
    grid = pd.MultiIndex.from_product([priorities, KINDS], names=["priority", "kind"])
    return counts.reindex(grid, fill_value=0).rename("measures").reset_index()


def priority_gaps(balance_table: pd.DataFrame) -> pd.DataFrame:
    """Per plan priority (not ""): its ``measures`` (context aside), its
    ``outcomes``, ``few`` (fewer than FEW_MEASURES measures) and
    ``no_outcome`` (measures, but none an outcome)."""
    linked = balance_table[balance_table["priority"].ne("")
                           & balance_table["kind"].ne(CONTEXT)]
    wide = linked.pivot(index="priority", columns="kind", values="measures")
    found = pd.DataFrame({"measures": wide.sum(axis=1).astype(int),
                          "outcomes": wide.get("outcome", 0)}, index=wide.index)
    found["few"] = found["measures"] < FEW_MEASURES
    found["no_outcome"] = found["measures"].gt(0) & found["outcomes"].eq(0)
    return found.reset_index()


@dataclass(frozen=True)
class IndicatorReview:
    """The review of one council's measures: ``measures`` (one row each, with
    its findings and suggestions, by priority then title), ``pairs`` (every
    pair of measures compared across councils, strongest first; see
    :mod:`perfkit.analysis.paired_measures`) and ``balance`` (:func:`balance`)."""

    measures: pd.DataFrame
    pairs: pd.DataFrame
    balance: pd.DataFrame

    @property
    def strong_pairs(self) -> pd.DataFrame:
        return self.pairs[self.pairs["strong"]].reset_index(drop=True)

    @property
    def gaps(self) -> pd.DataFrame:
        return priority_gaps(self.balance)


def _in_order(measures: pd.DataFrame) -> pd.DataFrame:
    """By priority (alphabetically, none last), then short title."""
    key = measures.assign(_none=measures["priority"].eq(""),
                          _priority=measures["priority"].str.casefold(),
                          _title=measures["short_title"].str.casefold())
    order = key.sort_values(["_none", "_priority", "_title", "indicator_id"], kind="stable")
    return measures.loc[order.index].reset_index(drop=True)


def review_indicators(data: Dataset, totals: pd.DataFrame, *, council: str, period: str,
                      peer_group: str | None, rule: RagRule = DEFAULT_RULE) -> IndicatorReview:
    """Review the council's measures (``totals``: its assessment rows without a
    breakdown, one per measure, up to ``period``) as a set."""
    up_to = pd.Timestamp(parse_period(period).end)
    facts = measure_facts(totals, data.indicators)
    polarity = facts.set_index("indicator_id")["polarity"]
    green = always_green(data.observations, data.targets, polarity, council=council,
                         exceptional=data.exceptional_periods, rule=rule, up_to=up_to)
    facts = facts.join(green, on="indicator_id")
    judged = list(facts.loc[~facts["context"], "indicator_id"])
    pairs = pairs_moving_together(data.observations, data.areas, data.peer_groups,
                                  council=council, peer_group=peer_group,
                                  indicator_ids=judged, up_to=up_to)
    facts = facts.join(partners(pairs), on="indicator_id")
    titles = facts.set_index("indicator_id")["short_title"]
    measures = _in_order(suggest(facts, titles))
    return IndicatorReview(measures, pairs, balance(measures))
