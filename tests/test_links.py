"""Every link and anchor inside the built site leads somewhere: each address of the site's
own (relative, or absolute under site_url) names a file that exists, and each #fragment an
element of that page. Addresses of other sites are not fetched (no network in tests)."""

from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import yaml
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
# Where the built files would be served from; any host does, it only anchors urljoin.
LOCAL = "http://site.test/"
REFERENCES = [("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"),
              ("source", "src"), ("iframe", "src"), ("form", "action")]
NOT_ADDRESSES = ("mailto:", "tel:", "javascript:", "data:")


def public_url() -> str:
    config = yaml.load((ROOT / "mkdocs.yml").read_text("utf-8"), Loader=yaml.BaseLoader)
    return config["site_url"].rstrip("/") + "/"


def target_file(site: Path, path: str) -> Path | None:
    """The file a server would answer a site path with: a folder means its index.html."""
    relative = unquote(path).lstrip("/")
    candidate = site / relative
    if path.endswith("/") or relative == "":
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def anchors_of(page: BeautifulSoup) -> set[str]:
    return {tag["id"] for tag in page.find_all(id=True)} | {
        tag["name"] for tag in page.find_all("a", attrs={"name": True})}


def broken_links(site: Path, public: str) -> list[str]:
    pages = {path.relative_to(site).as_posix(): BeautifulSoup(
        path.read_text("utf-8"), "html.parser") for path in sorted(site.rglob("*.html"))}
    anchors = {name: anchors_of(page) for name, page in pages.items()}
    broken = []
    for name, page in pages.items():
        base = urljoin(LOCAL, name)
        for tag_name, attribute in REFERENCES:
            for tag in page.find_all(tag_name, attrs={attribute: True}):
                reference = tag[attribute].strip()
                if not reference or reference.startswith(NOT_ADDRESSES):
                    continue
                if reference.startswith(public):
                    reference = "/" + reference[len(public):]
                address = urlsplit(urljoin(base, reference))
                if f"{address.scheme}://{address.netloc}/" != LOCAL:
                    continue  # another site's address
                target = target_file(site, posixpath.normpath(address.path) +
                                     ("/" if address.path.endswith("/") else ""))
                if target is None:
                    broken.append(f"{name}: <{tag_name} {attribute}={tag[attribute]!r}> "
                                  f"leads to a missing file")
                    continue
                if address.fragment:
                    target_name = target.relative_to(site).as_posix()
                    if unquote(address.fragment) not in anchors.get(target_name, set()):
                        broken.append(f"{name}: <{tag_name} {attribute}={tag[attribute]!r}> "
                                      f"names a missing anchor in {target_name}")
    return broken


def test_every_internal_link_and_anchor_resolves(built_site: Path) -> None:
    assert len(list(built_site.rglob("*.html"))) > 40
    assert broken_links(built_site, public_url()) == []


def test_the_checker_finds_a_broken_anchor_and_a_missing_page(tmp_path: Path) -> None:
    (tmp_path / "de" / "deals").mkdir(parents=True)
    (tmp_path / "de" / "index.html").write_text(
        '<p id="here"><a href="#here">ok</a> <a href="deals/">ok</a> '
        '<a href="deals/#gone">anchor</a> <a href="companies/">page</a> '
        '<a href="https://briefing.example/de/missing/">own site</a> '
        '<a href="https://elsewhere.example/">other site</a></p>', "utf-8")
    (tmp_path / "de" / "deals" / "index.html").write_text('<h1 id="top">Deals</h1>', "utf-8")
    assert broken_links(tmp_path, "https://briefing.example/") == [
        "de/index.html: <a href='deals/#gone'> names a missing anchor in de/deals/index.html",
        "de/index.html: <a href='companies/'> leads to a missing file",
        "de/index.html: <a href='https://briefing.example/de/missing/'> leads to a missing file",
    ]
