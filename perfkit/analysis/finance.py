"""Finance: budget monitoring, and unit costs and council tax against peers.
Spend per head is in :mod:`perfkit.analysis.spend`, value for money in
:mod:`perfkit.analysis.value_for_money`.

Calculations only: each function returns a tidy DataFrame and never draws.
Money is in pounds unless a column says otherwise. Definitions, constants and
sources are in ``docs/methodology.md`` ("Finance").
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from perfkit.analysis.selection import group_with_peers, select_totals
from perfkit.periods import period_end_dates

__all__ = [
    "COUNCIL_TAX_INDICATORS",
    "COUNCIL_TAX_TIERS",
    "DEFAULT_VARIANCE_TOLERANCE_PERCENT",
    "STATUS_OVERSPEND",
    "STATUS_UNDERSPEND",
    "STATUS_WITHIN_TOLERANCE",
    "TOTAL_SERVICE",
    "UNIT_COST_INDICATORS",
    "budget_variance",
    "council_tax_context",
    "unit_costs_against_peers",
]

DEFAULT_VARIANCE_TOLERANCE_PERCENT = 1.0
"""A forecast within 1% of the service's net budget (either way) counts as on
budget. A common convention, not a standard: set it from the council's own
financial regulations."""
STATUS_OVERSPEND = "overspend"
STATUS_UNDERSPEND = "underspend"
STATUS_WITHIN_TOLERANCE = "within tolerance"
TOTAL_SERVICE = "All services"
PERCENT = 100.0
UNIT_COST_INDICATORS = (
    "cla_weekly_unit_cost",
    "fostering_weekly_unit_cost",
    "residential_care_weekly_unit_cost",
    "sen_weekly_unit_cost",
    "social_work_weekly_unit_cost",
)
"""DfE LAIT S251 unit costs, £ per child per week."""
COUNCIL_TAX_INDICATORS = ("band_d_council_tax", "reserves_earmarked", "reserves_unallocated")
COUNCIL_TAX_TIERS = {
    "unitary": "single-tier",
    "metropolitan_district": "single-tier",
    "london_borough": "single-tier",
    "county": "county",
    "district": "district",
}
"""area_type -> the share of council tax the council sets. A single-tier
council's Band D (and its reserves) covers every council service; a shire
county's and a shire district's each cover only their own tier's services, so
council tax and reserves are compared only within one tier."""
_TIER_NAMES = {"single-tier": "single-tier councils", "county": "county councils",
               "district": "shire district councils"}
_TIER_REASONS = {
    "single-tier": "single-tier councils: their Band D covers every council service",
    "county": "county councils: their Band D is only the county's share of council tax",
    "district": "shire districts: their Band D is only the district's share of council tax",
    None: "not councils that set council tax, or not in the areas table",
}
_MONEY = ["budget_gbp", "forecast_outturn_gbp", "savings_planned_gbp", "savings_delivered_gbp"]


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy without ``attrs`` (the loader keeps row numbers there)."""
    frame = frame.copy()
    frame.attrs = {}
    return frame


