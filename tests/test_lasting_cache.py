"""The build's on-disk cache (build_tools/lasting_cache.py) never changes
what a page says: a build with an empty cache, with a previous build's
cache and with none give the same bytes; an edited paper or new code is
seen; a file that cannot be loaded is a miss, never a traceback."""

from __future__ import annotations

import hashlib
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import build_tools.read.papers
from build_tools.cache import BuildCache
from build_tools.lasting_cache import DIGEST_SIZE, MAGIC, LastingCache, cache_directory, code_version
from build_tools.model import ReaderError, SourceLocation
from build_tools.pipeline import build_site_content
from tests.conftest import copy_project, record_checksums, run_mkdocs_build

CACHE = ".cache/reader"
ZOU_SENTENCE = "This introduction aims to set a comprehensive stage"


def site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def build(project: Path, site: Path, **env: str) -> dict[str, bytes]:
    result = run_mkdocs_build(project, site, **env)
    assert result.returncode == 0, result.stderr
    return site_files(site)


def cached_files(project: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in (project / CACHE).rglob("*.pickle")}


@pytest.mark.site
def test_a_cold_a_warm_and_no_cache_build_write_the_same_bytes_and_an_edited_paper_is_seen(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    without = build(project, tmp_path / "none", READER_CACHE_DIR="off")
    assert not (project / ".cache").exists()
    cold = build(project, tmp_path / "cold")
    kept = cached_files(project)
    assert any("read.paper" in p.parts for p in kept) and any("tables" in p.parts for p in kept)
    warm = build(project, tmp_path / "warm")
    assert cached_files(project) == kept  # everything came from the cache: nothing new to keep
    assert without.keys() == cold.keys() == warm.keys()
    assert [page for page in without if without[page] != cold[page] or without[page] != warm[page]] == []

    source = project / "papers" / "zou-balancing-act" / "source.md"
    source.write_text(source.read_text(encoding="utf-8").replace(ZOU_SENTENCE, ZOU_SENTENCE + " and beyond"),
                      encoding="utf-8")
    record_checksums(project)
    edited = build(project, tmp_path / "edited")
    page = edited["papers/zou-balancing-act/index.html"].decode()
    assert "comprehensive stage and beyond" in page
    assert edited == build(project, tmp_path / "edited-none", READER_CACHE_DIR="off")


@pytest.mark.site
def test_a_corrupt_cache_is_a_miss_and_the_build_writes_the_same_site(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    cold = build(project, tmp_path / "cold")
    for path, data in cached_files(project).items():
        path.write_bytes(data[: len(data) // 2])  # as a build killed mid-write without the rename would
    assert build(project, tmp_path / "after") == cold
    assert all(len(data) > 0 for data in cached_files(project).values())  # written again, whole


@pytest.mark.unit
def test_papers_and_references_come_from_the_cache_in_a_new_process(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    project = copy_project(tmp_path / "project")
    lasting = tmp_path / "cache"
    first = build_site_content(project, cache=BuildCache(LastingCache(lasting)))

    def no_reading(paper_dir: Path) -> None:
        raise AssertionError(f"{paper_dir} was read again")

    monkeypatch.setattr(build_tools.read.papers, "_parse", no_reading)
    again = build_site_content(project, cache=BuildCache(LastingCache(lasting)))  # a new BuildCache: a new process
    assert again.papers == first.papers and again.generated == first.generated


@pytest.mark.unit
def test_an_edited_paper_is_read_again_and_its_page_shows_the_edit(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    lasting = tmp_path / "cache"
    build_site_content(project, cache=BuildCache(LastingCache(lasting)))
    metadata = project / "papers" / "istomin-baykov-2020" / "paper.yml"
    text = metadata.read_text(encoding="utf-8")
    metadata.write_text(text.replace("short_title: ", "short_title: Edited ", 1), encoding="utf-8")
    after = build_site_content(project, cache=BuildCache(LastingCache(lasting)))
    assert "Edited " in {p.slug: p for p in after.papers}["istomin-baykov-2020"].metadata.short_title
    assert after.generated == build_site_content(project).generated


@pytest.mark.unit
def test_values_of_other_code_are_never_read_and_are_removed(tmp_path: Path) -> None:
    LastingCache(tmp_path, version="a" * 32).store("read.paper", b"key", "old code's value")
    newer = LastingCache(tmp_path, version="b" * 32)
    assert newer.load("read.paper", b"key") == (False, None)
    assert not (tmp_path / ("a" * 32)).exists()


@pytest.mark.unit
def test_the_code_version_changes_with_any_file_of_the_code(tmp_path: Path) -> None:
    code = tmp_path / "build_tools"
    shutil.copytree(Path(build_tools.read.papers.__file__).parent, code / "read",
                    ignore=shutil.ignore_patterns("__pycache__"))
    before = code_version(code)
    assert code_version(code) == before
    reader = code / "read" / "papers.py"
    reader.write_text(reader.read_text(encoding="utf-8") + "\n# a change\n", encoding="utf-8")
    assert code_version(code) != before


@pytest.mark.unit
def test_a_value_round_trips_with_its_model_classes_and_errors(tmp_path: Path) -> None:
    cache = LastingCache(tmp_path, version="c" * 32)
    value = {"notice": ReaderError(SourceLocation(Path("papers/x/source.md"), 3), "expected a year", "add one"),
             "where": SourceLocation(Path("a.md"), 1)}
    cache.store("stage", b"key", value)
    found, loaded = cache.load("stage", b"key")
    assert found and str(loaded["notice"]) == str(value["notice"]) and loaded["where"] == value["where"]


def _kept_file(cache: LastingCache) -> Path:
    return next((cache.directory / "stage").glob("*.pickle"))


@pytest.mark.unit
@pytest.mark.parametrize("damage", ["truncated", "one byte changed", "empty", "not a cache file"])
def test_a_damaged_file_is_a_miss(tmp_path: Path, damage: str) -> None:
    cache = LastingCache(tmp_path, version="d" * 32)
    cache.store("stage", b"key", ("a", "value"))
    path = _kept_file(cache)
    data = path.read_bytes()
    damaged = {"truncated": data[:-3], "one byte changed": data[:-1] + bytes([data[-1] ^ 1]), "empty": b"",
               "not a cache file": b"<html>"}[damage]
    path.write_bytes(damaged)
    assert cache.load("stage", b"key") == (False, None)
    cache.store("stage", b"key", ("a", "value"))
    assert cache.load("stage", b"key") == (True, ("a", "value"))


@pytest.mark.unit
def test_a_tampered_file_that_would_run_code_is_a_miss_and_runs_nothing(tmp_path: Path) -> None:
    cache = LastingCache(tmp_path, version="e" * 32)
    cache.store("stage", b"key", "value")
    victim = tmp_path / "victim"
    victim.mkdir()

    class RemovesVictim:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (shutil.rmtree, (str(victim),))

    payload = pickle.dumps(RemovesVictim())
    _kept_file(cache).write_bytes(MAGIC + hashlib.blake2b(payload, digest_size=DIGEST_SIZE).digest() + payload)
    assert cache.load("stage", b"key") == (False, None)
    assert victim.is_dir()


@pytest.mark.unit
def test_the_cache_folder_is_the_plugin_option_unless_the_environment_says_otherwise(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("READER_CACHE_DIR", raising=False)
    assert cache_directory(tmp_path) == tmp_path / ".cache" / "reader"
    assert cache_directory(tmp_path, "build-cache") == tmp_path / "build-cache"
    assert cache_directory(tmp_path, False) is None  # `cache_dir: off` in mkdocs.yml, as YAML reads it
    assert cache_directory(tmp_path, "Off") is None
    monkeypatch.setenv("READER_CACHE_DIR", "elsewhere")
    assert cache_directory(tmp_path, "build-cache") == tmp_path / "elsewhere"
    monkeypatch.setenv("READER_CACHE_DIR", "off")
    assert cache_directory(tmp_path) is None


@pytest.mark.unit
def test_a_cache_folder_that_cannot_be_written_only_makes_the_build_slower(tmp_path: Path) -> None:
    taken = tmp_path / "taken"
    taken.write_text("a file where the cache folder would be", encoding="utf-8")
    cache = LastingCache(taken, version="f" * 32)
    cache.store("stage", b"key", "value")
    assert cache.load("stage", b"key") == (False, None)
    assert taken.read_text(encoding="utf-8") == "a file where the cache folder would be"


@pytest.mark.unit
def test_a_build_whose_works_were_all_formatted_before_never_loads_citeproc(tmp_path: Path) -> None:
    """citeproc-py and lxml cost every build their import; one whose entries
    and citations all come from the cache has nothing for them to do. Each
    build is a new process, as `mkdocs build` is."""
    project = copy_project(tmp_path / "project")
    code = ("import pickle, sys; from pathlib import Path; from build_tools.cache import BuildCache; "
            "from build_tools.lasting_cache import LastingCache; from build_tools.pipeline import build_site_content; "
            "cache = BuildCache(LastingCache(Path(sys.argv[2]))); "
            "content = build_site_content(Path(sys.argv[1]), cache=cache); cache.save(); "
            "sys.stdout.buffer.write(pickle.dumps((content.generated, 'citeproc' in sys.modules)))")
    command = [sys.executable, "-c", code, str(project), str(tmp_path / "cache")]
    cold_pages, cold_loaded = pickle.loads(subprocess.run(command, capture_output=True, check=True).stdout)
    warm_pages, warm_loaded = pickle.loads(subprocess.run(command, capture_output=True, check=True).stdout)
    assert cold_loaded  # the first build formats every entry with citeproc-py
    assert not warm_loaded
    assert warm_pages == cold_pages


@pytest.mark.unit
def test_the_code_version_is_the_same_however_mkdocs_is_started(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """`mkdocs build` and `python -m mkdocs build` differ only in whether the
    working directory, with the project's own `.egg-info`, is on `sys.path`;
    pytest adds it twice. A library's version on the path still counts."""
    project, library = tmp_path / "project", tmp_path / "site-packages"
    (project / "alliances_reader_build_tools.egg-info").mkdir(parents=True)
    (library / "citeproc_py-0.11.1.dist-info").mkdir(parents=True)
    monkeypatch.chdir(project)
    monkeypatch.setattr(sys, "path", [str(library)])
    script = code_version()
    monkeypatch.setattr(sys, "path", ["", str(library), str(project), str(project)])
    assert code_version() == script
    (library / "citeproc_py-0.11.1.dist-info").rename(library / "citeproc_py-0.12.0.dist-info")
    assert code_version() != script
