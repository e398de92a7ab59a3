"""Plain-English narrative from a verdict.

Each sentence is made by one small function from named fields of one row of
the assessment table (see :mod:`perfkit.analysis.verdict`) and carries the names of
those fields, so every sentence can be traced to the numbers behind it. The
style follows GOV.UK: short sentences, numbers with units and periods, jargon
explained once. The questions scrutiny should ask are in
:mod:`perfkit.report.questions`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from perfkit.formatting import format_change, format_value, ordinal
from perfkit.report.assessment_row import Row, is_absent
from perfkit.report.comparison_words import group_label, national_words, no_national_figure

__all__ = ["SPC_EXPLAINED", "Sentence", "describe", "narrate"]

#: Said once per report, where special cause variation is first mentioned.
SPC_EXPLAINED = (
    "Every figure goes up and down a little from period to period. We use a method "
    "called statistical process control to tell these normal ups and downs "
    "('common cause variation') from a real change ('special cause variation')."
)


@dataclass(frozen=True)
class Sentence:
    text: str
    fields: tuple[str, ...]


def _value(row: Row, field: str) -> str:
    return format_value(row[field], str(row["unit"]), int(row["decimal_places"]))


def _name(row: Row) -> str:
    title = str(row["short_title"])
    if row.get("breakdown_dimension", "all") != "all":
        title += f" ({row['breakdown_dimension']}: {row['breakdown_category']})"
    return title


def _headline(row: Row) -> Sentence | None:
    if is_absent(row["value"]):
        reason = row.get("status_reason")
        why = f" ({reason})" if isinstance(reason, str) and reason else ""
        return Sentence(f"{_name(row)}: there is no figure for {row['period']}{why}.",
                        ("short_title", "period", "status_reason"))
    return Sentence(f"{_name(row)} was {_value(row, 'value')} in {row['period']}.",
                    ("short_title", "value", "unit", "period"))


_DIRECTION_WORDS = {
    "improving": "better than",
    "worsening": "worse than",
    "no_significant_change": "about the same as",
    "increased": "higher than",
    "decreased": "lower than",
}


#: special cause variation -> the direction of travel that says the same thing.
_SIGNAL_DIRECTION = {
    "special_cause_improvement": "improving",
    "special_cause_concern": "worsening",
    "special_cause_neutral_high": "increased",
    "special_cause_neutral_low": "decreased",
}


def _shown_direction(row: Row, prefix: str) -> str | None:
    """The direction a comparison sentence states, or None if it is not said."""
    direction = row.get(f"direction_{prefix}")
    if is_absent(row.get(f"{prefix}_value")) or is_absent(row["value"]) or \
            direction not in _DIRECTION_WORDS:
        return None
    return str(direction)


def _at_odds(row: Row, direction: str | None) -> bool:
    """True where a comparison of two values says something other than the SPC
    signal (e.g. "about the same as a year earlier" beside a run of high values)."""
    agrees = _SIGNAL_DIRECTION.get(str(row.get("variation")))
    return agrees is not None and direction is not None and direction != agrees


def _change(row: Row, prefix: str, when: str) -> Sentence | None:
    direction = _shown_direction(row, prefix)
    if direction is None:
        return None
    previous = row[f"{prefix}_value"]
    size = format_change(float(row["value"]) - float(previous), str(row["unit"]),
                         int(row["decimal_places"]))
    text = (f"That is {_DIRECTION_WORDS[direction]} {when} ({_value(row, prefix + '_value')} "
            f"in {row[prefix + '_period']}), a change of {size}")
    beyond = row.get(f"{prefix}_beyond_usual")
    if beyond is True:
        text += ", bigger than normal ups and downs."
    elif beyond is False:
        text += ", within normal ups and downs."
    else:
        text += "."
    return Sentence(text, ("value", f"{prefix}_value", f"{prefix}_period",
                           f"direction_{prefix}", f"{prefix}_beyond_usual", "unit"))


def _annual(row: Row) -> bool:
    """True where the period before is the same period a year earlier."""
    return row.get("previous_period") == row.get("last_year_period")


def _previous(row: Row) -> Sentence | None:
    if _annual(row):
        return None  # annual data: the last-year sentence says it
    return _change(row, "previous", "the period before")


def _last_year(row: Row) -> Sentence | None:
    return _change(row, "last_year", "a year earlier")


_VARIATION_TEXT = {
    "common_cause": "The latest figure is within its usual range, so it shows no real change.",
    "special_cause_improvement": "The latest figures show a real improvement, not just "
                                 "normal ups and downs.",
    "special_cause_concern": "The latest figures show a real change for the worse, not just "
                             "normal ups and downs.",
    "special_cause_neutral_high": "The latest figures are unusually high for this council.",
    "special_cause_neutral_low": "The latest figures are unusually low for this council.",
}
#: special cause variation -> what it amounts to, after the signal is described.
_SIGNAL_MEANING = {
    "special_cause_improvement": "a real improvement, not just normal ups and downs",
    "special_cause_concern": "a real change for the worse, not just normal ups and downs",
    "special_cause_neutral_high": "unusually high for this council",
    "special_cause_neutral_low": "unusually low for this council",
}
_HIGH_SIGNALS = {("special_cause_improvement", "higher_is_better"),
                 ("special_cause_concern", "lower_is_better"),
                 ("special_cause_neutral_high", "neutral")}


def _times(count: int) -> str:
    return {1: "once", 2: "twice"}.get(count, f"{count} times")


def _signal(row: Row) -> str | None:
    """The SPC rule behind the latest value's special cause, in plain English:
    what the values did, not the rule's name. None if the rule is not known."""
    rule, count = row.get("spc_rule"), row.get("spc_signal_points")
    if is_absent(rule) or is_absent(count):
        return None
    count = int(count)
    high = (str(row["variation"]), str(row["polarity"])) in _HIGH_SIGNALS
    above, limit = ("above", "spc_upl") if high else ("below", "spc_lpl")
    top = "top" if high else "bottom"
    values = {1: "the latest value is", 2: "the last 2 values have both been"}.get(
        count, f"the last {count} values have all been")
    return {
        "outside_limits": f"{values} {above} the {top} of its usual range "
                          f"({_value(row, limit)})",
        "run": f"the last {count} values have all been {above} its average "
               f"({_value(row, 'spc_mean')})",
        "trend": f"it has gone {'up' if high else 'down'} {_times(count - 1)} in a row",
        "two_of_three": f"{'all 3' if count == 3 else count} of the last 3 values have been "
                        f"near or {'above' if high else 'below'} the {top} of its usual range",
    }.get(str(rule))


