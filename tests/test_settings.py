"""Settings from the environment (perfkit/settings.py): one cache setting,
its old name as an alias that warns, the headless switch, the source digest."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from perfkit import settings
from perfkit.settings import CACHE_VARIABLE, HEADLESS_VARIABLE, OLD_CACHE_VARIABLE


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv(CACHE_VARIABLE, raising=False)
    monkeypatch.delenv(OLD_CACHE_VARIABLE, raising=False)
    return tmp_path


def test_the_cache_is_off_unless_the_setting_names_a_folder(home, monkeypatch):
    assert settings.cache_folder() is None
    for off in ("", "0", "off", "OFF", "no", "false"):
        monkeypatch.setenv(CACHE_VARIABLE, off)
        assert settings.cache_folder() is None, off
    monkeypatch.setenv(CACHE_VARIABLE, str(home / "kept"))
    assert settings.cache_folder() == home / "kept"
    assert settings.cache_folder(False) is None
    assert settings.cache_folder(True) == home / "xdg" / "perfkit"
    assert settings.cache_folder(home / "given") == home / "given"


def test_the_old_name_still_works_and_says_it_is_old(home, monkeypatch):
    monkeypatch.setenv(OLD_CACHE_VARIABLE, str(home / "old"))
    with pytest.warns(FutureWarning, match="PERFKIT_CACHE"):
        assert settings.cache_folder() == home / "old"


def test_the_new_name_wins_without_a_warning(home, monkeypatch):
    monkeypatch.setenv(OLD_CACHE_VARIABLE, str(home / "old"))
    monkeypatch.setenv(CACHE_VARIABLE, str(home / "new"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert settings.cache_folder() == home / "new"


def test_enabling_the_cache_keeps_what_the_user_chose(home, monkeypatch):
    settings.enable_cache()
    assert settings.cache_folder() == home / "xdg" / "perfkit"
    monkeypatch.setenv(CACHE_VARIABLE, "off")
    settings.enable_cache()
    assert settings.cache_folder() is None
    monkeypatch.delenv(CACHE_VARIABLE)
    monkeypatch.setenv(OLD_CACHE_VARIABLE, str(home / "old"))
    with pytest.warns(FutureWarning):
        settings.enable_cache()
    assert settings.cache_folder() == home / "old"  # now under the new name: no warning


def test_headless_is_any_value_but_empty_or_zero(monkeypatch):
    for value, expected in (("", False), ("0", False), ("1", True), ("yes", True)):
        monkeypatch.setenv(HEADLESS_VARIABLE, value)
        assert settings.headless() is expected
    monkeypatch.delenv(HEADLESS_VARIABLE)
    assert not settings.headless()


def test_the_source_digest_reads_every_subpackage(tmp_path, monkeypatch):
    package = tmp_path / "perfkit"
    (package / "charts").mkdir(parents=True)
    (package / "a.py").write_text("x = 1\n", encoding="utf-8")
    (package / "charts" / "palette.yaml").write_text("red: '#f00'\n", encoding="utf-8")
    monkeypatch.setattr(settings, "_PACKAGE", package)
    first = settings.source_digest()
    (package / "charts" / "palette.yaml").write_text("red: '#e00'\n", encoding="utf-8")
    assert settings.source_digest() != first
    (package / "charts" / "palette.yaml").write_text("red: '#f00'\n", encoding="utf-8")
    assert settings.source_digest() == first
