"""The report layer: what a notebook calls. :func:`~perfkit.report.page.open_report`
gives a :class:`~perfkit.report.page.ReportPage`; its methods and
:mod:`~perfkit.report.sections` return HTML for the cells, in words a
councillor reads.
"""
