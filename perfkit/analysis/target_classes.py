"""How stretching each proposed target is, and a range where none is proposed.

Reads the evidence rows of :func:`perfkit.analysis.target_review.review_targets`
(the target, the usual average and range, the latest result, similar
councils' median, best quarter and best, the council's best result). Every
comparison is made on the values as the report shows them, rounded to the
measure's decimal places, so that a sentence never says a target is better
than a figure that reads the same. Definitions are in ``docs/methodology.md``
("Target review").
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from perfkit.analysis.forecast import natural_bounds
from perfkit.formatting import format_value
from perfkit.markup import absent
from perfkit.polarity import BETTER_DIRECTION

__all__ = ["AT_BEST_POSSIBLE", "CLASS_BASES", "JUST_BETTER_STEPS", "TARGET_CLASSES",
           "classify_targets", "suggest_ranges"]

#: Each class of proposed target and its words, in the order reports give them.
TARGET_CLASSES = {
    "not_stretching": "Not stretching",
    "realistic_stretch": "Realistic stretch",
    "beyond_seen": "Beyond anything seen",
}
#: The suggestion for a measure already at the best figure it can have (0% or 100%).
AT_BEST_POSSIBLE = "already at the best figure possible"
#: A suggested range starts this many steps of the last shown decimal place
#: better than the usual average or the latest result (whichever is better).
JUST_BETTER_STEPS = 1
_DEFAULT_PLACES = 1


def _number(value: object) -> float | None:
    return None if absent(value) else float(value)  # type: ignore[arg-type]


@dataclass(frozen=True)
class _Shown:
    """One measure's evidence rounded as shown, with the sign of its better direction."""

    row: dict
    sign: int
    places: int

    @classmethod
    def of(cls, row: dict) -> _Shown:
        places = _number(row.get("decimal_places"))
        return cls(row, BETTER_DIRECTION.get(row.get("polarity"), 0),
                   _DEFAULT_PLACES if places is None else int(places))

    def get(self, column: str) -> float | None:
        value = _number(self.row.get(column))
        return None if value is None else round(value, self.places)

    def better(self, a: float, b: float) -> bool:
        return self.sign * a > self.sign * b

    def show(self, value: float) -> str:
        return format_value(value, str(self.row.get("unit")), self.places)

    @property
    def better_limit(self) -> float | None:
        return self.get("usual_high" if self.sign > 0 else "usual_low")

    def period(self, column: str) -> str:
        return str(self.row.get(column))


#: Why a target is in its class (``class_basis``): what it was set against.
CLASS_BASES = ("usual_average", "latest_and_peers", "latest_only", "beyond", "stretch")


# -- the classes -------------------------------------------------------------------
def _class_of(e: _Shown) -> tuple[str | None, str | None, str | None]:
    """(class, basis, reason) of one proposed target."""
    target, latest = e.get("proposed_target"), e.get("latest_value")
    if target is None:
        return None, None, None
    if e.sign == 0:
        return None, None, ("A measure of context, with no better direction: its target "
                            "is not judged.")
    if latest is None:
        return None, None, "There are no figures yet to judge this target against."
    mean, median = e.get("usual_mean"), e.get("peer_median")
    if mean is not None and not e.better(target, mean):
        asks = "could be met even if things got worse" if e.better(mean, target) else \
            "asks for no change"
        return "not_stretching", "usual_average", (
            f"The council already reaches {e.show(mean)} on average; the target of "
            f"{e.show(target)} {asks}.")
    if median is not None and not e.better(target, latest) and not e.better(target, median):
        return "not_stretching", "latest_and_peers", _below_both(e, target, latest, median)
    if mean is None and median is None and not e.better(target, latest):
        return "not_stretching", "latest_only", (
            f"The target of {e.show(target)} is no better than the latest result "
            f"({e.show(latest)} in {e.period('latest_period')}).")
    if _beyond(e, target):
        return "beyond_seen", "beyond", _beyond_reason(e, target)
    return "realistic_stretch", "stretch", _stretch_reason(e, target)


def _below_both(e: _Shown, target: float, latest: float, median: float) -> str:
    worse = e.better(latest, target) and e.better(median, target)
    word = ("below" if e.sign > 0 else "above") if worse else "no better than"
    return (f"The target of {e.show(target)} is {word} the latest result ({e.show(latest)} "
            f"in {e.period('latest_period')}) and the median of similar councils "
            f"({e.show(median)}).")


def _beyond(e: _Shown, target: float) -> bool:
    best = e.get("best_value")
    marks = [best, e.get("peer_best"), e.better_limit]
    return best is not None and all(e.better(target, m) for m in marks if m is not None)


