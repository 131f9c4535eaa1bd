from collections import Counter

from gelingen.core import charts
from gelingen.quality import progress


def test_progress_from_rows():
    result = progress.from_rows(
        [("QB1", "done"), ("QB1", "done"), ("QB1", "missing"), ("QB2", "open"), ("QB2", "practice")]
    )
    assert [p.label for p in result.areas] == ["QB1", "QB2"]
    assert result.overall.total == 5
    assert result.overall.done_percent == 40
    assert result.areas[0].done_percent == 67
    assert result.areas[1].assessed == 1
    assert [s[0] for s in result.overall.segments] == ["done", "practice", "missing", "open"]


def test_empty_progress_has_no_division_by_zero():
    p = progress.Progress("QB1", Counter())
    assert p.done_percent == 0 and p.total == 0


def test_stacked_bar_geometry_fills_the_plot_width():
    geometry = charts.stacked_bars(
        [("QB1", [("done", "d", 1), ("open", "o", 3)])], plot_width=400, label_width=50
    )
    [bar] = geometry["bars"]
    assert [s.width for s in bar.segments] == [100.0, 300.0]
    assert bar.segments[1].x == 150.0
