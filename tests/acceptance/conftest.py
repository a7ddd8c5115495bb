"""The Online Retail vault, imported once for the whole run (about a minute each time) and shared
by the import, profiling and prediction checks.

The import happens once into a template folder; each module that asks for ``online_retail`` gets
its own copy of that (encrypted) folder, opened with the test password. So a module may add runs
or re-import rows without the others seeing it, and the figures do not depend on the order in
which pytest runs the modules (prediction reads the latest profiling run when there is one).
"""
from __future__ import annotations

import shutil

import pytest

from tests.conftest import PASSWORD, shared_data

RETAIL = ("online_retail", "online_retail_2010_2011.csv.gz")


@pytest.fixture(scope="session")
def online_retail_template(tmp_path_factory):
    """(folder, report, path) of a locked vault holding Online Retail as imported; skipped without
    ../shared/data."""
    from persona_desktop.core import services
    from persona_desktop.core.vault.store import Vault
    path = shared_data(*RETAIL)
    # The autouse PERSONA_HOME of tests/conftest.py is per test: a session fixture sets its own.
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PERSONA_HOME", str(tmp_path_factory.mktemp("retail-home")))
        folder = tmp_path_factory.mktemp("retail") / "vault"
        vault, _code = Vault.create(folder, PASSWORD)
        try:
            report = services.import_file(vault, path)
        finally:
            vault.lock(record=False)
    return folder, report, path


@pytest.fixture(scope="module")
def online_retail(online_retail_template, tmp_path_factory):
    """(vault, report, path): this module's own open copy of the imported Online Retail vault."""
    from persona_desktop.core.vault.store import Vault
    template, report, path = online_retail_template
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PERSONA_HOME", str(tmp_path_factory.mktemp("retail-home")))
        folder = tmp_path_factory.mktemp("retail-copy") / "vault"
        shutil.copytree(template, folder)
        vault = Vault.open(folder, PASSWORD)
    try:
        yield vault, report, path
    finally:
        vault.lock(record=False)
