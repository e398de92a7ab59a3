"""Targets that cannot hide: RAG ratings, direction of travel and year-end forecasts.

perfkit never shows a RAG rating alone (see DOMAIN.md): every rating carries a
plain-English reason, and sits beside the direction of travel, the SPC signal
and the peer position. Everything here works on whole columns at once, so one
call rates every council, indicator and breakdown together.

Polarity is one of the contract's words: ``higher_is_better``,
``lower_is_better`` or ``neutral``. Definitions, constants and their sources are
in ``docs/methodology.md`` ("Targets, RAG and forecasts").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import numpy as np
import pandas as pd

from perfkit.analysis.history import SERIES
from perfkit.data.contract import TOLERANCE_TYPES
from perfkit.formatting import format_change, format_value
from perfkit.polarity import polarity_sign

__all__ = [
    "DEFAULT_RULE",
    "DEFAULT_TOLERANCE",
    "DEFAULT_TOLERANCE_TYPE",
    "DIRECTIONS",
    "RAG_STATUSES",
    "SERIES_KEYS",
    "RagRule",
    "direction_of_travel",
    "rag_status",
]

DEFAULT_TOLERANCE = 5.0
"""How far off the target still counts as close: 5 (per cent of the target)."""
DEFAULT_TOLERANCE_TYPE = "relative"
DEFAULT_DECIMAL_PLACES = 1
FLOAT_SLACK = 1e-9
"""Comparisons allow this fraction of the values' size for floating-point
rounding, so a value recorded exactly on a target or a tolerance edge is on it."""
RAG_STATUSES = ("green", "amber", "red", "none")
DIRECTIONS = ("improving", "worsening", "increased", "decreased",
              "no_significant_change", "not_comparable")
SERIES_KEYS = tuple(SERIES)


@dataclass(frozen=True)
class RagRule:
    """How a council turns a value and a target into red, amber or green.

    ``tolerance`` is in per cent of the target when ``tolerance_type`` is
    ``"relative"`` and in the indicator's unit when ``"absolute"``. A value
    exactly on the target, or missing it by exactly the tolerance, is inside.

    * :meth:`classic` (the default): green = meets the target; amber = misses
      it by no more than the tolerance; red = misses it by more.
    * :meth:`improvement` (``amber_if_improved_on_last_year=True``): green =
      meets the target or misses it by no more than the tolerance; amber =
      misses by more, but is better than the same period last year; red =
      otherwise (including when there is no value for last year). The rule seen
      in committee papers, "green within 10% of target", is
      ``RagRule.improvement(tolerance=10)``.
    """

    tolerance: float = DEFAULT_TOLERANCE
    tolerance_type: str = DEFAULT_TOLERANCE_TYPE
    amber_if_improved_on_last_year: bool = False

    def __post_init__(self) -> None:
        if not np.isfinite(self.tolerance) or self.tolerance < 0:
            raise ValueError(f"tolerance must be a number of at least 0, not {self.tolerance}")
        if self.tolerance_type not in TOLERANCE_TYPES:
            raise ValueError(f"tolerance_type must be one of {TOLERANCE_TYPES}, "
                             f"not {self.tolerance_type!r}")

    @classmethod
    def classic(cls, tolerance: float = DEFAULT_TOLERANCE,
                tolerance_type: str = DEFAULT_TOLERANCE_TYPE) -> RagRule:
        """Green meets the target, amber misses within tolerance, red beyond it."""
        return cls(tolerance, tolerance_type, amber_if_improved_on_last_year=False)

    @classmethod
    def improvement(cls, tolerance: float = DEFAULT_TOLERANCE,
                    tolerance_type: str = DEFAULT_TOLERANCE_TYPE) -> RagRule:
        """Green within tolerance, amber beyond it but better than last year, red otherwise."""
        return cls(tolerance, tolerance_type, amber_if_improved_on_last_year=True)


DEFAULT_RULE = RagRule()
"""The classic rule with a 5% tolerance."""


def _as_series(values: object, index: pd.Index | None = None) -> pd.Series:
    """Values as a float Series on ``index`` (a scalar or None is repeated)."""
    if isinstance(values, pd.Series):
        series = values if index is None else values.reindex(index)
        return pd.to_numeric(series, errors="coerce").astype(float)
    if values is None or np.ndim(values) == 0:
        index = pd.RangeIndex(1) if index is None else index
        return pd.Series(np.nan if values is None else values, index=index, dtype=float)
    return pd.Series(np.asarray(values, dtype=float), index=index)


def _format(values: pd.Series, pattern: str) -> pd.Series:
    return pd.Series(np.char.mod(pattern, values.to_numpy(dtype=float)), index=values.index,
                     dtype=object)


def _allowed_shortfall(target: pd.Series, tolerance: object, tolerance_type: object,
                       rule: RagRule) -> pd.DataFrame:
    """The tolerance of each row (``amount``, ``relative``) and the largest miss
    inside it in the indicator's unit (``allowed``)."""
    index = target.index
    amount = _as_series(tolerance, index).fillna(rule.tolerance)
    kind = (tolerance_type.reindex(index) if isinstance(tolerance_type, pd.Series)
            else pd.Series(tolerance_type, index=index, dtype=object))
    kind = kind.fillna(rule.tolerance_type)
    unknown = set(kind.unique()) - set(TOLERANCE_TYPES)
    if unknown:
        raise ValueError(f"unknown tolerance_type {sorted(map(str, unknown))}; "
                         f"expected {TOLERANCE_TYPES}")
    relative = kind.eq("relative")
    allowed = amount.where(~relative, target.abs() * amount / 100)
    return pd.DataFrame({"amount": amount, "relative": relative, "allowed": allowed})


