"""The web interface: server-rendered pages over the same services and selectors as
the API (a Django app with the label `web`; templates in the top-level `templates/`)."""
