"""Each council's nation, and the row of the areas table that stands for it.

perfkit works for any council in the UK. A council is ranked among all
councils of its own nation, and compared with its nation's own figure: the
row of the areas table whose ``area_type`` is "country" and whose ``nation``
is the council's (in ONS codes England is E92000001, Wales W92000004,
Scotland S92000003 and Northern Ireland N92000002, but no code is assumed:
the row is found in the data). A nation with no such row has no national
figure; comparisons with it are left out, and the reports say so in words.
See ``docs/methodology.md``, "Benchmarking".
"""

from __future__ import annotations

import pandas as pd

from perfkit.markup import absent

__all__ = ["COUNTRY", "add_nation", "all_councils_in", "national_code_of", "national_codes",
           "nation_of"]

#: The area type of a nation's own row in the areas table.
COUNTRY = "country"


def national_codes(areas: pd.DataFrame) -> pd.Series:
    """nation -> the area code of its country row (nations without one are absent)."""
    countries = areas[areas["area_type"].eq(COUNTRY)].drop_duplicates("nation")
    return countries.set_index("nation")["area_code"]


def nation_of(areas: pd.DataFrame, area_code: str) -> str | None:
    """The nation of one area, or None where the area is not in the table."""
    found = areas.loc[areas["area_code"].eq(area_code), "nation"]
    return None if found.empty or absent(found.iloc[0]) else str(found.iloc[0])


def national_code_of(areas: pd.DataFrame, area_code: str) -> str | None:
    """The code of the country row of an area's nation, or None where the data have none."""
    nation = nation_of(areas, area_code)
    code = national_codes(areas).get(nation) if nation is not None else None
    return None if code is None or absent(code) else str(code)


def add_nation(frame: pd.DataFrame, areas: pd.DataFrame) -> pd.DataFrame:
    """Add ``nation`` (each row's area's nation) and ``national_code`` (the
    area code of that nation's row; blank where the data have none)."""
    nations = areas.drop_duplicates("area_code").set_index("area_code")["nation"]
    nation = frame["area_code"].map(nations)
    code = nation.map(national_codes(areas))
    return frame.assign(nation=nation.astype(object), national_code=code.astype(object))


def all_councils_in(nation: object) -> str:
    """The national comparison in words: "all councils in Scotland"."""
    return "all councils in its nation" if absent(nation) or not str(nation) else \
        f"all councils in {nation}"
