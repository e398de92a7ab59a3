"""Helpers shared by every source module: values, names, codes and table shapes.

* :func:`parse_value` / :func:`parse_values` read a published cell. Suppression
  markers (``perfkit.data.contract.SUPPRESSION_MARKERS``) stay missing (NaN, never
  zero) with status ``suppressed`` and the marker's meaning as the reason.
* :func:`code_for_name` turns a council name into its ONS code, using mySociety's
  ``lookup_name_to_registry.csv`` and ``uk_local_authorities.csv``.
* :func:`dfe_la_numbers` maps DfE three-digit LA numbers to ONS codes, and
  :func:`region_codes` maps English region names to E12 codes, both from the DfE
  EHC plan file (and LAIT's ``la_code_list.xlsx`` for three pre-2019 councils).
* :func:`conform` / :func:`observations` give a frame exactly the contract's
  columns, filling the optional ones with their defaults.

Every function takes ``raw``, the ``shared/data/public`` folder, and reads the raw
files only; nothing here writes.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from perfkit.data.contract import SUPPRESSION_MARKERS, TABLES
from perfkit.periods import Period, parse_period

__all__ = [
    "AUTHORITIES_FILE",
    "EHCP_FILE",
    "ENGLAND_CODE",
    "LAIT_DIR",
    "LA_CODE_LIST_FILE",
    "NAME_LOOKUP_FILE",
    "authorities",
    "code_aliases",
    "code_for_name",
    "ehcp_table",
    "conform",
    "dfe_la_numbers",
    "dfe_regions",
    "drop_outside_lifetime",
    "normalise_name",
    "observations",
    "parse_value",
    "parse_values",
    "period_label",
    "region_codes",
    "year_label",
]

NAMES_DIR = "uk_local_authority_names_and_codes/data"
AUTHORITIES_FILE = f"{NAMES_DIR}/uk_local_authorities.csv"
NAME_LOOKUP_FILE = f"{NAMES_DIR}/lookup_name_to_registry.csv"
GSS_LOOKUP_FILE = f"{NAMES_DIR}/lookup_gss_to_registry.csv"
EHCP_FILE = (
    "witan.sen2/data/education-health-and-care-plans/"
    "education-health-and-care-plans_2025/data/timeliness_20_week.csv"
)
LAIT_DIR = "local-authority-interactive-tool/01_data/02_prod"
LA_CODE_LIST_FILE = f"{LAIT_DIR}/la_code_list.xlsx"
#: ONS code for England; the DfE files carry it as ``country_code``.
ENGLAND_CODE = "E92000001"

_BLANK_REASON = "not available: blank in the source"
_NUMBER = re.compile(r"^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$")
#: ONS code prefix for each DfE ``Type`` in ``la_code_list.xlsx``.
_DFE_TYPE_PREFIX = {"SC": "E10", "UA": "E06", "MD": "E08", "OLB": "E09", "ILB": "E09"}


# -- values ------------------------------------------------------------------------
def parse_value(raw: object) -> tuple[float, str, str | None]:
    """Read one published cell as ``(value, status, status_reason)``.

    Numbers (thousands commas, a leading £ or a trailing % allowed) give
    ``(number, "final", None)``. A suppression marker gives
    ``(nan, "suppressed", meaning)``; a blank gives ``(nan, "suppressed", ...)``
    too. Anything else raises ValueError, so a new marker is noticed, not zeroed.
    """
    if raw is None or raw is pd.NA or (isinstance(raw, float) and math.isnan(raw)):
        return math.nan, "suppressed", _BLANK_REASON
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return float(raw), "final", None
    text = str(raw).strip()
    if not text:
        return math.nan, "suppressed", _BLANK_REASON
    marker = text.lower()
    if marker in SUPPRESSION_MARKERS:
        return math.nan, "suppressed", SUPPRESSION_MARKERS[marker]
    clean = text.replace(",", "").removeprefix("£").removesuffix("%").strip()
    if _NUMBER.match(clean):
        return float(clean), "final", None
    raise ValueError(f"{raw!r} is neither a number nor a known suppression marker")


def parse_values(values: pd.Series) -> pd.DataFrame:
    """:func:`parse_value` for a whole column (each distinct cell is read once).

    Returns a frame with the same index and columns value, status, status_reason.
    """
    codes, uniques = pd.factorize(values.astype(object), use_na_sentinel=True)
    parsed = [parse_value(u) for u in uniques] + [parse_value(None)]
    table = pd.DataFrame(parsed, columns=["value", "status", "status_reason"])
    out = table.iloc[codes].set_axis(values.index)
    out["value"] = out["value"].astype("float64")
    return out


def period_label(text: str) -> str:
    """The canonical label of a period written in any form perfkit reads."""
    return parse_period(str(text)).label


def year_label(kind: str, start_year: int) -> str:
    """Label of the whole year of ``kind`` that starts in ``start_year``."""
    return Period(kind, int(start_year)).label


# -- tables ------------------------------------------------------------------------
def conform(table: str, frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with exactly the contract columns of ``table``, in contract order.

    Required columns must be there; optional ones that are absent, or missing in
    a row, get the column's default. Unknown columns raise ValueError.
    """
    spec = TABLES[table]
    unknown = sorted(set(frame.columns) - set(spec.names))
    if unknown:
        raise ValueError(f"{table}: columns {unknown} are not in the data contract")
    out = pd.DataFrame(index=frame.index)
    for column in spec.columns:
        if column.name in frame.columns:
            out[column.name] = frame[column.name]
        elif column.required:
            raise ValueError(f"{table}: required column {column.name!r} is missing")
        else:
            out[column.name] = pd.NA
        if column.default is not None:
            out[column.name] = out[column.name].fillna(column.default)
    return _typed(out.reset_index(drop=True), table)


