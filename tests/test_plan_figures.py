"""Charts and the static network picture for the report: same layout as the screen, pseudonyms, offline PNG."""

from __future__ import annotations

from datetime import date

from duiding.analysis import COHESION_LAYERS, build_graph
from duiding.plan import figures
from duiding.sample import load_sample_case
from duiding.visuals import layout_positions

PNG = b"\x89PNG\r\n\x1a\n"


def _layer_values(chart, column: str) -> list:
    spec = chart.to_dict()
    rows = [row for data in spec.get("datasets", {}).values() for row in data]
    return [row[column] for row in rows if column in row]


def test_network_uses_the_screen_default_layout():
    case = load_sample_case()
    expected = layout_positions(build_graph(case, layers=tuple(sorted(COHESION_LAYERS)), as_of=None), seed=7)
    assert figures.screen_positions(case) == expected


def test_network_chart_draws_given_positions_with_pseudonyms_only():
    case = load_sample_case()
    positions = {m.id: (float(i), float(-i)) for i, m in enumerate(case.members)}
    chart = figures.network_chart(case, positions=positions, as_of=date(2026, 11, 30))
    labels = _layer_values(chart, "lid")
    assert "J01" in labels and "Dex" not in " ".join(labels)
    assert "J09" not in labels  # left the group in June 2026
    assert min(_layer_values(chart, "x")) == 0.0 and max(_layer_values(chart, "y")) == 0.0  # J01 at (0, 0)


def test_network_chart_shows_names_only_when_revealed_and_allowed():
    case = load_sample_case()
    assert "Dex (J01)" in _layer_values(figures.network_chart(case, reveal_names=True), "lid")
    case.decisions = [d for d in case.decisions if d.step != "2B"]
    assert "Dex (J01)" not in _layer_values(figures.network_chart(case, reveal_names=True), "lid")


def test_pngs_render_offline():
    case = load_sample_case()
    figures.clear_png_cache()
    assert figures.network_png(case, scale=1).startswith(PNG)
    assert figures.to_png(figures.incidents_chart(case), scale=1).startswith(PNG)
    assert figures.to_png(figures.indicators_chart(case), scale=1).startswith(
        PNG
    )  # no indicators: empty chart


def test_incidents_chart_counts_per_month_and_type():
    chart = figures.incidents_chart(load_sample_case())
    assert sum(_layer_values(chart, "aantal")) == 34
    assert chart.to_dict()["encoding"]["x"]["sort"][:2] == ["dec 25", "jan 26"]
