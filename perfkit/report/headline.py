"""Short, specific words for each measure: a headline and at most three points.

The headline (at most :data:`MAX_HEADLINE_WORDS` words) says the latest
value, its period, the change in plain numbers and where the council stands
among the peer group the measure is compared with, e.g. "Initial child
protection conferences within 15 days rose from 65.6% to 87.1% in 2024-25.
That is better than a year earlier. It is 3rd of 15 among its DfE children's
services statistical neighbours." The points say what the target, the
comparison with all councils of the nation or with peers, and the SPC chart
add, one short sentence each. The full detail for analysts is
:func:`perfkit.report.narrative.describe`.

Every phrase is built from the reconciled columns of the assessment table
(:mod:`perfkit.analysis.reconcile`), so the words cannot say "better" where
the verdict rests on a fall, or "about the same" beside a big move.
"""

from __future__ import annotations

from perfkit.analysis.nations import all_councils_in
from perfkit.formatting import format_change, format_value, ordinal
from perfkit.report.assessment_row import Row, is_absent
from perfkit.report.comparison_words import group_label, national_words, peer_standing

__all__ = ["MAX_HEADLINE_WORDS", "MAX_POINTS", "headline", "measure_name", "points"]

MAX_HEADLINE_WORDS = 30
MAX_POINTS = 3

_JUDGED = ("higher_is_better", "lower_is_better")
_MOVE = {"improving": "better than", "worsening": "worse than"}


def _value(row: Row, field: str) -> str:
    places = row.get("decimal_places")
    return format_value(row.get(field), str(row.get("unit")),
                        1 if is_absent(places) else int(places))


def measure_name(row: Row) -> str:
    """The measure's short title, with its breakdown if it has one."""
    title = str(row.get("short_title") or row.get("title") or row.get("indicator_id"))
    if row.get("breakdown_dimension", "all") not in ("all", None):
        title += f" ({row['breakdown_dimension']}: {row['breakdown_category']})"
    return title


def _comparison(row: Row) -> str | None:
    """"last_year" where there is a value a year earlier, else "previous"."""
    for prefix in ("last_year", "previous"):
        if not is_absent(row.get(f"{prefix}_value")) and \
                row.get(f"direction_{prefix}") not in (None, "not_comparable"):
            return prefix
    return None


def _when(row: Row, prefix: str) -> str:
    if prefix == "last_year" or row.get("previous_period") == row.get("last_year_period"):
        return "a year earlier"
    return "the period before"


def _change_words(row: Row) -> str:
    """"rose from A to B in P. That is better than a year earlier." and the like,
    in short sentences."""
    prefix = _comparison(row)
    now, period = _value(row, "value"), row["period"]
    if prefix is None:
        return f"was {now} in {period}."
    before = _value(row, f"{prefix}_value")
    direction = row[f"direction_{prefix}"]
    if direction == "no_significant_change":
        return f"was {now} in {period}, about the same as {_when(row, prefix)} ({before})."
    verb = "rose" if float(row["value"]) > float(row[f"{prefix}_value"]) else "fell"
    text = f"{verb} from {before} to {now} in {period}."
    if direction in _MOVE:
        lower = "Lower is better, so that" if row.get("polarity") == "lower_is_better" \
            else "That"
        text += f" {lower} is {_MOVE[direction]} {_when(row, prefix)}."
    return text


def _standings(row: Row) -> list[str]:
    """Where the council stands among its peers, naming the group, then
    shorter ("3rd of 15 similar councils") for a headline with less room."""
    standing = peer_standing(row) if row.get("polarity") in _JUDGED else None
    if standing is None:
        return []
    short = f"It is {ordinal(int(row['peer_rank']))} of {int(row['peer_count'])} similar councils."
    return list(dict.fromkeys([f"It is {standing}.", short]))


def headline(row: Row) -> str:
    """At most :data:`MAX_HEADLINE_WORDS` words, in short sentences."""
    name = measure_name(row)
    if is_absent(row.get("value")):
        return f"{name}: no figure for {row['period']}."
    text = f"{name} {_change_words(row)}"
    fits = [s for s in _standings(row) if len(f"{text} {s}".split()) <= MAX_HEADLINE_WORDS]
    return f"{text} {fits[0]}" if fits else text


def _target_point(row: Row) -> str | None:
    threshold = row.get("statutory_threshold")
    if not is_absent(threshold) and row.get("polarity") in _JUDGED:
        short = (float(row["value"]) - float(threshold)) * (
            1 if row["polarity"] == "higher_is_better" else -1)
        met = "meets" if short >= 0 else "does not meet"
        places = 0 if float(threshold).is_integer() else None
        shown = format_value(threshold, str(row["unit"]), places) if places == 0 else \
            _value(row, "statutory_threshold")
        return f"The law requires {shown}: it {met} that."
    if is_absent(row.get("target")) or row.get("rag") in (None, "none"):
        return None
    word = {"green": "meets", "amber": "is just short of", "red": "misses"}[str(row["rag"])]
    text = f"It {word} its target of {_value(row, 'target')}."
    assurance = row.get("assurance")
    if assurance == "hit_and_miss" and row.get("spc_usable") is not False:
        text += (f" At its usual level ({_value(row, 'spc_mean')}) it will meet it about "
                 "half the time unless something changes.")
    elif assurance == "consistently_fails":
        text += (f" At its usual level ({_value(row, 'spc_mean')}) it cannot meet it "
                 "unless something changes.")
    return text


