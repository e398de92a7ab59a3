"""Source modules that turn the raw public files into the data contract's tables.

Each module ``scripts/sources/<name>.py`` defines ``SOURCE`` (or ``SOURCES``, a list)
describing where its raw files came from, and ``build(raw) -> dict[str, DataFrame]``
mapping contract table names to frames. ``scripts/build_data.py`` finds every module
here that has a ``build`` function, runs ``reference`` first and the rest in sorted
order, and writes ``data/``. Shared helpers live in ``common``.
"""
