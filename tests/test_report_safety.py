"""Reports that are what they claim (issue 8): the output folder, Ctrl-C, concurrent builds,
broken PDFs.

Each reproduction of the issue is a test here:

- ``standpoint report --out ''`` wrote the report into the current folder: refused, and so is
  any folder that is not empty and not a previous report;
- Ctrl-C kept running queued notebooks for half a minute, a second Ctrl-C printed a traceback,
  and with ``--jobs 1`` an interrupt was reported as "cell 2 failed: AssertionError" and left a
  ``.failed.ipynb``: now it stops at once (queue cancelled, kernels killed), prints one line and
  exits 130 (real signals, sent to the process group as a terminal does);
- an interrupted or failed rebuild left the old index beside new pages: the folder is now the
  previous build, byte for byte;
- two builds into the same folder deleted each other's pages: the second refuses at once;
- Chromium can write a truncated PDF and exit 0 (a full disk): every PDF is verified, and a
  broken one is never left behind (a fake ``chromium`` on ``STANDPOINT_CHROMIUM``, and a writer
  that fails like a full disk).

The notebooks here are tiny; the "slow" ones wait for a file that the test never (or later)
writes, so no test depends on timing.
"""

from __future__ import annotations

import errno
import hashlib
import inspect
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import nbformat
import pytest

from standpoint import cli
from standpoint.publish import files, folders, ownership
from standpoint.publish import handouts as H
from standpoint.publish import report as R
from standpoint.publish.chromium import print_pdf
from standpoint.publish.errors import PrintError
from standpoint.publish.pdf import check_pdf

REPO = Path(__file__).resolve().parents[1]
WAIT = 120  # seconds: generous bounds for a loaded 2-core machine; never reached when all is well


# ------------------------------------------------------------------------ helpers ----
def make_notebook(path: Path, *code: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_markdown_cell(f"# Notebook {path.stem}")]
    nb.cells += [nbformat.v4.new_code_cell(source) for source in code]
    for i, cell in enumerate(nb.cells):
        cell.id = f"cell-{i}"
    nbformat.write(nb, path)
    return path


def slow_cell(started: Path, release: Path) -> str:
    """A cell that, when ``SLOW`` is set in the kernel's environment, says it started and then
    waits (up to WAIT s) for ``release`` to exist; otherwise it does nothing."""
    return (f"import os, time, pathlib\n"
            f"if os.environ.get('SLOW'):\n"
            f"    pathlib.Path({str(started)!r}).write_text('started')\n"
            f"    deadline = time.time() + {WAIT}\n"
            f"    while not pathlib.Path({str(release)!r}).exists() and time.time() < deadline:\n"
            f"        time.sleep(0.05)\n")


def ran_cell(marker: Path) -> str:
    """A cell that records, when ``SLOW`` is set, that its notebook ran."""
    return (f"import os, pathlib\n"
            f"if os.environ.get('SLOW'):\n"
            f"    pathlib.Path({str(marker)!r}).write_text('ran')\n")


