"""Entry signatures, checked in worker processes while `verify` walks the chain.

Checking Ed25519 signatures is most of verify's work and holds the GIL, so each
batch goes to a process pool as soon as it fills, while this process goes on
checking links, hashes and seals. A small vault never starts a pool; a machine
that cannot start one checks every signature here.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import NamedTuple

from storage import crypto

BATCH = 4000  # signatures per worker task; below one batch a pool costs more than it saves


class Pending(NamedTuple):
    seq: int
    id: str
    public: bytes
    signature: bytes
    message: bytes


class SignatureQueue:
    """Collects signatures in chain order; `failures()` names every one that does not verify."""

    def __init__(self) -> None:
        self._pending: list[Pending] = []
        self._batches: list[tuple[int, int, Future[list[int]]]] = []  # (start, end, failures within)
        self._pool: ProcessPoolExecutor | None = None
        self._local = (os.cpu_count() or 1) == 1  # no other core, or no pool could be had: check here

    def add(self, item: Pending) -> None:
        self._pending.append(item)
        sent = self._batches[-1][1] if self._batches else 0
        if not self._local and len(self._pending) - sent >= BATCH:
            self._send(sent, len(self._pending))

    def failures(self) -> list[Pending]:
        failed: list[int] = []
        for start, end, future in self._batches:
            try:
                failed += [start + n for n in future.result()]
            except (BrokenProcessPool, OSError):
                failed += [start + n for n in _failing(self._pending[start:end])]
        checked = self._batches[-1][1] if self._batches else 0
        failed += [checked + n for n in _failing(self._pending[checked:])]
        return [self._pending[n] for n in sorted(failed)]

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def _send(self, start: int, end: int) -> None:
        try:
            if self._pool is None:
                context = multiprocessing.get_context("spawn")  # never fork a process holding keys
                self._pool = ProcessPoolExecutor(min(os.cpu_count() or 1, 8), mp_context=context)
            future = self._pool.submit(crypto.failing_signatures, _triples(self._pending[start:end]))
        except (BrokenProcessPool, OSError, RuntimeError):
            self._local = True  # everything not yet sent is checked in failures()
            return
        self._batches.append((start, end, future))


def _triples(batch: list[Pending]) -> list[tuple[bytes, bytes, bytes]]:
    return [(p.public, p.signature, p.message) for p in batch]


def _failing(batch: list[Pending]) -> list[int]:
    return crypto.failing_signatures(_triples(batch))
