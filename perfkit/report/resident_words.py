"""Plain words for the summary for residents (:mod:`perfkit.report.residents`):
each headline measure's status, change and comparison, a sentence on the
whole, and an improvement action's progress.

Every phrase is built from the reconciled columns of the assessment table
(:mod:`perfkit.analysis.reconcile`), as the other reports' are, so a tile
cannot call a change "better" where the other reports call it worse:

* **Status**: "Going well" for a measure the other reports list as going well
  (:func:`perfkit.report.lists.going_well_rows`) whose change from a year
  earlier is not for the worse; otherwise the verdict's own label ("Needs
  attention", "Keep an eye on", "Steady"). Never "Going well" for a measure
  that needs attention. Each status has a symbol as well as a colour and
  words (:data:`STATUS`).
* **Change**: the direction from a year earlier (``direction_last_year``, or
  from the period before where there is no figure a year earlier), an arrow
  for up, down or about the same, and whether that is better or worse.
* **Comparison**: where the council stands among similar councils, from its
  rank (``peer_percentile``: 100 best, 0 worst): among the best (above 75),
  better than most (above 50), in the middle (50), worse than most (above
  25), among the worst. Where there is no rank, the nation's figure.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from perfkit.analysis.reconcile import VERDICTS, plain_direction
from perfkit.formatting import format_value, ordinal
from perfkit.report.assessment_row import Row, is_absent
from perfkit.report.lists import going_well_rows
from perfkit.report.ward_words import period_words

__all__ = ["ACTION_PROGRESS", "GOING_WELL", "STATUS", "Change", "action_progress", "change",
           "comparison", "facts", "going_well_sentence", "listed", "statuses", "value_parts",
           "value_words", "whole_sentence"]

#: The status of a measure that is going well (the others are verdicts).
GOING_WELL = "going_well"
#: status -> (symbol, words): never colour alone.
STATUS = {
    GOING_WELL: ("✓", "Going well"),
    "concern": ("!", VERDICTS["concern"]),
    "watch": ("◆", VERDICTS["watch"]),
    "steady": ("•", VERDICTS["steady"]),
    "improving": ("✓", VERDICTS["improving"]),
    "few": ("?", VERDICTS["few"]),
    "stale": ("◷", VERDICTS["stale"]),
    "context": ("i", VERDICTS["context"]),
}
#: An action's status -> how it is going, in words.
ACTION_PROGRESS = {"not_started": "Not started yet", "on_track": "On track",
                   "at_risk": "At risk of running late", "overdue": "Late",
                   "complete": "Done"}
#: Percentile of the rank among similar councils -> words, best first: above
#: each floor, (better or worse; for a measure that is neither, higher or lower).
_BANDS = ((75, "Among the best of", "Among the highest of"),
          (50, "Better than most", "Higher than most"),
          (25, "Worse than most", "Lower than most"),
          (-1, "Among the worst of", "Among the lowest of"))
_MIDDLE = 50
_JUDGED = ("higher_is_better", "lower_is_better")
_MOVES = {"improving": "better", "worsening": "worse"}
_ARROWS = {"up": "↑", "down": "↓", "same": "→"}


def _places(row: Row) -> int:
    places = row.get("decimal_places")
    return 1 if is_absent(places) else int(places)  # type: ignore[call-overload]


def value_words(row: Row, field: str = "value") -> str:
    return format_value(row.get(field), str(row.get("unit")), _places(row))


def value_parts(row: Row) -> tuple[str, str]:
    """The figure split into its number and the words after it
    ("115.3", " per 100,000"), so the number can be shown large."""
    words = value_words(row).split(" ")
    size = 2 if len(words) > 1 and words[1] in ("million", "billion") else 1
    rest = " ".join(words[size:])
    return " ".join(words[:size]), f" {rest}" if rest else ""


def statuses(rows: pd.DataFrame) -> pd.Series:
    """Each row's status (see the module's docstring)."""
    well = going_well_rows(rows).index
    worse = rows["direction_last_year"].eq("worsening")
    status = rows["verdict"].astype(object).copy()
    status[rows.index.isin(well) & ~worse & rows["verdict"].ne("concern")] = GOING_WELL
    return status


@dataclass(frozen=True)
class Change:
    """A change from an earlier figure: ``arrow`` (↑, ↓, →; "" for none),
    ``movement`` ("Up from 58.6% in 2023") and ``judgement`` ("better",
    "worse" or "")."""

    arrow: str
    movement: str
    judgement: str

    @property
    def text(self) -> str:
        return f"{self.movement}: {self.judgement}" if self.judgement else self.movement


def _earlier(row: Row) -> str | None:
    for prefix in ("last_year", "previous"):
        if not is_absent(row.get(f"{prefix}_value")) and \
                row.get(f"direction_{prefix}") not in (None, "not_comparable"):
            return prefix
    return None


def change(row: Row) -> Change:
    """The change from a year earlier (see the module's docstring)."""
    prefix = _earlier(row)
    if prefix is None or is_absent(row.get("value")):
        return Change("", "No earlier figure to compare with", "")
    before, when = value_words(row, f"{prefix}_value"), period_words(str(row[f"{prefix}_period"]))
    direction = row[f"direction_{prefix}"]
    if direction == "no_significant_change":
        return Change(_ARROWS["same"], f"About the same as {when} ({before})", "")
    rose = float(row["value"]) > float(row[f"{prefix}_value"])  # type: ignore[arg-type]
    return Change(_ARROWS["up" if rose else "down"],
                  f"{'Up' if rose else 'Down'} from {before} in {when}",
                  _MOVES.get(str(direction), ""))


def _band(percentile: float, judged: bool) -> str:
    if percentile == _MIDDLE:
        return "In the middle of"
    return next(better if judged else higher for floor, better, higher in _BANDS
                if percentile > floor)


def _national(row: Row) -> str | None:
    nation, national = row.get("nation"), row.get("national_value")
    if is_absent(national) or is_absent(nation):
        return None
    return f"{nation}: {value_words(row, 'national_value')}"


def _against_nation(row: Row) -> str | None:
    """Better, worse or about the same as the nation, where there is no rank."""
    if is_absent(row.get("national_value")) or is_absent(row.get("nation")):
        return None
    direction = plain_direction(pd.Series([float(row["value"])]),  # type: ignore[arg-type]
                                pd.Series([float(row["national_value"])]),  # type: ignore
                                pd.Series([row.get("polarity")]),
                                pd.Series([float(_places(row))])).iloc[0]
    words = {"improving": "Better than", "worsening": "Worse than",
             "no_significant_change": "About the same as", "increased": "Higher than",
             "decreased": "Lower than"}[direction]
    return f"{words} {row['nation']} ({value_words(row, 'national_value')})"


def comparison(row: Row) -> str:
    """Where the council stands (see the module's docstring), with the
    nation's figure where there is one."""
    if is_absent(row.get("value")):
        return "No figure to compare"
    rank, count, percentile = row.get("peer_rank"), row.get("peer_count"), \
        row.get("peer_percentile")
    if is_absent(rank) or is_absent(count) or is_absent(percentile):
        return _against_nation(row) or "No figures for similar councils"
    band = _band(float(percentile), row.get("polarity") in _JUDGED)  # type: ignore[arg-type]
    text = f"{band} similar councils ({ordinal(int(rank))} of {int(count)})"  # type: ignore
    national = _national(row)
    return f"{text}. {national}" if national else text


def facts(row: Row) -> str:
    """The figure and its change, e.g. "6.1% in 2024/25, down from 7.3% in
    2023/24 (better)"."""
    moved = change(row)
    said = moved.movement[0].lower() + moved.movement[1:]
    judged = f" ({moved.judgement})" if moved.judgement else ""
    return f"{value_words(row)} in {period_words(str(row['period']))}, {said}{judged}"


def going_well_sentence(row: Row) -> str:
    """What follows the measure's name under "going well", e.g. "6.1% in
    2024/25, down from 7.3% in 2023/24 (better). Among the best of similar
    councils (1st of 11)."""
    return f"{facts(row)}. {comparison(row)}."


def whole_sentence(totals: pd.DataFrame) -> str:
    """How the council is doing, in one sentence from the verdicts."""
    counts = totals["verdict"].value_counts()
    good = int(counts.get("steady", 0) + counts.get("improving", 0))
    watch, concern = int(counts.get("watch", 0)), int(counts.get("concern", 0))
    judged = good + watch + concern
    if judged == 0:
        return "None of the measures in this summary can be judged from recent figures."
    clauses = [f"{good} {'is' if good == 1 else 'are'} steady or getting better"]
    if watch:
        clauses.append(f"{watch} {'is one' if watch == 1 else 'are ones'} to keep an eye on")
    clauses.append(f"{concern} {'needs' if concern == 1 else 'need'} attention" if concern
                   else "none needs attention")
    listed = ", ".join(clauses[:-1]) + " and " + clauses[-1]
    return f"Of the {judged} measures we can judge from recent figures, {listed}."


def listed(names: list[str]) -> str:
    """"A", "A and B", "A, B and C"."""
    if len(names) < 2:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _month(value: object) -> str | None:
    if is_absent(value) or not str(value).strip():
        return None
    return pd.Timestamp(str(value)).strftime("%B %Y")


def action_progress(action: Row) -> str:
    """How an action is going: its status (late where ``overdue`` says so, as
    in :func:`perfkit.analysis.action_effects.action_effects`), due date, how
    much is done and the owner's latest word, in the columns the row has."""
    status = str(action.get("status"))
    overdue = action.get("overdue")
    if status != "complete" and not is_absent(overdue) and bool(overdue):
        status = "overdue"  # not done by a due date before the report's end
    due = _month(action.get("due_date"))
    text = ACTION_PROGRESS.get(status, status.replace("_", " ").capitalize())
    if status == "complete":
        finished = _month(action.get("completed_date"))
        text += f" in {finished}" if finished else ""
    elif due:
        text += f": it was due in {due}" if status == "overdue" else f" (due {due})"
    started = status not in ("not_started", "complete")
    done = action.get("percent_complete")
    if started and not is_absent(done):
        text += f"; {float(done):.0f}% done"  # type: ignore[arg-type]
    milestones = action.get("milestones")
    if started and not is_absent(milestones) and str(milestones).strip():
        text += f" ({str(milestones).strip()})"
    update = action.get("update")
    if not is_absent(update) and str(update).strip():
        text += f". Latest: {str(update).strip().rstrip('.')}"
    return text + "."
