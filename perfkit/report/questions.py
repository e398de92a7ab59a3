"""The questions scrutiny should ask about one row of the assessment table,
each beside its line of enquiry in the LGA guide, chosen by the row's warning
signs and verdict."""

from __future__ import annotations

from perfkit.report.assessment_row import Row, is_absent

__all__ = ["QUESTIONS", "scrutiny_questions"]

#: flag or verdict -> (line of enquiry in the LGA guide, question).
QUESTIONS = {
    "green_but_bottom_quartile": (
        "clear analysis of trends, targets and benchmarking",
        "Is our target stretching enough, when most similar councils do better?"),
    "red_but_common_cause": (
        "positive or problematic?",
        "The miss looks like normal variation: is the target realistic, or does the way "
        "the service works need to change to reach it?"),
    "unambitious_target": (
        "contribution to the council plan",
        "Why is the target lower than what we have already achieved or what similar "
        "councils achieve?"),
    "bunched_over_target": (
        "ethical implications",
        "Results keep landing just over the target: is the target shaping how the work is "
        "done or counted?"),
    "series_break": (
        "clear analysis of trends, targets and benchmarking",
        "Has the way this figure is counted changed, and can we compare it over time?"),
    "stale_data": (
        "short-term implications",
        "What do more recent local figures show, before the next national release?"),
    "concern": (
        "what should we do next?",
        "What is causing the decline, and what will officers do, by when, to turn it round?"),
    "legal_duties": (
        "legal duties discharged?",
        "Are we meeting our legal duty for every child or resident, not just on average?"),
}


def scrutiny_questions(row: Row) -> list[tuple[str, str]]:
    """Suggested questions for members, chosen by the verdict: (line of
    enquiry, question)."""
    keys = [f for f in str(row.get("flags") or "").split(";") if f]
    if row.get("verdict") == "concern":
        keys.append("concern")
    threshold = row.get("statutory_threshold")
    if not is_absent(threshold) and not is_absent(row.get("value")):
        sign = 1 if row["polarity"] == "higher_is_better" else -1
        if sign * (float(row["value"]) - float(threshold)) < 0:
            keys.append("legal_duties")
    return [QUESTIONS[k] for k in dict.fromkeys(keys) if k in QUESTIONS]
