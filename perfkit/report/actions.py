"""Improvement actions in the reports: progress, what is overdue and, for a
finished action, whether its measure changed after it.

The numbers come from :func:`perfkit.analysis.action_effects.action_effects`;
this module only words them. Each measure's section lists the actions that aim
to move it (:func:`measure_actions_html`); the overview lists every action,
overdue ones first (:func:`actions_overview_html`). What happened after an
action is said with care: it is what the figures did since, not proof that
the action did it.
"""

from __future__ import annotations

import pandas as pd

from perfkit.formatting import format_value
from perfkit.markup import absent, wrap
from perfkit.markup import escape as _e

__all__ = ["STATUS_WORDS", "action_lines", "actions_overview_html", "effect_sentence",
           "measure_actions_html"]

#: An action's status in words.
STATUS_WORDS = {"not_started": "Not started", "on_track": "On track", "at_risk": "At risk",
                "overdue": "Overdue", "complete": "Complete"}
#: What a frequency's periods are called when counted.
_PERIOD_NOUNS = {"month": ("month", "months"), "financial_quarter": ("quarter", "quarters"),
                 "calendar_quarter": ("quarter", "quarters")}
#: The order the overview lists actions in: what needs a councillor's eye first.
_ORDER = {"overdue": 0, "at_risk": 1, "complete": 2, "on_track": 3, "not_started": 4}
CAUTION = "This is what the figures did after it, not proof that the action caused it."


def _day(value: object) -> str:
    when = pd.Timestamp(value)
    return f"{when.day} {when:%B %Y}"


def _periods(count: int, frequency: str) -> str:
    one, many = _PERIOD_NOUNS.get(frequency, ("year", "years"))
    return f"the {one} since" if count == 1 else f"the {count} {many} since"


def effect_sentence(row: pd.Series, measure: pd.Series) -> str:
    """What the measure did after a finished action, in one or two sentences
    (``measure``: its indicator row: unit, decimal_places, frequency)."""
    effect = row["effect"]
    if absent(effect):
        return ""
    unit, places = measure["unit"], int(measure["decimal_places"])
    since = _periods(int(row["periods_since"]), measure["frequency"])

    def value(number: object) -> str:
        return format_value(number, unit, places)

    moved = f"its average went from {value(row['before_mean'])} to {value(row['after_mean'])}"
    words = {
        "improved": f"A change for the better, beyond its usual ups and downs, in {since}: "
                    f"{moved}. {CAUTION}",
        "worsened": f"A change for the worse, beyond its usual ups and downs, in {since}: "
                    f"{moved}. {CAUTION}",
        "no_change_yet": f"No change yet in {since}: the figures are within the usual range "
                         f"before it ({value(row['before_lpl'])} to {value(row['before_upl'])}).",
        "no_figures_yet": "There are no figures yet for a period since it was finished.",
        "too_few_before": "There are too few figures from before it to tell whether the "
                          "measure changed.",
        "moves_in_steps": f"Its figures move in steps, so the usual range cannot show whether "
                          f"it changed; {moved} in {since}.",
    }
    return words[effect]


def _progress(row: pd.Series) -> str:
    """Per cent complete as a bar with its number in words, and the milestones."""
    parts = []
    if not absent(row["percent_complete"]):
        done = int(round(float(row["percent_complete"])))
        parts.append(f'<span class="progress" role="img" aria-label="{done}% complete">'
                     f'<span style="width:{done}%"></span></span> {done}% complete')
    if not absent(row["milestones"]) and str(row["milestones"]).strip():
        parts.append(_e(row["milestones"]))
    return "; ".join(parts)


def _status_word(row: pd.Series) -> str:
    """The action's status at the end of the report's period, in words."""
    if row["overdue"]:
        return "Overdue"
    if row["status"] == "overdue":  # overdue now, but not yet at the report's end
        return "Under way"
    return STATUS_WORDS.get(row["status"], row["status"])


def _when(row: pd.Series) -> str:
    if row["status"] == "complete" and not absent(row["completed_date"]):
        return f"finished {_day(row['completed_date'])}"
    return f"{'was due' if row['overdue'] else 'due'} {_day(row['due_date'])}"


def _percent(row: pd.Series) -> str:
    if row["status"] in ("complete", "not_started") or absent(row["percent_complete"]):
        return ""
    return f"; {int(round(float(row['percent_complete'])))}% complete"


