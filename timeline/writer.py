"""Writing the site: all or nothing.

The new site is written into a temporary folder beside the output and swapped in only when
complete, so a failed or interrupted build leaves the previous site as it was.  The build
deletes nothing outside its output folder, and refuses to replace a folder it did not make.

Only changed files are rewritten: a file whose bytes equal the previous site's is carried
into the new folder as a hard link to the old file (same inode, same modification time), so
servers, rsync and browsers see it unchanged; the folder is still swapped in whole.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from .errors import TimelineError

MARKER = ".timeline-site"
MARKER_TEXT = b"This folder is written by the timeline builder and replaced on every build.\n"


def _check_target(out: Path) -> None:
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise TimelineError("output path exists and is not a folder; refusing to replace it", str(out))
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise TimelineError(
            "output folder is not empty and was not made by this tool; refusing to replace it "
            "(choose another --out or empty it)", str(out))


Manifest = dict[str, tuple[int, int, int]]  # path -> (size, mtime_ns, inode) as written


def _same_file(old: Path, data: bytes) -> bool:
    try:
        return old.stat().st_size == len(data) and old.read_bytes() == data
    except OSError:
        return False


def _keep(old: Path, target: Path) -> bool:
    """Carry an unchanged file over as a hard link; False when links are not possible."""
    try:
        os.link(old, target)
    except OSError:
        return False
    return True


def unchanged(out: Path, manifest: Manifest) -> bool:
    """Whether `out` still holds exactly the files a build wrote, untouched since."""
    if out.is_symlink() or not (out / MARKER).is_file():
        return False
    for rel, (size, mtime, inode) in manifest.items():
        try:
            st = out.joinpath(*PurePosixPath(rel).parts).stat()
        except OSError:
            return False
        if (st.st_size, st.st_mtime_ns, st.st_ino) != (size, mtime, inode):
            return False
    return True


def write_site(out: Path, files: Mapping[str, bytes]) -> Manifest:
    """Replace `out` with exactly `files` (relative POSIX path -> content); return what
    was written, for `unchanged()`."""
    _check_target(out)
    parent = out.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=parent))
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o777 & ~umask)  # mkdtemp makes it 0700; a web server must read it
    old: Path | None = None
    reuse = out.is_dir() and (out / MARKER).is_file()
    manifest: Manifest = {}
    made: set[Path] = set()
    try:
        for rel in sorted(files):
            p = PurePosixPath(rel)
            if p.is_absolute() or ".." in p.parts:
                raise TimelineError(f"refusing to write outside the output folder: {rel}")
            target = tmp.joinpath(*p.parts)
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            previous = out.joinpath(*p.parts)
            data = files[rel]
            if not (reuse and _same_file(previous, data) and _keep(previous, target)):
                target.write_bytes(data)
            st = target.stat()
            manifest[rel] = (st.st_size, st.st_mtime_ns, st.st_ino)
        (tmp / MARKER).write_bytes(MARKER_TEXT)
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=parent))
            os.replace(out, old / "site")
        os.replace(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        if old is not None and not out.exists():
            os.replace(old / "site", out)  # put the previous site back
            shutil.rmtree(old, ignore_errors=True)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return manifest
