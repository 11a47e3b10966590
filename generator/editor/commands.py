"""`briefing editor` and `briefing editor-config`, called by cli.py."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import cms_config, server


def run(args: argparse.Namespace, languages: tuple[str, ...], project_dir: Path) -> int:
    if args.command == "editor-config":
        return write_config(languages, project_dir, check_only=args.check)
    return server.serve(args.config.resolve(), languages, args.port,
                        None if args.no_preview else args.preview_port)


def write_config(languages: tuple[str, ...], project_dir: Path, check_only: bool) -> int:
    text = cms_config.render(languages, project_dir / "content")
    target = cms_config.CONFIG_FILE
    current = target.read_text("utf-8") if target.is_file() else None
    if check_only:
        if current != text:
            print(f"{target}: stale; run `briefing editor-config` and commit the file",
                  file=sys.stderr)
            return 1
        print(f"{target}: up to date")
        return 0
    if current != text:
        target.write_text(text, "utf-8")
        print(f"wrote {target}")
    else:
        print(f"{target}: already up to date")
    return 0
