"""The privacy notice (Datenschutzerklärung): made from mkdocs.yml's settings like the
Impressum, and left out, with a notice, while any entry is missing or a placeholder."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from generator.build import pipeline
from generator.engine.config import load_site_config
from generator.engine.theme_words import theme_words
from generator.rules import placeholders

ROOT = Path(__file__).resolve().parent.parent
CONFIG, _RAW = load_site_config(ROOT / "mkdocs.yml")
FILLED = {"controller": "Beispiel Medien GmbH, Hauptstraße 1, 10115 Berlin",
          "email": "datenschutz@beispiel-medien.de",
          "hosting": "GitHub, Inc., 88 Colin P Kelly Jr St, San Francisco, USA",
          "log_retention_days": 7}


def test_the_sample_holds_placeholders_so_the_page_is_left_out_with_notices(
        sample_generated: pipeline.Generated) -> None:
    generated = sample_generated
    assert not [path for path in generated.pages if path.endswith("privacy.md")]
    said = {p.field: p.message for p in placeholders.notices(CONFIG)}
    assert "left out" in said["plugins.briefing.privacy.controller"]
    assert "plugins.briefing.privacy.email" in said  # an address at an example domain
    assert all(link["path"] != "privacy/" for link in theme_words(CONFIG, "de")["footer"])


def test_a_missing_entry_leaves_the_page_out_and_is_named() -> None:
    config = replace(CONFIG, privacy={k: v for k, v in FILLED.items() if k != "hosting"})
    assert placeholders.published_privacy(config) is None
    said = {p.field: p.message for p in placeholders.notices(config)}
    assert "needs hosting" in said["plugins.briefing.privacy"]
    assert "de/privacy.md" not in pipeline.generate(config).pages


def test_filled_in_the_page_is_built_in_each_language_and_linked_from_every_page() -> None:
    config = replace(CONFIG, privacy={**FILLED, "supervisory_authority": "die Berliner "
                                      "Beauftragte für Datenschutz"})
    assert not [p for p in placeholders.notices(config) if "privacy" in p.field]
    pages = pipeline.generate(config).pages
    german, english = str(pages["de/privacy.md"]), str(pages["en/privacy.md"])
    assert "# Datenschutzerklärung" in german and "# Privacy notice" in english
    assert "Beispiel Medien GmbH, Hauptstraße 1, 10115 Berlin" in german
    assert "nach 7 Tagen gelöscht" in german and "deleted after 7 days" in english
    assert "Art. 77 DSGVO" in german and "Berliner Beauftragte" in german
    for lang in ("de", "en"):
        assert {"label": "Datenschutzerklärung" if lang == "de" else "Privacy notice",
                "path": "privacy/"} in theme_words(config, lang)["footer"]


def test_what_the_settings_hold_is_text_on_the_page() -> None:
    config = replace(CONFIG, privacy={**FILLED, "controller": "<script>alert(1)</script> "
                                      "*Acme* [x](javascript:alert(1))"})
    page = str(pipeline.generate(config).pages["en/privacy.md"])
    assert "<script>" not in page and "&lt;script&gt;" in page
    # The brackets escaped: no link, whatever follows them.
    assert "[x](" not in page.replace("\\[x\\](", "") and "\\[x\\](" in page
