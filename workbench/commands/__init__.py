"""One module per command group; each exposes ``register(app)``.

Modules are discovered rather than listed so that adding a command group is
adding a file. Modules whose name starts with "_" are helpers, not groups.
"""

import pkgutil
from importlib import import_module

COMMAND_MODULES = [
    import_module(f"{__name__}.{info.name}")
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name)
    if not info.name.startswith("_")
]
