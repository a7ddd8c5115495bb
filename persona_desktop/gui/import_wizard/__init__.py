"""The import wizard's steps: file, preview, columns, privacy, import, report."""
