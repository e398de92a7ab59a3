"""The palette: colours and marker shapes from ``palette.yaml`` beside this
file (a colour may name a position in an afcharts palette), read once."""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files

import yaml
from afcharts.af_colours import get_af_colours

__all__ = ["colour", "palette"]


@lru_cache(maxsize=1)
def palette() -> dict:
    """The contents of ``palette.yaml``, read once."""
    text = files("perfkit.charts").joinpath("palette.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


@lru_cache(maxsize=64)
def colour(name: str) -> str:
    """A hex colour from a palette entry: a hex code, or "<afcharts palette>/<n>"."""
    if name.startswith("#"):
        return name
    which, _, position = name.partition("/")
    return get_af_colours(which)[int(position)]
