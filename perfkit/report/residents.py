"""The summary for residents: how the council is doing, on one page.

A notebook opens its report with :func:`perfkit.open_report` and hands it to
:func:`residents_page`; each method of :class:`ResidentsPage` is one section
and returns HTML for a notebook cell: the title and one sentence on the
whole; the council plan's priorities, one line each; six to eight headline
measures as tiles (chosen by
:func:`perfkit.analysis.headline_measures.choose_headline_measures`); what is
going well; what the council is doing about what is not, from the actions
table; and a footer with the sources. The words are in
:mod:`perfkit.report.resident_words`, built from the same verdicts as every
other report, so they cannot disagree with them. The page prints on one
side of A4 (``residents.css``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from importlib.resources import files

import pandas as pd
from IPython.display import HTML

from perfkit.analysis.headline_measures import JUDGED_VERDICTS, choose_headline_measures
from perfkit.analysis.warning_signs import stale_data
from perfkit.markup import escape as _e
from perfkit.periods import parse_period
from perfkit.report import blocks
from perfkit.report import resident_words as words
from perfkit.report.page import ReportPage
from perfkit.report.plan import plan_parts, with_priority
from perfkit.report.ward_words import period_words

__all__ = ["ATTENTION_SHOWN", "GOING_WELL_SHOWN", "SYNTHETIC_TABLES", "ResidentsPage",
           "residents_page"]

#: At most this many measures under "What is going well".
GOING_WELL_SHOWN = 3
#: At most this many measures under "What we are doing about what is not";
#: the page says how many more there are.
ATTENTION_SHOWN = 4
#: The tables this page reads whose synthetic rows it must own up to.
SYNTHETIC_TABLES = ("observations", "indicators", "targets", "actions")
#: What each status means, for the key under the tiles ({nation}: the council's).
_KEY = {
    words.GOING_WELL: "getting better, or steady, on target and among the best of "
                      "similar councils",
    "improving": "better than before, beyond normal ups and downs",
    "steady": "any change is within normal ups and downs",
    "watch": "behind {nation} or similar councils, or worse as across {nation}",
    "concern": "clearly worse than before, or short of a level set in law",
    "few": "too few figures yet to tell",
    "stale": "no recent figure",
    "context": "shown for context, neither better nor worse",
}


def _section(anchor: str, heading: str, body: str) -> HTML:
    return HTML(f'<div class="perfkit residents"><h2 id="{anchor}">{_e(heading)}</h2>'
                f"{body}</div>")


def _style() -> str:
    css = files("perfkit.report").joinpath("residents.css").read_text(encoding="utf-8")
    return f"{blocks.page_style()}\n<style>\n{css}</style>"


def _ended(sentence: str) -> str:
    """A sentence that ends "2 need attention:" (before a list), ended with a full stop."""
    return sentence[:-1] + "." if sentence.endswith(":") else sentence


def _source_names(rows: pd.DataFrame) -> list[str]:
    """The publishers of these measures: each source's first part ("ONS")."""
    found = rows["source"].dropna().astype(str) if "source" in rows else pd.Series(dtype=str)
    return sorted(dict.fromkeys(s.split(",")[0].strip() for s in found if s.strip()))


