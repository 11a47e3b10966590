"""Parts of pages a preview keeps between its renders: what a page kind makes once and
reuses (``PageContext.reused``, pages/kind.py), kept while the records it was made from
are the same objects.

A render on its own (a clean build) keeps each part for that render only. A preview
hands the renderer this store instead: a part made for an earlier render, or for another
language of this one, is given again while each object it was made from is the same
(the model keeps a record's object while its record is unchanged: kept_model.py) and the
value it was made for is equal; otherwise it is made again. So a save that changes one
deal makes that deal's entry in the open-data files again, not the 2,000 others.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any


class KeptParts:
    """Each part by its name and key, with what it was made from."""

    def __init__(self) -> None:
        self.parts: dict[tuple[str, str], tuple[tuple[object, ...], object, Any]] = {}

    def reused(self, name: str, key: str, make: Callable[[], Any], same: tuple[object, ...],
               equal: object) -> Any:
        entry = self.parts.get((name, key))
        if (entry is not None and len(entry[0]) == len(same)
                and all(kept is now for kept, now in zip(entry[0], same, strict=True))
                and entry[1] == equal):
            return entry[2]
        made = make()
        self.parts[(name, key)] = (same, equal, made)
        return made

    def keep_only(self, live: Iterable[object]) -> None:
        """Forget the parts made from an object no longer in use (a deal deleted, or made
        anew, the model of an earlier build): they can never be given again, and would
        keep the old objects alive for as long as the preview runs."""
        alive = {id(thing) for thing in live}
        self.parts = {name_key: entry for name_key, entry in self.parts.items()
                      if all(id(thing) in alive for thing in entry[0])}
