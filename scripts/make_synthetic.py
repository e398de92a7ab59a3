"""Make the synthetic management information for the demo council.

A council's own management information (local targets, budget monitoring,
complaints, its resident survey, officer commentary and improvement actions) is
not published anywhere, so the demo uses made-up figures. They are seeded and
deterministic (the same seed gives byte-identical files), plausible for a
metropolitan borough of about 235,000 residents, and marked ``synthetic =
true`` in every row so that reports can say so.

Targets and commentary are written against the real public data already in the
data folder (``areas.csv``, ``indicators.csv``, ``observations.parquet``, built
by ``scripts/build_data.py``), which this script reads and never changes.
Nothing here is a real benchmark or a real event.

Usage::

    python scripts/make_synthetic.py [--data data] [--council E08000009] [--seed 2026]
"""

from __future__ import annotations

import argparse
import csv
import io
import math
import os
import re
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from perfkit.data.contract import TABLES
from perfkit.periods import Period, try_parse_period
from perfkit.polarity import POLARITY_ALIASES

DEFAULT_COUNCIL = "E08000009"  # Trafford
DEFAULT_SEED = 2026
REQUIRED_FILES = ("areas.csv", "indicators.csv", "observations.parquet")
OUTPUT_TABLES = (
    "targets",
    "budget_monitoring",
    "complaints",
    "satisfaction",
    "commentary",
    "actions",
    "exceptional_periods",
)
#: The latest quarter to use when the public data has no financial-quarter periods.
FALLBACK_LATEST_QUARTER = Period("financial_quarter", 2025, 3)
#: Budget monitoring and complaints start at Q1 this many financial years before the latest.
YEARS_BEFORE_LATEST = 2
TRUE = "true"
FILE_MODE = 0o666

# -- budget monitoring -------------------------------------------------------------
#: Net revenue budget in the first year: about £200m for a borough of ~235,000 residents.
FIRST_YEAR_NET_BUDGET_GBP = 200_000_000
ANNUAL_BUDGET_GROWTH = 0.045
#: How far the forecast has moved towards the year-end position at each quarter.
FORECAST_DRIFT = (0.45, 0.70, 0.90, 1.00)
FORECAST_NOISE = 0.004
#: Share of the year's savings delivered (of those that will be) by each quarter.
SAVINGS_PROGRESS = (0.20, 0.45, 0.70, 1.00)
#: Pressures in demand-led services tend to grow year on year.
PRESSURE_GROWTH = 0.20
BUDGET_ROUNDING_GBP = 1_000
SAVINGS_ROUNDING_GBP = 10_000


@dataclass(frozen=True)
class Service:
    name: str
    budget_share: float  # share of the net revenue budget
    pressure: float  # typical year-end variance, as a fraction of budget (+ = overspend)
    pressure_spread: float
    savings_share: float  # savings planned, as a fraction of budget
    delivery_rate: float  # share of planned savings usually delivered
    complaints: float  # complaints received in a typical quarter
    answered_in_time: float  # share answered within the council's deadline


SERVICES = (
    Service("Adult social care", 0.37, 0.045, 0.015, 0.040, 0.70, 40, 0.78),
    Service("Children's services", 0.24, 0.055, 0.020, 0.030, 0.75, 34, 0.74),
    Service("Education and SEND", 0.06, 0.080, 0.030, 0.020, 0.65, 28, 0.66),
    Service("Place and highways", 0.08, 0.005, 0.012, 0.035, 0.90, 60, 0.86),
    Service("Waste and environment", 0.08, 0.004, 0.010, 0.030, 0.90, 80, 0.90),
    Service("Housing and homelessness", 0.03, 0.030, 0.020, 0.020, 0.80, 20, 0.80),
    Service("Public health", 0.02, 0.000, 0.005, 0.020, 0.95, 5, 0.92),
    Service("Corporate services", 0.12, -0.015, 0.010, 0.050, 0.90, 36, 0.88),
)

# -- complaints ----------------------------------------------------------------------


@dataclass(frozen=True)
class Theme:
    name: str
    share: float  # share of a service's complaints
    upheld: float  # chance a complaint is upheld in full or in part
    compliments: float  # compliments per quarter per 10 complaints to the service


THEMES = (
    Theme("Communication", 0.26, 0.40, 0.8),
    Theme("Decision disputed", 0.20, 0.18, 0.1),
    Theme("Delays", 0.22, 0.45, 0.2),
    Theme("Quality of service", 0.20, 0.35, 1.5),
    Theme("Staff conduct", 0.12, 0.25, 2.0),
)
#: Complaints by financial quarter: a little higher in the winter quarter.
QUARTER_SEASON = (1.00, 0.95, 1.10, 1.00)
COMPLIMENTS_PER = 10

# -- resident survey -------------------------------------------------------------------
#: Questions and the share satisfied (or agreeing) in the first wave. No benchmarks.
SURVEY_QUESTIONS = (
    ("Satisfied with the local area as a place to live", 0.82),
    ("Satisfied with the way the council runs things", 0.58),
    ("Agree that the council provides value for money", 0.44),
    ("Feel safe outside in the local area after dark", 0.68),
    ("Feel informed about the services and benefits the council provides", 0.56),
    ("Satisfied with waste and recycling collections", 0.74),
)
#: Two waves a year, reported in these financial quarters (autumn and spring).
SURVEY_QUARTERS = (2, 4)
SURVEY_RESPONDENTS = (960, 1080)
SURVEY_DRIFT = 0.012

