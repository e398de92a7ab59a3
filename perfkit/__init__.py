"""perfkit: honest council performance reports for councillors.

The public API, in the order a run uses it::

    data = perfkit.load_data("data")                      # validated tables
    table = perfkit.assess(data, perfkit.AssessmentOptions(period="2025-26 Q3"))
    frame = perfkit.xmr(values, improvement="increase")   # SPC for one series...
    chart = perfkit.spc_chart(frame, title=..., unit=...)  # ...drawn as an XmR chart
    report = perfkit.open_report("legal_duties", council="E08000009", ...)
    perfkit.sections.budget(report)                        # one section, as HTML
    perfkit.explore(report)                                # widgets, in JupyterLab

The package is in layers (``data``, ``analysis``, ``charts``, ``report``,
``run``; see docs/architecture.md); these names are the stable way in
(docs/api.md shows them at work).
Names are imported when first used, so ``import perfkit`` stays quick (the
runner's worker processes import it before any notebook runs).
"""

from importlib import import_module

__version__ = "0.1.0"

_EXPORTS = {
    "Period": "periods",
    "PeriodError": "periods",
    "parse_period": "periods",
    "DataError": "problems",
    "Problem": "problems",
    "Dataset": "data.dataset",
    "load_data": "data.loading",
    "validate_data": "data.loading",
    "xmr": "analysis.spc",
    "xmr_many": "analysis.spc_many",
    "variation": "analysis.spc_summary",
    "assurance": "analysis.spc_summary",
    "RagRule": "analysis.targets",
    "rag_status": "analysis.targets",
    "direction_of_travel": "analysis.targets",
    "AssessmentOptions": "analysis.verdict",
    "assess": "analysis.verdict",
    "spc_chart": "charts.spc",
    "chart_html": "charts.html",
    "describe": "report.narrative",
    "scrutiny_questions": "report.questions",
    "open_report": "report.page",
    "explore": "report.explorer",
    "read_parameters": "run.parameters",
    "run_reports": "run.runner",
}
#: Modules the notebooks use by name (``perfkit.sections.budget(report)``).
_MODULES = {"sections": "report.sections", "plan": "report.plan", "wards": "report.wards",
            "target_review": "report.target_review",
            "indicator_review": "report.indicator_review", "residents": "report.residents"}
__all__ = sorted([*_EXPORTS, *_MODULES])


def __getattr__(name: str):
    if name in _EXPORTS:
        value = getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    elif name in _MODULES:
        value = import_module(f".{_MODULES[name]}", __name__)
    else:
        raise AttributeError(f"module 'perfkit' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
