"""Intercoder agreement: coefficients (``measures``), tables from the project
database (``levels``) and the places coders differ (``disagreements``)."""
