"""Server-rendered SVG charts. Every chart is paired with a data table in the page."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass
class Segment:
    key: str
    label: str
    value: int
    x: float
    width: float


@dataclass
class Bar:
    label: str
    total: int
    y: float
    segments: list[Segment]


def stacked_bars(
    rows: Sequence[tuple[str, Sequence[tuple[str, str, int]]]],
    bar_height: int = 22,
    gap: int = 10,
    label_width: int = 70,
    plot_width: int = 480,
) -> dict:
    """Geometry for horizontal 100 % stacked bars; rows are (label, [(key, label, value), ...])."""
    bars = []
    for i, (label, parts) in enumerate(rows):
        total = sum(v for _, _, v in parts)
        x = float(label_width)
        segments = []
        for key, seg_label, value in parts:
            width = plot_width * value / total if total else 0
            segments.append(Segment(key, seg_label, value, round(x, 2), round(width, 2)))
            x += width
        bars.append(Bar(label, total, i * (bar_height + gap), segments))
    return {
        "bars": bars,
        "bar_height": bar_height,
        "label_width": label_width,
        "width": label_width + plot_width + 10,
        "height": max(len(bars) * (bar_height + gap), bar_height),
    }


@dataclass
class Column:
    label: str
    value: float
    x: float
    y: float
    height: float


def columns(points: Sequence[tuple[str, float]], width: int = 560, height: int = 200, pad: int = 30) -> dict:
    """Geometry for a simple column chart (counts per month, values per period)."""
    top = max((v for _, v in points), default=0) or 1
    step = (width - pad) / max(len(points), 1)
    cols = []
    for i, (label, value) in enumerate(points):
        h = (height - pad) * value / top
        cols.append(Column(label, value, pad + i * step + step * 0.15, height - pad - h, h))
    return {
        "columns": cols,
        "width": width,
        "height": height,
        "col_width": step * 0.7,
        "base": height - pad,
        "top": top,
    }


@dataclass
class Point:
    label: str
    value: float | None
    x: float
    y: float | None


def line(
    points: Sequence[tuple[str, float | None]],
    target: float | None = None,
    width: int = 560,
    height: int = 220,
    pad: int = 36,
) -> dict:
    """Geometry for a time series (missing values leave a gap) with an optional target line."""
    values = [v for _, v in points if v is not None] + ([target] if target is not None else [])
    top = max(values, default=0) or 1
    bottom = min(0, *values) if values else 0
    span = (top - bottom) or 1
    step = (width - 2 * pad) / max(len(points) - 1, 1)

    def y_of(v: float) -> float:
        return round(height - pad - (height - 2 * pad) * (v - bottom) / span, 2)

    pts = [
        Point(label, v, round(pad + i * step, 2), y_of(v) if v is not None else None)
        for i, (label, v) in enumerate(points)
    ]
    segments: list[list[Point]] = []
    current: list[Point] = []
    for p in pts:
        if p.y is None:
            if current:
                segments.append(current)
            current = []
        else:
            current.append(p)
    if current:
        segments.append(current)
    return {
        "points": pts,
        "paths": [" ".join(f"{p.x},{p.y}" for p in seg) for seg in segments],
        "target_y": y_of(target) if target is not None else None,
        "target": target,
        "width": width,
        "height": height,
        "pad": pad,
        "base": height - pad,
        "top": top,
        "bottom": bottom,
    }
