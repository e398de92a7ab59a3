"""perfkit's charts, in the UK Government Analysis Function style.

Every chart function takes numbers already calculated (by :mod:`perfkit.analysis.spc`,
:mod:`perfkit.analysis.peers` and the rest), draws them, and returns a
:class:`Chart`: the figure, its title, a plain-English text alternative made
from the same numbers, and the data behind it as a table of formatted values.
:func:`perfkit.report.chart_html` puts all three on the page.

Nothing is shown by colour alone: special cause points have their own marker
shapes and are named in text, the council in focus is in bold and named, and
every chart has a legend or direct labels. Colours and shapes are set in
``palette.yaml``. Rendering the same chart twice gives identical bytes.

=======================  ==================================================
:func:`spc_chart`        XmR chart of one series (:mod:`perfkit.charts.spc`)
:func:`trend_pair`       short-term and long-term XmR charts side by side
:func:`peer_chart`       a council among its peers (:mod:`perfkit.charts.compare`)
:func:`quadrant_chart`   value for money: cost against outcome among peers
:func:`interval_chart`   estimates with intervals by group (:mod:`perfkit.charts.breakdown`)
:func:`budget_chart`     forecast overspend and underspend by service
=======================  ==================================================
"""

from __future__ import annotations

from perfkit.charts.breakdown import SUPPRESSION_THRESHOLD, budget_chart, interval_chart
from perfkit.charts.compare import peer_chart, quadrant_chart
from perfkit.charts.spc import spc_chart, trend_pair
from perfkit.charts.style import Chart, palette, render_png, render_svg

__all__ = [
    "SUPPRESSION_THRESHOLD",
    "Chart",
    "budget_chart",
    "interval_chart",
    "palette",
    "peer_chart",
    "quadrant_chart",
    "render_png",
    "render_svg",
    "spc_chart",
    "trend_pair",
]