# -- targets -------------------------------------------------------------------------
TARGET_PERIODS = 3
#: Indicators whose latest value ends more than this long before the latest quarter
#: are too old to set targets for or to comment on.
MAX_AGE_DAYS = 731
DEFAULT_TOLERANCE = 5.0  # relative, per cent
#: Wider outcomes the council reports and compares with its peers but sets no local
#: target for: they move with the economy, the NHS, schools and national policy as much
#: as with the council's own work (and the late-payment count and interest follow from
#: the payment-time target). Other measures with a better direction get targets.
NO_TARGET = frozenset({
    "adult_smoking", "child_obesity_reception", "child_obesity_year_6", "claimant_rate",
    "employment_rate_16_64", "gcse_english_maths_grade_5", "healthy_life_expectancy_men",
    "healthy_life_expectancy_women", "house_price_to_earnings_ratio",
    "invoices_not_paid_in_30_days", "late_payment_interest_liable", "mmr_one_dose_age_2",
    "mmr_two_doses_age_5", "physically_active_adults", "preventable_mortality_under_75",
    "real_living_wage_jobs",
})
WIDE_TOLERANCE = 10.0
ABSOLUTE_TOLERANCE_POINTS = 2.0  # for some percentage indicators
SHARE_WIDE_TOLERANCE = 0.10
SHARE_ABSOLUTE_TOLERANCE = 0.15
SHARE_UNAMBITIOUS = 0.10
MIN_UNAMBITIOUS = 3
BUNCHED_COUNT = 2
SHARE_STRETCH = 0.35
STRETCH = (0.02, 0.05)
STEADY = (0.00, 0.02)
UNAMBITIOUS = (0.03, 0.08)
BUNCHED = (0.003, 0.010)
#: Bunching needs values large beside one shown decimal place, so rounding the
#: target keeps it just under the value (perfkit counts "just over" as within half
#: the tolerance).
BUNCH_UNIT_SHARE = 0.01
DEFAULT_DECIMALS = 1
#: Next year's proposed targets (for the March target review): how many measures
#: with a target this year get one of each kind; the others get none proposed, so
#: the review suggests a range for them.
PROPOSED_ROLES = (("beyond", 3), ("not_stretching", 5), ("stretch", 10))
#: Only measures of whole years, with at least this many figures (enough for a
#: usual range), whose proposed year is not the year the quarterly pack forecasts.
MIN_PROPOSAL_POINTS = 6
PROPOSED_STRETCH = (0.01, 0.03)  # better than the better of average and latest, by this share
PROPOSED_SLACK = (0.00, 0.02)  # worse than the worse of average and latest, by this share
#: Beyond anything seen: past the council's best and its usual range, by this share
#: of the distance from its average to the edge of that range.
BEYOND_SHARE = 0.3
SPC_SPREAD = 2.66  # the usual range, as the demo estimates it: average +/- 2.66 x mean moving range
PROPOSED_STREAM = 10  # the random stream of the proposed targets

# -- commentary and actions ------------------------------------------------------------
COMMENTARY_INDICATORS = 15
UNCHANGED_WITHIN = 0.01  # relative change counted as "broadly unchanged"
LINKED_ACTIONS = 9
ACTION_DUE_OFFSETS_MONTHS = (-5, -3, -2, -1, -1, 1, 2, 3, 3, 5, 6, 9)
MIN_OVERDUE = 2


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse_args(argv)
    data = Path(args.data)
    inputs = read_inputs(data, args.council)
    tables, summary = make_tables(inputs, args.council, args.seed)
    for name in OUTPUT_TABLES:
        write_table(data / f"{name}.csv", name, tables[name])
    print_summary(data, tables, summary)
    return 0


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default="data", help="data folder (default: data)")
    parser.add_argument("--council", default=DEFAULT_COUNCIL, help="ONS code of the council")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    return parser.parse_args(argv)


# == inputs ===========================================================================


@dataclass(frozen=True)
class Inputs:
    indicators: pd.DataFrame  # one row per indicator, indexed by indicator_id
    series: dict[str, list[tuple[Period, float | None]]]  # the council's totals, by period
    latest_quarter: Period


def read_inputs(data: Path, council: str) -> Inputs:
    """Read the public data the synthetic tables are written against."""
    for name in REQUIRED_FILES:
        if not (data / name).is_file():
            raise SystemExit(
                f"make_synthetic: {data / name} is missing. The synthetic management "
                "information is made against the real public data: run "
                "scripts/build_data.py first."
            )
    areas = pd.read_csv(data / "areas.csv", dtype=str)
    if council not in set(areas["area_code"]):
        raise SystemExit(f"make_synthetic: council {council} is not in {data / 'areas.csv'}")
    indicators = _read_indicators(data / "indicators.csv")
    observations = _read_council_observations(data / "observations.parquet", council)
    latest = _latest_quarter(observations)
    return Inputs(indicators, _up_to(_council_series(observations), latest), latest)


def _up_to(series: dict[str, list], latest: Period) -> dict[str, list]:
    """The series without periods that end after the latest quarter (monthly figures
    published after it): targets and commentary are for periods a report can show."""
    kept = {key: [(p, v) for p, v in points if p.end <= latest.end]
            for key, points in series.items()}
    return {key: points for key, points in kept.items() if points}


def _read_indicators(path: Path) -> pd.DataFrame:
    indicators = pd.read_csv(path, dtype=str, keep_default_na=False)
    indicators = indicators.set_index("indicator_id", drop=False).sort_index()
    for column in ("statutory_threshold", "decimal_places"):
        values = indicators[column] if column in indicators else pd.Series("", indicators.index)
        indicators[column] = pd.to_numeric(values, errors="coerce")
    for column in ("service", "enquiry_lines", "title", "short_title", "unit", "polarity",
                   "priority"):
        if column not in indicators:
            indicators[column] = ""
    polarity = indicators["polarity"].str.strip().str.lower()
    indicators["polarity"] = polarity.map(lambda word: POLARITY_ALIASES.get(word, word))
    return indicators


def _read_council_observations(path: Path, council: str) -> pd.DataFrame:
    observations = pd.read_parquet(path, filters=[("area_code", "==", council)])
    for column in ("breakdown_dimension", "breakdown_category"):
        if column not in observations:
            observations[column] = "all"
    totals = observations[
        observations["breakdown_dimension"].fillna("all").astype(str).str.lower().eq("all")
        & observations["breakdown_category"].fillna("all").astype(str).str.lower().eq("all")
    ]
    totals = totals[["indicator_id", "period", "value"]].copy()
    totals["indicator_id"] = totals["indicator_id"].astype(str)
    totals["period"] = totals["period"].astype(str)
    totals["value"] = pd.to_numeric(totals["value"], errors="coerce")
    return totals


def _council_series(totals: pd.DataFrame) -> dict[str, list[tuple[Period, float | None]]]:
    series: dict[str, dict[Period, float | None]] = {}
    for indicator_id, label, value in totals.itertuples(index=False):
        period = try_parse_period(label)
        if period is None:
            continue
        number = None if pd.isna(value) else float(value)
        points = series.setdefault(indicator_id, {})
        if points.get(period) is None:
            points[period] = number
    return {key: sorted(points.items()) for key, points in sorted(series.items())}


