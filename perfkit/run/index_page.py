"""Each council's ``index.html``: the front page of the run, then a small
"For analysts" footer with each report's run status, the executed notebooks,
``assessment.csv``, ``assessment.xlsx`` and ``manifest.json``. The front page's content is
:func:`perfkit.report.front_page.front_page_body`."""

from __future__ import annotations

import html
from functools import partial
from pathlib import Path

import pandas as pd

from perfkit.analysis.action_effects import action_effects
from perfkit.registry import notebook_title
from perfkit.report.actions import action_lines
from perfkit.report.blocks import page_style, synthetic_notice
from perfkit.report.front_page import ReportLink, briefing_body, front_page_body
from perfkit.run.folders import CouncilFolder

__all__ = ["index_html"]

#: The reports' page stylesheet (see perfkit.run.jobs), so the front page looks like them.
_PAGE_CSS = Path(__file__).with_name("templates") / "perfkit" / "page.css"


def _links(council_folder: CouncilFolder) -> list[ReportLink]:
    links = []
    for result in council_folder.in_order():
        page = f"{result.notebook}.html"
        written = (council_folder.staging / page).exists()
        links.append(ReportLink(result.notebook, page if written else None))
    return links


def _footer(council_folder: CouncilFolder) -> str:
    rows = []
    for result in council_folder.in_order():
        name = html.escape(notebook_title(result.notebook))
        status = ("Succeeded" if result.ok else
                  f"Failed: {html.escape(result.error or 'error')}. "
                  "The report shows where it stopped.")
        executed = f"{result.notebook}.ipynb"
        executed = (f'<a href="{executed}">executed notebook</a>'
                    if (council_folder.staging / executed).exists() else "none")
        rows.append(f"<tr><td>{name}</td><td>{status}</td><td>{executed}</td></tr>")
    assessment = ('<a href="assessment.csv">assessment.csv</a>'
                  if council_folder.assessment.get("status") == "succeeded"
                  else "not written: the assessment failed (see manifest.json)")
    if council_folder.assessment.get("workbook", {}).get("status") == "succeeded":
        assessment += ' and <a href="assessment.xlsx">assessment.xlsx (accessible workbook)</a>'
    elif "workbook" in council_folder.assessment:
        assessment += "; assessment.xlsx not written (see manifest.json)"
    return (
        '<footer class="for-analysts"><h2 id="for-analysts">For analysts</h2>\n'
        f"<p>{html.escape(council_folder.council_name)} ({html.escape(council_folder.council)}), "
        f"run file: {html.escape(council_folder.plan.title)}.</p>\n"
        '<div class="table-wrap"><table><caption>How each report ran</caption>\n'
        '<tr><th scope="col">Report</th><th scope="col">Run</th>'
        '<th scope="col">Notebook</th></tr>\n' + "\n".join(rows) + "\n</table></div>\n"
        f"<p>Assessment table: {assessment}. Run record: "
        '<a href="manifest.json">manifest.json</a>.</p></footer>')


def _action_lines(council_folder: CouncilFolder, totals: pd.DataFrame) -> dict[str, str]:
    """What the council is doing about each measure, judged at the run's period."""
    plan = council_folder.plan
    data = plan.data
    judged = action_effects(data.actions, data.observations, data.indicators,
                            council_folder.council, plan.period, data.exceptional_periods)
    return action_lines(judged if data.actions is not None else None,
                        list(totals["indicator_id"]))


def index_html(council_folder: CouncilFolder) -> str:
    plan = council_folder.plan
    name = council_folder.council_name
    table = council_folder.table
    if table is not None:
        totals = table[table["breakdown_dimension"] == "all"]
        make = briefing_body if plan.parameters.get("audience") == "scrutiny" \
            else partial(front_page_body, indicators=plan.data.indicators,
                         actions=_action_lines(council_folder, totals))
        body = make(totals, council_name=name, period=plan.period, title=plan.title,
                    reports=_links(council_folder))
    else:
        body = (f"<h1>{html.escape(name)}: {html.escape(plan.period)}</h1>\n"
                "<p>The assessment failed, so there is no summary: see the footer.</p>")
    notice = synthetic_notice(plan.data.synthetic_tables, name)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(name)}: {html.escape(plan.title)}, "
        f"{html.escape(plan.period)}</title>\n"
        f"<style>\n{_PAGE_CSS.read_text(encoding='utf-8')}</style>\n{page_style()}\n</head>\n"
        f'<body>\n<main class="perfkit front-page">\n{body.replace("</p>", "</p>" + notice, 1)}'
        "\n</main>\n"
        f"{_footer(council_folder)}\n</body>\n</html>\n")
