"""The words used in the reports, each explained once in plain English.

Every term a councillor may not know (SPC, usual range, quartile, tolerance,
statistical neighbours...) is held here once, as a :class:`Term`. The runner
writes :func:`glossary_html` as ``glossary.html`` beside each council's
``index.html``; reports link to an entry with :func:`term_link` and explain a
term where it is first used with :func:`first_use`. The numbers in the
explanations come from the constants the calculations use, so the glossary
stays in step with them and with ``docs/methodology.md``.
"""

from __future__ import annotations

from dataclasses import dataclass

from perfkit.analysis.intervals import CONFIDENCE
from perfkit.analysis.reconcile import ABOUT_THE_SAME
from perfkit.analysis.significance import STRICT_CONFIDENCE
from perfkit.analysis.spc import MIN_POINTS_RELIABLE, RUN_LENGTH
from perfkit.analysis.spc_limits import LIMIT_FACTOR, MIN_POINTS_FOR_LIMITS
from perfkit.analysis.suppression import SUPPRESSION_THRESHOLD
from perfkit.analysis.targets import DEFAULT_TOLERANCE
from perfkit.analysis.warning_signs import STALE_AFTER_PERIODS
from perfkit.markup import escape
from perfkit.report.blocks import page_style

__all__ = [
    "GLOSSARY_FILE",
    "GLOSSARY_TITLE",
    "TERMS",
    "Term",
    "first_use",
    "glossary_html",
    "term",
    "term_link",
]

#: The glossary's file name, beside each council's index.html.
GLOSSARY_FILE = "glossary.html"
GLOSSARY_TITLE = "Words used in these reports"


@dataclass(frozen=True)
class Term:
    """One term: ``key`` (its id on the page), ``name`` (as reports show it),
    ``plain`` (what it means, in a sentence or two) and ``why`` (why it
    matters to a councillor; may be empty)."""

    key: str
    name: str
    plain: str
    why: str = ""


def _percent(share: float) -> str:
    return f"{share * 100:g}%"


def _one_in(confidence: float) -> str:
    """How often a range at this level misses, e.g. "1 time in 20" for 95%."""
    return f"1 time in {round(1 / (1 - confidence))}"


