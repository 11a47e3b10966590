"""What text may become on a page: plain text made inert, article Markdown vetted.

Record fields are plain text. Everything that Markdown or HTML would read as markup is
escaped when the text goes into a page, so an editor's ``<script>`` shows as written and a
``[link](javascript:…)`` stays text. Article bodies are Markdown: the checker renders them
with the site's own extensions and refuses any HTML they would produce beyond what plain
Markdown makes, any address that is not https, and any image from another host.
"""

from __future__ import annotations

import html
import ipaddress
import re
import unicodedata
from functools import cache, lru_cache
from html.parser import HTMLParser
from urllib.parse import quote

import markdown

from ..schemas import CITATION, ID_PATTERN
from .messages import msg
from .typography import tie

# The same Python-Markdown extensions as mkdocs.yml's markdown_extensions (a test keeps
# them in step), so that the check sees what the site will render.
MARKDOWN_EXTENSIONS = ["abbr", "admonition", "attr_list", "footnotes", "md_in_html", "tables",
                       "toc", "pymdownx.details", "pymdownx.superfences"]

ID = ID_PATTERN
CITATION_LIKE = re.compile(r"\[@[^\]]*\]")
# A picture of the article's front matter (``images``), on a line of its own in the body.
FIGURE = re.compile(rf"\[\[figure:({ID})\]\]")
FIGURE_LIKE = re.compile(r"\[\[figure[^\]]*\]\]")

# White space that may become one space: everything but the no-break spaces (U+00A0, the
# narrow U+202F, the figure space U+2007), which keep "50 Mrd." and « … » together.
_BREAKABLE_SPACE = re.compile(r"[^\S\u00a0\u202f\u2007]+")
_INLINE_SPECIALS = re.compile(r"([\\`*_{}\[\]|])")
_LINE_START = re.compile(r"^(\s*)([#+\-!]|\d+(?=\.))")
# Marks that open a block at a line's start but that Markdown has no backslash escape for:
# a fence (``~~~``, pymdownx.superfences) and a collapsible block (``???``,
# pymdownx.details). The first becomes a character reference, which shows as itself.
_LINE_START_UNESCAPABLE = re.compile(r"^(\s*)([~?])")


