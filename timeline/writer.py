"""Writing the site: all or nothing.

The new site is written into a temporary folder beside the output and swapped in only when
complete (in one step where the system can exchange two folders), so a failed, interrupted
or killed build leaves the previous site as it was.  The build
deletes nothing outside its output folder, and refuses to replace a folder it did not make.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Mapping
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


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step, so there is no moment without a site (Linux's
    renameat2 with RENAME_EXCHANGE).  False where the system or file system lacks it."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # a C library without it
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def write_site(out: Path, files: Mapping[str, bytes],
               finish: Callable[[Path], None] | None = None) -> int:
    """Replace `out` with exactly `files` (relative POSIX path -> content).

    `finish`, if given, runs on the complete new folder before it replaces `out` (to add
    files made from the written site, such as a search index); if it fails, nothing changes.
    Returns how many files the new site has.
    """
    _check_target(out)
    parent = out.resolve().parent
    blocking = next((p for p in (parent, *parent.parents) if p.exists() and not p.is_dir()), None)
    if blocking is not None:
        raise TimelineError("is a file, so the output folder cannot be made inside it", str(blocking))
    parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=parent))
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o777 & ~umask)  # mkdtemp makes it 0700; a web server must read it
    old: Path | None = None
    try:
        for rel in sorted(files):
            p = PurePosixPath(rel)
            if p.is_absolute() or ".." in p.parts:
                raise TimelineError(f"refusing to write outside the output folder: {rel}")
            target = tmp.joinpath(*p.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(files[rel])
        if finish is not None:
            finish(tmp)
        count = sum(1 for p in tmp.rglob("*") if p.is_file())
        (tmp / MARKER).write_bytes(MARKER_TEXT)
        if out.exists() and _exchange(tmp, out):
            shutil.rmtree(tmp, ignore_errors=True)  # it now holds the previous site
            return count
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
    return count
