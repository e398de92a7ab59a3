"""Choosing what a comparison of councils looks at: the totals of the
observations table (not its breakdowns), and a council grouped with its peers.

Shared by :mod:`perfkit.analysis.finance`, :mod:`perfkit.analysis.spend` and
:mod:`perfkit.analysis.value_for_money`.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from perfkit.data.contract import NO_BREAKDOWN

__all__ = ["group_with_peers", "select_totals"]

#: The breakdown dimension and category of a total (the whole population).


def select_totals(observations: pd.DataFrame) -> pd.DataFrame:
    """The rows of totals, not breakdowns, as a copy without ``attrs`` (the
    loader keeps row numbers there)."""
    keep = (observations["breakdown_dimension"].eq(NO_BREAKDOWN)
            & observations["breakdown_category"].eq(NO_BREAKDOWN))
    totals = observations[keep].copy()
    totals.attrs = {}
    return totals


def group_with_peers(area: str, peers: Sequence[str]) -> list[str]:
    """The council and its peers, each once, the council first."""
    return list(dict.fromkeys([area, *peers]))
