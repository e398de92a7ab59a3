"""Charts, in the UK Government Analysis Function style.

Every chart function takes numbers already calculated (by
:mod:`perfkit.analysis`), draws them, and returns a :class:`~perfkit.charts.style.Chart`:
the figure, its title, a plain-English text alternative made from the same
numbers, and the data behind it as a table of formatted values.
:func:`perfkit.charts.html.chart_html` puts all three on a page. Nothing is
shown by colour alone; colours and shapes are set in ``palette.yaml``.

* :mod:`~perfkit.charts.spc`: XmR charts of one series, and the short- and long-term pair
  (their words: :mod:`~perfkit.charts.spc_text`; where the words go:
  :mod:`~perfkit.charts.spc_labels`)
* :mod:`~perfkit.charts.sparkline`: a series as a tiny inline SVG, for a table of trends
* :mod:`~perfkit.charts.compare`: a council among its peers; cost against outcome
* :mod:`~perfkit.charts.breakdown`: estimates with intervals by group; the budget
* :mod:`~perfkit.charts.style`, :mod:`~perfkit.charts.palette`, :mod:`~perfkit.charts.svg`:
  what every chart shares
* :mod:`~perfkit.charts.cache`: each chart drawn once and kept
"""
