"""What one report reads: its parameters, the data, the council's assessment,
its series and who it is compared with, and the charts of one measure.

:class:`PageData` is the part of :class:`perfkit.report.page.ReportPage` that
picks rows; the sections that turn them into words are in
:mod:`perfkit.report.page` and :mod:`perfkit.report.sections`. Nothing here
calculates: the assessment comes from :func:`perfkit.analysis.verdict.assess`.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd

from perfkit.analysis import exceptional, nations, spc
from perfkit.analysis.action_effects import action_effects
from perfkit.analysis.comparison_groups import choose_peer_groups, peer_group_names
from perfkit.analysis.equality import EQUALITY_DIMENSIONS
from perfkit.analysis.forecast import natural_bounds
from perfkit.analysis.targets import RagRule
from perfkit.analysis.verdict import AssessmentOptions, assess
from perfkit.charts.compare import peer_chart
from perfkit.charts.spc import spc_chart
from perfkit.data.dataset import Dataset
from perfkit.markup import absent
from perfkit.periods import parse_period, period_end_dates
from perfkit.polarity import IMPROVEMENT_OF_POLARITY
from perfkit.registry import NOTEBOOKS
from perfkit.report.comparison_words import group_label

__all__ = ["PageData"]


@dataclass
class PageData:
    """One report: its parameters, the data, and the council's assessment.
    ``indicator_peer_groups``: compare each indicator with the peer group it
    names, where the council has it (False: always ``peer_group``)."""

    notebook: str
    council: str
    period: str
    peer_group: str
    audience: str
    data: Dataset
    theme: str = ""
    indicators: tuple[str, ...] = ()
    suppression_threshold: int = 5
    tolerance: float = 5.0
    indicator_peer_groups: bool = True
    _peer_rows: dict = field(default_factory=dict, repr=False, compare=False)

    # -- what the report covers -------------------------------------------------
    @property
    def title(self) -> str:
        return NOTEBOOKS[self.notebook].title

    @cached_property
    def council_name(self) -> str:
        areas = self.data.areas.set_index("area_code")["area_name"]
        return str(areas.get(self.council, self.council))

    @cached_property
    def nation(self) -> str | None:
        """The council's nation, from the areas table."""
        return nations.nation_of(self.data.areas, self.council)

    @cached_property
    def national_code(self) -> str | None:
        """The code of the nation's own row in the areas table (None: the data have none)."""
        return nations.national_code_of(self.data.areas, self.council)

    def title_of(self, indicator_id: str) -> str:
        """An indicator's short title."""
        table = self.data.indicators.set_index("indicator_id")["short_title"]
        return str(table.get(indicator_id, indicator_id))

    def _chosen_indicators(self) -> list[str]:
        table = self.data.indicators
        line = NOTEBOOKS[self.notebook].enquiry_line
        chosen = table if line is None else table[table["enquiry_lines"].str.contains(line)]
        if self.indicators:
            chosen = chosen[chosen["indicator_id"].isin(self.indicators)]
        if self.theme:
            words = (chosen["indicator_id"] + " " + chosen["title"] + " "
                     + chosen["service"].fillna("")).str.lower()
            chosen = chosen[words.str.contains(self.theme.lower(), regex=False)]
        return list(chosen["indicator_id"])

    @cached_property
    def assessment(self) -> pd.DataFrame:
        """Every series of the council in this report, at its latest value, by
        indicator."""
        options = AssessmentOptions(
            period=self.period, areas=(self.council,), peer_group=self.peer_group,
            indicators=tuple(self._chosen_indicators()),
            rule=RagRule(tolerance=self.tolerance),
            indicator_peer_groups=self.indicator_peer_groups)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", spc.SPCWarning)
            return assess(self.data, options)

    @cached_property
    def actions(self) -> pd.DataFrame:
        """The council's improvement actions, judged at the end of the report's
        period: overdue or not, and what each finished one's measure did since."""
        data = self.data
        return action_effects(data.actions, data.observations, data.indicators, self.council,
                              self.period, data.exceptional_periods)

    @property
    def totals(self) -> pd.DataFrame:
        """One row per indicator: the series without a breakdown."""
        table = self.assessment
        return table[table["breakdown_dimension"] == "all"].reset_index(drop=True)

    def breakdowns(self, dimensions: tuple[str, ...] | None = EQUALITY_DIMENSIONS
                   ) -> pd.DataFrame:
        """The indicators of this report broken down by ``dimensions`` (None:
        any) for the council, up to its period: indicator_id, short_title,
        dimension, in indicator order."""
        table = self.assessment
        broken = table["breakdown_dimension"].ne("all") if dimensions is None else \
            table["breakdown_dimension"].isin(dimensions)
        found = table[broken & table["value"].notna()]
        found = found.drop_duplicates(["indicator_id", "breakdown_dimension"])
        order = {d: i for i, d in enumerate(dimensions or EQUALITY_DIMENSIONS)}
        found = found.assign(_order=found["breakdown_dimension"].map(order).fillna(
            len(order))).sort_values(["indicator_id", "_order", "breakdown_dimension"],
                                     kind="stable")
        return found[["indicator_id", "short_title", "breakdown_dimension"]].rename(
            columns={"breakdown_dimension": "dimension"}).reset_index(drop=True)

    # -- who it is compared with ------------------------------------------------
    def peer_group_for(self, indicator_id: str) -> str | None:
        """The peer group an indicator is compared with for this council (its
        own where it names one the council has, else the run's; None: none)."""
        asked = pd.DataFrame({"area_code": [self.council], "indicator_id": [indicator_id]})
        chosen = choose_peer_groups(asked, self.data.indicators, self.data.peer_groups,
                                    self.peer_group, own_groups=self.indicator_peer_groups)
        return None if absent(chosen.iloc[0]) else str(chosen.iloc[0])

    def group_name(self, group_id: str | None) -> str:
        """A peer group's name for a sentence ("similar councils" for none)."""
        names = peer_group_names(self.data.peer_groups)
        return group_label(None if group_id is None else names.get(group_id, group_id))

    def peers_in(self, group_id: str | None) -> list[str]:
        """The council's peers in a group (not the council itself)."""
        groups = self.data.peer_groups
        if groups is None or group_id is None:
            return []
        chosen = groups[(groups["group_id"] == group_id) & (groups["area_code"] == self.council)]
        return list(chosen["peer_code"])

    # -- the council's series -------------------------------------------------------
    @cached_property
    def own_observations(self) -> pd.DataFrame:
        """The council's rows of the observations table (picked once: a report
        looks up many series, and the whole table is large)."""
        obs = self.data.observations
        return obs[obs["area_code"] == self.council]

    def up_to_period(self, table: pd.DataFrame) -> pd.DataFrame:
        """The rows of ``table`` whose period ends by the end of the report's
        period: a report shows what the council could have known then."""
        end = pd.Timestamp(parse_period(self.period).end)
        return table[period_end_dates(table["period"]) <= end]

    def series(self, indicator_id: str, dimension: str = "all",
               category: str = "all") -> pd.DataFrame:
        """The council's values of one indicator up to the report's period, in order."""
        obs = self.own_observations
        mine = obs[(obs["indicator_id"] == indicator_id)
                   & (obs["breakdown_dimension"] == dimension)
                   & (obs["breakdown_category"] == category)]
        mine = self.up_to_period(mine)
        return mine.assign(_order=[parse_period(p) for p in mine["period"]]).sort_values(
            "_order").drop(columns="_order").reset_index(drop=True)

    def latest_period(self, indicator_id: str, dimensions: tuple[str, ...] | None = None
                      ) -> str | None:
        """The latest period up to the report's with a row for the council
        (``dimensions``: only rows broken down by one of these)."""
        obs = self.own_observations
        rows = obs[obs["indicator_id"] == indicator_id]
        if dimensions is not None:
            rows = rows[rows["breakdown_dimension"].isin(dimensions)]
        periods = self.up_to_period(rows)["period"].unique()
        return max(periods, key=parse_period) if len(periods) else None

    def spc_chart(self, row: pd.Series):
        values = self.series(row["indicator_id"], row["breakdown_dimension"],
                             row["breakdown_category"])
        set_aside = exceptional.in_exceptional(values["period"], self.data.exceptional_periods)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", spc.SPCWarning)
            chart = spc.xmr(values.set_index("period")["value"],
                            improvement=IMPROVEMENT_OF_POLARITY[row["polarity"]],
                            exclude=list(values.loc[set_aside, "period"]))
        bounds = natural_bounds(row["unit"])
        if bounds is not None:
            chart = spc.clip_limits(chart, *bounds)
        target = None if pd.isna(row["target"]) else float(row["target"])
        return spc_chart(chart, title=f"{row['short_title']}, {self.council_name}",
                         unit=row["unit"], decimal_places=int(row["decimal_places"]),
                         polarity=row["polarity"], target=target, area=self.council_name)

    # -- the council among its peers ----------------------------------------------------
    def _group_rows(self, group_id: str | None) -> pd.DataFrame:
        """Rows without a breakdown of the council and its peers in a group
        (picked once per group: the whole table is large)."""
        if group_id not in self._peer_rows:
            members = {self.council, *self.peers_in(group_id)}
            obs = self.data.observations
            self._peer_rows[group_id] = obs[obs["area_code"].isin(members)
                                            & (obs["breakdown_dimension"] == "all")]
        return self._peer_rows[group_id]

    def peer_values(self, indicator_id: str, period: str,
                    group_id: str | None = None) -> pd.DataFrame:
        """The council's and its peers' values (``group_id``: the group; None:
        the one the indicator is compared with)."""
        group_id = self.peer_group_for(indicator_id) if group_id is None else group_id
        obs = self._group_rows(group_id)
        rows = obs[(obs["indicator_id"] == indicator_id) & (obs["period"] == period)]
        names = self.data.areas.set_index("area_code")["area_name"]
        return rows.assign(area_name=rows["area_code"].map(names))

    def peer_chart(self, row: pd.Series):
        """The measure among the peer group the row was compared with."""
        group_id = None if absent(row.get("peer_group")) else str(row["peer_group"])
        if group_id is None:
            return None
        values = self.peer_values(row["indicator_id"], row["period"], group_id)
        if len(values) < 2:
            return None
        return peer_chart(values, focal_code=self.council,
                          title=f"{row['short_title']}: {self.group_name(group_id)}, "
                                f"{row['period']}",
                          unit=row["unit"], decimal_places=int(row["decimal_places"]),
                          polarity=row["polarity"], period=row["period"])
