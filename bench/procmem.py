"""Wall time and peak memory of a command *summed over its process tree* (the CLI and any workers).

`ru_maxrss` of RUSAGE_CHILDREN is the largest single descendant ever reaped, not the sum, so a pool of
workers would look small; instead /proc is sampled every few milliseconds and the RSS of the process
and all its descendants is added up (a lower bound of the true peak: a spike between two samples is
missed), and each process's VmHWM — the kernel's own high-water mark — is summed (an upper bound: the
processes need not peak at once). Linux only, no psutil needed.
"""

from __future__ import annotations

import os
import resource
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

_PAGE = os.sysconf("SC_PAGE_SIZE")


@dataclass
class TreeRun:
    wall: float  # seconds
    peak_tree_mb: float  # peak of the summed RSS of the process tree
    peak_single_mb: float  # the largest VmHWM (kernel's own peak RSS) of any process of the tree
    hwm_sum_mb: float  # sum of every process's VmHWM: an upper bound of the summed peak
    peak_procs: int  # most processes seen at once
    cpu: float  # user + system seconds of the whole tree (children reaped by this run)
    returncode: int
    stdout: bytes
    stderr: bytes


def _children_map() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        # pid (comm) state ppid …; comm may hold spaces or parentheses: split after the last ')'.
        rest = stat[stat.rfind(b")") + 2 :].split()
        kids.setdefault(int(rest[1]), []).append(int(entry.name))
    return kids


def _rss_bytes(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", "rb") as fh:
            return int(fh.read().split()[1]) * _PAGE
    except (OSError, IndexError, ValueError):
        return 0


def _hwm_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", "rb") as fh:
            for line in fh:
                if line.startswith(b"VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def tree_rss(root: int, hwm: dict[int, int] | None = None) -> tuple[int, int]:
    """(summed RSS in bytes, process count) of `root` and all its descendants now; per-pid VmHWM into `hwm`."""
    kids = _children_map()
    total, count, todo = 0, 0, [root]
    while todo:
        pid = todo.pop()
        total += _rss_bytes(pid)
        count += 1
        if hwm is not None:
            hwm[pid] = max(hwm.get(pid, 0), _hwm_kb(pid))
        todo.extend(kids.get(pid, ()))
    return total, count


def run_tree(cmd: list[str], *, cwd: Path | None = None, env: dict | None = None, timeout: float = 600.0,
             interval: float = 0.02, stdout_path: Path | None = None) -> TreeRun:
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    out_fh = open(stdout_path, "wb") if stdout_path else subprocess.PIPE  # noqa: SIM115
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out_fh, stderr=subprocess.PIPE)
    peak = [0, 0]
    hwm: dict[int, int] = {}
    done = threading.Event()

    def sample():
        while not done.is_set():
            total, count = tree_rss(proc.pid, hwm)
            peak[0] = max(peak[0], total)
            peak[1] = max(peak[1], count)
            done.wait(interval)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        stdout, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        stdout, stderr = proc.communicate()
    wall = time.perf_counter() - t0
    done.set()
    sampler.join()
    if stdout_path:
        out_fh.close()
        stdout = b""
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    return TreeRun(wall, peak[0] / 2**20, max(hwm.values(), default=0) / 1024.0, sum(hwm.values()) / 1024.0,
                   peak[1], cpu, proc.returncode, stdout or b"", stderr or b"")
