"""Groepsduiding: the frame around every page (page config, case picker, meeting mode, navigation)."""

from pathlib import Path

import streamlit as st

from ui import auth as ui_auth
from ui import editor, exporter, picker, state, theme
from ui import meeting as ui_meeting

ROOT = Path(__file__).resolve().parent

# Emoji icon: becomes a data URI (a material icon would be fetched from the internet).
st.set_page_config(
    page_title="Groepsduiding", page_icon="🧭", layout="wide", initial_sidebar_state="expanded"
)
# On a network address nothing with case data renders before a login (see ui/auth.py).
ui_auth.require_login()

# (file, Dutch title, emoji icon) in menu order.
PAGES = [
    ("pages/start.py", "Start", "🏠"),
    ("pages/groep.py", "Groep", "👥"),
    ("pages/leden.py", "Leden", "🧑"),
    ("pages/relaties.py", "Relaties", "🔗"),
    ("pages/netwerk.py", "Netwerk", "🕸️"),
    ("pages/duiding.py", "Duiding", "🧩"),
    ("pages/overleg.py", "Overleg", "🤝"),
    ("pages/versies.py", "Versies", "🗂️"),
    ("pages/plan.py", "Plan van aanpak", "📋"),
    ("pages/beheer.py", "Beheer", "🛡️"),  # beheerder (or the local user) only, see available_pages
]


def available_pages() -> list[st.Page]:
    return [
        st.Page(str(ROOT / path), title=title, icon=icon, default=(path == "pages/start.py"))
        for path, title, icon in PAGES
        if (ROOT / path).exists() and (path != "pages/beheer.py" or ui_auth.can_admin())
    ]


# Navigation first: the sidebar links to pages (st.page_link), which needs the pages defined.
page = st.navigation(available_pages())
case = state.current_case(writable=False)  # read only here: no copy
with st.sidebar:
    ui_auth.user_box()
    state.show_flash()
    picker.case_picker()
    exporter.export_section(case)
    st.divider()
    picker.meeting_controls(case)
    ui_meeting.sidebar_status()
theme.apply(state.meeting_mode())

editor.track_page(page.url_path)
page.run()
