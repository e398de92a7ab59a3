"""Trafford's wards and small areas: a ward view inside the council.

Raw files (all Trafford Data Lab, OGL v3):

* ``ward_data/deprivation/data/*.csv``: the English Indices of Deprivation 2025
  for Trafford's 21 wards (2023 boundaries, E05015239-E05015259), each domain
  population-weighted from LSOAs to wards **by Trafford Data Lab** with the
  method of the IoD research report (appendix A). MHCLG does not publish
  ward figures: these are derived, not official.
* ``ward_data/governance/data/local_election_turnout.csv``: turnout at the May
  2023 all-out local elections.
* ``trafford_themes/data/economy/claimant_count.csv``: the claimant count and
  rate (% of residents aged 16-64) for the latest month the file has for wards
  (ONS via nomis); the count is kept as the rate's numerator.
* ``open_data/population/mid_year_2024/...ward.csv``: ONS mid-2024 population
  estimates (all ages, persons only).
* ``analysis/IoD2019/report/data/trafford_IoD.csv``: Trafford's 138 LSOAs (2011
  boundaries) in the IoD2019: the IMD score, national rank and decile.
* ``analysis/IoD2019/report/data/trafford_lsoa.geojson`` and
  ``trafford_themes/data/geospatial/trafford_ward_2023.geojson``: boundaries.

Judgements:

* Each LSOA's ward is the 2023 ward whose polygon holds the LSOA's centroid
  (area-weighted, matplotlib's point-in-polygon test; shapely is not a
  dependency). Where the centroid of a concave LSOA lies outside the LSOA
  itself, the middle of the widest stretch of the LSOA along the centroid's
  line of latitude is used instead. The geojson's own ward column holds the
  pre-2023 wards and is not used. An LSOA that fell in no ward would stop the
  build.
* Area rows: wards (parent: Trafford) and small areas (parent: their ward),
  nation England, region North West (Trafford's).
* Every indicator's line of enquiry is ``wards`` only, and every observation is
  of a ward or a small area, so no council-level report or verdict takes them.
  Polarity is neutral: they describe the place, not the council's performance.
* ``boundaries.geojson`` (written beside the tables, see :func:`files`) holds the
  21 ward polygons with an ``area_code`` property, coordinates rounded to 5
  decimal places (about a metre) with repeated points dropped. Small-area
  boundaries are left out: no report draws them.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ._geometry import contains, inside_point, polygons
from .common import conform, observations, period_label

_LAB = "Trafford Data Lab"
_OGL = "OGL v3 (data; the repository code is MIT)"
_DEPRIVATION_DIR = "ward_data/deprivation/data"
_TURNOUT_FILE = "ward_data/governance/data/local_election_turnout.csv"
_CLAIMANT_FILE = "trafford_themes/data/economy/claimant_count.csv"
_WARDS_GEOJSON = "trafford_themes/data/geospatial/trafford_ward_2023.geojson"
_POPULATION_FILE = ("open_data/population/mid_year_2024/"
                    "mid-year_2024_population_estimates_ward.csv")
_LSOA_FILE = "analysis/IoD2019/report/data/trafford_IoD.csv"
_LSOA_GEOJSON = "analysis/IoD2019/report/data/trafford_lsoa.geojson"

#: Ward file -> (indicator id, short title, unit, decimal places, what it measures).
_DOMAINS = {
    "index_of_multiple_deprivation": ("ward_imd_score", "IMD average score", "score", 1,
                                      "Index of Multiple Deprivation, average score"),
    "income_deprivation": ("ward_income_deprivation", "Income deprivation", "percent", 1,
                           "Income domain: % of people in income deprivation"),
    "employment_deprivation": ("ward_employment_deprivation", "Employment deprivation",
                               "percent", 1, "Employment domain: % of working-age people "
                               "involuntarily out of work"),
    "education_deprivation": ("ward_education_deprivation", "Education deprivation", "score",
                              1, "Education, skills and training domain, average score"),
    "health_deprivation": ("ward_health_deprivation", "Health deprivation", "score", 2,
                           "Health deprivation and disability domain, average score"),
    "crime_deprivation": ("ward_crime_deprivation", "Crime", "score", 2,
                          "Crime domain, average score"),
    "housing_deprivation": ("ward_housing_barriers", "Barriers to housing and services",
                            "score", 1, "Barriers to housing and services domain, "
                            "average score"),
    "environment_deprivation": ("ward_living_environment", "Living environment", "score", 1,
                                "Living environment domain, average score"),
    "income_deprivation_children": ("ward_idaci", "Children in income deprivation",
                                    "percent", 1, "Income deprivation affecting children "
                                    "(IDACI): % of children aged 0-15"),
    "income_deprivation_older_people": ("ward_idaopi", "Older people in income deprivation",
                                        "percent", 1, "Income deprivation affecting older "
                                        "people (IDAOPI): % of people aged 60 and over"),
}
_IOD_RELEASE = "2025"

SOURCES = [
    {"id": "ward_data", "publisher": f"{_LAB}: ward profile (IoD2025 domains population-"
     "weighted to wards by the Lab with the MHCLG method; election turnout from Trafford "
     "Council)", "repository": "traffordDataLab/ward_data",
     "commit": "356cc1cf8ad6ab86baad709ccdcb7d6bd4848c7c", "licence": _OGL,
     "files": [f"{_DEPRIVATION_DIR}/{name}.csv" for name in _DOMAINS] + [_TURNOUT_FILE],
     "notes": "Ward deprivation figures are derived by Trafford Data Lab, not published by "
              "MHCLG."},
    {"id": "ward_claimants_and_boundaries", "publisher": f"{_LAB}, trafford_themes: ONS "
     "claimant count for wards; 2023 ward boundaries (ONS)",
     "repository": "traffordDataLab/trafford_themes",
     "commit": "ae20a088ae35b93b57843c79ee56e0072915db9e", "licence": _OGL,
     "files": [_CLAIMANT_FILE, _WARDS_GEOJSON],
     "notes": "Latest month only for wards. Boundaries written to boundaries.geojson."},
    {"id": "ward_population", "publisher": f"{_LAB}, from ONS mid-2024 population estimates",
     "repository": "traffordDataLab/open_data",
     "commit": "a33a7d94948399556302a5c2a2d1cbf4ce4878aa", "licence": "OGL v3",
     "files": [_POPULATION_FILE], "notes": "All ages, persons."},
    {"id": "small_area_deprivation", "publisher": f"{_LAB}, from MHCLG English Indices of "
     "Deprivation 2019 (LSOA 2011)", "repository": "traffordDataLab/analysis",
     "commit": "d6e5805199eb089c3210306a45111f2986b723b2", "licence": "OGL v3",
     "files": [_LSOA_FILE, _LSOA_GEOJSON],
     "notes": "Each LSOA's 2023 ward is the ward holding its centroid."},
]

COUNCIL, REGION = "E08000009", "North West"  # Trafford: the only council with ward files
_WARD_CAVEAT = (" Ward figures for Trafford's 21 wards (2023 boundaries). MHCLG does not "
                "publish the Indices of Deprivation for wards: Trafford Data Lab derived "
                "these from the LSOA figures, weighting each LSOA by its population, with "
                "the method of the IoD research report. Scores are relative: 40 is not "
                "twice as deprived as 20. Higher means more deprived. Context, not a "
                "measure of council performance.")


def _indicator(indicator_id, short_title, unit, places, frequency, source, description,
               title=None) -> dict:
    return {"indicator_id": indicator_id, "title": title or short_title,
            "short_title": short_title, "unit": unit, "polarity": "neutral",
            "decimal_places": places, "frequency": frequency, "source": source,
            "licence": "OGL v3", "enquiry_lines": "wards", "service": "Context",
            "description": description}


def _indicators() -> list[dict]:
    iod = ("MHCLG English Indices of Deprivation 2025, population-weighted to wards by "
           "Trafford Data Lab (ward_data)")
    rows = [_indicator(i, short, unit, places, "calendar_year", iod, f"{what}.{_WARD_CAVEAT}",
                       title=f"Wards: {what} (IoD2025)")
            for i, short, unit, places, what in _DOMAINS.values()]
    lsoa = "MHCLG English Indices of Deprivation 2019, LSOA figures (via Trafford Data Lab)"
    small = (" For Trafford's 138 small areas (LSOAs, 2011 boundaries), each placed in the "
             "2023 ward that holds its centroid. IoD2019: older than the ward figures "
             "(IoD2025), and on other boundaries. Context, not council performance.")
    rows += [
        _indicator("ward_population", "Population", "count", 0, "calendar_year",
                   "ONS mid-year population estimates (via Trafford Data Lab open_data)",
                   "Residents of all ages at 30 June (mid-year estimate), by 2023 ward.",
                   title="Wards: population (ONS mid-year estimate)"),
        _indicator("ward_claimant_rate", "Claimant rate", "percent", 1, "month",
                   "ONS Claimant Count (via Trafford Data Lab trafford_themes)",
                   "People claiming Jobseeker's Allowance, or Universal Credit and required "
                   "to look for work, as a % of residents aged 16-64; the numerator is the "
                   "number of claimants (ONS rounds ward counts to the nearest 5). Only the "
                   "latest month is available for wards. Neutral: context.",
                   title="Wards: claimants as a % of residents aged 16-64"),
        _indicator("ward_election_turnout", "Election turnout", "percent", 1, "calendar_year",
                   "Trafford Council election results (via Trafford Data Lab ward_data)",
                   "Turnout at the local elections of May 2023, the first on the 2023 ward "
                   "boundaries. Neutral: context.",
                   title="Wards: local election turnout"),
        _indicator("small_area_imd_score", "IMD score (small area)", "score", 1,
                   "calendar_year", lsoa, "Index of Multiple Deprivation score; higher is "
                   "more deprived." + small, title="Small areas: IMD score (IoD2019)"),
        _indicator("small_area_imd_rank", "IMD rank (small area)", "rank", 0, "calendar_year",
                   lsoa, "Rank among England's 32,844 LSOAs, 1 = most deprived." + small,
                   title="Small areas: IMD rank in England (IoD2019)"),
        _indicator("small_area_imd_decile", "IMD decile (small area)", "rank", 0,
                   "calendar_year", lsoa, "National decile, 1 = the most deprived 10% of "
                   "LSOAs in England." + small, title="Small areas: IMD decile (IoD2019)"),
    ]
    return rows


@lru_cache(maxsize=2)
def _geojson(raw: Path, name: str) -> dict:
    return json.loads((raw / name).read_text(encoding="utf-8"))


def lsoa_wards(raw: Path) -> pd.DataFrame:
    """Each LSOA's code, name and 2023 ward, and whether its centroid was used."""
    wards = _geojson(raw, _WARDS_GEOJSON)["features"]
    rows = []
    for feature in _geojson(raw, _LSOA_GEOJSON)["features"]:
        point, by_centroid = inside_point(feature["geometry"])
        hits = [w["properties"]["area_code"] for w in wards if contains(w["geometry"], point)]
        if len(hits) != 1:
            raise ValueError(f"wards: LSOA {feature['properties']['lsoa11cd']} falls in "
                             f"{len(hits)} 2023 wards")
        rows.append({"area_code": feature["properties"]["lsoa11cd"],
                     "area_name": feature["properties"]["lsoa11nm"], "parent_code": hits[0],
                     "by_centroid": by_centroid})
    return pd.DataFrame(rows).sort_values("area_code", ignore_index=True)


