"""One module per command group; each exposes ``register(app)``."""

from importlib import import_module

_NAMES = ["project"]

COMMAND_MODULES = [import_module(f"workbench.commands.{name}") for name in _NAMES]
