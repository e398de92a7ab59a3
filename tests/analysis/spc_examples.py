"""Series and helpers shared by the SPC tests (test_spc*.py).

Expected values are worked by hand in the tests' comments, or are published
reference values from NHSRplotthedots (nhs-r-community/NHSRplotthedots).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import strategies as st

# R: set.seed(123); rnorm(20) -- the data of NHSRplotthedots' own tests
# (tests/testthat/test-ptd_spc.R and test-ptd_spc_standard.R)
RNORM_123 = [
    -0.56047565, -0.23017749, 1.55870831, 0.07050839, 0.12928774,
    1.71506499, 0.46091621, -1.26506123, -0.68685285, -0.44566197,
    1.22408180, 0.35981383, 0.40077145, 0.11068272, -0.55584113,
    1.78691314, 0.49785048, -1.96661716, 0.70135590, -0.47279141,
]  # fmt: skip

# A baseline for the hand-worked rule examples: 12 points alternating 10, 12.
#   mean = 11; 11 moving ranges, each 2, so mean moving range = 2 (none screened:
#   2 < 3.267 x 2). Limits 11 +/- 2.66 x 2 = 5.68 and 16.32; two-thirds lines
#   11 +/- (2/3) x 5.32 = 7.4533 and 14.5467. Tests fix the limits with baseline=12,
#   so points added after the baseline are judged against these limits.
BASE = [10.0, 12.0] * 6

#: Series for the property tests: whole numbers, some missing, up to 40 points.
SERIES_VALUES = st.lists(
    st.one_of(st.integers(-500, 500).map(float), st.just(float("nan"))), max_size=40
)


def flagged(result, column):
    """Positions where a boolean rule column is True."""
    return list(np.flatnonzero(result[column].to_numpy()))


def types(result):
    return [None if pd.isna(t) else str(t) for t in result["point_type"]]
