"""A filled-in concept plan for the fictional sample case (tests, benchmark, demonstrations).

Built only through the public functions a user triggers on the plan page (choose goals, adopt
suggestions, set owner and dates, add indicators, record status), so it exercises the same path.
"""

from __future__ import annotations

from datetime import date, timedelta

from duiding import vocab
from duiding.model import Case, Goal, Indicator
from duiding.plan.assemble import privacy_template
from duiding.plan.monitoring import propose_incident_indicators, record_status, record_value
from duiding.plan.suggest import adopt, suggest_interventions

__all__ = ["DEMO_INTERVENTIONS", "demo_plan"]

DEMO_INTERVENTIONS = [
    "G-WAPENVOORLICHTING",
    "G-BRIEF-OUDERS",
    "G-OUTREACH",
    "P-MST",
    "P-GGZ",
    "P-LVB",
    "P-TOOLS4U",
    "D-DIGITALEWIJKAGENT",
    "D-TOEZICHT",
    "D-FOUILLEREN",
]


def demo_plan(case: Case, today: date | None = None) -> Case:
    """A copy of ``case`` with a complete, plausible concept plan (all fictional)."""
    today = today or date.today()
    new = case.copy()
    plan = new.plan
    plan.goals = [Goal(f"g{i}", code=code) for i, code in enumerate(vocab.codes("goal"), start=1)]
    plan.problem_definition = (
        "Twee met elkaar verbonden groepjes jongeren veroorzaken rond het station overlast en plegen samen "
        "delicten. Sinds maart 2026 dragen meerdere leden wapens en loopt een online conflict op. Jonge "
        "aanwas bij het skatepark vraagt om snelle preventie."
    )
    suggestions = {s.id: s for s in suggest_interventions(new, today=today)}
    for iv_id in DEMO_INTERVENTIONS:
        if iv_id in suggestions:
            new = adopt(new, suggestions[iv_id])
    for n, measure in enumerate(new.plan.measures):
        measure.start = today + timedelta(days=7 * (n % 3))
        measure.deadline = today + timedelta(days=90 + 14 * n)
        measure.evaluation = today + timedelta(days=60 + 7 * n)
        if not measure.owner:
            measure.owner = "municipality"
    # Goals the catalogue did not link: tie them to the broadest group measure.
    covered = {g for m in new.plan.measures for g in m.goal_ids}
    first_group = next(m for m in new.plan.measures if m.track == "group")
    first_group.goal_ids += [g.id for g in new.plan.goals if g.id not in covered]
    incident_indicators = propose_incident_indicators(new, ["weapons", "violence", "nuisance"])
    for indicator in incident_indicators:  # the meeting chooses the target; here: a third lower
        indicator.target = round((indicator.baseline or 0) * 2 / 3, 1)
    new.plan.indicators = incident_indicators + [
        Indicator(
            "k-school",
            name="Leerplichtige leden die naar school gaan",
            baseline=12,
            target=16,
            unit="leden",
            kind="school",
        ),
        Indicator(
            "k-jw",
            name="Leden met vast contact met het jongerenwerk",
            baseline=5,
            target=12,
            unit="leden",
            kind="youth_work",
        ),
        Indicator(
            "k-core", name="Leden in de kern van de groep", baseline=9, target=5, unit="leden", kind="core"
        ),
        Indicator(
            "k-plan", name="Maatregelen volgens planning", baseline=0, target=90, unit="%", kind="schedule"
        ),
    ]
    smart = {
        "end_behaviour": (
            "Geen groepsgewijze overlast meer op het Stationsplein op vrijdag- en zaterdagavond.",
            "de groep op het Stationsplein",
        ),
        "reduce_crime": (
            "Geen wapenincidenten en een derde minder geweldsincidenten dan de nulmeting.",
            "alle actieve leden",
        ),
        "social_position": (
            "Alle leerplichtige leden staan ingeschreven en gaan naar school of werk.",
            "leerplichtige leden en leden zonder werk",
        ),
        "break_dynamics": (
            "Het online conflict tussen de twee groepjes is bijgelegd.",
            "de leden van beide groepjes",
        ),
        "prevent_inflow": (
            "Geen nieuwe leden jonger dan 14 jaar bij het skatepark.",
            "jongeren rond Skatepark Waterpark",
        ),
        "prevent_growth": (
            "Geen lid betrokken bij drugshandel voor derden.",
            "de leden met herhaald delictgedrag",
        ),
    }
    for goal in new.plan.goals:
        goal.result, goal.target_group = smart[goal.code]
        goal.term = date(today.year + 1, 6, 1)
    texts = privacy_template(new)
    new.plan.legal_basis = texts["legal_basis"]
    new.plan.access = texts["access"]
    new.plan.advice = new.plan.advice or (
        "Advies: prioriteit hoog, gezien wapenbezit, het oplopende online conflict en de jonge aanwas. "
        "Eerste evaluatie in het jeugdgroepenoverleg na drie maanden."
    )
    new.plan.priority = new.plan.priority or "high"
    from duiding.plan.catalogue import load_catalogue

    catalogue = {iv.id: iv for iv in load_catalogue()}
    for measure in new.plan.measures:
        iv = catalogue.get(measure.intervention or "")
        if iv is not None and iv.needs_proportionality:
            measure.proportionality = (
                "Lichtere middelen (aanspreken, brief) zijn al ingezet en hielden het wapenbezit niet tegen; "
                "de maatregel is beperkt in tijd en plaats en wordt na drie maanden geëvalueerd."
            )
    owners = {m.owner for m in new.plan.measures if m.owner}
    have = {c.partner for c in new.plan.capacity}
    from duiding.model import Capacity

    new.plan.capacity += [
        Capacity(p, "Inzet volgens de maatregelen in dit plan.") for p in sorted(owners - have)
    ]
    new.conclusions = {
        "causes": "Verveling en hangcultuur rond het station, groepsdruk en geld verdienen met drugshandel.",
        "hierarchy": "In het groepje op het Stationsplein geeft één jongere opdrachten door; bij het skatepark "
        "is de structuur losser.",
        "typing": "Drie zorgjongeren, elf risicojongeren en zes jongeren met herhaald delictgedrag; drie nog niet getypeerd.",
        "opportunities": "Meerdere leden sporten of gaan naar school; een oom en een jongerenwerker zijn steunfiguur.",
    }
    first = new.plan.measures[0]
    new = record_status(new, first.id, "running", today, "Gestart in het jeugdgroepenoverleg.")
    indicator = new.plan.indicators[0]
    new = record_value(new, indicator.id, today, 0)
    return new