#: Decimal places kept in the bundled boundaries: about a metre.
BOUNDARY_DECIMALS = 5


def _compact_ring(ring: list[list[float]]) -> list[list[float]]:
    rounded = [[round(x, BOUNDARY_DECIMALS), round(y, BOUNDARY_DECIMALS)] for x, y, *_ in ring]
    return [p for i, p in enumerate(rounded) if i == 0 or p != rounded[i - 1]]


def boundaries(raw: Path) -> str:
    """The 2023 ward polygons as compact GeoJSON, one feature a line."""
    features = []
    for feature in sorted(_geojson(raw, _WARDS_GEOJSON)["features"],
                          key=lambda f: f["properties"]["area_code"]):
        rings = [[_compact_ring(ring) for ring in polygon]
                 for polygon in polygons(feature["geometry"])]
        geometry = ({"type": "Polygon", "coordinates": rings[0]} if len(rings) == 1
                    else {"type": "MultiPolygon", "coordinates": rings})
        properties = {"area_code": feature["properties"]["area_code"],
                      "area_name": feature["properties"]["area_name"]}
        features.append(json.dumps({"type": "Feature", "properties": properties,
                                    "geometry": geometry}, separators=(",", ":")))
    return ('{"type":"FeatureCollection","features":[\n' + ",\n".join(features) + "\n]}\n")


