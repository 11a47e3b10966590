"""Rules within one article that a schema cannot say: its language one of the site's, a
text after its front matter, each source it cites listed and each listed source cited, its
pictures each a picture file in the proportions given and placed once, and its body free of
straight quotation marks, refused characters and unsafe Markdown.

Citations of a deal's sources ("deal-id/source-id") are kept on the reporter
(``RecordRules.deal_citations``): whether the deal lists them is a question across records.
"""

from __future__ import annotations

from typing import Any

from ..content import pictures
from ..content.languages import LANGUAGES
from ..content.load import IMAGE_FOLDER, Document, Path_, image_file_problem
from ..errors import Problem
from ..schemas import CITATION
from ..text import markup, typography
from ..text.messages import commas, msg
from .records import check_sources
from .reporting import RecordRules, as_list
from .texts import STILL_TODO, check_quotes, straight_quote_message


def check_article(rules: RecordRules, doc: Document) -> None:
    data = doc.data
    if doc.lang not in rules.languages:
        rules.add(doc, (), msg("language '{lang}' in the file name is not one of the site's "
                               "languages (expected one of: {languages})",
                               lang=doc.lang, languages=commas(rules.languages)))
    if not doc.body.strip():
        rules.add(doc, (), msg("the article has no text after its front matter (expected the "
                               "article's text after the closing '---')"))
    elif doc.body.lstrip().startswith("TODO"):
        rules.problems.append(Problem(doc.file, doc.body_line, 1, "body",
                                      STILL_TODO))

    for key in ("title", "summary"):
        if isinstance(data.get(key), str):
            check_quotes(rules, doc, (key,), data[key], doc.lang)
    for listing, fields in (("faq", ("question", "answer")), ("corrections", ("text",))):
        for i, entry in enumerate(as_list(data.get(listing))):
            for key in fields:
                if isinstance(entry, dict) and isinstance(entry.get(key), str):
                    check_quotes(rules, doc, (listing, i, key), entry[key], doc.lang)
    others = data.get("other_languages")
    for code, other in (others.items() if isinstance(others, dict) else ()):
        for key in ("title", "summary"):
            if isinstance(other, dict) and isinstance(other.get(key), str):
                check_quotes(rules, doc, ("other_languages", code, key), other[key], code)
    cited: dict[str, Path_] = {}
    body_lines = doc.body.split("\n")
    for number, line in enumerate(body_lines):
        for match in CITATION.finditer(line):
            ref = match.group(1)
            cited.setdefault(ref, ("@body", doc.body_line + number, match.start() + 1))
    for listing in ("faq", "corrections"):
        for i, entry in enumerate(as_list(data.get(listing))):
            if isinstance(entry, dict):
                for j, ref in enumerate(as_list(entry.get("sources"))):
                    if isinstance(ref, str):
                        cited.setdefault(ref, (listing, i, "sources", j))
    # Citations of a deal's sources: checked across records (across.py).
    rules.deal_citations = [(ref, where) for ref, where in cited.items() if "/" in ref]
    body_cites = {k: v for k, v in cited.items() if v and v[0] == "@body"}
    rest = {k: v for k, v in cited.items() if k not in body_cites}
    check_sources_with_body(rules, doc, data.get("sources"), body_cites, rest)
    check_images(rules, doc, body_lines)

    for number, line in enumerate(body_lines):
        quote = typography.straight_quote(line, markdown=True)
        if quote is not None and doc.lang in LANGUAGES:
            rules.problems.append(Problem(
                doc.file, doc.body_line + number, line.find(quote) + 1, "body",
                straight_quote_message(quote, doc.lang), "warning"))
        found = markup.find_refused_character(line)
        if found is not None:
            rules.problems.append(Problem(doc.file, doc.body_line + number, found + 1, "body",
                                          msg("contains {refused_character} (expected plain "
                                              "text; delete it)",
                                              refused_character=markup.refused_character(line))))
    for number, column, message in markup.unsafe_markdown(doc.body):
        rules.problems.append(Problem(doc.file, doc.body_line + number - 1, column, "body",
                                      message))


