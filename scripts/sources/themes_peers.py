"""Trafford's CIPFA nearest neighbours under the 2019 model, the one peer list
in ``trafford_themes/data`` that ``peers.py`` does not already build.

Raw file: ``trafford_themes/data/cipfa2019.csv`` (Trafford Data Lab), 15 councils
with ``area_code`` and ``area_name``. No rank is given: as in ``peers.py``, rank
is the row order (the rows are not in code order, so the order is the list's).
The dashboard itself compares its economy and climate measures with the LG
Inform July 2024 list (``cipfa_nearest_neighbours_lg_inform_2024``); this older
list is kept for reading the earlier years of those measures.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ._themes import read_tidy, source
from .common import conform

__all__ = ["SOURCE", "build"]

_FILE = "cipfa2019.csv"
COUNCIL = "E08000009"
GROUP = ("cipfa_nearest_neighbours_2019", "CIPFA nearest neighbours (2019 model)",
         "nearest_neighbours")
SOURCE = source("themes_cipfa_2019", "Trafford Data Lab (CIPFA nearest neighbour model)",
                [_FILE], "Trafford's 15 CIPFA nearest neighbours, 2019 model; rank is the "
                "row order.")


def build(raw: Path) -> dict[str, pd.DataFrame]:
    peers = list(read_tidy(Path(raw), _FILE)["area_code"])
    if peers == sorted(peers) or len(set(peers)) != len(peers):
        raise ValueError(f"{_FILE}: expected 15 distinct councils in the list's own order")
    group_id, group_name, kind = GROUP
    frame = pd.DataFrame({"group_id": group_id, "group_name": group_name, "group_kind": kind,
                          "area_code": COUNCIL, "peer_code": peers,
                          "rank": range(1, len(peers) + 1), "closeness": None})
    return {"peer_groups": conform("peer_groups", frame)}
