"""Every validation error names the file, row and column, what was found and
what was expected (perfkit/loading.py, validation.py, crosschecks.py)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from perfkit.data.loading import load_data, validate_data
from perfkit.run.cli import main

AREAS = """area_code,area_name,area_type,region,nation
E08000009,Trafford,metropolitan_district,North West,England
E08000003,Manchester,metropolitan_district,North West,England
E92000001,England,country,,England
"""
INDICATORS = """indicator_id,title,short_title,unit,polarity,decimal_places,frequency,source,licence,enquiry_lines
ehcp_20_weeks,EHC plans issued within 20 weeks,EHCP in 20 weeks,percent,higher_is_better,1,calendar_year,DfE,OGL v3,legal_duties;equality
spend,Spend on children's social care,Spend,gbp_thousands,neutral,0,financial_year,MHCLG,OGL v3,finance
"""
OBSERVATIONS = """area_code,indicator_id,period,value,numerator,denominator,breakdown_dimension,breakdown_category
E08000009,ehcp_20_weeks,2023,55.5,50,90,all,all
E08000009,ehcp_20_weeks,2024,x,,,all,all
E08000009,ehcp_20_weeks,2024,c,,,ethnicity,Black
E08000003,spend,2023-24,1234,,,all,all
"""
TARGETS = """indicator_id,area_code,period,target,tolerance
ehcp_20_weeks,E08000009,2024,60,5
"""
COMPLAINTS = """area_code,period,service,theme,received,upheld,answered_in_time,compliments,synthetic
E08000009,2024-25 Q1,Waste,Missed bins,40,12,35,4,true
"""


@pytest.fixture
def folder(tmp_path):
    for name, text in [("areas", AREAS), ("indicators", INDICATORS),
                       ("observations", OBSERVATIONS), ("targets", TARGETS),
                       ("complaints", COMPLAINTS)]:
        (tmp_path / f"{name}.csv").write_text(text, encoding="utf-8")
    return tmp_path


def edit(folder, name, old, new):
    path = folder / f"{name}.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test set-up: {old!r} not in {name}.csv"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def errors_of(folder):
    dataset, problems = validate_data(folder)
    errors = [p for p in problems if p.severity == "error"]
    assert dataset is None, "expected the folder to be refused"
    return errors


def one_error(folder):
    errors = errors_of(folder)
    assert len(errors) == 1, "\n".join(map(str, errors))
    return errors[0]


def test_the_clean_folder_loads(folder):
    data = load_data(folder)
    assert set(data.tables) == {"areas", "indicators", "observations", "targets", "complaints"}
    assert data.synthetic_tables == ["complaints"]


def test_suppressed_values_stay_missing_and_keep_the_reason(folder):
    obs = load_data(folder).observations.set_index(["period", "breakdown_category"])
    x = obs.loc[("2024", "all")]
    c = obs.loc[("2024", "Black")]
    assert math.isnan(x["value"]) and math.isnan(c["value"])
    assert x["status"] == c["status"] == "suppressed"
    assert x["status_reason"] == "'x': not available"
    assert "confidential" in c["status_reason"]
    assert obs.loc[("2023", "all"), "status"] == "final"


def test_a_given_reason_is_kept(folder):
    edit(folder, "observations", "breakdown_category\n",
         "breakdown_category,status_reason\n")
    text = (folder / "observations.csv").read_text().splitlines()
    text = [text[0]] + [line + ("," if i != 2 else ",fewer than 5 plans") for i, line
                        in enumerate(text[1:], start=1)]
    (folder / "observations.csv").write_text("\n".join(text) + "\n")
    obs = load_data(folder).observations
    assert (obs["status_reason"] == "fewer than 5 plans").sum() == 1


def test_missing_column(folder):
    obs = pd.read_csv(folder / "observations.csv", dtype=str, keep_default_na=False)
    obs.drop(columns="period").to_csv(folder / "observations.csv", index=False)
    problem = one_error(folder)
    assert (problem.file, problem.column) == ("observations.csv", "period")
    assert "no such column" in problem.found and "Add a 'period' column" in problem.fix


def test_misspelt_column_suggests_the_name(folder):
    edit(folder, "observations", "area_code,", "area_cde,")
    problem = one_error(folder)
    assert problem.column == "area_code"
    assert "area_cde" in problem.found
    assert "Rename 'area_cde' to 'area_code'" in problem.fix


def test_column_names_ignore_case_and_spaces(folder):
    edit(folder, "observations", "area_code,indicator_id", "Area Code,Indicator ID")
    assert load_data(folder).observations["area_code"].iloc[0] == "E08000009"


def test_unparseable_period(folder):
    edit(folder, "observations", "E08000009,ehcp_20_weeks,2023,", "E08000009,ehcp_20_weeks,20x3,")
    problem = one_error(folder)
    assert (problem.file, problem.row, problem.column) == ("observations.csv", 2, "period")
    assert "'20x3'" in problem.found and "2024-25 Q3" in problem.expected


def test_period_of_the_wrong_kind_for_the_indicator(folder):
    edit(folder, "observations", "E08000003,spend,2023-24,", "E08000003,spend,2023/24,")
    problem = one_error(folder)
    assert (problem.row, problem.column) == (5, "period")
    assert "academic year" in problem.found and "financial year" in problem.expected


def test_non_numeric_value(folder):
    edit(folder, "observations", ",55.5,", ",55.5%%,")
    problem = one_error(folder)
    assert (problem.row, problem.column) == (2, "value")
    assert "'55.5%%'" in problem.found and "a number" in problem.expected


def test_thousands_separators_are_read(folder):
    edit(folder, "observations", ",1234,", ',"1,234",')
    obs = load_data(folder).observations
    assert obs.loc[obs["indicator_id"] == "spend", "value"].iloc[0] == 1234


def test_numerator_above_denominator(folder):
    edit(folder, "observations", ",55.5,50,90,", ",55.5,99,90,")
    problem = one_error(folder)
    assert (problem.row, problem.column) == (2, "numerator")
    assert "numerator 99 above denominator 90" in problem.found


def test_negative_count(folder):
    edit(folder, "complaints", ",40,12,", ",-40,12,")
    problems = errors_of(folder)
    assert any(p.column == "received" and "at least 0" in p.expected for p in problems)


def test_duplicate_keys(folder):
    edit(folder, "observations", "E08000003,spend,2023-24,1234,,,all,all\n",
         "E08000003,spend,2023-24,1234,,,all,all\nE08000003,spend,2023-24,999,,,all,all\n")
    problem = one_error(folder)
    assert problem.row == 6 and "rows 5, 6" in problem.found
    assert "one row per area_code" in problem.expected


def test_unknown_area_code(folder):
    edit(folder, "observations", "E08000003,spend", "E08000033,spend")
    problem = one_error(folder)
    assert (problem.row, problem.column) == (5, "area_code")
    assert "'E08000033'" in problem.found and "Did you mean 'E08000003'" in problem.fix


def test_unknown_indicator_in_targets(folder):
    edit(folder, "targets", "ehcp_20_weeks,", "ehcp_20_week,")
    problem = one_error(folder)
    assert (problem.file, problem.row, problem.column) == ("targets.csv", 2, "indicator_id")
    assert "Did you mean 'ehcp_20_weeks'" in problem.fix


def test_percentage_above_100(folder):
    edit(folder, "observations", ",55.5,", ",155.5,")
    problem = one_error(folder)
    assert (problem.row, problem.column) == (2, "value")
    assert "from 0 to 100" in problem.expected


def test_proportion_written_as_fraction_is_not_caught_as_out_of_range(folder):
    # 0.555 is a legal percentage value (0.555%); the range check must not guess
    edit(folder, "observations", ",55.5,", ",0.555,")
    assert load_data(folder) is not None


def test_unknown_polarity_word(folder):
    edit(folder, "indicators", ",higher_is_better,", ",upwards,")
    problem = one_error(folder)
    assert (problem.file, problem.row, problem.column) == ("indicators.csv", 2, "polarity")
    assert "higher_is_better, lower_is_better, neutral" in problem.expected


def test_published_polarity_words_are_accepted(folder):
    edit(folder, "indicators", ",higher_is_better,", ",High,")
    assert load_data(folder).indicators.loc[0, "polarity"] == "higher_is_better"


def test_empty_file(folder):
    (folder / "targets.csv").write_bytes(b"")
    problem = one_error(folder)
    assert problem.file == "targets.csv" and "empty file" in problem.found


def test_header_only_file(folder):
    (folder / "targets.csv").write_text("indicator_id,area_code,period,target,tolerance\n")
    problem = one_error(folder)
    assert problem.file == "targets.csv" and "no data rows" in problem.found


def test_missing_required_table(folder):
    (folder / "areas.csv").unlink()
    problems = errors_of(folder)
    assert any(p.file.endswith("areas.csv") and p.found == "no such file" for p in problems)


def test_cp1252_file_is_read_with_a_warning(folder):
    text = AREAS.replace("Trafford", "Trafford Café")
    (folder / "areas.csv").write_bytes(text.encode("cp1252"))
    data, problems = validate_data(folder)
    assert data is not None
    assert data.areas.loc[0, "area_name"] == "Trafford Café"
    warning = next(p for p in problems if p.file == "areas.csv")
    assert warning.severity == "warning" and "not UTF-8" in warning.found
    assert "Windows-1252" in warning.fix


def test_truncated_csv_names_the_line(folder):
    (folder / "targets.csv").write_text(TARGETS + 'ehcp_20_weeks,E08000009,"2023,60\n')
    problem = errors_of(folder)[0]
    assert problem.file == "targets.csv"
    assert "could not split" in problem.found


def test_xlsx_with_header_on_the_wrong_row_is_found(folder):
    (folder / "targets.csv").unlink()
    rows = [["Targets 2024", None, None, None, None], [None] * 5,
            ["indicator_id", "area_code", "period", "target", "tolerance"],
            ["ehcp_20_weeks", "E08000009", "2024", 60, 5]]
    pd.DataFrame(rows).to_excel(folder / "targets.xlsx", header=False, index=False)
    data, problems = validate_data(folder)
    assert data is not None and data.targets.loc[0, "target"] == 60
    warning = next(p for p in problems if p.file == "targets.xlsx")
    assert "row 3" in warning.found and warning.severity == "warning"


def test_xlsx_errors_give_spreadsheet_rows(folder):
    (folder / "targets.csv").unlink()
    rows = [["My targets", None, None, None, None],
            ["indicator_id", "area_code", "period", "target", "tolerance"],
            ["ehcp_20_weeks", "E08000009", "2024", "sixty", 5]]
    pd.DataFrame(rows).to_excel(folder / "targets.xlsx", header=False, index=False)
    problem = one_error(folder)
    assert (problem.file, problem.row, problem.column) == ("targets.xlsx", 3, "target")


def test_parquet_table_loads(folder):
    obs = pd.read_csv(folder / "observations.csv", dtype=str, keep_default_na=False)
    obs["value"] = pd.to_numeric(obs["value"], errors="coerce")
    obs.to_parquet(folder / "observations.parquet")
    (folder / "observations.csv").unlink()
    assert len(load_data(folder).observations) == 4


def test_every_problem_is_reported_at_once(folder):
    edit(folder, "observations", ",55.5,", ",abc,")
    edit(folder, "observations", "E08000003,spend", "E08000099,spend")
    edit(folder, "indicators", ",higher_is_better,", ",upwards,")
    columns = {p.column for p in errors_of(folder)}
    assert {"value", "area_code", "polarity"} <= columns


def test_a_misnamed_file_gets_a_suggestion(folder):
    (folder / "targets.csv").rename(folder / "tagrets.csv")
    data, problems = validate_data(folder)
    warning = next(p for p in problems if p.file == "tagrets.csv")
    assert "Did you mean 'targets.csv'" in warning.fix


def test_cli_exits_non_zero_and_lists_problems(folder, capsys):
    edit(folder, "observations", ",55.5,", ",abc,")
    assert main(["validate", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "observations.csv, row 2, column 'value': found 'abc'" in err
    assert "1 error(s)" in err


def test_cli_exits_zero_on_good_data(folder, capsys):
    assert main(["validate", str(folder)]) == 0
    assert "valid" in capsys.readouterr().out


def test_blank_cells_in_optional_columns_take_the_default(folder):
    edit(folder, "observations", ",55.5,50,90,all,all", ",55.5,50,90,,")
    obs = load_data(folder).observations
    first = obs.iloc[0]
    assert (first["breakdown_dimension"], first["breakdown_category"]) == ("all", "all")
    assert first["status"] == "final"


def test_percentage_target_above_100(folder):
    edit(folder, "targets", "E08000009,2024,60,", "E08000009,2024,160,")
    problem = one_error(folder)
    assert (problem.file, problem.row, problem.column) == ("targets.csv", 2, "target")


def test_unknown_parent_code(folder):
    edit(folder, "areas", "area_code,area_name,area_type,region,nation\n",
         "area_code,area_name,area_type,region,nation,parent_code\n")
    text = (folder / "areas.csv").read_text().splitlines()
    text = [text[0]] + [line + (",E12000099" if i == 1 else ",") for i, line
                        in enumerate(text[1:], start=1)]
    (folder / "areas.csv").write_text("\n".join(text) + "\n")
    problem = one_error(folder)
    assert (problem.file, problem.row, problem.column) == ("areas.csv", 2, "parent_code")
