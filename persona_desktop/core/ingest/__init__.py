"""Import of shop exports (customers, orders) from CSV/TSV/TXT and Excel files.

Reading is split from understanding: ``reading/`` (``reading.readers``) turns any supported file (plain, ``.gz`` or
``.zip``; any of the encodings Chinese and Western Excel produce) into chunks of raw text cells
with exact row accounting. Later steps map columns, parse values and dates, and quarantine what
they reject, so nothing a shop owner imports is ever dropped without a trace: ``plan`` and
``mapping`` propose the roles, ``transform`` (with ``values``, ``dates``, ``orders``) cleans and
keys each chunk, ``writing/`` stores it, and ``pipeline`` runs the whole import as one transaction.
"""
