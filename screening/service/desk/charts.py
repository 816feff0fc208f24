"""Chart geometry for the desk's charts page: numbers in, rectangles and labels out, drawn as inline
SVG by the template (no script, no style attribute: the CSP allows neither; colours come from
desk.css by class, so they print too)."""

from __future__ import annotations

from dataclasses import dataclass, field

WIDTH = 600  # viewBox units; the SVG scales to its column (two columns on a 1366-pixel screen)
ROW = 26  # a horizontal bar's row height
LABEL_WIDTH = 170  # room for a rule id or an office's name left of its bar


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    kind: str  # the CSS class: a verdict, or "bar"
    title: str  # the tooltip: what it counts, and how many


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    text: str
    anchor: str = "start"  # SVG text-anchor: start | middle | end


@dataclass
class Chart:
    width: int
    height: int
    rects: list[Rect] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)


def bars(rows: list[tuple[str, float]], unit: str = "") -> Chart:
    """Horizontal bars, one row per (label, value), in the order given; the value after each bar."""
    chart = Chart(WIDTH, max(len(rows), 1) * ROW + 4)
    top = max((value for _, value in rows), default=0) or 1
    room = WIDTH - LABEL_WIDTH - 70  # the value's text after the longest bar
    for index, (label, value) in enumerate(rows):
        y = index * ROW + 4
        length = room * value / top
        chart.rects.append(Rect(LABEL_WIDTH, y, round(length, 1), ROW - 8, "bar", f"{label}: {value:g}{unit}"))
        chart.labels.append(Label(LABEL_WIDTH - 6, y + ROW / 2 + 1, label, "end"))
        chart.labels.append(Label(LABEL_WIDTH + length + 6, y + ROW / 2 + 1, f"{value:g}{unit}"))
    return chart


def stacked_columns(columns: list[tuple[str, list[tuple[str, str, int]]]], height: int = 240) -> Chart:
    """One column per (label, [(kind, kind's label, count), ...]), stacked bottom up; its total on top."""
    chart = Chart(WIDTH, height)
    left, bottom, top_room = 10, 28, 18
    plot = height - bottom - top_room
    tallest = max((sum(count for *_, count in stack) for _, stack in columns), default=0) or 1
    slot = (WIDTH - left) / max(len(columns), 1)
    width = min(slot * 0.7, 56)
    for index, (label, stack) in enumerate(columns):
        x, y = left + index * slot + (slot - width) / 2, float(height - bottom)
        for kind, kind_label, count in stack:
            if count:
                size = plot * count / tallest
                y -= size
                chart.rects.append(Rect(round(x, 1), round(y, 1), round(width, 1), round(size, 1), kind, f"{label} {kind_label}: {count}"))
        chart.labels.append(Label(round(x + width / 2, 1), round(y - 4, 1), str(sum(count for *_, count in stack)), "middle"))
        chart.labels.append(Label(round(x + width / 2, 1), height - 10, label, "middle"))
    return chart
