"""perfkit: honest council performance reports for councillors."""

from .periods import Period, PeriodError, parse_period

__all__ = ["Period", "PeriodError", "parse_period"]
__version__ = "0.1.0"
