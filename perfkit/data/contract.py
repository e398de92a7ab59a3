"""The data contract: every table perfkit reads, its columns and its rules.

This module is the single statement of the contract: :data:`TABLES` names
every table, in order. The loader and the validator read it, and
``docs/data-contract.md`` explains it with examples (a test checks that the
two name the same columns). The management information tables are defined in
:mod:`perfkit.data.management_tables`, and the words the contract is written
in (:class:`~perfkit.data.schema.Column`, :class:`~perfkit.data.schema.Table`)
in :mod:`perfkit.data.schema`.

A data folder holds one file per table, named after the table, as CSV, XLSX
or Parquet: ``areas.csv``, ``indicators.xlsx``, ``observations.parquet``...
"""

from __future__ import annotations

from perfkit.data.management_tables import MANAGEMENT_TABLES
from perfkit.data.schema import AREA_CODE, INDICATOR_ID, Column, Table, make_synthetic_column
from perfkit.periods import FREQUENCIES
from perfkit.polarity import POLARITIES
from perfkit.registry import ENQUIRY_LINES

__all__ = [
    "AREA_TYPES",
    "MEASURE_TYPES",
    "NOT_COUNCIL_TYPES",
    "NO_BREAKDOWN",
    "STATUSES",
    "SUPPRESSION_MARKERS",
    "TABLES",
    "TOLERANCE_TYPES",
    "UNITS",
    "WITHIN_COUNCIL_TYPES",
]

#: breakdown_dimension and breakdown_category of a row for the whole population.
NO_BREAKDOWN = "all"
AREA_TYPES = (
    "country",
    "region",
    "county",
    "unitary",
    "metropolitan_district",
    "london_borough",
    "district",
    "combined_authority",
    "ward",
    "small_area",
    "other",
)
#: Area types that are not councils: what a council is compared with (its
#: nation, its region) and the places inside it (wards, small areas).
NOT_COUNCIL_TYPES = ("country", "region", "ward", "small_area")
#: Area types inside a council: their ``parent_code`` is the council (a ward)
#: or the ward (a small area).
WITHIN_COUNCIL_TYPES = ("ward", "small_area")
UNITS = (
    "percent",
    "rate_per_1000",
    "rate_per_10000",
    "rate_per_100000",
    "gbp",
    "gbp_thousands",
    "gbp_millions",
    "gbp_per_head",
    "count",
    "days",
    "weeks",
    "years",
    "score",
    "rank",
    "ratio",
)
STATUSES = ("final", "provisional", "revised", "estimated", "suppressed")
#: Markers that published statistics put in place of a number, and what they mean.
#: A cell holding one of these is missing (never zero) and keeps the reason.
SUPPRESSION_MARKERS = {
    "x": "not available",
    "[x]": "not available",
    "c": "confidential: suppressed to protect small numbers",
    "[c]": "confidential: suppressed to protect small numbers",
    "z": "not applicable",
    "[z]": "not applicable",
    "u": "low reliability",
    "[u]": "low reliability",
    "-": "not available",
    "..": "not available",
    ":": "not available",
    "*": "suppressed",
    "~": "rounds to zero",
    "n/a": "not applicable",
    "na": "not available",
    "low": "fewer than 0.5",
    "[low]": "fewer than 0.5",
    "supp": "suppressed",
}
TOLERANCE_TYPES = ("absolute", "relative")
#: What kind of measure an indicator is (the LGA guide's balance of measures).
MEASURE_TYPES = ("outcome", "output", "process")

