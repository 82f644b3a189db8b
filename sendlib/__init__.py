"""SEND Partnership Hub: the domain library behind the app (no Streamlit in here)."""
