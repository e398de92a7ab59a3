"""The words of the target review: each figure as the page shows it, the
answer first ("In short"), the questions for the committee and how to read
the page. Every sentence is built from the rows of
:func:`perfkit.analysis.target_review.review_targets`, so its numbers are the
table's numbers.
"""

from __future__ import annotations

import pandas as pd

from perfkit.analysis.target_classes import TARGET_CLASSES
from perfkit.analysis.target_review import BEST_QUARTER_PERCENTILE, MIN_PEER_VALUES
from perfkit.formatting import format_value
from perfkit.markup import absent
from perfkit.markup import escape as _e
from perfkit.polarity import BETTER_DIRECTION

__all__ = ["CLASS_ICONS", "class_badge", "how_to_read", "in_short", "listed", "questions",
           "range_words", "shown"]

#: The symbol beside each class's words (the words are always shown too).
CLASS_ICONS = {"not_stretching": "=", "realistic_stretch": "✓", "beyond_seen": "!"}
#: The most measures a question names before it says "and N more".
MOST_NAMED = 4


def shown(row: pd.Series, column: str, missing: str = "no figure") -> str:
    """A figure of a row with its unit, at the measure's decimal places."""
    value = row.get(column)
    if absent(value):
        return missing
    return format_value(value, str(row["unit"]), int(row["decimal_places"]))


def _sign(row: pd.Series) -> int:
    return BETTER_DIRECTION.get(row["polarity"], 0)


def listed(names: list[str], most: int | None = None) -> str:
    """"A, B and C"; with ``most``, "A, B and 3 more" beyond it."""
    if most is not None and len(names) > most:
        names = [*names[:most - 1], f"{len(names) - most + 1} more"]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def class_badge(key: str) -> str:
    """A class as a symbol and words, e.g. "= Not stretching" (HTML)."""
    return (f'<span class="badge badge-target-{_e(key)}"><span class="icon" '
            f'aria-hidden="true">{CLASS_ICONS[key]}</span> {_e(TARGET_CLASSES[key])}</span>')


def range_words(row: pd.Series, low: str, high: str) -> str:
    """Two figures of a row as a range, lower first: "46.0% to 80.2%"."""
    if absent(row.get(low)) or absent(row.get(high)):
        return ""
    ends = sorted((float(row[low]), float(row[high])))
    unit, places = str(row["unit"]), int(row["decimal_places"])
    return f"{format_value(ends[0], unit, places)} to {format_value(ends[1], unit, places)}"


# -- in short --------------------------------------------------------------------------
def _counted(count: int, words: str) -> str:
    verb = "is" if count == 1 else "are"
    return f"{count} {verb} {words}"


def in_short(review: pd.DataFrame, year: str) -> list[str]:
    """The answer first: how many proposed targets are in each class (the
    table's badges, counted), those not stretching and beyond anything seen
    named first, then the measures with no target proposed."""
    proposed = review[review["proposed_target"].notna()]
    words = {"not_stretching": "not stretching", "realistic_stretch": "a realistic stretch",
             "beyond_seen": "beyond anything seen"}
    counts = proposed["target_class"].value_counts()
    parts = [_counted(int(counts[key]), words[key]) for key in words if key in counts]
    unjudged = int(proposed["target_class"].isna().sum())
    if unjudged:
        parts.append(_counted(unjudged, "not judged (no better direction, or no figures)"))
    target_word = "target" if len(proposed) == 1 else "targets"
    points = [f"Of the {len(proposed)} {target_word} proposed for {year}, {listed(parts)}."]
    for key in ("not_stretching", "beyond_seen", "realistic_stretch"):
        names = sorted(proposed.loc[proposed["target_class"] == key, "short_title"])
        if names:
            points.append(f"{TARGET_CLASSES[key]}: {listed(names)}.")
    missing = _without_proposal(review)
    if len(missing):
        points.append(f"No target is proposed for {len(missing)} "
                      f"{'measure' if len(missing) == 1 else 'measures'} that "
                      f"{'has' if len(missing) == 1 else 'have'} one now; the suggested "
                      "ranges are further down.")
    return points


def _without_proposal(review: pd.DataFrame) -> pd.DataFrame:
    """Measures with a target now and a suggested range, but none proposed."""
    return review[review["proposed_target"].isna() & review["current_target"].notna()
                  & review["suggested_low"].notna()]


