"""The network picture and charts: offline, safe with hostile names, stable, and styled by layer."""

from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
import pyvis

from duiding import visuals as v

VIS_JS = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2" / "vis-network.min.js"
HOSTILE = ["<img src=x onerror=alert(1)>", "<script>alert(1)</script>", 'a href="javascript:alert(1)"']
URL = re.compile(r"https?://[^\s\"'<>)]*", re.IGNORECASE)


def _kite():
    g = nx.relabel_nodes(nx.krackhardt_kite_graph(), {i: f"m{i}" for i in range(10)})
    return g


def _views(g, labels=None, layer="offline"):
    labels = labels or {}
    nodes = [
        v.NodeView(
            k,
            labels.get(k, k.upper()),
            (f"Lid {labels.get(k, k.upper())}", "Typering: Risicojongere"),
            float(g.degree(k)),
            "a" if int(k[1:]) % 2 else "b",
        )
        for k in sorted(g)
    ]
    edges = [v.EdgeView(a, b, layer) for a, b in g.edges]
    return nodes, edges


def _data(page: str) -> tuple[list[dict], list[dict]]:
    nodes = json.loads(re.search(r"nodes = new vis\.DataSet\((.*?)\);\n", page).group(1))
    edges = json.loads(re.search(r"edges = new vis\.DataSet\((.*?)\);\n", page).group(1))
    return nodes, edges


def test_network_html_references_no_external_address():
    g = _kite()
    page = v.network_html(*_views(g), v.layout_positions(g))
    vendored = VIS_JS.read_text(encoding="utf-8")
    assert vendored in page  # vis-network inlined, not fetched
    outside = page.replace(vendored, "")
    assert URL.findall(outside) == []
    # The vendored library only holds licence links and the SVG namespace, never as src/href.
    assert set(URL.findall(page)) == set(URL.findall(vendored))
    assert not re.search(r"<link\b|<script[^>]*\bsrc=|@import|url\(\s*['\"]?https?:", page, re.IGNORECASE)
    assert "bootstrap" not in page
    assert 'lang="nl"' in page and "<title>Netwerk van de groep</title>" in page


def test_network_html_never_uses_html_tooltips_even_with_href_in_text():
    g = _kite()
    labels = {"m0": HOSTILE[2], "m1": "HREF hRef"}
    page = v.network_html(*_views(g, labels), v.layout_positions(g))
    assert "popup.innerHTML" not in page
    nodes, _ = _data(page)
    assert all("href" not in n["title"].lower() for n in nodes)
    assert all("href" not in n["label"].lower() for n in nodes)


@pytest.mark.parametrize("name", HOSTILE[:2])
def test_hostile_names_are_escaped_in_labels_and_tooltips(name):
    g = _kite()
    page = v.network_html(*_views(g, {"m3": name}), v.layout_positions(g))
    assert name not in page
    assert "<img src=x" not in page and "<script>alert" not in page
    nodes, _ = _data(page)
    node = next(n for n in nodes if n["id"] == 3)
    assert node["label"] == name.replace("<", "&lt;").replace(">", "&gt;")
    assert node["title"].startswith("Lid " + name.replace("<", "&lt;").replace(">", "&gt;"))


def test_nodes_get_integer_ids_and_string_labels():
    g = _kite()
    nodes, _ = _data(v.network_html(*_views(g), v.layout_positions(g)))
    assert [n["id"] for n in nodes] == list(range(10))
    assert all(isinstance(n["label"], str) for n in nodes)
    assert "m3" not in json.dumps(nodes)  # member ids never reach the page


def test_positions_are_deterministic_and_independent_of_insertion_order():
    g = _kite()
    shuffled = nx.Graph()
    shuffled.add_nodes_from(sorted(g, reverse=True))
    shuffled.add_edges_from(reversed(list(g.edges)))
    first = v.layout_positions(g, seed=3)
    assert first == v.layout_positions(g, seed=3) == v.layout_positions(shuffled, seed=3)
    assert first != v.layout_positions(g, seed=4)
    assert max(abs(c) for xy in first.values() for c in xy) == pytest.approx(420.0)


@pytest.mark.parametrize(
    ("graph", "expected"),
    [(nx.Graph(), {}), (nx.empty_graph(["solo"]), {"solo": (0.0, 0.0)})],
    ids=["empty", "one-member"],
)
def test_positions_edge_cases(graph, expected):
    assert v.layout_positions(graph) == expected


def test_positions_are_used_with_physics_off():
    g = _kite()
    pos = v.layout_positions(g)
    page = v.network_html(*_views(g), pos)
    nodes, _ = _data(page)
    assert [(n["x"], n["y"]) for n in nodes] == [pos[k] for k in sorted(g)]
    assert '"physics": {"enabled": false}' in page


