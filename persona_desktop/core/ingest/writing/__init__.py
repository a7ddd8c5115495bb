"""The SQL side of an import: each chunk's rows prepared on a prefetch thread (chunk_rows,
natural_keys), bound and inserted in bulk (binding, bulk), checked (fkcheck) and written in one
transaction per import by the vault's writer (writer)."""
