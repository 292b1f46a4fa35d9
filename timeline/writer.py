"""Writing the site: all or nothing.

The new site is written into a temporary folder beside the output and swapped in only when
complete (in one step where the system can exchange two folders), so a failed, interrupted
or killed build leaves the previous site as it was.  The build
deletes nothing outside its output folder, and refuses to replace a folder it did not make.

Only changed files are rewritten: a file whose bytes equal the previous site's is carried
into the new folder as a hard link to the old file (same inode, same modification time), so
servers, rsync and browsers see it unchanged; the folder is still swapped in whole.

Linking every file into a fresh folder, and deleting the replaced one, costs a build time in
proportion to the whole site (a second for 24,000 files), even when one page changed.  So
the replaced site is kept as a spare (in the cache folder, with a record of what it holds),
and the next build starts from it, double-buffered: the spare already holds, as links, every
file that did not change since, so only the files changed in the last two builds are
replaced in it before the swap.  A file is never written into: it is unlinked and made anew,
because the spare shares its files' inodes with the live site.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import pickle
import shutil
import sys
import tempfile
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path

from .errors import TimelineError

MARKER = ".timeline-site"
MARKER_TEXT = b"This folder is written by the timeline builder and replaced on every build.\n"


def check_target(out: Path) -> None:
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



Stat = tuple[int, int, int]  # (size, mtime_ns, inode)
Manifest = dict[str, Stat]  # path -> its stat as written


def _same_file(old: str, data: bytes) -> bool:
    try:
        if os.stat(old).st_size != len(data):
            return False
        with open(old, "rb") as f:
            return f.read() == data
    except OSError:
        return False


def _same_files(old: str, new: str) -> bool:
    """Whether two files hold the same bytes (read a block at a time)."""
    try:
        if os.stat(old).st_size != os.stat(new).st_size:
            return False
        with open(old, "rb") as a, open(new, "rb") as b:
            while True:
                block = a.read(1 << 20)
                if block != b.read(1 << 20):
                    return False
                if not block:
                    return True
    except OSError:
        return False


def _same_device(a: Path, b: Path) -> bool:
    """Whether a folder made in `a` (or in its nearest existing parent) can be renamed into `b`."""
    while not a.exists() and a != a.parent:
        a = a.parent
    try:
        return os.stat(a).st_dev == os.stat(b).st_dev
    except OSError:
        return False


def _write(path: str, data: bytes | Iterable[bytes]) -> None:
    with open(path, "wb") as f:
        if isinstance(data, bytes):
            f.write(data)
        else:
            for chunk in data:
                f.write(chunk)


def _native(rel: str) -> str:
    """A relative POSIX path with this system's separators (joined as strings: 24,000
    paths a rebuild at 10,000 articles)."""
    return rel if os.sep == "/" else os.path.join(*rel.split("/"))


def _stat(path: str) -> Stat | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns, st.st_ino


def unchanged(out: Path, manifest: Manifest) -> bool:
    """Whether `out` still holds exactly the files a build wrote, untouched since."""
    if out.is_symlink() or not (out / MARKER).is_file():
        return False
    return not _differing(str(out) + os.sep, manifest)


class LiveCheck:
    """Which files of the live site are no longer as the last build left them (`manifest`),
    found by a forked child process while this one gathers, on the other core: `keep()`
    otherwise looks at each kept file itself (24,000 at 10,000 articles, 0.08 s).

    `changed()` gives {path: its stat now, None if gone} for the files that differ, or None
    where it could not be found out (no fork on this system, a process with other threads
    running, or the child failed): then `keep()` looks at each file.  A file edited in the
    output folder during the build itself may be missed, as by any check before the swap."""

    def __init__(self, out: Path, manifest: Manifest) -> None:
        self._pid = 0
        self._fd = -1
        self._result: dict[str, Stat | None] | None = None
        if not manifest or not hasattr(os, "fork") or threading.active_count() > 1:
            return
        try:
            read, write = os.pipe()
        except OSError:
            return
        try:
            pid = os.fork()
        except OSError:
            os.close(read)
            os.close(write)
            return
        if pid == 0:  # the child: look, tell, leave without running any exit handler
            try:
                os.close(read)
                data = memoryview(pickle.dumps(_differing(str(out) + os.sep, manifest)))
                while data:
                    data = data[os.write(write, data):]
            finally:
                os._exit(0)
        os.close(write)
        self._pid, self._fd = pid, read

    def changed(self) -> dict[str, Stat | None] | None:
        """The files that differ (waits for the child); None when not known."""
        if self._pid:
            chunks = []
            try:
                while chunk := os.read(self._fd, 1 << 16):
                    chunks.append(chunk)
                self._result = pickle.loads(b"".join(chunks))
            except (OSError, pickle.UnpicklingError, EOFError, ValueError):
                self._result = None
            self.close()
        return self._result

    def close(self) -> None:
        if self._pid:
            os.close(self._fd)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self._pid, 0)
            self._pid = 0

    def __enter__(self) -> LiveCheck:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _differing(root: str, manifest: Manifest) -> dict[str, Stat | None]:
    """The files of `manifest` under `root` whose stat differs now (None: gone).  A stat
    per file, written out here: a no-op build makes 24,000 of them at 10,000 articles."""
    out: dict[str, Stat | None] = {}
    posix = os.sep == "/"
    for rel, seen in manifest.items():
        try:
            st = os.stat(root + (rel if posix else _native(rel)))
            live: Stat | None = (st.st_size, st.st_mtime_ns, st.st_ino)
        except OSError:
            live = None
        if live != seen:
            out[rel] = live
    return out


class SiteWriter:
    """One replacement of the output folder: files are added one by one into a fresh folder
    beside it, which `commit()` swaps in whole.  Leaving the `with` block by an exception
    (or without commit) removes the new folder and leaves the previous site as it was.

    `previous` is the manifest the last build returned: a file it lists and that is still
    as written then can be kept (`keep`) without being made again.
    """

    def __init__(self, out: Path, previous: Manifest | None = None, spare: Path | None = None,
                 spare_manifest: Manifest | None = None,
                 changed: Mapping[str, Stat | None] | None = None) -> None:
        check_target(out)
        self.out = out
        parent = out.resolve().parent
        blocking = next((p for p in (parent, *parent.parents) if p.exists() and not p.is_dir()),
                        None)
        if blocking is not None:
            raise TimelineError("is a file, so the output folder cannot be made inside it",
                                str(blocking))
        parent.mkdir(parents=True, exist_ok=True)
        self.parent = parent
        self._new_folder()
        self.reuse = out.is_dir() and (out / MARKER).is_file()
        self.previous = previous if self.reuse and previous else {}
        # The previous site's files that differ from `previous` (`LiveCheck`), when known.
        self.changed = changed
        self.manifest: Manifest = {}
        # The spare: where the replaced site is kept, and what it held when it was replaced.
        self.spare = spare if spare is not None and _same_device(spare.parent, parent) else None
        self.spare_manifest: Manifest = {}  # what the spare holds after commit()
        self.stale: Manifest = {}  # files in the new folder before any was added: the spare's
        self._dirs: set[str] = set()
        self._out = str(out)
        self._done = False
        if self.spare is not None and self.spare.is_dir():
            if self.previous and spare_manifest:
                self._start_from_spare(spare_manifest)
            else:  # a spare nothing records: of no use
                shutil.rmtree(self.spare, ignore_errors=True)

    def _new_folder(self) -> None:
        self.tmp = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.new-", dir=self.parent))
        self._tmp = str(self.tmp)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(self.tmp, 0o777 & ~umask)  # mkdtemp makes it 0700; a web server must read it

    def _start_from_spare(self, recorded: Manifest) -> None:
        """Make the spare the new folder; keep of it only the files still as recorded."""
        assert self.spare is not None
        try:
            os.replace(self.spare, self.tmp)  # onto the empty folder mkdtemp made
        except OSError:
            shutil.rmtree(self.spare, ignore_errors=True)
            return
        # A file is known by its inode alone, which the folder entry gives without a stat:
        # it is used only where the live site's file has that inode (and the recorded size
        # and time) now, so it is that very file (`_link`).
        root = self._tmp + os.sep
        todo = [self._tmp]
        try:
            while todo:
                folder = todo.pop()
                self._dirs.add(folder)
                with os.scandir(folder) as entries:
                    for entry in entries:
                        if entry.is_dir(follow_symlinks=False):
                            todo.append(entry.path)
                            continue
                        rel = entry.path[len(root):].replace(os.sep, "/")
                        seen = recorded.get(rel)
                        if (seen is not None and entry.inode() == seen[2]
                                and not entry.is_symlink()):
                            self.stale[rel] = seen
                        else:  # not ours, or replaced since: not kept
                            os.unlink(entry.path)
        except OSError:  # a spare that cannot be gone through: start from a new folder
            shutil.rmtree(self.tmp, ignore_errors=True)
            self._new_folder()
            self.stale, self._dirs = {}, set()

    def __enter__(self) -> SiteWriter:
        return self

    def __exit__(self, kind: object, error: object, tb: object) -> None:
        if not self._done:
            shutil.rmtree(self.tmp, ignore_errors=True)

    def _target(self, rel: str) -> str:
        parts = rel.split("/")
        if not rel or rel.startswith("/") or ".." in parts or "" in parts or "\\" in rel:
            raise TimelineError(f"refusing to write outside the output folder: {rel}")
        target = self._tmp + os.sep + _native(rel)
        folder = os.path.dirname(target)
        if folder not in self._dirs:
            os.makedirs(folder, exist_ok=True)
            self._dirs.add(folder)
        return target

    def _old(self, rel: str) -> str:
        return self._out + os.sep + _native(rel)

    def _link(self, rel: str, target: str | None, live: Stat | None = None) -> bool:
        """Link the previous site's file into the new folder (nothing to do when the spare
        already holds that very file: the same inode, size and time as the live one now;
        `live`: its stat, when the caller has it; `target`: the file's path in the new
        folder, worked out here when not given)."""
        seen = self.stale.get(rel)
        if seen is not None and seen == (live or _stat(self._old(rel))):
            self.manifest[rel] = self.stale.pop(rel)
            return True
        if target is None:
            target = self._target(rel)
        self._clear(rel, target)
        try:
            os.link(self._old(rel), target)
        except OSError:
            return False
        self.manifest[rel] = _stat(target) or (0, 0, 0)
        return True

    def _clear(self, rel: str, target: str) -> None:
        """Remove the spare's file at `target`: never written into, it may be the live one."""
        if self.stale.pop(rel, None) is not None:
            os.unlink(target)

    def add(self, rel: str, data: bytes | Iterable[bytes]) -> None:
        """Add a file; one with the same bytes in the previous site is linked, not written.

        `data` may come in pieces (an archive's events.json is a hundred megabytes): it is
        written as it comes, then compared with the previous site's file."""
        target = self._target(rel)
        if isinstance(data, bytes):
            if self.reuse and _same_file(self._old(rel), data) and self._link(rel, target):
                return
            self._clear(rel, target)
            _write(target, data)
        else:
            self._clear(rel, target)
            _write(target, data)
            if self.reuse and _same_files(self._old(rel), target) and self._relink(rel, target):
                return
        self.manifest[rel] = _stat(target) or (0, 0, 0)

    def _relink(self, rel: str, target: str) -> bool:
        """Replace the written `target` by a link to the previous site's same file."""
        linked = target + ".link"
        try:
            os.link(self._old(rel), linked)
            os.replace(linked, target)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(linked)
            return False
        self.manifest[rel] = _stat(target) or (0, 0, 0)
        return True

    def keep(self, rel: str) -> bool:
        """Carry over the previous build's file unchanged, if it is still as that build left it."""
        seen = self.previous.get(rel)
        if seen is None:
            return False
        if self.changed is not None:
            if rel in self.changed:
                return False
        elif _stat(self._old(rel)) != seen:
            return False
        return self._link(rel, None, seen)

    def commit(self) -> Manifest:
        """Swap the new folder in; return what it holds, for `unchanged()` and `keep()`.
        The replaced site becomes the spare (`spare_manifest`: what it holds), or is deleted."""
        self._drop_stale()
        marker = os.path.join(self._tmp, MARKER)
        if os.path.lexists(marker):  # the spare's: the previous site's, never written into
            os.unlink(marker)
        _write(marker, MARKER_TEXT)
        old: Path | None = None
        try:
            if self.out.exists() and _exchange(self.tmp, self.out):
                self._done = True
                self._keep_spare(self.tmp)  # it now holds the previous site
                return self.manifest
            if self.out.exists():
                old = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.old-", dir=self.parent))
                os.replace(self.out, old / "site")
            os.replace(self.tmp, self.out)
        except BaseException:
            if old is not None and not self.out.exists():
                os.replace(old / "site", self.out)  # put the previous site back
                shutil.rmtree(old, ignore_errors=True)
            raise
        self._done = True
        if old is not None:
            self._keep_spare(old / "site")
            shutil.rmtree(old, ignore_errors=True)
        else:
            self._keep_spare(None)
        return self.manifest

    def _drop_stale(self) -> None:
        """Remove the spare's files that the new site does not have, and emptied folders."""
        root = self._tmp + os.sep
        emptied: set[str] = set()
        for rel in self.stale:
            path = root + rel.replace("/", os.sep)
            os.unlink(path)
            emptied.add(os.path.dirname(path))
        for folder in sorted(emptied, key=len, reverse=True):
            while folder.startswith(root):
                try:
                    os.rmdir(folder)
                except OSError:  # not empty
                    break
                folder = os.path.dirname(folder)
        self.stale = {}

    def _keep_spare(self, replaced: Path | None) -> None:
        """Keep the replaced site as the spare.  When nothing records what it held (a first
        build, or the first after the cache was cleared), make the spare from the new site
        instead, as links: that build wrote every file anyway, and the next one can then
        start from a spare too."""
        if self.spare is not None and self.previous and replaced is not None:
            try:
                self.spare.parent.mkdir(parents=True, exist_ok=True)
                os.replace(replaced, self.spare)
            except OSError:
                pass
            else:
                self.spare_manifest = dict(self.previous)
                return
        if replaced is not None:
            shutil.rmtree(replaced, ignore_errors=True)
        if self.spare is not None and not self.previous:
            self._spare_from_site()

    def _spare_from_site(self) -> None:
        assert self.spare is not None
        shutil.rmtree(self.spare, ignore_errors=True)
        root = str(self.spare)
        made: set[str] = set()
        try:
            for rel in self.manifest:
                parts = rel.split("/")
                folder = os.path.join(root, *parts[:-1])
                if folder not in made:
                    os.makedirs(folder, exist_ok=True)
                    made.add(folder)
                os.link(self._old(rel), os.path.join(folder, parts[-1]))
                self.spare_manifest[rel] = self.manifest[rel]
        except OSError:  # what was linked is recorded; the rest is made when needed
            pass


def write_site(out: Path, files: Mapping[str, bytes]) -> Manifest:
    """Replace `out` with exactly `files` (relative POSIX path -> content); return what was
    written, for `unchanged()`."""
    with SiteWriter(out) as w:
        for rel in sorted(files):
            w.add(rel, files[rel])
        return w.commit()