def _latest_quarter(totals: pd.DataFrame) -> Period:
    periods = [try_parse_period(label) for label in totals["period"].unique()]
    quarters = [p for p in periods if p is not None and p.kind == "financial_quarter"]
    return max(quarters) if quarters else FALLBACK_LATEST_QUARTER


# == the tables ==========================================================================


def make_tables(inputs: Inputs, council: str, seed: int) -> tuple[dict, dict]:
    """All six tables as lists of rows (dicts of strings), and a summary of choices."""
    quarters = _quarters(inputs.latest_quarter)
    targets, roles = make_targets(inputs, council, _rng(seed, 0))
    commentary, directions = make_commentary(inputs, council, _rng(seed, 4))
    tables = {
        "targets": targets + make_proposed_targets(inputs, council,
                                                   _rng(seed, PROPOSED_STREAM)),
        "budget_monitoring": make_budget_monitoring(quarters, council, _rng(seed, 1)),
        "complaints": make_complaints(quarters, council, _rng(seed, 2)),
        "satisfaction": make_satisfaction(quarters, council, _rng(seed, 3)),
        "commentary": commentary,
        "actions": make_actions(inputs, council, directions, roles, _rng(seed, 5)),
        "exceptional_periods": make_exceptional_periods(),
    }
    return tables, {"roles": roles, "latest_quarter": inputs.latest_quarter}


def _rng(seed: int, stream: int) -> np.random.Generator:
    """An independent generator per table, so changing one table leaves the others alone."""
    return np.random.default_rng([seed, stream])


def _quarters(latest: Period) -> list[Period]:
    first = Period("financial_quarter", latest.year - YEARS_BEFORE_LATEST, 1)
    quarters = [first]
    while quarters[-1] < latest:
        quarters.append(quarters[-1].next())
    return quarters


# -- budget monitoring --------------------------------------------------------------------


def make_budget_monitoring(quarters: list[Period], council: str, rng) -> list[dict]:
    rows = []
    first_year = quarters[0].year
    for year in sorted({q.year for q in quarters}):
        index = year - first_year
        total = FIRST_YEAR_NET_BUDGET_GBP * (1 + ANNUAL_BUDGET_GROWTH) ** index
        for service in SERVICES:
            plan = _service_year(service, total, index, rng)
            for quarter in (q for q in quarters if q.year == year):
                rows.append(_budget_row(council, quarter, service, plan, rng))
    return rows


def _service_year(service: Service, total: float, index: int, rng) -> dict[str, float]:
    budget = _round_to(total * service.budget_share * rng.uniform(0.98, 1.02), BUDGET_ROUNDING_GBP)
    growth = 1 + PRESSURE_GROWTH * index if service.pressure > 0 else 1
    pressure = rng.normal(service.pressure * growth, service.pressure_spread)
    planned = _round_to(budget * service.savings_share * rng.uniform(0.8, 1.2),
                        SAVINGS_ROUNDING_GBP)
    delivery = float(np.clip(rng.normal(service.delivery_rate, 0.08), 0.3, 1.0))
    return {"budget": budget, "pressure": pressure, "planned": planned, "delivery": delivery}


def _budget_row(council: str, quarter: Period, service: Service, plan: dict, rng) -> dict:
    drift = FORECAST_DRIFT[quarter.part - 1]
    variance = plan["pressure"] * drift + rng.normal(0, FORECAST_NOISE)
    delivered = plan["planned"] * plan["delivery"] * SAVINGS_PROGRESS[quarter.part - 1]
    return {
        "area_code": council,
        "period": quarter.label,
        "service": service.name,
        "budget_gbp": _whole(plan["budget"]),
        "forecast_outturn_gbp": _whole(_round_to(plan["budget"] * (1 + variance),
                                                 BUDGET_ROUNDING_GBP)),
        "savings_planned_gbp": _whole(plan["planned"]),
        "savings_delivered_gbp": _whole(_round_to(delivered, BUDGET_ROUNDING_GBP)),
        "synthetic": TRUE,
    }


# -- complaints ---------------------------------------------------------------------------


def make_complaints(quarters: list[Period], council: str, rng) -> list[dict]:
    rows = []
    for index, quarter in enumerate(quarters):
        improvement = 0.01 * index  # handling times improve slowly
        for service in SERVICES:
            for theme in THEMES:
                expected = service.complaints * theme.share * QUARTER_SEASON[quarter.part - 1]
                received = int(rng.poisson(expected))
                in_time = min(0.97, service.answered_in_time + improvement)
                compliments_rate = service.complaints / COMPLIMENTS_PER * theme.compliments
                rows.append({
                    "area_code": council,
                    "period": quarter.label,
                    "service": service.name,
                    "theme": theme.name,
                    "received": str(received),
                    "upheld": str(int(rng.binomial(received, theme.upheld))),
                    "answered_in_time": str(int(rng.binomial(received, in_time))),
                    "compliments": str(int(rng.poisson(compliments_rate))),
                    "synthetic": TRUE,
                })
    return rows


# -- resident survey -------------------------------------------------------------------


def make_satisfaction(quarters: list[Period], council: str, rng) -> list[dict]:
    waves = [q for q in quarters if q.part in SURVEY_QUARTERS]
    shares = {question: share for question, share in SURVEY_QUESTIONS}
    rows = []
    for wave in waves:
        respondents = int(rng.integers(SURVEY_RESPONDENTS[0], SURVEY_RESPONDENTS[1] + 1))
        for question, _ in SURVEY_QUESTIONS:
            shares[question] = float(np.clip(shares[question] + rng.normal(0, SURVEY_DRIFT),
                                             0.05, 0.95))
            rows.append({
                "area_code": council,
                "period": wave.label,
                "question": question,
                "respondents": str(respondents),
                "satisfied": str(int(rng.binomial(respondents, shares[question]))),
                "synthetic": TRUE,
            })
    return rows


# -- targets ------------------------------------------------------------------------------


def make_targets(inputs: Inputs, council: str, rng) -> tuple[list[dict], dict[str, str]]:
    """Targets for the latest periods of every non-neutral indicator with recent values.

    Returns the rows and the role each indicator was given: statutory, stretch,
    steady, unambitious (deliberately set worse than last year's outturn) or
    bunched (set just under the real values, so they sit just over the target).
    """
    eligible = _target_indicators(inputs)
    roles = _assign_roles(inputs, eligible, rng)
    rows = []
    for indicator_id in eligible:
        info = inputs.indicators.loc[indicator_id]
        tolerance, tolerance_type = _tolerance(info, roles[indicator_id], rng)
        points = inputs.series[indicator_id]
        for period, _ in points[-TARGET_PERIODS:]:
            target = _target_value(info, roles[indicator_id], points, period, rng)
            rows.append({
                "indicator_id": indicator_id,
                "area_code": council,
                "period": period.label,
                "target": _number(target, _decimals(info)),
                "tolerance": _number(tolerance, 1),
                "tolerance_type": tolerance_type,
                "synthetic": TRUE,
            })
    return rows, roles