def _listed(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _beyond_reason(e: _Shown, target: float) -> str:
    parts = [f"the council's best was {e.show(e.get('best_value'))} "
             f"({e.period('best_period')})"]
    if e.get("peer_best") is not None:
        parts.append(f"the best similar council had {e.show(e.get('peer_best'))}")
    if e.better_limit is not None:
        parts.append(f"the better end of its usual range is {e.show(e.better_limit)}")
    return f"Nothing recorded is as good as {e.show(target)}: {_listed(parts)}."


def _stretch_reason(e: _Shown, target: float) -> str:
    marks = [("the council's usual", e.get("usual_mean"), ""),
             ("its latest result of", e.get("latest_value"), ""),
             ("the median of similar councils", e.get("peer_median"), "brackets")]
    what, value, style = next(m for m in marks if m[1] is not None and e.better(target, m[1]))
    shown = f"({e.show(value)})" if style else e.show(value)
    reach = _within_reach(e, target)
    return f"The target of {e.show(target)} is better than {what} {shown}{reach}."


def _within_reach(e: _Shown, target: float) -> str:
    """Where the evidence shows the target has been reached or is in reach."""
    limit, best, peer = e.better_limit, e.get("best_value"), e.get("peer_best")
    if limit is not None and not e.better(target, limit):
        low, high = e.get("usual_low"), e.get("usual_high")
        return f", and inside its usual range ({e.show(low)} to {e.show(high)})"
    if best is not None and not e.better(target, best):
        return f", and the council reached {e.show(best)} in {e.period('best_period')}"
    if peer is not None and not e.better(target, peer):
        return f", and the best similar council reaches {e.show(peer)}"
    return ""


def classify_targets(rows: pd.DataFrame) -> dict[str, pd.Series]:
    """``target_class`` (a key of :data:`TARGET_CLASSES`, or None: no proposed
    target, a neutral measure or no figures), ``class_basis`` (one of
    :data:`CLASS_BASES`) and ``class_reason`` (one sentence, from the values)
    for each row."""
    found = [_class_of(_Shown.of(row)) for row in rows.to_dict("records")]
    columns = zip(*found, strict=True) if found else ((), (), ())
    return {name: pd.Series(values, index=rows.index, dtype=object) for name, values in
            zip(("target_class", "class_basis", "class_reason"), columns, strict=True)}


# -- suggested ranges ------------------------------------------------------------------
def _suggestion(e: _Shown) -> tuple[float | None, float | None, str | None]:
    latest, mean, quarter = e.get("latest_value"), e.get("usual_mean"), e.get("peer_best_quarter")
    wanted = (e.sign != 0 and e.get("proposed_target") is None and not e.row.get("stale")
              and latest is not None and (mean is not None or quarter is not None))
    if not wanted:
        return None, None, None
    base = latest if mean is None or e.better(latest, mean) else mean
    low = _within_bounds(e, base + e.sign * JUST_BETTER_STEPS * 10.0 ** -e.places)
    if not e.better(low, base):  # at 0% or 100% already
        return base, None, AT_BEST_POSSIBLE
    duty = e.get("statutory_threshold")
    if duty is not None and e.better(duty, low):
        return low, duty, "the level the law sets"
    if quarter is not None and e.better(quarter, low):
        return low, quarter, "similar councils' best quarter"
    limit, best = e.better_limit, e.get("best_value")
    if limit is not None and not _at_bound(e, limit):
        if e.better(limit, low):
            return low, limit, "the better end of its usual range"
    elif best is not None and e.better(best, low):  # no limits, or one cut at a bound
        return low, best, "the council's best result"
    return low, None, None


def _at_bound(e: _Shown, value: float) -> bool:
    """Whether ``value`` is a bound the figures cannot pass (a limit cut at
    0% or 100% says only that the usual range is wide)."""
    bounds = natural_bounds(str(e.row.get("unit"))) or ()
    return any(value == round(bound, e.places) for bound in bounds if abs(bound) != float("inf"))


def _within_bounds(e: _Shown, value: float) -> float:
    """``value`` moved inside the figures' natural bounds (0 to 100 for a
    percentage), rounded as shown."""
    bounds = natural_bounds(str(e.row.get("unit")))
    if bounds is not None:
        value = min(max(value, bounds[0]), bounds[1])
    return round(value, e.places)


def suggest_ranges(rows: pd.DataFrame) -> dict[str, pd.Series]:
    """For each measure with a better direction, recent figures and either a
    usual range or similar councils' figures, but no proposed target: a range
    from just better than its usual average or latest result (whichever is
    better) to similar councils' best quarter, or to the better end of its
    usual range where similar councils give no room (a limit cut at 0% or
    100% is not used: the council's best result is, as where there are no
    limits). Where the law sets a level better than the start, the range goes
    up to it. ``suggested_high`` is missing where nothing gives room (then: at
    least ``suggested_low``); ``suggestion_basis`` says where the top of the
    range comes from (:data:`AT_BEST_POSSIBLE`: keep the figure as it is)."""
    found = [_suggestion(_Shown.of(row)) for row in rows.to_dict("records")]
    low, high, basis = zip(*found, strict=True) if found else ((), (), ())
    return {"suggested_low": pd.Series(low, index=rows.index, dtype=float),
            "suggested_high": pd.Series(high, index=rows.index, dtype=float),
            "suggestion_basis": pd.Series(basis, index=rows.index, dtype=object)}
