"""`python -m mkdocs …` and `python -m generator.cli …` for the tests, each still in a
process of its own, but forked from one that has already imported MkDocs, Material, the
Markdown extensions and the generator.

Why: the quick run starts about 150 such commands; a fresh interpreter spends 0.5 s
(`briefing`) to 0.8 s (`mkdocs build`) importing before it does anything, a third of the
run's processor time. A fork of a prepared interpreter is the same command in a new process
(its own working folder, environment, standard streams, exit status and, for a build, its
own forked language processes); only the imports are shared.

What a fork cannot give runs as before, in a fresh interpreter: an environment whose
PYTHONPATH or PYTHONHASHSEED differs from the prepared interpreter's (a sitecustomize that
must run at start, a pinned hash seed). Two commands of one test share the prepared
interpreter's hash seed, so a test of "the same bytes from two processes" pins seeds of its
own (test_charts) and thereby runs fresh.
"""

from __future__ import annotations

import atexit
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Variables read when Python starts, before any fork could set them.
_AT_START = ("PYTHONPATH", "PYTHONHASHSEED", "PYTHONSAFEPATH", "PYTHONNOUSERSITE")

_PREPARED = r"""
import json, os, runpy, select, signal, sys, traceback
import mkdocs.__main__, mkdocs.commands.build, mkdocs.config.defaults
import material, material.plugins.search.plugin
import markdown, markdown.extensions.abbr, markdown.extensions.admonition
import markdown.extensions.attr_list, markdown.extensions.footnotes
import markdown.extensions.md_in_html, markdown.extensions.tables, markdown.extensions.toc
import pymdownx.details, pymdownx.superfences
import generator.cli, generator.engine.plugin, generator.build.pipeline

reply = sys.stdout
for line in sys.stdin:
    request = json.loads(line)
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            os.setpgid(0, 0)  # its own group: a timeout ends the build's processes too
            os.chdir(request["cwd"])
            os.environ.clear()
            os.environ.update(request["env"])
            for fd, name in ((0, os.devnull), (1, request["stdout"]), (2, request["stderr"])):
                opened = os.open(name, os.O_RDONLY if fd == 0 else os.O_WRONLY | os.O_TRUNC)
                os.dup2(opened, fd)
                os.close(opened)
            sys.argv = [request["module"], *request["args"]]
            # As `python -m` finds it: not yet imported (runpy warns otherwise), its
            # imports already there.
            for name in (request["module"], request["module"] + ".__main__"):
                sys.modules.pop(name, None)
            try:
                runpy.run_module(request["module"], run_name="__main__", alter_sys=True)
                code = 0
            except SystemExit as stop:
                if stop.code is None or isinstance(stop.code, int):
                    code = stop.code or 0
                else:
                    print(stop.code, file=sys.stderr)
                    code = 1
            except BaseException:
                traceback.print_exc()
                code = 1
            import atexit
            atexit._run_exitfuncs()
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)
    # One answer a command, once it has ended: ended by itself, or stopped with its whole
    # group when its time ran out.
    with os.fdopen(os.pidfd_open(pid), "rb", buffering=0) as ended:
        timed_out = not select.select([ended], [], [], request["timeout"])[0]
    if timed_out:
        try:
            os.killpg(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    _, status = os.waitpid(pid, 0)
    reply.write(json.dumps({"status": os.waitstatus_to_exitcode(status),
                            "timed_out": timed_out}) + "\n")
    reply.flush()
"""


class _Prepared:
    """The prepared interpreter of this test process, started at its first use."""

    def __init__(self) -> None:
        self.env = dict(os.environ)
        self.process = subprocess.Popen(
            [sys.executable, "-c", _PREPARED], cwd=ROOT, env=self.env, text=True,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        atexit.register(self.close)

    def close(self) -> None:
        if self.process.poll() is None:
            assert self.process.stdin is not None
            self.process.stdin.close()
            self.process.wait(timeout=30)

    def serves(self, env: dict[str, str]) -> bool:
        return (self.process.poll() is None and
                all(env.get(name) == self.env.get(name) for name in _AT_START))

    def run(self, module: str, args: list[str], cwd: Path, env: dict[str, str],
            timeout: float) -> subprocess.CompletedProcess[str]:
        assert self.process.stdin is not None and self.process.stdout is not None
        with tempfile.TemporaryDirectory(prefix="forked-") as folder:
            out, err = Path(folder, "stdout"), Path(folder, "stderr")
            out.touch()
            err.touch()
            request = {"module": module, "args": args, "cwd": str(cwd), "env": env,
                       "stdout": str(out), "stderr": str(err), "timeout": timeout}
            self.process.stdin.write(json.dumps(request) + "\n")
            self.process.stdin.flush()
            # Exactly one line a command, written once it ended (the prepared interpreter
            # keeps its time): nothing can be left unread for the next command.
            line = self.process.stdout.readline()
            if not line:
                raise RuntimeError("the prepared interpreter ended")
            answer = json.loads(line)
            if answer["timed_out"]:
                raise subprocess.TimeoutExpired([module, *args], timeout)
            return subprocess.CompletedProcess(
                [sys.executable, "-m", module, *args], answer["status"],
                out.read_text("utf-8"), err.read_text("utf-8"))


_prepared: _Prepared | None = None


def run_module(module: str, args: list[str], cwd: Path, env: dict[str, str],
               timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """``python -m module args`` in ``cwd`` with exactly ``env``: forked from the prepared
    interpreter where the environment allows, else a fresh one."""
    global _prepared
    if _prepared is None:
        _prepared = _Prepared()
    if _prepared.serves(env):
        return _prepared.run(module, args, cwd, env, timeout)
    return subprocess.run([sys.executable, "-m", module, *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=timeout, check=False)