def _is_recent(points: list, latest: Period) -> bool:
    return (latest.end - points[-1][0].end).days <= MAX_AGE_DAYS


def _target_indicators(inputs: Inputs) -> list[str]:
    eligible = []
    for indicator_id, points in inputs.series.items():
        if indicator_id not in inputs.indicators.index or indicator_id in NO_TARGET:
            continue
        if not _is_recent(points, inputs.latest_quarter):
            continue
        if inputs.indicators.at[indicator_id, "polarity"] not in _DIRECTION:
            continue
        if any(value is not None for _, value in points[-TARGET_PERIODS:]):
            eligible.append(indicator_id)
    return eligible


def _assign_roles(inputs: Inputs, eligible: list[str], rng) -> dict[str, str]:
    roles = {i: "statutory" for i in eligible if _has_threshold(inputs.indicators.loc[i])}
    free = [i for i in eligible if i not in roles]
    bunched = [i for i in free if _can_bunch(inputs.indicators.loc[i], inputs.series[i])]
    for indicator_id in _pick(rng, bunched, BUNCHED_COUNT):
        roles[indicator_id] = "bunched"
    lax = [i for i in free if i not in roles
           and _can_be_unambitious(inputs.indicators.loc[i], inputs.series[i])]
    wanted = max(MIN_UNAMBITIOUS, round(SHARE_UNAMBITIOUS * len(eligible)))
    for indicator_id in _pick(rng, lax, wanted):
        roles[indicator_id] = "unambitious"
    for indicator_id in free:
        if indicator_id not in roles:
            roles[indicator_id] = "stretch" if rng.random() < SHARE_STRETCH else "steady"
    return dict(sorted(roles.items()))


def _pick(rng, candidates: list[str], count: int) -> list[str]:
    if not candidates:
        return []
    chosen = rng.choice(len(candidates), size=min(count, len(candidates)), replace=False)
    return [candidates[i] for i in sorted(chosen)]


def _has_threshold(info: pd.Series) -> bool:
    return not pd.isna(info["statutory_threshold"])


def _can_bunch(info: pd.Series, points: list) -> bool:
    recent = [value for _, value in points[-TARGET_PERIODS:]]
    if len(recent) < TARGET_PERIODS or any(value is None for value in recent):
        return False
    return min(recent) > 0 and 10.0 ** -_decimals(info) <= BUNCH_UNIT_SHARE * min(recent)


def _can_be_unambitious(info: pd.Series, points: list) -> bool:
    period = points[-1][0]
    worst = _worst_reference(info, points, period)
    return worst is not None and worst > 0 and not (info["unit"] == "percent" and worst >= 100)


#: +1 where a higher value is better, -1 where lower is better.
_DIRECTION = {"higher_is_better": 1, "lower_is_better": -1}


def _references(points: list, period: Period) -> list[float]:
    """Outturns a target for ``period`` is set against: the period before and a year before."""
    values = dict(points)
    earlier = [value for p, value in points if p < period and value is not None]
    references = [earlier[-1]] if earlier else []
    last_year = values.get(period.same_period_last_year())
    if last_year is not None:
        references.append(last_year)
    return references


def _worst_reference(info: pd.Series, points: list, period: Period) -> float | None:
    references = _references(points, period)
    if not references:
        return None
    sign = _DIRECTION[info["polarity"]]
    return min(references, key=lambda value: sign * value)


def _anchor(points: list, period: Period) -> float:
    """Last year's outturn (the same period a year before, or failing that the latest
    earlier value), or failing both the period's own value or the latest value."""
    values = dict(points)
    last_year = values.get(period.same_period_last_year())
    if last_year is not None:
        return last_year
    earlier = [value for p, value in points if p < period and value is not None]
    if earlier:
        return earlier[-1]
    if values.get(period) is not None:
        return values[period]
    return next(value for _, value in reversed(points) if value is not None)


def _target_value(info: pd.Series, role: str, points: list, period: Period, rng) -> float:
    sign = _DIRECTION[info["polarity"]]
    decimals = _decimals(info)
    if role == "bunched":
        value = dict(points)[period]
        return _round_away(value - sign * _step(value, BUNCHED, decimals, rng), -sign, decimals)
    worst = _worst_reference(info, points, period)
    if role == "unambitious" and worst is not None and worst > 0:
        target = worst - sign * _step(worst, UNAMBITIOUS, decimals, rng)
        return _clip(info, _round_away(target, -sign, decimals))
    anchor = _anchor(points, period)
    if role == "statutory" and _falls_short(info, [anchor, dict(points).get(period)]):
        return float(info["statutory_threshold"])
    spread = STRETCH if role == "stretch" else STEADY
    target = anchor + sign * abs(anchor) * rng.uniform(*spread)
    return _clip(info, _round_away(target, sign, decimals))


def _falls_short(info: pd.Series, values: list[float | None]) -> bool:
    """Whether any of the values falls short of the statutory threshold."""
    sign = _DIRECTION[info["polarity"]]
    threshold = info["statutory_threshold"]
    return any(value is not None and sign * threshold > sign * value for value in values)


def _step(value: float, spread: tuple[float, float], decimals: int, rng) -> float:
    """A move of a random share of the value, and at least one shown decimal place."""
    return max(abs(value) * rng.uniform(*spread), 10.0 ** -decimals)


def _round_away(value: float, direction: int, decimals: int) -> float:
    """Round to the shown decimal places, towards ``direction`` (+1 up, -1 down)."""
    scale = 10.0 ** decimals
    scaled = round(value * scale, 6)
    return (math.ceil(scaled) if direction > 0 else math.floor(scaled)) / scale


def _clip(info: pd.Series, target: float) -> float:
    if info["unit"] == "percent":
        return min(max(target, 0.0), 100.0)
    return target