def _reason(case: str, rows: pd.DataFrame, number: Callable, change: Callable) -> pd.Series:
    """The plain-English reason for rows that all fall in one case."""
    if case == "none":
        return pd.Series(np.select([rows["value"].isna(), rows["target"].isna()],
                                   ["no value for this period", "no target set"],
                                   "no better direction (neutral polarity), so no RAG"),
                         index=rows.index)
    against = "the target of " + number(rows["target"])
    if case == "on":
        return "meets " + against
    by = " by " + change(rows["gap"].abs())
    if case == "beats":
        return "beats " + against + by
    share = "% of the target (" + change(rows["allowed"]) + ")"
    amount = _format(rows["amount"], "%g")
    tolerance = "the tolerance of " + amount.where(~rows["relative"], amount + share)
    missed = "misses " + against + by
    if case == "within":
        return missed + ", within " + tolerance
    beyond = missed + ", more than " + tolerance
    if case == "no_last_year":
        return beyond + ", and there is no value for the same period last year"
    if case == "beyond":
        return beyond
    last = " the same period last year (" + number(rows["last_year"]) + ")"
    return beyond + (", but better than" if case == "improved" else ", and no better than") + last


def _formatters(parts: pd.DataFrame, places: int) -> tuple[Callable, Callable]:
    """How numbers are written in reasons: with their units where known
    (through perfkit.formatting), else to ``places`` decimal places."""
    if parts["unit"].isna().all():
        plain = partial(_format, pattern=f"%.{places}f")
        return plain, plain

    def written(values: pd.Series, how: Callable) -> pd.Series:
        units = parts.loc[values.index, "unit"]
        return pd.Series([how(v, u, places) for v, u in zip(values, units, strict=True)],
                         index=values.index, dtype=object)

    return partial(written, how=format_value), partial(written, how=format_change)


def _rag_reasons(case: np.ndarray, parts: pd.DataFrame, places: int) -> np.ndarray:
    """Each row's reason, built once per case for the rows in it (a loop over
    the few cases, never over rows)."""
    number, change = _formatters(parts, places)
    reasons = np.empty(len(parts), dtype=object)
    for name in np.unique(case):
        chosen = case == name
        reasons[chosen] = _reason(name, parts[chosen], number, change).to_numpy(dtype=object)
    return reasons


