"""Break a 公文 title into balanced lines (GB/T 9704: trapezoid or diamond, never splitting a word).

Pure text logic: widths in characters of the 二号 title (CJK = 1, half-width = 0.5); a line holds
20 characters of 二号 across the 156 mm 版心. There is no segmenter installed, so "words" are the
terms titles of this programme are made of plus runs of digits; a break is allowed anywhere else
except before closing or after opening punctuation.
"""

from __future__ import annotations

import itertools
import math
import re

LINE_CHARS = 20.0  # 8845 twips / 440 twips (二号)

# Terms never split across lines (longest first so overlapping matches keep the longer term).
PROTECTED_TERMS = sorted(
    [
        "陕西省", "中小企业", "特色产业集群", "产业集群", "工业和信息化厅", "工业和信息化", "信息化",
        "年度", "名单", "公示", "通知", "培育情况", "复核结果", "复核工作", "撤销认定", "认定", "关于",
        "开展", "报送", "公布", "集群", "有关", "事项", "情况", "工作", "结果", "印发", "实施办法",
    ],
    key=len,
    reverse=True,
)
_NO_BREAK_BEFORE = set("，。、；：？！）》」』”’〕】%")
_NO_BREAK_AFTER = set("（《「『“‘〔【")


def char_width(ch: str) -> float:
    return 0.5 if ord(ch) < 0x2E80 else 1.0


def text_width(text: str) -> float:
    return sum(char_width(c) for c in text)


def _forbidden_breaks(text: str) -> set[int]:
    """Indices i such that breaking between text[i-1] and text[i] would split a word."""
    forbidden: set[int] = set()
    for term in PROTECTED_TERMS:
        for m in re.finditer(re.escape(term), text):
            forbidden.update(range(m.start() + 1, m.end()))
    # Digit runs and the 年 after a year stay together ("2026年度").
    for m in re.finditer(r"[0-9A-Za-z.]+年?", text):
        forbidden.update(range(m.start() + 1, m.end()))
    for i in range(1, len(text)):
        if text[i] in _NO_BREAK_BEFORE or text[i - 1] in _NO_BREAK_AFTER:
            forbidden.add(i)
    return forbidden


def balance_title(text: str, line_chars: float = LINE_CHARS) -> list[str]:
    """Lines of `text`, as equal in width as the words allow, none wider than `line_chars`."""
    text = re.sub(r"\s+", "", text)
    total = text_width(text)
    if total <= line_chars:
        return [text]
    forbidden = _forbidden_breaks(text)
    allowed = [i for i in range(1, len(text)) if i not in forbidden]
    lines_min = math.ceil(total / line_chars)
    for n_lines in range(lines_min, lines_min + 3):
        best: tuple[float, list[str]] | None = None
        for cuts in itertools.combinations(allowed, n_lines - 1):
            bounds = (0, *cuts, len(text))
            parts = [text[a:b] for a, b in itertools.pairwise(bounds)]
            widths = [text_width(p) for p in parts]
            if max(widths) > line_chars:
                continue
            mean = total / n_lines
            score = sum((w - mean) ** 2 for w in widths)
            # Of equally balanced shapes prefer the upright trapezoid (upper lines not longer).
            score += 0.01 * sum(1 for a, b in itertools.pairwise(widths) if a > b)
            if best is None or score < best[0]:
                best = (score, parts)
        if best is not None:
            return best[1]
    # No break respects every word (an unusually long term): fall back to plain width cuts.
    lines, line = [], ""
    for ch in text:
        if text_width(line + ch) > line_chars:
            lines.append(line)
            line = ""
        line += ch
    return [*lines, line]
