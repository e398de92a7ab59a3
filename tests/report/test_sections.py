"""The sections of one line of enquiry (perfkit/report/sections.py) on the
bundled data for the demo council, for periods before the data's last: a
report shows what the council could have known at the end of its period,
never a later figure."""

from __future__ import annotations

import re
import warnings

import pandas as pd
import pytest

import perfkit
from perfkit.periods import parse_period, try_parse_period
from perfkit.report import sections
from tests.paths import DATA

COUNCIL = "E08000009"   # Trafford, the demo council
#: A few indicators of every kind (quarterly, yearly, calendar and academic
#: years, a unit cost), so that the trends and lists have something to show.
INDICATORS = ("planning_major_in_time", "household_recycling", "ehcp_20_weeks",
              "cla_weekly_unit_cost", "persistent_absence")
#: Labels of every kind of period: 2024-25 Q2, 2024-25, 2024/25, 2024, 2024 Q3.
PERIOD_LABEL = re.compile(r"(?<![\w/-])(\d{4}(?:[-/]\d{2})?(?: Q[1-4])?)(?![\w/-])")
#: Inline images (their base64 text could hold anything), year-end forecasts
#: (a forecast is about a later period by design) and actions' due dates (a
#: plan, not a figure; an action finished after the period is left out, as
#: tests/report/test_actions.py checks, so its date is read there).
NOT_FIGURES = re.compile(r'src="[^"]*"|If the recent trend continues, it will be about .*? in '
                         r"[^.<]*\.|\b(?:due|finished) \d{1,2} [A-Z][a-z]+ \d{4}")
#: The year-by-year view beside a quarterly chart (its text alternative and
#: its rows of the data table): it averages the quarters of the current
#: financial year so far under that year's label, a later date than the
#: report's quarter but no later figure.
YEAR_SO_FAR = re.compile(r'Year by year \(average of the quarters\)(?::[^"]*"|</td>.*?</tr>)')


@pytest.fixture(scope="module")
def reports():
    """One report page per period, opened once."""
    opened = {}

    def report(period: str):
        if period not in opened:
            opened[period] = perfkit.open_report(
                "overview", council=COUNCIL, period=period, peer_group="ons_global_neighbours",
                audience="analyst", indicators=INDICATORS, data_dir=DATA)
        return opened[period]
    return report


def _html(section, rep) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return section(rep).data


def _later_periods(text: str, period: str) -> list[str]:
    end = parse_period(period).end
    found = set(PERIOD_LABEL.findall(YEAR_SO_FAR.sub("", NOT_FIGURES.sub("", text))))
    return sorted(label for label in found
                  if (parsed := try_parse_period(label)) is not None and parsed.end > end)


@pytest.mark.parametrize("period", ["2023-24 Q2", "2024-25 Q2", "2024-25 Q4"])
def test_no_section_shows_a_period_after_the_reports(reports, period):
    rep = reports(period)
    later = {name: _later_periods(_html(getattr(sections, name), rep), period)
             for name in sections.__all__}
    assert {name: labels for name, labels in later.items() if labels} == {}


def test_the_citizens_view_stops_at_the_reports_period(reports):
    text = _html(sections.citizens_view, reports("2024-25 Q2"))
    quarters = re.findall(r"<td[^>]*>(\d{4}-\d{2} Q\d)</td>", text)
    assert quarters == ["2023-24 Q3", "2023-24 Q4", "2024-25 Q1", "2024-25 Q2"]
    assert "Resident survey, 2024-25 Q2" in text
    assert "2025-26" not in text


def test_the_free_school_meals_gap_stops_at_the_reports_period(reports):
    # 2024/25 ends on 31 August 2025, after 2024-25 Q4 (31 March 2025)
    text = _html(sections.fsm_gap, reports("2024-25 Q4"))
    assert "In 2023/24," in text
    assert "2024/25" not in text


def test_unit_costs_stop_at_the_reports_period(reports):
    # the latest unit costs are for 2024-25, which ends on 31 March 2025
    unit_costs = _html(sections.unit_costs, reports("2024-25 Q2"))
    assert ">2023-24<" in unit_costs and "2024-25" not in unit_costs


def test_council_tax_stops_at_the_reports_period(reports):
    # the latest Band D is for 2023-24, which ends on 31 March 2024
    council_tax = _html(sections.council_tax, reports("2023-24 Q2"))
    assert ">2022-23<" in council_tax and "2023-24" not in council_tax


def test_the_budget_says_so_when_the_period_has_no_monitoring(reports):
    # the demo council's budget monitoring starts in 2023-24 Q1
    text = _html(sections.budget, reports("2022-23 Q4"))
    assert "There is no budget monitoring for Trafford for 2022-23 Q4." in text
    assert "Forecast" not in text


def test_warning_signs_show_the_most_serious_first_and_fold_the_rest():
    from types import SimpleNamespace

    verdicts = ["steady", "concern", "steady", "watch", "steady", "steady", "concern"]
    totals = pd.DataFrame({"short_title": [f"Measure {i}" for i in range(7)],
                           "verdict": verdicts, "flags": "gaming",
                           "flag_reasons": [f"Reason {i}" for i in range(7)]})
    shown = sections.warning_signs(SimpleNamespace(totals=totals)).data
    first, folded = shown.split("<details>")
    assert first.index("Measure 1") < first.index("Measure 6") < first.index("Measure 3")
    assert first.count("<tr>") - 1 == sections.WARNING_SIGNS_SHOWN
    assert "2 more warning signs" in folded and "Measure 5" in folded
