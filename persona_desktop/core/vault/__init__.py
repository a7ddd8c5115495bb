"""The encrypted vault: two SQLCipher databases and a key file (see shared/design/vault.md)."""
from .store import Vault, VaultPaths  # noqa: F401