def _tolerance(info: pd.Series, role: str, rng) -> tuple[float, str]:
    draw = rng.random()
    if role in ("bunched", "unambitious", "statutory"):
        return DEFAULT_TOLERANCE, "relative"
    if info["unit"] == "percent" and draw < SHARE_ABSOLUTE_TOLERANCE:
        return ABSOLUTE_TOLERANCE_POINTS, "absolute"
    if draw > 1 - SHARE_WIDE_TOLERANCE:
        return WIDE_TOLERANCE, "relative"
    return DEFAULT_TOLERANCE, "relative"


def _decimals(info: pd.Series) -> int:
    places = info["decimal_places"]
    return DEFAULT_DECIMALS if pd.isna(places) else int(places)


def make_proposed_targets(inputs: Inputs, council: str, rng) -> list[dict]:
    """Targets proposed for next year (2026-27, 2026/27 or 2026 after 2025-26)
    for some of the measures with a target this year, a deliberate mix for the
    target review: some asking for no change, some a realistic stretch and a
    few beyond anything the council has recorded."""
    review = Period("financial_quarter", inputs.latest_quarter.financial_year.year, 4)
    candidates = _proposal_candidates(inputs, review)
    rows, taken = [], set()
    for role, count in PROPOSED_ROLES:
        fits = [i for i in candidates if i not in taken
                and _proposed_value(inputs, i, role, 0.0) is not None]
        for indicator_id in _pick(rng, fits, count):
            taken.add(indicator_id)
            info = inputs.indicators.loc[indicator_id]
            value = _proposed_value(inputs, indicator_id, role, rng.random())
            rows.append({"indicator_id": indicator_id, "area_code": council,
                         "period": candidates[indicator_id].label,
                         "target": _number(value, _decimals(info)),
                         "tolerance": _number(DEFAULT_TOLERANCE, 1),
                         "tolerance_type": "relative", "synthetic": TRUE})
    return rows


def _proposal_candidates(inputs: Inputs, review: Period) -> dict[str, Period]:
    """Measures of whole years with a target this year, each with its next year."""
    found = {}
    for indicator_id in _target_indicators(inputs):
        points = [(p, v) for p, v in inputs.series[indicator_id] if v is not None]
        latest = points[-1][0]
        if latest.kind not in ("financial_year", "academic_year", "calendar_year"):
            continue
        year = Period(latest.kind, review.end.year - 1)
        while year.start + (year.end - year.start) / 2 <= review.end:
            year = year.next()
        if len(points) >= MIN_PROPOSAL_POINTS and year != latest.next():
            found[indicator_id] = year
    return found


def _proposed_value(inputs: Inputs, indicator_id: str, role: str, draw: float) -> float | None:
    """The proposed target of a role, from the council's own figures (None: it
    would leave the figures' natural bounds)."""
    info = inputs.indicators.loc[indicator_id]
    sign, decimals = _DIRECTION[info["polarity"]], _decimals(info)
    values = [v for _, v in inputs.series[indicator_id] if v is not None]
    mean, latest = float(np.mean(values)), values[-1]
    spread = SPC_SPREAD * float(np.mean(np.abs(np.diff(values))))
    if role == "beyond":
        edge = max(sign * (mean + sign * spread), max(sign * v for v in values)) * sign
        target = _round_away(edge + sign * BEYOND_SHARE * spread, sign, decimals)
    elif role == "not_stretching":
        worse = min(sign * mean, sign * latest) * sign
        share = PROPOSED_SLACK[0] + draw * (PROPOSED_SLACK[1] - PROPOSED_SLACK[0])
        target = _round_away(worse - sign * abs(worse) * share, -sign, decimals)
    else:
        better = max(sign * mean, sign * latest) * sign
        share = PROPOSED_STRETCH[0] + draw * (PROPOSED_STRETCH[1] - PROPOSED_STRETCH[0])
        target = _round_away(better + sign * max(abs(better) * share, 10.0 ** -decimals),
                             sign, decimals)
    inside = target >= 0 and not (info["unit"] == "percent" and target > 100)
    return target if inside else None


# -- commentary ---------------------------------------------------------------------------

