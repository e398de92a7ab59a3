"""A sustained shift in the latest few values: the average of the last
``window`` values against the average and spread of the values before them.

SPC's run rule needs 7 values on one side of the average, so a shift that
began 6 months ago is not yet a signal, and limits drawn over the shifted
values widen to take it in. This test asks the plainer question a councillor
asks: "have the last six months been different from before?" It compares
the mean of the last ``window`` values with the mean of the values before
them, in standard errors: sigma is estimated from the earlier values'
average moving range (divided by 1.128, as SPC does), so the shifted values
do not inflate it. A shift of more than :data:`SHIFT_Z` standard errors
(99.8% two-sided) is a signal. The window is half a year of values, and at
least :data:`MIN_WINDOW`; the test needs at least twice the window before it.
Documented in ``docs/methodology.md`` ("A sustained recent shift"); tested in
``tests/analysis/test_recent_shift.py``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from perfkit.analysis.history import SERIES

__all__ = ["D2", "MIN_WINDOW", "SHIFT_Z", "recent_shift"]

#: Standard errors beyond which the recent mean is a shift (99.8%, two-sided).
SHIFT_Z = 3.09
#: The fewest values in the recent window.
MIN_WINDOW = 3
#: The bias correction of the moving range of two values (sigma = mR / d2).
D2 = 1.128


def _windows(latest: pd.DataFrame) -> pd.Series:
    return np.maximum(MIN_WINDOW, latest["periods_per_year"] // 2).astype(int)


def recent_shift(charted: pd.DataFrame, latest: pd.DataFrame) -> pd.DataFrame:
    """For each latest row: ``recent_window`` (values in the window), ``recent_mean``,
    ``earlier_mean`` and ``recent_shift_z`` (recent minus earlier mean, in
    standard errors; NaN where the series is too short or does not vary).
    ``charted`` has every value of each series with its ``period_index``."""
    windows = latest[SERIES].assign(recent_window=_windows(latest).to_numpy())
    values = charted[charted["value"].notna()].merge(windows, on=SERIES)
    values = values.sort_values([*SERIES, "period_index"])
    place = values.groupby(SERIES, sort=False).cumcount(ascending=False)
    values["recent"] = place < values["recent_window"]
    earlier = values[~values["recent"]].copy()
    earlier["moving_range"] = earlier.groupby(SERIES, sort=False)["value"].diff().abs()
    base = earlier.groupby(SERIES).agg(earlier_mean=("value", "mean"),
                                       earlier_count=("value", "size"),
                                       mean_moving_range=("moving_range", "mean"))
    recent = values[values["recent"]].groupby(SERIES).agg(recent_mean=("value", "mean"),
                                                          recent_count=("value", "size"))
    found = windows.join(base, on=SERIES).join(recent, on=SERIES)
    sigma = found["mean_moving_range"] / D2
    error = sigma * np.sqrt(1 / found["recent_window"] + 1 / found["earlier_count"])
    usable = (found["earlier_count"] >= 2 * found["recent_window"]) & (
        found["recent_count"] == found["recent_window"]) & (sigma > 0)
    z = ((found["recent_mean"] - found["earlier_mean"]) / error).where(usable)
    return pd.DataFrame({"recent_window": found["recent_window"].to_numpy(),
                         "recent_mean": found["recent_mean"].to_numpy(),
                         "earlier_mean": found["earlier_mean"].to_numpy(),
                         "recent_shift_z": z.to_numpy()}, index=latest.index)
