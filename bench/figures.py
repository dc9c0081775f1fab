"""Each figure of design/QUALITY.md's speed table, with its floor or peers, as table rows.

A figure returns a list of `Row`s: the figure itself (with its budget), then its peers (informational,
ratio against the same floor). Anything a figure needs that is not there yields a "not available" row.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench import floors
from bench.inputs import Inputs, copies
from bench.procmem import run_tree
from bench.timing import NotAvailable, Timing, measure, measure_pair, need

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Row:
    figure: str
    measured: str = "—"
    floor: str = "—"
    ratio: str = "—"
    budget: str = "—"
    met: str = "—"  # yes | NO | n/a | — (informational)
    note: str = ""
    met_cpu: str = ""  # the same budget judged on CPU time (when the machine is shared, wall time lies)
    profile: Callable[[], str] | None = field(default=None, repr=False)  # called when met == "NO"


def _join(*parts: str) -> str:
    return "; ".join(p for p in parts if p)


def ms(t: Timing | float) -> str:
    v = t.ms if isinstance(t, Timing) else t * 1000
    return f"{v:.2f} ms" if v < 10 else f"{v:.1f} ms" if v < 1000 else f"{v / 1000:.2f} s"


def yes(ok: bool) -> str:
    return "yes" if ok else "NO"


def env() -> dict[str, str]:
    e = dict(os.environ)
    e["PYTHONPATH"] = str(ROOT) + (os.pathsep + e["PYTHONPATH"] if e.get("PYTHONPATH") else "")
    return e


def docgen_cmd() -> list[str]:
    """How a user runs docgen here: the installed script if there is one, else `python -m docgen`."""
    exe = shutil.which("docgen")
    if exe and "/shims/" in exe:  # a pyenv shim is a bash script: time the real entry point
        real = subprocess.run(["pyenv", "which", "docgen"], capture_output=True, text=True).stdout.strip()
        exe = real or exe
    return [exe] if exe else [sys.executable, "-m", "docgen"]


def unavailable(figure: str, budget: str, why: str) -> Row:
    return Row(figure, measured="not available", budget=budget, met="n/a", note=why)


# --- parse -----------------------------------------------------------------------------------------


def _parser(path: Path):
    """reader + build_record of docgen for this file: a callable returning (record, issues)."""
    build_record = need("docgen.record", "build_record")
    load_form = need("docgen.schema", "load_form")
    read = {
        ".docx": lambda: need("docgen.formats.docx_read", "read_docx"),
        ".xlsx": lambda: need("docgen.formats.xlsx_read", "read_xlsx"),
        ".pdf": lambda: need("docgen.formats.pdf_read", "read_pdf"),
    }[path.suffix]()

    def parse():
        raw = read(path)
        return build_record(load_form(raw.form), raw)

    return parse, read


def _check_round_trip(parse, inp: Inputs, form: str) -> str:
    """A parse that loses data is not a fast parse: say so beside the figure."""
    record, issues = parse()
    errors = [i for i in issues if getattr(i, "severity", None) == "error"]
    want = inp.records.get(form) or {}
    # The years come from the manifest, which a PDF has not (tests/properties names that loss).
    diff = [k for k in want if record.get(k) != want[k] and k != "years"]
    bits = []
    if errors:
        bits.append(f"{len(errors)} error issues ({errors[0].code})")
    if diff:
        bits.append(f"{len(diff)} fields differ from the filled record (e.g. {diff[0]})")
    return "; ".join(bits)


def _cprofile(fn: Callable[[], object], repeat: int = 20, top: int = 25) -> str:
    import cProfile

    prof = cProfile.Profile()
    prof.enable()
    for _ in range(repeat):
        fn()
    prof.disable()
    return f"{repeat} calls profiled (times are totals over all calls)\n" + _stats(prof, top)


def _stats(source, top: int = 25, only: str = "") -> str:
    """Top functions by cumulative and by own time, library paths shortened."""
    import io
    import pstats

    text = ""
    for key in ("cumulative", "tottime"):
        out = io.StringIO()
        st = pstats.Stats(source, stream=out)
        st.sort_stats(key).print_stats(*([only] if only else []), top if key == "cumulative" else 12)
        body = out.getvalue()
        body = body[body.find("   ncalls"):] if "   ncalls" in body else body
        text += f"-- by {key} --\n" + body.replace(str(ROOT) + "/", "").replace(
            "/root/.pyenv/versions/3.11.7/lib/python3.11/site-packages/", "site-packages/") + "\n"
    return text


def parse_docx(inp: Inputs, repeat: int) -> list[Row]:
    fig, budget = "parse a filled `application` .docx into a record", "≤ 3 × floor"
    path = inp.filled.get("application")
    if path is None:
        return [unavailable(fig, budget, "no filled application (" + "; ".join(inp.notes[:2]) + ")")]
    rows = []
    try:
        parse, _ = _parser(path)
        t, floor = measure_pair(parse, lambda: floors.lxml_floor(path), repeat)
        ratio = t.median / floor.median
        rows.append(Row(fig, ms(t), f"{ms(floor)} (zip+lxml)", f"{ratio:.1f}×", budget, yes(ratio <= 3),
                        _join(f"CPU {t.cpu * 1000:.1f} / {floor.cpu * 1000:.1f} ms",
                              _check_round_trip(parse, inp, "application")), profile=lambda: _cprofile(parse),
                        met_cpu=yes(t.cpu <= 3 * floor.cpu)))
    except NotAvailable as exc:
        rows.append(unavailable(fig, budget, str(exc)))
        floor = measure(lambda: floors.lxml_floor(path), repeat)
    for name, fn in (("python-docx, every table cell", floors.python_docx_cells),
                     ("docx2python, whole text", floors.docx2python_text)):
        try:
            t = measure(lambda fn=fn: fn(path), max(3, repeat // 5))
            rows.append(Row(f"  peer: {name}", ms(t), ms(floor), f"{t.median / floor.median:.1f}×"))
        except ImportError as exc:
            rows.append(Row(f"  peer: {name}", "not available", note=f"{exc.name} not installed"))
    return rows


def parse_xlsx(inp: Inputs, repeat: int) -> list[Row]:
    fig, budget = "parse a filled `annual` .xlsx into a record", "≤ 3 × floor"
    path = inp.filled.get("annual")
    if path is None:
        return [unavailable(fig, budget, "no filled annual (" + "; ".join(inp.notes[:2]) + ")")]
    rows = []
    try:
        parse, _ = _parser(path)
        t, floor = measure_pair(parse, lambda: floors.lxml_floor(path), repeat)
        ratio = t.median / floor.median
        rows.append(Row(fig, ms(t), f"{ms(floor)} (zip+lxml, sheets+names)", f"{ratio:.1f}×", budget,
                        yes(ratio <= 3), _join(f"CPU {t.cpu * 1000:.1f} / {floor.cpu * 1000:.1f} ms",
                                               _check_round_trip(parse, inp, "annual")),
                        profile=lambda: _cprofile(parse), met_cpu=yes(t.cpu <= 3 * floor.cpu)))
    except NotAvailable as exc:
        rows.append(unavailable(fig, budget, str(exc)))
        floor = measure(lambda: floors.lxml_floor(path), repeat)
    for name, fn in (("python-calamine, values only (no defined names)", floors.calamine_values),
                     ("openpyxl, load + every cell", floors.openpyxl_values)):
        try:
            t = measure(lambda fn=fn: fn(path), max(3, repeat // 5))
            rows.append(Row(f"  peer: {name}", ms(t), ms(floor), f"{t.median / floor.median:.1f}×"))
        except ImportError as exc:
            rows.append(Row(f"  peer: {name}", "not available", note=f"{exc.name} not installed"))
    return rows


# --- validate --------------------------------------------------------------------------------------


def validate_one(inp: Inputs, repeat: int) -> list[Row]:
    fig, budget = "validate one application (parse + schema + criteria), warm", "≤ 15 ms"
    path = inp.filled.get("application")
    if path is None:
        return [unavailable(fig, budget, "no filled application")]
    try:
        validate_paths = need("docgen.pipeline", "validate_paths")
        need("docgen.validation", "validate_record")
        parse, _ = _parser(path)
    except NotAvailable as exc:
        return [unavailable(fig, budget, str(exc))]
    t = measure(lambda: validate_paths([path]), repeat, warmup=2)
    tp = measure(parse, repeat)
    report = validate_paths([path])
    entry = report["files"][0]
    note = (f"CPU {t.cpu * 1000:.1f} ms; valid={entry['valid']} eligible={entry['eligible']}, "
            f"{len(entry['issues'])} issues ({', '.join(sorted({i['code'] for i in entry['issues']}))})")
    return [Row(fig, ms(t), f"{ms(tp)} (parse only)", f"{t.median / tp.median:.1f}×", budget,
                yes(t.ms <= 15), note, profile=lambda: _cprofile(lambda: validate_paths([path])),
                met_cpu=yes(t.cpu * 1000 <= 15))]


def validate_batch(inp: Inputs, folder: Path | None, n: int, repeat: int) -> list[Row]:
    fig_t = f"validate {n:,} returned .docx/.xlsx files in one `docgen validate` call"
    fig_m = "  … peak memory, summed over the process tree"
    if folder is None:
        return [unavailable(fig_t, "≤ 20 s wall", "no filled forms to make a batch of"),
                unavailable(fig_m, "≤ 300 MB", "no batch")]
    if n < 1000:
        fig_t += " (--quick: budget scaled)"
    budget_s = 20.0 * n / 1000
    cmd = docgen_cmd() + ["validate", str(folder), "--json"]
    runs = []
    for _ in range(repeat):
        with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as fh:
            out = Path(fh.name)
        r = run_tree(cmd, cwd=ROOT, env=env(), stdout_path=out, timeout=300)
        try:
            report = json.loads(out.read_text(encoding="utf-8"))
        except (ValueError, OSError):
            report = None
        out.unlink(missing_ok=True)
        runs.append((r, report))
    r0, report = runs[0]
    if report is None or "summary" not in report:
        err = r0.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [f"exit {r0.returncode}"]
        return [unavailable(fig_t, f"≤ {budget_s:.0f} s wall", f"`docgen validate` gave no JSON report: {err[0][:200]}"),
                unavailable(fig_m, "≤ 300 MB", "")]
    walls = sorted(r.wall for r, _ in runs)
    wall = walls[len(walls) // 2]
    peak = max(r.peak_tree_mb for r, _ in runs)
    single = max(r.peak_single_mb for r, _ in runs)
    hwm_sum = max(r.hwm_sum_mb for r, _ in runs)
    procs = max(r.peak_procs for r, _ in runs)
    s = report["summary"]
    cpu = sorted(r.cpu for r, _ in runs)[len(runs) // 2]
    note = (f"{s['files']} files: {s['valid']} valid, {s['invalid']} invalid (exit {r0.returncode}); "
            f"{wall / max(1, s['files']) * 1000:.1f} ms/file; CPU {cpu:.1f} s over the tree; median of {len(runs)}")
    if s["files"] != n:
        note += f"; EXPECTED {n} files"
    mem_note = (f"sampled every 20 ms; up to {procs} processes at once; the largest one peaked at {single:.0f} MB "
                f"(VmHWM); sum of every process's own peak {hwm_sum:.0f} MB (upper bound)")

    def prof():
        # cProfile of the parent only: with a pool, the workers' time shows as waiting.
        with tempfile.TemporaryDirectory() as tmp:
            pfile = Path(tmp) / "p.prof"
            subprocess.run([sys.executable, "-m", "cProfile", "-o", str(pfile), "-m", "docgen", "validate",
                            str(folder), "--json"], cwd=ROOT, env=env(), capture_output=True, timeout=600)
            parent = _stats(str(pfile), 30, only="docgen|click|json")
        # …and the per-file work, in this process with one worker, on a slice of the same batch.
        import cProfile

        validate_paths = need("docgen.pipeline", "validate_paths")
        files = sorted(folder.rglob("*.*"))[:60]
        prof = cProfile.Profile()
        prof.enable()
        validate_paths(files, jobs=1)
        prof.disable()
        return ("parent process of `docgen validate` (the pool's workers show as lock waits):\n" + parent +
                f"\nin-process, one worker, {len(files)} files of the batch:\n" + _stats(prof, 30))

    cores = min(2, os.cpu_count() or 1)  # the budget's machine has 2 cores; the pool uses ≤ 2 workers
    note += f" (≥ {cpu / cores:.1f} s on {cores} idle cores)"
    return [Row(fig_t, f"{wall:.2f} s", "—", "—", f"≤ {budget_s:.0f} s wall", yes(wall <= budget_s), note,
                profile=prof, met_cpu=yes(cpu / cores <= budget_s)),
            Row(fig_m, f"{peak:.0f} MB", "—", "—", "≤ 300 MB", yes(peak <= 300), mem_note)]


# --- PDF -------------------------------------------------------------------------------------------


def soffice_convert(paths: list[Path], outdir: Path, fmt: str = "pdf") -> list[Path]:
    """pdf_export.convert when it is there, else one soffice call of our own with its own profile."""
    try:
        convert = need("docgen.formats.pdf_export", "convert")
        return convert(paths, fmt, outdir)
    except NotAvailable:
        pass
    exe = shutil.which("soffice")
    if exe is None:
        raise NotAvailable("not available: soffice")
    with tempfile.TemporaryDirectory(prefix="bench-lo-") as prof:
        subprocess.run([exe, f"-env:UserInstallation=file://{prof}", "--headless", "--norestore",
                        "--convert-to", fmt, "--outdir", str(outdir), *map(str, paths)],
                       capture_output=True, timeout=600, check=False)
    return [outdir / f"{p.stem}.{fmt}" for p in paths]


def export_pdfs(inp: Inputs) -> str:
    """PDF of every filled Word form (one soffice call) for the PDF-parse figure."""
    docs = [p for f, p in inp.filled.items() if p.suffix == ".docx"]
    if not docs:
        return "no filled .docx"
    if shutil.which("soffice") is None:
        return "soffice not installed"
    outdir = inp.root / "pdf"
    outdir.mkdir(exist_ok=True)
    try:
        made = soffice_convert(docs, outdir)
    except Exception as exc:  # noqa: BLE001 — the figure says why
        return f"{type(exc).__name__}: {exc}"
    for p, pdf in zip(docs, made, strict=True):
        if pdf.is_file():
            inp.pdf[p.stem] = pdf
    return ""


def parse_pdf(inp: Inputs, repeat: int) -> list[Row]:
    fig, budget = "parse a 2-page PDF export", "≤ 2 × pdfplumber"
    if not inp.pdf:
        return [unavailable(fig, budget, "no PDF exports")]
    pages = {f: floors.pdf_pages(p) for f, p in inp.pdf.items()}
    form = min(pages, key=lambda f: (abs(pages[f] - 2), pages[f]))
    path = inp.pdf[form]
    fig = f"parse a {pages[form]}-page PDF export (`{form}`)"
    try:
        parse, read = _parser(path)
    except NotAvailable as exc:
        return [unavailable(fig, budget, str(exc))]
    t, peer = measure_pair(parse, lambda: floors.pdfplumber_text(path), max(3, repeat // 2))
    ratio = t.median / peer.median
    note = "pages of the other exports: " + ", ".join(f"{f} {n}" for f, n in sorted(pages.items()))
    check = _check_round_trip(parse, inp, form)
    if check:
        note += "; " + check
    note = f"CPU {t.cpu * 1000:.0f} / {peer.cpu * 1000:.0f} ms; " + note
    return [Row(fig, ms(t), f"{ms(peer)} (pdfplumber extract_text)", f"{ratio:.1f}×", budget, yes(ratio <= 2), note,
                profile=lambda: _cprofile(parse, repeat=5), met_cpu=yes(t.cpu <= 2 * peer.cpu))]


def _notice(inp: Inputs) -> Path | None:
    """One official notice (annual-call, 3 clusters) through the CLI: the 1–2 page document a PDF is for."""
    import json as _json

    folder = inp.root / "notice"
    folder.mkdir(exist_ok=True)
    data = folder / "list.json"
    data.write_text(_json.dumps([
        {"city": "宝鸡市", "county": "陈仓区", "cluster_name": "陈仓区钛及钛合金精深加工产业集群", "leading_industry": "钛及钛合金"},
        {"city": "杨凌示范区", "county": "杨陵区", "cluster_name": "杨陵区现代农业装备产业集群", "leading_industry": "农业装备"},
        {"city": "榆林市", "county": "神木市", "cluster_name": "神木市煤化工新材料产业集群", "leading_industry": "煤化工"},
    ], ensure_ascii=False), encoding="utf-8")
    out = folder / "annual-call.docx"
    subprocess.run(docgen_cmd() + ["notice", "annual-call", "--data", str(data), "--doc-number", "陕工信发〔2026〕12号",
                                   "--date", "2026-02-10", "-o", str(out)], cwd=ROOT, env=env(), capture_output=True)
    return out if out.is_file() else None


def _export(to_pdf, paths: list[Path], out: Path) -> tuple[float, float, list[Path]]:
    """(wall, soffice CPU) seconds of one to_pdf call, and what it wrote."""
    import resource

    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    made = to_pdf(paths, out)
    wall = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime, made


def pdf_export(inp: Inputs, n: int, per_file: int) -> list[Row]:
    budget = "≤ 0.25 s/doc"
    fig = f"PDF export of {n} filled forms (4–7 pages each), one warm LibreOffice"
    docs = [p for p in inp.filled.values() if p.suffix == ".docx"]
    if not docs:
        return [unavailable(fig, budget, "no filled .docx")]
    if shutil.which("soffice") is None:
        return [unavailable(fig, budget, "soffice not installed")]
    try:
        to_pdf = need("docgen.formats.pdf_export", "to_pdf")
    except NotAvailable as exc:
        return [unavailable(fig, budget, str(exc))]
    rows = []
    for label, sources in ((fig, docs), (f"PDF export of {n} notices (annual-call), one warm LibreOffice",
                                          [q for q in [_notice(inp)] if q])):
        if not sources:
            rows.append(unavailable(label, budget, "`docgen notice annual-call` wrote nothing"))
            continue
        paths = copies(sources, n, inp.root / f"pdf{len(rows)}-in")
        # The peer: one soffice process per file (what a naive loop does).
        singles = [_export(to_pdf, [p], inp.root / f"pdf{len(rows)}-single")[0] for p in paths[:per_file]]
        single = sorted(singles)[len(singles) // 2]
        wall, cpu, made = _export(to_pdf, paths, inp.root / f"pdf{len(rows)}-out")
        pages = sum(floors.pdf_pages(m) for m in made if m.is_file())
        ok = sum(1 for m in made if m.is_file() and m.stat().st_size > 0)
        rows.append(Row(label, f"{wall / n:.3f} s/doc",
                        f"{single:.2f} s/doc (one soffice per file, median of {len(singles)})",
                        f"{wall / n / single:.2f}×", budget, yes(wall / n <= 0.25),
                        f"{ok}/{n} PDFs, {pages} pages, {wall:.1f} s for the batch ({wall / max(1, pages):.3f} s/page); "
                        f"soffice CPU {cpu / n:.3f} s/doc", met_cpu=yes(cpu / n <= 0.25)))
    return rows


# --- generation and the CLI ------------------------------------------------------------------------


def full_kit(inp: Inputs, repeat: int) -> list[Row]:
    fig, budget = "generate the full blank kit for every county-level unit", "≤ 15 s"
    try:
        all_counties = need("docgen.divisions", "all_counties")
        kit_forms = need("docgen.generate", "KIT_FORMS")
    except NotAvailable as exc:
        return [unavailable(fig, budget, str(exc))]
    n_expected = len(all_counties()) * len(kit_forms)
    help_text = subprocess.run(docgen_cmd() + ["forms", "kit", "--help"], cwd=ROOT, env=env(),
                               capture_output=True, text=True).stdout
    if "--all-counties" not in help_text:
        return [unavailable(fig, budget, "`docgen forms kit --all-counties` not available")]
    walls, cpus, counted, last = [], [], 0, None
    for _ in range(repeat):
        with tempfile.TemporaryDirectory(prefix="bench-kit-") as tmp:
            last = run_tree(docgen_cmd() + ["forms", "kit", "--all-counties", "-o", tmp], cwd=ROOT, env=env(),
                            timeout=300)
            walls.append(last.wall)
            cpus.append(last.cpu)
            counted = sum(1 for p in Path(tmp).rglob("*") if p.suffix in (".docx", ".xlsx"))
    wall = sorted(walls)[len(walls) // 2]
    note = (f"{counted} forms written (expected {n_expected} = {len(all_counties())} counties × {len(kit_forms)}), "
            f"exit {last.returncode}, {wall / max(1, counted) * 1000:.1f} ms/form, CPU {sorted(cpus)[len(cpus) // 2]:.1f} s, peak {last.peak_tree_mb:.0f} MB "
            f"over {last.peak_procs} processes; median of {len(walls)}")

    def prof():
        with tempfile.TemporaryDirectory() as tmp:
            pfile = Path(tmp) / "p.prof"
            subprocess.run([sys.executable, "-m", "cProfile", "-o", str(pfile), "-m", "docgen", "forms", "kit",
                            "--all-counties", "-o", str(Path(tmp) / "kit")], cwd=ROOT, env=env(),
                           capture_output=True, timeout=600)
            return _stats(str(pfile), 30)

    met = wall <= 15 and counted == n_expected
    return [Row(fig, f"{wall:.2f} s", "—", "—", budget, yes(met), note, profile=prof,
                met_cpu=yes(sorted(cpus)[len(cpus) // 2] <= 15 and counted == n_expected))]


def help_time(repeat: int) -> list[Row]:
    fig, budget = "`docgen --help`", "≤ 150 ms"
    cmd = docgen_cmd() + ["--help"]

    import resource

    def run(c):
        def go():
            r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
            subprocess.run(c, cwd=ROOT, env=env(), capture_output=True, check=True)
            r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu.append(r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime)
        return go

    cpu: list[float] = []

    try:
        t = measure(run(cmd), repeat)
    except subprocess.CalledProcessError as exc:
        return [unavailable(fig, budget, f"exit {exc.returncode}")]
    help_cpu = sorted(cpu)[len(cpu) // 2]
    cpu.clear()
    floor = measure(run([sys.executable, "-c", "pass"]), repeat)
    floor_cpu = sorted(cpu)[len(cpu) // 2]
    peer = measure(run([sys.executable, "-c", "import click"]), repeat)

    def prof():
        target = ["-m", "docgen"] if cmd[0] == sys.executable else [cmd[0]]
        r = subprocess.run([sys.executable, "-X", "importtime", *target, "--help"], cwd=ROOT, env=env(),
                           capture_output=True, text=True)
        lines = [ln for ln in r.stderr.splitlines() if ln.startswith("import time:") and "|" in ln]
        rows = sorted(lines[1:], key=lambda ln: -int(ln.split("|")[1]))[:15]
        return "python -X importtime, largest cumulative imports (µs):\n" + "\n".join(rows)

    return [Row(fig, ms(t), f"{ms(floor)} (bare `python -c pass`)", f"{t.median / floor.median:.1f}×", budget,
                yes(t.ms <= 150), f"`{' '.join(Path(c).name for c in cmd)}`, CPU {help_cpu * 1000:.0f} ms (bare python "
                f"{floor_cpu * 1000:.0f} ms); `python -c 'import click'` {ms(peer)}", met_cpu=yes(help_cpu <= 0.150),
                profile=prof)]
