"""Seminar handouts: the data on the real corpus, the HTML, the PDF.

The data tests check every printed claim against the data it is made from: a verdict point is
what the position statements say, a theme point is the majority of the tradition's judging
codes on the theme, every passage id behind it is such a code, a quotation is a position
anchor, a question comes from a disagreement or a disputed fact. The PDF tests print with the Debian ``chromium`` (skipped without it or
poppler-utils or the DejaVu fonts, with the reason; in CI a missing one is a failure).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from standpoint import cli
from standpoint.publish import handouts as H

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


DEJAVU = Path(os.environ.get("STANDPOINT_DEJAVU_DIR", "/usr/share/fonts/truetype/dejavu"))


def need(*tools: str) -> None:
    """Skip (locally) or fail (in CI) when a system tool or the DejaVu fonts are missing
    (``make test`` installs them when it can: see .ci/system-deps)."""
    def found(tool: str) -> bool:
        if tool == "chromium":
            return H.find_chromium() is not None
        if tool == "fonts":
            return all((DEJAVU / f).is_file() for f in ("DejaVuSerif.ttf", "DejaVuSans.ttf"))
        return shutil.which(tool) is not None

    missing = [t for t in tools if not found(t)]
    if missing:
        message = (f"{', '.join(missing)} not installed (Debian packages chromium, "
                   "chromium-driver, poppler-utils, fonts-dejavu-core; make test installs them "
                   "when it can, .ci/run always)")
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="session")
def pdf_tools():
    """The browser and poppler's tools, or a skip (a failure in CI), before any other fixture."""
    need("chromium", "pdfinfo", "pdffonts", "pdftotext", "fonts")


@pytest.fixture(scope="module")
def inputs(corpus, passages):
    from standpoint.comparison import shared_inputs

    return shared_inputs(corpus, passages=passages)


@pytest.fixture(scope="module")
def comparable(inputs):
    from standpoint.comparison import comparable_oppositions

    return comparable_oppositions(**inputs)


@pytest.fixture(scope="module")
def handouts(inputs, comparable):
    """opposition -> Handout for every comparable opposition."""
    from standpoint.comparison import compare
    from standpoint.comparison.handout import build_handout

    cb = inputs["codebook"]
    labels = dict(zip(cb.themes["id"], cb.themes["label"]))
    return {o: build_handout(compare(o, **inputs), inputs["oppositions"], labels)
            for o in comparable}


@pytest.fixture(scope="module")
def pages(handouts):
    from standpoint.render.handout import to_html

    return {o: to_html(h, "test") for o, h in handouts.items()}


# ------------------------------------------------------------------------- the data ----
def test_every_comparable_opposition_gets_a_handout(handouts, comparable):
    assert list(handouts) == comparable and "left-opposition" in comparable


def test_header_comes_from_the_registry(handouts, inputs):
    registry = inputs["oppositions"].set_index("opposition")
    for o, h in handouts.items():
        assert h.figures == tuple(m["name"] for m in registry.loc[o, "members"])
        assert h.description == " ".join(str(registry.loc[o, "description"]).split())


def test_verdict_points_are_the_position_statements(handouts, inputs):
    """Every printed verdict claim (agree or disagree) is what the positions file says."""
    stated = {(p.tradition, p.opposition): p for p in inputs["positions"].itertuples()}
    for o, h in handouts.items():
        for point in h.agreements + h.disagreements:
            if point.subject != "verdict":
                continue
            for s in point.stances:
                p = stated[(s.tradition, o)]
                assert s.stance == p.verdict != "silent"
                assert s.passage_ids == tuple(pid for pid, _, _ in p.evidence)
            if point.kind == "agree":
                assert len({s.stance for s in point.stances}) == 1 and len(point.stances) >= 2


