"""`mkdocs serve` polls for saved files sooner than MkDocs' 0.5 s when that
is cheap (build_tools/mkdocs/live_reload.py): the server the plugin returns
from `on_serve` watches what MkDocs' watched, serves the same site and
rebuilds with the same builder. It relies on how MkDocs 1.6.1's `serve`
sets up its server, so these tests fail when the MkDocs pin moves or that
code changes; under another version MkDocs' own server is kept."""

from __future__ import annotations

import inspect
import logging
import re
from pathlib import Path

import mkdocs
import pytest
from mkdocs.commands import serve
from mkdocs.livereload import LiveReloadServer

from build_tools.loopback import free_port
from build_tools.mkdocs import live_reload
from build_tools.mkdocs.live_reload import BUILD_DELAY, FASTEST, MKDOCS_POLLING_INTERVAL, MKDOCS_VERSION, polling_sooner

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parent.parent
LOGGER = "mkdocs.plugins." + live_reload.__name__  # get_plugin_logger's name; other tests quieten "mkdocs"


def served(project: Path) -> LiveReloadServer:
    """A server as `mkdocs serve` has made it when plugins' `on_serve` runs."""
    (project / "docs").mkdir(parents=True)
    (project / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (project / "mkdocs.yml").write_text("site_name: t\n", encoding="utf-8")
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=free_port(), root=str(project / "site"))
    server.error_handler = lambda code: None
    server.watch(str(project / "docs"))
    server.watch(str(project / "mkdocs.yml"))
    return server


def watched(server: LiveReloadServer) -> set[tuple[str, bool]]:
    return {(e.watch.raw_path, e.watch.is_recursive) for e in server.observer.emitters}


def test_the_serve_code_read_is_the_pinned_mkdocs() -> None:
    pinned = re.search(r"^mkdocs==(\S+)", (ROOT / "requirements.txt").read_text(encoding="utf-8"), re.M)
    assert pinned is not None and pinned[1] == MKDOCS_VERSION == mkdocs.__version__
    # What live_reload.py relies on: the constructor's polling argument, and
    # `serve` setting the error page, then running `on_serve` and using the
    # server it returns.
    assert inspect.signature(LiveReloadServer).parameters["polling_interval"].default == MKDOCS_POLLING_INTERVAL
    assert "self._rebuild_cond.wait(timeout=self.build_delay)" in inspect.getsource(LiveReloadServer._build_loop)
    code = inspect.getsource(serve.serve)
    assert "server.error_handler = error_handler" in code
    assert "server = config.plugins.on_serve(server, config=config, builder=builder)" in code


def test_a_cheap_project_is_polled_sooner_by_an_equal_server(tmp_path: Path) -> None:
    project = tmp_path / "project"
    server = served(project)
    (project / "annotations").mkdir()

    def builder() -> None:
        return None

    sooner = polling_sooner(server, builder, ("127.0.0.1", free_port()), [str(project / "annotations")], [])
    assert sooner is not server
    assert FASTEST <= sooner.observer.timeout < MKDOCS_POLLING_INTERVAL
    assert watched(sooner) == {(str(project / "docs"), True), (str(project / "mkdocs.yml"), False),
                               (str(project / "annotations"), True)}
    assert sooner.builder is builder
    assert sooner.build_delay == BUILD_DELAY < server.build_delay
    assert sooner.error_handler is server.error_handler
    assert (sooner.root, sooner.mount_path) == (server.root, server.mount_path)
    sooner.server_close()


def test_a_costly_project_keeps_mkdockss_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(live_reload, "POLLING_SHARE", 1e-9)  # as if one poll took seconds
    server = served(tmp_path / "project")
    assert polling_sooner(server, lambda: None, ("127.0.0.1", 8000), [str(tmp_path / "project" / "docs")], []) \
        is server
    server.server_close()


def test_another_mkdocs_keeps_its_server_and_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(mkdocs, "__version__", "1.7.0")
    server = served(tmp_path / "project")
    papers = tmp_path / "project" / "papers"
    papers.mkdir()
    with caplog.at_level(logging.INFO, logger=LOGGER):
        assert polling_sooner(server, lambda: None, ("127.0.0.1", 8000), [str(papers)], []) is server
    assert "MkDocs 1.7.0, not 1.6.1" in caplog.text
    assert (str(papers), True) in watched(server)  # the sources are still watched
    server.server_close()


def test_a_server_without_what_was_read_is_kept(caplog: pytest.LogCaptureFixture) -> None:
    class Server:
        def watch(self, path: str) -> None:
            self.path = path

    server = Server()
    with caplog.at_level(logging.INFO, logger=LOGGER):
        assert polling_sooner(server, lambda: None, ("127.0.0.1", 8000), ["papers"], []) is server
    assert "server has changed" in caplog.text and server.path == "papers"
