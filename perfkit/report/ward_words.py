"""The words of the ward view: "In short", the questions to ask and how to
read it, each sentence made from the values of
:func:`perfkit.analysis.wards.ward_profile` and
:func:`~perfkit.analysis.wards.small_area_spread` (ranks: 1 = the highest
value in the borough, the most deprived). Short sentences, plain numbers.
"""

from __future__ import annotations

import pandas as pd

from perfkit.analysis.wards import WardProfile, hidden_pockets
from perfkit.formatting import format_value, ordinal
from perfkit.periods import parse_period

__all__ = ["STANDOUT_WARDS", "how_to_read", "in_short", "period_words", "questions"]

#: How many wards "stand out" at the top of a measure.
STANDOUT_WARDS = 2


def period_words(label: str | None) -> str:
    """A period as a councillor says it: "2026-03" -> "March 2026"."""
    if label is None:
        return "no period"
    period = parse_period(label)
    return period.start.strftime("%B %Y") if period.kind == "month" else period.label


def _top(table: pd.DataFrame, measure: str, count: int = STANDOUT_WARDS) -> pd.DataFrame:
    known = table[table[measure].notna()]
    return known.sort_values([f"{measure}_rank", "area_name"]).head(count)


def _bottom(table: pd.DataFrame, measure: str) -> pd.Series:
    known = table[table[measure].notna()]
    return known.sort_values([f"{measure}_rank", "area_name"]).iloc[-1]


