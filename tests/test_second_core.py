"""A clean build's reading and checking on both cores (build/second_core.py): the same
results, in the same order, as one core gives; a helper that fails or a process with
threads leaves the work to this process; a failure here does not leave the helper
running.

What needs the fork runs in a new Python process (``fresh``): a test worker may have a
thread running (a browser test's, a server's), and then, rightly, nothing is forked."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, copy_project

from generator.build import second_core

sys.path.insert(0, str(ROOT / "benchmarks"))
import synth  # benchmarks/ is a folder of scripts

MINIMAL = Path(__file__).resolve().parent / "fixtures" / "minimal" / "content"

pytestmark = pytest.mark.skipif(not hasattr(os, "fork") or (os.cpu_count() or 1) < 2,
                                reason="a second core to fork a helper onto")


def fresh(code: str, **values: object) -> Any:
    """``code`` run in a new Python process with ``values`` as its names; what it leaves
    in ``result``, by JSON."""
    script = ("import json, os, time\nfrom generator.build import second_core\n"
              + "".join(f"{name} = {value!r}\n" for name, value in values.items())
              + textwrap.dedent(code) + "\nprint(json.dumps(result))\n")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                          text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def _square_and_process(item: int) -> tuple[int, int]:
    return item * item, os.getpid()


def test_half_the_items_go_to_a_second_process_and_come_back_in_order() -> None:
    found = fresh("""
        def square_and_process(item):
            return item * item, os.getpid()
        result = {"here": os.getpid(),
                  "results": second_core.each(square_and_process, list(range(200)))}
        """)
    results, here = found["results"], found["here"]
    assert [square for square, _pid in results] == [item * item for item in range(200)]
    assert {pid for _square, pid in results[0::2]} == {here}
    helpers = {pid for _square, pid in results[1::2]}
    assert len(helpers) == 1 and here not in helpers


def test_few_items_stay_in_this_process() -> None:
    results = second_core.each(_square_and_process, list(range(second_core.LEAST_ITEMS - 1)))
    assert {pid for _square, pid in results} == {os.getpid()}


def test_a_helper_that_fails_leaves_its_share_to_this_process() -> None:
    found = fresh("""
        here = os.getpid()
        def only_here(item):
            if os.getpid() != here:
                raise RuntimeError("the helper fails")
            return item * item, os.getpid()
        result = {"here": here, "results": second_core.each(only_here, list(range(100)))}
        """)
    assert found["results"] == [[item * item, found["here"]] for item in range(100)]


def test_with_a_thread_running_nothing_is_forked() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        results = second_core.each(_square_and_process, list(range(100)))
    finally:
        stop.set()
        thread.join()
    assert {pid for _square, pid in results} == {os.getpid()}


def test_a_failure_here_stops_the_helper(tmp_path: Path) -> None:
    helper_file, finished = tmp_path / "helper", tmp_path / "finished"
    found = fresh("""
        from pathlib import Path
        here, helper_file, finished = os.getpid(), Path(helper_file), Path(finished)
        def slow_there_failing_here(item):
            if os.getpid() != here and not helper_file.exists():
                helper_file.write_text(str(os.getpid()))
                time.sleep(5)
                finished.touch()  # a helper left running gets here
            elif item == 10:
                for _wait in range(200):  # until the helper is at work
                    if helper_file.exists() and helper_file.read_text():
                        break
                    time.sleep(0.05)
                raise ValueError("a failure in this process")
            return item
        try:
            second_core.each(slow_there_failing_here, list(range(100)))
            result = "no failure"
        except ValueError:
            result = "failed"
        """, helper_file=str(helper_file), finished=str(finished))
    assert found == "failed"
    helper = int(helper_file.read_text())
    with pytest.raises(ProcessLookupError):  # stopped and waited for: no process left
        os.kill(helper, 0)
    time.sleep(0.2)
    assert not finished.exists()


def test_a_clean_check_on_two_cores_finds_what_one_core_finds(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", content=MINIMAL)
    content = project / "content"
    synth.write_content(content, 60)
    deals = sorted((content / "deals").glob("*.yml"))
    assert len(deals) > second_core.LEAST_ITEMS // 2
    # Faults in records read and checked on either side: a day not on the calendar (the
    # record alone) and a company nobody lists (across records).
    faulty = deals[7:11]
    for deal in faulty:
        text = deal.read_text("utf-8")
        assert "\nas_of: '" in text and "- company: " in text
        text = text.replace("\nas_of: '", "\nas_of: '2025-02-30' # ", 1)
        deal.write_text(text.replace("- company: ", "- company: nobody-", 1), "utf-8")
    found = fresh("""
        from pathlib import Path
        from generator.build import pipeline
        from generator.engine.config import load_site_config
        config, _mkdocs = load_site_config(Path(project) / "mkdocs.yml")
        real_each = second_core.each
        helped = []

        def each_noting_the_helper(function, items):
            results = real_each(lambda item: (function(item), os.getpid()), items)
            helped.append(any(pid != os.getpid() for _result, pid in results))
            return [result for result, _pid in results]

        second_core.each = each_noting_the_helper
        documents, on_two = pipeline.Generator().check(config)
        second_core.each = real_each
        second_core.LEAST_ITEMS = 10**9
        documents_one, on_one = pipeline.Generator().check(config)
        result = {
            "helped": helped, "same": on_two == on_one,
            "same_documents": [(doc.file, doc.data) for doc in documents]
                              == [(doc.file, doc.data) for doc in documents_one],
            "errors": [[p.file, p.field] for p in on_two if p.severity == "error"]}
        """, project=str(project))
    assert found["helped"] == [True, True]  # the files read, then each record checked alone
    assert found["same"] and found["same_documents"]
    errors = {(file, field) for file, field in found["errors"]}
    for deal in faulty:
        shown = deal.relative_to(project).as_posix()
        assert (shown, "as_of") in errors
        assert any(file == shown and field.startswith("parties[") for file, field in errors)