def check_images(rules: RecordRules, doc: Document, body_lines: list[str]) -> None:
    """The article's pictures: each a file in content/images/ that is a picture in the
    proportions given, each placed in the body once, and no placement of anything else."""
    listed: dict[str, int] = {}
    for i, entry in enumerate(as_list(doc.data.get("images"))):
        if not isinstance(entry, dict):
            continue
        ident = entry.get("id")
        if isinstance(ident, str):
            if ident in listed:
                rules.add(doc, ("images", i, "id"), msg("picture '{ident}' is listed twice "
                                                        "(expected each id once)",
                                                        ident=ident))
            listed.setdefault(ident, i)
        file = entry.get("file")
        if not isinstance(file, str):
            continue
        problem = image_file_problem(file)
        if problem:
            rules.add(doc, ("images", i, "file"), problem)
            continue
        data = doc.files.get(file)
        if data is None:
            rules.add(doc, ("images", i, "file"), doc.unread_files.get(
                file, f"no picture content/{file} (expected the file in "
                      f"content/{IMAGE_FOLDER}/)"))
            continue
        try:
            picture = pictures.prepare(data, f"content/{file}")
        except pictures.PictureError as error:
            rules.add(doc, ("images", i, "file"), error.message)
            continue
        size = (picture.width, picture.height)
        width, height = entry.get("width"), entry.get("height")
        if (isinstance(width, int) and isinstance(height, int) and width > 0 and height > 0
                and abs(width / height - size[0] / size[1]) > 0.02 * size[0] / size[1]):
            rules.add(doc, ("images", i, "height"), (
                msg("{width}×{height} is not in the proportions of content/{file}, which is "
                    "{size}×{size2} pixels (expected a width and height in the same proportions, "
                    "such as {width}×{round})",
                    width=width, height=height, file=file, size=size[0], size2=size[1], round=round(width * size[1] / size[0]))))
    placed: set[str] = set()
    for number, line in enumerate(body_lines):
        for match in markup.FIGURE_LIKE.finditer(line):
            found = markup.FIGURE.fullmatch(match.group(0))
            where = (doc.file, doc.body_line + number, match.start() + 1)
            if found is None or found.group(1) not in listed:
                guess = rules.suggest(doc, match.group(0)[9:-2], listed)
                rules.problems.append(Problem(*where, "body", (
                    msg("{group} names no picture in images{guess} (expected [[figure:id]] with "
                        "the id of an entry of images)",
                        group=match.group(0), guess=guess))))
            elif line.strip() != match.group(0):
                rules.problems.append(Problem(*where, "body", (
                    msg("{group} must stand on a line of its own", group=match.group(0)))))
            elif found.group(1) in placed:
                rules.problems.append(Problem(*where, "body", (
                    msg("{group} is placed twice (expected each picture once)",
                        group=match.group(0)))))
            else:
                placed.add(found.group(1))
    for ident, i in listed.items():
        if ident not in placed:
            rules.add(doc, ("images", i, "id"), (
                msg("picture '{ident}' is listed but not placed (expected [[figure:{ident}]] on "
                    "a line of its own in the text, or remove it)", ident=ident)))


def check_sources_with_body(rules: RecordRules, doc: Document, sources: Any,
                            body_cites: dict[str, Any], other_cites: dict[str, Path_]) -> None:
    listed = {s.get("id") for s in as_list(sources)
              if isinstance(s, dict) and isinstance(s.get("id"), str)}
    for ref, where in body_cites.items():
        if "/" not in ref and ref not in listed:
            rules.add_at(doc, where, msg("cites source '{ref}', which is not in sources{suggest}",
                                         ref=ref, suggest=rules.suggest(doc, ref, lambda: sorted(listed))))
    # Listed-but-uncited and FAQ citations are checked like a deal's; a body citation
    # of an unlisted source has been reported at the body already.
    merged: dict[str, Path_] = dict(other_cites)
    for ref in body_cites:
        if ref in listed:
            merged.setdefault(ref, ("sources",))
    check_sources(rules, doc, sources, ("sources",), merged)
