"""The at-a-glance table: the first table of every report.

One row per row of the assessment table (see :mod:`perfkit.analysis.verdict`): the
measure, its latest figure, the verdict, the RAG rating, the direction of
travel, the position among similar councils (naming the group each measure
is compared with) and any warning signs, all in words, with symbols beside
them and never colour alone. Who reads it sets the columns: "cabinet" the
fewest, "scrutiny" adds why and what to ask, "analyst" adds the SPC detail
and the position among all councils of the council's nation.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pandas as pd

from perfkit.analysis.spc_summary import ASSURANCE_LABELS, VARIATION_LABELS
from perfkit.charts.style import label_period
from perfkit.formatting import format_value, ordinal
from perfkit.markup import absent, table, wrap
from perfkit.markup import escape as _e
from perfkit.registry import AUDIENCES
from perfkit.report.blocks import question_items, rag_label, status_badge
from perfkit.report.comparison_words import group_label, national_words
from perfkit.report.questions import scrutiny_questions

__all__ = ["at_a_glance", "short_group_names"]


_DIRECTION = {"improving": "Better than", "worsening": "Worse than",
              "no_significant_change": "About the same as", "increased": "Higher than",
              "decreased": "Lower than"}
_FLAG_WORDS = {
    "green_but_bottom_quartile": "Green, but in the bottom quarter",
    "red_but_common_cause": "Red, but within its usual range",
    "unambitious_target": "Target may not be stretching",
    "bunched_over_target": "Results bunched just over the target",
    "series_break": "Series changed or has gaps",
    "stale_data": "Figures are out of date",
}

Row = Mapping[str, object]


def _value(row: Row, field: str) -> str:
    value, places = row.get(field), row.get("decimal_places")
    return format_value(None if absent(value) else float(value), str(row.get("unit")),
                        1 if absent(places) else int(places))


def _indicator(row: Row) -> str:
    title = str(row.get("short_title") or row.get("title") or row.get("indicator_id"))
    if row.get("breakdown_dimension", "all") not in ("all", None):
        title += f" ({row['breakdown_dimension']}: {row['breakdown_category']})"
    return _e(title)


def _latest(row: Row) -> str:
    period = _e(label_period(row.get("period")))
    if absent(row.get("value")):
        return f"No figure for {period}"
    return f"{_e(_value(row, 'value'))} ({period})"


def _direction(row: Row) -> str:
    for prefix, when in (("last_year", "a year earlier"), ("previous", "the period before")):
        direction = row.get(f"direction_{prefix}")
        if direction in _DIRECTION:
            return _e(f"{_DIRECTION[direction]} {when} ({_value(row, prefix + '_value')} in "
                      f"{label_period(row.get(prefix + '_period'))})")
    return "No earlier figure to compare"


def _rank(row: Row, prefix: str) -> str:
    highest = " highest" if row.get("polarity") == "neutral" else ""
    return f"{ordinal(row[f'{prefix}_rank'])}{highest} of {int(row[f'{prefix}_count'])}"


def _peer_position(row: Row) -> str:
    """E.g. "3rd of 16 (CIPFA nearest neighbours)"; the group is left out where
    the header names it (every row has the same group)."""
    if absent(row.get("value")):
        return "No figure"
    if absent(row.get("peer_rank")) or absent(row.get("peer_count")):
        no_group = absent(row.get("peer_group")) and absent(row.get("peer_group_name"))
        return "No similar councils in the data" if no_group else \
            "No figures for similar councils"
    if row.get("_one_group") is True or absent(row.get("peer_group_name")):
        return _e(_rank(row, "peer"))
    short = (row.get("_short_groups") or {}).get(row.get("peer_group_name"))
    return _e(f"{_rank(row, 'peer')} ({short or group_label(row.get('peer_group_name'))})")


def _national_position(row: Row) -> str:
    if absent(row.get("value")):
        return "No figure"
    count = row.get("national_count")
    if absent(row.get("national_rank")) or absent(count) or int(count) < 2:
        where = "" if absent(row.get("nation")) else f" in {row['nation']}"
        return _e(f"No other council{where} has a figure in the data")
    return _e(_rank(row, "national"))


def _flags(row: Row) -> str:
    flags = [f for f in str(row.get("flags") or "").split(";") if f]
    if not flags:
        return "None"
    return "; ".join(_e(_FLAG_WORDS.get(f, f.replace("_", " ").capitalize())) for f in flags)


def _questions(row: Row) -> str:
    items = question_items(scrutiny_questions(row))
    return f'<ul class="questions">{"".join(items)}</ul>' if items else "None suggested"


def _signal(row: Row) -> str:
    if absent(row.get("spc_lpl")):
        return "Too few values to judge"
    return _e(VARIATION_LABELS.get(str(row.get("variation")), "Not enough values"))


def _usual_range(row: Row) -> str:
    if absent(row.get("spc_lpl")):
        return "Too few values"
    return _e(f"{_value(row, 'spc_lpl')} to {_value(row, 'spc_upl')}")


def _values_used(row: Row) -> str:
    points = row.get("points")
    trial = "" if row.get("spc_reliable") is True else " (trial limits)"
    return "0" if absent(points) else f"{int(points)}{trial}"


def _assurance(row: Row) -> str:
    label = ASSURANCE_LABELS.get(str(row.get("assurance")))
    return _e(label.split(":")[0]) if label else "No target"


@dataclass(frozen=True)
class _Column:
    header: str
    cell: Callable[[Row], str]
    audience: str  # the first audience that sees it
    numeric: bool = False


_COLUMNS = (
    _Column("Measure", _indicator, "cabinet"),
    _Column("Latest figure", _latest, "cabinet", numeric=True),
    _Column("Verdict", lambda r: status_badge(str(r.get("verdict"))), "cabinet"),
    _Column("Why", lambda r: _e(r.get("verdict_reason")), "scrutiny"),
    _Column("Against target", lambda r: rag_label(r.get("rag")), "cabinet"),
    _Column("Direction of travel", _direction, "cabinet"),
    _Column("Among {peers} (1st is best)", _peer_position, "cabinet"),
    _Column("Warning signs", _flags, "cabinet"),
    _Column("Questions to ask", _questions, "scrutiny"),
    _Column("SPC signal", _signal, "analyst"),
    _Column("Average", lambda r: _e(_value(r, "spc_mean")), "analyst", numeric=True),
    _Column("Usual range (process limits)", _usual_range, "analyst", numeric=True),
    _Column("Values used", _values_used, "analyst", numeric=True),
    _Column("Target assurance", _assurance, "analyst"),
    _Column("Among {national} (1st is best)", _national_position, "analyst"),
)


#: A short name for a peer group: the publisher's initials that start its name
#: ("NHS England adult social care near-neighbour peer group": NHS).
_INITIALS = re.compile(r"^([A-Z][A-Za-z]*[A-Z])\b")


def short_group_names(names: list[str]) -> dict[str, str]:
    """Each peer group's short name, where every group starts with its
    publisher's initials and no two share them ({} otherwise: the full names
    are used)."""
    found = {name: _INITIALS.match(str(name)) for name in names}
    shorts = {name: match.group(1) for name, match in found.items() if match}
    if len(shorts) < len(names) or len(set(shorts.values())) < len(shorts):
        return {}
    return shorts


def _group_key(shorts: dict[str, str]) -> str:
    """The key in the table's caption: each short name and the group it stands for."""
    if not shorts:
        return ""
    pairs = "; ".join(f"{_e(short)}: {_e(group_label(name))}" for name, short in shorts.items())
    return f'<br><span class="muted">Similar councils: {pairs}.</span>'