def files(raw: Path) -> dict[str, bytes]:
    """Files written beside the tables: the ward boundaries."""
    return {"boundaries.geojson": boundaries(raw).encode("utf-8")}


# -- tables --------------------------------------------------------------------------
def _ward_file(raw: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(raw / name, dtype={"area_code": str, "period": str})


def _ward_observations(raw: Path, codes: set[str]) -> pd.DataFrame:
    parts = []
    for name, (indicator_id, *_rest) in _DOMAINS.items():
        frame = _ward_file(raw, f"{_DEPRIVATION_DIR}/{name}.csv")
        if not (frame["period"] == _IOD_RELEASE).all():
            raise ValueError(f"wards: {name}.csv is not all IoD{_IOD_RELEASE}")
        parts.append(frame.assign(indicator_id=indicator_id))
    parts.append(_ward_file(raw, _TURNOUT_FILE).assign(indicator_id="ward_election_turnout"))
    population = pd.read_csv(raw / _POPULATION_FILE, dtype={"period": str})
    population = population[population["sex"] == "Persons"]
    parts.append(population.assign(indicator_id="ward_population", value=population["all_ages"],
                                   period=population["period"].str[:4]))
    parts.append(_claimants(raw))
    table = pd.concat(parts, ignore_index=True)
    strays = set(table["area_code"]) ^ codes
    if strays:
        raise ValueError(f"wards: codes that are not the 21 wards of 2023: {sorted(strays)}")
    columns = ["area_code", "indicator_id", "period", "value", "numerator"]
    return table.reindex(columns=columns).assign(
        period=lambda t: t["period"].map(period_label))


def _claimants(raw: Path) -> pd.DataFrame:
    frame = pd.read_csv(raw / _CLAIMANT_FILE, dtype=str)
    frame = frame[frame["area_code"].str.startswith("E05")]
    latest = max(frame["period"].unique(), key=lambda p: pd.Timestamp(p))
    frame = frame[frame["period"] == latest]
    counts = frame[frame["indicator"] == "Claimant count"].set_index("area_code")["value"]
    rates = frame[frame["indicator"].str.startswith("Claimants as a proportion")]
    return pd.DataFrame({"area_code": rates["area_code"], "indicator_id": "ward_claimant_rate",
                         "period": latest, "value": pd.to_numeric(rates["value"]),
                         "numerator": pd.to_numeric(rates["area_code"].map(counts))})


def _small_area_observations(raw: Path) -> pd.DataFrame:
    frame = pd.read_csv(raw / _LSOA_FILE, dtype={"year": str})
    frame = frame[(frame["year"] == "2019")
                  & (frame["index_domain"] == "Index of Multiple Deprivation")]
    return pd.concat([pd.DataFrame({"area_code": frame["lsoa11cd"],
                                    "indicator_id": f"small_area_imd_{measure}",
                                    "period": "2019", "value": frame[measure].astype(float)})
                      for measure in ("score", "rank", "decile")], ignore_index=True)


def _areas(raw: Path, lsoas: pd.DataFrame) -> pd.DataFrame:
    wards = pd.DataFrame([f["properties"] for f in _geojson(raw, _WARDS_GEOJSON)["features"]])
    wards = wards.assign(area_type="ward", parent_code=COUNCIL)[
        ["area_code", "area_name", "area_type", "parent_code"]]
    small = lsoas.assign(area_type="small_area")[list(wards.columns)]
    return pd.concat([wards, small], ignore_index=True).assign(
        region=REGION, nation="England", current=True)


def build(raw: Path) -> dict[str, pd.DataFrame]:
    lsoas = lsoa_wards(raw)
    areas = _areas(raw, lsoas)
    wards = set(areas.loc[areas["area_type"] == "ward", "area_code"])
    small = _small_area_observations(raw)
    if set(small["area_code"]) != set(lsoas["area_code"]):
        raise ValueError("wards: the IoD2019 LSOAs and the LSOA boundaries differ")
    table = pd.concat([_ward_observations(raw, wards), small], ignore_index=True)
    return {"areas": conform("areas", areas),
            "indicators": conform("indicators", pd.DataFrame(_indicators())),
            "observations": observations(table)}
