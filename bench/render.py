"""Benchmark: drawing the network in Chromium, and the Netwerk/Duiding page reruns.

Run: ``.venv/bin/python bench/render.py`` (needs /usr/bin/chromium for the browser part).
Targets (issue 4): a 500-member network drawn in the browser in <= 1.5 s; each page's script rerun
on the sample case <= 100 ms median; changing colour-by does not recompute the layout.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import networkx as nx  # noqa: E402

from duiding import visuals  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
# Appended after drawGraph(): vis-network draws synchronously with physics off; the time is taken
# after the next frame has been painted, and only counts when the canvas really holds pixels.
_PROBE = """<script>
requestAnimationFrame(function () { setTimeout(function () {
  var c = document.querySelector("#mynetwork canvas");
  var d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data, inked = 0;
  for (var i = 3; i < d.length; i += 4) { if (d[i] > 0) { inked++; } }
  window.__inked = inked;
  window.__drawnAt = performance.now();
}, 0); });
</script></body>"""


def random_network_html(n: int, seed: int = 1) -> tuple[str, float]:
    """A random group of ``n`` members (average degree 6) as network HTML; also the layout time."""
    g = nx.relabel_nodes(nx.gnm_random_graph(n, 3 * n, seed=seed), lambda i: f"m{i:04d}")
    start = time.perf_counter()
    pos = visuals.layout_positions(g)
    layout_s = time.perf_counter() - start
    communities = {node: str(i % 5) for i, node in enumerate(sorted(g))}
    nodes = [
        visuals.NodeView(k, f"J{k[1:]}", (f"J{k[1:]}", f"Graad: {g.degree(k)}"), float(g.degree(k)), communities[k])
        for k in sorted(g)
    ]
    layers = ("offline", "online", "co_offending", "conflict", "directs")
    edges = [visuals.EdgeView(a, b, layers[i % len(layers)]) for i, (a, b) in enumerate(g.edges)]
    return visuals.network_html(nodes, edges, pos, height=800), layout_s


def browser_draw_seconds(page_html: str, runs: int = 5) -> list[float]:
    """Seconds from navigation start to vis-network's first finished drawing, per run."""
    import tempfile

    from playwright.sync_api import sync_playwright


    path = Path(tempfile.mkdtemp()) / "network.html"
    path.write_text(page_html.replace("</body>", _PROBE, 1), encoding="utf-8")
    times = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                    args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        blocked: list[str] = []
        # Nothing may be fetched: the page must be self-contained.
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:")
                   else (blocked.append(r.request.url), r.abort()))
        for _ in range(runs):
            page.goto(path.as_uri(), wait_until="load")  # a fresh document: performance.now() starts at 0
            page.wait_for_function("window.__drawnAt !== undefined", timeout=30_000)
            drawn_at, inked = page.evaluate("[window.__drawnAt, window.__inked]")
            if inked < 1000:
                raise RuntimeError(f"the canvas is (nearly) blank: {inked} pixels drawn")
            times.append(drawn_at / 1000)
        browser.close()
    if blocked:
        raise RuntimeError(f"the network page tried to fetch: {blocked}")
    return times


def page_rerun_ms(page_file: str, runs: int = 15, interact=None) -> list[float]:
    """Wall time of the app script rerun with ``page_file`` open (AppTest, sample case)."""
    import os
    import tempfile

    from streamlit.testing.v1 import AppTest

    tmp = tempfile.mkdtemp()
    os.environ["DUIDING_DATABASE_URL"] = f"sqlite:///{tmp}/bench.db"
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page(page_file).run()
    if at.exception:
        raise RuntimeError(f"{page_file}: {at.exception}")
    at.run()  # warm the caches, as a user's second rerun would be
    times = []
    for i in range(runs):
        start = time.perf_counter()
        if interact is not None:
            interact(at, i)
        at.run()
        times.append((time.perf_counter() - start) * 1000)
        if at.exception:
            raise RuntimeError(f"{page_file}: {at.exception}")
    return times


def main() -> None:
    for n in (50, 500, 2000):
        page, layout_s = random_network_html(n)
        line = f"network {n:>5} members: layout {layout_s * 1000:7.1f} ms, HTML {len(page) / 1e6:5.2f} MB"
        if CHROMIUM.exists():
            draws = browser_draw_seconds(page, runs=3 if n > 500 else 5)
            line += f", drawn in browser median {statistics.median(draws):.2f} s (runs: "
            line += ", ".join(f"{t:.2f}" for t in draws) + ")"
            if n == 500:
                line += "  [target <= 1.5 s]"
        print(line, flush=True)

    for page_file in ("pages/netwerk.py", "pages/duiding.py"):
        if not (ROOT / page_file).exists():
            print(f"{page_file}: not there yet")
            continue
        times = page_rerun_ms(page_file)
        print(f"{page_file} rerun on the sample: median {statistics.median(times):.1f} ms, "
              f"max {max(times):.1f} ms over {len(times)} runs  [target median <= 100 ms]", flush=True)


if __name__ == "__main__":
    main()
