"""The public API re-exported by perfkit/__init__.py resolves, lazily."""

import subprocess
import sys

import perfkit


def test_every_public_name_resolves():
    for name in perfkit.__all__:
        assert getattr(perfkit, name) is not None, name


def test_importing_perfkit_is_light():
    code = "import sys, perfkit; print('matplotlib' in sys.modules, 'pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
