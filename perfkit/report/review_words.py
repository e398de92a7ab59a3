"""The words of the indicator-set review: "In short", the questions for the
committee, and what each measure is, in plain English.

Every count is taken from the review's table of measures by its suggestion
codes (:data:`perfkit.analysis.review_suggestions.SUGGESTION_CODES`), so the
sentences and the table cannot disagree. The page is in
:mod:`perfkit.report.indicator_review`.
"""

from __future__ import annotations

import pandas as pd

from perfkit.analysis.indicator_review import (
    ALWAYS_GREEN_YEARS,
    CONTEXT,
    MIN_POINTS_TO_TELL,
    IndicatorReview,
)
from perfkit.analysis.review_suggestions import DECISIONS, when
from perfkit.analysis.warning_signs import STALE_AFTER_PERIODS
from perfkit.periods import parse_period

__all__ = ["EXAMPLES", "KIND_WORDS", "counts", "decision_sentence", "decisions", "glossary_entry",
           "in_short",
           "listed", "questions", "with_code"]

#: A question names at most this many measures as examples.
EXAMPLES = 3
#: Each kind of measure, as the page names it (singular, plural) and explains it.
KIND_WORDS = {
    "outcome": ("outcome", "outcomes", "It is an outcome: it shows a change in residents' "
                "lives or in the place."),
    "output": ("output", "outputs", "It is an output: it counts what the council or its "
               "providers deliver."),
    "process": ("process", "processes", "It is a process measure: it shows how the work is "
                "done, such as how quickly."),
    CONTEXT: ("context", "context", ""),
    "not set": ("not set", "not set", "Whether it is an outcome, an output or a process "
                "is not recorded."),
}
_POLARITY = {"higher_is_better": "Higher is better.", "lower_is_better": "Lower is better.",
             "neutral": "Neither higher nor lower is better: it is background (context) "
                        "for the other measures."}
_FREQUENCY = {
    "financial_year": "once a year, for the year from April to March",
    "academic_year": "once a year, for the school year from September to August",
    "calendar_year": "once a year, for the calendar year",
    "financial_quarter": "every three months, for the quarters of the April to March year",
    "calendar_quarter": "every three months",
    "month": "every month",
    "two_yearly": "every two years",
    "irregular": "at irregular times",
}
_UNIT = {"percent": "a percentage", "count": "a number", "gbp": "an amount in pounds",
         "gbp_thousands": "an amount in thousands of pounds",
         "gbp_millions": "an amount in millions of pounds", "gbp_per_head": "pounds per person",
         "rate_per_1000": "a rate per 1,000 people", "rate_per_10000": "a rate per 10,000 people",
         "rate_per_100000": "a rate per 100,000 people", "days": "a number of days",
         "weeks": "a number of weeks", "years": "a number of years", "score": "a score",
         "rank": "a rank", "ratio": "a ratio"}


