"""The headless core: storage, import, cases, codebooks, coding, query, phrasing.

It imports neither Textual nor Typer nor Rich (tests/core/test_boundary.py
proves it), holds its own database sessions, and returns plain dataclasses.
"""
