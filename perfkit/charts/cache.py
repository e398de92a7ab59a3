"""Charts kept once drawn, so a rerun draws only the charts whose figures changed.

Drawing a chart with matplotlib and writing it as SVG takes about 60 ms, and a
quarterly pack draws over a hundred. Between reruns of a pack (new commentary,
a changed target, one new quarter) most charts are drawn again from exactly
the same figures, and the same chart often appears in two reports of a pack.

When caching is on (the same switch as the validated-data cache:
:func:`perfkit.data.cache.cache_folder`; the runner turns it on), a chart
function wrapped with :func:`kept` is looked up by its name and a hash of
every argument (joblib's hashing, which reads DataFrames and arrays by
content), in a folder named by a hash of perfkit's own source and the versions
of the drawing libraries, so that a change to any of them starts afresh.
Found, the chart comes back as a :class:`DrawnChart`: the SVG, title, text
alternative and data exactly as drawn before; its figure is drawn again only
if something asks for it. Not found, the chart is drawn and kept. A cache
that cannot be read or written is skipped, never an error.

With caching off the wrapped function is the plain function.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import shutil
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pandas as pd

from perfkit.charts.html import chart_html
from perfkit.settings import cache_folder, source_digest

__all__ = ["CHARTS_FOLDER", "KEEP_BYTES", "DrawnChart", "charts_folder", "kept", "prune"]

#: The sub-folder of the cache folder that holds the charts.
CHARTS_FOLDER = "charts"
#: The most the kept charts may take on disk (joblib's ``bytes_limit``); the
#: least recently used go first.
KEEP_BYTES = "500M"
#: Libraries whose version changes how a chart is drawn.
_DRAWING_LIBRARIES = ("matplotlib", "afcharts", "numpy", "pandas", "joblib")


@dataclass(frozen=True, eq=False)
class DrawnChart:
    """A chart as drawn before: everything a report shows of it. Like
    :class:`perfkit.charts.style.Chart`, without holding the figure."""

    title: str
    alt_text: str
    data: pd.DataFrame
    size: tuple[float, float]  # inches
    image: bytes  # the SVG
    redraw: Callable | None = field(default=None, repr=False)

    def svg(self) -> bytes:
        return self.image

    @functools.cached_property
    def chart(self):
        """The chart drawn afresh (for its figure, or a PNG)."""
        if self.redraw is None:
            raise ValueError("this chart was kept without the way to draw it again")
        return self.redraw()

    @property
    def figure(self):
        return self.chart.figure

    def png(self, dpi: float | None = None) -> bytes:
        return self.chart.png(dpi)

    def _repr_html_(self) -> str:
        return chart_html(self)


@functools.lru_cache(maxsize=1)
def _fingerprint() -> str:
    digest = hashlib.sha256(source_digest().encode())
    for name in _DRAWING_LIBRARIES:
        try:
            digest.update(f"{name} {version(name)}\n".encode())
        except PackageNotFoundError:
            digest.update(f"{name} none\n".encode())
    return digest.hexdigest()[:16]


def charts_folder(cache: Path | None = None) -> Path | None:
    """Where charts are kept: ``charts/<fingerprint>`` in the cache folder,
    or None when caching is off."""
    cache = cache if cache is not None else cache_folder()
    return None if cache is None else cache / CHARTS_FOLDER / _fingerprint()


@functools.lru_cache(maxsize=4)
def _memorized(folder: Path):
    import joblib

    return joblib.Memory(folder, verbose=0).cache(_draw)


def _draw(name: str, args: tuple, kwargs: dict) -> DrawnChart:
    """Draw the chart the function ``module:name`` makes from these arguments."""
    module, _, qualname = name.partition(":")
    function = getattr(importlib.import_module(module), qualname)
    chart = getattr(function, "__wrapped__", function)(*args, **kwargs)
    size = tuple(float(inches) for inches in chart.figure.get_size_inches())
    return DrawnChart(chart.title, chart.alt_text, chart.data, size, chart.svg())


def kept(function: Callable) -> Callable:
    """Wrap a chart function (one that returns a Chart) so that, with caching
    on, each distinct chart is drawn once and then taken from the cache."""
    name = f"{function.__module__}:{function.__qualname__}"

    @functools.wraps(function)
    def draw(*args, **kwargs):
        folder = charts_folder()
        if folder is None:
            return function(*args, **kwargs)
        try:
            with warnings.catch_warnings():
                # joblib's own notes (a cache it cannot write, slow hashing); the chart
                # function's warnings still show, as they do with caching off
                warnings.filterwarnings("ignore", module=r"joblib(\.|$)")
                drawn = _memorized(folder)(name, args, kwargs)
        except OSError:
            return function(*args, **kwargs)
        return replace(drawn, redraw=functools.partial(function, *args, **kwargs))

    return draw


def prune(cache: Path | None = None) -> None:
    """Remove charts kept by other versions of perfkit or of the drawing
    libraries, then the least recently used beyond :data:`KEEP_BYTES`."""
    folder = charts_folder(cache)
    if folder is None or not folder.parent.is_dir():
        return
    for other in folder.parent.iterdir():
        if other != folder:
            shutil.rmtree(other, ignore_errors=True)
    if folder.is_dir():
        import joblib

        joblib.Memory(folder, verbose=0).reduce_size(bytes_limit=KEEP_BYTES)
