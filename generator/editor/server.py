"""`briefing editor`: the form (Decap CMS, served from this machine) and its backend on
127.0.0.1, and beside them the live preview (`mkdocs serve`).

Who may talk to it: only this machine (it listens on 127.0.0.1, never on all interfaces),
only under its own address (a page elsewhere that points a name of its own at 127.0.0.1, DNS
rebinding, sends a foreign Host header and is refused), only from its own pages (a foreign
Origin is refused) and only with the random token made at start, which the command prints
once inside the editor's address. The browser keeps the token in a cookie for this port
only, so that the form's own requests carry it.
"""

from __future__ import annotations

import hmac
import json
import mimetypes
import secrets
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http import HTTPStatus
from http.cookies import CookieError, SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from ..errors import Problem
from ..text.messages import msg
from .backend import Backend, Checker
from .cms_config import CONFIG_FILE, served_config
from .files import ContentFiles

HOST = "127.0.0.1"
EDITOR_DIR = Path(__file__).parent
PAGE_DIR = EDITOR_DIR / "admin"
# Installed by `.ci/setup` from generator/editor/package-lock.json (never fetched at run time).
DECAP_DIST = EDITOR_DIR / "node_modules" / "decap-cms" / "dist"
MAX_REQUEST_BYTES = 8_000_000  # a 5 MB picture, base64-encoded, and its envelope
API_PATH = "/api/v1"
ADMIN = "/admin/"
# The form's pages may load and talk to this server only: a script that got into a
# record could not send anything elsewhere (and the tests count every request that tries).
_CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self' 'unsafe-eval'; "
                            "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
                            "connect-src 'self' blob: data:; frame-src 'self' blob:; "
                            "frame-ancestors 'none'; base-uri 'none'; form-action 'none'")


def project_checker(config_file: Path) -> Checker:
    """`briefing check` (the git guard included) over the project: its problems (notices
    left out) and whether they fail the build."""

    def run() -> tuple[bool, list[Problem]]:
        # The check's public entry points; imported here so that the editor stays a part
        # that can be lifted out with the schemas and these two.
        from generator.build import pipeline
        from generator.engine.config import load_site_config
        from generator.errors import BriefingError

        try:
            config, _mkdocs = load_site_config(config_file)
            _documents, problems = pipeline.check(config, compare_history=True)
        except BriefingError as exc:
            return True, [Problem(config_file.name, 0, 0, "", msg(
                "the check could not run: {reason}", reason=str(exc)))]
        shown = [problem for problem in problems if problem.severity != "notice"]
        return any(pipeline.is_failure(problem, False) for problem in problems), shown

    return run


@dataclass
class Editor:
    """The running editor: where it listens, its token and what it serves."""

    backend: Backend
    port: int
    token: str

    @property
    def origins(self) -> tuple[str, ...]:
        return (f"http://{HOST}:{self.port}", f"http://localhost:{self.port}")

    @property
    def hosts(self) -> tuple[str, ...]:
        return (f"{HOST}:{self.port}", f"localhost:{self.port}")

    @property
    def address(self) -> str:
        """The editor's address with its token: printed once, on its own line."""
        return f"http://{HOST}:{self.port}{ADMIN}?token={self.token}"

    @property
    def cookie_name(self) -> str:
        return f"briefing-editor-{self.port}"