def _action_item(row: pd.Series, measure: pd.Series | None, *, compact: bool) -> str:
    """One action: in full for its measure's section (progress bar, milestones,
    the owner's latest word), or in one paragraph for the overview's list."""
    status = (f'<strong class="action-status action-{_e(row["status"])}">'
              f"{_e(_status_word(row))}</strong>: ")
    effect = effect_sentence(row, measure) if measure is not None else ""
    since = f"<br>Since then: {_e(effect)}" if effect else ""
    if compact:
        named = f"{_e(measure['short_title'])}: " if measure is not None else ""
        return (f"<li>{status}{named}{_e(row['action'])} <span class=\"muted\">"
                f"({_e(row['owner'])}, {_when(row)}{_percent(row)})</span>{since}</li>")
    lines = [f'{status}{_e(row["action"])} <span class="muted">({_e(row["owner"])}, '
             f"{_when(row)})</span>"]
    progress = _progress(row) if row["status"] not in ("complete", "not_started") else ""
    if progress:
        lines.append(progress)
    if not absent(row["update"]) and str(row["update"]).strip():
        lines.append(f"Latest: {_e(row['update'])}")
    return "<li>" + "<br>".join(lines) + since + "</li>"


def measure_actions_html(actions: pd.DataFrame, measure: pd.Series) -> str:
    """The actions aimed at one measure, for its section ('' if none)."""
    mine = actions[actions["indicator_id"] == measure["indicator_id"]]
    if mine.empty:
        return ""
    items = "".join(_action_item(row, measure, compact=False) for _, row in mine.iterrows())
    return wrap(f'<div class="actions"><p class="actions-title">What the council is doing'
                f'</p><ul>{items}</ul></div>')


def _standing(actions: pd.DataFrame) -> pd.Series:
    """Each action's status at the end of the report's period: overdue where
    its due date had passed; one overdue now but not then was under way."""
    status = actions["status"].where(actions["status"] != "overdue", "on_track")
    return status.where(~actions["overdue"].astype(bool), "overdue")


def _counts(actions: pd.DataFrame) -> str:
    overdue = int(actions["overdue"].sum())
    status = _standing(actions)
    parts = [f"{overdue} overdue"]
    for key in ("at_risk", "on_track", "not_started", "complete"):
        count = int((status == key).sum())
        if count:
            parts.append(f"{count} {STATUS_WORDS[key].lower()}")
    total = len(actions)
    noun = "action" if total == 1 else "actions"
    return f"{total} improvement {noun}: " + ", ".join(parts[:-1]) + \
        (f" and {parts[-1]}." if len(parts) > 1 else f"{parts[0]}.")


def actions_overview_html(actions: pd.DataFrame, indicators: pd.DataFrame) -> str:
    """Every action of the council, overdue first, each with its progress and,
    once finished, what its measure did since."""
    if actions.empty:
        return wrap("<p>No improvement actions are recorded for this council.</p>")
    measures = indicators.set_index("indicator_id", drop=False)
    order = _standing(actions).map(_ORDER)
    shown = actions.assign(_order=order).sort_values(["_order", "due_date", "action_id"])
    items = []
    for _, row in shown.iterrows():
        measure = (measures.loc[row["indicator_id"]]
                   if not absent(row["indicator_id"]) and row["indicator_id"] in measures.index
                   else None)
        items.append(_action_item(row, measure, compact=True))
    first = int((shown["_order"] <= _ORDER["complete"]).sum())
    rest = len(items) - first
    folded = (f"<details><summary>{rest} more on track or not started</summary>"
              f'<ul class="actions-list">{"".join(items[first:])}</ul></details>'
              if rest else "")
    return wrap(f"<p>{_e(_counts(shown))}</p>"
                f'<ul class="actions-list">{"".join(items[:first])}</ul>{folded}')


def action_lines(actions: pd.DataFrame | None, indicator_ids: list[str]) -> dict[str, str]:
    """For the front page: for each measure, its actions in one short line of
    HTML ("Action (Head of SEND: overdue, was due 31 July 2025; 80% complete)."),
    or that none is recorded. Empty where the council keeps no actions table."""
    if actions is None:
        return {}
    lines = {}
    for indicator_id in indicator_ids:
        mine = actions[actions["indicator_id"] == indicator_id]
        if mine.empty:
            lines[indicator_id] = '<span class="muted">No action is recorded for it.</span>'
            continue
        said = [f"{_e(row['owner'])}: {_status_word(row).lower()}, {_when(row)}{_percent(row)}"
                for _, row in mine.iterrows()]
        lines[indicator_id] = "Action (" + "; ".join(said) + ")."
    return lines
