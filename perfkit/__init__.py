"""perfkit: honest council performance reports for councillors.

The public API, in the order a run uses it::

    data = perfkit.load_data("data")                      # validated tables
    table = perfkit.assess(data, perfkit.AssessmentOptions(period="2025-26 Q3"))
    chart = perfkit.xmr(values, improvement="increase")   # one SPC chart
    report = perfkit.open_report("legal_duties", council="E08000009", ...)

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
    "Dataset": "loading",
    "load_data": "loading",
    "validate_data": "loading",
    "xmr": "spc",
    "xmr_many": "spc_many",
    "variation": "spc_summary",
    "assurance": "spc_summary",
    "RagRule": "targets",
    "rag_status": "targets",
    "direction_of_travel": "targets",
    "AssessmentOptions": "verdict",
    "assess": "verdict",
    "describe": "narrative",
    "scrutiny_questions": "narrative",
    "open_report": "pack",
    "read_parameters": "parameters",
    "run_reports": "runner",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        value = getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'perfkit' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
