"""Parts of pages a preview keeps between renders (preview/kept_parts.py): given again while
what they were made from is the same, made again as soon as it is not."""

from __future__ import annotations

from pathlib import Path

from conftest import TODAY, copy_project
from edits import Editor

from generator.build import pipeline
from generator.engine.config import load_site_config
from generator.preview.kept_parts import KeptParts


def test_a_part_is_made_again_when_an_object_or_a_value_it_was_made_from_changes() -> None:
    kept = KeptParts()
    deal, twin = {"id": "a"}, {"id": "a"}  # equal, but another object: a record made anew
    made = []

    def make() -> list[str]:
        made.append("made")
        return ["part"]
    first = kept.reused("entries", "a", make, (deal,), "licence")
    assert kept.reused("entries", "a", make, (deal,), "licence") is first
    assert kept.reused("entries", "a", make, (twin,), "licence") is not first
    assert len(made) == 2
    kept.reused("entries", "a", make, (twin,), "another licence")
    kept.reused("entries", "b", make, (twin,), "another licence")  # another key, its own
    kept.reused("other", "a", make, (twin,), "another licence")  # another name, its own
    assert len(made) == 5


def test_a_save_makes_again_only_the_changed_deals_open_data_entry(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    config, _raw = load_site_config(project / "mkdocs.yml")
    kept = pipeline.Generator(keep=True)
    editor = Editor(config.content_dir, seed=3, today=TODAY)
    editor.count = 1
    # A new deal (a copy of another): no other record names it, so it can go at the end.
    path = config.content_dir / "deals" / editor._new_deal().removeprefix("new deal ")
    pipeline.build_markdown(config, generator=kept)
    before = dict(kept.parts.parts)
    entries = {key for name, key in before if name == "open-data-json"}
    assert len(entries) == len(list((config.content_dir / "deals").glob("*.yml"))) > 2
    data = editor.record(path)
    data["headline"] = {lang: f"{text} (neu)" for lang, text in data["headline"].items()}
    editor.write_record(path, data)
    pipeline.build_markdown(config, generator=kept)
    after = kept.parts.parts
    again = {key for key in entries
             if after[("open-data-json", key)][2] is not before[("open-data-json", key)][2]}
    assert again == {data["id"]}
    assert after[("open-data-file", "")][2] != before[("open-data-file", "")][2]
    path.unlink()  # a deal deleted: the parts made from it go with it
    pipeline.build_markdown(config, generator=kept)
    assert {key for name, key in kept.parts.parts if name == "open-data-json"} == (
        entries - {data["id"]})
    assert not any(data["id"] == key for _name, key in kept.parts.parts)
