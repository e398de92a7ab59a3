"""docs/data-contract.md and perfkit.data.contract say the same thing, and every
example in the doc passes validation; the Python examples of docs/api.md and the
README run, using only the public API.

Conventions in the doc that these tests rely on:

- each table has a section headed "## The `<table>` table", in contract order;
- its column table has one row per column, starting "| `<column>` | Yes/No | Yes/No |"
  (must be present, can be blank);
- its "### Key" paragraph names the key columns in backticks;
- an example is a fenced ```csv block whose nearest non-blank line above it is
  a heading "#### Example: `<table>.csv`". Every ```csv block must have one.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import matplotlib
import pytest

import perfkit
from perfkit.data.contract import STATUSES, SUPPRESSION_MARKERS, TABLES
from perfkit.data.crosschecks import PARTS_NOT_ABOVE_WHOLE
from perfkit.data.loading import validate_data
from perfkit.data.management_tables import ACTION_STATUSES
from perfkit.periods import PERIOD_KINDS, parse_period
from tests.paths import ROOT

DOC = ROOT / "docs" / "data-contract.md"
EXAMPLE_HEADING = re.compile(r"^#+ Example: `(\w+)\.csv`\s*$")
TABLE_HEADING = re.compile(r"^## The `(\w+)` table\s*$")
COLUMN_ROW = re.compile(r"^\| `(\w+)` \| (Yes|No) \| (Yes|No) \|")


@pytest.fixture(scope="module")
def doc() -> str:
    return DOC.read_text(encoding="utf-8")


def examples(text: str) -> dict[str, str]:
    """The ```csv blocks of the doc, by the table named in the heading above each."""
    lines = text.splitlines()
    found: dict[str, str] = {}
    pending: str | None = None
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        heading = EXAMPLE_HEADING.match(line)
        if heading:
            pending = heading.group(1)
        elif line.lower() == "```csv":
            assert pending, f"line {i + 1}: a csv block without an 'Example: `table.csv`' heading"
            assert pending not in found, f"two examples for {pending}"
            end = lines.index("```", i + 1)
            found[pending] = "\n".join(lines[i + 1:end]) + "\n"
            pending, i = None, end
        elif line:
            pending = None
        i += 1
    return found


def sections(text: str) -> dict[str, str]:
    """The text of each "## The `table` table" section, in the doc's order."""
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in text.splitlines():
        if line.startswith("## "):
            heading = TABLE_HEADING.match(line)
            current = found.setdefault(heading.group(1), []) if heading else None
        elif current is not None:
            current.append(line)
    return {name: "\n".join(lines) for name, lines in found.items()}


def write_examples(text: str, folder: Path) -> None:
    for name, csv_text in examples(text).items():
        (folder / f"{name}.csv").write_text(csv_text, encoding="utf-8")


def test_every_table_has_one_example(doc):
    assert list(examples(doc)) == list(TABLES)


def test_the_examples_pass_validation_without_warnings(doc, tmp_path):
    write_examples(doc, tmp_path)
    dataset, problems = validate_data(tmp_path)
    assert not problems, "\n".join(map(str, problems))
    assert dataset is not None
    for name, frame in dataset.tables.items():
        assert 2 <= len(frame) <= 4, f"the {name} example should be short"


def test_every_table_and_column_is_named_in_the_doc(doc):
    for name, table in TABLES.items():
        assert f"`{name}`" in doc, name
        for column in table.names:
            assert f"`{column}`" in doc, f"{name}.{column}"


def test_each_table_has_a_section_in_contract_order(doc):
    assert list(sections(doc)) == list(TABLES)


@pytest.mark.parametrize("name", list(TABLES))
def test_the_column_table_matches_the_contract(doc, name):
    table = TABLES[name]
    rows = [line for line in sections(doc)[name].splitlines() if COLUMN_ROW.match(line)]
    assert [COLUMN_ROW.match(r).group(1) for r in rows] == list(table.names)
    for row, column in zip(rows, table.columns, strict=True):
        _, present, blank = COLUMN_ROW.match(row).groups()
        assert present == ("Yes" if column.required else "No"), f"{name}.{column.name}"
        assert blank == ("Yes" if column.nullable else "No"), f"{name}.{column.name}"
        for choice in column.choices:
            assert f"`{choice}`" in row, f"{name}.{column.name}: {choice}"


@pytest.mark.parametrize("name", list(TABLES))
def test_the_key_and_whether_required_match_the_contract(doc, name):
    table = TABLES[name]
    text = sections(doc)[name]
    key_text = text.split("### Key", 1)[1].split("###", 1)[0]
    assert re.findall(r"`(\w+)`", key_text.split("\n\n")[1]) == list(table.key)
    assert ("You must provide this table." in text) == table.required
    assert ("It holds management information." in text) == table.management


