"""Saves an editor makes, drawn from a seeded random generator: the changes that the
incremental generator and the preview must follow (tests/test_incremental.py,
tests/test_preview.py). Each save writes one file as an editor's program would; the same
seed gives the same sequence."""

from __future__ import annotations

import os
import random
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

# Every kind of save the sequences draw from; "break" is always followed by its "fix".
KINDS = ("headline", "amount", "year", "updated", "source-date", "new-deal", "delete-deal",
         "rename-company", "article", "glossary", "topics", "break")


class Editor:
    """Random saves in one content folder."""

    def __init__(self, content: Path, seed: int, today: str):
        self.content = content
        self.today = today  # the day the check takes as today (BRIEFING_TODAY)
        self.random = random.Random(seed)
        self.count = 0
        self.broken: tuple[Path, bytes] | None = None  # a file saved broken, as it was
        self.planned: list[str] = []  # the kinds of save still to come in this round

    def save(self, path: Path, text: str) -> None:
        """Write the whole file outside the watched folders and rename it into place, as
        many editors save: a watcher sees one change, never a half-written file."""
        beside = self.content.parent / f".{path.name}.saving"
        beside.write_text(text, encoding="utf-8")
        os.replace(beside, path)

    def deals(self) -> list[Path]:
        return sorted((self.content / "deals").glob("*.yml"))

    def referenced(self) -> str:
        """Every other file's text: a deal named there cannot be deleted without an error."""
        return "\n".join(p.read_text(encoding="utf-8")
                         for p in sorted(self.content.rglob("*"))
                         if p.is_file() and p.suffix in (".yml", ".md"))

    def record(self, path: Path) -> dict[str, Any]:
        data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
        return data

    def write_record(self, path: Path, data: dict[str, Any]) -> None:
        header = path.read_text(encoding="utf-8").split("\n", 1)[0]
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
        self.save(path, (header + "\n" if header.startswith("#") else "") + text)

    def step(self) -> str:
        """One save; returns what it did. A broken record is fixed by the next step; a
        round of len(KINDS) + 1 steps makes every kind of save once."""
        self.count += 1
        if self.broken is not None:
            path, before = self.broken
            self.broken = None
            self.save(path, before.decode("utf-8"))
            return f"fixed {path.name}"
        if not self.planned:  # every kind once a round, in a random order
            self.planned = self.random.sample(KINDS, len(KINDS))
        kind = self.planned.pop()
        action: Callable[[], str] = getattr(self, "_" + kind.replace("-", "_"))
        return action()

    def _headline(self) -> str:
        path = self.random.choice(self.deals())
        data = self.record(path)
        lang = self.random.choice(sorted(data["headline"]))
        data["headline"][lang] = f"{data['headline'][lang]} (Fassung {self.count})"
        self.write_record(path, data)
        return f"headline of {path.name}"

    def _amount(self) -> str:
        candidates = [p for p in self.deals() if "value" in (self.record(p).get("amount") or {})]
        path = self.random.choice(candidates)
        data = self.record(path)
        data["amount"]["value"] += 1_000_000 * self.count
        self.write_record(path, data)
        return f"amount of {path.name}"

    def _year(self) -> str:
        """The deal first reported a year earlier: it moves to another year's list."""
        path = self.random.choice(self.deals())
        data = self.record(path)
        first = str(data["timeline"][0]["date"])
        data["timeline"][0]["date"] = f"{int(first[:4]) - 1}{first[4:]}"
        self.write_record(path, data)
        return f"first report of {path.name} a year earlier"

    def _updated(self) -> str:
        """A substantive change today: the page's date moves (sitemap, feed, JSON-LD), and
        with it the site's newest date (the build date the sitemap's archive carries)."""
        path = self.random.choice(self.deals())
        data = self.record(path)
        data["updated"] = data["reviewed"] = self.today
        data["summary"] = {lang: f"{text} Stand {self.count}." for lang, text in
                           data["summary"].items()}
        self.write_record(path, data)
        return f"updated {path.name} today"

    def _source_date(self) -> str:
        """A source published a year earlier: on a large site it moves to another page of
        the sources index, and the pages it leaves and joins list other records."""
        candidates = [p for p in self.deals()
                      if any(s.get("published") for s in self.record(p).get("sources", []))]
        path = self.random.choice(candidates)
        data = self.record(path)
        source = self.random.choice([s for s in data["sources"] if s.get("published")])
        published = str(source["published"])
        source["published"] = f"{int(published[:4]) - 1}{published[4:]}"
        self.write_record(path, data)
        return f"source {source['id']} of {path.name} a year earlier"

    def _new_deal(self) -> str:
        source = self.random.choice(self.deals())
        data = self.record(source)
        ident = f"neu-{self.count}-{data['id']}"[:60].rstrip("-")
        data["id"] = ident
        data.pop("related", None)
        for lang in data["headline"]:
            data["headline"][lang] = f"{data['headline'][lang]} (neu {self.count})"
        target = source.with_name(f"{ident}.yml")
        header = source.read_text(encoding="utf-8").split("\n", 1)[0]
        self.save(target, header + "\n" + yaml.safe_dump(data, allow_unicode=True,
                                                         sort_keys=False, width=100))
        return f"new deal {target.name}"

    def _delete_deal(self) -> str:
        others = self.referenced()
        free = [p for p in self.deals()
                if len(re.findall(rf"\b{re.escape(p.stem)}\b", others)) == 1]
        if not free or len(self.deals()) < 2:
            return self._headline()
        path = self.random.choice(free)
        path.unlink()
        return f"deleted {path.name}"

    def _rename_company(self) -> str:
        path = self.random.choice(sorted((self.content / "companies").glob("*.yml")))
        data = self.record(path)
        if isinstance(data["name"], dict):
            data["name"] = {lang: f"{name} {self.count}" for lang, name in data["name"].items()}
        else:
            data["name"] = f"{data['name']} {self.count}"
        self.write_record(path, data)
        return f"renamed company {path.name}"

    def _article(self) -> str:
        path = self.random.choice(sorted((self.content / "articles").glob("*.md")))
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"^title: (.*)$", lambda m: f"title: {m.group(1)} ({self.count})"
                      if not m.group(1).startswith(("'", '"')) else m.group(0), text, count=1,
                      flags=re.MULTILINE)
        self.save(path, text + f"\nNachtrag {self.count}.\n")
        return f"article {path.name}"

    def _glossary(self) -> str:
        """A term explained otherwise, or taken out: the glossary page and every page that
        uses the term change (its explanation on first use)."""
        path = self.content / "glossary.yml"
        if not path.exists():  # a site without one (the synthetic content) gets one
            self.save(path, yaml.safe_dump({"terms": [{
                "id": "funding-round", "term": {"de": "Finanzierungsrunde", "en": "funding round"},
                "definition": {"de": "Eine Runde, in der ein Unternehmen Kapital aufnimmt.",
                               "en": "A round in which a company raises capital."}}]},
                allow_unicode=True, sort_keys=False, width=100))
            return "glossary added"
        data = self.record(path)
        terms = data["terms"]
        if len(terms) > 1 and self.random.random() < 0.3:
            term = terms.pop(self.random.randrange(len(terms)))
            self.write_record(path, data)
            return f"glossary without {term['id']}"
        term = self.random.choice(terms)
        term["definition"] = {lang: f"{text} Stand {self.count}." for lang, text in
                              term["definition"].items()}
        self.write_record(path, data)
        return f"glossary term {term['id']} explained anew"

    def _topics(self) -> str:
        """A topic's words changed: the kicker above the headline of every page tagged so."""
        path = self.content / "topics.yml"
        data = self.record(path)
        topic = self.random.choice(data["topics"])
        topic["label"] = {lang: f"{text} {self.count}" for lang, text in topic["label"].items()}
        self.write_record(path, data)
        return f"topics: {topic['id']} renamed"

    def _break(self) -> str:
        path = self.random.choice(self.deals())
        before = path.read_bytes()
        self.broken = (path, before)
        text = before.decode("utf-8")
        if self.random.random() < 0.5:  # a field's value the check refuses
            self.save(path, re.sub(r"(?m)^status: .*$", "status: rumoured-ish", text, count=1))
        else:  # no longer YAML
            self.save(path, text.replace("status:", "status: [", 1))
        return f"broke {path.name}"
