"""The Online Retail vault, imported once for the whole run (about a minute each time) and shared
by the import, profiling and prediction checks.

Modules may add analysis runs to it and re-import rows it already holds (which adds none), never
change its data: every module reads the orders as the import stored them. Prediction uses the
latest profiling run when there is one, so its figures are checked as pytest orders the modules
(predict before profile).
"""
from __future__ import annotations

import pytest

from tests.conftest import PASSWORD, shared_data

RETAIL = ("online_retail", "online_retail_2010_2011.csv.gz")


@pytest.fixture(scope="session")
def online_retail(tmp_path_factory):
    """(vault, report, path): Online Retail imported as it is; skipped without ../shared/data."""
    from persona_desktop.core import services
    from persona_desktop.core.vault.store import Vault
    path = shared_data(*RETAIL)
    # The autouse PERSONA_HOME of tests/conftest.py is per test: a session fixture sets its own,
    # for the creation and the import only.
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PERSONA_HOME", str(tmp_path_factory.mktemp("retail-home")))
        vault, _code = Vault.create(tmp_path_factory.mktemp("retail") / "vault", PASSWORD)
        try:
            report = services.import_file(vault, path)
        except BaseException:
            vault.lock(record=False)
            raise
    try:
        yield vault, report, path
    finally:
        vault.lock(record=False)
