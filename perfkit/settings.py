"""Settings read from the environment: the cache folder and the headless switch.

* ``PERFKIT_CACHE``: the folder where perfkit keeps validated data and drawn
  charts between runs (:mod:`perfkit.data.cache`, :mod:`perfkit.charts.cache`).
  Unset, empty, ``0`` or ``off``: nothing is kept. The runner turns it on
  (:func:`enable_cache`). The old name ``PERFKIT_DATA_CACHE`` still works, with
  a warning.
* ``PERFKIT_HEADLESS``: set by the runner for the notebooks it executes, so
  that the explorer widgets stay quiet in a report.
"""

from __future__ import annotations

import hashlib
import os
import warnings
from pathlib import Path

__all__ = [
    "CACHE_VARIABLE",
    "HEADLESS_VARIABLE",
    "OLD_CACHE_VARIABLE",
    "cache_folder",
    "default_cache_folder",
    "enable_cache",
    "headless",
    "source_digest",
]

#: Environment variable naming the cache folder.
CACHE_VARIABLE = "PERFKIT_CACHE"
#: Its former name, still read (with a warning) when the new one is not set.
OLD_CACHE_VARIABLE = "PERFKIT_DATA_CACHE"
#: Environment variable set for notebooks run without anyone to click.
HEADLESS_VARIABLE = "PERFKIT_HEADLESS"
_OFF = ("", "0", "off", "false", "no")
_PACKAGE = Path(__file__).resolve().parent


def default_cache_folder() -> Path:
    """``$XDG_CACHE_HOME/perfkit``, or ``~/.cache/perfkit``."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "perfkit"


def _cache_setting() -> str:
    if CACHE_VARIABLE in os.environ:
        return os.environ[CACHE_VARIABLE]
    if OLD_CACHE_VARIABLE in os.environ:
        warnings.warn(f"{OLD_CACHE_VARIABLE} is the old name of {CACHE_VARIABLE}: "
                      f"set {CACHE_VARIABLE} instead", FutureWarning, stacklevel=3)
        return os.environ[OLD_CACHE_VARIABLE]
    return ""


def cache_folder(cache: str | Path | bool | None = None) -> Path | None:
    """The cache folder to use: ``cache`` if given (True: the default folder,
    False: none), else the :data:`CACHE_VARIABLE` environment variable."""
    if cache is None:
        cache = _cache_setting()
        if str(cache).strip().lower() in _OFF:
            return None
    if cache is False:
        return None
    return default_cache_folder() if cache is True else Path(cache)


def enable_cache() -> None:
    """Turn the cache on for this process and the kernels it starts, unless
    the environment already says otherwise."""
    if CACHE_VARIABLE not in os.environ:
        os.environ[CACHE_VARIABLE] = str(_cache_setting() or default_cache_folder())


def headless() -> bool:
    """True in a notebook run by the runner (or anywhere ``PERFKIT_HEADLESS`` is set)."""
    return os.environ.get(HEADLESS_VARIABLE, "") not in ("", "0")


def source_digest() -> str:
    """A hash of perfkit's own source (its modules and settings files, in
    every subpackage): a change to any of them makes new cache entries."""
    digest = hashlib.sha256()
    paths = [path for pattern in ("*.py", "*.yaml", "*.css") for path in _PACKAGE.rglob(pattern)]
    for path in sorted(paths, key=lambda p: p.relative_to(_PACKAGE).as_posix()):
        digest.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()
