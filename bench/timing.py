"""Medians over repeated runs, and the "not available" answer for modules that have not landed."""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Timing:
    median: float  # seconds, wall
    low: float
    runs: int
    cpu: float = 0.0  # median CPU seconds of this process: steadier than wall on a busy machine

    @property
    def ms(self) -> float:
        return self.median * 1000.0


def measure(fn: Callable[[], object], repeat: int, warmup: int = 1) -> Timing:
    """Median wall time of `fn()` over `repeat` runs after `warmup` unmeasured ones.

    The garbage collector runs between runs, not inside them, so one run does not pay for another's
    garbage.
    """
    for _ in range(warmup):
        fn()
    samples, cpu = [], []
    for _ in range(repeat):
        gc.collect()
        c0 = time.process_time()
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return Timing(statistics.median(samples), min(samples), len(samples), statistics.median(cpu))


def measure_pair(fn_a: Callable[[], object], fn_b: Callable[[], object], repeat: int,
                 warmup: int = 1) -> tuple[Timing, Timing]:
    """Medians of `fn_a` and `fn_b`, run alternately, so a ratio of the two sees the same machine load
    (others' jobs come and go during a run)."""
    for _ in range(warmup):
        fn_a()
        fn_b()
    wall: dict[int, list[float]] = {0: [], 1: []}
    cpu: dict[int, list[float]] = {0: [], 1: []}
    for _ in range(repeat):
        for i, fn in enumerate((fn_a, fn_b)):
            gc.collect()
            c0 = time.process_time()
            t0 = time.perf_counter()
            fn()
            wall[i].append(time.perf_counter() - t0)
            cpu[i].append(time.process_time() - c0)
    return tuple(Timing(statistics.median(wall[i]), min(wall[i]), repeat, statistics.median(cpu[i])) for i in (0, 1))


class NotAvailable(Exception):
    """A module or command the figure needs is not there (not landed yet, or not installed)."""


def need(module: str, attr: str | None = None):
    """Import `module` (and return `attr` of it), or raise NotAvailable naming what is missing."""
    import importlib

    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        raise NotAvailable(f"not available: {exc.name}") from None
    if attr is None:
        return mod
    try:
        return getattr(mod, attr)
    except AttributeError:
        raise NotAvailable(f"not available: {module}.{attr}") from None
