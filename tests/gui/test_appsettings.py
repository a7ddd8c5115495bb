"""App settings: typed, versioned JSON under the config folder, never personal data."""
from __future__ import annotations

import json

import pytest

from persona_desktop.core import app_settings, paths
from persona_desktop.core.app_settings import AppSettings
from persona_desktop.core.errors import InvalidSetting


def test_defaults_when_nothing_is_saved():
    s = app_settings.load()
    assert (s.language, s.auto_lock_minutes, s.last_vault) == ("", 15, "")


def test_save_and_load_round_trip_under_the_config_folder():
    app_settings.save(AppSettings(language="zh", auto_lock_minutes=5, last_vault="/v"))
    path = app_settings.settings_path()
    assert path.parent == paths.config_root()
    assert json.loads(path.read_text(encoding="utf-8"))["schema_version"] == 1
    assert app_settings.load() == AppSettings(language="zh", auto_lock_minutes=5, last_vault="/v")


def test_version_0_file_is_migrated():
    path = app_settings.settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"lang": "zh_CN", "auto_lock_minutes": 30}), encoding="utf-8")
    s = app_settings.load()
    assert (s.language, s.auto_lock_minutes, s.schema_version) == ("zh", 30, 1)


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", '{"auto_lock_minutes": 0}'])
def test_unreadable_or_invalid_file_gives_defaults(content):
    path = app_settings.settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    assert app_settings.load() == AppSettings()


def test_updates_are_validated():
    with pytest.raises(InvalidSetting):
        AppSettings().updated(auto_lock_minutes=0)
    with pytest.raises(InvalidSetting):
        AppSettings().updated(language="fr")
    with pytest.raises(InvalidSetting):
        AppSettings().updated(customer_email="x@example.com")
    assert AppSettings().updated(auto_lock_minutes=240).auto_lock_minutes == 240
