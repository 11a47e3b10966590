"""The tests' commands forked from a prepared interpreter (forked_runs.py) behave as
`python -m` in a fresh one: their own folder, environment, streams and exit status."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from forked_runs import run_module

PROBE = """\
import os, sys
print(os.getcwd(), os.getpid() != int(sys.argv[1]), os.environ.get("PROBE"), sys.argv[2:])
print("to stderr", file=sys.stderr)
sys.exit(int(os.environ.get("EXIT", "0")))
"""


def test_a_forked_run_is_a_process_of_its_own(tmp_path: Path) -> None:
    (tmp_path / "probe.py").write_text(PROBE, encoding="utf-8")
    env = dict(os.environ, PROBE="yes", EXIT="3")
    done = run_module("probe", [str(os.getpid()), "a", "b"], tmp_path, env)
    assert (done.returncode, done.stdout, done.stderr) == (
        3, f"{tmp_path} True yes ['a', 'b']\n", "to stderr\n")
    # Exactly the environment given: nothing left from the run before.
    again = run_module("probe", [str(os.getpid())], tmp_path, dict(os.environ))
    assert (again.returncode, again.stdout) == (0, f"{tmp_path} True None []\n")


def test_an_uncaught_error_is_exit_status_1_with_its_traceback(tmp_path: Path) -> None:
    (tmp_path / "broken.py").write_text("raise ValueError('no good')\n", encoding="utf-8")
    done = run_module("broken", [], tmp_path, dict(os.environ))
    assert done.returncode == 1
    assert "ValueError: no good" in done.stderr and "Traceback" in done.stderr


def test_a_run_past_its_time_is_stopped(tmp_path: Path) -> None:
    (tmp_path / "slow.py").write_text("import time\ntime.sleep(60)\n", encoding="utf-8")
    with pytest.raises(subprocess.TimeoutExpired):
        run_module("slow", [], tmp_path, dict(os.environ), timeout=1)
    # The prepared interpreter serves the next command.
    (tmp_path / "quick.py").write_text("print('next')\n", encoding="utf-8")
    assert run_module("quick", [], tmp_path, dict(os.environ)).stdout == "next\n"


def test_commands_that_end_at_once_each_get_their_own_answer(tmp_path: Path) -> None:
    """Commands that end as soon as they start, one after the other (a check refused
    before it reads anything): each answer is its own command's, never the one before's.
    Two answers once arrived together and the second was read ahead, so every later
    command of that test process got the answer of the one before (seen under load)."""
    (tmp_path / "at_once.py").write_text("", encoding="utf-8")
    (tmp_path / "probe.py").write_text(PROBE, encoding="utf-8")
    for number in range(200):
        assert run_module("at_once", [], tmp_path, dict(os.environ), timeout=30).stdout == ""
        if number % 20 == 0:
            env = dict(os.environ, PROBE=str(number), EXIT=str(number % 7))
            done = run_module("probe", [str(os.getpid())], tmp_path, env)
            assert (done.returncode, done.stdout) == (
                number % 7, f"{tmp_path} True {number} []\n")
