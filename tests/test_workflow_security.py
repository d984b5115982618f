"""The CI workflow runs only code this repository chose: every action by a
full commit SHA, and code changes in a pull request need a code owner."""

from __future__ import annotations

import re

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