#: Keywords that place an indicator in a theme, tried in this order.
SHORT_WORD = 4
THEME_WORDS = (
    ("send", ("ehcp", "send", "special educational", "education, health and care")),
    ("planning", ("planning", "applications")),
    ("poverty", ("poverty", "low income", "low-income")),
    # population health first, so "adults who smoke" is not an adult social care measure
    ("public_health", ("smoke", "smoking", "obese", "obesity", "vaccin", "life expectancy",
                       "mortality", "physically active", "health check")),
    ("housing", ("homeless", "housing", "temporary accommodation")),
    ("adults", ("adult", "ascof", "care home", "delayed transfer", "reablement")),
    ("information", ("foi", "freedom of information", "information governance")),
    ("payments", ("invoice", "late payment", "late-payment")),
    ("children", ("child", "looked after", "care leaver", "safeguard", "cla", "cin", "cpp",
                  "social work", "youth justice")),
    ("education", ("education", "school", "pupil", "attainment", "key stage", "ks2", "ks4",
                   "neet", "absence", "exclusion", "suspension", "ofsted")),
    ("environment", ("waste", "recycl", "fly-tip", "fly tip", "landfill", "carbon")),
    ("public_health", ("health", "obes", "smok", "life expectancy", "mortality")),
    ("finance", ("spend", "budget", "council tax", "reserve", "debt", "gbp", "finance",
                 "business rates", "income")),
)
AUTHORS = {
    "send": "Head of SEND",
    "planning": "Planning Manager",
    "poverty": "Head of Strategy and Policy",
    "housing": "Head of Housing Strategy and Homelessness",
    "adults": "Director of Adult Social Services",
    "children": "Head of Children's Social Care",
    "education": "Head of Education Standards",
    "environment": "Head of Waste and Environmental Services",
    "public_health": "Director of Public Health",
    "finance": "Head of Financial Management",
    "information": "Information Governance Manager",
    "payments": "Head of Exchequer Services",
    "general": "Head of Performance and Intelligence",
}
OPENINGS = {
    "better": ("Performance on {name} improved on the previous period.",
               "{Name} moved in the right direction this period."),
    "worse": ("Performance on {name} fell back compared with the previous period.",
              "{Name} moved the wrong way this period."),
    "same": ("Performance on {name} was broadly unchanged on the previous period.",
             "{Name} held steady this period."),
    "up": ("{Name} rose compared with the previous period.",),
    "down": ("{Name} fell compared with the previous period.",),
    "level": ("{Name} was broadly unchanged on the previous period.",),
    "first": ("This is the first period {name} is reported in this form, so there is no "
              "earlier figure to compare with.",),
    "missing": ("The published figure for {name} for this period is not available, so the "
                "service is relying on its own monitoring in the meantime.",),
}
EXPLANATIONS = {
    "send": {
        "good": "The service has recruited additional case workers and is clearing the "
                "oldest assessments first.",
        "poor": "Demand for assessments remains high, and the service is adding "
                "assessment capacity and tightening how advice is requested from partners.",
    },
    "planning": {
        "good": "Officers have streamlined the validation of applications and agree "
                "extensions of time with applicants earlier.",
        "poor": "Vacancies in the development management team have slowed decisions; "
                "temporary cover is in place while posts are filled.",
    },
    "poverty": {
        "good": "Partners are working together to help families take up the financial "
                "support they are entitled to.",
        "poor": "Cost-of-living pressures continue to affect families, and the council is "
                "working with partners to target support where it is most needed.",
    },
    "housing": {
        "good": "Earlier prevention work with households at risk is helping more people "
                "stay in their homes.",
        "poor": "Demand from households at risk of homelessness continues to rise, and "
                "the service is reviewing how it triages new approaches.",
    },
    "adults": {
        "good": "Closer joint working with health partners is supporting people to "
                "return home sooner.",
        "poor": "Rising demand and the cost of care packages continue to put pressure "
                "on the service, and practice leads are reviewing care plans.",
    },
    "children": {
        "good": "Stable staffing in the social work teams is helping caseloads stay "
                "manageable.",
        "poor": "Workloads in the social work teams remain high, and managers are "
                "auditing cases to make sure plans are progressing.",
    },
    "education": {
        "good": "Schools have been supported through the local improvement partnership, "
                "and the service is sharing practice between schools.",
        "poor": "The service is working with schools where results have dipped to agree "
                "targeted support.",
    },
    "environment": {
        "good": "Resident communications about what goes in which bin appear to be "
                "helping.",
        "poor": "Contamination of recycling remains a concern, and crews are tagging "
                "bins to explain what went wrong.",
    },
    "public_health": {
        "good": "Commissioned services are reaching more residents in the areas of "
                "greatest need.",
        "poor": "This is a long-term measure, and the service is reviewing its "
                "commissioned programmes with partners.",
    },
    "finance": {
        "good": "Budget holders are keeping to their spending plans, and the position is "
                "monitored monthly.",
        "poor": "Pressures in demand-led services are affecting the position, and "
                "spending controls are in place.",
    },
    "information": {
        "good": "Request handling has been centralised, and the team tracks every open "
                "request against its deadline.",
        "poor": "A rise in complex requests has slowed responses, and the team is "
                "reviewing how requests are allocated to services.",
    },
    "payments": {
        "good": "Invoices are now approved online, and the team chases any that are close "
                "to 30 days.",
        "poor": "Delays in approving invoices in some services slowed payments, and "
                "budget holders now get a weekly list of invoices waiting for approval.",
    },
    "general": {
        "good": "The service is building on the changes that supported this result.",
        "poor": "The service is looking at the reasons behind this and will report back.",
    },
}
#: For context measures (neutral polarity), which are neither better nor worse.
CONTEXT_EXPLANATIONS = {
    "finance": "This is a financial measure that gives context rather than a judgement "
               "of performance; it is read alongside the budget monitoring report.",
    "send": "This describes demand rather than performance, and the service uses it to "
            "plan assessment and support capacity.",
    "children": "This describes demand on the service rather than its performance, and "
                "managers use it to plan staffing.",
    "general": "This figure gives context for the service's performance rather than "
               "measuring it.",
}
CLOSINGS = (
    "Officers will keep this under review and report progress at the next update.",
    "An update will be brought to the relevant scrutiny committee.",
    "",
    "",
)
#: Points that make an indicator a candidate for commentary.
LINE_WEIGHTS = {"legal_duties": 2, "finance": 2}
THEME_WEIGHTS = {"send": 3, "planning": 3}
#: Extra point for a performance measure (one with a better direction) over context.
PERFORMANCE_WEIGHT = 1
#: Extra point for a measure of a council plan priority: officers report on the plan.
PLAN_WEIGHT = 1
#: Themes that win over "finance" for a measure in pounds (late-payment interest).
MONEY_THEMES = ("payments",)


def make_commentary(inputs: Inputs, council: str, rng) -> tuple[list[dict], dict[str, str]]:
    """Officer commentary on about 15 key indicators, for the latest two periods.

    Returns the rows and the direction of travel in the latest period for each
    indicator commented on (used to choose improvement actions).
    """
    rows, directions = [], {}
    for indicator_id in _commentary_indicators(inputs):
        info = inputs.indicators.loc[indicator_id]
        theme = _theme(info)
        context = info["polarity"] not in _DIRECTION
        points = inputs.series[indicator_id]
        for position in (-2, -1):
            period = points[position][0]
            direction = _direction_of_travel(info, points, position)
            rows.append({
                "area_code": council,
                "indicator_id": indicator_id,
                "period": period.label,
                "author": AUTHORS[theme],
                "commentary": _comment(theme, direction, context, rng,
                                       str(info["short_title"])),
                "synthetic": TRUE,
            })
        directions[indicator_id] = direction
    return rows, directions


def _commentary_indicators(inputs: Inputs) -> list[str]:
    scored = []
    for indicator_id, points in inputs.series.items():
        if indicator_id not in inputs.indicators.index or len(points) < 2:
            continue
        if not _is_recent(points, inputs.latest_quarter):
            continue
        if all(value is None for _, value in points[-2:]):
            continue
        info = inputs.indicators.loc[indicator_id]
        lines = str(info["enquiry_lines"]).split(";")
        score = sum(LINE_WEIGHTS.get(line.strip(), 0) for line in lines)
        score += THEME_WEIGHTS.get(_theme(info), 0)
        score += PERFORMANCE_WEIGHT if info["polarity"] in _DIRECTION else 0
        score += PLAN_WEIGHT if str(info["priority"]).strip() else 0
        scored.append((-score, indicator_id))
    return sorted(indicator_id for _, indicator_id in sorted(scored)[:COMMENTARY_INDICATORS])


