"""Pseudonymisation, generalisation and (later) data-subject rights; see shared/design/privacy.md."""
