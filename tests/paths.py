"""Where the tests find the project's folders and their own fixtures."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
#: Tiny notebooks, one behaviour each (ok, failing, no parameters...).
FIXTURES = ROOT / "tests" / "notebooks"
#: The bad-input corpus: one broken data folder per case.
CORPUS = ROOT / "tests" / "bad_inputs"
