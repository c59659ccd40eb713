"""Draw a :class:`~kg.charts.Chart` as SVG with matplotlib, byte-identical from run to run.

Text stays text (``svg.fonttype = none``) so that the browser draws the Chinese labels with
its own CJK font, a reader can select and search them, and the file stays small. Every bar is
a group with an ``id``; after drawing, each gets a ``<title>`` with the figure as stated, the
source quote and the article, which browsers show on hover. Amounts in yuan are drawn in 万元
or 亿元 so that the axis reads as the articles do.
"""

from __future__ import annotations

import io
import logging
import warnings
import xml.etree.ElementTree as ET
from collections import defaultdict
from decimal import Decimal

from kg.charts import Bar, Chart

SVG_NS = "http://www.w3.org/2000/svg"
FONTS = ["Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Zen Hei",
         "PingFang SC", "Microsoft YaHei", "DejaVu Sans", "sans-serif"]
UNIT_LABELS = {"CNY": ("元", "yuan"), "mu": ("亩", "mu"), "person": ("人", "persons"),
               "job": ("个岗位", "jobs"), "percent": ("%", "%"), "household": ("户", "households"),
               "item": ("个", "items")}
# A category's bars are drawn side by side; past this many they are slivers nobody can read or
# hover (a thousand-article corpus put 1,000 figures in one category): a category with more
# shows its largest, says how many of how many, and the figures are all in observations.csv.
MAX_BARS_PER_CATEGORY = 12
PALETTE = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1",
           "#ff9da7", "#9c755f", "#bab0ac"]


def _scale(unit: str, bars: list[Bar]) -> tuple[Decimal, str]:
    """The divisor and axis label for a unit: yuan in 万元 or 亿元 when the amounts are large."""
    zh, en = UNIT_LABELS.get(unit, (unit, unit))
    if unit == "CNY":
        top = max(b.value for b in bars)
        if top >= Decimal(10) ** 8:
            return Decimal(10) ** 8, "亿元 (100 million yuan)"
        if top >= Decimal(10) ** 4:
            return Decimal(10) ** 4, "万元 (10,000 yuan)"
    return Decimal(1), f"{zh} ({en})" if zh != en else zh


def _tooltip(bar: Bar) -> str:
    return f"{bar.category_zh} · {bar.series}: {bar.stated}\n“{bar.quote}”\n— {bar.article_title}"


def _configure() -> None:
    import matplotlib

    matplotlib.use("svg", force=True)
    matplotlib.rcParams.update({
        "svg.fonttype": "none", "svg.hashsalt": "fupin-kg", "font.family": "sans-serif",
        "font.sans-serif": FONTS, "font.size": 10, "axes.unicode_minus": False,
    })
    # A machine without a CJK font lays out with fallback metrics; say nothing about it.
    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)


def chart_svg(chart: Chart) -> str:
    """The chart as an SVG document (one panel per unit, bars grouped by series)."""
    _configure()
    import matplotlib.pyplot as plt
    from matplotlib.patches import Rectangle

    by_unit: dict[str, list[Bar]] = defaultdict(list)
    for bar in chart.bars:
        by_unit[bar.unit].append(bar)
    units = sorted(by_unit, key=lambda u: (-len(by_unit[u]), u))
    heights = [max(1.6, 0.42 * len({b.category_zh for b in by_unit[u]}) + 0.9)
               for u in units]
    fig, axes = plt.subplots(len(units), 1, figsize=(8.5, sum(heights) + 0.8),
                             gridspec_kw={"height_ratios": heights}, squeeze=False)
    series_all = sorted({b.series for b in chart.bars})
    colour = {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(series_all)}
    tooltips: dict[str, str] = {}
    for ax, unit in zip(axes[:, 0], units, strict=True):
        bars = by_unit[unit]
        divisor, label = _scale(unit, bars)
        by_slot: dict[tuple[str, str], list[Bar]] = defaultdict(list)
        for bar in bars:
            by_slot[(bar.category_zh, bar.category_en)].append(bar)
        slots = list(by_slot)
        # All the bars of a category side by side, coloured by series; drawn in one call per
        # panel (a call per bar took most of the time of a chart of thousands of bars).
        ys: list[float] = []
        widths: list[float] = []
        thickness: list[float] = []
        colours: list[str] = []
        drawn: list[Bar] = []
        shown: dict[tuple[str, str], int] = {}
        for y, slot in enumerate(slots):
            members = _largest(by_slot[slot])
            shown[slot] = len(members)
            for k, bar in enumerate(members):
                ys.append(y + (k - (len(members) - 1) / 2) * (0.8 / len(members)))
                widths.append(float(bar.value / divisor))
                thickness.append(0.8 / len(members))
                colours.append(colour[bar.series])
                drawn.append(bar)
        for patch, bar in zip(ax.barh(ys, widths, height=thickness, color=colours),
                              drawn, strict=True):
            gid = f"bar-{len(tooltips)}"
            patch.set_gid(gid)
            tooltips[gid] = _tooltip(bar)
        ax.set_yticks(range(len(slots)))
        ax.set_yticklabels([_slot_label(zh, en, len(slots) < 12, shown[(zh, en)],
                                        len(by_slot[(zh, en)])) for zh, en in slots])
        ax.invert_yaxis()
        ax.set_xlabel(label)
        ax.grid(axis="x", color="#dddddd", linewidth=0.6)
        ax.set_axisbelow(True)
    title = f"{chart.title_zh}\n{chart.title_en}"
    if len(tooltips) < len(chart.bars):
        most = MAX_BARS_PER_CATEGORY
        title += (f"\n每类最多{most}个最大值 · the {most} largest per category "
                  f"({len(tooltips)} of {len(chart.bars)} figures)")
    fig.suptitle(title, fontsize=12)
    handles = [Rectangle((0, 0), 1, 1, color=colour[s]) for s in series_all]
    if len(series_all) > 1:
        fig.legend(handles, series_all, loc="lower center", ncol=min(4, len(series_all)),
                   frameon=False)
    buffer = io.StringIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # missing-glyph warnings on a machine without CJK
        fig.tight_layout(rect=(0, 0.06 if len(series_all) > 1 else 0, 1, 1))
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": "fupin-kg"})
    plt.close(fig)
    return _add_titles(buffer.getvalue(), tooltips)


def _largest(members: list[Bar]) -> list[Bar]:
    """A category's bars as drawn, by series: all of them, or its largest when too many."""
    if len(members) > MAX_BARS_PER_CATEGORY:
        members = sorted(members, key=lambda b: (-b.value, b.series, b.observation)
                         )[:MAX_BARS_PER_CATEGORY]
    return sorted(members, key=lambda b: b.series)


def _slot_label(zh: str, en: str, both: bool, shown: int, total: int) -> str:
    label = f"{zh} {en}".strip() if both else zh
    return label if shown == total else f"{label} ({shown}/{total})"


def _add_titles(svg: str, tooltips: dict[str, str]) -> str:
    """Give every bar group a ``<title>`` child (escaped by the XML writer)."""
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")
    root = ET.fromstring(svg)
    for group in root.iter(f"{{{SVG_NS}}}g"):
        text = tooltips.get(group.get("id", ""))
        if text is not None:
            title = ET.Element(f"{{{SVG_NS}}}title")
            title.text = text
            group.insert(0, title)
    return ET.tostring(root, encoding="unicode", xml_declaration=False) + "\n"
