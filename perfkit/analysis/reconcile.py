"""The reconciliation step: the evidence behind a verdict, settled before any
words are written, so that a verdict never contradicts itself.

Each rule is documented in ``docs/methodology.md`` ("Reconciling the
evidence") and tested in ``tests/analysis/test_reconcile.py``:

* **Direction of travel** is the actual change, stated plainly: "about the
  same" only when the change is too small to matter (under
  :data:`ABOUT_THE_SAME` of the earlier figure, or nothing at the figure's
  rounding). Whether the change is beyond usual variation is a separate
  column (``*_beyond_usual``), never folded into the direction.
* **Shared shifts**: where the nation's own series (its row in the areas
  table: :mod:`perfkit.analysis.nations`) shows the same special cause at
  the same period, or moved the same way over the same year, the change is
  shared (``shared_with`` = the nation, e.g. "Scotland") and is not evidence
  about the council on its own.
* **Coarse or bounded series**: where the figures move in steps no finer
  than their rounding (average moving range under one display step), SPC
  cannot tell a real change from rounding (``spc_usable`` False); where
  the latest figure sits at its bound (100% or 0), a run of values on one
  side of the average is not a signal either.

:func:`add_evidence` adds these columns; :func:`add_verdict` applies the
verdict rules (first match wins) in :data:`VERDICT_RULES` order.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from perfkit.analysis import spc, targets
from perfkit.analysis.nations import all_councils_in
from perfkit.analysis.recent_shift import SHIFT_Z
from perfkit.analysis.warning_signs import STALE_AFTER_PERIODS
from perfkit.data.contract import NO_BREAKDOWN
from perfkit.polarity import polarity_sign

__all__ = ["ABOUT_THE_SAME", "FAR_FROM_PEERS", "RUN_RULES", "VERDICTS", "add_evidence",
           "add_verdict", "display_step", "plain_direction"]

#: A change smaller than this share of the earlier figure is "about the same".
ABOUT_THE_SAME = 0.02
#: MAD distance from the peer median beyond which a council is far from its
#: peers (used only where counts are not known and no interval can be drawn).
FAR_FROM_PEERS = 3.0
#: SPC rules that rest on a run of values rather than one value outside limits.
RUN_RULES = ("run", "trend", "two_of_three")
#: A series whose figure stays the same from one period to the next more often
#: than this moves in steps (one care home changing its rating), not in the
#: small ups and downs SPC's limits describe: its limits are not read.
MOSTLY_UNCHANGED = 0.5

#: verdict -> what it is called in reports.
VERDICTS = {
    "concern": "Needs attention",
    "watch": "Keep an eye on",
    "improving": "Getting better",
    "steady": "Steady",
    "few": "Too few figures",
    "stale": "Out of date",
    "context": "Context only",
}


def display_step(decimal_places: pd.Series) -> pd.Series:
    """The smallest step a figure shows at its rounding (0.1 for one place)."""
    return 10.0 ** -decimal_places.fillna(1).astype(float)


def plain_direction(current: pd.Series, earlier: pd.Series, polarity: pd.Series,
                    decimal_places: pd.Series) -> pd.Series:
    """The actual change, by polarity: "improving"/"worsening" ("increased"/
    "decreased" when neutral), "no_significant_change" (about the same: under
    :data:`ABOUT_THE_SAME` of the earlier figure, or equal at display
    rounding) or "not_comparable" (a value missing)."""
    change = current - earlier
    step = display_step(decimal_places)
    rounded_equal = (current / step).round() == (earlier / step).round()
    small = (change.abs() < ABOUT_THE_SAME * earlier.abs()) | rounded_equal
    sign = polarity_sign(polarity, current.index)
    conditions = [change.isna(), small, sign.isna() & (change > 0), sign.isna(),
                  change * sign > 0]
    choices = ["not_comparable", "no_significant_change", "increased", "decreased", "improving"]
    return pd.Series(np.select([np.asarray(c, dtype=bool) for c in conditions], choices,
                               "worsening"), index=current.index)


def _beyond_usual(latest: pd.DataFrame, prefix: str) -> pd.Series:
    """True where the change is bigger than chance explains (SPC's upper range
    limit, 3.267 x the average moving range); NA without limits."""
    moving_range = (latest["spc_upl"] - latest["spc_mean"]) / spc.LIMIT_FACTOR
    change = (latest["value"] - latest[f"{prefix}_value"]).abs()
    beyond = change > spc.SCREEN_FACTOR * moving_range
    return beyond.astype("boolean").mask(change.isna() | moving_range.isna())


def _national_facts(latest: pd.DataFrame, charted: pd.DataFrame) -> pd.DataFrame:
    """The nation's value, special cause and value a year earlier at each row's
    periods (each row's nation: its ``national_code``; none where it is blank)."""
    keys = ["national_code", "indicator_id", "breakdown_dimension", "breakdown_category"]
    nation = charted[charted["area_code"].isin(latest["national_code"].dropna().unique())]
    nation = nation.rename(columns={"area_code": "national_code"})
    now = nation[[*keys, "period", "value", "point_type"]].set_axis(
        [*keys, "period", "national_value", "national_variation"], axis=1)
    before = nation[[*keys, "period", "value"]].set_axis(
        [*keys, "last_year_period", "national_last_year_value"], axis=1)
    found = latest[[*keys, "period", "last_year_period"]].merge(now, on=[*keys, "period"],
                                                                how="left")
    found = found.merge(before, on=[*keys, "last_year_period"], how="left")
    return found.set_axis(latest.index)


def add_evidence(latest: pd.DataFrame, charted: pd.DataFrame) -> pd.DataFrame:
    """Add the reconciled evidence to the latest rows: plain directions,
    ``previous_beyond_usual``, ``last_year_beyond_usual``, ``national_value``,
    ``national_variation``, ``national_direction_last_year``, ``shared_with``,
    ``spc_usable`` and ``at_bound``. ``latest`` needs ``nation`` and
    ``national_code`` (:func:`perfkit.analysis.nations.add_nation`);
    ``charted`` is every charted point, the nations' series among them."""
    latest["spc_usable"] = _spc_usable(latest, charted)
    for prefix in ("previous", "last_year"):
        latest[f"direction_{prefix}"] = plain_direction(
            latest["value"], latest[f"{prefix}_value"], latest["polarity"],
            latest["decimal_places"])
        latest[f"{prefix}_beyond_usual"] = _beyond_usual(latest, prefix).mask(
            ~latest["spc_usable"])
    national = _national_facts(latest, charted)
    for column in national.columns.difference(latest.columns):
        latest[column] = national[column]
    latest["national_direction_last_year"] = plain_direction(
        latest["national_value"], latest["national_last_year_value"], latest["polarity"],
        latest["decimal_places"])
    own_signal = latest["variation"].str.startswith("special_cause", na=False)
    same_signal = own_signal & latest["national_variation"].eq(latest["variation"])
    moving = latest["direction_last_year"].isin(["improving", "worsening"])
    same_move = moving & latest["national_direction_last_year"].eq(latest["direction_last_year"])
    shared = (same_signal | same_move) & latest["area_code"].ne(latest["national_code"])
    latest["shared_with"] = pd.Series(np.where(shared, latest["nation"].fillna("").astype(str),
                                               ""), index=latest.index)
    step = display_step(latest["decimal_places"])
    percent = latest["unit"].eq("percent")
    latest["at_bound"] = (latest["value"].abs() < step) | (
        percent & (latest["value"] > 100 - step))
    return latest


def _spc_usable(latest: pd.DataFrame, charted: pd.DataFrame) -> pd.Series:
    """Whether SPC's limits can be read: the series moves by more than its
    rounding on average (its average moving range is at least one display
    step), and it does not mostly stand still and move in steps."""
    step = display_step(latest["decimal_places"])
    moving_range = (latest["spc_upl"] - latest["spc_mean"]) / spc.LIMIT_FACTOR
    keys = ["area_code", "indicator_id", "breakdown_dimension", "breakdown_category"]
    order = "period_index" if "period_index" in charted.columns else "period"  # one kind
    ordered = charted.dropna(subset=["value"]).sort_values([*keys, order])
    change = ordered.groupby(keys, sort=False)["value"].diff()
    unchanged = change.eq(0).where(change.notna()).groupby(
        [ordered[key] for key in keys], sort=False).mean().rename("unchanged").reset_index()
    share = latest[keys].merge(unchanged, on=keys, how="left")["unchanged"].to_numpy()
    return (moving_range.notna() & (moving_range >= step)
            & ~(pd.Series(share, index=latest.index) > MOSTLY_UNCHANGED))


def _signal(frame: pd.DataFrame, kind: str) -> pd.Series:
    """A special cause of ``kind`` the verdict may rest on: the series moves
    finer than its rounding, a run rule is not read at a bound, and a signal
    the nation shares is not the council's own."""
    hit = frame["variation"].eq(f"special_cause_{kind}") & frame["spc_usable"]
    run_at_bound = frame["spc_rule"].isin(RUN_RULES) & frame["at_bound"]
    shared_signal = frame["national_variation"].eq(frame["variation"])
    return hit & ~run_at_bound & ~shared_signal


def _misses_statutory_threshold(frame: pd.DataFrame, rule: targets.RagRule) -> pd.Series:
    """True for a total row whose value misses its statutory threshold by more
    than the run's tolerance (the RAG rule's, read the classic way)."""
    strict = targets.RagRule.classic(rule.tolerance, rule.tolerance_type)
    rated = targets.rag_status(frame["value"], frame["statutory_threshold"], frame["polarity"],
                               rule=strict)
    return rated["rag"].eq("red") & frame["breakdown_dimension"].eq(NO_BREAKDOWN)


def _nation_words(frame: pd.DataFrame) -> pd.Series:
    """Each row's national comparison in words: "all councils in Scotland"."""
    nation = frame.get("nation", pd.Series(None, index=frame.index, dtype=object))
    return nation.map(all_councils_in)


def _rules(frame: pd.DataFrame, rule: targets.RagRule
           ) -> list[tuple[str, pd.Series, str | pd.Series]]:
    """(verdict, where it applies, reason): the verdict rules, first match wins."""
    statutory = _misses_statutory_threshold(frame, rule)
    polarity = frame["polarity"]
    worse_than_before = frame["direction_last_year"].eq("worsening") | (
        frame["direction_last_year"].isin(["not_comparable"])
        & frame["direction_previous"].eq("worsening"))
    clearly_worse = worse_than_before & (frame["last_year_beyond_usual"].eq(True)
                                         | frame["previous_beyond_usual"].eq(True))
    clearly_better = frame["direction_last_year"].eq("improving") & frame[
        "last_year_beyond_usual"].eq(True) & frame["shared_with"].eq("")
    not_improving = ~frame["direction_last_year"].eq("improving")
    not_worsening = ~frame["direction_last_year"].eq("worsening")
    national = frame.get("national_comparison", pd.Series(None, index=frame.index))
    national_998 = frame.get("national_comparison_998", pd.Series(None, index=frame.index))
    peers_998 = frame.get("peer_comparison_998", pd.Series(None, index=frame.index))
    far_behind = frame["peer_mad_distance"] <= -FAR_FROM_PEERS
    shift = frame["recent_shift_z"] * polarity_sign(polarity, frame.index)
    # a recent shift counts where SPC can be read and the nation did not move too
    own_shift = frame["shared_with"].eq("") & frame["spc_usable"]
    exceptional = frame.get("exceptional", pd.Series(None, index=frame.index, dtype=object))
    cannot_meet = frame["assurance"].eq("consistently_fails") & frame["rag"].eq("red") & \
        frame["spc_usable"]
    return [
        ("context", polarity.eq("neutral"),
         "Shown for context: higher is neither better nor worse."),
        ("stale", frame["periods_behind"] > STALE_AFTER_PERIODS,
         "The latest figure is too old to show how things are now."),
        ("context", exceptional.notna(),
         "Not judged: the latest figure is for " + exceptional.astype(str)
         + ", set aside as an exceptional period."),
        ("concern", statutory & polarity.eq("higher_is_better"),
         "Below the level the law requires."),
        ("concern", statutory & polarity.eq("lower_is_better"),
         "Above the level the law allows."),
        ("concern", _signal(frame, "concern") & not_improving,
         "A real change for the worse, beyond normal ups and downs."),
        ("concern", (shift <= -SHIFT_Z) & own_shift & worse_than_before,
         "The recent figures have shifted for the worse, beyond normal ups and downs."),
        ("concern", frame["rag"].eq("red") & clearly_worse,
         "Missing its target and clearly worse than before."),
        ("concern", cannot_meet,
         "Cannot meet its target unless something changes."),
        ("concern", national_998.eq("worse") & not_improving,
         "Clearly worse than the figure for " + _nation_words(frame) + ", and not improving."),
        ("improving", ((_signal(frame, "improvement") | ((shift >= SHIFT_Z) & own_shift))
                       & not_worsening) | clearly_better,
         "A real improvement, beyond normal ups and downs."),
        ("watch", national.eq("worse") | peers_998.eq("worse"),
         "Worse than the benchmark, beyond what chance explains."),
        ("watch", far_behind & national.isna() & not_improving,
         "Well behind similar councils."),
        ("watch", frame["variation"].eq("special_cause_concern") & frame["shared_with"].ne("")
         & frame["spc_usable"] & not_improving,
         "Worse than before, as across " + frame["shared_with"].astype(str) + "."),
        ("few", frame["spc_lpl"].isna(),
         "Too few figures to tell a real change from normal ups and downs."),
    ]


def add_verdict(frame: pd.DataFrame, rule: targets.RagRule = targets.DEFAULT_RULE
                ) -> pd.DataFrame:
    """Add ``verdict``, ``verdict_label`` and ``verdict_reason``: one verdict
    per row, the first rule of :func:`_rules` that applies, else "steady"."""
    verdict = pd.Series("steady", index=frame.index)
    reason = pd.Series("Its changes are within normal ups and downs.", index=frame.index)
    decided = pd.Series(False, index=frame.index)
    for word, hit, why in _rules(frame, rule):
        take = hit.fillna(False).astype(bool) & ~decided
        verdict[take] = word
        reason[take] = why[take] if isinstance(why, pd.Series) else why
        decided |= take
    frame["verdict"] = verdict
    frame["verdict_label"] = verdict.map(VERDICTS)
    frame["verdict_reason"] = reason
    return frame
