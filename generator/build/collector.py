"""Python's cycle collector kept out of the way of the generator's long-lived data.

Reading, checking and modelling the records makes several hundred thousand objects that
all live on (the documents, the model), and each of the collector's full rounds walks
every one of them again: at 2,000 deals 15 such rounds took 2.0 s of a 12.6 s check. What
those steps throw away is freed as it goes (reference counting); the few cycles wait for
the one round after them. Rendering then leaves the model out of its rounds (``freeze``)
until the model is let go of (``release``).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """No cycle search inside; one round after, if the collector was on before."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
            gc.collect()


def freeze() -> None:
    """Leave every object that exists now out of the collector's rounds (the model, while
    pages are rendered from it). No round first: the caller has just had one, and what is
    garbage already is collected by ``release`` all the same."""
    gc.freeze()


def release() -> None:
    """Take back what ``freeze`` left out, and collect what is garbage by now (the model,
    once its pages are written, holds cycles between deals and companies)."""
    gc.unfreeze()
    gc.collect()
