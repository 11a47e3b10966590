"""What text may become on a page: plain text made inert, article Markdown vetted.

Record fields are plain text. Everything that Markdown or HTML would read as markup is
escaped when the text goes into a page, so an editor's ``<script>`` shows as written and a
``[link](javascript:…)`` stays text. Article bodies are Markdown: the checker renders them
with the site's own extensions and refuses any HTML they would produce beyond what plain
Markdown makes, any address that is not https, and any image from another host.
"""

from __future__ import annotations

import html
import re
from functools import cache, lru_cache
from html.parser import HTMLParser
from urllib.parse import urlsplit

import markdown

# The same Python-Markdown extensions as mkdocs.yml's markdown_extensions (a test keeps
# them in step), so that the check sees what the site will render.
MARKDOWN_EXTENSIONS = ["abbr", "admonition", "attr_list", "footnotes", "md_in_html", "tables",
                       "toc", "pymdownx.details", "pymdownx.superfences"]

ID = r"[a-z0-9]+(?:-[a-z0-9]+)*"
CITATION = re.compile(rf"\[@({ID}(?:/{ID})?)\]")
CITATION_LIKE = re.compile(r"\[@[^\]]*\]")

_INLINE_SPECIALS = re.compile(r"([\\`*_{}\[\]|])")
_LINE_START = re.compile(r"^(\s*)([#+\-]|\d+(?=\.))")


# Pages repeat the same names, labels and figures thousands of times at scale.
@lru_cache(maxsize=131072)
def escape_inline(text: str) -> str:
    """Plain text as Markdown that renders to exactly that text, on one line."""
    text = re.sub(r"\s+", " ", text)
    text = html.escape(text, quote=False)
    text = _INLINE_SPECIALS.sub(r"\\\1", text)
    # A line that would start a heading or a list keeps its first mark as text.
    match = _LINE_START.match(text)
    if match and match.group(2).isdigit():
        end = match.end()
        return text[:end] + "\\" + text[end:]
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def escape_block(text: str) -> str:
    """Plain text as Markdown paragraphs: blank lines separate them, nothing else counts."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    return "\n\n".join(escape_inline(p) for p in paragraphs)


def unsafe_url(url: str) -> str | None:
    """Why an address may not be linked, or None when it may."""
    if any(ch.isspace() or ord(ch) < 32 for ch in url):
        return "address contains spaces or control characters"
    parts = urlsplit(url)
    if not parts.scheme:
        return (f"'{_shortened(url)}' is not an absolute address (expected an absolute https "
                f"address)")
    if parts.scheme != "https":
        return f"'{parts.scheme}:' addresses are not allowed (expected an absolute https address)"
    if not parts.hostname:
        return "address has no host name (expected an absolute https address)"
    if "." not in parts.hostname:
        return (f"'{parts.hostname}' is not a public host name (expected an absolute https "
                f"address)")
    if parts.username or parts.password:
        return "address contains a user name or password (expected an address without them)"
    return None


def _shortened(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."


_ALLOWED_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "a", "em", "strong",
                 "code", "pre", "blockquote", "hr", "br", "table", "thead", "tbody", "tr", "th",
                 "td", "sup", "sub", "abbr", "div", "span", "details", "summary", "dl", "dt",
                 "dd"}
_ALLOWED_ATTRS = {"href", "title", "id", "class", "align", "rel", "open"}


class _Inspector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.findings: list[tuple[str, str]] = []  # (text to find in the source, message)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if ":" in tag:
            # <scheme:…> is an autolink to Markdown's readers, but Python-Markdown links only
            # http and ftp addresses this way and passes the rest through as a raw tag.
            scheme = tag.split(":")[0]
            self.findings.append((f"<{scheme}:", (f"link: '{scheme}:' addresses are not allowed "
                                                  f"(expected an absolute https address)")))
            return
        if tag not in _ALLOWED_TAGS:
            what = "images" if tag == "img" else f"HTML <{tag}>"
            self.findings.append((f"<{tag}" if tag != "img" else "![",
                                  f"{what} not allowed in articles"))
            return
        for name, value in attrs:
            if name == "href" and value is not None:
                if value.startswith("#") or value.startswith("/") and not value.startswith("//"):
                    continue
                problem = unsafe_url(value) if ":" in value or value.startswith("//") else None
                if problem:
                    self.findings.append((value.split(":")[0] + ":", f"link: {problem}"))
            elif name == "style" and tag in ("th", "td") and re.fullmatch(
                    r"text-align: (left|right|center);?", value or ""):
                continue
            elif name not in _ALLOWED_ATTRS:
                self.findings.append((name, f"attribute '{name}' not allowed in articles"))

    def handle_comment(self, data: str) -> None:
        self.findings.append(("<!--", "HTML comments not allowed in articles"))


@cache
def _converter() -> markdown.Markdown:
    # Loading the extensions costs more than converting an article; reset() between uses.
    return markdown.Markdown(extensions=MARKDOWN_EXTENSIONS)


def unsafe_markdown(body: str) -> list[tuple[int, int, str]]:
    """Problems in an article body as (line within the body, column, message)."""
    findings: list[tuple[int, int, str]] = []
    for number, line in enumerate(body.split("\n"), start=1):
        for match in CITATION_LIKE.finditer(line):
            if not CITATION.fullmatch(match.group(0)):
                findings.append((number, match.start() + 1,
                                 f"malformed citation {match.group(0)} (expected [@source-id] or "
                                 "[@deal-id/source-id])"))
    inspector = _Inspector()
    inspector.feed(_converter().reset().convert(body))
    inspector.close()
    lowered = body.lower()
    for needle, message in dict.fromkeys(inspector.findings):
        position = lowered.find(needle.lower())
        position = max(position, 0)
        line = body.count("\n", 0, position) + 1
        column = position - (body.rfind("\n", 0, position) + 1) + 1
        findings.append((line, column, message))
    return findings
