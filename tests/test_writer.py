"""Writing the site: all or nothing, only into a folder the tool made."""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from timeline import writer
from timeline.errors import TimelineError

OLD = {"index.html": b"<p>old</p>", "events/a.html": b"old a", "events.json": b"[]\n"}
NEW = {"index.html": b"<p>new</p>", "sources/s.html": b"new s", "static/app.css": b"p{}"}


def _tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder`, by relative POSIX path, with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _with_marker(files: dict[str, bytes]) -> dict[str, bytes]:
    return {**files, writer.MARKER: writer.MARKER_TEXT}


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """An output folder holding a previous build (OLD)."""
    out = tmp_path / "site"
    writer.write_site(out, OLD)
    return out


def test_first_write_creates_the_folder_with_a_marker(tmp_path: Path) -> None:
    out = tmp_path / "deep" / "site"
    writer.write_site(out, OLD)
    assert _tree(out) == _with_marker(OLD)
    assert (out / writer.MARKER).read_bytes() == writer.MARKER_TEXT
    assert os.listdir(out.parent) == ["site"]


def test_rewrite_replaces_the_folder_exactly(site: Path) -> None:
    writer.write_site(site, NEW)
    assert _tree(site) == _with_marker(NEW)  # nothing of the old site is left
    assert os.listdir(site.parent) == ["site"]  # no temporary folders


def test_the_old_site_stays_whole_until_the_swap(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    original = writer._write
    seen: list[dict[str, bytes]] = []

    def spy(path: str, data: bytes) -> None:
        seen.append(_tree(site))
        original(path, data)

    monkeypatch.setattr(writer, "_write", spy)
    writer.write_site(site, NEW)
    assert len(seen) == len(NEW) + 1  # every file and the marker
    assert all(tree == _with_marker(OLD) for tree in seen)


def test_empty_existing_folder_is_accepted(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    writer.write_site(out, NEW)
    assert _tree(out) == _with_marker(NEW)


def test_refuses_a_non_empty_folder_it_did_not_make(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    (out / "sub").mkdir(parents=True)
    (out / "thesis.tex").write_bytes(b"\\documentclass{article}")
    (out / "sub" / "notes.txt").write_bytes(b"mine")
    before = _tree(out)
    with pytest.raises(TimelineError) as info:
        writer.write_site(out, NEW)
    assert info.value.path == str(out)
    assert "not empty and was not made by this tool" in info.value.message
    assert _tree(out) == before
    assert sorted(os.listdir(tmp_path)) == ["docs"]


def test_refuses_a_file(tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.write_bytes(b"a file")
    with pytest.raises(TimelineError) as info:
        writer.write_site(out, NEW)
    assert "exists and is not a folder" in info.value.message
    assert out.read_bytes() == b"a file"


def test_refuses_a_symlink(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere"
    target.mkdir()
    (tmp_path / "site").symlink_to(target, target_is_directory=True)
    with pytest.raises(TimelineError):
        writer.write_site(tmp_path / "site", NEW)
    assert list(target.iterdir()) == []


@pytest.mark.parametrize("bad", ["../evil.html", "a/../../evil.html", "z/../../evil.html", "/abs.html"])
def test_refuses_paths_outside_the_folder(site: Path, bad: str) -> None:
    with pytest.raises(TimelineError) as info:
        writer.write_site(site, {**NEW, bad: b"x"})
    assert info.value.message == f"refusing to write outside the output folder: {bad}"
    assert _tree(site) == _with_marker(OLD)
    assert sorted(os.listdir(site.parent)) == ["site"]
    assert not (site.parent.parent / "evil.html").exists()


@pytest.mark.parametrize("fail_after", [0, 1, 2, 3])
def test_failure_mid_write_leaves_the_previous_site(
    site: Path, monkeypatch: pytest.MonkeyPatch, fail_after: int
) -> None:
    before = _tree(site)
    original = writer._write
    calls = 0

    def failing(path: str, data: bytes) -> None:
        nonlocal calls
        calls += 1
        if calls > fail_after:
            raise OSError(28, "No space left on device")
        original(path, data)

    monkeypatch.setattr(writer, "_write", failing)
    with pytest.raises(OSError):
        writer.write_site(site, NEW)
    monkeypatch.undo()
    assert _tree(site) == before
    assert sorted(os.listdir(site.parent)) == ["site"]


def test_interrupt_mid_write_leaves_the_previous_site(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(path: str, data: bytes) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(writer, "_write", interrupted)
    with pytest.raises(KeyboardInterrupt):
        writer.write_site(site, NEW)
    monkeypatch.undo()
    assert _tree(site) == _with_marker(OLD)
    assert sorted(os.listdir(site.parent)) == ["site"]


def test_failure_at_the_swap_puts_the_previous_site_back(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writer, "_exchange", lambda a, b: False)  # the two-step swap
    original = os.replace
    calls = 0

    def failing_replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        nonlocal calls
        calls += 1
        if calls == 2:  # the first moves the old site aside, the second swaps the new one in
            raise OSError(13, "Permission denied")
        original(src, dst)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OSError):
        writer.write_site(site, NEW)
    monkeypatch.undo()
    assert _tree(site) == _with_marker(OLD)
    assert sorted(os.listdir(site.parent)) == ["site"]


def test_output_folder_has_the_usual_permissions(tmp_path: Path) -> None:
    umask = os.umask(0)
    os.umask(umask)
    out = tmp_path / "site"
    writer.write_site(out, NEW)
    assert stat.S_IMODE(out.stat().st_mode) == 0o777 & ~umask


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="renameat2 is Linux's")
def test_the_swap_is_one_step_with_no_moment_without_a_site(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_replace(src: object, dst: object) -> None:
        raise AssertionError("the site was moved aside: there was a moment without one")

    monkeypatch.setattr(os, "replace", no_replace)
    writer.write_site(site, NEW)
    monkeypatch.undo()
    assert _tree(site) == _with_marker(NEW)
    assert os.listdir(site.parent) == ["site"]


def test_without_the_exchange_the_two_step_swap_still_replaces_the_site(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writer, "_exchange", lambda a, b: False)
    writer.write_site(site, NEW)
    assert _tree(site) == _with_marker(NEW)
    assert os.listdir(site.parent) == ["site"]


def test_a_file_written_in_pieces_is_linked_when_unchanged(tmp_path: Path) -> None:
    """Large exports are written as they are made, then compared with the previous site's
    file: the same bytes keep the old file (inode and time), other bytes are new."""
    out = tmp_path / "site"
    manifest = writer.write_site(out, {"same.json": b"abcdef", "other.json": b"abc"})
    inodes = {p.name: p.stat().st_ino for p in out.iterdir()}
    with writer.SiteWriter(out, manifest) as w:
        w.add("same.json", iter([b"abc", b"", b"def"]))
        w.add("other.json", iter([b"ab", b"d"]))
        w.commit()
    assert (out / "same.json").read_bytes() == b"abcdef"
    assert (out / "other.json").read_bytes() == b"abd"
    assert (out / "same.json").stat().st_ino == inodes["same.json"]
    assert (out / "other.json").stat().st_ino != inodes["other.json"]
    assert sorted(p.name for p in out.iterdir()) == [".timeline-site", "other.json", "same.json"]


# -- the spare: the replaced site, kept as the next build's starting point ----------------
PATHS = ["index.html", "a/x.html", "a/y.html", "b/z.html", "c/d/e.html"]
VERSIONS = st.lists(st.dictionaries(st.sampled_from(PATHS), st.sampled_from([b"1", b"2", b"33"])),
                    min_size=1, max_size=6)
TAMPER = st.lists(st.sampled_from(["none", "edit", "replace", "stray", "spare-stray",
                                   "spare-edit"]), min_size=6, max_size=6)


def _live_check(out: Path, manifest: writer.Manifest) -> dict[str, writer.Stat | None] | None:
    """`LiveCheck(out, manifest).changed()`, forking even if an earlier test left a thread
    running in this process (the child only looks at files and writes to a pipe)."""
    with mock.patch.object(writer.threading, "active_count", return_value=1):
        found = writer.LiveCheck(out, manifest).changed()
    assert found is not None
    return found


def _build(out: Path, spare: Path, files: dict[str, bytes], before: dict[str, bytes],
           state: tuple[writer.Manifest | None, writer.Manifest | None], live: bool = False,
           ) -> tuple[writer.Manifest, writer.Manifest]:
    """One build as the pipeline makes it: an unchanged file kept, the others added; with
    `live`, the live site checked by a forked child (`LiveCheck`) instead of by `keep`."""
    changed = _live_check(out, state[0]) if live and state[0] else None
    with writer.SiteWriter(out, state[0], spare, state[1], changed) as w:
        for rel in sorted(files):
            if not (before.get(rel) == files[rel] and w.keep(rel)):
                w.add(rel, files[rel])
        manifest = w.commit()
    return manifest, w.spare_manifest


@settings(max_examples=60, deadline=None)
@given(VERSIONS, TAMPER, st.booleans())
# the live file replaced by one with the next build's bytes, the spare still holding the old
@example([{"index.html": b"1"}, {"index.html": b"2"}], ["none", "replace"] + ["none"] * 4, False)
@example([{"index.html": b"1"}, {"index.html": b"1"}], ["none", "edit"] + ["none"] * 4, True)
def test_builds_from_the_spare_give_exactly_each_site(versions: list[dict[str, bytes]],
                                                       tampering: list[str], live: bool) -> None:
    """Whatever the sequence of sites, and whatever was done to the live site or the spare
    between builds, each build leaves exactly its files; an unchanged file keeps its inode;
    and no file of the live site is ever written into."""
    with tempfile.TemporaryDirectory() as tmp:
        out, spare = Path(tmp) / "site", Path(tmp) / "cache" / ".spare"
        state: tuple[writer.Manifest | None, writer.Manifest | None] = (None, None)
        before: dict[str, bytes] = {}
        for files, tamper in zip(versions, tampering, strict=False):
            if before and tamper == "edit":
                victim = out / sorted(before)[0]
                victim.write_bytes(victim.read_bytes() + b"!")  # in place: a shared inode
                before = {**before, sorted(before)[0]: victim.read_bytes()}
            elif before and tamper == "replace":  # a new file, as most editors save one
                victim = out / sorted(before)[-1]
                fresh = victim.with_name(victim.name + ".new")
                fresh.write_bytes(b"2")
                os.replace(fresh, victim)
                before = {**before, sorted(before)[-1]: b"2"}
            elif tamper == "stray" and out.is_dir():
                (out / "stray.txt").write_bytes(b"mine")
            elif tamper == "spare-stray" and spare.is_dir():
                (spare / "a").mkdir(exist_ok=True)
                (spare / "a" / "stray.txt").write_bytes(b"not ours")
            elif tamper == "spare-edit" and spare.is_dir():
                kept = sorted(p for p in spare.rglob("*.html"))
                if kept:
                    kept[0].unlink()
                    kept[0].write_bytes(b"changed in the spare")
            live = {p: (p.stat().st_ino, p.read_bytes()) for p in out.rglob("*") if p.is_file()}
            state = _build(out, spare, files, before, state, live)
            assert _tree(out) == _with_marker(files)
            for rel, data in files.items():
                old = live.get(out / rel)
                if old is not None and old[1] == data:
                    assert (out / rel).stat().st_ino == old[0], rel  # carried over, not copied
            for path, (_, data) in live.items():  # the replaced site's files: never written into
                if path.exists() and path.stat().st_ino == live[path][0]:
                    assert path.read_bytes() == data
            assert sorted(os.listdir(out.parent)) == ["cache", "site"] if spare.exists() else ["site"]
            before = files


def test_the_live_check_finds_exactly_the_files_changed_since(tmp_path: Path) -> None:
    out = tmp_path / "site"
    writer.write_site(out, {f"events/{i}.html": b"%d" % i for i in range(30)})
    manifest = {rel: writer._stat(str(out / rel)) for rel in _tree(out)}
    assert _live_check(out, manifest) == {}  # type: ignore[arg-type]
    (out / "events/3.html").write_bytes(b"edited")
    (out / "events/7.html").unlink()
    found = _live_check(out, manifest)  # type: ignore[arg-type]
    assert found == {"events/3.html": writer._stat(str(out / "events/3.html")), "events/7.html": None}


def test_the_live_check_is_left_to_keep_in_a_process_with_threads(tmp_path: Path) -> None:
    """Forking a process whose other threads may hold locks can hang the child: then the
    check is not made (None), and `keep` looks at each file itself."""
    import threading

    out = tmp_path / "site"
    writer.write_site(out, OLD)
    manifest = {rel: writer._stat(str(out / rel)) for rel in _tree(out)}
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert writer.LiveCheck(out, manifest).changed() is None  # type: ignore[arg-type]
    finally:
        release.set()
        other.join()
    assert _live_check(out, manifest) == {}  # type: ignore[arg-type]


def _recording_links(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files hard-linked from now on, in order."""
    links: list[str] = []
    original = os.link

    def link(a: str, b: str) -> None:
        links.append(b)
        original(a, b)

    monkeypatch.setattr(os, "link", link)
    return links


def test_a_build_starts_from_the_spare_and_links_only_what_changed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out, spare = tmp_path / "site", tmp_path / "cache" / ".spare"
    many = {f"events/{i}.html": b"%d" % i for i in range(50)}
    state = _build(out, spare, many, {}, (None, None))
    state = _build(out, spare, {**many, "events/1.html": b"one"}, many, state)
    assert spare.is_dir() and len(state[1]) == 50  # the first site, kept
    links = _recording_links(monkeypatch)
    _build(out, spare, {**many, "events/1.html": b"one", "events/2.html": b"two"},
           {**many, "events/1.html": b"one"}, state)
    # The spare (the first site) lacked the second build's change: that file is linked in;
    # the third build's change is written; the other 48 files were there already.
    assert [Path(p).name for p in links] == ["1.html"]
    assert _tree(out) == _with_marker({**many, "events/1.html": b"one", "events/2.html": b"two"})


def test_a_first_build_makes_the_spare_from_its_own_site(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A build that wrote every file leaves a spare of links to them, so that the next
    build, too, writes only what changed and links nothing."""
    out, spare = tmp_path / "site", tmp_path / "cache" / ".spare"
    many = {f"events/{i}.html": b"%d" % i for i in range(50)}
    state = _build(out, spare, many, {}, (None, None))
    assert state[1] == {rel: seen for rel, seen in state[0].items() if rel != writer.MARKER}
    assert all((spare / rel).stat().st_ino == (out / rel).stat().st_ino for rel in many)
    links = _recording_links(monkeypatch)
    state = _build(out, spare, {**many, "events/1.html": b"one"}, many, state)
    assert links == []
    assert _tree(out) == _with_marker({**many, "events/1.html": b"one"})
    assert len(state[1]) == 50  # the first site, kept


def test_a_spare_that_cannot_be_listed_is_given_up(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    out, spare = tmp_path / "site", tmp_path / "cache" / ".spare"
    state = _build(out, spare, OLD, {}, (None, None))
    state = _build(out, spare, NEW, OLD, state)
    assert spare.is_dir()

    def unreadable(path: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "scandir", unreadable)
    _build(out, spare, OLD, NEW, state)
    monkeypatch.undo()
    assert _tree(out) == _with_marker(OLD)


def test_a_failed_build_from_the_spare_leaves_the_site_and_drops_the_spare(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out, spare = tmp_path / "site", tmp_path / "cache" / ".spare"
    state = _build(out, spare, OLD, {}, (None, None))
    state = _build(out, spare, NEW, OLD, state)
    assert spare.is_dir()

    def failing(path: str, data: bytes) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(writer, "_write", failing)
    with pytest.raises(OSError):
        _build(out, spare, {**NEW, "index.html": b"newer"}, NEW, state)
    monkeypatch.undo()
    assert _tree(out) == _with_marker(NEW)
    assert not spare.exists() and sorted(os.listdir(tmp_path)) == ["cache", "site"]
    _build(out, spare, {**NEW, "index.html": b"newer"}, NEW, (state[0], state[1]))
    assert _tree(out) == _with_marker({**NEW, "index.html": b"newer"})
