"""Prepare the next chunk of an import while the current one is being written.

The import's writer thread alternates between Python work (reading, cleaning, keying a chunk) and
SQLite work (inserting it). The large inserts are single statements that run with the GIL
released (ingest/writing/bulk.py), so a second thread can read and clean chunk N+1 meanwhile: measured on
Online Retail, that hides most of the ~2 s of SQLite time behind the Python work.

Only pure work runs here (no connection, no report): ``prepare`` must touch nothing the writer
thread uses. One prepared chunk waits at most (bounded memory); an error in this thread is
raised in the consumer's, with its own traceback; leaving the loop early (cancel, a failed
write) stops this thread and closes the file before ``close`` returns.
"""
from __future__ import annotations

import queue
import threading
from typing import Callable, Iterable, Iterator

_DONE = object()


class Prefetch:
    def __init__(self, source: Callable[[], Iterable], prepare: Callable):
        self._source, self._prepare = source, prepare
        self._queue: queue.Queue = queue.Queue(maxsize=1)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="import-prepare", daemon=True)

    def __enter__(self) -> "Prefetch":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _put(self, item) -> bool:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.05)
                return True
            except queue.Full:
                continue
        return False

    def _run(self) -> None:
        try:
            chunks = iter(self._source())
            try:
                for chunk in chunks:
                    if self._stop.is_set() or not self._put((self._prepare(chunk), None)):
                        return
            finally:
                close = getattr(chunks, "close", None)
                if close is not None:
                    close()  # the reader's file, in the thread that opened it
        except BaseException as exc:  # handed to the consumer, which raises it
            self._put((None, exc))
            return
        self._put((_DONE, None))

    def __iter__(self) -> Iterator:
        while True:
            item, error = self._queue.get()
            if error is not None:
                raise error
            if item is _DONE:
                return
            yield item

    def close(self) -> None:
        self._stop.set()
        while self._thread.is_alive():
            try:  # unblock a waiting put
                self._queue.get(timeout=0.05)
            except queue.Empty:
                pass
        self._thread.join()
