"""Use cases shared by the GUI and the CLI. Neither of them touches the vault any other way.

One module per area: ``vault`` (create, open, keys, backup, verify, delete), ``imports`` (plan,
run, list and undo imports, quarantine), ``demo`` (the demo vault), ``analysis`` (profile runs,
tags, comparisons) and ``predictions`` (lifetime value, churn, rules, recommendations). Callers
use them through this package: ``services.analyze(vault)``.

Each function takes plain values (and a ``Progress`` for long work) and returns plain values,
the open ``Vault`` or a frozen dataclass of ``results`` (``VaultInfo``, ``ImportRecord``,
``RunComparison``, ``Recommendations``, ``PersonaPredictions``) whose ``to_dict()`` is what the
CLI prints with ``--json``; errors are the typed ones from ``core.errors``. The vault and import use
cases load at once; the demo, analysis and prediction ones load on first use (PEP 562), so
``persona info`` and the GUI's first window do not wait for pandas or scikit-learn.
"""
from __future__ import annotations

import importlib

from ..demo import DEMO_PASSWORD
from .imports import (export_quarantine, import_file, list_imports, mapping_profiles,
                      plan_import, quarantine_rows, run_import, undo_import)
from .vault import (VerifyReport, acknowledge_audit_anomaly, audit_entries, backup,
                    change_password, check_integrity, check_new_password, create_vault,
                    delete_vault, failed_unlock_streak, open_vault, recover, restore, rotate_keys,
                    unlock_delay, unlock_wait, update_settings, vault_exists, vault_info, verify)


# name -> (module, name in that module), loaded on first use
_LAZY = {
    "create_demo_vault": ("demo", "create_demo_vault"),
    "open_or_create_demo": ("demo", "open_or_create_demo"),
    "analyze": ("analysis", "analyze"),
    "latest_run": ("analysis", "latest_run"),
    "get_run": ("analysis", "get_run"),
    "list_runs": ("analysis", "list_runs"),
    "compare_runs": ("analysis", "compare_runs"),
    "tag_rules": ("analysis", "tag_rules"),
    "save_tag_rules": ("analysis", "save_tag_rules"),
    "reset_tag_rules": ("analysis", "reset_tag_rules"),
    "service_lines": ("analysis", "service_lines"),
    "set_product_kind": ("analysis", "set_product_kind"),
    "predict": ("predictions", "predict"),
    "latest_predictions": ("predictions", "latest_predictions"),
    "association_rules": ("predictions", "rules"),
    "recommend": ("predictions", "recommend"),
    "persona_predictions": ("predictions", "persona_predictions"),
}

__all__ = [
    "DEMO_PASSWORD", "VerifyReport", "acknowledge_audit_anomaly", "audit_entries", "backup",
    "change_password", "check_integrity", "check_new_password", "create_vault", "delete_vault", "export_quarantine",
    "failed_unlock_streak", "import_file", "list_imports", "mapping_profiles", "open_vault",
    "plan_import", "quarantine_rows", "recover", "restore", "rotate_keys", "run_import",
    "undo_import", "unlock_delay", "unlock_wait", "update_settings", "vault_exists", "vault_info",
    "verify",
]
__all__ += list(_LAZY)


def __getattr__(name: str):
    if name in _LAZY:
        module, attr = _LAZY[name]
        value = getattr(importlib.import_module(f"{__name__}.{module}"), attr)
        globals()[name] = value      # later look-ups (and monkeypatching) see a plain attribute
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return __all__
