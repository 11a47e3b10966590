"""Whether the fast search indexing (search_index.py) builds the search index: only on a
Material it was verified against.

search_index.py reads pages rule for rule as Material's search plugin does, and subclasses
its SearchIndex: Material's internals, which any release may change. On another version,
Material's own indexing runs (a log line says so; the site is the same, its build a little
slower) until tests/test_search_index.py has passed on that version and it is added here.
search_index.py is imported only then, so that a Material that moved its search plugin's
classes cannot stop a build either.
"""

from __future__ import annotations

import logging
from importlib import metadata
from typing import Any

log = logging.getLogger("mkdocs.plugins.briefing")

# The Material releases whose search plugin tests/test_search_index.py has compared with.
VERIFIED_MATERIAL = ("9.8.1",)


def installed_material() -> str | None:
    try:
        return metadata.version("mkdocs-material")
    except metadata.PackageNotFoundError:
        return None


def install(config: Any) -> bool:
    """Put the fast index in place of Material's search plugin's (call it in on_pre_build),
    where this Material is one it was verified against; whether it was."""
    version = installed_material()
    if version not in VERIFIED_MATERIAL:
        log.info(f"briefing: fast_search_index: Material {version or '(not installed)'} is "
                 f"not a version the fast search indexing was verified against "
                 f"({', '.join(VERIFIED_MATERIAL)}); Material's own indexing builds the search "
                 f"index (the same index, a little slower)")
        return False
    from . import search_index

    return search_index.install(config) is not None
