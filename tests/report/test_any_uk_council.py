"""Reports for any council in the UK, on two small made-up data folders
(tests/fixtures/scotland, tests/fixtures/wales: see their README).

A Scottish or Welsh council is compared with all councils of its own nation
and with its nation's own row, never with England; a measure is compared
with the peer group it names where the council has it, and the words name
that group; introductions name only what the data hold, and a section with
nothing to show is left out, heading and all. The notebooks' own cells are
run here, in this process, as a kernel would run them."""

from __future__ import annotations

import ast
import re
import shutil
import warnings

import nbformat
import pandas as pd
import pytest

import perfkit
from perfkit.analysis.verdict import AssessmentOptions, assess
from perfkit.report import sections
from perfkit.report.headline import headline, points
from perfkit.report.narrative import describe
from tests.paths import ROOT

FIXTURES = ROOT / "tests" / "fixtures"
PERIOD = "2025-26 Q3"
#: fixture -> (council, name, the run's peer group, nation, its row)
COUNCILS = {
    "scotland": ("S12000049", "Glasgow City", "scottish_cities", "Scotland", "S92000003"),
    "wales": ("W06000015", "Cardiff", "welsh_family", "Wales", "W92000004"),
}
#: The notebooks whose words and sections these tests check (the overview is
#: checked through its sections).
NOTEBOOKS = ("legal_duties", "equality", "finance", "trends")
ENGLISH = re.compile(r"\bEngland\b|\bEnglish\b")
#: Sections the fixtures hold no figures for: each must be left out entirely.
EMPTY_SECTIONS = ("equality_breakdown", "who_waits_longer", "fsm_gap", "budget", "unit_costs",
                  "value_for_money")


def _quiet(call, *args):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return call(*args)


def _open(fixture: str, notebook: str = "legal_duties", data_dir=None, audience="analyst"):
    council, _, peer_group, _, _ = COUNCILS[fixture]
    return perfkit.open_report(notebook, council=council, period=PERIOD, peer_group=peer_group,
                               audience=audience, data_dir=data_dir or FIXTURES / fixture)


def run_notebook(name: str, parameters: dict) -> list[str]:
    """Each cell of notebooks/<name>.ipynb in order: a Markdown cell's text, a
    code cell's HTML (its last expression, shown as a kernel shows it)."""
    notebook = nbformat.read(ROOT / "notebooks" / f"{name}.ipynb", as_version=4)
    namespace: dict = {}
    shown = []
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            shown.append(cell.source)
            continue
        if "parameters" in cell.metadata.get("tags", []):
            exec(cell.source, namespace)
            namespace.update(parameters)
            continue
        tree = ast.parse(cell.source)
        last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            exec(compile(tree, name, "exec"), namespace)
            if last is not None:
                value = eval(compile(ast.Expression(last.value), name, "eval"), namespace)
                shown.append("" if value is None else getattr(value, "data", str(value)))
    return shown


@pytest.fixture(scope="module", params=sorted(COUNCILS))
def fixture(request) -> str:
    return request.param


@pytest.fixture(scope="module")
def rendered(fixture) -> dict[str, str]:
    """Every cell of each notebook, for the fixture's council, as one text."""
    council, _, peer_group, _, _ = COUNCILS[fixture]
    parameters = {"council": council, "period": PERIOD, "peer_group": peer_group,
                  "audience": "analyst", "data_dir": str(FIXTURES / fixture)}
    return {name: "\n".join(run_notebook(name, parameters)) for name in NOTEBOOKS}


# -- the data and the assessment ---------------------------------------------------------
def test_the_fixtures_are_valid_data_folders(fixture):
    _, problems = perfkit.validate_data(FIXTURES / fixture)
    assert problems == []


def test_a_council_is_assessed_against_its_own_nation(fixture):
    council, _, peer_group, nation, code = COUNCILS[fixture]
    table = _quiet(assess, perfkit.load_data(FIXTURES / fixture),
                   AssessmentOptions(period=PERIOD, areas=(council,), peer_group=peer_group))
    assert not table.empty
    assert set(table["nation"]) == {nation} and set(table["national_code"]) == {code}
    assert table["national_value"].notna().all()            # every measure has the nation's
    assert table["national_count"].eq(6).all()               # six councils in each folder
    words = table.select_dtypes(exclude="number").astype(str).to_string()
    assert not ENGLISH.search(words)


def test_the_nation_is_named_in_the_words(fixture):
    _, _, _, nation, _ = COUNCILS[fixture]
    rep = _quiet(_open, fixture, "trends")
    for _, row in rep.totals.iterrows():
        said = " ".join([headline(row), *points(row), describe(row)])
        assert not ENGLISH.search(said), said
        assert f"all councils in {nation}" in describe(row)


# -- the reports --------------------------------------------------------------------------
def test_reports_never_say_england(fixture, rendered):
    for name, text in rendered.items():
        found = ENGLISH.findall(text)
        assert not found, f"{name}: {found}"


def test_reports_name_the_councils_nation(fixture, rendered):
    _, council_name, _, nation, _ = COUNCILS[fixture]
    for name, text in rendered.items():
        assert f"with all councils in {nation}" in text, name
        assert council_name in text, name
    # the analysts' table ranks the council among all councils of its nation
    assert f"Among all councils in {nation} (1st is best)" in rendered["trends"]
    assert "Not compared" not in rendered["trends"]