@dataclass
class ResidentsPage:
    """The summary for residents of one report: its measures and the sections."""

    report: ReportPage

    # -- the measures -------------------------------------------------------------
    @cached_property
    def rows(self) -> pd.DataFrame:
        """One row per measure, with its priority and (where known) measure type."""
        indicators = self.report.data.indicators.set_index("indicator_id")
        rows = with_priority(self.report.totals, self.report.data.indicators)
        for column in ("measure_type", "source"):
            if column in indicators.columns and column not in rows.columns:
                rows[column] = rows["indicator_id"].map(indicators[column])
        return rows

    @cached_property
    def current(self) -> pd.DataFrame:
        """The measures judged from recent figures."""
        rows = self.rows
        return rows[rows["verdict"].isin(JUDGED_VERDICTS) & rows["value"].notna()
                    & ~stale_data(rows)]

    @cached_property
    def tiles(self) -> pd.DataFrame:
        """The headline measures, in order, with their ``status``."""
        chosen = choose_headline_measures(self.rows, named=self.report.indicators)
        return chosen.assign(status=words.statuses(chosen))

    @cached_property
    def going_well_rows(self) -> pd.DataFrame:
        """The measures going well: the tiles' first, then those linked to a
        plan priority, then those better than a year earlier, then those
        getting better."""
        rows = self.current.assign(status=words.statuses(self.current))
        well = rows[rows["status"] == words.GOING_WELL]
        better = pd.Series([words.change(row).judgement == "better"
                            for _, row in well.iterrows()], index=well.index, dtype=bool)
        order = pd.DataFrame({"tile": ~well["indicator_id"].isin(self.tiles["indicator_id"]),
                              "unlinked": well["priority"].eq(""), "same": ~better,
                              "steady": well["verdict"].ne("improving")}, index=well.index)
        return well.loc[order.sort_values(list(order.columns), kind="stable").index]

    @cached_property
    def attention_rows(self) -> pd.DataFrame:
        """Every measure that needs attention, the tiles' first; then the tiles
        to keep an eye on."""
        tiles = self.tiles["indicator_id"]
        concern = self.current[self.current["verdict"] == "concern"]
        concern = concern.assign(_later=~concern["indicator_id"].isin(tiles)).sort_values(
            "_later", kind="stable").drop(columns="_later")
        watch = self.tiles[self.tiles["verdict"] == "watch"]
        return pd.concat([concern, watch.drop(columns="status")], ignore_index=True)

    def actions_for(self, indicator_id: str) -> pd.DataFrame:
        """The council's actions for a measure, judged at the end of the
        report's period as every report judges them (``overdue``), those not
        yet done first."""
        actions = self.report.actions
        mine = actions[actions["indicator_id"] == indicator_id]
        return mine.assign(_done=mine["status"].eq("complete")).sort_values(
            "_done", kind="stable").drop(columns="_done")

    # -- the sections -------------------------------------------------------------
    @property
    def year(self) -> str:
        return parse_period(self.report.period).financial_year.label

    def header(self) -> HTML:
        """Style, the title and one sentence on the whole."""
        title = f"How {self.report.council_name} is doing, {self.year}"
        return HTML(f'{_style()}\n<div class="perfkit residents"><h1>{_e(title)}</h1>'
                    f'<p class="lead">{_e(words.whole_sentence(self.current))}</p></div>')

    def priorities(self) -> HTML:
        """The council plan's priorities, one line each (none: nothing)."""
        parts = [p for p in plan_parts(self.rows) if p.priority]
        if not parts:
            return HTML("")
        items = "".join(f"<li><strong>{_e(p.priority)}</strong>: {_e(_ended(p.answer_before_list))}"
                        "</li>" for p in parts)
        intro = "<p>The council plan has these priorities. How their measures are doing:</p>"
        return _section("priorities", "Our priorities",
                        f'{intro}<ul class="plain">{items}</ul>')

    def headline_measures(self) -> HTML:
        """The headline measures as tiles, and what each status means."""
        if self.tiles.empty:
            return _section("key-figures", "Key figures", "<p>There are no recent figures "
                            "to show.</p>")
        tiles = "".join(_tile(row) for _, row in self.tiles.iterrows())
        return _section("key-figures", "Key figures",
                        f'<ul class="tiles">{tiles}</ul>{self._key()}')

    def _key(self) -> str:
        nation = self.report.nation or "the nation"
        shown = [s for s in words.STATUS if s in set(self.tiles["status"])]
        parts = [f'<span aria-hidden="true">{words.STATUS[s][0]}</span> '
                 f"<strong>{_e(words.STATUS[s][1])}</strong>: "
                 f"{_e(_KEY[s].format(nation=nation))}." for s in shown if s in _KEY]
        return f'<p class="tile-key">{" ".join(parts)}</p>'

    def going_well(self) -> HTML:
        """Two or three measures going well, in a sentence each."""
        shown = self.going_well_rows.head(GOING_WELL_SHOWN)
        if shown.empty:
            body = ("<p>None of the measures is clearly better than before or among the "
                    "best of similar councils.</p>")
        else:
            body = '<ul class="plain">' + "".join(
                f"<li><strong>{_e(row['short_title'])}</strong>: "
                f"{_e(words.going_well_sentence(row))}</li>"
                for _, row in shown.iterrows()) + "</ul>"
        return _section("going-well", "What is going well", body)

    def doing_about_it(self) -> HTML:
        """The measures that need attention, and the action on each."""
        rows = self.attention_rows
        if rows.empty:
            return _section("what-we-are-doing", "What we are doing about what is not",
                            "<p>No measure needs attention at the moment.</p>")
        items = "".join(self._attention_item(row)
                        for _, row in rows.head(ATTENTION_SHOWN).iterrows())
        more = len(rows) - ATTENTION_SHOWN
        note = (f"<p>{more} more {'measure needs' if more == 1 else 'measures need'} "
                "attention; the council's full performance report lists them.</p>"
                if more > 0 else "")
        return _section("what-we-are-doing", "What we are doing about what is not",
                        f'<ul class="plain">{items}</ul>{note}')

    def _attention_item(self, row: pd.Series) -> str:
        label = words.STATUS[str(row["verdict"])][1].lower()
        head = (f"<strong>{_e(row['short_title'])}</strong> ({_e(label)}): "
                f"{_e(words.facts(row))}.")
        actions = self.actions_for(str(row["indicator_id"]))
        if actions.empty:
            return f'<li>{head} <span class="action">No action recorded yet.</span></li>'
        done = "".join(f'<span class="action">What we are doing: {_e(a["action"])} '
                       f"(who: {_e(a['owner'])}). {_e(words.action_progress(a))}</span>"
                       for _, a in actions.iterrows())
        return f"<li>{head} {done}</li>"

    def footer(self) -> HTML:
        """Where the figures come from, how old they are, and any made-up data."""
        rep = self.report
        end = parse_period(rep.period).end
        end = f"{end.day} {end:%B %Y}"
        shown = pd.concat([self.tiles, self.attention_rows, self.going_well_rows])
        sources = words.listed(_source_names(shown)) if len(shown) else ""
        parts = [f"The latest figures published up to {rep.period} (to {end}); each says "
                 f"which year it is for. Similar councils: councils like {rep.council_name}, "
                 "chosen by the bodies that publish the figures."]
        if sources:
            parts.append(f"Sources: {sources}. Actions: the council's own records.")
        synthetic = [t for t in rep.data.synthetic_tables if t in SYNTHETIC_TABLES]
        body = "".join(f"<p>{_e(p)}</p>" for p in parts)
        notice = blocks.synthetic_notice(synthetic, rep.council_name) if synthetic else ""
        return HTML(f'<div class="perfkit residents residents-footer">{body}{notice}</div>')


