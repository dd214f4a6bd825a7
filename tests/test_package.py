"""Package hygiene: exported names, documented settings, errors mapped at the boundary."""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import fields

import pytest

import masar
from masar.errors import MasarError, StoreError
from masar.settings import SETTINGS, Settings

PACKAGES = ["masar", "masar.arabic", "masar.ingest", "masar.copies", "masar.store", "masar.serve"]


@pytest.mark.parametrize("name", PACKAGES)
def test_all_lists_exactly_the_public_names(name: str) -> None:
    module = importlib.import_module(name)
    for exported in module.__all__:
        assert hasattr(module, exported), f"{name}.__all__ names missing {exported}"


def test_every_module_imports_without_side_effects() -> None:
    for info in pkgutil.walk_packages(masar.__path__, "masar."):
        if info.name.endswith("__main__"):
            continue
        importlib.import_module(info.name)


def test_every_setting_is_documented_and_defaulted() -> None:
    documented = {s.name: s for s in SETTINGS}
    assert set(documented) == {f.name for f in fields(Settings)}
    for field in fields(Settings):
        assert documented[field.name].default == field.default
        assert len(documented[field.name].help) > 20


def test_sqlite_errors_are_mapped_at_the_boundary(tmp_path) -> None:
    from masar.store import Store

    with pytest.raises(StoreError) as err:
        Store.open(tmp_path)  # a folder, not a database file
    assert err.value.code == "M032"


def test_errors_render_with_their_code() -> None:
    err = MasarError("something failed", code="M099")
    assert str(err) == "[M099] something failed"