def _n(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def _subject(count: int, one: str, many: str) -> str:
    """"1 measure serves" or "34 serve": a count as the subject of a sentence."""
    return f"1 measure {one}" if count == 1 else f"{count} {many}"


def listed(names: list[str], most: int = EXAMPLES) -> str:
    """"A, B and C" (then "and 4 more" past ``most``)."""
    shown, more = names[:most], len(names) - most
    if more > 0:
        return ", ".join(shown) + f" and {more} more"
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def with_code(measures: pd.DataFrame, code: str) -> pd.DataFrame:
    """The measures with this suggestion code among theirs."""
    return measures[measures["suggestion_codes"].map(lambda codes: code in codes)]


def _examples(rows: pd.DataFrame) -> list[str]:
    """Short titles, the measures with a better direction first (context after)."""
    return list(rows.sort_values("context", kind="stable")["short_title"])


def decisions(measures: pd.DataFrame) -> pd.Series:
    """Whether each measure has a suggestion that asks for a decision."""
    return measures["suggestion_codes"].map(lambda codes: any(c in DECISIONS for c in codes))


def decision_sentence(measures: pd.DataFrame) -> str:
    """How many of these measures need a decision, and how many can stay."""
    decide, total = int(decisions(measures).sum()), len(measures)
    if decide == 0:
        return f"All {total} can stay as they are." if total > 1 else "It can stay as it is."
    if decide == total:
        return ("It needs a decision." if total == 1 else
                f"All {total} need a decision.")
    return (f"{_subject(decide, 'needs', 'need')} a decision; the other {total - decide} "
            f"can stay as {'it is' if total - decide == 1 else 'they are'}.")


def counts(measures: pd.DataFrame) -> dict[str, int]:
    """How many measures have each suggestion code, and how many measures in all."""
    found = measures["suggestion_codes"].explode().value_counts()
    return {**{code: int(n) for code, n in found.items()}, "all": len(measures),
            "context": int(measures["context"].sum())}


def _kinds(review: IndicatorReview) -> str:
    """"Balance: of the 67 measures that say which way is better, 38 are
    outcomes, 8 are outputs and 21 are processes."."""
    kinds = review.balance.groupby("kind")["measures"].sum()
    judged = int(kinds.drop(CONTEXT, errors="ignore").sum())
    if judged == 0:
        return ""
    parts = []
    for kind in ("outcome", "output", "process", "not set"):
        count = int(kinds.get(kind, 0))
        one = "not set" if kind == "not set" else f"an {kind}" if kind[0] in "aeiou" \
            else f"a {kind}"
        if count or kind != "not set":
            parts.append(f"{count} is {one}" if count == 1
                         else f"{count} are {KIND_WORDS[kind][1]}")
    return (f"Balance: of the {judged} measures that say which way is better, "
            f"{listed(parts, most=len(parts))}.")


def _gaps(review: IndicatorReview) -> list[str]:
    gaps = review.gaps
    found = [f"{row.priority} has only {_n(int(row.measures), 'measure')}."
             for row in gaps[gaps["few"]].itertuples()]
    found += [f"None of the {_n(int(row.measures), 'measure')} for {row.priority} is an "
              "outcome." for row in gaps[gaps["no_outcome"] & ~gaps["few"]].itertuples()]
    return found


def in_short(review: IndicatorReview, council_name: str) -> list[str]:
    """The answer first: how the set of measures stands, in a few sentences."""
    m, c = review.measures, counts(review.measures)
    if m.empty:
        return [f"There are no measures for {council_name} up to this period to review."]
    judged = c["all"] - c["context"]
    said = [f"{council_name} reports {_n(c['all'], 'measure')}: {judged} that say which way "
            f"is better, and {c['context']} shown for context, where higher is neither "
            "better nor worse. " + decision_sentence(m)]
    said += _flag_sentences(review, c)
    balance = _kinds(review)
    return said + ([" ".join([balance, *_gaps(review)])] if balance else [])


def _unlinked(m: pd.DataFrame, count: int) -> str:
    duties = int(with_code(m, "link")["statutory_basis"].ne("").sum())
    if count == 1:
        keep = " (it measures a legal duty, so keep it)" if duties else ""
        return f"1 measure serves no plan priority{keep}: link it to one, or drop it."
    keep = (f" ({duties} of them measure a legal duty: keep those)" if duties else "")
    return f"{count} serve no plan priority{keep}: link each to one, or drop it."


def _out_of_date(m: pd.DataFrame, count: int) -> str:
    oldest = when(min(with_code(m, "fresher_data")["period"], key=parse_period))
    if count == 1:
        return (f"1 measure is out of date: its latest figure, for {oldest}, is more than "
                f"{STALE_AFTER_PERIODS} of its own periods old.")
    return (f"{count} are out of date: their latest figures are more than "
            f"{STALE_AFTER_PERIODS} of their own periods old, the oldest from {oldest}.")


def _always_green(count: int) -> str:
    if count == 1:
        return ("1 measure met its target every time it was rated in the last "
                f"{ALWAYS_GREEN_YEARS} years: set a harder target, or drop it.")
    return (f"{count} met their target every time they were rated in the last "
            f"{ALWAYS_GREEN_YEARS} years: set harder targets, or drop them.")


def _together(pairs: int, measures: int) -> str:
    if pairs == 1:
        return "1 pair of measures moves together across councils: one of them may be enough."
    return (f"{pairs} pairs of measures move together across councils ({measures} "
            "measures): one of each pair may be enough.")


def _flag_sentences(review: IndicatorReview, c: dict[str, int]) -> list[str]:
    m, said = review.measures, []
    if c.get("link"):
        said.append(_unlinked(m, c["link"]))
    if c.get("fresher_data"):
        said.append(_out_of_date(m, c["fresher_data"]))
    if c.get("harder_target"):
        said.append(_always_green(c["harder_target"]))
    if len(review.strong_pairs):
        said.append(_together(len(review.strong_pairs), c.get("moves_together", 0)))
    if c.get("too_few_figures"):
        said.append(f"{_subject(c['too_few_figures'], 'has', 'have')} fewer than "
                    f"{MIN_POINTS_TO_TELL} figures: too few to tell a real improvement from "
                    "normal ups and downs.")
    return said


def _ask_unlinked(m: pd.DataFrame) -> str:
    names = _examples(with_code(m, "link"))
    if len(names) == 1:
        return (f"{names[0]} serves no plan priority. Which priority does it support? Should "
                "it be dropped, or reported elsewhere?")
    return (f"{len(names)} measures serve no plan priority, such as {listed(names)}. Which "
            "priority does each support? Should any be dropped, or reported elsewhere?")


def _ask_out_of_date(m: pd.DataFrame) -> str:
    old = with_code(m, "fresher_data").sort_values("context", kind="stable")
    names = [f"{t} ({when(p)})" for t, p in zip(old["short_title"], old["period"], strict=True)]
    return (f"When will newer figures come for {listed(names)}, or what could replace "
            f"{'it' if len(names) == 1 else 'them'}?")


def _ask_always_green(m: pd.DataFrame) -> str:
    names = list(with_code(m, "harder_target")["short_title"])
    if len(names) == 1:
        return (f"{names[0]} met its target every time it was rated. Is the target "
                "stretching enough, and is the measure still needed?")
    return (f"{listed(names)} met their targets every time they were rated. Are those "
            "targets stretching enough, and is each measure still needed?")


def _ask_pairs(review: IndicatorReview) -> str:
    strong = review.strong_pairs
    titles = review.measures.set_index("indicator_id")["short_title"]
    first = strong.iloc[0]
    more = (f", and {_n(len(strong) - 1, 'other pair')} do too" if len(strong) > 1 else "")
    return (f"{titles[first['indicator_id']]} and {titles[first['other_id']]} move together "
            f"across {first['councils']} councils (r = {first['r']:.2f}){more}. Does each "
            "measure tell us something the other does not?")


def questions(review: IndicatorReview) -> list[str]:
    """Questions for the committee, each naming measures and numbers."""
    m, c, asked = review.measures, counts(review.measures), []
    if c.get("link"):
        asked.append(_ask_unlinked(m))
    if c.get("fresher_data"):
        asked.append(_ask_out_of_date(m))
    if c.get("harder_target"):
        asked.append(_ask_always_green(m))
    if len(review.strong_pairs):
        asked.append(_ask_pairs(review))
    asked += [f"{gap} Is that enough to show progress on the priority?"
              for gap in _gaps(review)]
    if c.get("too_few_figures"):
        few = c["too_few_figures"]
        asked.append(f"{_n(few, 'measure has', 'measures have')} fewer than {MIN_POINTS_TO_TELL} "
                     f"figures. Until {'it has' if few == 1 else 'they have'} more, how will "
                     "we tell a real improvement from normal ups and downs?")
    return asked


def glossary_entry(row: pd.Series) -> dict[str, str]:
    """What one measure counts, why it matters and where it comes from."""
    what = row["description"] or (f"{row['title']}, given as "
                                  f"{_UNIT.get(row['unit'], row['unit'])}.")
    why = [f"It serves the {row['priority']} priority of the council plan."
           if row["priority"] else "It serves no priority of the council plan."]
    if row["statutory_basis"]:
        why.append(f"It measures a legal duty: {row['statutory_basis'].rstrip('.')}.")
    why += [_POLARITY.get(row["polarity"], ""), KIND_WORDS[row["kind"]][2]]
    where = [f"{row['source']}.", f"New figures come {_FREQUENCY.get(row['frequency'], '')}."]
    where.append(f"The officer responsible: {row['owner']}." if row["owner"]
                 else "No officer is named as responsible.")
    return {"what": what, "why": " ".join(w for w in why if w), "where": " ".join(where)}