def _theme(info: pd.Series) -> str:
    text = " ".join(str(info[c]) for c in ("indicator_id", "title", "service")).lower()
    found = next((theme for theme, words in THEME_WORDS
                  if any(_mentions(text, word) for word in words)), "general")
    if str(info["unit"]).startswith("gbp") and found not in MONEY_THEMES:
        return "finance"
    return found


def _mentions(text: str, word: str) -> bool:
    """Whether the text has a word starting with ``word`` (short words: the whole word)."""
    ending = r"(?![a-z])" if len(word) <= SHORT_WORD else ""
    return re.search(rf"(?<![a-z]){re.escape(word)}{ending}", text) is not None


def _direction_of_travel(info: pd.Series, points: list, position: int) -> str:
    value = points[position][1]
    if value is None:
        return "missing"
    earlier = [v for _, v in points[: len(points) + position] if v is not None]
    if not earlier:
        return "first"
    before = earlier[-1]
    same = abs(value - before) <= UNCHANGED_WITHIN * abs(before)
    sign = _DIRECTION.get(info["polarity"])
    if sign is None:  # a context measure: neither better nor worse
        return "level" if same else ("up" if value > before else "down")
    if same:
        return "same"
    return "better" if sign * (value - before) > 0 else "worse"


def _comment(theme: str, direction: str, context: bool, rng, name: str) -> str:
    """An officer's comment: what the figure did (naming the measure, as officers
    do), why, and what comes next."""
    openings = OPENINGS[direction]
    lower = name[0].lower() + name[1:] if name[:2].isupper() is False else name
    opening = openings[int(rng.integers(len(openings)))].format(name=lower, Name=name)
    if context:
        explanation = CONTEXT_EXPLANATIONS.get(theme, CONTEXT_EXPLANATIONS["general"])
    else:
        explanation = EXPLANATIONS[theme]["good" if direction in ("better", "same") else "poor"]
    closing = CLOSINGS[int(rng.integers(len(CLOSINGS)))]
    return " ".join(part for part in (opening, explanation, closing) if part)


# -- actions --------------------------------------------------------------------------

ACTION_TEXTS = {
    "send": "Review the assessment pathway to cut the time between a request and a draft "
            "plan, and report weekly on cases near the 20-week limit",
    "planning": "Fill vacant planning officer posts and introduce a fortnightly review of "
                "applications approaching their decision date",
    "poverty": "Work with partners to help more families take up the benefits and "
               "support they are entitled to",
    "housing": "Expand early prevention work with households at risk of homelessness",
    "adults": "Review high-cost care packages and increase reablement capacity",
    "children": "Audit a sample of open cases each month and act on the findings",
    "education": "Agree targeted support plans with schools where results are below "
                 "expectations",
    "environment": "Run a recycling contamination campaign on the worst-performing rounds",
    "public_health": "Re-commission the service with outcome measures tied to this indicator",
    "finance": "Tighten spending controls and report the forecast monthly to the "
               "leadership team",
    "information": "Set up weekly tracking of open information requests with each "
                   "directorate",
    "payments": "Move invoice approval online and report invoices close to 30 days each "
                "week",
    "general": "Set up a task group to understand the drivers of this figure and propose "
               "improvements",
}
#: More specific actions for indicators whose id or title mentions a word, tried first.
ACTIONS_BY_WORD = (
    ("placed_over_20_miles", "Commission more local foster and residential placements so "
                             "children can stay close to home"),
    ("care_leavers", "Offer every care leaver a personal education, training or "
                     "employment plan with the careers service"),
    ("second_or_later", "Strengthen step-down support for families leaving a child "
                        "protection plan"),
    ("tribunal", "Review decision letters and offer mediation early to reduce appeals to "
                 "the SEND tribunal"),
    ("cp", "Book child protection conferences and reviews as soon as a plan starts, and "
            "track those at risk of running late"),
    ("assessments", "Review the allocation of new assessments so each starts within days "
                    "of the referral"),
    ("stability", "Give foster carers extra support to reduce unplanned placement moves"),
    ("absence", "Work with schools on early help for pupils whose attendance is slipping"),
    ("caseload", "Recruit to vacant social worker posts so caseloads come down"),
    ("social_worker", "Carry out the social work recruitment and retention plan"),
)
CORPORATE_ACTIONS = (
    ("Agree a recovery plan for the forecast overspend in adult social care and "
     "children's services", "Chief Finance Officer"),
    ("Refresh the complaints procedure and train complaint handlers to answer within "
     "the deadline", "Head of Customer Services"),
    ("Publish a plain-English summary of the resident survey and what the council will "
     "do in response", "Head of Communications"),
)


def make_actions(inputs: Inputs, council: str, directions: dict[str, str],
                 roles: dict[str, str], rng) -> list[dict]:
    report_date = inputs.latest_quarter.end
    offsets = list(rng.permutation(ACTION_DUE_OFFSETS_MONTHS))
    plans = _linked_plans(inputs, _action_indicators(directions, roles))
    plans += [(None, text, owner) for text, owner in CORPORATE_ACTIONS]
    rows, overdue = [], 0
    for number, ((indicator_id, text, owner), offset) in enumerate(zip(plans, offsets,
                                                                      strict=False), 1):
        due = _month_end(report_date, int(offset))
        status = _action_status(due, report_date, overdue < MIN_OVERDUE, rng)
        overdue += status == "overdue"
        rows.append({
            "action_id": f"ACT-{number:03d}",
            "area_code": council,
            "indicator_id": indicator_id or "",
            "action": text,
            "owner": owner,
            "due_date": due.isoformat(),
            "status": status,
            "synthetic": TRUE,
        })
    _mark_one_at_risk(rows, report_date)
    rows += _completed_earlier(inputs, council, len(rows))
    return [_with_progress(row, report_date) for row in rows]


#: Actions finished a year or two before the report, on measures with quarterly
#: figures, so that the reports can show whether the measure moved after them:
#: (indicator, action, owner, completed).
COMPLETED_EARLIER = (
    ("planning_major_in_time", "Agree extensions of time with applicants before a major "
     "application's deadline passes, and review the list each week", "Planning Manager",
     date(2024, 9, 30)),
    ("nhs_health_checks", "Offer NHS Health Checks in community pharmacies as well as "
     "GP surgeries", "Director of Public Health", date(2024, 3, 31)),
)
#: Milestones each action has, for its progress.
ACTION_MILESTONES = 4
#: How much of a plan an action has done, by status (its share of the time to
#: its due date for one on track; less for one at risk).
PROGRESS_BY_STATUS = {"not_started": 0.0, "complete": 1.0, "overdue": 0.75}
AT_RISK_SHARE = 0.6
ACTION_MONTHS = 12  # an action runs for a year up to its due date
UPDATES = {
    "overdue": "Delayed: the work is taking longer than planned. A new date is being agreed.",
    "at_risk": "Behind plan: staff are being moved onto it to catch up.",
    "on_track": "Going to plan.",
}