@pytest.mark.parametrize(
    ("layer", "dashes", "arrow", "colour"),
    [
        ("conflict", [8, 6], False, "#C0392B"),
        ("directs", False, True, "#CC79A7"),
        ("online", [2, 5], False, "#0072B2"),
        ("offline", False, False, "#404040"),
    ],
)
def test_edge_style_follows_the_layer(layer, dashes, arrow, colour):
    g = nx.Graph([("a", "b")])
    nodes = [v.NodeView("a", "A"), v.NodeView("b", "B")]
    _, edges = _data(v.network_html(nodes, [v.EdgeView("a", "b", layer)], v.layout_positions(g)))
    assert edges[0].get("dashes", False) == dashes
    assert edges[0].get("arrows") == ("to" if arrow else None)  # default: no arrow head
    assert edges[0]["color"] == colour
    assert (edges[0]["from"], edges[0]["to"]) == (0, 1)


def test_parallel_ties_in_two_layers_are_bent_apart():
    nodes = [v.NodeView("a", "A"), v.NodeView("b", "B")]
    edges = [v.EdgeView("a", "b", "offline"), v.EdgeView("a", "b", "online")]
    _, drawn = _data(v.network_html(nodes, edges, {"a": (0, 0), "b": (100, 0)}))
    assert "smooth" not in drawn[0]
    assert drawn[1]["smooth"]["type"] == "curvedCW"


def test_size_follows_the_measure_and_colour_the_category():
    nodes = [
        v.NodeView("a", "A", size_value=0.0, category="x"),
        v.NodeView("b", "B", size_value=1.0, category="y"),
        v.NodeView("c", "C", size_value=0.5, category=None),
    ]
    drawn, _ = _data(v.network_html(nodes, [], {"a": (0, 0), "b": (1, 1), "c": (2, 2)}))
    assert [n["size"] for n in drawn] == [9.0, 27.0, 18.0]
    assert [n["color"]["background"] for n in drawn] == [v.PALETTE[0], v.PALETTE[1], v.MISSING_COLOUR]


def test_highlight_keeps_the_ego_network_and_dims_the_rest():
    path = nx.path_graph(["a", "b", "c", "d"])
    nodes = [v.NodeView(k, k.upper(), category="x") for k in "abcd"]
    edges = [v.EdgeView(a, b) for a, b in path.edges]
    pos = v.layout_positions(path)
    one, one_edges = _data(v.network_html(nodes, edges, pos, highlight="a", ego_radius=1))
    two, _ = _data(v.network_html(nodes, edges, pos, highlight="a", ego_radius=2))
    dimmed = [n["label"] for n in one if n["color"]["background"] == v.DIM_COLOUR]
    assert dimmed == ["C", "D"]
    assert [n["label"] for n in two if n["color"]["background"] == v.DIM_COLOUR] == ["D"]
    assert one[0]["borderWidth"] == 5
    assert [e["color"] == v.DIM_COLOUR for e in one_edges] == [False, True, True]


def test_ego_nodes_counts_steps_in_both_directions():
    edges = [v.EdgeView("a", "b", "directs"), v.EdgeView("c", "b", "directs"), v.EdgeView("c", "d")]
    assert v.ego_nodes(edges, "a", 1) == {"a", "b"}
    assert v.ego_nodes(edges, "a", 2) == {"a", "b", "c"}
    assert v.ego_nodes(edges, "zz", 2) == {"zz"}


def test_meeting_mode_views_carry_no_names():
    """The caller passes pseudonyms only; nothing else about the member reaches the page."""
    g = _kite()
    secret = {k: f"Geheimenaam{k}" for k in g}
    nodes = [v.NodeView(k, f"J{k[1:]}", (f"J{k[1:]}", "Rol: Meeloper"), 1.0, None) for k in sorted(g)]
    page = v.network_html(nodes, _views(g)[1], v.layout_positions(g))
    assert not any(name in page for name in secret.values())
    assert "J3" in page


def test_legend_lists_node_colours_and_edge_layers():
    items = v.legend_items(
        "typing",
        {"risk": "Risicojongere", "care": "Zorgjongere", None: "Onbekend"},
        ["offline", "conflict", "directs"],
    )
    assert [(i.kind, i.label, i.colour) for i in items] == [
        ("node", "Risicojongere", v.PALETTE[0]),
        ("node", "Zorgjongere", v.PALETTE[1]),
        ("node", "Onbekend", v.MISSING_COLOUR),
        ("edge", "Omgang (offline)", "#404040"),
        ("edge", "Conflict", "#C0392B"),
        ("edge", "Stuurt aan", "#CC79A7"),
    ]
    assert items[4].dashes == (8, 6) and items[5].arrow is True
    markup = v.legend_html(items)
    assert "border-top:3px dashed #C0392B" in markup  # conflict
    assert "border-top:3px solid #CC79A7" in markup and "&#9654;" in markup  # stuurt aan, with arrow head
    assert "background:#0072B2" in markup and "<svg" not in markup


def test_legend_html_escapes_labels():
    markup = v.legend_html([v.LegendItem("node", "<script>alert(1)</script>", "#000000")])
    assert "<script>" not in markup and "&lt;script&gt;" in markup