def test_theme_points_are_backed_by_the_codes(handouts, inputs):
    """Every printed theme claim is the majority of that tradition's judging codes on the
    theme (a criticise/endorse tie is mixed), and every passage behind it is such a code."""
    from collections import Counter

    codes = inputs["annotations"]
    for o, h in handouts.items():
        mine = codes[codes["opposition"] == o]
        for point in h.agreements + h.disagreements:
            if point.subject == "verdict":
                continue
            for s in point.stances:
                judged = mine[(mine["tradition"] == s.tradition)
                              & mine["stance"].isin(["criticises", "endorses", "mixed"])
                              & mine["themes"].map(lambda t: point.subject in t)]
                counts = Counter(judged["stance"])
                top = max(counts.values())
                winners = {k for k, n in counts.items() if n == top}
                assert s.stance == (next(iter(winners)) if len(winners) == 1 else "mixed")
                assert set(s.passage_ids) <= set(judged["passage_id"])
            stances = {s.stance for s in point.stances}
            assert (len(stances) == 1) == (point.kind == "agree")


def test_no_handout_claims_an_absence(pages):
    """A tradition whose codes only report makes no claim: no page says that a tradition
    "only reports" or "leaves aside" something (absence in the codes is not absence in the text)."""
    for page in pages.values():
        assert "only report" not in page and "leave aside" not in page and "leaves aside" not in page


def test_questions_come_from_disagreements_and_disputed_facts(handouts):
    for o, h in handouts.items():
        assert 1 <= len(h.questions) <= 3
        subjects = {p.subject for p in h.disagreements}
        facts = {d.question_id for d in h.comparison.disputed_facts()}
        agreed = {p.subject for p in h.agreements}
        for q in h.questions:
            if q.kind == "agree":
                assert q.first.stance == q.second.stance and q.subject in agreed
            else:
                assert q.first.stance != q.second.stance
                assert q.subject in (facts if q.kind == "fact" else subjects)


def test_quotations_are_the_position_anchors(handouts, passages):
    text = dict(zip(passages["passage_id"], passages["text"]))
    for h in handouts.values():
        for r in h.speaking:
            for e in r.evidence:
                assert e.anchor in text[e.passage_id]


def test_the_pages_are_self_contained_and_escaped(pages, handouts):
    for o, page in pages.items():
        assert page.startswith("<!DOCTYPE html>") and "<script" not in page
        assert "http://" not in page and "https://" not in page and "<img" not in page
        for r in handouts[o].speaking:
            assert r.verdict_note.replace("'", "&#x27;").replace('"', "&quot;")[:40] in page


def test_workers_opposition_shows_the_disputed_print_run(pages):
    page = pages["workers-opposition"]
    assert "250,000" in page and "1,500" in page


def test_fix_pdf_dates_keeps_every_offset():
    data = (b"%PDF-1.4\n1 0 obj\n<</Producer (Skia/PDF m156)\n/CreationDate (D:20261122025805+00'00')"
            b"\n/ModDate (D:20261122025806+00'00')>>\nendobj\nxref\n")
    fixed = H.fix_pdf_dates(data, "19800101000000")
    assert len(fixed) == len(data) and fixed.index(b"xref") == data.index(b"xref")
    assert fixed.count(b"D:19800101000000+00'00'") == 2 and b"2026" not in fixed
    with pytest.raises(ValueError):
        H.fix_pdf_dates(data, "1980")