TERMS: tuple[Term, ...] = (
    # -- telling a real change from normal ups and downs --------------------------------
    Term("spc", "Statistical process control (SPC)",
         "A way to tell the normal ups and downs of a figure from a real change. "
         "It looks at all the past figures, not just the last two.",
         "It stops you acting on chance, and points to the changes that need action."),
    Term("usual-range", "Usual range (process limits)",
         "The range a figure usually stays within. It is the average of its past "
         f"figures, plus or minus {LIMIT_FACTOR:g} times the average jump from one "
         "figure to the next.",
         "A figure outside its usual range is a real change. A figure inside it is "
         "most likely normal ups and downs."),
    Term("common-cause", "Normal ups and downs (common cause variation)",
         "The small rises and falls every figure has from one period to the next, "
         "for lots of small reasons. They stay inside the usual range and show no pattern.",
         "Acting on them wastes effort: the figure would probably have moved back anyway."),
    Term("special-cause", "Real change (special cause variation)",
         "A change too big or too lasting to be chance. For example, a figure outside "
         f"its usual range, or {RUN_LENGTH} figures in a row all above (or all below) "
         "the average.",
         "Something has changed. Ask what it was, and whether it was planned."),
    Term("trial-limits", "Trial limits",
         f"A usual range worked out from fewer than {MIN_POINTS_RELIABLE} figures. "
         "It may change as more figures come in. With fewer than "
         f"{MIN_POINTS_FOR_LIMITS} figures there is no usual range at all.",
         "Treat what it says about a real change with care."),
    Term("hit-and-miss", "Hit and miss (target)",
         "The target lies inside the figure's usual range. So, with only normal ups "
         "and downs, the figure will meet the target some of the time and miss it at "
         "other times.",
         "Meeting the target will not be reliable until the way the service works changes."),
    # -- comparing with other councils --------------------------------------------------
    Term("similar-councils", "Similar councils (statistical neighbours)",
         "Councils picked because their areas and people are most like ours, for "
         "example in size, age and how well off people are.",
         "Comparing with them is fairer than comparing with every council in the "
         "nation. Each report names the group it uses for each measure."),
    Term("cipfa-nearest-neighbours", "CIPFA nearest neighbours",
         "The 15 councils most like ours, picked by CIPFA, the public sector "
         "accountants' body. It uses facts such as how many people live in an area, "
         "their ages and how well off they are.",
         "Many councils use this group to compare costs and services."),
    Term("ons-global-neighbours", "ONS global statistical neighbours",
         "Up to 20 councils whose areas are most like ours across many kinds "
         "of figures, picked by the Office for National Statistics (ONS).",
         "It is a good all-round group for comparing many kinds of service."),
    Term("dfe-childrens-neighbours", "DfE children's services statistical neighbours",
         "The 10 councils whose children and families are most like ours, picked by "
         "the Department for Education (DfE).",
         "It is the usual group for comparing services for children and young people."),
    Term("nhs-adult-social-care-peers", "NHS England adult social care peer group",
         "The 15 councils most like ours for adult social care, picked by NHS England.",
         "It is the group used for comparing care and support for adults."),
    Term("quartile", "Quartile (best quarter, bottom quarter)",
         "Put the councils in order, best first, and split them into four equal "
         "groups. The best quarter is the first group. The bottom quarter is the last.",
         "A council can meet its own target and still be in the bottom quarter."),
    Term("median", "Median",
         "The middle figure when all the councils' figures are put in order. Half "
         "are higher and half are lower.",
         "One very high or very low council cannot pull it up or down, as it would "
         "an average."),
    Term("significant-vs-nation", "Significantly better or worse than the nation",
         "The gap between the council's figure and the figure for all councils in its "
         "nation is too big to be chance, given how many people it is based on. If the "
         "gap could be chance, we say 'similar'.",
         "It is the test the government's public health profiles (OHID's Fingertips) "
         "use: the national figure lies outside the council's confidence interval."),
    Term("confidence-interval",
         f"Confidence interval ({_percent(CONFIDENCE)} and {_percent(STRICT_CONFIDENCE)})",
         "A range that the true figure is very likely to lie in. A "
         f"{_percent(CONFIDENCE)} range misses it about {_one_in(CONFIDENCE)}. A "
         f"{_percent(STRICT_CONFIDENCE)} range misses it about {_one_in(STRICT_CONFIDENCE)}.",
         "Small groups give wide ranges, because there are too few people to be sure. "
         f"The wider {_percent(STRICT_CONFIDENCE)} range is the stricter test of a difference."),
    # -- targets -----------------------------------------------------------------------
    Term("target", "Target",
         "The figure the council aims to reach by a set time. The council chooses it.",
         "Check that it is stretching. A target that is always met may be too easy."),
    Term("tolerance", "Tolerance",
         "How far a figure can miss its target and still count as close enough. "
         f"It is often a share of the target, such as {DEFAULT_TOLERANCE:g}%.",
         "Close enough is usually amber, not red. A wide tolerance can make a real "
         "miss look almost on target."),
    Term("rag-rating", "RAG rating (Red, Amber, Green)",
         "A colour that shows how a figure compares with its target. Green meets it. "
         "Amber misses it by a little. Red misses it by more. Each council sets its "
         "own rules for the colours.",
         "A colour on its own hides a lot. These reports always show it beside the "
         "trend and how similar councils are doing."),
    Term("statutory-threshold", "Statutory threshold",
         "The level the law says a service must reach. For example, every education, "
         "health and care plan must be issued within 20 weeks.",
         "Missing it means a legal duty is not being met, however steady the figures are."),
    # -- reading the figures -----------------------------------------------------------
    Term("direction-of-travel", "Direction of travel",
         "Whether a figure got better, got worse or stayed about the same, compared "
         "with the period before or the same time last year.",
         "It compares only two figures. The usual range shows whether the change is "
         "more than normal ups and downs."),
    Term("about-the-same", "About the same",
         f"A change too small to matter: less than {_percent(ABOUT_THE_SAME)} of the "
         "earlier figure, or too small to show once the figures are rounded.",
         "It is only about the size of a change. The usual range shows whether a "
         "change is more than normal ups and downs."),
    Term("percentage-points", "Percentage points",
         "The gap between two percentages. Going from 40% to 50% is a rise of 10 "
         "percentage points. It is not a rise of 10%: it is a rise of 25%.",
         "Mixing the two up can make a change look much bigger or smaller than it is."),
    Term("out-of-date", "Out of date figures",
         f"The latest figure is from more than {STALE_AFTER_PERIODS} of its own "
         "periods before the period the report covers. For a yearly figure, that is "
         f"more than {STALE_AFTER_PERIODS} years.",
         "It says little about how the service is doing now."),
    Term("synthetic-data", "Demonstration data (synthetic)",
         "Made-up figures used to show how the reports work. They are not the "
         "council's own figures.",
         "Do not make decisions from them. Reports say clearly where they are used."),
    Term("suppression", "Hidden small numbers (suppression)",
         f"Numbers from 1 to {SUPPRESSION_THRESHOLD - 1} are hidden and shown as "
         f"'fewer than {SUPPRESSION_THRESHOLD}', so that no one can be picked out. A few "
         "other numbers are hidden too, so the small ones cannot be worked out.",
         "It protects people's privacy. A hidden number is not a missing or zero one."),
)

