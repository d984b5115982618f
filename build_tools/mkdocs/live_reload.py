"""`mkdocs serve`: how soon a saved file starts a rebuild.

MkDocs' server finds saved files by polling (watchdog's PollingObserver,
chosen upstream because native file events miss changes in containers and on
network drives) every 0.5 s, a fixed argument that `mkdocs serve` does not
expose: on average 0.25 s of the time from saving a note to seeing it, a
quarter of the one-second target (benchmarks/README.md, issue 23). The
plugin's `on_serve` may return the server MkDocs is to use (its documented
contract), so it returns one built with MkDocs' own constructor and a shorter
`polling_interval`, watching what the first watched. It polls as often as
costs at most `POLLING_SHARE` of one CPU on this project (a snapshot of the
watched trees is timed once), never more often than every `FASTEST` s and
never less often than MkDocs does.

This reads attributes MkDocs 1.6.1 sets on its server and does not
document: `observer` (the watched paths, read through watchdog's public
`emitters`), `root` and `mount_path`, and `error_handler`, which
`mkdocs serve` sets before `on_serve`; and it shortens the new server's
`build_delay` (`BUILD_DELAY`). Another MkDocs version may set more
before `on_serve`, so the server is replaced only under the version pinned
in requirements.txt (`MKDOCS_VERSION`; tests/test_live_reload.py fails when
the pin moves), and otherwise, or when an attribute is missing, MkDocs'
server is kept with one log line saying so.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import mkdocs
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import get_plugin_logger
from watchdog.utils.dirsnapshot import DirectorySnapshot

MKDOCS_VERSION = "1.6.1"  # the version whose `mkdocs serve` this was read from
MKDOCS_POLLING_INTERVAL = 0.5  # LiveReloadServer's default in that version
FASTEST = 0.1  # seconds
# After a change MkDocs waits until none has come for 0.1 s before it
# builds. A save's changes arrive together in one poll of each watched
# tree, so the wait only gathers changes seen by different trees' polls; a
# shorter one at worst splits a burst (a `git checkout`) into two rebuilds,
# the second with the final files.
BUILD_DELAY = 0.05
POLLING_SHARE = 0.05  # of one CPU spent polling while nothing changes

log = get_plugin_logger(__name__)


def polling_interval(trees: Iterable[tuple[str, bool]]) -> float:
    """Seconds between polls: one snapshot of every watched (path,
    recursive), timed, at most `POLLING_SHARE` of a CPU, within
    [FASTEST, MkDocs' 0.5 s]."""
    start = time.process_time()
    for path, recursive in trees:
        if Path(path).is_dir():
            DirectorySnapshot(path, recursive=recursive)
    cost = time.process_time() - start
    return min(MKDOCS_POLLING_INTERVAL, max(FASTEST, cost / POLLING_SHARE))


def polling_sooner(server: Any, builder: Callable[..., None], dev_addr: tuple[str, int],
                   extra_paths: Iterable[str], later_paths: Iterable[str]) -> Any:
    """The server `mkdocs serve` is to use: `server` watching `extra_paths`
    too, or, under MkDocs `MKDOCS_VERSION` when the watched trees (with
    `later_paths`, which `mkdocs serve` watches after `on_serve`) are cheap
    to poll, an equal server that polls them more often."""
    for path in extra_paths:
        server.watch(path)
    if mkdocs.__version__ != MKDOCS_VERSION:
        log.info("mkdocs serve: MkDocs %s, not %s: its watcher polls every %.1f s as it does by default",
                 mkdocs.__version__, MKDOCS_VERSION, MKDOCS_POLLING_INTERVAL)
        return server
    try:
        # What each watch was asked for (a file is polled as its directory).
        watches = [emitter.watch for emitter in server.observer.emitters]
        asked = sorted((watch.raw_path, watch.is_recursive) for watch in watches)
        polled = [(watch.path, watch.is_recursive) for watch in watches]
        root, mount_path, error_handler = server.root, server.mount_path, server.error_handler
    except AttributeError as error:
        log.info("mkdocs serve: MkDocs' server has changed (%s): its watcher polls every %.1f s as it does "
                 "by default", error, MKDOCS_POLLING_INTERVAL)
        return server
    interval = polling_interval([*polled, *((str(Path(p).resolve()), True) for p in later_paths)])
    if interval >= MKDOCS_POLLING_INTERVAL:
        return server
    host, port = dev_addr
    sooner = LiveReloadServer(builder=builder, host=host, port=port, root=root, mount_path=mount_path,
                              polling_interval=interval)
    sooner.error_handler = error_handler
    sooner.build_delay = min(BUILD_DELAY, sooner.build_delay)  # an attribute MkDocs 1.6.1 reads in its build loop
    for path, recursive in asked:
        sooner.watch(path, recursive=recursive)
    server.server_close()  # its socket was made, never bound; its watcher never started
    log.debug("mkdocs serve: polling for saved files every %.2f s", interval)
    return sooner
