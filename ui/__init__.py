"""Streamlit-aware helpers: state (store, current case, meeting mode), theme, shared widgets."""