# Pages repeat the same names, labels and figures thousands of times at scale.
@lru_cache(maxsize=131072)
def escape_inline(text: str) -> str:
    """Plain text as Markdown that renders to exactly that text, on one line, with no-break
    spaces inside figures and dates (typography.tie)."""
    text = tie(_BREAKABLE_SPACE.sub(" ", text))
    text = html.escape(text, quote=False)
    text = _INLINE_SPECIALS.sub(r"\\\1", text)
    # A line that would start a block (a heading, a list, an admonition ``!!!``, a fence,
    # a collapsible block) keeps its first mark as text. One line is all a text becomes,
    # so its start is the only place a block can begin; everything else is inline and
    # escaped above.
    match = _LINE_START.match(text)
    if match and match.group(2).isdigit():
        end = match.end()
        return text[:end] + "\\" + text[end:]
    text = _LINE_START_UNESCAPABLE.sub(lambda m: f"{m.group(1)}&#{ord(m.group(2))};", text)
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def escape_block(text: str) -> str:
    """Plain text as Markdown paragraphs: blank lines separate them, nothing else counts."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    return "\n\n".join(escape_inline(p) for p in paragraphs)


# --- addresses --------------------------------------------------------------------------
#
# A source's address is printed on every page that cites it, so it is parsed, not just
# tested for a prefix: https, a host that is a DNS name or an IP literal, no user name,
# and nothing outside RFC 3986's characters once letters beyond ASCII in the path, query and
# fragment are percent-encoded (as a browser does when it follows the link). A host beyond
# ASCII is refused with its ASCII (punycode) form as the suggestion: readers see the address
# as written, and a look-alike letter in a host name is the classic way to fake one.

_UNRESERVED = r"A-Za-z0-9\-._~"
_SUB_DELIMS = r"!$&'()*+,;="
_PCHAR = rf"(?:[{_UNRESERVED}{_SUB_DELIMS}:@]|%[0-9A-Fa-f]{{2}})"
_PATH = re.compile(rf"(?:/{_PCHAR}*)*")
_QUERY_OR_FRAGMENT = re.compile(rf"(?:{_PCHAR}|[/?])*")
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_DNS_NAME = re.compile(rf"(?:{_LABEL}\.)+{_LABEL}\.?")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
# Printable ASCII that RFC 3986 does not allow anywhere in an address.
_NEVER_IN_ADDRESSES = frozenset(' "<>\\^`{|}')
MAX_HOST_LENGTH = 253


def unsafe_url(url: str) -> str | None:
    """Why an address may not be linked, or None when it may."""
    problem = address_character_problem(url)
    if problem:
        return problem
    scheme = _SCHEME.match(url)
    if not scheme:
        return (msg("'{shortened}' is not an absolute address (expected an absolute https "
                    "address)", shortened=_shortened(url)))
    if scheme.group().lower() != "https:":
        return (msg("'{group}' addresses are not allowed (expected an absolute https address)",
                    group=scheme.group()))
    rest = url[scheme.end():]
    if not rest.startswith("//"):
        return msg("address has no host name (expected an absolute https address)")
    authority, tail = _split_authority(rest[2:])
    if "@" in authority:
        return msg("address contains a user name or password (expected an address without them)")
    host, port = _split_port(authority)
    if port is not None and not (port.isdigit() and port.isascii() and 0 < int(port) < 65536):
        return msg("'{shortened}' is not a port number (expected 1 to 65535, or none)",
                   shortened=_shortened(port))
    problem = _host_problem(host)
    if problem:
        return problem
    before_fragment, _, fragment = tail.partition("#")
    path, _, query = before_fragment.partition("?")
    for part, pattern in ((path, _PATH), (query, _QUERY_OR_FRAGMENT),
                          (fragment, _QUERY_OR_FRAGMENT)):
        encoded = _percent_encode_beyond_ascii(part)
        if not pattern.fullmatch(encoded):
            return _part_problem(encoded)
    return None


def address_character_problem(url: str) -> str | None:
    """Why an address, absolute or relative, holds a character no address may hold."""
    for ch in url:
        if ch in _NEVER_IN_ADDRESSES or ord(ch) < 0x20 or ord(ch) == 0x7F:
            return (msg("address contains {character_words}, which an address cannot hold "
                        "(expected it percent-encoded, as %{ord:02X})",
                        character_words=_character_words(ch), ord=ord(ch)))
        if ord(ch) > 0x7F and (refused := refused_character(ch, in_address=True)):
            return msg("address contains {refused} (expected the address without it)",
                       refused=refused)
    return None


def _split_authority(rest: str) -> tuple[str, str]:
    end = len(rest)
    for mark in "/?#":
        found = rest.find(mark)
        if found != -1:
            end = min(end, found)
    return rest[:end], rest[end:]


def _split_port(authority: str) -> tuple[str, str | None]:
    if authority.startswith("["):
        close = authority.find("]")
        if close == -1:
            return authority, None
        host, after = authority[:close + 1], authority[close + 1:]
        return host, after[1:] if after.startswith(":") else (after or None)
    host, colon, port = authority.rpartition(":")
    return (host, port) if colon else (authority, None)


def _host_problem(host: str) -> str | None:
    if not host:
        return msg("address has no host name (expected an absolute https address)")
    if host.startswith("["):
        try:
            # No zone index (fe80::1%eth0): it names a network card of the reader's machine.
            ipaddress.IPv6Address(host[1:-1] if host.endswith("]") and "%" not in host else "?")
        except ValueError:
            return (msg("'{shortened}' is not an IPv6 address (expected a host name or an "
                        "address such as [2001:db8::1])",
                        shortened=_shortened(host)))
        return None
    if not host.isascii():
        try:
            ascii_form = host.encode("idna").decode("ascii")
        except UnicodeError:
            return (msg("host '{shortened}' is not a valid host name (expected letters, digits "
                        "and hyphens)", shortened=_shortened(host)))
        return (msg("host '{shortened}' has letters beyond ASCII (expected its ASCII form "
                    "'{ascii_form}', which shows readers exactly which host it is)",
                    shortened=_shortened(host), ascii_form=ascii_form))
    labels = host.rstrip(".").split(".")
    if all(label.isdigit() for label in labels):
        try:
            ipaddress.IPv4Address(host)
        except ValueError:
            return (msg("'{shortened}' is not an IPv4 address (expected a host name or four "
                        "numbers from 0 to 255)", shortened=_shortened(host)))
        return None
    if len(labels) < 2:
        return (msg("'{shortened}' is not a public host name (expected an absolute https address)",
                    shortened=_shortened(host)))
    if (len(host) > MAX_HOST_LENGTH or not _DNS_NAME.fullmatch(host)
            or labels[-1].isdigit()):
        return (msg("'{shortened}' is not a valid host name (expected labels of letters, digits "
                    "and inner hyphens, joined by dots)",
                    shortened=_shortened(host)))
    return None


def _percent_encode_beyond_ascii(part: str) -> str:
    return "".join(ch if ch.isascii() else quote(ch, safe="") for ch in part)


def _part_problem(encoded: str) -> str:
    percent = re.search(r"%(?![0-9A-Fa-f]{2})", encoded)
    if percent:
        return msg("address has a '%' that is not followed by two hexadecimal digits (expected "
                   "%25 for a percent sign)")
    ch = next(ch for ch in encoded if not re.fullmatch(rf"{_PCHAR}|[/?%]", ch))
    return (msg("address contains {character_words} where an address cannot hold it (expected it "
                "percent-encoded, as %{ord:02X})",
                character_words=_character_words(ch), ord=ord(ch)))


def _character_words(ch: str) -> str:
    if ch == " ":
        return msg("a space")
    if ord(ch) < 0x20 or ord(ch) == 0x7F:
        return msg("the control character U+{ord:04X}", ord=ord(ch))
    return f"'{ch}'"


def address_href(url: str) -> str:
    """An accepted address as a link target: letters beyond ASCII percent-encoded (UTF-8)."""
    return _percent_encode_beyond_ascii(url)


def address_link(url: str) -> str:
    """An accepted address (``unsafe_url`` found nothing) as a link in a page's Markdown:
    an ``<a>`` element whose attribute and text are escaped, so that nothing in the address
    can end the attribute or the element, or be read as Markdown."""
    return f'<a href="{html.escape(address_href(url), quote=True)}">{escape_inline(url)}</a>'


# --- characters ---------------------------------------------------------------------------
#
# Refused in every text, field name and address: characters a reader cannot see but that
# change what the page says or how it is read. Control characters (C0 but tab and line
# break, DEL, C1) and lone surrogates make feeds ill-formed XML; noncharacters likewise;
# bidirectional embeddings, overrides, isolates and marks reorder what is shown (the
# 'Trojan Source' trick), and format characters such as the zero-width space or the tag
# characters hide text. Kept: the soft hyphen (U+00AD) and the zero-width (non-)joiners
# (U+200C, U+200D), which German typography and emoji sequences need, and the visible
# Arabic and Syriac number signs.
_INVISIBLE_FORMAT = ("\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064"
                     "\u2066-\u206f\ufeff\ufff9-\ufffb\U00013430-\U0001343f"
                     "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
                     "\U000e0020-\U000e007f")
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    chr(plane << 16 | 0xFFFE) + chr(plane << 16 | 0xFFFF) for plane in range(17))
_CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f"
_REFUSED_IN_TEXT = re.compile(f"[{_CONTROLS}\ud800-\udfff\u2028\u2029{_INVISIBLE_FORMAT}"
                              f"{_NONCHARACTERS}]")
_REFUSED_IN_NAMES = re.compile(f"[\t\n{_CONTROLS}\ud800-\udfff\u2028\u2029"
                               f"{_INVISIBLE_FORMAT}{_NONCHARACTERS}]")


def refused_character(text: str, line_breaks: bool = True,
                      in_address: bool = False) -> str | None:
    """The first character of ``text`` that no text may hold, described for an editor
    ("the invisible character U+202E (RIGHT-TO-LEFT OVERRIDE)"), or None.

    ``line_breaks``: tab and line break are allowed (texts) or not (field names, ids).
    ``in_address``: every other control, separator and format character beyond ASCII is
    refused too, and every unassigned one, since an address is percent-encoded for them."""
    found = find_refused_character(text, line_breaks, in_address)
    return None if found is None else _character_description(text[found])


def find_refused_character(text: str, line_breaks: bool = True,
                           in_address: bool = False) -> int | None:
    """Where in ``text`` the first character is that ``refused_character`` describes."""
    found = (_REFUSED_IN_TEXT if line_breaks else _REFUSED_IN_NAMES).search(text)
    if found:
        return found.start()
    if in_address:
        return next((i for i, c in enumerate(text)
                     if ord(c) > 0x7F and unicodedata.category(c)[0] in "CZ"), None)
    return None


def _character_description(ch: str) -> str:
    code, name, category = f"U+{ord(ch):04X}", unicodedata.name(ch, ""), unicodedata.category(ch)
    if ch == "\t":
        return msg("a tab")
    if ch == "\n":
        return msg("a line break")
    if category == "Cc":
        return msg("the invisible control character {code}", code=code)
    if category == "Cs":
        return msg("a lone surrogate {code}, which is not a character", code=code)
    if 0xFDD0 <= ord(ch) <= 0xFDEF or ord(ch) & 0xFFFE == 0xFFFE:
        return msg("the noncharacter {code}", code=code)
    if category in ("Zl", "Zp"):
        return (msg("the invisible line separator {code}", code=code) if category == "Zl"
                else msg("the invisible paragraph separator {code}", code=code))
    if category == "Zs":
        return msg("the space character {code} ({name})", code=code, name=name)
    return msg("the invisible character {code}{value}",
               code=code, value=f' ({name})' if name else '')


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
            self.findings.append((f"<{scheme}:", (msg("link: '{scheme}:' addresses are not "
                                                      "allowed (expected an absolute https "
                                                      "address)",
                                                      scheme=scheme))))
            return
        if tag not in _ALLOWED_TAGS:
            if tag == "img":
                self.findings.append(("![", (msg("Markdown images not allowed in articles "
                                                 "(expected a picture listed under images in the "
                                                 "front matter, placed as [[figure:id]])"))))
            else:
                self.findings.append((f"<{tag}", msg("HTML <{tag}> not allowed in articles",
                                                     tag=tag)))
            return
        for name, value in attrs:
            if name == "href" and value is not None:
                # A link within the site is a path or a fragment; a backslash or a space in
                # one is no path (browsers read "/\host" as "//host", another site).
                problem = unsafe_url(value) if ":" in value or value.startswith("//") else (
                    address_character_problem(value))
                if problem:
                    needle = value.split(":")[0] + ":" if ":" in value else value
                    self.findings.append((needle, msg("link: {problem}", problem=problem)))
            elif name == "style" and tag in ("th", "td") and re.fullmatch(
                    r"text-align: (left|right|center);?", value or ""):
                continue
            elif name not in _ALLOWED_ATTRS:
                self.findings.append((name, msg("attribute '{name}' not allowed in articles",
                                                name=name)))

    def handle_comment(self, data: str) -> None:
        self.findings.append(("<!--", msg("HTML comments not allowed in articles")))


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
                                 (msg("malformed citation {group} (expected [@source-id] or "
                                      "[@deal-id/source-id])",
                                      group=match.group(0)))))
    inspector = _Inspector()
    try:
        html_text = _converter().reset().convert(body)
    except RecursionError:
        # Python-Markdown recurses once per level of nested lists or emphasis; MkDocs would
        # fail on the same body with a traceback.
        findings.append((1, 1, (msg("text is nested too deeply for Markdown (expected lists and "
                                    "emphasis nested a few levels at most)"))))
        return findings
    inspector.feed(html_text)
    inspector.close()
    lowered = body.lower()
    for needle, message in dict.fromkeys(inspector.findings):
        position = max(lowered.find(needle.lower()), 0)
        line_number = body.count("\n", 0, position) + 1
        column = position - (body.rfind("\n", 0, position) + 1) + 1
        findings.append((line_number, column, message))
    return findings