def _one_value(assessment: pd.DataFrame, column: str) -> object:
    """The one value a column holds in every row, or None."""
    found = assessment[column].unique() if column in assessment else []
    return found[0] if len(found) == 1 and not absent(found[0]) else None


def _header(column: _Column, assessment: pd.DataFrame) -> str:
    """The column's header: "{national}" names the rows' nation ("all councils
    in Scotland"), "{peers}" their peer group where they share one ("similar
    councils" where they do not: each cell names its group then)."""
    group = _one_value(assessment, "peer_group_name")
    return column.header.format(
        national=national_words({"nation": _one_value(assessment, "nation")}),
        peers="similar councils" if group is None else group_label(group))


def at_a_glance(assessment: pd.DataFrame, audience: str = "cabinet",
                caption: str = "At a glance: how each measure is doing") -> str:
    """The first table of every report, one row per row of ``assessment``
    (columns as :data:`perfkit.analysis.verdict.ASSESSMENT_COLUMNS`). ``audience``:
    "cabinet" has the fewest columns, "scrutiny" adds why and the questions
    to ask, "analyst" adds the SPC detail and the position among all
    councils of the nation."""
    if audience not in AUDIENCES:
        raise ValueError(f"audience must be one of {AUDIENCES}, not {audience!r}")
    level = AUDIENCES.index(audience)
    columns = [c for c in _COLUMNS if AUDIENCES.index(c.audience) <= level]
    one_group = _one_value(assessment, "peer_group_name") is not None
    names = [] if one_group or "peer_group_name" not in assessment else \
        list(dict.fromkeys(assessment["peer_group_name"].dropna()))
    shorts = short_group_names(names) if len(names) > 1 else {}
    rows = [[column.cell({**row, "_one_group": one_group, "_short_groups": shorts})
             for column in columns] for row in assessment.to_dict("records")]
    return wrap(table(_e(caption) + _group_key(shorts),
                      [_e(_header(c, assessment)) for c in columns], rows,
                      [c.numeric for c in columns], row_headers=True))