def test_print_pdf_a4_fonts_and_reproducible(pdf_tools, handouts, pages, tmp_path):
    h = handouts["workers-truth"]
    name = h.comparison.name
    page = tmp_path / "workers-truth.html"
    page.write_text(pages["workers-truth"], encoding="utf-8")
    first = H.print_pdf(page, tmp_path / "a.pdf", title=name)  # verified: it has the title
    second = H.print_pdf(page, tmp_path / "b.pdf")
    assert H.check_pdf(first.read_bytes(), name) >= 1
    assert first.read_bytes() == second.read_bytes()  # same page, same bytes (dates fixed)
    info = subprocess.run(["pdfinfo", str(first)], capture_output=True, text=True, check=True).stdout
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert abs(float(size.group(1)) - 595.3) < 2 and abs(float(size.group(2)) - 841.9) < 2, info
    assert "1980" in info.split("CreationDate:")[1].splitlines()[0]
    fonts = subprocess.run(["pdffonts", str(first)], capture_output=True, text=True, check=True).stdout
    assert "DejaVuSerif" in fonts and "DejaVuSans" in fonts, fonts
    text = subprocess.run(["pdftotext", "-layout", str(first), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Workers' Truth" in text.replace("’", "'")
    for r in h.comparison.rows:
        assert r.name in text
    assert not list(tmp_path.glob(".*.tmp"))


def test_a_failing_browser_is_a_print_error(tmp_path, monkeypatch):
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\necho 'cannot open display' >&2\nexit 3\n")
    fake.chmod(0o755)
    page = tmp_path / "p.html"
    page.write_text("<p>x</p>")
    with pytest.raises(H.PrintError, match=r"p\.pdf: Chromium could not print p\.html \(cannot open display\)"):
        H.print_pdf(page, tmp_path / "p.pdf", chromium=str(fake))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["chromium", "p.html"]
    monkeypatch.setenv("STANDPOINT_CHROMIUM", str(tmp_path / "missing"))
    assert H.find_chromium() is None
    with pytest.raises(H.HandoutError, match="no Chromium found"):
        H.print_pdf(page, tmp_path / "p.pdf")


def test_a_hanging_browser_is_ended(tmp_path):
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\nsleep 30 &\nsleep 30\n")
    fake.chmod(0o755)
    page = tmp_path / "p.html"
    page.write_text("<p>x</p>")
    with pytest.raises(H.PrintError, match="did not finish printing in 1 s"):
        H.print_pdf(page, tmp_path / "p.pdf", chromium=str(fake), timeout=1)


# ----------------------------------------------------------------------- command line ----
def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_handout_command_writes_html_only_with_no_pdf(capsys, tmp_path):
    out_dir = tmp_path / "h"
    code, out, err = run(capsys, "handout", "workers-group", "left-communists", "--out",
                         str(out_dir), "--no-pdf")
    assert code == 0, err
    # registry order, whatever the order asked
    assert out.splitlines() == [str(out_dir / "left-communists.html"), str(out_dir / "workers-group.html")]
    assert err.splitlines() == ["[1/2] handout left-communists (HTML)", "[2/2] handout workers-group (HTML)"]
    assert sorted(p.name for p in out_dir.iterdir()) == ["left-communists.html", "workers-group.html"]


def test_the_no_chromium_note_comes_after_the_ids_are_checked(tmp_path, monkeypatch):
    """Reproduction (issue 8): without Chromium the note was printed before the usage error."""
    monkeypatch.setenv("STANDPOINT_CHROMIUM", str(tmp_path / "no-such-chromium"))
    messages: list[str] = []
    with pytest.raises(H.HandoutError, match="unknown opposition 'nope'"):
        H.write_handouts(tmp_path / "h", ["nope"], progress=messages.append)
    assert messages == [] and not (tmp_path / "h").exists()
    H.write_handouts(tmp_path / "h", ["workers-truth"], progress=messages.append)
    assert messages == ["note: no Chromium found: handouts are written as HTML only (install the "
                        "Debian package chromium for the PDFs)",
                        "[1/1] handout workers-truth (HTML)"]


@pytest.mark.parametrize("opposition,fragment", [
    ("workers-oppositoin", "unknown opposition 'workers-oppositoin' (valid: left-communists, "),
    ("military-opposition", "'military-opposition' is discussed by fewer than two traditions"),
])
def test_handout_command_rejects_a_bad_opposition_in_one_line(capsys, tmp_path, opposition, fragment):
    code, out, err = run(capsys, "handout", opposition, "--out", str(tmp_path / "h"))
    assert code == 2 and out == ""
    assert len(err.splitlines()) == 1 and fragment in err and "united-opposition" in err
    assert not (tmp_path / "h").exists()
