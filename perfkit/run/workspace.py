"""A starter workspace (``perfkit init FOLDER``): a data folder, a run file and
a README, which validate and run as written.

``data/`` holds one CSV file per table of the data contract
(:data:`perfkit.data.contract.TABLES`), each with the contract's header and
one example row. The rows are made from the contract: a column without an
example value here is left blank if it may be blank or takes its default, so
a new optional column needs nothing; a new required column without one is an
error that names it (and a test fails). ``run.yaml`` names the council, the
example period and every report notebook, with its paths (``data``,
``outputs``) relative to itself.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import yaml

from perfkit.data.contract import TABLES
from perfkit.data.schema import Table
from perfkit.registry import AUDIENCES, NOTEBOOKS
from perfkit.run.notebook_source import notebooks_folder
from perfkit.run.run_file import ONS_CODE

__all__ = ["DEMO_COUNCIL", "EXAMPLE_PERIOD", "RUN_FILE", "example_rows", "write_workspace"]

#: The council a workspace is for when none is named: the demo council.
DEMO_COUNCIL = ("E08000009", "Trafford")
#: The period of the example rows, and of the run file.
EXAMPLE_PERIOD = "2025-26 Q3"
RUN_FILE = "run.yaml"
_PEER_GROUP = "example_peers"
_INDICATOR = "ehcp_20_weeks"
#: The kind of council an ONS code's first three characters name.
_AREA_TYPES = {"E06": "unitary", "E07": "district", "E08": "metropolitan_district",
               "E09": "london_borough", "E10": "county", "W06": "unitary", "S12": "unitary"}
_NATIONS = {"E": "England", "W": "Wales", "S": "Scotland", "N": "Northern Ireland"}


def _example_values(council: str, name: str) -> dict[str, dict[str, str]]:
    """Table -> column -> the example row's value (as written in a CSV file)."""
    about = {"area_code": council, "period": EXAMPLE_PERIOD, "synthetic": "true"}
    return {
        "areas": {"area_code": council, "area_name": name, "nation": _NATIONS[council[0]],
                  "area_type": _AREA_TYPES.get(council[:3], "other")},
        "peer_groups": {"group_id": _PEER_GROUP, "group_kind": "custom",
                        "group_name": "Example peer group", "area_code": council,
                        "peer_code": council, "rank": "1"},
        "indicators": {"indicator_id": _INDICATOR, "unit": "percent",
                       "title": "New EHC plans issued within 20 weeks",
                       "short_title": "EHC plans in 20 weeks", "polarity": "higher_is_better",
                       "decimal_places": "1", "frequency": "financial_quarter",
                       "source": "Example: the council's own case records",
                       "licence": "OGL v3", "enquiry_lines": "legal_duties;equality;trends",
                       "service": "SEND", "synthetic": "true",
                       "statutory_basis": "SEND Regulations 2014 regulation 13"},
        "observations": {**about, "indicator_id": _INDICATOR, "value": "55.6",
                         "numerator": "189", "denominator": "340"},
        "targets": {**about, "indicator_id": _INDICATOR, "target": "60", "tolerance": "5",
                    "tolerance_type": "absolute"},
        "exceptional_periods": {"period": "2020-21", "reason": "the COVID-19 pandemic",
                                "synthetic": "true"},
        "budget_monitoring": {**about, "service": "Children's services",
                              "budget_gbp": "45200000", "forecast_outturn_gbp": "47850000",
                              "savings_planned_gbp": "1500000",
                              "savings_delivered_gbp": "900000"},
        "complaints": {**about, "service": "Waste and recycling", "theme": "Missed collections",
                       "received": "142", "upheld": "61", "answered_in_time": "130",
                       "compliments": "12"},
        "satisfaction": {**about, "question": "Satisfied with the way the council runs things",
                         "respondents": "1009", "satisfied": "611"},
        "commentary": {**about, "indicator_id": _INDICATOR, "author": "Head of SEND",
                       "commentary": "Requests rose by a third in the autumn term."},
        "actions": {**about, "action_id": "A-001", "indicator_id": _INDICATOR,
                    "action": "Recruit two EHC plan coordinators", "owner": "Head of SEND",
                    "due_date": "2026-03-31", "status": "on_track", "percent_complete": "50",
                    "milestones": "1 of 2 posts filled"},
    }


def _example_row(table: Table, values: dict[str, str]) -> list[str]:
    row = []
    for column in table.columns:
        if column.name in values:
            row.append(values[column.name])
        elif column.nullable or not column.required:
            default = column.default
            row.append("" if default is None else str(default).lower() if isinstance(
                default, bool) else str(default))
        else:
            raise ValueError(f"no example value for {table.name}.{column.name}: add one to "
                             "perfkit/run/workspace.py")
    return row


