"""A content-keyed cache, so that a rebuild redoes only the work whose inputs changed.

Every entry is named by a hash of everything its value depends on: the article's bytes, its
path and id, its metadata from the folder's YAML, and the version of this package's code
(a hash of its source files), so a stale entry is never read; it is simply not asked for.
Entries are pickles written atomically (a temporary file renamed into place); one that
cannot be read is treated as missing.  The cache lives outside the published output, by
default in `.timeline-cache/` beside the output folder.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import pickle
import sys
import tempfile
import time
from functools import lru_cache
from pathlib import Path
from typing import Any

FOLDER_NAME = ".timeline-cache"
PACKAGE = Path(__file__).resolve().parent


@lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of this package's source files and the Python version: results made by other
    code are never reused."""
    h = hashlib.blake2b(digest_size=16)
    h.update(sys.version.encode())
    for p in sorted(PACKAGE.rglob("*.py")):
        h.update(p.relative_to(PACKAGE).as_posix().encode() + b"\0")
        h.update(p.read_bytes())
    return h.hexdigest()


def digest(*parts: bytes | str) -> str:
    """A hash of the parts, each length-prefixed so that no two lists of parts collide."""
    h = hashlib.blake2b(digest_size=20)
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def serial(value: object) -> bytes:
    """Plain data as bytes to hash: equal data, equal bytes, whether or not its parts are
    the same objects (pickle's memo writes a string met twice as a reference to the first:
    the events of a month made afresh and the same events read back from the cache gave
    different bytes, and so missed the cache); b"" when it cannot be."""
    out = io.BytesIO()
    pickler = pickle.Pickler(out, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True  # no memo: our data holds no cycles
    try:
        pickler.dump(value)
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError, ValueError):
        return b""
    return out.getvalue()


def key_of(salt: str, value: object) -> str:
    """A hash of `salt` and `value` (`serial`), or "" when `value` cannot be serialised:
    then it must be made every time, never looked up."""
    data = serial(value)
    return digest(salt, data) if data else ""


def inputs_key(salt: str, inputs: object) -> str:
    """The key of a file `site.render` hands on with `inputs` (see its `emit`): "" for a
    file known by nothing (None), a hash of `salt` and the str given (hashes joined), or
    `key_of(salt, inputs)`."""
    if inputs is None:
        return ""
    return digest(salt, inputs) if isinstance(inputs, str) else key_of(salt, inputs)


def default_folder(out: Path) -> Path:
    """`.timeline-cache/` beside the output folder (never inside what is published)."""
    return out.resolve().parent / FOLDER_NAME


class Store:
    """Values by key in a folder, in one subfolder per code version and kind;
    `Store(None)` caches nothing.

    Entries of other code versions can never be asked for again: their folders are moved
    aside and deleted by a detached process, so that the build does not wait for it.
    """

    def __init__(self, root: Path | None) -> None:
        self.root = root
        self.folder = root / code_version() if root is not None else None
        self._folder = str(self.folder)
        self.hits = 0
        self.misses = 0
        self.used: dict[str, set[str]] = {}  # keys a build used, by kind: what prune keeps
        if root is not None and root.is_dir():
            self._sweep(root)

    def _sweep(self, root: Path) -> None:
        old = [p for p in root.iterdir() if p.is_dir() and p.name != code_version()
               and not p.name.startswith(".")]
        if not old and not any(p.name.startswith(".old-") for p in root.iterdir()):
            return
        for p in old:
            with contextlib.suppress(OSError):
                p.rename(root / f".old-{p.name}")
        trash = [str(p) for p in root.iterdir() if p.name.startswith(".old-")]
        with contextlib.suppress(OSError):
            # Not waited for: deleting thousands of files can take longer than the build.
            os.spawnv(os.P_NOWAIT, sys.executable,
                      [sys.executable, "-c", "import shutil, sys\nfor p in sys.argv[1:]: shutil.rmtree(p, True)",
                       *trash])

    def _path(self, kind: str, key: str) -> str:
        # Strings, not Paths: a rebuild asks for an entry per article (10,000 and more), and
        # pathlib's joins took a fifth of that.
        assert self.folder is not None
        return os.path.join(self._folder, kind, key[:2], key)

    def get(self, kind: str, key: str) -> Any:
        """The value stored under `key`, or None."""
        if self.folder is None:
            return None
        try:
            with open(self._path(kind, key), "rb") as f:
                data = f.read()
            value = pickle.loads(data)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError,
                IndexError, TypeError, ValueError):
            self.misses += 1
            return None
        self.hits += 1
        return value

    def put(self, kind: str, key: str, value: Any) -> None:
        if self.folder is None:
            return
        path = self._path(kind, key)
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=os.path.dirname(path))
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, path)
        except OSError:
            # A cache that cannot be written only makes the next build slower.
            return

    def prune(self, kind: str, keep: set[str]) -> int:
        """Delete the entries of `kind` not in `keep` (left by earlier inputs); return how many."""
        if self.folder is None or not (self.folder / kind).is_dir():
            return 0
        removed = 0
        for shard in (self.folder / kind).iterdir():
            if not shard.is_dir():
                continue
            for entry in shard.iterdir():
                if entry.name not in keep:
                    entry.unlink(missing_ok=True)
                    removed += 1
        return removed


