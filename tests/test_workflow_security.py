"""The CI workflow runs only code this repository chose: every action by a
full commit SHA, and code changes in a pull request need a code owner."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT

pytestmark = pytest.mark.unit

WORKFLOW = ROOT / ".github" / "workflows" / "site.yml"


def test_every_action_is_pinned_by_a_full_commit_sha_with_its_version_beside_it() -> None:
    uses = re.findall(r"uses:\s*(\S+)(.*)", WORKFLOW.read_text(encoding="utf-8"))
    assert uses
    for action, comment in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", action), action
        assert re.fullmatch(r"\s+# v\d+\.\d+\.\d+", comment), (action, comment)


def test_the_workflow_token_can_only_read_except_where_pages_deploy() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert workflow["permissions"] == {"contents": "read"}
    for name, job in workflow["jobs"].items():
        assert set(job.get("permissions", {}).values()) <= {"read", "write"}
        assert name == "deploy" or "permissions" not in job


def test_code_and_site_configuration_need_a_code_owner() -> None:
    owned = {line.split()[0] for line in (ROOT / ".github" / "CODEOWNERS").read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")}
    assert {"/build_tools/", "/.github/", "/mkdocs.yml", "/overrides/", "/papers/SHA256SUMS"} <= owned
    assert not any(path.startswith("/annotations") for path in owned)


def _pull_request_notice(tmp_path: Path, changes: dict[str, str]) -> str:
    """Run the workflow's notice step in a repository whose last commit is
    a pull request making `changes` (path → new text)."""
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    (script,) = [s["run"] for s in workflow["jobs"]["test-and-build"]["steps"]
                 if s.get("name", "").startswith("Say plainly when a contribution")]
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=tmp_path, env=env, check=True, capture_output=True)

    git("init", "-q")
    for path, text in {"mkdocs.yml": "site_name: x\n", "docs/concepts/a.md": "# A\n",
                       "papers/p/paper.yml": "slug: p\n"}.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text, encoding="utf-8")
    git("add", "-A")
    git("commit", "-qm", "base")
    for path, text in changes.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text, encoding="utf-8")
    git("add", "-A")
    git("commit", "-qm", "pull request")
    result = subprocess.run(["bash", "-e", "-c", script], cwd=tmp_path, env=env, check=True,
                            capture_output=True, text=True)
    return result.stdout


NOTE = {"annotations/zou/a-note.md": "---\nexact: x\n---\n"}


@pytest.mark.parametrize(("changes", "expected"), [
    ({**NOTE, "mkdocs.yml": "site_name: !!python/object/apply:os.system ['id']\n"},
     "files that can run code: mkdocs.yml."),
    ({"docs/concepts/a.md": "# A, edited\n", "overrides/main.html": "<script>x</script>\n"},
     "files that can run code: overrides/main.html."),
    ({**NOTE, "hooks/x.py": "import os\n", "papers/p/paper.yml": "slug: q\n"}, "files that can run code: hooks/x.py."),
    ({**NOTE, "papers/p/paper.yml": "slug: q\n"}, "::notice title=Contributions and other files"),
    ({**NOTE}, ""),
    ({"mkdocs.yml": "site_name: y\n"}, ""),
])
def test_a_contribution_that_also_changes_code_is_flagged_mkdocs_yml_included(
        tmp_path: Path, changes: dict[str, str], expected: str) -> None:
    notice = _pull_request_notice(tmp_path, changes)
    assert (expected in notice) if expected else notice == ""
    if "run code" in expected:
        assert notice.startswith("::warning title=Code in a contribution::") and notice.count("\n") == 1
        assert "papers/p/paper.yml" not in notice


BOMB = "".join(f'x{i}: &x{i} [{", ".join([f"*x{i - 1}"] * 9) if i else "lol"}]\n' for i in range(9))


@pytest.mark.parametrize(("config", "line", "message"), [
    ("site_name: x\nsite_description: !!python/object/apply:os.system ['touch {marker}']\n", 2,
     "the tag 'tag:yaml.org,2002:python/object/apply:os.system', which runs code"),
    ("site_name: x\nhooks: !<tag:yaml.org,2002:python/name:os.system> x\n", 2,
     "the tag 'tag:yaml.org,2002:python/name:os.system'"),
    ("site_name: x\n" + BOMB, 2, "an anchor or alias"),
])
def test_check_refuses_mkdocs_yml_that_would_run_code_before_mkdocs_reads_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], config: str, line: int, message: str) -> None:
    """CI runs `check` before anything reads mkdocs.yml with MkDocs' full
    YAML loader; the check reads only its tokens, so nothing runs."""
    from build_tools.cli import main

    marker = tmp_path / "ran"
    (tmp_path / "mkdocs.yml").write_text(config.format(marker=marker), encoding="utf-8")
    assert main(["check", "--root", str(tmp_path)]) == 1
    assert f"mkdocs.yml:{line}: {message}" in capsys.readouterr().err
    assert not marker.exists()


def test_the_project_s_own_mkdocs_yml_passes() -> None:
    from build_tools.inputs import refuse_code_in_site_config

    refuse_code_in_site_config(ROOT / "mkdocs.yml")
