"""What to do with each measure, from the indicator-set review's findings.

Each measure gets one or more suggestions, the most important first, each in
plain words and with a code the report counts by (so its counts and the
table cannot disagree). The first five ask for a decision
(:data:`DECISIONS`); a measure with none of them is kept, so that its first
suggestion is "Keep" and no two suggestions contradict each other. In order
(see ``docs/methodology.md``, "Indicator-set review"):

====================  ===========================================================
code                  when
====================  ===========================================================
``link``              it serves no plan priority ("or drop it", unless it
                      measures a legal duty)
``fresher_data``      its latest figure is out of date
``harder_target``     it is always green ("or drop it", unless it measures a
                      legal duty)
``moves_together``    it moves with another measure across councils
``owner``             no officer is named for it (not context)
``keep``              none of the above, and it has a better direction
``background``        none of the above, and it is context
``too_few_figures``   it has too few figures to show improvement (not context,
                      not out of date): said after the others, as a caution
====================  ===========================================================
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from perfkit.periods import parse_period

__all__ = ["DECISIONS", "MOST_PARTNERS_NAMED", "SUGGESTION_CODES", "partners", "suggest",
           "time_words", "when"]

#: The suggestion codes, in the order a measure's suggestions are listed.
SUGGESTION_CODES = ("link", "fresher_data", "harder_target", "moves_together", "owner",
                    "keep", "background", "too_few_figures")
#: The codes that ask the committee for a decision about the measure.
DECISIONS = SUGGESTION_CODES[:5]
#: A suggestion names at most this many measures a measure moves with.
MOST_PARTNERS_NAMED = 2
#: A measure's frequency as the adjective before "figures".
_FIGURES = {"financial_year": "yearly", "academic_year": "yearly", "calendar_year": "yearly",
            "financial_quarter": "quarterly", "calendar_quarter": "quarterly",
            "month": "monthly", "two_yearly": "two-yearly"}


def when(label: object) -> str:
    """A period as a councillor says it: "2020-02" -> "February 2020"."""
    period = parse_period(str(label))
    return period.start.strftime("%B %Y") if period.kind == "month" else period.label


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def time_words(months: float) -> str:
    """How long until enough figures, e.g. "6 more years", "9 more months"."""
    if pd.isna(months):
        return "no set time: the figures come irregularly"
    months = int(months)
    if months % 12 == 0:
        return _plural(months // 12, "more year")
    if months < 24:
        return f"{months} more months"
    return f"about {round(months / 12)} more years"


def partners(pairs: pd.DataFrame) -> pd.DataFrame:
    """For each measure in a strong pair: the measures it moves with
    (``partner_ids``, strongest first), the sign of each r (``partner_signs``)
    and whether every pair was compared within the peer group (``partner_peers``)."""
    strong = pairs[pairs["strong"]]
    both = pd.concat([strong, strong.rename(columns={"indicator_id": "other_id",
                                                     "other_id": "indicator_id"})])
    both = both.assign(_size=-both["r"].abs()).sort_values(["indicator_id", "_size", "other_id"])
    grouped = both.groupby("indicator_id")
    return pd.DataFrame({"partner_ids": grouped["other_id"].agg(list),
                         "partner_signs": grouped["r"].agg(lambda r: list(np.sign(r))),
                         "partner_peers": grouped["compared_with"].agg(
                             lambda c: bool(c.eq("peer_group").all()))})


def _moves_text(ids: list, signs: list, in_peers: bool, titles: pd.Series) -> str:
    named = [("with " if s > 0 else "against ") + titles.get(i, i)
             for i, s in zip(ids[:MOST_PARTNERS_NAMED], signs, strict=False)]
    more = len(ids) - MOST_PARTNERS_NAMED
    listed = ", ".join(named[:-1]) + " and " + named[-1] if len(named) > 1 else named[0]
    listed += f" and {more} more" if more > 0 else ""
    where = "similar councils" if in_peers else "councils"
    return f"Moves {listed} across {where}: one may be enough"


def _too_few_text(row: pd.Series) -> str:
    kind = _FIGURES.get(row["frequency"], "")
    figures = _plural(int(row["points"]), f"{kind} figure".strip())
    wanted = int(row["points"]) + int(row["figures_needed"])
    return (f"Cannot yet show improvement: {figures}, and {wanted} are needed "
            f"({time_words(row['months_needed'])})")


def _texts(m: pd.DataFrame, titles: pd.Series) -> pd.DataFrame:
    """One column per suggestion code: the suggestion where it applies, else NaN."""
    none = pd.Series(np.nan, index=m.index, dtype=object)
    judged = ~m["context"]
    moves = m.get("partner_ids", none).map(lambda ids: isinstance(ids, list) and len(ids) > 0)
    duty = m["statutory_basis"].ne("")
    since = m["first_rated"].map(lambda p: when(p) if isinstance(p, str) else "")
    met = ("met its target every time since " + since + " ("
           + m["rated_periods"].astype(str) + " periods)")
    texts = {
        "link": none.mask(~m["linked"], pd.Series(np.where(
            duty, "Link it to a plan priority: it serves none, but it measures a legal duty",
            "Link it to a plan priority, or drop it: it serves none"), index=m.index)),
        "fresher_data": none.mask(m["out_of_date"], "Find fresher data: the latest figure is "
                                  "for " + m["period"].map(when)),
        "harder_target": none.mask(m["always_green"], np.where(
            duty, "Set a harder target (keep the measure: it is a legal duty): ",
            "Set a harder target or drop it: ") + met),
        "moves_together": none.mask(moves, m[moves].apply(
            lambda r: _moves_text(r["partner_ids"], r["partner_signs"], r["partner_peers"],
                                  titles), axis=1) if moves.any() else none),
        "too_few_figures": none.mask(judged & ~m["can_tell"] & ~m["out_of_date"],
                                     m.apply(_too_few_text, axis=1) if len(m) else none),
        "owner": none.mask(judged & m["owner"].eq(""), "Name the officer responsible for it"),
    }
    frame = pd.DataFrame(texts, index=m.index)
    nothing = frame[list(DECISIONS)].isna().all(axis=1)
    frame["background"] = none.mask(nothing & m["context"],
                                    "Keep as background: higher is neither better nor worse")
    frame["keep"] = none.mask(nothing & judged, "Keep")
    return frame[list(SUGGESTION_CODES)]


def suggest(measures: pd.DataFrame, titles: pd.Series) -> pd.DataFrame:
    """``measures`` (the review's table, with :func:`partners` joined) with
    ``suggestion_codes`` and ``suggestions`` (lists, most important first) and
    ``suggestion`` (the first). ``titles``: indicator_id -> short title."""
    if measures.empty:
        return measures.assign(suggestion_codes=[], suggestions=[], suggestion=[])
    stacked = _texts(measures, titles).stack().dropna()
    grouped = stacked.groupby(level=0)
    codes = grouped.apply(lambda s: list(s.index.get_level_values(1)))
    texts = grouped.agg(list)
    return measures.assign(suggestion_codes=codes, suggestions=texts,
                           suggestion=texts.map(lambda t: t[0]))
