"""`python build.py new DIR`: a ready project folder that builds as it is.

    DIR/timeline.yaml            every config key, with what it does
    DIR/articles/*.md            two example articles (front matter + Markdown)
    DIR/articles/events.yaml     a manual event and (commented out) the corrections
    DIR/templates/               a copy of the built-in templates, to edit
    DIR/README.md                the commands

The folder must be new or empty: nothing a user already has is overwritten.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from . import site
from .config import KEYS
from .errors import TimelineError

ARTICLES = {
    "bridge-reopens.md": """\
---
title: Old river bridge reopens after two years of repairs
outlet: The Example Courier
url: https://example.org/courier/bridge-reopens
published: 2024-09-14
author: A. Reporter
---
# Old river bridge reopens after two years of repairs

The old river bridge reopened to traffic on Friday, two years after engineers closed it
because of cracks in its piers.

The council closed the bridge on 2 September 2022 after an inspection found the damage.
Repairs began in March 2023 and cost twice the first estimate.

Buses will use the bridge again from Monday, the transport office said.
""",
    "bridge-council.md": """\
---
title: Council celebrates bridge reopening
outlet: Example Evening News
published: 2024-09-14
---
# Council celebrates bridge reopening

The mayor cut a ribbon on the old river bridge on 13 September 2024, and the first cars
crossed an hour later.

The repairs, which began in March 2023, replaced two of the bridge's four piers.
""",
}

EVENTS = """\
# Events written by hand, and corrections of extracted events.
# Format: see "Manual events" in the timeline project's README.
events:
  - id: 2022-08-inspection
    date: ~2022-08                     # YYYY, YYYY-MM or YYYY-MM-DD; "~" = approximate
    title: Inspection finds cracks in the bridge piers
    summary: The inspection that led to the closure; *no article dates it*.
    sources:
      - url: https://example.org/council/inspection-report
        outlet: City council
      - bridge-reopens                 # a source id: an article's file name without extension
    tags: [background]

# corrections:                         # change extracted events by id (ids: see events.json)
#   - event: 2024-09-13-some-extracted-id
#     title: A better title
#   - event: 2024-09-13-another-id
#     hide: true
"""

README = """\
# {name}

A timeline built from the articles in `articles/`.

    python build.py --config timeline.yaml          # build into _site/
    python build.py --config timeline.yaml check    # validate, list what to review
    python build.py --config timeline.yaml serve    # preview on http://127.0.0.1:8000/

(`build.py` is the timeline project's; when this folder is the current directory,
`timeline.yaml` is found without `--config`.)  Add articles (`.txt`, `.md`, `.html`) to
`articles/`, events and corrections to `articles/events.yaml`, and change the look in
`templates/`.
"""


def config_text(title: str) -> str:
    values = {"title": f'"{title}"', "description": "A timeline made with `python build.py new`.",
              "sources": "articles", "out": "_site", "templates": "templates",
              "language": "en", "time_zone": "UTC", "base_url": '""', "about": '""'}
    lines = ["# Timeline configuration. Paths are relative to this file; command-line flags win."]
    for key, what in KEYS.items():
        lines.append(f"# {key}: {what}")
        lines.append(f"{key}: {values[key]}")
    return "\n".join(lines) + "\n"


def create(folder: Path) -> list[Path]:
    """Write the project into `folder` (new or empty); return the files written."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise TimelineError("already exists and is not an empty folder; choose a new one", str(folder))
    name = folder.resolve().name
    files = {
        "timeline.yaml": config_text(name.replace("-", " ").replace("_", " ").capitalize() or "Timeline"),
        "README.md": README.format(name=name),
        "articles/events.yaml": EVENTS,
        **{f"articles/{n}": text for n, text in ARTICLES.items()},
    }
    written = []
    for rel, text in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    shutil.copytree(site.TEMPLATES_DIR, folder / "templates")
    written.extend(sorted(p for p in (folder / "templates").rglob("*") if p.is_file()))
    return written
