"""The site's configuration file (`timeline.yaml`), validated, with command-line overrides.

Paths in the file are relative to the file's folder; flags given on the command line win
over the file.  Every problem is reported in one run as `file:line:column: message`.
"""

from __future__ import annotations

import re
import zoneinfo
from pathlib import Path
from typing import Any

from . import yamlio
from .errors import TimelineError, ValidationErrors
from .fields import Collector, did_you_mean
from .pipeline import CONFIG_NAMES, Config

# Every key, with what it does (shown by `python build.py new` in the example config).
KEYS: dict[str, str] = {
    "title": "the site's title",
    "description": "one paragraph under the title (plain text)",
    "base_url": "public URL of the site, for canonical links only (links stay relative)",
    "sources": "folder of articles and YAML files",
    "out": "output folder",
    "about": "text of about.html: Markdown, or the name of a .md file in the sources folder",
    "templates": "folder of templates that override the built-in ones (site_templates/) by name",
    "language": "language of the articles; the date extractor reads English only",
    "time_zone": "IANA zone in which publication timestamps that carry an offset are dated",
}
# BCP 47 tags whose primary language is English: "en", "en-GB", "en-US", "en-Latn-IN".
_ENGLISH = re.compile(r"(?i)^en(?:-[a-z0-9]{2,8})*$")


def find(explicit: Path | None) -> Path | None:
    """The config file: the one given, else ./timeline.yaml (or .yml) when present."""
    if explicit is not None:
        if not explicit.is_file():
            raise TimelineError("config file not found", str(explicit))
        return explicit
    return next((Path(n) for n in CONFIG_NAMES if Path(n).is_file()), None)


def _text(c: Collector, data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    if value is None:
        return ""
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        c.add(f"{key!r} must be text", yamlio.where(data, key))
        return ""
    return str(value).strip()


def load(path: Path | None, *, sources: Path | None = None, out: Path | None = None,
         base_url: str | None = None) -> Config:
    """The build's Config from the file at `path` (or defaults), flags overriding it."""
    data: dict[str, Any] = {}
    c = Collector(str(path))
    if path is not None:
        loaded = yamlio.load(yamlio.decode(path.read_bytes(), str(path)), str(path))
        if loaded is not None and not isinstance(loaded, dict):
            raise TimelineError("config must be a YAML mapping", str(path), 1)
        data = loaded or {}
        c.unknown_keys(data, tuple(KEYS), "the config")
    base = path.parent if path is not None else Path(".")
    values = {key: _text(c, data, key) for key in KEYS}

    def folder(key: str, flag: Path | None, default: str) -> Path:
        if flag is not None:
            return flag
        return base / values[key] if values[key] else Path(default)

    language = values["language"] or "en"
    if not _ENGLISH.match(language):
        c.add(f"language {language!r} is not supported: the date extractor reads English only "
              "(use en, or a regional form such as en-GB)", yamlio.where(data, "language"))
    time_zone = values["time_zone"]
    if time_zone:
        try:
            zoneinfo.ZoneInfo(time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            zones = zoneinfo.available_timezones()
            c.add(f"unknown time zone {time_zone!r}{did_you_mean(time_zone, zones)} "
                  "(use an IANA name such as Europe/Kyiv or UTC)", yamlio.where(data, "time_zone"))
    templates = base / values["templates"] if values["templates"] else None
    if templates is not None and not templates.is_dir():
        c.add(f"templates folder {templates.as_posix()} not found", yamlio.where(data, "templates"))
    src = folder("sources", sources, "seeds")
    if not src.is_dir():
        if sources is None and "sources" in data:
            c.add(f"sources folder {src.as_posix()} not found", yamlio.where(data, "sources"))
        else:
            c.errors.append(TimelineError("sources folder not found", str(src)))
    out_folder = folder("out", out, "_site")
    real_src, real_out = src.resolve(), out_folder.resolve()
    if real_src == real_out or real_out in real_src.parents:
        c.errors.append(TimelineError("the sources folder is inside the output folder, which "
                                      "every build replaces; choose another --out", str(out_folder)))
    url = base_url if base_url is not None else values["base_url"]
    if url and not re.match(r"(?i)https?://[^\s\"'<>]+$", url):
        message = f"base_url {url!r} must be an http:// or https:// URL"
        if base_url is not None:
            c.errors.append(TimelineError(message, "--base-url"))
        else:
            c.add(message, yamlio.where(data, "base_url"))
    if c.errors:
        raise c.errors[0] if len(c.errors) == 1 else ValidationErrors(c.errors)
    about = values["about"]
    about_path = src / about if about.endswith(".md") else None
    return Config(
        sources=src,
        out=out_folder,
        title=values["title"] or "Timeline",
        description=values["description"],
        base_url=url,
        about=yamlio.decode(about_path.read_bytes(), str(about_path))
        if about_path and about_path.is_file() else about,
        templates=templates,
        config_path=path,
        language=language,
        time_zone=time_zone,
    )