def _listed(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _names(rows: pd.DataFrame, column: str = "area_name") -> str:
    return _listed([str(name) for name in rows[column]])


def _pct(value: float) -> str:
    return format_value(value, "percent", 1)


def _deprivation(table: pd.DataFrame, period: str | None) -> str:
    top, least = _top(table, "imd_score"), _bottom(table, "imd_score")
    named = _listed([f"{r.area_name} ({'score ' if i == 0 else ''}{r.imd_score:.1f})"
                     for i, r in enumerate(top.itertuples())])
    return (f"On the {period_words(period)} index of deprivation, the most deprived wards "
            f"are {named}. {least['area_name']} is the least deprived "
            f"({least['imd_score']:.1f}).")


def _claimants(table: pd.DataFrame, period: str | None) -> str:
    top, lowest = _top(table, "claimant_rate"), _bottom(table, "claimant_rate")
    counts = top.get("claimant_rate_count", pd.Series(float("nan"), top.index))
    named = _listed([f"{name} ({_pct(rate)}" + ("" if pd.isna(n) else f", {n:,.0f} people")
                     + ")" for name, rate, n in zip(top["area_name"], top["claimant_rate"],
                                                    counts, strict=True)])
    return (f"In {period_words(period)}, the share of people of working age claiming "
            f"unemployment benefits was highest in {named}. It was lowest in "
            f"{lowest['area_name']} ({_pct(lowest['claimant_rate'])}).")


def _both(table: pd.DataFrame) -> str | None:
    count = 3
    deprived = set(_top(table, "imd_score", count)["area_code"])
    claimants = set(_top(table, "claimant_rate", count)["area_code"])
    shared = table[table["area_code"].isin(deprived & claimants)].sort_values(
        "imd_score_rank")
    if shared.empty:
        return None
    verb = "is" if len(shared) == 1 else "are"
    return (f"{_names(shared)} {verb} in the top three wards for both deprivation "
            "and claimants.")


def _turnout(table: pd.DataFrame, period: str | None) -> str:
    lowest, highest = _bottom(table, "turnout"), _top(table, "turnout", 1).iloc[0]
    return (f"Turnout at the {period_words(period)} local elections was lowest in "
            f"{lowest['area_name']} ({_pct(lowest['turnout'])}) and highest in "
            f"{highest['area_name']} ({_pct(highest['turnout'])}).")


def _pockets(pockets: pd.DataFrame) -> str | None:
    if pockets.empty:
        return None
    each = "it has" if len(pockets) == 1 else "each has"
    return (f"Averages hide pockets. Most of {_names(pockets, 'ward_name')} is in England's "
            f"less deprived half, yet {each} a small area in the most deprived 10%.")


def in_short(profile: WardProfile, spread: pd.DataFrame) -> list[str]:
    """What stands out, in at most five short sentences or pairs of them."""
    table, periods = profile.table, profile.periods
    points = []
    if profile.has("imd_score"):
        points.append(_deprivation(table, periods["imd_score"]))
    if profile.has("claimant_rate"):
        points.append(_claimants(table, periods["claimant_rate"]))
        if profile.has("imd_score"):
            points.append(_both(table))
    if profile.has("turnout"):
        points.append(_turnout(table, periods["turnout"]))
    points.append(_pockets(hidden_pockets(spread)))
    return [p for p in points if p]


def questions(profile: WardProfile, spread: pd.DataFrame, domains: WardProfile) -> list[str]:
    """Questions members might ask, each naming wards and their numbers."""
    table, asked = profile.table, []
    if profile.has("claimant_rate"):
        top, lowest = _top(table, "claimant_rate"), _bottom(table, "claimant_rate")
        rates = _listed([_pct(v) for v in top["claimant_rate"]])
        asked.append(f"Claimant rates in {_names(top)} are {rates}, against "
                     f"{_pct(lowest['claimant_rate'])} in {lowest['area_name']}. What "
                     "help to find work reaches these wards, and is it enough?")
    leader = _domain_leader(domains)
    if leader is not None:
        name, count, total = leader
        asked.append(f"{name} is the most deprived ward on {count} of {total} measures of "
                     "deprivation. Do the council's plans put more into it?")
    if profile.has("turnout"):
        lowest, highest = _bottom(table, "turnout"), _top(table, "turnout", 1).iloc[0]
        asked.append(f"Only {_pct(lowest['turnout'])} voted in {lowest['area_name']}, "
                     f"against {_pct(highest['turnout'])} in {highest['area_name']}. How "
                     "does the council hear from residents who do not vote?")
    ranks = table.set_index("area_code").get("imd_score_rank")
    for row in hidden_pockets(spread).head(1).itertuples():
        rank = ranks.get(row.ward_code) if ranks is not None else None
        where = f"ranks {ordinal(int(rank))} of {len(table)}" if pd.notna(rank) else \
            "is mostly less deprived"
        asked.append(f"{row.ward_name} {where}, yet has a small area in England's most "
                     "deprived 10%. Do ward averages hide streets that need help?")
    return asked


def _domain_leader(domains: WardProfile) -> tuple[str, int, int] | None:
    """The ward ranked most deprived on the most measures, how many, of how many."""
    ranks = domains.table.filter(like="_rank")
    if ranks.empty or domains.empty:
        return None
    firsts = (ranks == 1).sum(axis=1)
    best = firsts.idxmax()
    if firsts[best] < 2:
        return None
    return str(domains.table.at[best, "area_name"]), int(firsts[best]), ranks.shape[1]


def how_to_read(council_name: str, periods: dict, small_period: str | None,
                imd_source: str) -> list[str]:
    """How the figures were made and what they can and cannot say
    (``imd_source``: the source of the ward deprivation figures)."""
    return [
        f"Rank 1 is the highest figure among {council_name}'s wards: the most deprived "
        "ward, or the highest claimant rate. The numbers on the map are the "
        "deprivation ranks.",
        "Ward deprivation figures are from the English Indices of Deprivation "
        f"({period_words(periods.get('imd_score'))}). MHCLG does not publish them for "
        "wards: they were worked out from small-area figures, weighted by population, "
        f"using the government's method. Source: {imd_source}.",
        "Deprivation scores compare places: a score of 40 is not twice as deprived as 20.",
        "The claimant rate is the share of residents aged 16 to 64 claiming benefits "
        "because they are out of work (ONS claimant count). Ward counts are rounded to "
        "the nearest 5.",
        "Small areas are neighbourhoods of about 1,500 people (LSOAs). Their figures are "
        f"from the older {period_words(small_period)} release, on 2011 boundaries; each is "
        "placed in the 2023 ward that holds its centre.",
        "These figures describe the place, not how well the council is doing.",
    ]
