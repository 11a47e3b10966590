"""A preview stopped by SIGTERM (an editor's stop button, a service manager, a CI job's
timeout) cleans up as on Ctrl-C: serve's temporary site, the preview's folders and its
language processes go. Before, each such stop left hundreds of MB in the temporary folder
at 2,000 deals (serve's site), and the benchmarks' and tests' stops did so on this machine."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, copy_project
from test_serve_equivalence import environment, free_port

pytestmark = pytest.mark.slow  # a real `mkdocs serve`

MINIMAL = ROOT / "tests" / "fixtures" / "minimal" / "content"


@pytest.mark.parametrize("whole_group", [False, True], ids=["serve", "its-group"])
def test_sigterm_stops_a_preview_as_ctrl_c_does(whole_group: bool, tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", content=MINIMAL)
    temporary = tmp_path / "serve-tmp"
    temporary.mkdir()
    log = tmp_path / "serve.log"
    with log.open("w", encoding="utf-8") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{free_port()}"],
            cwd=project, env=environment(TMPDIR=str(temporary)), stdout=out,
            stderr=subprocess.STDOUT, start_new_session=True)
        try:
            deadline = time.monotonic() + 600
            while "Serving on" not in log.read_text(encoding="utf-8"):
                assert process.poll() is None, log.read_text(encoding="utf-8")[-4000:]
                assert time.monotonic() < deadline, "serve did not start in 600 s"
                time.sleep(0.05)
            made = sorted(re.sub(r"[a-z0-9_]{8}$", "", p.name) for p in temporary.iterdir())
            assert made == ["briefing-preview-", "mkdocs_"], made  # what must go
            if whole_group:
                os.killpg(process.pid, signal.SIGTERM)
            else:
                process.send_signal(signal.SIGTERM)
            assert process.wait(timeout=60) == 0
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
    text = log.read_text(encoding="utf-8")
    assert "Shutting down" in text and "Traceback" not in text, text[-4000:]
    assert not list(temporary.iterdir()), "serve left its folders behind"
    with pytest.raises(ProcessLookupError):  # no language process left in its group
        os.killpg(process.pid, 0)