# -- budget monitoring -------------------------------------------------------------
def budget_variance(budget_monitoring: pd.DataFrame, area: str, period: str,
                    tolerance_percent: float = DEFAULT_VARIANCE_TOLERANCE_PERCENT
                    ) -> pd.DataFrame:
    """Forecast outturn against budget by service, with a total row.

    Columns: service, budget_gbp, forecast_outturn_gbp, variance_gbp
    (forecast minus budget: positive is an overspend), variance_percent (of
    the budget's size), status ("overspend", "underspend" or "within
    tolerance": within when the variance is at most ``tolerance_percent`` of
    the budget either way, the boundary included), concern (True for an
    overspend: the worse direction), savings_planned_gbp,
    savings_delivered_gbp, savings_delivered_percent, savings_shortfall_gbp.
    The last row, ``TOTAL_SERVICE``, adds up the services and is judged by the
    same rule. ``attrs`` record the area, period, tolerance and whether any row
    is synthetic.
    """
    rows = budget_monitoring[budget_monitoring["area_code"].eq(area)
                             & budget_monitoring["period"].eq(period)]
    if rows.empty:
        raise ValueError(f"no budget monitoring for {area} in {period}")
    table = _plain(rows[["service", *_MONEY]]).astype({c: float for c in _MONEY})
    total = pd.DataFrame([{"service": TOTAL_SERVICE, **table[_MONEY].sum(min_count=1)}])
    table = pd.concat([table, total], ignore_index=True)
    budget, forecast = table["budget_gbp"], table["forecast_outturn_gbp"]
    variance = forecast - budget
    size = budget.abs()
    table.insert(3, "variance_gbp", variance)
    table.insert(4, "variance_percent", (variance / size * PERCENT).where(size.gt(0)))
    over = variance * PERCENT > tolerance_percent * size
    under = -variance * PERCENT > tolerance_percent * size
    status = np.select([over, under], [STATUS_OVERSPEND, STATUS_UNDERSPEND],
                       STATUS_WITHIN_TOLERANCE)
    table.insert(5, "status", pd.Series(status, dtype=object).where(variance.notna()))
    table.insert(6, "concern", over)
    planned, delivered = table["savings_planned_gbp"], table["savings_delivered_gbp"]
    table["savings_delivered_percent"] = (delivered / planned * PERCENT).where(planned.gt(0))
    table["savings_shortfall_gbp"] = planned - delivered
    synthetic = bool(rows["synthetic"].any()) if "synthetic" in rows else False
    table.attrs.update(area_code=area, period=period, tolerance_percent=tolerance_percent,
                       synthetic=synthetic)
    return table


# -- against peers -----------------------------------------------------------------
def _latest_periods(rows: pd.DataFrame, area: str) -> pd.DataFrame:
    """The latest period in which the council has a value, per indicator."""
    own = rows[rows["area_code"].eq(area) & rows["value"].notna()]
    own = own.assign(_end=period_end_dates(own["period"]))
    latest = own.sort_values("_end").groupby("indicator_id").tail(1)
    return latest[["indicator_id", "period"]]


def _select(observations: pd.DataFrame, indicator_ids: Sequence[str], area: str,
            peers: Sequence[str], period: str | None, national_code: str | None) -> pd.DataFrame:
    rows = select_totals(observations)
    national = [] if national_code is None else [national_code]
    rows = rows[rows["indicator_id"].isin(indicator_ids)
                & rows["area_code"].isin([*group_with_peers(area, peers), *national])]
    if period is not None:
        return rows[rows["period"].eq(period)]
    return rows.merge(_latest_periods(rows, area), on=["indicator_id", "period"])


def _against_peers(rows: pd.DataFrame, area: str, peers: Sequence[str],
                   national_code: str | None) -> pd.DataFrame:
    """One row per indicator: the council's value against its peer group (the
    council and its peers together, as in perfkit.analysis.peers) and its nation."""
    members = rows["area_code"].isin(group_with_peers(area, peers))
    group = rows[members & rows["value"].notna()].copy()
    group["rank_lowest_first"] = group.groupby("indicator_id")["value"].rank(method="min")
    stats = group.groupby("indicator_id")["value"].agg(
        peer_group_median="median", peer_group_lowest="min", peer_group_highest="max",
        areas_compared="count")
    own = group[group["area_code"].eq(area)].set_index("indicator_id")
    nation = rows[rows["area_code"].eq(national_code)].set_index("indicator_id")["value"]
    table = stats.join(own[["period", "value", "rank_lowest_first"]], how="left")
    table["national_value"] = nation.reindex(table.index)
    table["difference_from_median"] = table["value"] - table["peer_group_median"]
    table["difference_percent"] = (table["difference_from_median"] / table["peer_group_median"]
                                   * PERCENT).where(table["peer_group_median"].ne(0))
    table["position"] = pd.Series(np.select(
        [table["difference_from_median"] > 0, table["difference_from_median"] < 0],
        ["above the peer median", "below the peer median"], "at the peer median"),
        index=table.index).where(table["value"].notna())
    columns = ["period", "value", "peer_group_median", "peer_group_lowest",
               "peer_group_highest", "areas_compared", "rank_lowest_first",
               "difference_from_median", "difference_percent", "position", "national_value"]
    return table[columns].reset_index()


def _with_titles(table: pd.DataFrame, indicators: pd.DataFrame | None) -> pd.DataFrame:
    """Put each indicator's short title and unit beside its id."""
    if indicators is None:
        return table
    meta = indicators.set_index("indicator_id")[["short_title", "unit"]]
    titled = table.join(meta, on="indicator_id")
    first = ["indicator_id", "short_title", "unit"]
    return titled[first + [c for c in titled.columns if c not in first]]


