"""What a preview watches, and how soon a save starts its rebuild (generator/preview/watching.py),
on MkDocs' own live-reload server (made, not started)."""

from __future__ import annotations

from pathlib import Path

from mkdocs.livereload import LiveReloadServer

from generator.preview import watching


def test_a_preview_is_told_of_saves_by_the_system_and_rebuilds_soon_after(
        tmp_path: Path) -> None:
    docs, content = tmp_path / "build", tmp_path / "content"
    docs.mkdir()
    content.mkdir()
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0,
                              root=str(tmp_path / "site"))
    try:
        server.watch(str(docs))  # what MkDocs watches itself: the folder it builds from
        assert server.build_delay == 0.1
        watching.watch(server, [str(content)], unwatched=str(docs))
        # Not the folder the generator writes (that would rebuild without end), but the
        # content; told by the system's notices, and a save settles in 30 ms, not 100.
        assert set(server._watched_paths) == {str(content)}
        assert isinstance(server.observer, watching._Changes)
        assert server.build_delay == watching.SETTLE_S < 0.1
    finally:
        server.server_close()
