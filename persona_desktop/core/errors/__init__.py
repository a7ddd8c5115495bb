"""Typed errors with a message a shop owner understands, in English and Simplified Chinese.

Every error the user can meet is one of these types. The GUI shows ``str(err)`` (or
``err.message(lang)``) in a dialog; the CLI prints it and exits with ``err.exit_code``.
Messages never contain customer values: only paths, counts and names of things.

One module per area (``base``, ``vault``, ``ingest``, ``analysis``, ``predictions``, ``desktop``
for the desktop app's start and self-test); import
every error from this package (``from ..errors import WrongPassword``), never from the module it
is defined in, so an error can move between modules without touching its callers. This package
imports nothing from the rest of the core but ``i18n``, so any module can import it without a
cycle.
"""
from __future__ import annotations

from .base import (EXIT_DAMAGED, EXIT_OK, EXIT_OTHER, EXIT_USAGE, EXIT_WRONG_PASSWORD,
    PersonaError, UsageError, InvalidSetting, JobCancelled, ReadOnlyLocation, DiskFull)
from .vault import (WrongPassword, WrongRecoveryCode, VaultNotFound, VaultExists, VaultDamaged,
    KeyFileMissing, KeyFileDamaged, KeyFileMismatch, KeyFileRestoredFromSpare, KdfTooWeak,
    UnsupportedVaultVersion,
    VaultInUse, VaultLocked, WeakPassword, PasswordMismatch, BackupDamaged, AuditChainBroken)
from .ingest import (ImportFileMissing, EmptyFile, UnreadableFile, BinaryFile,
    PasswordProtectedWorkbook, LegacyExcelUnsupported, SheetNotFound, UnknownEncoding,
    NoTableInArchive, TooManyColumns, UnusualLineBreaks, MappingIncomplete, MappingConflict)
from .analysis import (RunNotFound, RunsNotComparable, TooFewToCluster, IdenticalCustomers,
    ClusterCountOutOfRange, TooFewCustomers, NoRepeatBuyers, TooFewRepeatBuyers,
    InvalidPurchaseData, ModelDidNotConverge, ModelNotFitted, InvalidRuleSettings,
    TooManyItemsets)
from .predictions import (NoPurchases, HoldoutTooShort, SpendModelUnusable, NotEnoughChurnData,
    NoBaskets, SingleItemBaskets, NoRulesFound, RulesBelowPrivacyFloor, RulesBelowCustomerFloor,
    TooFewOrdersForRules, UnknownCategory, NotEnoughForRecommendations, NoTestCustomers,
    NoPredictions, NoProfileRun, CustomerNotFound, UnknownSegment, GroupTooSmall, UnknownProduct)
from .desktop import (EXIT_CANNOT_START, NoGraphicalSession, DisplayNotRunning, QtLibrariesMissing,
    QtPluginUnusable, DataFolderUnwritable, CjkFontMissing, SelfTestCheckFailed)

__all__ = [
    "EXIT_DAMAGED", "EXIT_OK", "EXIT_OTHER", "EXIT_USAGE", "EXIT_WRONG_PASSWORD", "PersonaError",
    "UsageError", "InvalidSetting", "JobCancelled", "ReadOnlyLocation", "DiskFull",
    "WrongPassword", "WrongRecoveryCode", "VaultNotFound", "VaultExists", "VaultDamaged",
    "KeyFileMissing", "KeyFileDamaged", "KeyFileMismatch", "KeyFileRestoredFromSpare", "KdfTooWeak",
    "UnsupportedVaultVersion",
    "VaultInUse", "VaultLocked", "WeakPassword", "PasswordMismatch", "BackupDamaged",
    "AuditChainBroken", "ImportFileMissing", "EmptyFile", "UnreadableFile", "BinaryFile",
    "PasswordProtectedWorkbook", "LegacyExcelUnsupported", "SheetNotFound", "UnknownEncoding",
    "NoTableInArchive", "TooManyColumns", "UnusualLineBreaks", "MappingIncomplete", "MappingConflict", "RunNotFound", "RunsNotComparable",
    "TooFewToCluster", "IdenticalCustomers", "ClusterCountOutOfRange", "TooFewCustomers",
    "NoRepeatBuyers", "TooFewRepeatBuyers", "InvalidPurchaseData", "ModelDidNotConverge",
    "ModelNotFitted", "InvalidRuleSettings", "TooManyItemsets", "NoPurchases", "HoldoutTooShort",
    "SpendModelUnusable", "NotEnoughChurnData", "NoBaskets", "SingleItemBaskets", "NoRulesFound",
    "RulesBelowPrivacyFloor", "RulesBelowCustomerFloor", "TooFewOrdersForRules", "UnknownCategory",
    "NotEnoughForRecommendations", "NoTestCustomers", "NoPredictions", "NoProfileRun",
    "CustomerNotFound", "UnknownSegment", "GroupTooSmall", "UnknownProduct",
    "EXIT_CANNOT_START", "NoGraphicalSession", "DisplayNotRunning", "QtLibrariesMissing",
    "QtPluginUnusable",
    "DataFolderUnwritable", "CjkFontMissing", "SelfTestCheckFailed",
]