_BY_KEY = {t.key: t for t in TERMS}


def term(key: str) -> Term:
    """The term with this key; a KeyError names the known keys otherwise."""
    try:
        return _BY_KEY[key]
    except KeyError:
        raise KeyError(f"{key!r} is not in the glossary (perfkit.report.glossary). "
                       f"Known terms: {', '.join(sorted(_BY_KEY))}.") from None


def term_link(key: str, text: str | None = None) -> str:
    """A link to the term's entry in the glossary beside the report, showing
    ``text`` (escaped) or the term's name."""
    found = term(key)
    shown = escape(found.name if text is None else text)
    return f'<a href="{GLOSSARY_FILE}#{found.key}">{shown}</a>'


def first_use(key: str) -> str:
    """The plain explanation, for the sentence where a term is first used (text,
    not HTML: escape it as any other text)."""
    return term(key).plain


#: What the glossary page adds to the report styles.
_GLOSSARY_CSS = """<style>
body { margin: 0; }
main.perfkit { max-width: 46em; margin: 2em auto; padding: 0 1em; }
.perfkit dl.glossary dt { font-weight: 700; margin: 1.5em 0 0.25em; }
.perfkit dl.glossary dd { margin: 0; max-width: 42em; }
.perfkit dl.glossary dd p { margin: 0 0 0.5em; }
.perfkit dl.glossary dt:target { background: #ffdd00; }
</style>"""


def _entry(item: Term) -> str:
    why = f"<p><strong>Why it matters:</strong> {escape(item.why)}</p>" if item.why else ""
    return (f'<dt id="{item.key}">{escape(item.name)}</dt>\n'
            f"<dd><p>{escape(item.plain)}</p>{why}</dd>")


def glossary_html() -> str:
    """The glossary as a complete page, in A to Z order, that needs nothing
    from outside itself."""
    entries = "\n".join(_entry(t) for t in sorted(TERMS, key=lambda t: t.name.casefold()))
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{GLOSSARY_TITLE}</title>\n{page_style()}\n{_GLOSSARY_CSS}\n"
        '</head>\n<body>\n<main class="perfkit">\n'
        f"<h1>{GLOSSARY_TITLE}</h1>\n"
        "<p>Some words in these reports have a special meaning. This page explains "
        "each one in plain English, and says why it matters. They are in A to Z order.</p>\n"
        f'<dl class="glossary">\n{entries}\n</dl>\n'
        '<p><a href="index.html">Back to the list of reports</a></p>\n'
        "</main>\n</body>\n</html>\n")