# -- questions ---------------------------------------------------------------------------
def _question(row: pd.Series) -> str | None:
    """The question a proposed target raises, from the evidence behind its class."""
    measure, target = row["short_title"], shown(row, "proposed_target")
    basis, sign = row["class_basis"], _sign(row)
    if basis == "usual_average":
        return (f"The council already reaches {shown(row, 'usual_mean')} on average for "
                f"{measure}. Why propose {target}, which asks for no improvement?")
    if basis in ("latest_and_peers", "latest_only"):
        word = "below" if sign > 0 else "above"
        peers = (f" and the median of similar councils ({shown(row, 'peer_median')})"
                 if basis == "latest_and_peers" else "")
        figures = [row["latest_value"], *([row["peer_median"]] if peers else [])]
        better = max(figures, key=lambda value: sign * value)
        return (f"The proposed target for {measure} ({target}) is {word} the latest result "
                f"({shown(row, 'latest_value')}){peers}. Why not "
                f"{_at_least(row, better)}?")
    if basis == "beyond":
        return (f"Nothing the council or similar councils have recorded is as good as "
                f"{target} for {measure}: what will change to make it possible, and what "
                "happens if it is missed?")
    return _stretch_question(row)


def _at_least(row: pd.Series, value: float) -> str:
    figure = format_value(value, str(row["unit"]), int(row["decimal_places"]))
    return f"at least {figure}" if _sign(row) > 0 else f"{figure} or lower"


def _stretch_question(row: pd.Series) -> str | None:
    """A realistic stretch is asked about only where the evidence doubts it:
    it is below the latest result, or the recent trend leads away from it."""
    sign, measure, target = _sign(row), row["short_title"], shown(row, "proposed_target")
    latest = shown(row, "latest_value")
    if sign * row["latest_value"] > sign * row["proposed_target"]:
        return (f"The proposed target for {measure} ({target}) is "
                f"{'below' if sign > 0 else 'above'} the latest result ({latest} in "
                f"{row['latest_period']}). Is the result expected to slip back, and why?")
    if _heading_away(row):
        return (f"If the recent trend continues, {measure} will be about "
                f"{shown(row, 'trend_value')} in {row['trend_period']}: worse than now "
                f"({latest}) and short of the proposed {target}. What will turn it round?")
    return None


def _heading_away(row: pd.Series) -> bool:
    """Whether the recent trend leads away from a target: worse than the
    latest result by next year, and short of the target."""
    trend, sign = row.get("trend_value"), _sign(row)
    if absent(trend):
        return False
    places = int(row["decimal_places"])
    trend, latest = round(float(trend), places), round(float(row["latest_value"]), places)
    return sign * trend < sign * latest and sign * trend < sign * row["proposed_target"]


def questions(review: pd.DataFrame) -> list[str]:
    """Questions for the committee: the targets not stretching, then those
    beyond anything seen, then realistic stretches the evidence doubts, then
    the measures left without a target."""
    proposed = review[review["target_class"].notna()]
    asked = []
    for key in ("not_stretching", "beyond_seen", "realistic_stretch"):
        rows = proposed[proposed["target_class"] == key].sort_values("short_title")
        asked += [q for q in (_question(row) for _, row in rows.iterrows()) if q]
    missing = _without_proposal(review)
    if len(missing):
        names = listed(sorted(missing["short_title"]), MOST_NAMED)
        asked.append(f"No target is proposed for {names}, which have one now. Will they "
                     "keep one, and are the suggested ranges below about right?")
    return asked


# -- how to read ---------------------------------------------------------------------------
def how_to_read(group_names: list[str], exceptional: list[str]) -> list[str]:
    """What the columns and the classes mean, and what the page cannot tell."""
    groups = listed(group_names) if group_names else "similar councils"
    lower = 100 - BEST_QUARTER_PERCENTILE
    sentences = [
        "Usual range: where the council's figures fall if nothing changes, worked out "
        "from its own past figures (statistical process control). A target inside it "
        "can be met by chance; one beyond its better end needs a real change.",
        f"Similar councils: {groups}. The median is the middle council. The best quarter "
        "is the level that the best quarter of them reach or beat (the "
        f"{BEST_QUARTER_PERCENTILE}th percentile, or the {lower}th where lower is better). "
        "Both need at least "
        f"{MIN_PEER_VALUES} councils with a figure.",
        "Not stretching: the target is no better than the council's usual average, so it "
        "would be met about half the time with no change; or it is no better than both "
        "the latest result and the median of similar councils.",
        "Beyond anything seen: the target is better than the better end of the usual "
        "range, than every similar council and than any result the council has "
        "recorded. It is not impossible, but it needs a plan.",
        "Realistic stretch: better than the council does now, but within what it or "
        "similar councils have shown is possible.",
        "Suggested ranges start just better than the usual average or the latest result, "
        "whichever is better. They go up to the level of the best quarter of similar "
        "councils, or, where that is no better, the better end of the usual range or "
        "the council's best result.",
        "The figures show what has happened, not what will: they cannot tell whether a "
        "change in policy, money or demand will move a measure. Measures with no "
        "better direction (context measures) are not judged.",
    ]
    if exceptional:
        sentences.insert(-1, f"A best result is the council's best figure on record, "
                             f"leaving out exceptional periods ({listed(exceptional)}).")
    return sentences
