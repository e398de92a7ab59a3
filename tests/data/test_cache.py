"""The cache of validated data: a load from it is the same as validating
afresh; any change to the files is validated again; errors are never cached."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from perfkit import settings
from perfkit.data import loading
from tests.paths import DATA


@pytest.fixture
def folder(tmp_path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    return copy


def _never_validate(folder):
    raise AssertionError("validated again")


def test_a_cached_load_is_the_same_as_a_fresh_one(folder, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    fresh, problems = loading.validate_data(folder, cache=cache)
    assert len(list(cache.iterdir())) == 1
    monkeypatch.setattr(loading, "_validate", _never_validate)
    cached, cached_problems = loading.validate_data(folder, cache=cache)
    assert cached_problems == problems and cached.warnings == fresh.warnings
    assert cached.files == fresh.files and cached.sources == fresh.sources
    assert list(cached.tables) == list(fresh.tables)
    for name, table in fresh.tables.items():
        pd.testing.assert_frame_equal(cached.tables[name], table, check_exact=True)
        for column in table.select_dtypes(include="object").columns:  # None, NaN, NA apart
            assert list(map(type, cached.tables[name][column])) == list(map(type, table[column]))


def test_the_environment_variable_turns_it_on_and_off(folder, tmp_path, monkeypatch):
    monkeypatch.setenv(settings.CACHE_VARIABLE, "off")
    assert settings.cache_folder() is None
    monkeypatch.setenv(settings.CACHE_VARIABLE, str(tmp_path / "cache"))
    assert settings.cache_folder() == tmp_path / "cache"
    loading.load_data(folder)
    assert len(list((tmp_path / "cache").iterdir())) == 1


def test_a_changed_file_is_validated_again(folder, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    loading.validate_data(folder, cache=cache)
    targets = folder / "targets.csv"
    targets.write_text(targets.read_text("utf-8") + "not,a,valid,row\n", encoding="utf-8")
    dataset, problems = loading.validate_data(folder, cache=cache)
    assert dataset is None and any(p.file == "targets.csv" for p in problems)
    assert len(list(cache.iterdir())) == 1  # the folder with errors was not stored
    monkeypatch.setattr(loading, "_validate", _never_validate)
    with pytest.raises(AssertionError, match="validated again"):
        loading.validate_data(folder, cache=cache)  # still not cached: checked every time