def _tile(row: pd.Series) -> str:
    """One headline measure: title, figure, change, comparison and status."""
    number, unit = words.value_parts(row)
    moved = words.change(row)
    symbol, label = words.STATUS.get(str(row["status"]), ("", str(row["status"])))
    arrow = f'<span class="tile-arrow" aria-hidden="true">{moved.arrow}</span> ' \
        if moved.arrow else ""
    priority = f'<p class="tile-priority">{_e(row["priority"])}</p>' if row.get("priority") \
        else ""
    return (f'<li class="tile tile-{_e(row["status"])}">{priority}'
            f'<h3>{_e(row["short_title"])}</h3>'
            f'<p class="tile-value"><span class="tile-number">{_e(number)}</span>'
            f'<span class="tile-unit">{_e(unit)}</span> <span class="tile-when">in '
            f'{_e(period_words(str(row["period"])))}</span></p>'
            f'<p class="tile-change">{arrow}{_e(moved.text)}</p>'
            f'<p class="tile-compare">{_e(words.comparison(row))}</p>'
            f'<p class="tile-status"><span class="visually-hidden">Status: </span>'
            f'<span class="tile-icon" aria-hidden="true">{symbol}</span>{_e(label)}</p></li>')


def residents_page(report: ReportPage) -> ResidentsPage:
    """The summary for residents of a report opened with :func:`perfkit.open_report`."""
    return ResidentsPage(report)
