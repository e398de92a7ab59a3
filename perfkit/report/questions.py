"""The questions scrutiny should ask about one row of the assessment table, by
line of enquiry in the LGA guide: each raised by the evidence, naming the
measure and its numbers, never contradicting the verdict (a concern is not
asked if its target is too easy or too hard, a neutral measure only whether
its series compares like with like, an out-of-date one only when it will be updated)."""

from __future__ import annotations

from collections.abc import Callable
from string import Formatter

from perfkit.data.contract import NO_BREAKDOWN
from perfkit.formatting import format_value
from perfkit.polarity import BETTER_DIRECTION
from perfkit.report.assessment_row import Row, is_absent
from perfkit.report.comparison_words import national_words, peer_standing
from perfkit.report.headline import measure_name

__all__ = ["QUESTIONS", "scrutiny_questions"]

_NEXT, _TRENDS = "what should we do next?", "clear analysis of trends, targets and benchmarking"

#: question -> (line of enquiry in the LGA guide, wording). {Measure} opens a
#: sentence, {measure} stands inside one; the other fields are formatted numbers.
QUESTIONS = {
    "legal_duties": ("legal duties discharged?", "{Measure} is {value} against {duty}. What "
                     "will it take to meet the duty for everyone, and by when?"),
    "change_for_the_worse": (_NEXT, "{Measure} went from {earlier} ({earlier_period}) to "
                             "{value} ({period}). What is behind this? What will officers do, "
                             "by when, to turn it round?"),
    "cannot_meet_target": (_NEXT, "{Measure} cannot reach its target of {target} at its usual "
                           "level (average {mean}). What would have to change?"),
    "behind_national": (_NEXT, "{Measure} is {value} against {national} for {all_councils}. "
                        "What will officers do, by when, to close the gap?"),
    "off_usual_level": (_NEXT, "{Measure} ({value} in {period}) is {side} its usual average of "
                        "{mean}. What is behind this? What will officers do, by when?"),
    "needs_attention": (_NEXT, "{Measure} needs attention ({value} in {period}). What will "
                        "officers do, and by when?"),
    "green_but_bottom_quartile": (_TRENDS, "{Measure} ({value}) {meets} its target of {target} "
                                  "but is {position}. Is the target stretching enough?"),
    "red_but_common_cause": ("positive or problematic?", "{Measure} ({value}) misses its target "
                             "of {target}, but within its usual ups and downs. Is the target "
                             "realistic? Or does the service need to change to reach it?"),
    "unambitious_target": ("contribution to the council plan", "The target for {measure} is "
                           "{target}. That is less ambitious than {benchmark} "
                           "({benchmark_value}). Why?"),
    "bunched_over_target": ("ethical implications", "{Measure} has landed just over its target "
                            "of {target} in {periods} recent periods. Is the target shaping how "
                            "the work is done or counted?"),
    "series_break": (_TRENDS, "{Measure} has gaps or changes ({gaps}). Has the way it is "
                     "counted changed? Can its figures be compared over time?"),
    "stale_data": ("short-term implications", "The latest figure for {measure} is for "
                   "{period}. When will newer figures be available? What do local figures "
                   "show meanwhile?"),
}

#: Warning signs whose question doubts the target: never asked of a concern.
_DOUBT_THE_TARGET = ("green_but_bottom_quartile", "red_but_common_cause",
                     "unambitious_target", "bunched_over_target")
_WARNING_SIGNS = (*_DOUBT_THE_TARGET, "series_break", "stale_data")
#: verdict -> the only question it may have.
_ONLY = {"stale": "stale_data", "context": "series_break"}
#: words of a concern's reason -> the question that follows from it; failing
#: that, what has changed, where it sits against its usual level, or what next.
_REASONS = {" law ": "legal_duties", "than the figure for all councils": "behind_national",
            "Cannot meet": "cannot_meet_target"}
#: field of a wording -> the column it shows as it is.
_COLUMNS = {"value": "value", "target": "target", "mean": "spc_mean", "national": "national_value",
            "period": "period", "periods": "periods_just_over_target"}
Fields = dict[str, object] | None


def _number(row: Row, column: str) -> str | None:
    """A value with its unit at the measure's decimal places (a whole legal
    threshold whole: 100%, not 100.0%); a period or a count as it is."""
    value, places = row.get(column), row.get("decimal_places")
    if is_absent(value) or column.endswith("period"):
        return None if is_absent(value) else str(value)
    if column.startswith("periods"):
        return f"{float(value):.0f}"  # type: ignore[arg-type]
    whole = column == "statutory_threshold" and float(value).is_integer()  # type: ignore
    places = 0 if whole else 1 if is_absent(places) else int(places)  # type: ignore
    return format_value(value, str(row.get("unit")), places)


def _better_by(row: Row, column: str, than: str) -> float:
    """How far ``column`` beats ``than`` by polarity (0: missing or neutral)."""
    a, b = row.get(column), row.get(than)
    sign = BETTER_DIRECTION.get(str(row.get("polarity")), 0)
    return 0.0 if is_absent(a) or is_absent(b) else sign * (float(a) - float(b))


def _legal_duty(row: Row) -> Fields:
    limit = _number(row, "statutory_threshold")
    higher = row.get("polarity") == "higher_is_better"
    return None if _better_by(row, "value", "statutory_threshold") >= 0 else {
        "duty": f"the {limit} the law requires" if higher else f"a legal limit of {limit}"}


