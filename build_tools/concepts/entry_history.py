"""When each concept page last changed, from git, for "Cite this entry".

An entry is cited by version: the commit that last changed its file, that
commit's date, and a permalink to the file at that commit. Git is asked
once per build for every page. Without git, or outside a repository (a
copy of the project, an unpacked archive), nothing is invented: the cite
box says the version is not recorded. A page edited since its last commit
is said to be so. Two builds of the same checkout read the same history,
so they stay byte-identical.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

GIT_TIMEOUT_SECONDS = 30


@dataclass(frozen=True)
class Revision:
    """The last commit that changed a file: its full hash, its committer
    date (YYYY-MM-DD) and the file's path in the repository. `commit` is ""
    for a file git does not track yet; `edited` when the working copy
    differs from that commit."""

    commit: str
    date: str
    path_in_repository: str
    edited: bool = False


def last_revisions(paths: Iterable[Path]) -> dict[Path, Revision] | None:
    """The last revision of each file, or None when git cannot say (no git,
    not a repository). All files must be in one directory."""
    paths = [path.resolve() for path in paths]
    if not paths:
        return {}
    directory = paths[0].parent
    top = _git(directory, "rev-parse", "--show-toplevel")
    if top is None:
        return None
    root = Path(top.strip()).resolve()
    log = _git(root, "log", "--format=%x00%H %cs", "--name-only", "--no-renames", "--",
               directory.relative_to(root).as_posix())
    status = _git(root, "status", "--porcelain", "--untracked-files=all", "--",
                  directory.relative_to(root).as_posix())
    if log is None or status is None:
        return None
    newest: dict[str, tuple[str, str]] = {}
    for block in log.split("\x00")[1:]:
        head, *names = block.strip().split("\n")
        commit, date = head.split(" ", 1)
        for name in names:
            newest.setdefault(name.strip(), (commit, date))
    # `git status --porcelain` lines are "XY path"; any entry means the
    # working copy differs from the last commit (or is not committed).
    edited = {line[3:].strip().strip('"') for line in status.splitlines() if len(line) > 3}
    out = {}
    for path in paths:
        name = path.relative_to(root).as_posix()
        commit, date = newest.get(name, ("", ""))
        out[path] = Revision(commit, date, name, name in edited)
    return out


def _git(directory: Path, *arguments: str) -> str | None:
    try:
        result = subprocess.run(["git", "-C", str(directory), *arguments], capture_output=True, text=True,
                                timeout=GIT_TIMEOUT_SECONDS, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout if result.returncode == 0 else None
