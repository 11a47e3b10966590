"""What a preview keeps of the files it read (preview/kept_files.py) against what a clean
build reads (content/load.py): the same documents, an unchanged file not parsed again, and
no change missed, however a file was changed."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from generator.content.load import load_content
from generator.preview import kept_files
from generator.preview.kept_files import KeptFiles

MINIMAL = Path(__file__).resolve().parent / "fixtures" / "minimal" / "content"


def copied(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    return content


def as_read(content: Path, kept: KeptFiles | None = None) -> dict[str, object]:
    return {doc.file: doc.data for doc in load_content(content, kept=kept).documents}


def age(path: Path, seconds: int) -> None:
    """Date a file back, beyond the window in which its stamp is not trusted."""
    status = path.stat()
    os.utime(path, ns=(status.st_atime_ns - seconds * 10**9, status.st_mtime_ns - seconds * 10**9))


def test_unchanged_files_give_their_documents_again_and_changes_are_read(
        tmp_path: Path) -> None:
    content = copied(tmp_path)
    for path in content.rglob("*"):
        if path.is_file():
            age(path, 10)
    kept = KeptFiles()
    first = load_content(content, kept=kept)
    assert kept.changed == {doc.file for doc in first.documents}  # all read anew
    again = load_content(content, kept=kept)
    assert kept.changed == set()
    assert all(a is b for a, b in zip(first.documents, again.documents, strict=True))

    deal = next((content / "deals").glob("*.yml"))
    text = deal.read_text(encoding="utf-8")
    stamp = deal.stat()
    # Same size, and the modification time put back: the change time still tells.
    changed = text.replace("acme", "acmf", 1) if "acme" in text else text[:-2] + "x\n"
    assert len(changed) == len(text) and changed != text
    deal.write_text(changed, encoding="utf-8")
    os.utime(deal, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    now = load_content(content, kept=kept)
    assert kept.changed == {f"content/deals/{deal.name}"}
    assert as_read(content) == {doc.file: doc.data for doc in now.documents}

    deal.unlink()  # a file gone is a change too
    load_content(content, kept=kept)
    assert kept.changed == {f"content/deals/{deal.name}"}


def test_a_file_changed_within_the_clock_window_is_read_again(tmp_path: Path) -> None:
    """A file written twice within the file system's clock tick can keep its size and
    times: one read too soon after its change is not trusted, and read again."""
    content = copied(tmp_path)
    kept = KeptFiles()
    load_content(content, kept=kept)  # just copied: every stamp too fresh to trust
    load_content(content, kept=kept)
    assert kept.changed == set()  # read again, but their bytes hash the same: not changed
    assert kept_files.RACY_NS >= 2 * 10**9  # FAT counts time in steps of 2 s