class _Handler(BaseHTTPRequestHandler):
    editor: Editor
    server_version = "briefing-editor"
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the terminal shows the check's problems, not every request

    # --- who is asking ----------------------------------------------------------------------

    def _refusal(self) -> tuple[int, str] | None:
        """Why this request is refused, or None."""
        editor = self.editor
        if self.headers.get("Host") not in editor.hosts:
            return 421, (f"this editor answers only at http://{HOST}:{editor.port}/ (the "
                         f"request named {self.headers.get('Host')!r})")
        origin = self.headers.get("Origin")
        if origin is not None and origin not in editor.origins:
            return 403, f"requests from {origin!r} are not accepted"
        if not self._has_token():
            return 403, ("no valid token: open the address `briefing editor` printed (it "
                         "ends in ?token=…)")
        return None

    def _query_token(self) -> str | None:
        values = parse_qs(urlsplit(self.path).query).get("token")
        return values[0] if values else None

    def _has_token(self) -> bool:
        expected = self.editor.token.encode()
        given = self._query_token()
        if given is not None and hmac.compare_digest(given.encode(), expected):
            return True
        try:
            cookie = SimpleCookie(self.headers.get("Cookie", ""))
        except CookieError:
            return False
        morsel = cookie.get(self.editor.cookie_name)
        return morsel is not None and hmac.compare_digest(morsel.value.encode(), expected)

    # --- answers ----------------------------------------------------------------------------

    def _send(self, status: int, body: bytes, content_type: str,
              extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("Referrer-Policy", "no-referrer")  # the token is in the address
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("X-Frame-Options", "DENY")
        self.send_header("Content-Security-Policy", _CONTENT_SECURITY_POLICY)
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the tab was closed or reloaded while it waited: nobody to answer

    def _json(self, status: int, answer: Any) -> None:
        self._send(status, json.dumps(answer, ensure_ascii=False).encode("utf-8"),
                   "application/json; charset=utf-8")

    def _refused(self, status: int, message: str) -> None:
        self._json(status, {"error": message})

    def do_GET(self) -> None:
        refusal = self._refusal()
        if refusal:
            self._refused(*refusal)
            return
        path = urlsplit(self.path).path
        if path in ("/", "/admin"):
            self._send(302, b"", "text/plain", {"Location": ADMIN})
        elif path == ADMIN:
            self._page()
        elif path == ADMIN + "config.yml":
            self._send(200, served_config(self.editor.port).encode("utf-8"),
                       "text/yaml; charset=utf-8")
        elif path == API_PATH + "/check":
            self._json(200, self.editor.backend.last.as_json())
        elif path.startswith(ADMIN):
            self._static(path.removeprefix(ADMIN))
        else:
            self._refused(404, f"{path}: not here")

    do_HEAD = do_GET

    def _page(self) -> None:
        page = (PAGE_DIR / "index.html").read_bytes()
        extra = {}
        if self._query_token() is not None:
            # For this port only, never sent to other sites, unreadable by scripts.
            extra["Set-Cookie"] = (f"{self.editor.cookie_name}={self.editor.token}; Path=/; "
                                   f"HttpOnly; SameSite=Strict")
        self._send(200, page, "text/html; charset=utf-8", extra)

    def _static(self, name: str) -> None:
        """One of the form's own files: ours (admin/) or the CMS bundle's (dist/)."""
        for folder in (PAGE_DIR, DECAP_DIST):
            if "/" in name or name.startswith(".") or not name:
                break
            path = folder / name
            if path.is_file() and not path.is_symlink():
                kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
                if kind.startswith("text/") or kind.endswith("javascript"):
                    kind += "; charset=utf-8"
                self._send(200, path.read_bytes(), kind)
                return
        if name == "decap-cms.js":
            self._refused(404, f"{DECAP_DIST / name} is missing: run `bash .ci/setup` (it "
                               f"installs the form from generator/editor/package-lock.json)")
            return
        self._refused(404, f"{name}: not here")

    def do_POST(self) -> None:
        refusal = self._refusal()
        if refusal:
            self._refused(*refusal)
            return
        if urlsplit(self.path).path != API_PATH:
            self._refused(404, f"{self.path}: not here")
            return
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            self._refused(411, "a request needs its Content-Length")
            return
        if not 0 <= length <= MAX_REQUEST_BYTES:
            self._refused(413, f"a request may have at most {MAX_REQUEST_BYTES:,} bytes")
            return
        try:
            body = json.loads(self.rfile.read(length))
        except (ValueError, UnicodeDecodeError):
            self._refused(422, "the request is not JSON")
            return
        status, answer = self.editor.backend.handle(body)
        self._json(status, answer)
        if "check" in (answer or {}):
            _report(answer["check"])

    def do_PUT(self) -> None:
        self._refused(HTTPStatus.METHOD_NOT_ALLOWED, "only GET and POST")

    do_DELETE = do_PATCH = do_PUT


def _report(check: dict[str, Any]) -> None:
    """The check's answer to a save, in the terminal too, in the editor's language (that
    of its problems)."""
    lang = check.get("language", "en")
    saved = ", ".join(check.get("saved", [])) or msg("a deletion").in_language(lang)
    if check.get("failed"):
        print(msg("saved {saved} as a draft; the check found problems:",
                  saved=saved).in_language(lang), file=sys.stderr)
        for line in check.get("problems", []):
            print(f"  {line}", file=sys.stderr)
    else:
        print(msg("saved {saved}; the check passes", saved=saved).in_language(lang))


@contextmanager
def running(project_dir: Path, check: Checker, languages: tuple[str, ...],
            port: int = 0) -> Iterator[Editor]:
    """The editor's server on 127.0.0.1 (``port`` 0: a free one), in a thread."""
    if not CONFIG_FILE.is_file():
        raise FileNotFoundError(CONFIG_FILE)
    backend = Backend(ContentFiles(project_dir.resolve()), check, languages)
    handler: type[_Handler] = type("Handler", (_Handler,), {})
    server = ThreadingHTTPServer((HOST, port), handler)
    editor = Editor(backend, server.server_port, secrets.token_urlsafe(32))
    handler.editor = editor
    # shutdown() waits for serve_forever's next look at its flag: every 50 ms, not the
    # default 0.5 s, so that Ctrl-C (and each test's server) ends at once.
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield editor
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def _interrupt(_signal: int, _frame: object) -> None:
    raise KeyboardInterrupt


def serve(config_file: Path, languages: tuple[str, ...], port: int,
          preview_port: int | None) -> int:
    """`briefing editor`: serve until Ctrl-C; the preview beside it unless ``preview_port``
    is None."""
    project_dir = config_file.resolve().parent
    if not (DECAP_DIST / "decap-cms.js").is_file():
        print(f"The form is not installed ({DECAP_DIST / 'decap-cms.js'} is missing): run "
              f"`bash .ci/setup` once, which installs it with npm from "
              f"generator/editor/package-lock.json.", file=sys.stderr)
        return 1
    preview = None
    # Stopped by a signal rather than Ctrl-C (a service manager, `kill`): stop the preview
    # too, as the `finally` below does, instead of leaving it behind.
    signal.signal(signal.SIGTERM, _interrupt)
    with running(project_dir, project_checker(config_file), languages, port) as editor:
        if preview_port is not None:
            preview = subprocess.Popen(
                [sys.executable, "-m", "mkdocs", "serve", "--config-file", str(config_file),
                 "--dev-addr", f"{HOST}:{preview_port}"], cwd=project_dir)
        print("The web editor (open this address; it holds the key to this session):")
        print(editor.address, flush=True)
        if preview is not None:
            print(f"The live preview: http://{HOST}:{preview_port}/ (rebuilds after each "
                  f"save that passes the check)")
        print("Ctrl-C stops both.", flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass
        finally:
            if preview is not None:
                preview.terminate()
                try:
                    preview.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    preview.kill()
    return 0
