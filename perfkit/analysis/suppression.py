"""Small-number suppression: hide counts that could identify people, and the
cells that would let a reader work them out from a total.

Primary suppression hides counts of 1 to 4 ("fewer than 5"; the threshold is
a parameter); secondary suppression hides one more cell in a breakdown where
only one is hidden, so that the total minus the cells shown cannot reveal it;
and where the total is not shown, every other breakdown of the same total
hides a cell too, so that its cells cannot be added up to the total.
Rules and their limits are in ``docs/methodology.md`` ("Equality breakdowns
and small-number suppression").
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from perfkit.data.contract import NO_BREAKDOWN

__all__ = ["RULE_ACROSS", "RULE_COMPLEMENT", "RULE_DENOMINATOR", "RULE_PRIMARY",
           "RULE_SECONDARY", "SUPPRESSION_THRESHOLD", "main_rule", "suppress_small_numbers"]

SUPPRESSION_THRESHOLD = 5
"""Counts from 1 to 4 are hidden ("fewer than 5"); 0 is shown."""
REASON_SMALL = "fewer than {threshold}"
REASON_COMPLEMENT = "hidden because the denominator minus the numerator is fewer than {threshold}"
REASON_DENOMINATOR = "hidden because its denominator is hidden"
REASON_SECONDARY = "hidden so that the total does not reveal a smaller number"
REASON_ACROSS = ("hidden so that this breakdown does not reveal a hidden total, "
                 "or a smaller number in another breakdown")
RULE_PRIMARY = "primary"
RULE_COMPLEMENT = "complement"
RULE_DENOMINATOR = "denominator"
RULE_SECONDARY = "secondary"
RULE_ACROSS = "across breakdowns"
TABLE_KEYS = ("area_code", "indicator_id", "period")
DIMENSION = "breakdown_dimension"


def _default_groups(frame: pd.DataFrame) -> list[str]:
    return [k for k in (*TABLE_KEYS, DIMENSION) if k in frame.columns]


def _keys(frame: pd.DataFrame, columns: list[str]) -> list[pd.Series]:
    """Group keys for ``groupby``: the columns, or one group of every row."""
    return [frame[c] for c in columns] or [pd.Series(0, index=frame.index)]


def _secondary(frame: pd.DataFrame, values: pd.Series, unseen: pd.Series,
               groups: list[str]) -> tuple[pd.Index, pd.Index]:
    """Rows to hide so that no group has exactly one unseen cell: the smallest
    visible non-zero cell of each such group; and the groups' rows left with
    no such cell (their total must be hidden instead)."""
    grouped = unseen.groupby([frame[g] for g in groups], dropna=False, sort=False)
    lone = (grouped.transform("sum") == 1) & (grouped.transform("size") >= 2)
    candidates = lone & ~unseen & values.gt(0)
    chosen = values[candidates].groupby(
        [frame.loc[candidates, g] for g in groups], dropna=False, sort=False).idxmin()
    has_candidate = candidates.groupby([frame[g] for g in groups], dropna=False,
                                       sort=False).transform("any")
    return pd.Index(chosen.to_numpy()), frame.index[lone & unseen & ~has_candidate]


def _total_rows(frame: pd.DataFrame, rows: pd.Index, groups: list[str],
                dimension: str) -> pd.Index:
    """The total rows (dimension 'all') of the tables that ``rows`` belong to."""
    if dimension not in groups or rows.empty:
        return pd.Index([])
    keys = [g for g in groups if g != dimension]
    totals = frame.index[frame[dimension].eq(NO_BREAKDOWN)]
    if not keys:
        return totals
    wanted = frame.loc[rows, keys].drop_duplicates()
    found = frame.loc[totals, keys].reset_index().merge(wanted, on=keys)
    return pd.Index(found["index"])


def _any_in(flags: pd.Series, by: list[pd.Series]) -> pd.Series:
    """For each row: whether any row of its group is flagged."""
    return flags.groupby(by, dropna=False, sort=False).transform("any")


def _across(frame: pd.DataFrame, values: pd.Series, unseen: pd.Series, groups: list[str],
            total_published: bool) -> pd.Index:
    """Rows to hide so that no breakdown adds up to a total that is not shown:
    where a table's total is hidden or blank (or absent and not published)
    and any of its counts is hidden, the smallest visible non-zero cell of each
    breakdown with no hidden cell."""
    if DIMENSION not in groups:
        return pd.Index([])
    table = _keys(frame, [g for g in groups if g != DIMENSION])
    breakdown = _keys(frame, groups)
    is_total = frame[DIMENSION].eq(NO_BREAKDOWN)
    total_unknown = ~_any_in(is_total & ~unseen, table) & (
        _any_in(is_total, table) | (not total_published))
    exposed = ~is_total & total_unknown & _any_in(unseen, table) & ~_any_in(unseen, breakdown)
    candidates = exposed & values.gt(0)
    chosen = values[candidates].groupby([key[candidates] for key in breakdown],
                                        dropna=False, sort=False).idxmin()
    return pd.Index(chosen.to_numpy())


def _hide_until_stable(frame, values, hidden, missing, rules, groups, denominator,
                       total_published):
    """Denominator rule, secondary suppression and suppression across
    breakdowns, repeated until nothing changes."""
    counts = list(values.columns)
    while True:
        before = hidden.to_numpy().copy()
        if denominator:
            for column in counts:
                new = hidden[denominator] & ~hidden[column] & values[column].notna()
                hidden.loc[new, column] = True
                rules[REASON_DENOMINATOR] |= new
        for column in counts if total_published else ():
            chosen, stranded = _secondary(frame, values[column],
                                          hidden[column] | missing[column], groups)
            totals = _total_rows(frame, stranded, groups, DIMENSION)
            for rows in (chosen, totals):
                hidden.loc[rows, column] = True
                rules[REASON_SECONDARY] |= frame.index.isin(rows)
        for column in counts:
            rows = _across(frame, values[column], hidden[column] | missing[column], groups,
                           total_published)
            hidden.loc[rows, column] = True
            rules[REASON_ACROSS] |= frame.index.isin(rows)
        if (hidden.to_numpy() == before).all():
            return hidden


def _reasons(rules: dict[str, pd.Series], index: pd.Index) -> pd.Series:
    text = pd.Series("", index=index, dtype=object)
    for reason, flagged in rules.items():
        text = text + np.where(flagged, reason + "; ", "")
    return text.str.removesuffix("; ").replace("", pd.NA)


def suppress_small_numbers(
    frame: pd.DataFrame,
    count_columns: Sequence[str] = ("numerator", "denominator"),
    threshold: int = SUPPRESSION_THRESHOLD,
    group_by: Sequence[str] | None = None,
    *,
    denominator: str | None = "denominator",
    derived_columns: Sequence[str] = ("value", "rate"),
    total_published: bool = True,
) -> pd.DataFrame:
    """Hide small counts, and any count or rate that would reveal one.

    Returns a copy of ``frame`` (never changed) in which hidden counts and the
    ``derived_columns`` of their rows are NaN, with ``suppressed`` (True where
    this function hid something in the row) and ``suppression_reason``. Rules:

    1. **Primary**: a count from 1 to ``threshold`` − 1 is hidden
       ("fewer than 5"). Zero is shown.
    2. **Complement**: where ``denominator`` minus a count (people *not*
       counted) is from 1 to ``threshold`` − 1, the count is hidden, since the
       shown denominator would give the small number away.
    3. **Denominator**: where the denominator is hidden, the row's other
       counts are hidden too.
    4. **Secondary**: ``group_by`` names the columns that pick out one table
       whose cells add up to a published total (by default
       ``breakdown_dimension`` with whichever of area_code, indicator_id and
       period the frame has). Where exactly one cell of a count column is
       hidden or missing in such a table, the smallest visible non-zero cell
       is hidden too; if there is none, the same count in the table's total
       row (``breakdown_dimension == "all"``) is hidden. Skipped when
       ``total_published`` is False.
    5. **Across breakdowns**: the tables of one area, indicator and period
       (``group_by`` without ``breakdown_dimension``) are breakdowns of the
       same total, so a breakdown whose cells are all shown adds up to it.
       Where the total's count is hidden or blank (or there is no total row
       and ``total_published`` is False) and any count of the column is
       hidden or blank in those tables, each breakdown with no hidden or
       blank cell has its smallest visible non-zero cell hidden (rule 4 then
       hides a second one when the total is published).

    Rules 3 to 5 repeat until nothing changes. Counts the publisher left
    blank count as hidden for rules 4 and 5 but are not marked ``suppressed``. Rows
    with no counts (a published rate alone) cannot be checked and are left.
    """
    result = frame.copy()
    original_index, attrs = result.index, dict(frame.attrs)
    result = result.reset_index(drop=True)
    result.attrs = {}
    counts = list(count_columns)
    groups = list(group_by) if group_by is not None else _default_groups(result)
    denominator = denominator if denominator in counts else None
    values = result[counts].apply(pd.to_numeric, errors="coerce").astype(float)
    missing = values.isna()
    small = values.gt(0) & values.lt(threshold)
    hidden = small.copy()
    rules = {REASON_SMALL.format(threshold=threshold): small.any(axis=1),
             REASON_COMPLEMENT.format(threshold=threshold): pd.Series(False, result.index),
             REASON_DENOMINATOR: pd.Series(False, result.index),
             REASON_SECONDARY: pd.Series(False, result.index),
             REASON_ACROSS: pd.Series(False, result.index)}
    if denominator:
        rest = values.drop(columns=denominator)
        gap = rest.rsub(values[denominator], axis=0)
        complement = gap.gt(0) & gap.lt(threshold) & ~hidden[rest.columns]
        hidden[rest.columns] |= complement
        rules[REASON_COMPLEMENT.format(threshold=threshold)] = complement.any(axis=1)
    hidden = _hide_until_stable(result, values, hidden, missing, rules, groups, denominator,
                                total_published)
    for column in counts:
        result[column] = values[column].mask(hidden[column])
    row_hidden = hidden.any(axis=1)
    for column in derived_columns:
        if column in result.columns:
            result[column] = result[column].mask(row_hidden)
    result["suppressed"] = row_hidden
    result["suppression_reason"] = _reasons(rules, result.index).where(row_hidden)
    result.index, result.attrs = original_index, attrs
    return result


def main_rule(reasons: pd.Series, threshold: int = SUPPRESSION_THRESHOLD) -> pd.Series:
    """The rule that matters most behind each ``suppression_reason`` (as
    :func:`suppress_small_numbers` writes it with the same ``threshold``):
    ``"primary"`` where a count of the row was itself small, else
    ``"complement"``, ``"secondary"``, ``"across breakdowns"`` or
    ``"denominator"``; NA where nothing was hidden. (A row hidden with its
    denominator always has the rule that hid the denominator too.)"""
    named = {REASON_SMALL.format(threshold=threshold): RULE_PRIMARY,
             REASON_COMPLEMENT.format(threshold=threshold): RULE_COMPLEMENT,
             REASON_SECONDARY: RULE_SECONDARY, REASON_ACROSS: RULE_ACROSS,
             REASON_DENOMINATOR: RULE_DENOMINATOR}
    order = list(named.values())

    def first(reason) -> object:
        if not isinstance(reason, str):
            return pd.NA
        found = [named[part] for part in reason.split("; ") if part in named]
        return min(found, key=order.index) if found else pd.NA

    return pd.Series([first(r) for r in reasons], index=reasons.index, dtype=object)
