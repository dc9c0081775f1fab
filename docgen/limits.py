"""Time limits and signals of a run: one file's deadline, and SIGTERM/SIGINT ending a run cleanly.

`deadline(seconds)` interrupts whatever the code inside is doing (a parser looping on a hostile
PDF, an open() stuck on a FIFO swapped in after intake) with `Overrun`, a BaseException so that no
`except Exception` of a reader swallows it. It uses the real-time interval timer, so it works only
in a process's main thread — which a CLI run and each pool worker are; elsewhere it is a no-op and the
pool's own backstop (pipeline) ends the worker instead.

`Terminated` is what SIGTERM becomes inside the CLI (as SIGINT becomes KeyboardInterrupt): raised in
the main thread, it unwinds through every `finally` and `write_atomic`'s cleanup, so workers are ended
and temp files removed before the command exits 143.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class Overrun(BaseException):
    """One file took longer than its time limit."""


class Terminated(BaseException):
    """The process received SIGTERM."""


def _main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


@contextmanager
def deadline(seconds: float | None) -> Iterator[None]:
    """Raise `Overrun` inside the block once `seconds` have passed (no-op off the main thread)."""
    if not seconds or not _main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def fire(_signum, _frame):
        raise Overrun()

    previous = signal.signal(signal.SIGALRM, fire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _on_term(_signum, _frame):
    raise Terminated()


@contextmanager
def terminable() -> Iterator[None]:
    """Within the block, SIGTERM raises `Terminated` in the main thread (no-op elsewhere)."""
    if not _main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _on_term)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def worker_signals() -> None:
    """A pool worker: Ctrl-C is the parent's to handle; SIGTERM (from the parent) ends it at once."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
