"""Groepsduiding: the domain library behind the dashboard (no Streamlit in here)."""
