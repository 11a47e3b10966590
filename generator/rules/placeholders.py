"""Settings that are not filled in yet: an example site address, an Impressum that says TODO.

The sample configuration is meant to build as it is, so these are notices while a site is
being set up, and failures for `briefing check --publish`, which runs before anything is
uploaded. Pages never show a placeholder: the about page leaves such a value out (and
puts nothing made up in its place), and feeds and schema.org data name the site itself
where the publisher is not filled in yet.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from ..errors import Problem
from ..settings import PRIVACY_REQUIRED, SiteConfig
from ..text.messages import Message, commas, msg

# Domains reserved for examples and tests (RFC 2606, RFC 6761): never a published site.
RESERVED_SUFFIXES = (".example", ".test", ".invalid", ".localhost", ".local")
RESERVED_DOMAINS = ("example.com", "example.net", "example.org", "localhost")
LOCAL_ADDRESSES = ("127.0.0.1", "::1", "0.0.0.0")
E_MAIL = re.compile(r"[^@\s]+@([^@\s>]+)")
TODO = re.compile(r"TODO\b", re.IGNORECASE)


def is_reserved_host(host: str) -> bool:
    host = host.lower().rstrip(".")
    return (host in LOCAL_ADDRESSES or host in RESERVED_DOMAINS
            or host.endswith(RESERVED_SUFFIXES)
            or any(host.endswith("." + domain) for domain in RESERVED_DOMAINS))


def is_example_url(url: str) -> bool:
    host = urlsplit(url).hostname
    return host is None or is_reserved_host(host)


def is_placeholder(value: str) -> bool:
    """A setting's value that is still a placeholder: it says TODO, or it is an e-mail
    address at a domain reserved for examples."""
    text = value.strip()
    if not text or TODO.match(text):
        return True
    return any(is_reserved_host(match.group(1)) for match in E_MAIL.finditer(text))


def placeholder_settings(config: SiteConfig) -> list[tuple[str, Message]]:
    """Each setting that is a placeholder, as (setting, what is wrong with it)."""
    found: list[tuple[str, Message]] = []
    if is_example_url(config.site_url):
        found.append(("site_url", (msg("'{site_url}' is an example address (a domain reserved "
                                       "for examples); set the address the site is published at",
                                       site_url=config.site_url))))
    for key, value in config.impressum.items():
        if is_placeholder(value):
            found.append((f"plugins.briefing.impressum.{key}",
                          (msg("'{value}' is a placeholder; the Impressum needs the real entry "
                               "(§ 5 DDG, § 18 Abs. 2 MStV)",
                               value=value))))
    found += _privacy_placeholders(config)
    licence = config.data_licence
    if licence is None:
        # No licence is assumed for anyone's data: the site's publisher chooses one.
        found.append(("plugins.briefing.data_licence",
                      (msg("no licence is named for the open data (data/deals.json and the CSV "
                           "tables); set its name and url (such as CC BY 4.0 and "
                           "https://creativecommons.org/licenses/by/4.0/)"))))
    elif is_placeholder(licence.name) or is_example_url(licence.url):
        found.append(("plugins.briefing.data_licence",
                      (msg("'{name}' ({url}) is a placeholder; name the licence the open data "
                           "are published under",
                           name=licence.name, url=licence.url))))
    return found


def _privacy_placeholders(config: SiteConfig) -> list[tuple[str, Message]]:
    missing = [key for key in PRIVACY_REQUIRED if key not in config.privacy]
    found: list[tuple[str, Message]] = []
    if missing:
        found.append(("plugins.briefing.privacy", (
            msg("the privacy notice (Datenschutzerklärung, Art. 13 GDPR) needs {missing}; the "
                "page is left out until they are set", missing=commas(missing)))))
    for key, value in config.privacy.items():
        if isinstance(value, str) and is_placeholder(value):
            found.append((f"plugins.briefing.privacy.{key}", (
                msg("'{value}' is a placeholder; the privacy notice (Art. 13 GDPR) is left out "
                    "until it holds the real entry", value=value))))
    return found


def published_privacy(config: SiteConfig) -> dict[str, str | int] | None:
    """The privacy notice's entries when the page may be published: every required one
    set and none a placeholder; else None, and the page is left out."""
    return None if _privacy_placeholders(config) else dict(config.privacy)


def notices(config: SiteConfig) -> list[Problem]:
    """The placeholders as notices, each at its line in mkdocs.yml where that can be read."""
    places = _setting_places(config.config_file) if config.config_file else {}
    shown = config.config_file.name if config.config_file else "mkdocs.yml"
    found = [Problem(shown, *places.get(setting, (0, 0)), setting,
                     msg("{setting_problem} before publishing", setting_problem=message),
                     "notice")
             for setting, message in placeholder_settings(config)]
    return sorted(found, key=lambda problem: (problem.line, problem.column))


def publisher_name(config: SiteConfig, lang: str) -> str:
    """Who publishes the site, as feeds and schema.org data name it: the Impressum's
    publisher, or the site's own name while that is a placeholder."""
    publisher = config.impressum.get("publisher", "")
    return config.site_name[lang] if is_placeholder(publisher) else publisher


def published_impressum(config: SiteConfig) -> dict[str, str]:
    """The Impressum entries a page may show: every one that is not a placeholder."""
    return {key: value for key, value in config.impressum.items() if not is_placeholder(value)}


def _setting_places(config_file: Path) -> dict[str, tuple[int, int]]:
    """Line and column of site_url and of each Impressum entry in mkdocs.yml."""
    try:
        root = yaml.compose(config_file.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, yaml.YAMLError):
        return {}
    places: dict[str, tuple[int, int]] = {}
    if not isinstance(root, yaml.MappingNode):
        return places
    for key, value in root.value:
        if key.value == "site_url":
            places["site_url"] = _mark(value)
        if key.value == "plugins" and isinstance(value, yaml.SequenceNode):
            for item in value.value:
                briefing = _child(item, "briefing")
                if briefing is None:
                    continue
                # A setting not there at all is reported where it would go.
                places["plugins.briefing.data_licence"] = _mark(briefing)
                licence = _child(briefing, "data_licence")
                if licence is not None:
                    places["plugins.briefing.data_licence"] = _mark(licence)
                privacy = _child(briefing, "privacy")
                places["plugins.briefing.privacy"] = _mark(
                    privacy if privacy is not None else briefing)
                if isinstance(privacy, yaml.MappingNode):
                    for entry_key, entry in privacy.value:
                        places[f"plugins.briefing.privacy.{entry_key.value}"] = _mark(entry)
                impressum = _child(briefing, "impressum")
                if isinstance(impressum, yaml.MappingNode):
                    for entry_key, entry in impressum.value:
                        places[f"plugins.briefing.impressum.{entry_key.value}"] = _mark(entry)
    return places


def _child(node: Any, name: str) -> Any:
    if isinstance(node, yaml.MappingNode):
        return next((value for key, value in node.value if key.value == name), None)
    return None


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1
