"""The portal under load (issue 12): 100 uploads of filled applications from 20 concurrent clients against
`docgen serve --workers 4` on loopback — p50/p95 request-to-report time, errors, and every upload retrieved
afterwards by its id with the sha256 it was stored under. Then one client on the idle server.

    python bench/portal_load.py [--uploads 100] [--clients 20] [--workers 4]

Budgets (design/QUALITY.md): p95 ≤ 1 s under that load on 2 cores, ≤ 150 ms for one client, 0 errors.
Writes bench/results/portal.md (git-ignored) and prints the same table.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from docgen.atomic import write_text_atomic  # noqa: E402


def _files(folder: Path, n: int) -> list[Path]:
    """n distinct filled applications (each its own cluster name, so each its own sha256)."""
    from docgen.formats.docx_fill import fill_docx
    from docgen.generate import new_form
    from docgen.samples import valid_record

    blank = new_form("application", folder, county="陈仓区", year=2026, filename="blank.docx")
    out = []
    for i in range(n):
        record = valid_record("application", 2026, county="陈仓区", cluster=f"陈仓区第{i + 1}钛材产业集群")
        out.append(fill_docx(blank, record, folder / f"申报书-{i + 1:03d}.docx"))
    return out


def _multipart(path: Path) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{path.name}\"\r\n"
            "Content-Type: application/octet-stream\r\n\r\n").encode()
    return head + path.read_bytes() + f"\r\n--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def _request(url: str, token: str, data: bytes | None = None, ctype: str | None = None) -> tuple[int, bytes]:
    req = urllib.request.Request(url, data=data, method="POST" if data is not None else "GET")
    req.add_header("Authorization", f"Bearer {token}")
    if ctype:
        req.add_header("Content-Type", ctype)
    try:
        with urllib.request.urlopen(req, timeout=120) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()
    except OSError as exc:
        return 0, str(exc).encode()


def _upload(base: str, token: str, path: Path) -> dict:
    body, ctype = _multipart(path)
    t = time.perf_counter()
    status, raw = _request(base + "/api/v1/submissions", token, body, ctype)
    elapsed = time.perf_counter() - t
    result = {"file": path, "status": status, "seconds": elapsed, "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}
    if status == 201:
        reply = json.loads(raw)
        result.update(id=reply["id"], stored_sha=reply["sha256"], valid=reply["report"]["valid"])
    return result


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(q * len(values)) - 1))]


def _tree_cpu(root: int) -> float | None:
    """CPU seconds used so far by the server's process tree: the gunicorn master, its workers and what
    they started (each with the children it has reaped: /proc's cutime, cstime). None off Linux."""
    tick = os.sysconf("SC_CLK_TCK")
    total, todo = 0, [root]
    try:
        while todo:
            pid = todo.pop()
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                todo += [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
            except FileNotFoundError:  # ended meanwhile: its time is in its parent's cutime once reaped
                continue
            total += sum(int(v) for v in fields[11:15])  # utime stime cutime cstime
    except (OSError, ValueError, IndexError, AttributeError):
        return None
    return total / tick


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--uploads", type=int, default=100)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--workers", type=int, default=4)
    ap.add_argument("--idle", type=int, default=10, help="sequential uploads by one client afterwards")
    args = ap.parse_args()

    from docgen.portal.accounts import add_user, new_token
    from docgen.portal.config import PortalConfig, ensure_secret
    from docgen.registry.db import open_registry

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        data, db = tmp / "portal", f"sqlite:///{tmp / 'registry.sqlite3'}"
        ensure_secret(PortalConfig(data=data))
        with open_registry(db) as reg:
            add_user(reg, "陈仓区", "county", "陈仓区")
            token, _ = new_token(reg, "陈仓区", 1)
        files = _files(tmp / "in", args.uploads + args.idle)
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        log = (tmp / "serve.log").open("w")
        server = subprocess.Popen([sys.executable, "-m", "docgen", "serve", "--port", str(port), "--workers",
                                   str(args.workers), "--db", db, "--data", str(data)],
                                  env={**os.environ, "DOCGEN_TODAY": "2026-03-20"}, stdout=log, stderr=subprocess.STDOUT)
        try:
            for _ in range(200):
                if _request(base + "/api/v1/due", token)[0] == 200:
                    break
                time.sleep(0.1)
            loaded = files[: args.uploads]
            cpu0, client0, load0 = _tree_cpu(server.pid), time.process_time(), os.getloadavg()[0]
            t0 = time.perf_counter()
            with ThreadPoolExecutor(args.clients) as pool:
                results = list(pool.map(lambda p: _upload(base, token, p), loaded))
            wall = time.perf_counter() - t0
            cpu1, client1 = _tree_cpu(server.pid), time.process_time()
            server_ms = (cpu1 - cpu0) / len(loaded) * 1000 if cpu0 is not None and cpu1 is not None else None
            client_ms = (client1 - client0) / len(loaded) * 1000
            idle = [_upload(base, token, p) for p in files[args.uploads:]]
            errors = [r for r in results + idle if r["status"] != 201]
            lost = 0
            for r in results + idle:
                if r["status"] != 201:
                    continue
                status, raw = _request(f"{base}/api/v1/submissions/{r['id']}/file", token)
                if status != 200 or hashlib.sha256(raw).hexdigest() != r["sha256"] or r["stored_sha"] != r["sha256"]:
                    lost += 1
            times = [r["seconds"] for r in results if r["status"] == 201]
            idle_times = [r["seconds"] for r in idle if r["status"] == 201]
        finally:
            server.terminate()
            server.wait(30)
            log.close()
    ok = [r for r in results if r["status"] == 201]
    rows = [
        ("uploads / concurrent clients / workers", f"{args.uploads} / {args.clients} / {args.workers}", ""),
        ("p50 request → report, under load", f"{statistics.median(times) * 1000:.0f} ms" if times else "—", ""),
        ("p95 request → report, under load", f"{_pct(times, 0.95) * 1000:.0f} ms" if times else "—", "≤ 1000 ms"),
        ("throughput", f"{len(ok) / wall:.1f} uploads/s ({wall:.1f} s wall)", ""),
        ("server CPU per upload (web worker + its check child)", f"{server_ms:.0f} ms" if server_ms else "—", ""),
        ("load client's own CPU per upload (same machine)", f"{client_ms:.0f} ms", ""),
        (f"CPU-bound floor: (server + client) × {args.uploads} / {os.cpu_count()} cores",
         f"{((server_ms or 0) + client_ms) * args.uploads / (os.cpu_count() or 1) / 1000:.1f} s", ""),
        ("the server's share of the cores meanwhile (the rest went to other work on the machine)",
         f"{server_ms * len(loaded) / 1000 / (wall * (os.cpu_count() or 1)) * 100:.0f} %" if server_ms else "—", ""),
        ("1-min load average when the load began", f"{load0:.2f}", ""),
        (f"one client, idle server (median of {len(idle_times)})",
         f"{statistics.median(idle_times) * 1000:.0f} ms" if idle_times else "—", "≤ 150 ms"),
        ("errors", str(len(errors)), "0"),
        ("not retrievable by id with its sha256", str(lost), "0"),
        ("valid reports", f"{sum(1 for r in ok if r.get('valid'))} of {len(ok)}", ""),
    ]
    table = ["| figure | measured | budget |", "|---|---|---|"] + [f"| {a} | {b} | {c} |" for a, b, c in rows]
    text = f"# Portal load ({os.cpu_count()} cores)\n\n" + "\n".join(table) + "\n"
    print(text)
    write_text_atomic(ROOT / "bench" / "results" / "portal.md", text)
    return 0 if not errors and not lost else 1


if __name__ == "__main__":
    sys.exit(main())
