"""Do perfkit's verdicts carry information? A simulation benchmark.

Run from the project folder (under a minute with the defaults, on 2 cores)::

    .venv/bin/python benchmarks/verdicts.py [--seed 0] [--repeats 2] [--json FILE]

Design. Each scenario is a made-up data folder written to a temporary
directory in the data contract (docs/data-contract.md): ``areas`` (16
unitary councils; no England row, which the contract does not need),
``indicators`` (85: polarity alternating higher_is_better / lower_is_better,
unit alternating in pairs between ``percent`` (mean 50, sd 5) and ``score``
(mean 200, sd 20), so the sd is 10% of the mean for both), ``observations``
(every council x indicator: mean + sd x standard normal noise), ``targets``
(one per council and indicator, for the latest period, equal to the process
mean; tolerance left blank, so the run's ``RagRule`` default applies) and
``peer_groups`` (one custom group: every council's peers are the other 15).
The folder is read with ``perfkit.load_data`` and assessed with
``perfkit.assess`` (``AssessmentOptions(peer_group=...)``), so whatever the
verdict rules are today is what is measured. perfkit's warnings (such as
``SPCWarning``) are silenced for the run.

Scenarios, each for "yearly" (10 financial years, 2015-16 to 2024-25) and
"monthly" (36 months, 2022-04 to 2025-03):

* **in control**: every series is noise around its mean: 16 x 85 = 1,360
  measures per repeat, all counted.
* **shift 1, 2, 3 sd**: as in control, but in one council per indicator
  (council ``i mod 16`` for indicator ``i``) the last 3 yearly (or 6 monthly)
  values move by 1, 2 or 3 sd in the worse direction. The other councils
  stay in control, so the peers are a reference. Only the 85 shifted
  measures per repeat are counted.

What is counted: each measure's verdict code (``verdict`` column) with its
label (``verdict_label``); every code that appears gets a column, so new
codes show up without changing this script. The table gives the share of
measures with each code, and "not steady" (any code but ``steady``). For the
shifts, the share with ``concern`` ("Needs attention") is the detection rate.
The project's aims are printed beside the figures; nothing fails if they are
missed. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import warnings
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

import perfkit
from perfkit.analysis.verdict import AssessmentOptions

COUNCILS = 16
INDICATORS = 85
#: unit -> (process mean, process sd).
UNITS = {"percent": (50.0, 5.0), "score": (200.0, 20.0)}
POLARITIES = ("higher_is_better", "lower_is_better")
PEER_GROUP = "simulated_peers"
SHIFTS_SD = (1, 2, 3)
#: name -> (frequency, period labels, how many of the last values a shift moves).
FREQUENCIES = {
    "yearly": ("financial_year", [f"{y}-{(y + 1) % 100:02d}" for y in range(2015, 2025)], 3),
    "monthly": ("month", list(pd.period_range("2022-04", periods=36, freq="M").strftime("%Y-%m")),
                6),
}
#: Known codes first, in this order; any other code is added after them.
CODE_ORDER = ("concern", "watch", "improving", "steady", "context")
STEADY, CONCERN = "steady", "concern"
MIN_STEADY_IN_CONTROL = 80.0
MAX_CONCERN_IN_CONTROL = 2.0
MIN_CAUGHT_2SD_MONTHLY = 80.0


@dataclass
class Tally:
    """The verdicts counted for one scenario, over every repeat."""

    name: str
    frequency: str
    shift_sd: int
    codes: Counter = field(default_factory=Counter)
    labels: dict = field(default_factory=dict)

    @property
    def measures(self) -> int:
        return sum(self.codes.values())

    def percent(self, code: str) -> float:
        return 100.0 * self.codes.get(code, 0) / max(self.measures, 1)

    def not_steady(self) -> float:
        return 100.0 - self.percent(STEADY)


def code_of(council: int) -> str:
    return f"E06{900000 + council + 1:06d}"


def indicator_table(frequency: str) -> pd.DataFrame:
    rows = []
    for i in range(INDICATORS):
        unit = list(UNITS)[(i // 2) % 2]
        rows.append({"indicator_id": f"sim_{i + 1:03d}", "title": f"Simulated measure {i + 1}",
                     "short_title": f"Measure {i + 1}", "unit": unit,
                     "polarity": POLARITIES[i % 2], "decimal_places": 2,
                     "frequency": frequency, "source": "Simulated", "licence": "none",
                     "enquiry_lines": "trends"})
    return pd.DataFrame(rows)


def area_table() -> pd.DataFrame:
    return pd.DataFrame({"area_code": [code_of(c) for c in range(COUNCILS)],
                         "area_name": [f"Council {c + 1}" for c in range(COUNCILS)],
                         "area_type": "unitary", "region": "Simulated", "nation": "England"})


def peer_group_table() -> pd.DataFrame:
    rows = [{"group_id": PEER_GROUP, "group_name": "All simulated councils",
             "group_kind": "custom", "area_code": code_of(c), "peer_code": code_of(p),
             "rank": rank + 1}
            for c in range(COUNCILS)
            for rank, p in enumerate(p for p in range(COUNCILS) if p != c)]
    return pd.DataFrame(rows)


def simulate_values(rng: np.random.Generator, indicators: pd.DataFrame, periods: int,
                    shift_sd: int, shift_periods: int) -> np.ndarray:
    """values[council, indicator, period]: mean + sd x noise, with the shift
    (in sd, towards worse) over the last periods of the shifted council."""
    means = indicators["unit"].map(lambda u: UNITS[u][0]).to_numpy()
    sds = indicators["unit"].map(lambda u: UNITS[u][1]).to_numpy()
    noise = rng.standard_normal((COUNCILS, INDICATORS, periods))
    worse = np.where(indicators["polarity"] == "higher_is_better", -1.0, 1.0)
    shifted = np.arange(INDICATORS)
    noise[shifted % COUNCILS, shifted, periods - shift_periods:] += (worse * shift_sd)[:, None]
    return means[None, :, None] + sds[None, :, None] * noise


def observation_table(values: np.ndarray, indicators: pd.DataFrame,
                      periods: list[str]) -> pd.DataFrame:
    council, indicator, period = np.indices(values.shape).reshape(3, -1)
    return pd.DataFrame({"area_code": [code_of(c) for c in council],
                         "indicator_id": indicators["indicator_id"].to_numpy()[indicator],
                         "period": np.asarray(periods)[period],
                         "value": values.reshape(-1).round(4)})


def target_table(indicators: pd.DataFrame, latest: str) -> pd.DataFrame:
    means = indicators["unit"].map(lambda u: UNITS[u][0])
    rows = [{"indicator_id": ind, "area_code": code_of(c), "period": latest, "target": mean,
             "tolerance": ""}
            for c in range(COUNCILS) for ind, mean in zip(indicators["indicator_id"], means,
                                                          strict=True)]
    return pd.DataFrame(rows)


def write_folder(folder: Path, rng: np.random.Generator, frequency_name: str,
                 shift_sd: int) -> pd.DataFrame:
    """Write one simulated data folder; return the shifted measures (area, indicator)."""
    frequency, periods, shift_periods = FREQUENCIES[frequency_name]
    indicators = indicator_table(frequency)
    values = simulate_values(rng, indicators, len(periods), shift_sd, shift_periods)
    tables = {"areas": area_table(), "indicators": indicators,
              "observations": observation_table(values, indicators, periods),
              "targets": target_table(indicators, periods[-1]),
              "peer_groups": peer_group_table()}
    for name, table in tables.items():
        table.to_csv(folder / f"{name}.csv", index=False)
    shifted = np.arange(INDICATORS)
    return pd.DataFrame({"area_code": [code_of(c) for c in shifted % COUNCILS],
                         "indicator_id": indicators["indicator_id"]})


def assess_scenario(rng: np.random.Generator, tally: Tally) -> None:
    """Simulate, load and assess one folder; add its verdicts to the tally."""
    with tempfile.TemporaryDirectory(prefix="perfkit-verdicts-") as temp:
        shifted = write_folder(Path(temp), rng, tally.frequency, tally.shift_sd)
        data = perfkit.load_data(temp, cache=False)
        table = perfkit.assess(data, AssessmentOptions(peer_group=PEER_GROUP))
    if tally.shift_sd:
        table = table.merge(shifted, on=["area_code", "indicator_id"])
    tally.codes.update(table["verdict"].astype(str))
    tally.labels.update(zip(table["verdict"].astype(str), table["verdict_label"].astype(str),
                            strict=True))


def run(seed: int, repeats: int) -> list[Tally]:
    rng = np.random.default_rng(seed)
    tallies = [Tally(f"in control, {name}", name, 0) for name in FREQUENCIES]
    tallies += [Tally(f"shift {k} sd, {name}", name, k)
                for name in FREQUENCIES for k in SHIFTS_SD]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _ in range(repeats):
            for tally in tallies:
                assess_scenario(rng, tally)
    return tallies


def all_codes(tallies: list[Tally]) -> list[str]:
    seen = set().union(*(t.codes for t in tallies))
    return [c for c in CODE_ORDER if c in seen] + sorted(seen - set(CODE_ORDER))


def aims(tallies: list[Tally]) -> list[dict]:
    """Each aim with the figure measured and whether it is met."""
    found = []
    for tally in tallies:
        if tally.shift_sd == 0:
            found.append({"figure": f"{tally.name}: % steady", "value": tally.percent(STEADY),
                          "aim": f">= {MIN_STEADY_IN_CONTROL:g}",
                          "met": tally.percent(STEADY) >= MIN_STEADY_IN_CONTROL})
            found.append({"figure": f"{tally.name}: % concern", "value": tally.percent(CONCERN),
                          "aim": f"<= {MAX_CONCERN_IN_CONTROL:g}",
                          "met": tally.percent(CONCERN) <= MAX_CONCERN_IN_CONTROL})
        elif tally.shift_sd == 2 and tally.frequency == "monthly":
            found.append({"figure": f"{tally.name} (last 6 of 36): % concern",
                          "value": tally.percent(CONCERN),
                          "aim": f">= {MIN_CAUGHT_2SD_MONTHLY:g}",
                          "met": tally.percent(CONCERN) >= MIN_CAUGHT_2SD_MONTHLY})
    return found


def print_report(tallies: list[Tally], seed: int, repeats: int, seconds: float) -> None:
    codes = all_codes(tallies)
    labels = {code: label for t in tallies for code, label in t.labels.items()}
    print(f"perfkit {perfkit.__version__} verdicts on simulated data: seed {seed}, "
          f"{repeats} repeat(s), {seconds:.0f} s")
    print("Share of measures with each verdict (%):\n")
    header = f"{'scenario':<24}{'measures':>9}" + "".join(f"{c:>11}" for c in codes)
    print(header + f"{'not steady':>12}")
    print("-" * (len(header) + 12))
    for t in tallies:
        cells = "".join(f"{t.percent(c):>11.1f}" for c in codes)
        print(f"{t.name:<24}{t.measures:>9}{cells}{t.not_steady():>12.1f}")
    print("\n" + "; ".join(f"{c} = {labels[c]}" for c in codes))
    print("Shift rows count only the shifted measure (one council per indicator); "
          "'concern' there is the detection rate.\n")
    print(f"{'aim':<48}{'measured':>9}{'aim':>8}  met")
    for aim in aims(tallies):
        print(f"{aim['figure']:<48}{aim['value']:>9.1f}{aim['aim']:>8}  "
              f"{'yes' if aim['met'] else 'NO'}")


def to_json(tallies: list[Tally], seed: int, repeats: int, seconds: float) -> dict:
    shift_periods = {name: spec[2] for name, spec in FREQUENCIES.items()}
    return {"perfkit_version": perfkit.__version__, "seed": seed, "repeats": repeats,
            "seconds": round(seconds, 1), "councils": COUNCILS, "indicators": INDICATORS,
            "scenarios": [{"name": t.name, "frequency": t.frequency, "shift_sd": t.shift_sd,
                           "shift_periods": shift_periods[t.frequency] if t.shift_sd else 0,
                           "measures": t.measures, "counts": dict(t.codes),
                           "labels": t.labels,
                           "percent": {c: round(t.percent(c), 2) for c in t.codes}}
                          for t in tallies],
            "aims": aims(tallies)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0, help="seed of numpy's default_rng")
    parser.add_argument("--repeats", type=int, default=2,
                        help="simulated folders per scenario (default 2)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures here")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    tallies = run(args.seed, args.repeats)
    seconds = time.perf_counter() - start
    print_report(tallies, args.seed, args.repeats, seconds)
    if args.json:
        figures = to_json(tallies, args.seed, args.repeats, seconds)
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
