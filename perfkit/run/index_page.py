"""Each council's ``index.html``: links to its reports and their status."""

from __future__ import annotations

import html

from perfkit.registry import notebook_title
from perfkit.run.folders import CouncilFolder

__all__ = ["index_html"]


def index_html(council_folder: CouncilFolder) -> str:
    plan = council_folder.plan
    council = f"{council_folder.council_name} ({council_folder.council})"
    rows = []
    for result in council_folder.in_order():
        name = html.escape(notebook_title(result.notebook))
        page = f"{result.notebook}.html"
        written = (council_folder.staging / page).exists()
        link = f'<a href="{page}">{name}</a>' if written else name
        status = ('<span aria-hidden="true">&#10004;</span> Succeeded' if result.ok else
                  '<span aria-hidden="true">&#10008;</span> Failed: '
                  f"{html.escape(result.error or 'error')}. "
                  "The report shows where it stopped.")
        executed = f"{result.notebook}.ipynb"
        executed = (f'<a href="{executed}">executed notebook</a>'
                    if (council_folder.staging / executed).exists() else "none")
        rows.append(f"<tr><td>{link}</td><td>{status}</td><td>{executed}</td></tr>")
    assessment = ('<a href="assessment.csv">assessment.csv</a>'
                  if council_folder.assessment.get("status") == "succeeded"
                  else "not written: the assessment failed (see manifest.json)")
    title = html.escape(plan.title)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}: {html.escape(council)}, {html.escape(plan.period)}</title>\n"
        "<style>body{font-family:Arial,sans-serif;max-width:50em;margin:2em auto;"
        "line-height:1.5}table{border-collapse:collapse}td,th{border:1px solid #505a5f;"
        "padding:.4em .8em;text-align:left}</style>\n</head>\n<body>\n<main>\n"
        f"<h1>{title}</h1>\n<p>{html.escape(council)}: {html.escape(plan.period)}</p>\n"
        "<table>\n<tr><th scope=\"col\">Report</th><th scope=\"col\">Status</th>"
        "<th scope=\"col\">For analysts</th></tr>\n"
        + "\n".join(rows) + "\n</table>\n"
        f"<p>Assessment table: {assessment}. Run record: "
        '<a href="manifest.json">manifest.json</a>.</p>\n</main>\n</body>\n</html>\n')