def _benchmark_point(row: Row) -> str | None:
    compared = row.get("national_comparison")
    if compared in ("better", "similar", "worse") and not is_absent(row.get("national_value")):
        words = {"better": "better than", "similar": "similar to", "worse": "worse than"}
        sure = "" if compared == "similar" else (
            ", beyond doubt" if row.get("national_comparison_998") == compared else
            ", beyond what chance explains")
        return (f"It is {words[compared]} the figure for {national_words(row)} "
                f"({_value(row, 'national_value')}){sure}.")
    if not is_absent(row.get("peer_median")) and row.get("polarity") in _JUDGED:
        if is_absent(row.get("peer_group_name")):
            return f"Similar councils' median is {_value(row, 'peer_median')}."
        return (f"The median of its {group_label(row['peer_group_name'])} is "
                f"{_value(row, 'peer_median')}.")
    return None


def _spc_point(row: Row) -> str | None:
    if row.get("verdict") == "few" or is_absent(row.get("spc_lpl")):
        points = row.get("points")
        count = "" if is_absent(points) else f" ({int(points)})"
        return (f"There are too few figures{count} to tell a real change from normal "
                "ups and downs.")
    if row.get("spc_usable") is False:
        return "Its figures move in steps too coarse to judge a usual range from."
    if row.get("shared_with"):
        who = all_councils_in(row["shared_with"])
        return f"{who[0].upper()}{who[1:]} show the same change, so it is not this council's alone."
    return _signal_point(row)


def _signal_point(row: Row) -> str | None:
    """What the SPC chart shows, in words that agree with the verdict."""
    variation = str(row.get("variation"))
    verdict = row.get("verdict")
    if variation.startswith("special_cause") and row.get("at_bound") is True and \
            verdict not in ("concern", "improving"):
        return "Its figures sit at their limit, so a run of them is not read as a real change."
    if variation == "special_cause_concern" and verdict != "concern":
        return ("Recent figures are worse than its long-run average, but not worse than "
                "a year earlier.")
    if variation == "special_cause_improvement" and verdict != "improving":
        return ("Recent figures are better than its long-run average, but not better than "
                "a year earlier.")
    if verdict == "concern" and str(row.get("verdict_reason", "")).startswith("The recent"):
        return "The recent figures have shifted for the worse, beyond normal ups and downs."
    if variation == "special_cause_improvement" and row.get("verdict") == "improving":
        return "The change is bigger than normal ups and downs: a real improvement."
    if variation == "special_cause_concern" and row.get("verdict") == "concern":
        return "The change is bigger than normal ups and downs: a real change for the worse."
    if variation.startswith("special_cause_neutral"):
        high = variation.endswith("high")
        return f"Recent figures are unusually {'high' if high else 'low'} for this council."
    if row.get("verdict") == "improving":
        return "The change is bigger than normal ups and downs."
    return _within_usual(row)


def _within_usual(row: Row) -> str | None:
    """Said only where the headline names a change: its size is ordinary."""
    prefix = _comparison(row)
    if prefix is None or row.get(f"direction_{prefix}") in ("no_significant_change", None):
        return None
    size = format_change(float(row["value"]) - float(row[f"{prefix}_value"]),
                         str(row["unit"]), int(row["decimal_places"]))
    return f"A change of {size} is within this measure's normal ups and downs."


def _group_point(row: Row, made: list[str]) -> str | None:
    """The standing that names the peer group, where neither the headline
    (short of room) nor another point names it."""
    named = [s for s in _standings(row) if "among its" in s]
    if not named:
        return None
    label = group_label(row.get("peer_group_name"))
    said = [headline(row), *made]
    return None if any(label in text for text in said) else named[0]


def points(row: Row) -> list[str]:
    """At most :data:`MAX_POINTS` short sentences: target, benchmark, SPC, and
    the peer group's name where the headline had no room for it and a point
    is free. A context measure has only what its SPC chart shows, if
    anything unusual."""
    if is_absent(row.get("value")):
        return []
    if row.get("polarity") not in _JUDGED:
        variation = str(row.get("variation"))
        if variation.startswith("special_cause_neutral"):
            return [f"Recent figures are unusually {variation.rsplit('_', 1)[1]} "
                    "for this council."]
        return []
    made = [p for p in (_target_point(row), _benchmark_point(row), _spc_point(row)) if p]
    group = _group_point(row, made)
    return (made + ([group] if group else []))[:MAX_POINTS]
