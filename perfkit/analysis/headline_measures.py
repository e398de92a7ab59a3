"""Which measures head a one-page summary for residents: six to eight, spread
over the council plan's priorities.

:func:`choose_headline_measures` takes the council's assessment rows (one
per measure, with a ``priority`` column and, where the indicators table has
it, ``measure_type``) and returns the rows to show, in the order to show
them. The rule, first match wins:

1. **Named measures.** Where the run names its indicators, those, in the
   order given, at most :data:`MOST`: the analyst has chosen.
2. **Otherwise, chosen automatically** from the measures that can be judged
   now: a verdict that judges them (:data:`JUDGED_VERDICTS`: not context,
   not out of date, not too few figures), a figure no more than
   :data:`~perfkit.analysis.warning_signs.STALE_AFTER_PERIODS` of its own
   periods old, a direction that is better or worse (not neutral), no
   breakdown (the council as a whole), and a plan priority (any priority, or
   none, where no measure has one).

   The priorities take turns, alphabetically, each giving one measure a
   turn, at most :data:`PER_PRIORITY` each, until :data:`MOST` are chosen.
   Where that would show fewer than :data:`LEAST` (fewer than three
   priorities, or priorities with one measure each), the turns go on past
   :data:`PER_PRIORITY` until :data:`LEAST` are chosen.

   A priority gives its best-known measure first (:func:`_ordered`): outcomes
   (a change in residents' lives) before outputs and processes, where the
   indicators' ``measure_type`` says which; then titles without
   abbreviations (which mark a specialist's measure); then the freshest
   figures; then measures with both a figure a year earlier and a rank among
   similar councils; then the indicators table's order. Its second turn goes
   to a measure that needs attention (:data:`ATTENTION`), the best-known of
   them, where it has any, so that the page never shows only good news: that
   is cherry-picking, which the LGA's guide warns against.

The tiles are shown grouped by priority, in the order of the priorities.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd

from perfkit.analysis.warning_signs import stale_data
from perfkit.data.contract import NO_BREAKDOWN

__all__ = ["ATTENTION", "JUDGED_POLARITIES", "JUDGED_VERDICTS", "LEAST", "MEASURE_TYPE_ORDER",
           "MOST", "PER_PRIORITY", "choose_headline_measures", "eligible"]

#: At least this many and at most this many measures head the page.
LEAST, MOST = 6, 8
#: Each priority gives at most this many, unless fewer than LEAST would be shown.
PER_PRIORITY = 2
#: Verdicts that judge how a measure is doing now.
JUDGED_VERDICTS = ("concern", "watch", "improving", "steady")
#: The verdicts that take a priority's second turn, most serious first.
ATTENTION = ("concern",)
#: Polarities with a better and a worse.
JUDGED_POLARITIES = ("higher_is_better", "lower_is_better")
#: measure_type -> its place in the order (outcomes first; unknown last).
MEASURE_TYPE_ORDER = {"outcome": 0, "output": 1, "process": 2}

#: Two or more capitals together ("EHC", "NEET", "EV"): a specialist's word.
_ABBREVIATION = re.compile(r"\b[A-Z]{2,}\b")


def eligible(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows that may be chosen automatically (rule 2 of the module's docstring)."""
    whole = rows["breakdown_dimension"].eq(NO_BREAKDOWN) if "breakdown_dimension" in rows \
        else pd.Series(True, index=rows.index)
    keep = (whole & rows["verdict"].isin(JUDGED_VERDICTS) & rows["value"].notna()
            & rows["polarity"].isin(JUDGED_POLARITIES) & ~stale_data(rows))
    chosen = rows[keep]
    if chosen["priority"].ne("").any():
        chosen = chosen[chosen["priority"].ne("")]
    return chosen


def _ordered(rows: pd.DataFrame) -> pd.DataFrame:
    """Best-known first (see the module's docstring)."""
    types = rows["measure_type"] if "measure_type" in rows else pd.Series(None, index=rows.index)
    titles = rows["short_title"].fillna(rows["indicator_id"]).astype(str)
    complete = rows["last_year_value"].notna() & rows["peer_rank"].notna()
    keys = pd.DataFrame({
        "_type": types.map(MEASURE_TYPE_ORDER).fillna(len(MEASURE_TYPE_ORDER)),
        "_abbreviated": titles.str.contains(_ABBREVIATION),
        "_behind": rows["periods_behind"],
        "_incomplete": ~complete.astype(bool),
        "_order": range(len(rows)),
    }, index=rows.index)
    return rows.loc[keys.sort_values(list(keys.columns)).index]


def _next_pick(queue: pd.DataFrame, taken: int) -> str:
    """A priority's next measure: its second turn goes to one that needs attention."""
    if taken == 1:
        serious = queue[queue["verdict"].isin(ATTENTION)]
        if len(serious):
            return str(serious["indicator_id"].iloc[0])
    return str(queue["indicator_id"].iloc[0])


def _take_turns(queues: dict[str, pd.DataFrame]) -> list[str]:
    """Round after round, a measure from each priority in turn; the chosen
    measures grouped by priority."""
    within = sum(min(PER_PRIORITY, len(queue)) for queue in queues.values())
    limit, most = (PER_PRIORITY, MOST) if within >= LEAST else (MOST, LEAST)
    picked: dict[str, list[str]] = {name: [] for name in queues}
    for _ in range(MOST):
        for name, queue in queues.items():
            if sum(map(len, picked.values())) >= most or queue.empty or \
                    len(picked[name]) >= limit:
                continue
            chosen = _next_pick(queue, len(picked[name]))
            picked[name].append(chosen)
            queues[name] = queue[queue["indicator_id"] != chosen]
    return [measure for name in queues for measure in picked[name]]


def choose_headline_measures(rows: pd.DataFrame, named: Sequence[str] = ()) -> pd.DataFrame:
    """The rows to show as headline tiles, in order (see the module's docstring).
    ``rows``: one assessment row per measure with a ``priority`` column ("" for
    none); ``named``: the run's indicators, if it names any."""
    if named:
        by_id = rows.drop_duplicates("indicator_id").set_index("indicator_id", drop=False)
        wanted = [i for i in dict.fromkeys(named) if i in by_id.index][:MOST]
        return by_id.loc[wanted].reset_index(drop=True)
    pool = _ordered(eligible(rows))
    priorities = sorted(set(pool["priority"]), key=lambda name: (name.casefold(), name))
    queues = {name: pool[pool["priority"] == name] for name in priorities}
    chosen = _take_turns(queues)
    return pool.set_index("indicator_id", drop=False).loc[chosen].reset_index(drop=True)