def hashes(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def standpoint(*argv: str, **kwargs) -> subprocess.Popen:
    """``python -m standpoint ARGV`` in its own session (so a signal to its group is what a
    terminal's Ctrl-C is)."""
    return subprocess.Popen([sys.executable, "-m", "standpoint", *argv], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True, **kwargs)


def wait_for(path: Path, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + WAIT
    while not path.exists():
        if proc.poll() is not None:
            out, err = proc.communicate()
            pytest.fail(f"the build ended before {path.name} appeared: {proc.returncode}\n{err}")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"{path.name} never appeared")
        time.sleep(0.05)


def processes_with(mark: str) -> list[int]:
    """Process ids whose environment holds ``mark`` (kernels inherit the build's environment)."""
    found = []
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            if mark.encode() in environ.read_bytes():
                found.append(int(environ.parent.name))
        except OSError:
            continue
    return found


def no_processes_left(mark: str) -> bool:
    deadline = time.monotonic() + 30
    while processes_with(mark):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def leftovers(parent: Path) -> list[str]:
    """What a build may leave beside its folder: lock files, build and old folders."""
    return sorted(p.name for p in parent.iterdir()
                  if p.name.startswith(".") and (p.name.endswith(".lock") or ".building-" in p.name
                                                 or ".old-" in p.name))


@pytest.fixture
def slow(tmp_path):
    """Notebooks 01 (slow when SLOW is set), 02 (slow too) and 03 (records that it ran)."""
    folder = tmp_path / "nbs"
    folder.mkdir()
    signals = tmp_path / "signals"
    signals.mkdir()
    make_notebook(folder / "01-first.ipynb", "print('first')",
                  slow_cell(signals / "01-started", signals / "release"))
    make_notebook(folder / "02-second.ipynb", "print('second')",
                  slow_cell(signals / "02-started", signals / "release"))
    make_notebook(folder / "03-queued.ipynb", ran_cell(signals / "03-ran"), "print('third')")
    return folder, signals


# --------------------------------------------------------------- the output folder ----
def test_an_empty_out_is_refused_and_nothing_is_written_in_the_current_folder(tmp_path):
    """Reproduction: ``standpoint report --out ''`` wrote index.html and handouts/ into the
    current folder (the repository root)."""
    here = tmp_path / "here"
    here.mkdir()
    (here / "mine.txt").write_text("keep")
    for command in (["report", "--out", ""], ["report", "--out", "  "],
                    ["handout", "workers-truth", "--out", ""]):
        proc = standpoint(*command, cwd=here)
        out, err = proc.communicate(timeout=WAIT)
        assert proc.returncode == 2 and out == "", err
        assert err.count("\n") == 1 and "--out is empty" in err, err
    assert sorted(p.name for p in here.iterdir()) == ["mine.txt"]
    with pytest.raises(R.OutputDirError, match="empty path"):
        R.build_report("", notebooks_dir=REPO / "notebooks")
    with pytest.raises(R.OutputDirError, match="empty path"):
        H.write_handouts("", ["workers-truth"], pdf=False)


def test_a_folder_that_is_not_a_report_is_refused_untouched(capsys, slow, tmp_path):
    folder, _ = slow
    thesis = tmp_path / "thesis"
    thesis.mkdir()
    (thesis / "chapter1.tex").write_text("years of work")
    (thesis / "index.html").write_text("<html><head><title>My site</title></head></html>")
    before = hashes(thesis)
    code = cli.main(["report", "--out", str(thesis), "--notebooks", str(folder)])
    out, err = capsys.readouterr()
    assert code == 2 and out == "" and err.count("\n") == 1
    assert f"{thesis}: not empty and not a standpoint report folder (it holds 'chapter1.tex')" in err
    assert hashes(thesis) == before and leftovers(tmp_path) == []


def test_the_current_folder_and_its_parents_are_refused(capsys, slow, tmp_path, monkeypatch):
    folder, _ = slow
    inside = tmp_path / "reports" / "sub"
    inside.mkdir(parents=True)
    monkeypatch.chdir(inside)
    for out_dir in (".", "..", str(inside)):
        code = cli.main(["report", "--out", out_dir, "--notebooks", str(folder)])
        _, err = capsys.readouterr()
        assert code == 2 and err.count("\n") == 1 and "is the current folder or contains it" in err


def test_what_counts_as_a_previous_report(slow, tmp_path):
    folder, _ = slow
    # only handouts (what `standpoint handout` writes into reports/handouts): a report folder
    only_handouts = tmp_path / "a"
    (only_handouts / "handouts").mkdir(parents=True)
    (only_handouts / "handouts" / "workers-truth.html").write_text("an old handout")
    R.build_report(only_handouts, notebooks_dir=folder, notebooks=["03-queued"])
    assert sorted(hashes(only_handouts)) == ["03-queued.html", "index.html"]
    # an index written by an older standpoint (its title, no generator tag): a report folder
    legacy = tmp_path / "b"
    legacy.mkdir()
    (legacy / "index.html").write_text("<!DOCTYPE html><html><head><title>standpoint report</title>")
    (legacy / "notes.txt").write_text("mine")
    R.build_report(legacy, notebooks_dir=folder, notebooks=["03-queued"])
    assert sorted(hashes(legacy)) == ["03-queued.html", "index.html", "notes.txt"]
    assert (legacy / "notes.txt").read_text() == "mine"
    index = (legacy / "index.html").read_text(encoding="utf-8")
    assert ownership.GENERATOR_META in index and ownership.is_report_index(legacy / "index.html")


def test_a_symlinked_report_folder_stays_a_link(slow, tmp_path):
    folder, _ = slow
    real = tmp_path / "real"
    link = tmp_path / "link"
    link.symlink_to(real, target_is_directory=True)
    real.mkdir()
    R.build_report(link, notebooks_dir=folder, notebooks=["03-queued"])
    assert link.is_symlink() and sorted(hashes(real)) == ["03-queued.html", "index.html"]
    assert leftovers(tmp_path) == []


def test_a_killed_builds_leftovers_are_removed_by_the_next(slow, tmp_path):
    folder, _ = slow
    out = tmp_path / "out"
    for name in (".out.building-x1y2z3ab", ".out.old-a1b2c3_d"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "index.html").write_text("half a build")
    # other folders' (out.old-2020's build, and "other"'s): not ours to remove
    keep = [".other.building-keep1234", ".out.old-2020.building-abcd1234"]
    for name in keep:
        (tmp_path / name).mkdir()
    R.build_report(out, notebooks_dir=folder, notebooks=["03-queued"])
    assert leftovers(tmp_path) == sorted(keep)


# ------------------------------------------------------------------ whole builds ----
def test_a_failed_rebuild_leaves_the_previous_report_as_it_was(capsys, slow, tmp_path):
    folder, _ = slow
    out = tmp_path / "out"
    R.build_report(out, notebooks_dir=folder)
    (out / "notes.txt").write_text("mine")
    before = hashes(out)
    make_notebook(folder / "02-second.ipynb", "print('ok')", "raise ValueError('broken now')")
    code = cli.main(["report", "--out", str(out), "--notebooks", str(folder), "--jobs", "1"])
    _, err = capsys.readouterr()
    assert code == 1 and "02-second.ipynb: cell 3 failed: ValueError: broken now" in err
    after = hashes(out)
    assert after.pop("02-second.failed.ipynb")  # the debugging copy, and nothing else changed
    assert after == before and leftovers(tmp_path) == []
    make_notebook(folder / "02-second.ipynb", "print('fixed')")
    R.build_report(out, notebooks_dir=folder)  # a successful build drops the debugging copy
    assert sorted(hashes(out)) == ["01-first.html", "02-second.html", "03-queued.html",
                                   "index.html", "notes.txt"]


@pytest.mark.parametrize("jobs,signals_sent", [(1, 1), (2, 2)], ids=["jobs-1", "jobs-2-twice"])
def test_ctrl_c_stops_at_once_in_one_line_and_leaves_the_previous_report(slow, tmp_path, jobs,
                                                                         signals_sent):
    """Reproduction: Ctrl-C went on running queued notebooks for 24-50 s, a second Ctrl-C gave a
    traceback, and with --jobs 1 the interrupt was "cell 2 failed: AssertionError" with a
    .failed.ipynb. The running notebooks here wait for a file that never comes (WAIT s), so
    the build ends in time only if it stops them."""
    folder, signals = slow
    out = tmp_path / "out"
    R.build_report(out, notebooks_dir=folder)  # the previous report (SLOW unset: quick)
    before = hashes(out)
    mark = f"standpoint-test-{uuid.uuid4().hex}"
    env = dict(os.environ, SLOW="1", STANDPOINT_TEST_MARK=mark)
    proc = standpoint("report", "--out", str(out), "--notebooks", str(folder), "--jobs", str(jobs),
                      env=env)
    wait_for(signals / "01-started", proc)
    if jobs == 2:
        wait_for(signals / "02-started", proc)
    for k in range(signals_sent):
        os.killpg(proc.pid, signal.SIGINT)
        if k + 1 < signals_sent:
            time.sleep(0.3)
    try:
        stdout, stderr = proc.communicate(timeout=WAIT // 2)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        pytest.fail("Ctrl-C did not stop the build")
    assert proc.returncode == 130, stderr
    assert stdout == ""
    lines = stderr.splitlines()
    assert lines[-1] == "standpoint: interrupted"
    assert all(line.startswith("[") for line in lines[:-1]), stderr  # progress, then one line
    assert "Traceback" not in stderr and "failed" not in stderr
    assert not (signals / "03-ran").exists()  # the queued notebook never started
    assert hashes(out) == before  # the previous report, byte for byte; no .failed.ipynb
    assert not list(tmp_path.rglob("*.failed.ipynb"))
    assert leftovers(tmp_path) == []
    assert no_processes_left(mark), "a kernel outlived the interrupted build"


def test_a_second_build_into_the_same_folder_refuses_and_the_first_completes(slow, tmp_path):
    """Reproduction: two `standpoint report --out D` at once; the second deleted the first's
    pages, both exited 0 and the index had broken links."""
    folder, signals = slow
    out = tmp_path / "out"
    env = dict(os.environ, SLOW="1")
    first = standpoint("report", "--out", str(out), "--notebooks", str(folder), "--jobs", "1",
                       env=env)
    wait_for(signals / "01-started", first)
    second = standpoint("report", "--out", str(out), "--notebooks", str(folder), env=env)
    out2, err2 = second.communicate(timeout=WAIT)
    assert second.returncode == 2 and out2 == "" and err2.count("\n") == 1, err2
    assert (f"{out}: another standpoint report is building into this folder "
            f"(process {first.pid})") in err2
    (signals / "release").write_text("go")
    out1, err1 = first.communicate(timeout=WAIT)
    assert first.returncode == 0, err1
    assert out1 == f"{out / 'index.html'}\n"
    index = (out / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a href="([^"]+)"', index)
    assert len(links) == 3 and all((out / link).is_file() for link in links)
    assert leftovers(tmp_path) == []


def test_the_lock_is_refused_while_held_and_free_afterwards(tmp_path):
    out = tmp_path / "out"
    with folders.FolderLock(out) as lock:
        assert lock.path == tmp_path / ".out.lock" and lock.path.read_text() == f"{os.getpid()}\n"
        with pytest.raises(R.OutputDirError, match=rf"\(process {os.getpid()}\)"):
            folders.FolderLock(out).__enter__()
    assert not lock.path.exists()
    with folders.FolderLock(out):
        pass


# ------------------------------------------------------------------------- PDFs ----
def make_pdf(text: str, pages: int = 1) -> bytes:
    """A minimal, valid PDF whose first page shows ``text`` (Latin-1) in Helvetica."""
    body = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    stream = f"BT /F1 18 Tf 72 720 Td ({body}) Tj ET".encode("latin-1")
    kids = " ".join(f"{3 + i} 0 R" for i in range(pages))
    font = 3 + pages
    content = font + 1
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode()]
    for _ in range(pages):
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources "
                       f"<< /Font << /F1 {font} 0 R >> >> /Contents {content} 0 R >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


