"""workbench: qualitative coding with exact, footnoted counts."""

__version__ = "0.1.0"