def test_network_of_2000_members_builds_with_every_node():
    g = nx.relabel_nodes(nx.gnm_random_graph(2000, 6000, seed=1), str)
    nodes = [v.NodeView(k, k, (), 1.0, None) for k in g]
    edges = [v.EdgeView(a, b) for a, b in g.edges]
    drawn, drawn_edges = _data(v.network_html(nodes, edges, v.layout_positions(g)))
    assert (len(drawn), len(drawn_edges)) == (2000, 6000)


# --- charts --------------------------------------------------------------------------------------


def test_ranking_chart_sorts_highest_first_and_limits_rows():
    frame = pd.DataFrame({"label": ["J01", "J02", "J03"], "value": [0.2, 0.9, 0.5]})
    spec = v.ranking_chart(frame, "Tussenpositie", top=2).to_dict()
    rows = spec["datasets"][spec["data"]["name"]]
    assert [r["label"] for r in rows] == ["J02", "J03"]
    assert spec["encoding"]["y"]["sort"] == "-x"
    assert spec["title"] == "Rangorde: Tussenpositie"


def test_what_if_chart_shows_before_and_after():
    frame = pd.DataFrame({"label": ["J01", "J02"], "before": [0.1, 0.5], "after": [0.6, 0.4]})
    spec = v.what_if_chart(frame, "Tussenpositie").to_dict()
    rows = spec["datasets"][spec["data"]["name"]]
    assert sorted((r["label"], r["moment"], r["value"]) for r in rows) == [
        ("J01", "Na verwijderen", 0.6),
        ("J01", "Nu", 0.1),
        ("J02", "Na verwijderen", 0.4),
        ("J02", "Nu", 0.5),
    ]
    assert spec["encoding"]["color"]["scale"]["domain"] == ["Nu", "Na verwijderen"]


def test_layers_chart_plots_both_layers_with_a_diagonal():
    frame = pd.DataFrame({"label": ["J01", "J02"], "a": [0.5, 0.0], "b": [0.0, 0.8]})
    spec = v.layers_chart(frame, "Offline", "Online", "Graad").to_dict()
    assert len(spec["layer"]) == 3
    assert spec["layer"][1]["encoding"]["x"]["title"] == "Graad — Offline"
    assert spec["title"] == "Offline tegenover Online"


def test_change_chart_marks_risers_and_fallers():
    frame = pd.DataFrame({"label": ["J01", "J02", "J03"], "rank_before": [1, 5, 3], "rank_after": [4, 1, 3]})
    spec = v.change_chart(frame).to_dict()
    rows = spec["datasets"][spec["data"]["name"]]
    assert [(r["label"], r["moved"], r["richting"]) for r in rows] == [
        ("J02", 4, "Gestegen"),
        ("J01", -3, "Gedaald"),
        ("J03", 0, "Gelijk"),
    ]


def test_served_variant_loads_vis_network_from_the_app_itself():
    g = _kite()
    page = v.network_html(*_views(g), v.layout_positions(g), static_base="/app/static/")
    assert URL.findall(page) == []  # not a single address, not even in a licence comment
    assert re.findall(r"<script[^>]*\bsrc=\"([^\"]*)\"", page) == ["/app/static/vis-network-9.1.2.min.js"]
    assert re.findall(r"<link[^>]*\bhref=\"([^\"]*)\"", page) == ["/app/static/vis-network-9.1.2.css"]
    assert len(page) < 60_000
    assert "popup.innerHTML" not in page


def test_static_folder_serves_exactly_the_vis_network_that_pyvis_ships():
    static = Path(__file__).resolve().parent.parent / "static"
    assert (static / v.VIS_JS_NAME).read_bytes() == v.VIS_JS_PATH.read_bytes()
    assert (static / v.VIS_CSS_NAME).read_bytes() == v.VIS_CSS_PATH.read_bytes()


def test_docstring_examples_run():
    import doctest

    result = doctest.testmod(v)
    assert result.attempted >= 3 and result.failed == 0


def test_extend_positions_keeps_everyone_and_places_newcomers_by_their_ties():
    before = {"a": (0.0, 0.0), "b": (100.0, 0.0), "gone": (50.0, 50.0)}
    g = nx.Graph([("a", "b"), ("a", "new"), ("b", "new")])
    g.add_node("loner")
    placed = v.extend_positions(g, before)
    assert (placed["a"], placed["b"]) == ((0.0, 0.0), (100.0, 0.0))
    assert "gone" not in placed
    nx_, ny_ = placed["new"]
    assert ((nx_ - 50.0) ** 2 + ny_**2) ** 0.5 == pytest.approx(60.0, abs=0.2)  # around its ties' centre
    assert placed["loner"] == (0.0, 120.0)  # a row below the picture
    assert v.extend_positions(g, before) == placed  # deterministic
    assert v.extend_positions(g, {}) == v.layout_positions(g)