def unit_costs_against_peers(observations: pd.DataFrame, indicators: pd.DataFrame,
                             area: str, peers: Sequence[str], period: str | None = None,
                             indicator_ids: Sequence[str] = UNIT_COST_INDICATORS, *,
                             national_code: str | None = None) -> pd.DataFrame:
    """DfE LAIT weekly unit costs (already £ per child per week) against peers.

    One row per indicator: short_title, unit, period, value, peer group
    median, lowest and highest (the council and its peers together),
    areas_compared, rank_lowest_first (1 = the cheapest; ties share the
    lowest rank), difference_from_median (£) and difference_percent,
    position (above, below or at the peer median: a cost is described, not
    judged) and national_value (the value of ``national_code``, the row of the
    council's nation: :mod:`perfkit.analysis.nations`; NaN without one).
    ``period`` None takes each indicator's latest period with a value for the
    council.
    """
    known = [i for i in indicator_ids if i in set(indicators["indicator_id"])]
    rows = _select(observations, known, area, peers, period, national_code)
    table = _with_titles(_against_peers(rows, area, peers, national_code), indicators)
    table.attrs.update(area_code=area, peers=list(peers), unit="gbp per week")
    return table


def _same_tier(area: str, peers: Sequence[str], areas: pd.DataFrame | None
               ) -> tuple[list[str], pd.DataFrame, str]:
    """The peers of the council's own council tax tier, the others (area_code,
    area_name, area_type, reason) and a sentence saying which were left out."""
    peers = [p for p in dict.fromkeys(peers) if p != area]
    columns = ["area_code", "area_name", "area_type", "reason"]
    if areas is None:
        return peers, pd.DataFrame(columns=columns), \
            "Council tiers were not checked (no areas table was given)."
    known = areas.drop_duplicates("area_code").set_index("area_code")
    tiers = known["area_type"].map(COUNCIL_TAX_TIERS)
    own = tiers.get(area)
    if own is None or pd.isna(own):
        return peers, pd.DataFrame(columns=columns), \
            "Council tiers were not checked (this council's tier is not known)."
    others = pd.DataFrame({"area_code": peers})
    others["area_name"] = others["area_code"].map(known["area_name"])
    others["area_type"] = others["area_code"].map(known["area_type"])
    tier = others["area_code"].map(tiers)
    left = others[tier.ne(own)].assign(
        reason=tier[tier.ne(own)].map(lambda t: _TIER_REASONS[None if pd.isna(t) else t]))
    note = f"Only {_TIER_NAMES[own]} are compared."
    if not left.empty:
        named = left.assign(name=left["area_name"].fillna(left["area_code"]))
        groups = named.groupby("reason", sort=False)["name"].agg(", ".join)
        note += " Left out: " + "; ".join(f"{names} ({reason})"
                                          for reason, names in groups.items()) + "."
    return others.loc[tier.eq(own), "area_code"].tolist(), left[columns].reset_index(
        drop=True), note


def council_tax_context(observations: pd.DataFrame, area: str, peers: Sequence[str],
                        indicators: pd.DataFrame | None = None,
                        indicator_ids: Sequence[str] = COUNCIL_TAX_INDICATORS, *,
                        areas: pd.DataFrame | None = None,
                        national_code: str | None = None) -> pd.DataFrame:
    """Band D council tax and reserves for the council against its peers, each
    for its latest period with a value for the council. Same columns as
    :func:`unit_costs_against_peers`; rank_lowest_first = 1 is the lowest
    value. Reserves are cash levels in £ thousands, not scaled by the
    council's size, so compare them with care.

    With ``areas`` (the areas table), only peers of the council's own tier
    (:data:`COUNCIL_TAX_TIERS`) are compared: a shire district's Band D is only
    the district's share. ``attrs["left_out"]`` lists the others (area_code,
    area_name, area_type, reason) and ``attrs["left_out_note"]`` says so in a
    sentence for the report.
    """
    kept, left_out, note = _same_tier(area, peers, areas)
    rows = _select(observations, list(indicator_ids), area, kept, None, national_code)
    table = _with_titles(_against_peers(rows, area, kept, national_code), indicators)
    table.attrs.update(area_code=area, peers=kept, left_out=left_out, left_out_note=note)
    return table
