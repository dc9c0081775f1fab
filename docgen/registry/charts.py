"""Charts of the evaluation report (matplotlib, Agg): PNG bytes sized for the 156 mm 版心.

Labels are Chinese, so a CJK face is required: Noto Sans CJK SC, else another simplified-Chinese
face; with none installed the report says what to install instead of printing empty boxes.
"""

from __future__ import annotations

import io
from functools import lru_cache

from docgen.errors import DependencyError

PREFERRED_FACES = ("Noto Sans CJK SC", "Source Han Sans SC", "FandolHei", "WenQuanYi Zen Hei", "SimHei",
                   "Microsoft YaHei")
WIDTH_IN = 6.1  # 156 mm
DPI = 200
COLOURS = ("#1f4e79", "#c0504d", "#4f8a3c", "#d08a1e", "#6f4a8e", "#2a8c8c", "#8c5a2a", "#7a7a7a",
           "#b03a7a", "#3a6fb0")


@lru_cache(maxsize=1)
def _pyplot():
    import matplotlib

    matplotlib.use("Agg", force=True)
    from matplotlib import font_manager
    from matplotlib import pyplot as plt

    names = {f.name for f in font_manager.fontManager.ttflist}
    face = next((f for f in PREFERRED_FACES if f in names), None)
    if face is None:
        raise DependencyError("没有找到中文字体，图表无法显示汉字。请安装 Noto CJK 字体："
                              "sudo apt-get install fonts-noto-cjk")
    plt.rcParams.update({"font.family": "sans-serif", "font.sans-serif": [face, "DejaVu Sans"],
                         "axes.unicode_minus": False, "font.size": 9, "axes.titlesize": 10,
                         "svg.fonttype": "none"})
    return plt


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, bbox_inches="tight")
    _pyplot().close(fig)
    return buf.getvalue()


def _short(name: str, limit: int = 14) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def grouped_bars(title: str, names: list[str], series: dict[str, list[float | None]], unit: str) -> bytes:
    """Horizontal bars, one group per cluster (e.g. last year vs this year)."""
    plt = _pyplot()
    n = len(names)
    fig, ax = plt.subplots(figsize=(WIDTH_IN, max(2.2, 0.32 * n * max(1, len(series)) / 1.4 + 1.0)))
    height = 0.8 / max(1, len(series))
    for k, (label, values) in enumerate(series.items()):
        ys = [i + (k - (len(series) - 1) / 2) * height for i in range(n)]
        vals = [v or 0 for v in values]
        bars = ax.barh(ys, vals, height=height, label=label, color=COLOURS[k % len(COLOURS)])
        for bar, v in zip(bars, values, strict=True):
            if v is not None:
                ax.text(bar.get_width(), bar.get_y() + bar.get_height() / 2, f" {v:g}", va="center", fontsize=7)
    ax.set_yticks(range(n), [_short(x) for x in names])
    ax.invert_yaxis()
    ax.set_xlabel(unit)
    ax.set_title(title, pad=18)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=len(series), fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    ax.margins(x=0.12)
    return _png(fig)


def trend_lines(title: str, series: dict[str, dict[int, float]], unit: str) -> bytes:
    """One line per cluster over the years its tables cover."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 3.6 + 0.18 * ((len(series) + 1) // 2)))
    years = sorted({y for s in series.values() for y in s})
    for k, (name, points) in enumerate(series.items()):
        xs = [y for y in years if y in points]
        ax.plot(xs, [points[y] for y in xs], marker="o", markersize=3, linewidth=1.4,
                color=COLOURS[k % len(COLOURS)], label=_short(name, 12))
    ax.set_xticks(years, [f"{y}年" for y in years])
    ax.set_ylabel(unit)
    ax.set_title(title)
    ax.grid(axis="y", linewidth=0.4, alpha=0.5)
    ax.spines[["top", "right"]].set_visible(False)
    # Below the axes, full width: beside them it would shrink the plot once scaled to the 版心.
    ax.legend(fontsize=8, frameon=False, ncol=2, loc="upper center", bbox_to_anchor=(0.5, -0.12))
    return _png(fig)


def status_bars(title: str, labels: list[str], counts: list[int]) -> bytes:
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 2.2))
    bars = ax.bar(labels, counts, color=[COLOURS[2], COLOURS[3], COLOURS[1], COLOURS[7]][: len(labels)], width=0.5)
    for bar, c in zip(bars, counts, strict=True):
        ax.text(bar.get_x() + bar.get_width() / 2, bar.get_height(), f"{c}", ha="center", va="bottom")
    ax.set_ylabel("集群数（个）")
    ax.set_title(title)
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_ylim(0, max(counts + [1]) * 1.25)
    return _png(fig)


def completion_bars(title: str, names: list[str], met: list[int], total: list[int]) -> bytes:
    """Targets met out of targets set, per cluster, as stacked bars."""
    from matplotlib.ticker import MaxNLocator

    plt = _pyplot()
    n = len(names)
    fig, ax = plt.subplots(figsize=(WIDTH_IN, max(2.0, 0.3 * n + 1.2)))
    ys = list(range(n))
    ax.barh(ys, met, color=COLOURS[2], label="已完成", height=0.6)
    ax.barh(ys, [t - m for t, m in zip(total, met, strict=True)], left=met, color=COLOURS[1], label="未完成",
            height=0.6)
    for y, m, t in zip(ys, met, total, strict=True):
        ax.text(t, y, f" {m}/{t}", va="center", fontsize=8)
    ax.set_yticks(ys, [_short(x) for x in names])
    ax.invert_yaxis()
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("年度目标（项）")
    ax.set_title(title, pad=18)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    ax.margins(x=0.1)
    return _png(fig)
