"""Shared test set-up."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from perfkit.settings import CACHE_VARIABLE, OLD_CACHE_VARIABLE
from tests.browser_support import chromium_path, launch
from tests.paths import ROOT

# Explorer widgets stay quiet in every kernel the tests start (nbval included).
os.environ.setdefault("PERFKIT_HEADLESS", "1")


@pytest.fixture(autouse=True)
def _no_cache_left_on(monkeypatch):
    """A test that runs the command in this process turns the cache on for the
    process (as the command does for its kernels); each test starts without it."""
    monkeypatch.delenv(CACHE_VARIABLE, raising=False)
    monkeypatch.delenv(OLD_CACHE_VARIABLE, raising=False)


@pytest.fixture(scope="session")
def demo_pack(tmp_path_factory):
    """The README's main job, run once per test session: the demo council's
    quarterly pack (``perfkit run parameters/quarterly_deep_dive.yaml``).
    Gives the council's folder and the finished run. It has a cache of its own,
    so it runs the same whatever the user's cache holds."""
    outputs = tmp_path_factory.mktemp("outputs")
    cache = tmp_path_factory.mktemp("cache")
    done = subprocess.run(
        [sys.executable, "-m", "perfkit.run.cli", "run", "parameters/quarterly_deep_dive.yaml",
         "--outputs", str(outputs), "--workers", "2"],
        cwd=ROOT, capture_output=True, text=True, timeout=900,
        env={**os.environ, CACHE_VARIABLE: str(cache)})
    assert done.returncode == 0, done.stderr
    return outputs / "E08000009" / "2025-26-Q3" / "quarterly_deep_dive", done


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, one for the whole session (Playwright's
    sync API allows one at a time): the browser tests share it."""
    executable, problem = chromium_path()
    if executable is None:
        pytest.fail(problem, pytrace=False)
    from playwright.sync_api import sync_playwright  # the test extra installs it

    with sync_playwright() as playwright:
        chromium = launch(playwright, executable)
        yield chromium
        chromium.close()
