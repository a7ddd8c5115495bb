"""Reading the file for the wizard (runs in a worker; plain core calls, no Qt)."""
from __future__ import annotations

import dataclasses

from ...core import services


def plan_for_wizard(vault, path, options):
    """``services.plan_import``, but a file whose detected mapping is incomplete still gives a
    plan (with the guesses) so the user can complete the mapping; the core raises instead."""
    from ...core.errors import MappingConflict, MappingIncomplete
    try:
        return services.plan_import(vault, path, options)
    except (MappingIncomplete, MappingConflict):
        if options.mapping:
            raise
    from ...core.ingest.reading import readers
    info = readers.inspect(path, encoding=options.encoding, delimiter=options.delimiter,
                           sheet=options.sheet, has_header=options.has_header)
    columns = list(info.columns)
    placeholder = {c: "ignore" for c in columns}
    placeholder[columns[0]] = "name"  # any valid mapping: only the reading and guesses are used
    draft = services.plan_import(vault, path, dataclasses.replace(options, mapping=placeholder,
                                                                  profile=None))
    draft.options = options
    draft.mapping = {g.column: g.role for g in draft.guesses}
    draft.dayfirst.clear()
    draft.ambiguous_dates.clear()
    draft.checked = False  # decisions from the sample were not taken for this mapping
    return draft
