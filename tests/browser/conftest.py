"""Reading the built site in a real browser: the sample site (built once by tests/conftest.py's
``built_site``) served on 127.0.0.1 and opened in Debian's Chromium through Playwright."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Request, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
# No background traffic of the browser's own: every request a test sees comes from the page.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
LOCAL_HOST = "127.0.0.1"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass  # pytest shows failures; a line per request would bury them


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """``directory`` served over HTTP on 127.0.0.1 at a free port; yields the base address."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer((LOCAL_HOST, 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{LOCAL_HOST}:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="session")
def site_address(built_site: Path) -> Iterator[str]:
    with serve(built_site) as address:
        yield address


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `bash .ci/setup test` (installs Debian's chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Reader:
    """A browser tab on the served site, and what it did: every request it made, every
    error it logged to the console or threw, every address that answered with an error."""

    page: Page
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def open(self, path: str) -> Page:
        """Open a path of the site and wait until the page has stopped loading anything."""
        response = self.page.goto(path, wait_until="networkidle")
        assert response is not None and response.ok, f"{path}: {response and response.status}"
        return self.page

    def foreign_requests(self) -> list[str]:
        return [url for url in self.requests
                if urlsplit(url).scheme not in ("data", "blob")
                and urlsplit(url).hostname != LOCAL_HOST]


def open_reader(browser: Browser, base_url: str, **context_options: object) -> Reader:
    context = browser.new_context(base_url=base_url, **context_options)
    page = context.new_page()
    reader = Reader(page)

    def on_request(request: Request) -> None:
        reader.requests.append(request.url)

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            reader.errors.append(f"console: {message.text} ({message.location.get('url')})")

    def on_response(response: object) -> None:
        status = response.status  # type: ignore[attr-defined]
        if status >= 400:
            reader.errors.append(f"HTTP {status}: {response.url}")  # type: ignore[attr-defined]

    page.on("request", on_request)
    page.on("console", on_console)
    page.on("pageerror", lambda error: reader.errors.append(f"script error: {error}"))
    page.on("response", on_response)
    page.on("requestfailed", lambda request: reader.errors.append(
        f"request failed: {request.url} ({request.failure})"))
    return reader


@pytest.fixture
def reader(browser: Browser, site_address: str) -> Iterator[Reader]:
    """A fresh tab (own cookies and storage) at desktop width on the sample site."""
    reader = open_reader(browser, site_address, viewport={"width": 1280, "height": 900})
    yield reader
    reader.page.context.close()