def _completed_earlier(inputs: Inputs, council: str, count: int) -> list[dict]:
    rows = []
    for number, (indicator_id, text, owner, done) in enumerate(COMPLETED_EARLIER, count + 1):
        if indicator_id not in inputs.indicators.index:
            continue
        rows.append({"action_id": f"ACT-{number:03d}", "area_code": council,
                     "indicator_id": indicator_id, "action": text, "owner": owner,
                     "due_date": done.isoformat(), "status": "complete",
                     "completed_date": done.isoformat(), "synthetic": TRUE})
    return rows


def _with_progress(row: dict, report_date: date) -> dict:
    """The row with its per cent complete, milestones met and latest word."""
    due = date.fromisoformat(row["due_date"])
    start = _month_end(due, -ACTION_MONTHS)
    elapsed = (report_date - start).days / max((due - start).days, 1)
    share = PROGRESS_BY_STATUS.get(row["status"], min(max(elapsed, 0.1), 0.9))
    if row["status"] == "at_risk":
        share *= AT_RISK_SHARE
    met = int(share * ACTION_MILESTONES)
    complete = row["status"] == "complete"
    return {**row,
            "percent_complete": str(int(round(share * 100, -1))),
            "milestones": f"{met} of {ACTION_MILESTONES} milestones met",
            "completed_date": row.get("completed_date") or (due.isoformat() if complete else ""),
            "update": UPDATES.get(row["status"], "")}


def make_exceptional_periods() -> list[dict]:
    """The pandemic year, set aside as councils set aside their ratings then: a
    setting, not a figure, so it is not marked synthetic."""
    return [{"period": "2020-21", "reason": "the COVID-19 pandemic", "synthetic": "false"}]


def _mark_one_at_risk(rows: list[dict], report_date: date) -> None:
    """Make sure one open action is at risk: the one due soonest after the report date."""
    future = [row for row in rows if row["due_date"] > report_date.isoformat()]
    if future and not any(row["status"] == "at_risk" for row in rows):
        min(future, key=lambda row: (row["due_date"], row["action_id"]))["status"] = "at_risk"


def _linked_plans(inputs: Inputs, candidates: list[str]) -> list[tuple[str, str, str]]:
    """(indicator, action, owner) for the first candidates, one indicator per action."""
    plans, used = [], set()
    for indicator_id in candidates:
        theme = _theme(inputs.indicators.loc[indicator_id])
        text = _action_text(indicator_id, theme)
        if text not in used and len(plans) < LINKED_ACTIONS:
            used.add(text)
            plans.append((indicator_id, text, AUTHORS[theme]))
    return plans


def _action_text(indicator_id: str, theme: str) -> str:
    for word, text in ACTIONS_BY_WORD:
        if _mentions(indicator_id, word):
            return text
    return ACTION_TEXTS[theme]


def _action_indicators(directions: dict[str, str], roles: dict[str, str]) -> list[str]:
    """Indicators that most need an action: getting worse first, then any commented on."""
    order = {"worse": 0, "missing": 1, "same": 2, "first": 3, "better": 4}
    performance = [i for i in directions if directions[i] in order]
    ranked = sorted(performance, key=lambda i: (order[directions[i]], i))
    flagged = [i for i in roles if roles[i] in ("unambitious", "bunched") and i not in ranked]
    return ranked + flagged


def _action_status(due: date, report_date: date, need_overdue: bool, rng) -> str:
    if due <= report_date:
        if need_overdue:
            return "overdue"
        return "overdue" if rng.random() < 0.4 else "complete"
    choices = ("not_started", "on_track", "on_track", "at_risk")
    return choices[int(rng.integers(len(choices)))]


def _month_end(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    following = date((index + 1) // 12, (index + 1) % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


# == output ===========================================================================


def write_table(path: Path, name: str, rows: Iterable[dict]) -> None:
    """Write the rows sorted by the table's key, with exactly the contract's columns,
    to a temporary file that then replaces ``path`` in one step."""
    table = TABLES[name]
    columns = table.names
    rows = list(rows)
    _check_choices(table, rows)
    ordered = sorted(rows, key=lambda row: tuple(_sort_part(row[k]) for k in table.key))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in ordered:
        writer.writerow({column: row[column] for column in columns})
    handle, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
            file.write(buffer.getvalue())
        os.chmod(temporary, FILE_MODE & ~_umask())  # mkstemp makes files private
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _check_choices(table, rows: list[dict]) -> None:
    for column in table.columns:
        if column.kind != "choice":
            continue
        wrong = {row[column.name] for row in rows} - set(column.choices) - {""}
        if wrong:
            raise ValueError(f"{table.name}.{column.name}: {sorted(wrong)} not in the contract")


def _sort_part(value: str) -> tuple:
    period = try_parse_period(value) if value else None
    if period is not None:
        return (0, period.sort_key(), value)
    return (1, (), value)


def print_summary(data: Path, tables: dict, summary: dict) -> None:
    print(f"Synthetic management information written to {data} "
          f"(latest quarter {summary['latest_quarter']}):")
    for name in OUTPUT_TABLES:
        print(f"  {name}.csv: {len(tables[name])} rows")
    roles = summary["roles"]
    for role in ("statutory", "unambitious", "bunched", "stretch", "steady"):
        chosen = [i for i, r in roles.items() if r == role]
        shown = ", ".join(chosen) if role in ("statutory", "unambitious", "bunched") else ""
        print(f"  targets {role}: {len(chosen)} indicators" + (f" ({shown})" if shown else ""))


# -- number formatting ---------------------------------------------------------------------


def _round_to(value: float, step: int) -> float:
    return float(round(value / step) * step)


def _whole(value: float) -> str:
    return str(int(round(value)))


def _number(value: float, decimals: int) -> str:
    text = f"{value:.{decimals}f}"
    return f"{0.0:.{decimals}f}" if float(text) == 0 else text  # never "-0.0"

if __name__ == "__main__":
    sys.exit(main())
