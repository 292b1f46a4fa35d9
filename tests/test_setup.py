"""The test command installs what the tests need: README, CI script and npm lock agree."""

from __future__ import annotations

import json
import re

import setup_tools
from conftest import ROOT


def _readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"^    (python3 .+)$", text.split("\n## ", 1)[0], re.M)


def test_ci_runs_the_readme_test_command() -> None:
    build, test = _readme_commands()
    assert build == "python3 -m pip install -e . && python3 build.py"
    assert "python3 tests/setup_tools.py" in test
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()[-1]
    assert ci.replace(" -q", "") == test  # pip's -q only quietens the log


def test_npm_packages_are_pinned_by_the_lock_file() -> None:
    wanted = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["devDependencies"]
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    assert set(wanted) == {"axe-core", "vnu-jar", "@knight-lab/timelinejs"}
    for name in wanted:
        assert lock[f"node_modules/{name}"]["integrity"].startswith("sha512-"), name


def test_every_tool_is_installed() -> None:
    """Fails, naming what is missing, when the test command's setup step did not run."""
    assert setup_tools.missing() == []
