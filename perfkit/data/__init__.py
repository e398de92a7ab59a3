"""The data layer: the data contract, reading files (title rows, workbooks
and the folder's ``perfkit.yaml``), validation, cross-table checks, loading,
the :class:`~perfkit.data.dataset.Dataset`, its cache and its summary.
"""
