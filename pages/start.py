"""Start: what the app is for, where to begin, and the open case at a glance."""

from pathlib import Path

import streamlit as st

from duiding import vocab
from ui import state

st.title("Groepsduiding")
st.markdown(
    """
Deze app ondersteunt het **jeugdgroepenoverleg** bij stap 3 van het 7-stappenmodel: de **groepsduiding**
en het **concept plan van aanpak** voor een problematische jeugdgroep. U legt de groep, de leden, hun
relaties en de incidenten vast; de app laat de structuur van de groep zien en stelt rollen voor met een
uitleg. **Het overleg beslist**: de app labelt geen jongere automatisch.

**Waar begint u?**
1. Kies of maak in de zijbalk een **casus** (of laad de fictieve voorbeeldcasus).
2. **Groep**: stap en besluiten, context, duiding (ernst, risico's, ontwikkeling, impact) en incidenten.
3. **Leden** en **Relaties**: wie hoort erbij en hoe staan ze met elkaar in contact (omgang, online,
   samen delicten plegen, familie, conflict, aansturing, steunfiguren).
4. **Netwerk** en **Duiding**: het netwerkbeeld, de voorgestelde posities en de vier leidende vragen.
5. **Plan van aanpak**: doelen en maatregelen op drie sporen.

Op het gedeelde scherm staat **Overlegmodus** aan (zijbalk): alleen pseudoniemen, geen gevoelige velden
en grotere tekst. Elke wijziging wordt direct opgeslagen als nieuwe versie.
"""
)

ROOT = Path(__file__).resolve().parent.parent
targets = [
    (path, label)
    for path, label in [
        ("pages/groep.py", "Groep"),
        ("pages/leden.py", "Leden"),
        ("pages/relaties.py", "Relaties"),
        ("pages/netwerk.py", "Netwerk"),
    ]
    if (ROOT / path).exists()
]
for col, (path, label) in zip(st.columns(len(targets)), targets, strict=True):
    col.page_link(path, label=f"Naar {label}", icon="➡️")

case = state.current_case(writable=False)
if case is None:
    st.info(
        "Er is nog geen casus geopend. Maak in de zijbalk een nieuwe casus aan of laad de voorbeeldcasus."
    )
    st.stop()

st.subheader("Open casus")
st.text(case.name)
details = ", ".join(part for part in (case.municipality, case.area) if part)
if details:
    st.caption("Gemeente en gebied")
    st.text(details)

st.caption("Stap in het 7-stappenmodel")
st.text(vocab.label("step", case.step))

derived = len(case.all_ties()) - len(case.ties)
cols = st.columns(4)
cols[0].metric("Leden", len(case.members))
cols[1].metric("Relaties", len(case.ties), help=f"Plus {derived} afgeleid uit incidenten")
cols[2].metric("Incidenten", len(case.incidents))
cols[3].metric("Besluiten", len(case.decisions))

if case.names_allowed:
    st.success("Er is een 2B-besluit vastgelegd: een namenlijst is toegestaan.")
else:
    st.warning("Nog geen 2B-besluit: namen worden niet vastgelegd (alleen pseudoniemen).")
st.caption(f"Opgeslagen versie {case.version}. Classificatie van exports:")
st.text(case.classification)
