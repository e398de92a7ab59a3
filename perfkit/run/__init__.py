"""The run layer: the ``perfkit`` command, run files, the runner that executes
the notebooks for each council, and what a run leaves in ``outputs/``.
"""