def test_part_not_above_whole_rules_are_stated(doc):
    tables = sections(doc)
    for name, part, whole in PARTS_NOT_ABOVE_WHOLE:
        assert f"`{part}` cannot be more than `{whole}`" in tables[name], (name, part, whole)


def test_markers_statuses_and_period_kinds_are_listed(doc):
    for marker, meaning in SUPPRESSION_MARKERS.items():
        assert f"| `{marker}` | {meaning} |" in doc, marker
    for status in STATUSES:
        assert f"| `{status}` |" in doc, status
    for status in ACTION_STATUSES:
        assert f"`{status}`" in doc, status
    labels: dict[str, str] = {}  # the first table that pairs a kind with a label
    for kind, label in re.findall(r"^\| `(\w+)` \| `([^`]+)` \|", doc, flags=re.MULTILINE):
        labels.setdefault(kind, label)
    assert set(PERIOD_KINDS) <= set(labels)
    for kind in PERIOD_KINDS:
        period = parse_period(labels[kind])
        assert (period.kind, period.label) == (kind, labels[kind])


def test_the_quoted_error_message_is_the_real_one(doc, tmp_path):
    write_examples(doc, tmp_path)
    path = tmp_path / "observations.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    fields = lines[4].split(",")  # row 5 in a spreadsheet: the header is row 1
    fields[3] = "abc"
    lines[4] = ",".join(fields)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _, problems = validate_data(tmp_path)
    assert len(problems) == 1
    assert (problems[0].row, problems[0].column) == (5, "value")
    assert str(problems[0]) in doc


# -- the docs name modules and tests that exist -------------------------------------------
_DOCS_NAMING_CODE = ("methodology.md", "architecture.md")


@pytest.mark.parametrize("name", _DOCS_NAMING_CODE)
def test_every_module_and_test_file_a_doc_names_exists(name):
    """Each `perfkit.x.y` in backticks is a module or a name in one, and each
    `tests/....py` is a file: the docs' "Module:" and "Tests:" lines stay true."""
    text = (ROOT / "docs" / name).read_text("utf-8")
    missing = []
    for dotted in sorted(set(re.findall(r"`(perfkit(?:\.\w+)+)`", text))):
        module, attribute = dotted, None
        while True:
            try:
                found = importlib.import_module(module)
                break
            except ModuleNotFoundError:
                module, _, attribute = module.rpartition(".")
        if attribute is not None and not hasattr(found, attribute):
            missing.append(dotted)
    for path in sorted(set(re.findall(r"`(tests/[\w/]+\.py)`", text))):
        if not (ROOT / path).is_file():
            missing.append(path)
    assert missing == []


# -- the Python examples of docs/api.md and the README run, and use the public API ------
#: A fenced block that is Python to run; "```python no-test" marks one that is not run
#: (it would run every notebook).
PYTHON_BLOCK = re.compile(r"^```python( no-test)?\n(.*?)^```$", re.MULTILINE | re.DOTALL)
_PYTHON_DOCS = ("docs/api.md", "README.md")


def python_examples(text: str, everything: bool = False) -> list[str]:
    return [code for skip, code in PYTHON_BLOCK.findall(text) if everything or not skip]


@pytest.mark.parametrize("name", _PYTHON_DOCS)
@pytest.mark.filterwarnings("ignore:.*segment")  # SPC's warnings about short series
def test_the_python_examples_run_in_order(name, tmp_path, monkeypatch):
    """As from the project folder (its data/, parameters/ and outputs/), in a copy."""
    examples = python_examples((ROOT / name).read_text("utf-8"))
    assert examples, f"{name} has no Python example"
    for folder in ("data", "parameters"):
        (tmp_path / folder).symlink_to(ROOT / folder, target_is_directory=True)
    (tmp_path / "outputs").mkdir()
    monkeypatch.chdir(tmp_path)
    matplotlib.use("Agg")
    namespace: dict = {}
    for number, code in enumerate(examples, start=1):
        exec(compile(code, f"{name}, Python example {number}", "exec"), namespace)


@pytest.mark.parametrize("name", _PYTHON_DOCS)
def test_the_python_examples_use_only_the_public_api(name):
    code = "\n".join(python_examples((ROOT / name).read_text("utf-8"), everything=True))
    used = set(re.findall(r"\bperfkit\.(\w+)", code))
    assert used and used <= set(perfkit.__all__), used - set(perfkit.__all__)


def test_every_name_the_api_doc_explains_is_public():
    text = (ROOT / "docs" / "api.md").read_text("utf-8")
    named = set(re.findall(r"`perfkit\.(\w+)", text))
    assert named <= set(perfkit.__all__), named - set(perfkit.__all__)
