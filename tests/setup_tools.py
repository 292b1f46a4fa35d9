#!/usr/bin/env python3
"""Install what the browser tests need, beyond pip: Chromium, Java, Node and npm packages.

Run by the README's test command (`python3 tests/setup_tools.py`) on a fresh Debian machine
as root, with no stdin.  It installs only what is missing, so a second run takes a second:

- Debian packages: `chromium` (driven by Playwright), `default-jre-headless` (the Nu HTML
  Checker is a Java program), `nodejs` and `npm`;
- npm packages pinned by package.json + package-lock.json (`npm ci`): axe-core, vnu-jar,
  @knight-lab/timelinejs, into ./node_modules;
- the Python side (playwright) comes from `pip install -e '.[test]'`; this
  script only checks it is there.

Anything it cannot install stops it with exit status 1 and a message, so CI fails loudly
instead of skipping the browser tests.  `tests/conftest.py` imports the paths from here.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
NODE_MODULES = ROOT / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
TIMELINEJS = NODE_MODULES / "@knight-lab" / "timelinejs" / "dist"
NPM_FILES = (AXE, VNU, TIMELINEJS / "js" / "timeline.js", TIMELINEJS / "css" / "timeline.css")
# executable -> the Debian package that provides it
APT = {"chromium": "chromium", "java": "default-jre-headless", "node": "nodejs", "npm": "npm"}
PYTHON_MODULES = ("playwright",)


def missing() -> list[str]:
    """What the browser tests need and cannot find, one line each ([] when all is there)."""
    out = [f"{name} (Debian package {pkg})" for name, pkg in APT.items() if not _have(name)]
    out += [f"{p.relative_to(ROOT)} (npm ci)" for p in NPM_FILES if not p.exists()]
    out += [f"Python module {m} (pip install -e '.[test]')" for m in PYTHON_MODULES
            if importlib.util.find_spec(m) is None]
    return out


def _have(name: str) -> bool:
    return CHROMIUM.is_file() if name == "chromium" else shutil.which(name) is not None


def _run(*cmd: str) -> None:
    print("+", " ".join(cmd), flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    result = subprocess.run(cmd, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, check=False)
    if result.returncode != 0:
        sys.exit(f"setup_tools: `{' '.join(cmd)}` failed with exit status {result.returncode}")


def install() -> None:
    packages = [pkg for name, pkg in APT.items() if not _have(name)]
    if packages:
        if shutil.which("apt-get") is None or os.geteuid() != 0:
            sys.exit(f"setup_tools: need the Debian packages {' '.join(packages)}; "
                     "run this as root on Debian, or install them yourself")
        lock = ("-o", "DPkg::Lock::Timeout=900")  # wait for another apt-get, do not fail
        _run("apt-get", *lock, "update", "-q")
        _run("apt-get", *lock, "install", "-y", "-q", *packages)
    if not all(p.exists() for p in NPM_FILES):
        # --ignore-scripts: vnu-jar's install script would download a Java we already have.
        _run("npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund")
    left = missing()
    if left:
        sys.exit("setup_tools: still missing after installing:\n  " + "\n  ".join(left))
    print("setup_tools: Chromium, Java, Node, npm packages, and playwright are ready",
          flush=True)


if __name__ == "__main__":
    install()