def observations(frame: pd.DataFrame) -> pd.DataFrame:
    """An observations frame with the defaults filled: breakdown ``all``/``all``,
    status ``final``, synthetic False, and blank numerator/denominator/reason."""
    return conform("observations", frame)


def _typed(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    for column in TABLES[table].columns:
        series = frame[column.name]
        if column.kind in ("number", "count"):
            frame[column.name] = pd.to_numeric(series).astype("float64")
        elif column.kind == "integer":
            frame[column.name] = pd.to_numeric(series).astype("Int64")
        elif column.kind == "bool":
            frame[column.name] = series.astype(bool)
        else:
            frame[column.name] = series.astype("object").where(series.notna(), None)
    return frame


# -- authorities and names ---------------------------------------------------------
@lru_cache(maxsize=4)
def authorities(raw: Path) -> pd.DataFrame:
    """mySociety's ``uk_local_authorities.csv``, every nation, past and present."""
    return pd.read_csv(Path(raw) / AUTHORITIES_FILE, dtype=str, keep_default_na=False,
                       na_values=[""])


def normalise_name(name: object) -> str:
    """A council name reduced for matching: lower case, '&' as 'and', no
    punctuation, no '(Pre LG)' tag, single spaces."""
    text = str(name).lower().replace("&", " and ")
    text = re.sub(r"\(pre lg\)", " ", text)
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(text.split())


#: Words dropped from a name when the full name matches nothing ("Bedford Borough").
_GENERIC_WORDS = frozenset(
    "borough council district metropolitan city of the royal london county corporation".split()
)


def _core_name(name: str) -> str:
    return " ".join(w for w in normalise_name(name).split() if w not in _GENERIC_WORDS)


@lru_cache(maxsize=8)
def _name_index(raw: Path, core: bool = False) -> dict[str, frozenset[str]]:
    """Normalised (or core) name -> mySociety three-letter codes going by that name."""
    lookup = pd.read_csv(Path(raw) / NAME_LOOKUP_FILE, dtype=str)
    table = authorities(raw)
    pairs = list(zip(lookup["la-name"], lookup["local-authority-code"], strict=True))
    for column in ("nice-name", "official-name"):
        pairs += list(zip(table[column], table["local-authority-code"], strict=True))
    key = _core_name if core else normalise_name
    index: dict[str, set[str]] = {}
    for name, code in pairs:
        if key(name):
            index.setdefault(key(name), set()).add(code)
    return {name: frozenset(codes) for name, codes in index.items()}


def code_for_name(raw: Path, name: str, *, prefix: str | None = None,
                  current: bool | None = None) -> str | None:
    """ONS code of the council called ``name``, or None if it is not known or
    is ambiguous.

    Names are compared after :func:`normalise_name`; if that finds nothing,
    again without generic words (borough, council, city of, county...).
    ``prefix`` (e.g. ``"E10"``) and ``current`` narrow the candidates. When a
    name fits a former and a current council (e.g. "North Yorkshire": the county
    abolished in 2023 and the unitary council that replaced it) and ``current``
    is not given, the current one is returned.
    """
    letters = _name_index(raw).get(normalise_name(name)) or _name_index(raw, True).get(
        _core_name(name), frozenset())
    table = authorities(raw).set_index("local-authority-code")
    candidates = table.loc[sorted(letters)]
    if prefix:
        candidates = candidates[candidates["gss-code"].str.startswith(prefix)]
    if current is not None:
        wanted = "True" if current else "False"
        candidates = candidates[candidates["current-authority"] == wanted]
    if len(candidates) > 1:
        candidates = candidates[candidates["current-authority"] == "True"]
    return candidates["gss-code"].iloc[0] if len(candidates) == 1 else None


@lru_cache(maxsize=4)
def code_aliases(raw: Path) -> dict[str, str]:
    """Older ONS codes of a council (e.g. Gateshead's E08000020) -> its code now."""
    table = authorities(raw).dropna(subset=["gss-code"])
    gss = pd.read_csv(Path(raw) / GSS_LOOKUP_FILE, dtype=str).dropna()
    current = dict(zip(table["local-authority-code"], table["gss-code"], strict=True))
    aliases = {old: current[code] for old, code in
               zip(gss["gss-code"], gss["local-authority-code"], strict=True)
               if code in current and current[code] != old}
    return dict(sorted(aliases.items()))


# -- DfE codes and regions ---------------------------------------------------------
@lru_cache(maxsize=4)
def ehcp_table(raw: Path) -> pd.DataFrame:
    return pd.read_csv(Path(raw) / EHCP_FILE, dtype=str, encoding="utf-8-sig")


@lru_cache(maxsize=4)
def region_codes(raw: Path) -> dict[str, str]:
    """Normalised English region name -> E12 code, from the DfE file's regional
    rows (``region_code``/``region_name``)."""
    rows = ehcp_table(raw)
    rows = rows[rows["geographic_level"] == "Regional"]
    pairs = rows[["region_name", "region_code"]].drop_duplicates()
    return {normalise_name(n): c for n, c in sorted(zip(pairs.iloc[:, 0], pairs.iloc[:, 1],
                                                        strict=True))}


def _latest_la_rows(raw: Path) -> pd.DataFrame:
    rows = ehcp_table(raw)
    rows = rows[rows["geographic_level"] == "Local authority"]
    rows = rows.sort_values(["old_la_code", "time_period", "new_la_code"])
    return rows.drop_duplicates("old_la_code", keep="last")


def _successor(raw: Path, code: str) -> str:
    """The council that took over ``code`` whole (one successor), else ``code``."""
    table = authorities(raw).set_index("gss-code")
    if code not in table.index or table.at[code, "current-authority"] == "True":
        return code
    replaced_by = str(table.at[code, "replaced-by"] or "")
    if "," in replaced_by or not replaced_by or replaced_by == "nan":
        return code
    by_letters = authorities(raw).set_index("local-authority-code")
    return by_letters.at[replaced_by, "gss-code"]


@lru_cache(maxsize=4)
def dfe_la_numbers(raw: Path) -> dict[int, str]:
    """DfE three-digit LA number -> ONS code of that children's services authority.

    The EHC plan file gives both codes for each LA and year; the latest year
    wins. Where DfE still files a council under the county code it replaced
    (North Yorkshire 815, Somerset 933, Buckinghamshire 825 in some years) the
    number goes to the single successor council, which has the same boundary:
    DfE treats it as one LA. Three councils abolished in 2019 (Dorset county 835,
    Poole 836, Bournemouth 837) are only in LAIT's ``la_code_list.xlsx`` and are
    matched by name to the former council of the same type.
    """
    numbers = {int(row.old_la_code): _successor(raw, row.new_la_code)
               for row in _latest_la_rows(raw).itertuples()}
    code_list = pd.read_excel(Path(raw) / LA_CODE_LIST_FILE)
    for row in code_list.itertuples():
        number, prefix = int(row[1]), _DFE_TYPE_PREFIX.get(row.Type)
        if number in numbers or prefix is None:
            continue
        code = _former_by_name(raw, row[2], prefix)
        if code is None:
            raise ValueError(f"LA number {number} ({row[2]}) matches no former council")
        numbers[number] = code
    codes = pd.Series(numbers)
    if codes.duplicated().any():
        raise ValueError(f"LA numbers share an ONS code: {codes[codes.duplicated(False)]}")
    return dict(sorted(numbers.items()))


def _former_by_name(raw: Path, name: str, prefix: str) -> str | None:
    for variant in (name, f"{normalise_name(name)} county"):
        code = code_for_name(raw, variant, prefix=prefix, current=False)
        if code:
            return code
    return None


@lru_cache(maxsize=4)
def dfe_regions(raw: Path) -> dict[str, str]:
    """ONS code of each LA in the DfE file -> the E12 region DfE places it in."""
    rows = _latest_la_rows(raw)
    return {_successor(raw, code): region for code, region in
            sorted(zip(rows["new_la_code"], rows["region_code"], strict=True))}


# -- council lifetimes -------------------------------------------------------------
def drop_outside_lifetime(raw: Path, frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` without the rows that hold no value for a council in a period
    wholly before it was created or after it was abolished (mySociety
    ``start-date``/``end-date``). Rows with a value are always kept."""
    table = authorities(raw).dropna(subset=["gss-code"]).set_index("gss-code")
    starts = pd.to_datetime(table["start-date"], errors="coerce")
    ends = pd.to_datetime(table["end-date"], errors="coerce")
    labels = frame["period"].drop_duplicates()
    bounds = {label: (pd.Timestamp(parse_period(label).start),
                      pd.Timestamp(parse_period(label).end)) for label in labels}
    period_start = frame["period"].map(lambda label: bounds[label][0])
    period_end = frame["period"].map(lambda label: bounds[label][1])
    created = frame["area_code"].map(starts)
    abolished = frame["area_code"].map(ends)
    outside = (period_end < created) | (period_start >= abolished)
    return frame[~(outside.fillna(False).astype(bool) & frame["value"].isna())]