def _worse_than_before(row: Row) -> Fields:
    """Worse than a year earlier or, with no year-earlier figure, than the period before."""
    year_ago = row.get("direction_last_year")
    unknown = is_absent(year_ago) or year_ago == "not_comparable"
    prefix = "last_year" if year_ago == "worsening" else "previous" if unknown and \
        row.get("direction_previous") == "worsening" else None
    return None if prefix is None else {"earlier": _number(row, f"{prefix}_value"),
                                        "earlier_period": _number(row, f"{prefix}_period")}


def _off_usual_level(row: Row) -> Fields:
    side = "below" if row.get("polarity") == "higher_is_better" else "above"
    return None if _better_by(row, "value", "spc_mean") >= 0 else {"side": side}


def _behind_national(row: Row) -> Fields:
    return {"all_councils": national_words(row)}


def _bottom_quarter(row: Row) -> Fields:
    peer, national = row.get("peer_quartile"), row.get("national_quartile")
    standing = peer_standing(row)
    if not is_absent(peer) and peer == 4 and standing is not None:
        position = standing
    elif not is_absent(national) and national == 4:
        position = f"in the bottom quarter of {national_words(row)}"
    else:
        return None
    meets = "meets" if _better_by(row, "value", "target") >= 0 else "is rated green against"
    return {"position": position, "meets": meets}


def _unambitious(row: Row) -> Fields:
    """Against last year's result first, as the warning sign's reason is."""
    for column, benchmark in (("last_year_value", f"the {row.get('last_year_period')} result"),
                              ("peer_median", "the median of similar councils")):
        shown = _number(row, column)
        if _better_by(row, "target", column) < 0 and shown != _number(row, "target"):
            return {"benchmark": benchmark, "benchmark_value": shown}
    return None


def _gaps(row: Row) -> Fields:
    """E.g. '1 recent period missing; 2023-24 and 2024-25 provisional'."""
    missing, notes = row.get("missing_periods"), row.get("recent_status_notes")
    count = 0 if is_absent(missing) else int(missing)  # type: ignore[call-overload]
    parts = [f"{count} recent period{'s' if count > 1 else ''} missing"] if count else []
    by_status: dict[str, list[str]] = {}
    for note in ("" if is_absent(notes) else str(notes)).split(";"):
        period, _, status = note.strip().rpartition(" ")
        if period:
            by_status.setdefault(status, []).append(period)
    for status, periods in by_status.items():
        text = " and ".join(periods) if len(periods) < 3 else \
            f"{len(periods)} periods since {periods[0]}"
        parts.append(f"no figure for {text}" if status == "missing" else f"{text} {status}")
    return {"gaps": "; ".join(parts)} if parts else None


#: question -> the fields of its wording that are not a column as it is, or
#: None where the evidence does not raise it. The others need nothing more.
_FIELDS: dict[str, Callable[[Row], Fields]] = {
    "legal_duties": _legal_duty, "change_for_the_worse": _worse_than_before,
    "behind_national": _behind_national,
    "off_usual_level": _off_usual_level, "green_but_bottom_quartile": _bottom_quarter,
    "unambitious_target": _unambitious, "series_break": _gaps}


def _allowed(row: Row, key: str) -> bool:
    """False where the question contradicts the verdict, or there is no target to ask about."""
    verdict = row.get("verdict")
    if verdict in _ONLY:
        return key == _ONLY[verdict]
    if key in _DOUBT_THE_TARGET and verdict == "concern":
        return False
    if key in (*_DOUBT_THE_TARGET, "cannot_meet_target"):
        return row.get("breakdown_dimension", NO_BREAKDOWN) == NO_BREAKDOWN and \
            not is_absent(row.get("target"))
    return True


def _ask(row: Row, key: str) -> tuple[str, str] | None:
    """The question ``key``, or None where it is not raised or lacks a number."""
    extra = _FIELDS.get(key, lambda _: {})(row) if _allowed(row, key) else None
    if extra is None:
        return None
    line, wording = QUESTIONS[key]
    names = {name for _, name, _, _ in Formatter().parse(wording) if name in _COLUMNS}
    fields = {**{name: _number(row, _COLUMNS[name]) for name in names}, **extra}
    if any(value is None for value in fields.values()):
        return None
    name = measure_name(row)
    inside = name[0].lower() + name[1:] if name[1:2].islower() else name
    return line, wording.format(Measure=name, measure=inside, **fields)


def scrutiny_questions(row: Row) -> list[tuple[str, str]]:
    """Suggested questions for members about one measure, as (line of enquiry,
    question): a missed legal duty, the concern, then each warning sign."""
    questions = [_ask(row, "legal_duties")]
    if row.get("verdict") == "concern":
        reason = str(row.get("verdict_reason") or "")
        keys = [*(key for words, key in _REASONS.items() if words in reason),
                "change_for_the_worse", "off_usual_level", "needs_attention"]
        questions.append(next(filter(None, (_ask(row, key) for key in keys)), None))
    flags = "" if is_absent(row.get("flags")) else str(row.get("flags"))
    questions += [_ask(row, flag) for flag in flags.split(";") if flag in _WARNING_SIGNS]
    return list(dict.fromkeys(q for q in questions if q is not None))