def example_rows(council: str = DEMO_COUNCIL[0], name: str = DEMO_COUNCIL[1]
                 ) -> dict[str, list[list[str]]]:
    """Each table of the contract: its header and one example row."""
    values = _example_values(council, name)
    return {table.name: [list(table.names), _example_row(table, values.get(table.name, {}))]
            for table in TABLES.values()}


def _csv(rows: list[list[str]]) -> str:
    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerows(rows)
    return text.getvalue()


def _run_file(council: str, name: str) -> str:
    shipped = notebooks_folder()
    notebooks = [n for n in NOTEBOOKS if (shipped / f"{n}.ipynb").is_file()] or list(NOTEBOOKS)
    lines = [
        ("title", f"{name}: performance report", "the heading of the front page"),
        ("council", council, name),
        ("period", EXAMPLE_PERIOD, "the period the reports are about"),
        ("notebooks", notebooks, "the reports: remove any you do not want"),
        ("peer_group", _PEER_GROUP, "a group_id of data/peer_groups.csv"),
        ("audience", "analyst", " or ".join([", ".join(AUDIENCES[:-1]), AUDIENCES[-1]])),
        ("data_dir", "data", "the data tables"),
        ("outputs", "outputs", "where the reports go"),
    ]
    text = [f"# {name}: what to report on. Paths are relative to this file's folder,",
            "# so it runs the same from any folder: perfkit run path/to/run.yaml"]
    for key, value, comment in lines:
        flow = yaml.safe_dump(value if isinstance(value, list) else [value], width=1000,
                              default_flow_style=True, allow_unicode=True).strip()
        written = f"{key}: {flow if isinstance(value, list) else flow[1:-1]}"
        text.append(f"{written:<30}# {comment}" if len(written) < 30 else
                    f"{written}  # {comment}")
    return "\n".join(text) + "\n"


_README = """\
# {name}: a perfkit workspace

Made by `perfkit init`. Everything here is yours to change.

- `data/`: one CSV file per table of perfkit's data contract, each with its
  header and one made-up example row;
- `run.yaml`: the run file: the council, the period, which reports, and
  where the data and the reports are (relative to this folder).

## What to fill in

1. In each file of `data/`, keep the header and replace the example row with
   your own rows. `areas`, `indicators` and `observations` are required;
   delete the file of any other table you have no figures for (the reports
   then say so).
2. `areas.csv` lists every area the other files name: your council, each of
   its peers and, for comparisons, England (`E92000001`) and your region.
3. `peer_groups.csv` has one row per peer of your council (`peer_code`).
   The example makes the council its own only peer.
4. Where a table has a `synthetic` column, the example row says `true`, so
   the reports say the figures are made up: write `false` in your own rows.
5. In `run.yaml`, set `period` to the latest period of your figures and
   `peer_group` to a `group_id` of `peer_groups.csv`.

Each table and column, and what it accepts, is described in perfkit's data
contract (`docs/data-contract.md` in its source).

## Check and run

```sh
perfkit validate data      # every problem at once, naming file, row and column
perfkit run run.yaml       # the reports, in outputs/: open index.html
```

From another folder, give the paths from there (`perfkit run {folder}/run.yaml`):
the paths in `run.yaml` are relative to its own folder.
"""


def write_workspace(folder: str | Path, council: str = DEMO_COUNCIL[0],
                    name: str | None = None) -> list[Path]:
    """Write a starter workspace into ``folder`` (made if missing) and return
    the files written. ``name``: the council's name (default: Trafford for the
    demo council, else a placeholder to replace). Raises ValueError for a code
    that is not an ONS code, FileExistsError if ``folder`` is not empty."""
    folder = Path(folder)
    if not ONS_CODE.match(council):
        raise ValueError(f"{council!r} is not an ONS council code (e.g. {DEMO_COUNCIL[0]})")
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise FileExistsError(f"{folder} is not an empty folder")
    name = " ".join((name or "").split()) or (
        DEMO_COUNCIL[1] if council == DEMO_COUNCIL[0] else f"Council {council}")
    files = {f"data/{table}.csv": _csv(rows)
             for table, rows in example_rows(council, name).items()}
    files[RUN_FILE] = _run_file(council, name)
    files["README.md"] = _README.format(name=name, folder=folder.as_posix())
    written = []
    for relative, text in files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
