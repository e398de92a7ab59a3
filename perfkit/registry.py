"""The report notebooks and their readers: the one list every layer reads.

Each notebook is one line of enquiry of the LGA's guide (plus the overview,
which takes every indicator). The data contract takes its enquiry lines from
here, the report its titles, the run files and the runner their names.
A new notebook goes in ``notebooks/`` and gets one entry here.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["AUDIENCES", "ENQUIRY_LINES", "NOTEBOOKS", "Notebook", "notebook_title"]


@dataclass(frozen=True)
class Notebook:
    """One report notebook (``notebooks/<name>.ipynb``)."""

    name: str
    #: The report's title, on its page and in the index.
    title: str
    #: The indicators it covers: those whose ``enquiry_lines`` name this line
    #: (None: every indicator).
    enquiry_line: str | None
    #: Optional data tables its sections read; without them those sections say so.
    tables: tuple[str, ...] = ()
    #: Roughly how long it takes to run, relative to the others (its charts make
    #: most of it): the runner starts the longest first.
    work: int = 2
    #: What the report shows, for the front page's list of reports, when it
    #: judges no measures of its own (None: it lists its measures' verdicts).
    shows: str | None = None


NOTEBOOKS: dict[str, Notebook] = {notebook.name: notebook for notebook in (
    Notebook("overview", "Performance overview", None,
             ("complaints", "satisfaction", "commentary"), work=1),
    Notebook("legal_duties", "Legal duties", "legal_duties", ("targets", "commentary")),
    Notebook("finance", "Finance and value for money", "finance",
             ("budget_monitoring", "peer_groups"), work=5),
    Notebook("equality", "Equality, diversity and inclusion", "equality"),
    Notebook("trends", "Trends", "trends", work=5),
    Notebook("wards", "Wards: where in the borough things differ", "wards", work=1,
             shows="how the wards compare on deprivation, people claiming "
                   "unemployment benefits and turnout"),
    # the annual cycle: next year's targets, the set of measures, and residents
    Notebook("target_review", "Next year's targets", None,
             ("targets", "peer_groups"), work=1,
             shows="whether next year's proposed targets stretch the council, "
                   "against its own record and similar councils"),
    Notebook("indicator_review", "Reviewing our measures", None,
             ("targets",), work=1,
             shows="whether each measure is current, linked to a priority and able to "
                   "show improvement, and what each counts"),
    Notebook("residents", "How we are doing: a summary for residents", None,
             ("actions",), work=1,
             shows="a one-page summary for residents of how the council is doing"),
)}
#: The enquiry lines an indicator may name (the data contract's choices).
ENQUIRY_LINES = tuple(n.enquiry_line for n in NOTEBOOKS.values() if n.enquiry_line)
#: Who a report is for, from the fewest columns and charts to the most.
AUDIENCES = ("cabinet", "scrutiny", "analyst")


def notebook_title(name: str) -> str:
    """A notebook's title; a notebook perfkit does not know is named from its file."""
    known = NOTEBOOKS.get(name)
    return known.title if known else name.replace("_", " ").capitalize()
