"""Reading Trafford Data Lab's ``trafford_themes`` files: shared by the modules
that take Trafford's plan measures from them (``trafford_monthly``,
``health_checks``, ``ascof``, ``themes_people``, ``themes_place``,
``themes_peers``).

Every indicator file there is tidy: ``area_code, area_name, period, indicator,
measure, unit|units, value`` (the Fingertips ones add ``area_type``,
``compared_to_England`` and ``inequality``). :func:`read_tidy` reads one as
text; :func:`tidy_observations` turns the chosen rows into contract
observations for councils, regions and England (ward rows, E05, are left to
``wards.py``).

Not a source module itself (no ``build``): the build skips it.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .common import observations, parse_values, year_label

__all__ = ["DATA_DIR", "THEMES", "first_year", "read_tidy", "source", "tidy_observations",
           "year_labels"]

DATA_DIR = "trafford_themes/data"
#: Repository, commit and licence of every file read from ``trafford_themes``.
THEMES = {
    "repository": "traffordDataLab/trafford_themes",
    "commit": "ae20a088ae35b93b57843c79ee56e0072915db9e",
    "licence": "OGL v3 (data, per the repository README); code MIT",
}
#: Councils (E06-E10), regions (E12) and England: the areas the contract has.
_AREAS = r"E(?:0[6-9]|10|12)\d{6}|E92000001"


def source(source_id: str, publisher: str, files: list[str], notes: str) -> dict:
    """A SOURCES entry for files in ``trafford_themes/data`` (named relative to it)."""
    return {"id": source_id, "publisher": publisher, **THEMES,
            "files": [f"{DATA_DIR}/{name}" for name in files], "notes": notes}


def read_tidy(raw: Path, name: str) -> pd.DataFrame:
    """One tidy file (``name`` relative to ``trafford_themes/data``), as text;
    the ``units`` column of some files is renamed ``unit``."""
    frame = pd.read_csv(Path(raw) / DATA_DIR / name, dtype=str, keep_default_na=False,
                        encoding="utf-8-sig")
    return frame.rename(columns={"units": "unit"})


def first_year(periods: pd.Series) -> pd.Series:
    """The year a '2014/15' or '2015 - 17' label starts in."""
    years = periods.str.extract(r"^(\d{4})", expand=False)
    if years.isna().any():
        raise ValueError(f"periods with no leading year: {sorted(periods[years.isna()])[:5]}")
    return years.astype(int)


def year_labels(periods: pd.Series, kind: str) -> pd.Series:
    """'2014/15' -> the ``kind`` year starting in 2014 ('2014-15' or '2014/15')."""
    return first_year(periods).map(lambda year: year_label(kind, year))


def tidy_observations(frame: pd.DataFrame, indicator_id: str, periods: pd.Series, *,
                      numerator: pd.Series | None = None, decimals: int | None = None,
                      reasons: dict[str, str] | None = None) -> pd.DataFrame:
    """Contract observations from tidy rows (their ``value`` column as published).

    ``periods`` holds the canonical label of each row; rows of areas the contract
    has no place for (wards) are dropped. A blank or ``NA`` cell stays missing
    with status ``suppressed``; ``reasons`` (period label -> text) replaces the
    generic reason for the periods it names. ``decimals`` rounds away the
    floating-point noise some files carry. Duplicate rows are an error.
    """
    keep = frame["area_code"].str.fullmatch(_AREAS)
    parsed = parse_values(frame.loc[keep, "value"])
    table = pd.DataFrame({
        "area_code": frame.loc[keep, "area_code"],
        "indicator_id": indicator_id,
        "period": periods[keep],
        "value": parsed["value"] if decimals is None else parsed["value"].round(decimals),
        "numerator": None if numerator is None else parse_values(numerator[keep])["value"],
        "status": parsed["status"],
        "status_reason": parsed["status_reason"],
    })
    if reasons:
        special = table["value"].isna() & table["period"].isin(reasons)
        table.loc[special, "status_reason"] = table.loc[special, "period"].map(reasons)
    clash = table.duplicated(["area_code", "period"], keep=False)
    if clash.any():
        raise ValueError(f"{indicator_id}: more than one row for an area and period: "
                         f"{table[clash].head(4).to_dict('records')}")
    return observations(table)
