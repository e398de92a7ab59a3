"""Shared test set-up."""

import os

# Explorer widgets stay quiet in every kernel the tests start (nbval included).
os.environ.setdefault("PERFKIT_HEADLESS", "1")
