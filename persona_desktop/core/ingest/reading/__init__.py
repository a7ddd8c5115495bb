"""Bytes to records: detect the encoding (encoding) and the table's delimiter, start and header
(sniff); open plain, gzip and zip files (source) and workbooks (excel); read records with exact row
accounting (text, with a faster path for simple lines: fast); sample them (sample_rows). The entry
points are in readers: ``inspect``, ``preview`` and ``iter_chunks``."""
