"""Who a council is compared with, in words: its peer group and its nation.

Each row of the assessment table names the peer group it was ranked in
(``peer_group_name``: the indicator's own group where it names one, else the
run's) and the council's nation (``nation``, ``national_code``: see
:mod:`perfkit.analysis.comparison_groups` and :mod:`perfkit.analysis.nations`).
These functions put them into the words every report uses, so a Scottish
council reads "all councils in Scotland" and a measure compared with CIPFA
nearest neighbours says so.
"""

from __future__ import annotations

import re

import pandas as pd

from perfkit.analysis.nations import all_councils_in
from perfkit.formatting import ordinal
from perfkit.report.assessment_row import Row, is_absent

__all__ = ["compared_with", "group_label", "national_words", "no_national_figure",
           "peer_standing"]

_PARENTHESIS = re.compile(r"\s*\([^()]*\)\s*$")


def group_label(name: object) -> str:
    """A peer group's name for a sentence, without a note in brackets at its
    end: "CIPFA nearest neighbours (2021 model)" -> "CIPFA nearest
    neighbours"; "similar councils" where there is no name."""
    if is_absent(name) or not str(name).strip():
        return "similar councils"
    return _PARENTHESIS.sub("", str(name)).strip() or str(name).strip()


def peer_standing(row: Row) -> str | None:
    """"3rd of 16 among its CIPFA nearest neighbours", or None without a rank."""
    rank, count = row.get("peer_rank"), row.get("peer_count")
    if is_absent(rank) or is_absent(count):
        return None
    name = row.get("peer_group_name")
    where = "similar councils" if is_absent(name) else f"among its {group_label(name)}"
    return f"{ordinal(int(rank))} of {int(count)} {where}"  # type: ignore[call-overload]


def national_words(row: Row) -> str:
    """"all councils in Scotland" for the row's nation."""
    return all_councils_in(row.get("nation"))


def no_national_figure(row: Row) -> bool:
    """True where the data have no row for the council's nation, so there is
    no national figure to compare with."""
    return is_absent(row.get("national_code")) and not is_absent(row.get("nation"))


def _listed(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def compared_with(totals: pd.DataFrame, *, council_name: str, nation: str | None,
                  has_national_row: bool, run_group_name: str | None = None) -> str:
    """What a report's header says about comparisons, e.g. "Measures are
    compared with Glasgow City's LGBF family group and with all councils in
    Scotland." ``totals``: the report's rows (their ``peer_group_name``);
    ``run_group_name``: the run's group, named when no row has a group."""
    used = totals["peer_group_name"].dropna() if "peer_group_name" in totals else pd.Series()
    names = list(dict.fromkeys(group_label(n) for n in used.value_counts().index))
    if not names and run_group_name:
        names = [group_label(run_group_name)]
    national = all_councils_in(nation)
    if not names:
        text = f"Measures are compared with {national}."
    elif len(names) == 1:
        text = f"Measures are compared with {council_name}'s {names[0]} and with {national}."
    else:
        text = (f"Measures are compared with similar councils ({_listed(names)}: each "
                f"measure names its group) and with {national}.")
    if not has_national_row:
        text += f" There is no figure for {national} in the data, so none is compared with one."
    return text
