"""The generator keeps Python's cycle collector out of its long-lived data
(build/collector.py): no rounds while the model is made, the model left out of the rounds
while pages are rendered, and every cycle collected once it is let go of."""

from __future__ import annotations

import gc
import weakref

import pytest

from generator.build import collector


class Node:
    def __init__(self) -> None:
        self.other: Node | None = None


def cycle() -> weakref.ref[Node]:
    """Two objects that hold each other, let go of: only a round of the collector frees
    them. Returns a weak reference to one."""
    first, second = Node(), Node()
    first.other, second.other = second, first
    return weakref.ref(first)


@pytest.fixture(autouse=True)
def collector_as_it_was() -> object:
    enabled = gc.isenabled()
    yield
    gc.unfreeze()
    if enabled:
        gc.enable()
    else:
        gc.disable()


def test_no_round_inside_paused_and_one_after() -> None:
    gc.enable()
    with collector.paused():
        assert not gc.isenabled()
        found = cycle()
        kept = [Node() for _ in range(50_000)]  # enough to start several rounds if on
        assert found() is not None  # no round ran
        del kept
    assert gc.isenabled()
    assert found() is None  # the round after it freed the cycle


def test_paused_leaves_a_disabled_collector_disabled() -> None:
    gc.disable()
    with collector.paused():
        pass
    assert not gc.isenabled()


def test_paused_turns_the_collector_back_on_after_an_error() -> None:
    gc.enable()
    with pytest.raises(ValueError), collector.paused():
        raise ValueError("a content error")
    assert gc.isenabled()


def test_what_was_frozen_is_collected_only_once_released() -> None:
    first, second = Node(), Node()
    first.other, second.other = second, first
    found = weakref.ref(first)
    collector.freeze()
    del first, second
    gc.collect()
    assert found() is not None  # left out of the rounds while pages are rendered
    collector.release()
    assert found() is None