FAKE_CHROMIUM = '''#!{python}
"""A stand-in for Chromium: --print-to-pdf=PATH FILE-URI writes a PDF showing the page's
group name (the <h1> up to its comma), whole or cut in half (MODE), and exits 0."""
import html, re, sys
from urllib.parse import unquote, urlparse
{make_pdf}
MODE = {mode!r}
target = next(a.split("=", 1)[1] for a in sys.argv if a.startswith("--print-to-pdf="))
page = open(unquote(urlparse(sys.argv[-1]).path), encoding="utf-8").read()
title = html.unescape(re.search(r"<h1>(.*?),", page).group(1))
data = make_pdf("Another document" if MODE == "wrong-title" else title)
if MODE == "truncated":
    data = data[: len(data) // 2]
open(target, "wb").write(data)
'''


def fake_chromium(folder: Path, mode: str) -> Path:
    path = folder / f"chromium-{mode}"
    path.write_text(FAKE_CHROMIUM.format(python=sys.executable, mode=mode,
                                         make_pdf=inspect.getsource(make_pdf)))
    path.chmod(0o755)
    return path


def test_check_pdf_accepts_a_whole_pdf_and_refuses_any_cut():
    data = make_pdf("Workers' Truth, 1921")
    assert check_pdf(data, "Workers’ Truth") == 1  # typographic quote in the title: same text
    assert check_pdf(make_pdf("x", pages=2)) == 2
    for cut in range(len(data) - 1):  # every cut but the one of the final newline
        with pytest.raises(PrintError, match="broken PDF"):
            check_pdf(data[:cut], name="t.pdf")
    with pytest.raises(PrintError, match=r"t\.pdf: Chromium wrote a broken PDF \(no PDF header\)"):
        check_pdf(b"<html>not a pdf</html>", name="t.pdf")
    with pytest.raises(PrintError, match="does not contain the title 'Left Opposition'"):
        check_pdf(data, "Left Opposition")
    with pytest.raises(PrintError, match="without pages"):
        check_pdf(make_pdf("x", pages=0))