class Shards:
    """A dict kept in `store` as SHARDS entries of `kind`, by the first hex digit of each
    key (the keys are hex digests), so that a build that changes a few keys of a large
    state (10,000 articles' heads, their quotes' places) writes a few entries again, not
    all of it.  `name` tells apart the states of one kind (one per output folder, say)."""

    SHARDS = 16

    def __init__(self, store: Store, kind: str, name: str) -> None:
        self.store = store
        self.kind = kind
        self.names = [digest(kind, name, str(n)) for n in range(self.SHARDS)]
        self.shards: list[dict[str, Any]] = []
        for entry in self.names:
            found = store.get(kind, entry) if store.folder is not None else None
            self.shards.append(found if isinstance(found, dict) else {})

    def _shard(self, key: str) -> int:
        return int(key[0], 16) % self.SHARDS

    def get(self, key: str) -> Any:
        return self.shards[self._shard(key)].get(key)

    def whole(self) -> dict[str, Any]:
        """All the entries in one dict."""
        out: dict[str, Any] = {}
        for shard in self.shards:
            out.update(shard)
        return out

    def save(self, entries: dict[str, Any]) -> None:
        """Keep exactly `entries`; write the shards that differ from what is kept."""
        split: list[dict[str, Any]] = [{} for _ in range(self.SHARDS)]
        for key, value in entries.items():
            split[self._shard(key)][key] = value
        for n, (kept, now) in enumerate(zip(self.shards, split, strict=True)):
            if kept != now:
                self.shards[n] = now
                self.store.put(self.kind, self.names[n], now)


class Memo:
    """What a build made from some content, kept in `store` under a hash of that content
    (a stamp) for the next build; `salt` is what it also depends on that the stamps leave
    out (the templates).  Each stamp asked for, or `keep`-ed, is marked as used, so that
    pruning the kind after the build keeps it."""

    def __init__(self, store: Store | None = None, salt: str = "") -> None:
        self.store = store if store is not None else Store(None)
        self.salt = salt

    def _key(self, kind: str, stamp: str) -> str:
        key = digest(self.salt, stamp)
        self.store.used.setdefault(kind, set()).add(key)
        return key

    def get(self, kind: str, stamp: str) -> Any:
        return self.store.get(kind, self._key(kind, stamp)) if stamp else None

    def put(self, kind: str, stamp: str, value: Any) -> None:
        if stamp:  # "": nothing to know it by again (`key_of`)
            self.store.put(kind, self._key(kind, stamp), value)

    def keep(self, kind: str, stamp: str) -> None:
        self._key(kind, stamp)


class FileDigests:
    """The digest of each file's bytes, remembered by its size, modification time, inode and
    change time, so that a rebuild need not read every unchanged file again (as git's index
    and make do).  A file changed within the last two seconds before `save()` is not
    remembered: a second change in the same tick of a coarse clock would look unchanged."""

    RACY_NS = 2_000_000_000

    def __init__(self, store: Store, scope: str) -> None:
        self.store = store
        self.key = digest("files", scope)
        found = store.get("files", self.key)
        self.known: dict[str, tuple[tuple[int, int, int, int], str]] = found if isinstance(found, dict) else {}
        self.seen: dict[str, tuple[tuple[int, int, int, int], str]] = {}

    def digest(self, path: str) -> str:
        """The digest of the file's bytes; "" when it cannot be read."""
        try:
            st = os.stat(path)
            stamp = (st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns)
            known = self.known.get(path)
            if known is not None and known[0] == stamp:
                value = known[1]
            else:
                with open(path, "rb") as f:
                    value = digest(f.read())
        except OSError:
            return ""
        self.seen[path] = (stamp, value)
        return value

    def save(self) -> None:
        if self.store.folder is None or self.seen == self.known:
            return
        now = time.time_ns()
        fresh = {p: v for p, v in self.seen.items()
                 if now - max(v[0][1], v[0][3]) > self.RACY_NS}
        self.store.put("files", self.key, fresh)