def _variation_text(row: Row) -> str:
    """What the SPC chart says about the latest value. A special cause names the
    signal, and starts with "But" where a comparison sentence before it said
    something else, so the two read as one argument."""
    signal = _signal(row) if row["variation"] in _SIGNAL_MEANING else None
    if signal is None:
        return _VARIATION_TEXT[str(row["variation"])]
    shown = [_shown_direction(row, "last_year")]
    if not _annual(row):
        shown.append(_shown_direction(row, "previous"))
    text = f"{signal}, which is {_SIGNAL_MEANING[str(row['variation'])]}."
    if any(_at_odds(row, direction) for direction in shown):
        return "But " + text
    return text[0].upper() + text[1:]


def _variation(row: Row) -> Sentence | None:
    if row.get("variation") not in _VARIATION_TEXT or is_absent(row.get("spc_lpl")):
        return None
    text = _variation_text(row)
    text += (f" Over {row['points']} periods it would usually fall between "
             f"{_value(row, 'spc_lpl')} and {_value(row, 'spc_upl')}.")
    if not row.get("spc_reliable"):
        text += f" With only {row['points']} values to go on, treat this with care."
    return Sentence(text, ("variation", "spc_rule", "spc_signal_points", "spc_mean", "spc_lpl",
                           "spc_upl", "points", "spc_reliable", "polarity"))


def _target(row: Row) -> Sentence | None:
    if is_absent(row.get("target")) or row.get("rag") in (None, "none"):
        return None
    word = {"green": "Green", "amber": "Amber", "red": "Red"}[str(row["rag"])]
    return Sentence(f"Target status: {word} ({row['rag_reason']}).",
                    ("target", "rag", "rag_reason"))


def _peers(row: Row) -> Sentence | None:
    if is_absent(row.get("peer_rank")) or is_absent(row.get("peer_count")):
        return None
    judged = row["polarity"] != "neutral"
    order = "1st is best" if judged else "1st is highest"
    return Sentence(
        f"Among its {group_label(row.get('peer_group_name'))} ({row['peer_count']:.0f} "
        f"councils) it is {ordinal(row['peer_rank'])} ({order}); their median is "
        f"{_value(row, 'peer_median')}.",
        ("peer_rank", "peer_count", "peer_group_name", "peer_median", "polarity"))


def _national(row: Row) -> Sentence | None:
    """Its rank among all councils of its nation (none alone, or neutral)."""
    count = row.get("national_count")
    if is_absent(row.get("national_rank")) or is_absent(count) or int(count) < 2 or \
            row["polarity"] == "neutral":
        return None
    quarter = {1: "the best quarter", 2: "the second-best quarter",
               3: "the second-worst quarter", 4: "the worst quarter"}
    quartile = row.get("national_quartile")  # none among fewer than four councils
    where = "" if is_absent(quartile) else f", in {quarter.get(int(quartile), '')}"
    return Sentence(
        f"Among {national_words(row)} it ranks {ordinal(row['national_rank'])} of "
        f"{int(count)}{where}.",
        ("nation", "national_rank", "national_count", "national_quartile"))


def _national_figure(row: Row) -> Sentence | None:
    """Said where the data have no row for the council's nation."""
    if is_absent(row.get("value")) or not no_national_figure(row):
        return None
    return Sentence(f"There is no figure for {national_words(row)} in the data, so it is "
                    "not compared with one.", ("nation", "national_code"))


def _forecast(row: Row) -> Sentence | None:
    """Only where a forecast means something: enough values for reliable limits."""
    if is_absent(row.get("forecast_value")) or not row.get("spc_reliable"):
        return None
    text = (f"If the recent trend continues, it will be about "
            f"{_value(row, 'forecast_value')} in {row['forecast_period']}.")
    if row.get("on_track") is False or row.get("on_track") is True:
        text += " That would meet the target." if row["on_track"] else \
            " That would miss the target."
    return Sentence(text, ("forecast_value", "forecast_period", "on_track"))


def _flags(row: Row) -> Sentence | None:
    reasons = row.get("flag_reasons")
    if not isinstance(reasons, str) or not reasons:
        return None
    return Sentence(reasons, ("flags", "flag_reasons"))


SENTENCES: tuple[Callable[[Row], Sentence | None], ...] = (
    _headline, _previous, _last_year, _variation, _target, _peers, _national, _national_figure,
    _forecast, _flags,
)


def narrate(row: Row) -> list[Sentence]:
    """The narrative for one row of the assessment table, sentence by sentence."""
    return [s for s in (make(row) for make in SENTENCES) if s is not None]


def describe(row: Row) -> str:
    """The narrative as one paragraph."""
    return " ".join(s.text for s in narrate(row))
