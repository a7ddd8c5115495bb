"""Customer and shop analytics on frames read from the vault (Qt-free, scikit-learn conventions)."""
