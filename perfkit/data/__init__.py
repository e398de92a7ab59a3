"""The data layer: the data contract, reading files, validation, cross-table
checks, loading, the :class:`~perfkit.data.dataset.Dataset`, its cache and its summary.
"""