@pytest.mark.parametrize("mode,message", [
    ("truncated", "Chromium wrote a broken PDF"),
    ("wrong-title", "does not contain the title \"Workers' Truth\""),
])
def test_handout_command_never_keeps_a_broken_pdf(tmp_path, mode, message):
    """Reproduction: on a full disk Chromium wrote a truncated PDF and exited 0; the command
    printed the path of a PDF that pdfinfo could not open."""
    out_dir = tmp_path / "h"
    env = dict(os.environ, STANDPOINT_CHROMIUM=str(fake_chromium(tmp_path, mode)))
    proc = standpoint("handout", "workers-truth", "--out", str(out_dir), env=env)
    out, err = proc.communicate(timeout=WAIT)
    assert proc.returncode == 1 and out == "", err
    assert err.splitlines()[:-1] == ["[1/1] handout workers-truth (HTML and PDF)"]
    assert err.splitlines()[-1].startswith(f"standpoint: error: {out_dir / 'workers-truth.pdf'}: ")
    assert message in err and "nothing was kept" in err
    assert sorted(p.name for p in out_dir.iterdir()) == ["workers-truth.html"]


def test_a_whole_pdf_is_kept_and_a_full_disk_leaves_nothing(tmp_path, monkeypatch):
    page = tmp_path / "workers-truth.html"
    page.write_text("<h1>Workers&#x27; Truth, 1921–1923</h1>", encoding="utf-8")
    good = fake_chromium(tmp_path, "whole")
    pdf = print_pdf(page, tmp_path / "workers-truth.pdf", chromium=str(good),
                      title="Workers' Truth")
    assert check_pdf(pdf.read_bytes(), "Workers' Truth") == 1

    def full_disk(fh, data):
        fh.write(data[: len(data) // 3])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(files, "write_to_disk", full_disk)
    with pytest.raises(R.OutputDirError, match=r"second\.pdf: cannot write \(No space left on device\)"):
        print_pdf(page, tmp_path / "second.pdf", chromium=str(good), title="Workers' Truth")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "chromium-whole", "workers-truth.html", "workers-truth.pdf"]


def test_a_broken_pdf_fails_the_report_and_leaves_the_previous_one(slow, tmp_path, monkeypatch):
    folder, _ = slow
    out = tmp_path / "out"
    kwargs = dict(notebooks_dir=folder, notebooks=["03-queued"], handouts=True,
                  oppositions=["workers-truth"])
    R.build_report(out, pdf=False, **kwargs)
    before = hashes(out)
    assert "handouts/workers-truth.html" in before
    monkeypatch.setenv("STANDPOINT_CHROMIUM", str(fake_chromium(tmp_path, "truncated")))
    with pytest.raises(R.BuildError, match="workers-truth.pdf: Chromium wrote a broken PDF"):
        R.build_report(out, pdf=True, **kwargs)
    assert hashes(out) == before and leftovers(tmp_path) == []
    monkeypatch.setenv("STANDPOINT_CHROMIUM", str(fake_chromium(tmp_path, "whole")))
    R.build_report(out, pdf=True, **kwargs)
    assert check_pdf((out / "handouts" / "workers-truth.pdf").read_bytes(), "Workers' Truth") == 1
    assert 'href="handouts/workers-truth.pdf"' in (out / "index.html").read_text(encoding="utf-8")


def test_ctrl_c_while_printing_ends_chromium(tmp_path):
    """Chromium runs in its own session (the terminal's Ctrl-C does not reach it): an interrupt
    must end it and remove its output."""
    started = tmp_path / "started"
    fake = tmp_path / "chromium"
    fake.write_text(f"#!/bin/sh\necho $$ > {started}\nexec sleep {WAIT}\n")
    fake.chmod(0o755)
    page = tmp_path / "p.html"
    page.write_text("<h1>x, 1</h1>")
    code = (f"from standpoint.publish.chromium import print_pdf\n"
            f"print_pdf({str(page)!r}, {str(tmp_path / 'p.pdf')!r}, chromium={str(fake)!r})\n")
    proc = subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    wait_for(started, proc)
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=WAIT // 2)
    assert "KeyboardInterrupt" in err
    chromium_pid = int(started.read_text())
    deadline = time.monotonic() + 30
    while Path(f"/proc/{chromium_pid}").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not Path(f"/proc/{chromium_pid}").exists(), "Chromium outlived the interrupt"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["chromium", "p.html", "started"]
