"""Hostile text for the XSS tests: payloads that open a dialog or set ``window.__xss`` when they run,
and a copy of a case with payloads in every free-text field, in vocabulary codes and in version labels.

Each payload either calls alert/confirm/prompt (Playwright's dialog listener records it) or sets
``window.__xss`` (the tests read it in every frame). ``INJECTED`` finds elements a payload would have
created if it had reached the DOM as HTML (an ``<img src=x>``, an inline event handler, ...), even
when that element could not run script in a headless browser.
"""

from __future__ import annotations

import copy
from datetime import date

from duiding.model import Assessment, Case, Goal, Indicator, IndicatorValue, Measure, StatusUpdate

PAYLOADS = [
    "<img src=x onerror=alert(101)>",
    "<script>alert(102)</script>",
    '"><svg onload=alert(103)>',
    "javascript:alert(104)",
    '<iframe srcdoc="<script>parent.alert(105)</script>"></iframe>',
    '<a href="javascript:alert(106)">klik</a>',
    "[klik hier](javascript:alert(107))",
    '![x](x" onerror="alert(108))',
    "![plaatje](http://example.invalid/pixel.png)",
    '<div style="background:url(javascript:alert(110))">x</div>',
    "<style>*{background:url('javascript:alert(111)')}</style>",
    "{{7*7}}{{constructor.constructor('alert(112)')()}}",
    "${alert(113)}",
    "\u202e<img src=x onerror=alert(114)>\u202d",  # right-to-left override around a tag
    "＜script＞alert(115)＜/script＞",  # full-width angle brackets
    "<scr<script>ipt>alert(116)</scr</script>ipt>",
    "<svg><animate onbegin=alert(117) attributeName=x dur=1s>",
    "<details open ontoggle=alert(118)>",
    "<input autofocus onfocus=alert(119)>",
    "</textarea><img src=x onerror=alert(120)>",
    "';alert(121);//",
    "</script><script>window.__xss=122</script>",
    "$$\\href{javascript:alert(123)}{x}$$",
    ":red[**x**] <img src=x onerror=window.__xss=124>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(125)>",
]
ALL = " ".join(PAYLOADS)

# Elements and attributes that exist only if a payload was parsed as HTML.
INJECTED = """() => {
  const sel = 'img[src="x"], img[src^="http://example.invalid"], svg[onload], animate[onbegin], details[ontoggle],'
    + ' input[onfocus], iframe[srcdoc]:not([data-testid="stIFrame"]), a[href^="javascript:"], [onerror],'
    + ' [style*="javascript:"]';
  return [...document.querySelectorAll(sel)].map(e => {
    const box = e.closest('[data-testid="stMarkdownContainer"], [data-testid="stElementContainer"]') || e.parentElement;
    return e.outerHTML.slice(0, 100) + ' in: ' + (box ? box.innerText : '').slice(0, 160);
  });
}"""

# Where a payload ran without a dialog.
MARKER = "() => window.__xss === undefined ? null : String(window.__xss)"


def p(i: int) -> str:
    return PAYLOADS[i % len(PAYLOADS)]


def hostile_case(case: Case, names: bool = True) -> Case:
    """A copy of ``case`` with payloads in every free-text field, every vocabulary code the pages show
    as text, and the plan. Fields of one record (and of contacts and indicators, of which there are few)
    hold all payloads; fields of repeated records (members, ties, ...) get payload (record + field) mod
    len(PAYLOADS), so every payload is in every such field (members: 25, ties and incidents: more)."""
    case = copy.deepcopy(case)
    case.name = "Groep " + ALL
    case.municipality, case.area = ALL, ALL
    case.classification = ALL
    case.context.description, case.context.times = ALL, ALL
    case.context.locations = list(PAYLOADS)
    case.context.platforms = list(PAYLOADS)
    for aspect in ("severity", "risks", "development", "impact"):
        case.beke[aspect] = Assessment("high", ALL)
    for d in case.decisions:
        d.note = ALL
    for code in ("causes", "hierarchy", "typing", "opportunities"):
        case.conclusions[code] = ALL
    for k, m in enumerate(case.members):
        if names:
            m.name = f"{p(k)} N{k:02d}"
        m.pseudonym = f"J{k:02d}{p(k + 1)}"
        m.opportunities = p(k + 2)
        m.note = p(k + 3)
        # unknown codes are shown as they are (vocab.label), so they are user text too
        if k % 3 == 0:
            m.typing = p(k + 4)
        if k % 3 == 1:
            m.team_role = p(k + 5)
        m.problems = [*m.problems, p(k + 6)]
        m.protective_factors = [*m.protective_factors, p(k + 7)]
        m.risk_factors = [*m.risk_factors, p(k + 8)]
    for c in case.contacts:  # fewer contacts than payloads: each holds them all
        c.role, c.note = ALL, ALL
    for k, t in enumerate(case.ties):
        t.note = p(k + 11)
    for k, inc in enumerate(case.incidents):
        inc.place, inc.note = p(k + 12), p(k + 13)
        if k % 4 == 0:
            inc.type = p(k + 14)
    plan = case.plan
    plan.problem_definition = plan.legal_basis = plan.access = plan.advice = ALL
    from duiding.plan.assemble import SECTIONS

    plan.texts = {code: ALL for code, _title in SECTIONS}
    plan.goals = [Goal(f"g{k}", None, p(k)) for k in range(len(PAYLOADS))]
    members = [m.id for m in case.members]
    plan.measures = [
        Measure(
            f"ms{k}",
            ("person", "group", "domain")[k % 3],
            p(k),
            p(k + 15),
            [f"g{k}"],
            [members[k % len(members)]],
            p(k + 16),
            None,
            date(2026, 9, 1),
            date(2026, 10, 1),
            date(2026, 12, 1),
            updates=[StatusUpdate(date(2026, 9, 15), "running", p(k + 17))],
        )
        for k in range(len(PAYLOADS))
    ]
    plan.indicators = [
        Indicator(f"ind{k}", f"{k} {ALL}", 10.0, 5.0, ALL, None, [IndicatorValue(date(2026, 11, 1), 8.0)])
        for k in range(4)
    ]
    return case