#: Every table by name: the published tables, then the management information tables.
TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "areas",
            "Councils and the geographies above them (regions, England).",
            (
                Column("area_code", "code", "ONS code, e.g. E08000009"),
                Column("area_name", "text", "name, e.g. Trafford"),
                Column("area_type", "choice", "kind of area", choices=AREA_TYPES),
                Column("region", "text", "English region, or the nation outside England",
                       nullable=True),
                Column("nation", "choice", "nation",
                       choices=("England", "Wales", "Scotland", "Northern Ireland",
                                "United Kingdom")),
                Column("parent_code", "code",
                       "county of a district, region of a council, council of a ward, "
                       "ward of a small area", required=False, nullable=True),
                Column("dfe_la_number", "integer", "DfE three-digit LA number, if any",
                       required=False, nullable=True),
                Column("current", "bool", "false for a council that has been abolished",
                       required=False, default=True),
            ),
            key=("area_code",),
            required=True,
        ),
        Table(
            "peer_groups",
            "Named groups of similar councils, one row per member of each area's group.",
            (
                Column("group_id", "code", "short id, e.g. ons_global_neighbours"),
                Column("group_name", "text", "name shown in reports"),
                Column("group_kind", "choice", "how the group was made",
                       choices=("statistical_neighbours", "childrens_statistical_neighbours",
                                "nearest_neighbours", "custom")),
                Column("area_code", "code", "the council whose group this is"),
                Column("peer_code", "code", "ONS code of a member of the group"),
                Column("rank", "integer", "1 = closest", nullable=True, minimum=1),
                Column("closeness", "text", "closeness label, e.g. Very close",
                       required=False, nullable=True),
            ),
            key=("group_id", "area_code", "peer_code"),
        ),
        Table(
            "indicators",
            "What each indicator measures and how to read it.",
            (
                Column("indicator_id", "code", "short unique id, e.g. ehcp_20_weeks"),
                Column("title", "text", "full title"),
                Column("short_title", "text", "short title for tables and charts"),
                Column("unit", "choice", "unit of the value", choices=UNITS),
                Column("polarity", "choice", "which direction is better", choices=POLARITIES),
                Column("decimal_places", "integer", "decimal places to show",
                       minimum=0, maximum=4),
                Column("frequency", "choice",
                       "how often the data come: a kind of period, two_yearly or irregular",
                       choices=tuple(FREQUENCIES)),
                Column("source", "text", "publisher and publication"),
                Column("licence", "text", "licence of the data, e.g. OGL v3"),
                Column("enquiry_lines", "choices", "lines of enquiry, separated by ;",
                       choices=ENQUIRY_LINES),
                Column("service", "text", "service area", required=False, nullable=True),
                Column("priority", "text",
                       "the council plan priority or theme it serves, e.g. Healthy Lives",
                       required=False, nullable=True),
                Column("peer_group", "code",
                       "group_id of the peer group its publisher compares it with, "
                       "e.g. nhse_adult_social_care_peers", required=False, nullable=True),
                Column("statutory_basis", "text", "the law behind a legal duty",
                       required=False, nullable=True),
                Column("statutory_threshold", "number",
                       "the statutory standard, in the indicator's unit",
                       required=False, nullable=True),
                Column("description", "text", "what the figure counts",
                       required=False, nullable=True),
                Column("owner", "text", "job title of the officer responsible for it",
                       required=False, nullable=True),
                Column("measure_type", "choice",
                       "outcome (a change in residents' lives), output (what the "
                       "council delivers) or process (how it works)",
                       required=False, nullable=True, choices=MEASURE_TYPES),
                make_synthetic_column(),
            ),
            key=("indicator_id",),
            required=True,
        ),
        Table(
            "observations",
            "The values: one row per area, indicator, period and breakdown.",
            (
                AREA_CODE,
                INDICATOR_ID,
                Column("period", "period", "period label, e.g. 2024-25 Q3"),
                Column("value", "number", "the value; a suppression marker or blank if none",
                       nullable=True),
                Column("numerator", "number", "count the value is made from",
                       required=False, nullable=True, minimum=0),
                Column("denominator", "number", "count it is divided by",
                       required=False, nullable=True, minimum=0),
                Column("breakdown_dimension", "text", "e.g. ethnicity; 'all' for the total",
                       required=False, default=NO_BREAKDOWN),
                Column("breakdown_category", "text", "e.g. Black; 'all' for the total",
                       required=False, default=NO_BREAKDOWN),
                Column("status", "choice", "status of the figure", required=False,
                       choices=STATUSES, default="final"),
                Column("status_reason", "text", "why a value is missing or marked",
                       required=False, nullable=True),
                make_synthetic_column(),
            ),
            key=("area_code", "indicator_id", "period", "breakdown_dimension",
                 "breakdown_category"),
            required=True,
        ),
        Table(
            "targets",
            "The council's targets and tolerances.",
            (
                INDICATOR_ID,
                AREA_CODE,
                Column("period", "period", "period the target is for"),
                Column("target", "number", "target value, in the indicator's unit"),
                Column("tolerance", "number", "how far off still counts as close",
                       nullable=True, minimum=0),
                Column("tolerance_type", "choice", "absolute (in the unit) or relative (%)",
                       required=False, choices=TOLERANCE_TYPES, default="relative"),
                make_synthetic_column(),
            ),
            key=("indicator_id", "area_code", "period"),
        ),
        Table(
            "exceptional_periods",
            "Periods set aside as exceptional, such as the pandemic year.",
            (
                Column("period", "period", "the exceptional period, e.g. 2020-21"),
                Column("reason", "text", "why, in a few words, e.g. the COVID-19 pandemic"),
                make_synthetic_column(),
            ),
            key=("period",),
        ),
        *MANAGEMENT_TABLES,
    )
}