def test_sections_with_no_data_are_left_out(fixture, rendered):
    rep = _quiet(_open, fixture, "equality")
    for name in EMPTY_SECTIONS:
        assert _quiet(getattr(sections, name), rep).data == "", name
    for text in rendered.values():
        for heading in ("Who waits longer?", "by age, sex and ethnicity",
                        "free school meals gap", "Budget monitoring", "Unit costs against",
                        "Value for money"):
            assert heading not in text
    council_tax = _quiet(sections.council_tax, _open(fixture, "finance")).data
    assert ("Council tax and reserves" in council_tax) == (fixture == "scotland")


def test_the_legal_duties_introduction_names_only_the_measures_present(fixture, rendered):
    intro = _quiet(sections.introduction, _open(fixture)).data
    expected = {"scotland": "Information governance: FOI requests answered in time.",
                "wales": "Information governance: subject access requests in time."}[fixture]
    assert expected in intro
    for absent in ("EHC", "education, health and care", "child protection", "planning",
                   "Planning", "freedom of information requests within"):
        assert absent not in intro


def test_the_equality_and_finance_introductions_promise_nothing_absent(fixture):
    _, council_name, _, _, _ = COUNCILS[fixture]
    equality = _quiet(sections.introduction, _open(fixture, "equality")).data
    assert f"The data hold no figures broken down by group for {council_name}" in equality
    assert "age, sex" not in equality
    finance = _quiet(sections.introduction, _open(fixture, "finance")).data
    assert "budget forecast" not in finance and "unit costs" not in finance
    assert ("Council tax and reserves, for context" in finance) == (fixture == "scotland")


def test_the_overviews_sections_never_say_england(fixture):
    rep = _quiet(_open, fixture, "overview")
    for name in sections.__all__:
        text = _quiet(getattr(sections, name), rep).data
        assert not ENGLISH.search(text), name
    for method in ("header", "summary", "at_a_glance", "details", "questions", "analyst_detail"):
        assert not ENGLISH.search(_quiet(getattr(rep, method)).data), method


# -- each indicator with its publisher's peer group -------------------------------------------
def test_an_indicator_is_compared_with_the_peer_group_it_names():
    rep = _quiet(_open, "wales", "trends")
    totals = rep.totals.set_index("indicator_id")
    recycling = totals.loc["household_recycling"]
    # Cardiff's CIPFA nearest neighbours: Swansea, Newport, Vale of Glamorgan, Wrexham
    assert recycling["peer_group"] == "cipfa_nearest_neighbours"
    assert recycling["peer_count"] == 5
    assert totals.loc["missed_bin_collections", "peer_group"] == "welsh_family"  # names none
    assert totals.loc["missed_bin_collections", "peer_count"] == 4
    rank = int(recycling["peer_rank"])
    said = headline(recycling)
    assert re.search(r"of 5 (among its CIPFA nearest neighbours|similar councils)\.", said)
    glance = _quiet(rep.at_a_glance).data
    assert f"{perfkit.formatting.ordinal(rank)} of 5 (CIPFA nearest neighbours)" in glance
    assert "CIPFA nearest neighbours" in _quiet(rep.header).data
    assert "Among its CIPFA nearest neighbours (5 councils)" in describe(recycling)


def test_an_indicator_naming_a_group_the_council_lacks_uses_the_runs():
    rep = _quiet(_open, "scotland", "trends")
    row = rep.totals.set_index("indicator_id").loc["delayed_discharge_bed_days"]
    assert row["peer_group"] == "scottish_cities" and row["peer_count"] == 5


# -- a nation with no row of its own ----------------------------------------------------------
@pytest.fixture(scope="module")
def without_wales(tmp_path_factory):
    """The Welsh folder without the row for Wales (and its figures)."""
    folder = tmp_path_factory.mktemp("no_wales")
    for path in (FIXTURES / "wales").glob("*.csv"):
        shutil.copy(path, folder / path.name)
    for table in ("areas", "observations"):
        frame = pd.read_csv(folder / f"{table}.csv", dtype=str, keep_default_na=False)
        frame = frame[frame["area_code"] != "W92000004"]
        if "parent_code" in frame:
            frame = frame.assign(parent_code="")
        frame.to_csv(folder / f"{table}.csv", index=False)
    return folder


def test_without_a_national_row_the_comparison_is_left_out_in_words(without_wales):
    rep = _quiet(_open, "wales", "legal_duties", without_wales)
    header = _quiet(rep.header).data
    assert "There is no figure for all councils in Wales in the data" in header
    row = rep.totals.iloc[0]
    assert pd.isna(row["national_value"]) and pd.isna(row["national_comparison"])
    assert "There is no figure for all councils in Wales in the data" in describe(row)
    assert int(row["national_count"]) == 6  # still ranked among the Welsh councils
    detail = _quiet(rep.analyst_detail).data
    assert "Not compared" not in detail and not ENGLISH.search(detail)


# -- the demo council ---------------------------------------------------------------------------
def test_the_demo_councils_introduction_lists_its_own_duties():
    rep = perfkit.open_report("legal_duties", council="E08000009", period=PERIOD,
                              peer_group="ons_global_neighbours", audience="cabinet",
                              data_dir=ROOT / "data")
    intro = _quiet(sections.introduction, rep).data
    assert "EHC plans issued within 20 weeks" in intro and "Planning:" in intro
    assert "with all councils in England" in _quiet(rep.header).data


def test_the_folder_summary_names_the_nations_in_the_data(fixture):
    from perfkit.data.summary import summarise

    _, _, _, nation, _ = COUNCILS[fixture]
    first = summarise(perfkit.load_data(FIXTURES / fixture)).splitlines()[0]
    assert first == f"Areas: 6 councils (6 current) in {nation}, plus {nation}."