def rag_status(
    value: pd.Series,
    target: pd.Series | float,
    polarity: str | pd.Series,
    *,
    tolerance: pd.Series | float | None = None,
    tolerance_type: pd.Series | str | None = None,
    last_year_value: pd.Series | float | None = None,
    rule: RagRule = DEFAULT_RULE,
    decimal_places: int = DEFAULT_DECIMAL_PLACES,
    unit: str | pd.Series | None = None,
) -> pd.DataFrame:
    """Rate each value against its target: green, amber, red, or none.

    ``tolerance`` and ``tolerance_type`` come from the targets table, row by
    row; where they are missing the ``rule``'s own are used. The rating is
    "none" where there is no value, no target, or the polarity is neutral.

    Returns a DataFrame on the index of ``value`` with columns ``rag``,
    ``rag_reason`` (plain English, numbers to ``decimal_places``),
    ``target_gap`` (value minus target, signed so that positive is better) and
    ``tolerance_allowed`` (the largest miss inside the tolerance, in the unit).
    With ``unit`` (one of the contract's units, or a Series of them), reasons
    write numbers with their units ("53.4%", "2.1 percentage points").
    """
    value = _as_series(value)
    index = value.index
    target = _as_series(target, index)
    last_year = _as_series(last_year_value, index)
    sign = polarity_sign(polarity, index)
    tolerances = _allowed_shortfall(target, tolerance, tolerance_type, rule)
    allowed = tolerances["allowed"]
    slack = FLOAT_SLACK * value.abs().clip(lower=target.abs()).clip(lower=1.0)
    gap = (value - target) * sign + 0.0  # + 0.0 turns -0.0 into 0.0
    improved = (value - last_year) * sign > slack
    lenient = rule.amber_if_improved_on_last_year
    cases = {
        "none": gap.isna(),
        "on": gap.abs() <= slack,
        "beats": gap > 0,
        "within": -gap <= allowed + slack,
        "improved": improved & lenient,
        "no_last_year": last_year.isna() & lenient,
        "not_improved": pd.Series(lenient, index=index),
    }
    case = np.select([mask.to_numpy(dtype=bool) for mask in cases.values()], list(cases),
                     "beyond")
    colours = {"none": "none", "on": "green", "beats": "green",
               "within": "green" if lenient else "amber", "improved": "amber",
               "no_last_year": "red", "not_improved": "red", "beyond": "red"}
    units = unit.reindex(index) if isinstance(unit, pd.Series) else pd.Series(unit, index=index)
    parts = tolerances.assign(value=value, target=target, last_year=last_year, gap=gap,
                              unit=units)
    return pd.DataFrame({
        "rag": pd.Series(case, index=index).map(colours),
        "rag_reason": _rag_reasons(case, parts, decimal_places),
        "target_gap": gap,
        "tolerance_allowed": allowed.where(gap.notna()),
    }, index=index)


def direction_of_travel(
    current: pd.Series,
    comparison: pd.Series | float,
    polarity: str | pd.Series,
    *,
    noise: pd.Series | float | None,
) -> pd.Series:
    """Whether each value has really moved since its comparison value.

    ``noise`` is the largest change that common-cause variation explains: pass
    SPC's upper range limit, 3.267 x the mean moving range. The difference
    between two points of a stable process behaves like a moving range, and a
    moving range above that limit happens by chance only about 1 time in 100,
    so a change no bigger than it (inclusive) is "no_significant_change". Where
    noise is missing (NaN or None) any change counts and only an exactly equal
    value is "no_significant_change".

    Returns a Series named ``direction``: "improving" or "worsening" by
    polarity ("increased" or "decreased" when neutral), "no_significant_change",
    or "not_comparable" when either value is missing.
    """
    current = _as_series(current)
    index = current.index
    change = current - _as_series(comparison, index)
    noise = _as_series(noise, index)
    sign = polarity_sign(polarity, index)
    within = np.where(noise.notna(), change.abs() <= noise, change == 0)
    conditions = [change.isna(), within, sign.isna() & (change > 0), sign.isna(),
                  change * sign > 0]
    choices = ["not_comparable", "no_significant_change", "increased", "decreased", "improving"]
    result = np.select([np.asarray(c, dtype=bool) for c in conditions], choices, "worsening")
    return pd.Series(result, index=index, name="direction")
