"""The post-show chart: activity per minute as a PNG (matplotlib, imported only when drawn)."""

from __future__ import annotations

import io
from functools import cache
from typing import TYPE_CHECKING

from bot import texts
from bot.i18n import Translator
from domain.moderation import is_cjk
from domain.report import ShowReport

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

_CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans SC", "WenQuanYi Zen Hei", "Source Han Sans SC")
# Their files, as Debian's fonts-noto-cjk, fonts-wqy-zenhei and others name them.
_CJK_FILES = ("notosanscjk", "notosanssc", "wqy-zenhei", "sourcehansans")
# Big enough to read on a phone, where the host opens the report.
FIGURE_INCHES, FIGURE_DPI = (10, 4), 150


@cache
def _cjk_font() -> str | None:
    """A font for Chinese labels. matplotlib lists the fonts it found when its cache was built:
    one installed since (after the first run) is looked for on disk and added."""
    from matplotlib import font_manager

    def known() -> str | None:
        installed = {font.name for font in font_manager.fontManager.ttflist}
        return next((name for name in _CJK_FONTS if name in installed), None)

    if (name := known()) is not None:
        return name
    for path in font_manager.findSystemFonts():
        if any(part in path.lower().replace(" ", "") for part in _CJK_FILES):
            try:
                font_manager.fontManager.addfont(path)
            except (OSError, RuntimeError, ValueError):
                continue
    return known()


def activity_chart(report: ShowReport, tr: Translator) -> bytes:
    """The chart as a PNG. CPU work: call it in a thread."""
    buffer = io.BytesIO()
    chart_figure(report, tr).savefig(buffer, format="png", bbox_inches="tight")
    return buffer.getvalue()


def chart_figure(report: ShowReport, tr: Translator) -> Figure:
    """Stacked bars per minute: messages, lottery entries on top, gifts on top of those (if
    any), under a title; whole numbers on the count axis. Labels fall back to English where no
    font for the room's script is installed."""
    from matplotlib.figure import Figure  # no pyplot: no global state, safe in a thread
    from matplotlib.ticker import MaxNLocator

    font = _cjk_font()
    if font is None and is_cjk(tr(texts.REPORT_CHART_MESSAGES)):
        tr = tr.for_locale("en")  # no font for the room's script here: English labels
    gifts = any(report.gifts_per_minute)
    labels = [
        tr(texts.REPORT_CHART_MESSAGES),
        tr(texts.REPORT_CHART_ENTRIES),
        tr(texts.REPORT_CHART_MINUTES),
        tr(texts.REPORT_CHART_TITLE_GIFTS if gifts else texts.REPORT_CHART_TITLE),
    ]
    from matplotlib.font_manager import FontProperties

    style = FontProperties(family=font) if font is not None else FontProperties()
    figure = Figure(figsize=FIGURE_INCHES, dpi=FIGURE_DPI)
    if report.segments:
        axes, timeline = figure.subplots(2, 1, sharex=True, height_ratios=[3, 1])
        _timeline(timeline, report, tr, style)
    else:
        axes = figure.subplots()
    minutes = list(range(len(report.messages_per_minute)))
    axes.bar(minutes, report.messages_per_minute, width=0.9, color="#3b82f6", label=labels[0])
    axes.bar(
        minutes,
        report.entries_per_minute,
        width=0.9,
        bottom=report.messages_per_minute,
        color="#f59e0b",
        label=labels[1],
    )
    if gifts:
        below = [
            m + e
            for m, e in zip(report.messages_per_minute, report.entries_per_minute, strict=True)
        ]
        axes.bar(
            minutes,
            report.gifts_per_minute,
            width=0.9,
            bottom=below,
            color="#ec4899",
            label=tr(texts.REPORT_CHART_GIFTS),
        )
    axes.set_xlabel(labels[2], fontproperties=style)
    axes.set_title(labels[3], fontproperties=style, loc="left")
    # Counts and minutes are whole and never below zero: no tick at 0.5 or at -1.
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_ylim(bottom=0, top=max(1, axes.get_ylim()[1]))
    axes.set_xlim(left=-0.5, right=max(len(minutes), 1) - 0.5)
    # Under the axis, not over the bars: a legend inside the plot hides the busiest minutes.
    axes.legend(
        loc="upper center", bbox_to_anchor=(0.5, -0.18), ncols=3, frameon=False, prop=style
    )
    axes.spines[["top", "right"]].set_visible(False)
    return figure


SEGMENT_COLOURS = ("#c7d2fe", "#fde68a", "#bbf7d0", "#fecaca", "#e9d5ff", "#bae6fd")


def _timeline(axes: Axes, report: ShowReport, tr: Translator, style: FontProperties) -> None:
    """The run-of-show under the activity: each segment as planned (from the show's start,
    back to back) and as it ran, numbered as in /script, in minutes from the start."""
    start = report.started_at
    planned_at = 0.0
    for number, segment in enumerate(report.segments, 1):
        colour = SEGMENT_COLOURS[(number - 1) % len(SEGMENT_COLOURS)]
        planned = segment.planned.total_seconds() / 60
        bars = [(1, (planned_at, planned))]
        if segment.started_at is not None and segment.actual is not None:
            ran_from = (segment.started_at - start).total_seconds() / 60
            bars.append((0, (ran_from, segment.actual.total_seconds() / 60)))
        for row, (left, width) in bars:
            axes.broken_barh([(left - 0.5, width)], (row - 0.4, 0.8), color=colour)
            axes.text(left - 0.5 + width / 2, row, str(number), ha="center", va="center")
        planned_at += planned
    axes.set_yticks([0, 1], [tr(texts.REPORT_CHART_ACTUAL), tr(texts.REPORT_CHART_PLANNED)])
    for label in axes.get_yticklabels():
        label.set_fontproperties(style)
    axes.spines[["top", "right"]].set_visible(False)
