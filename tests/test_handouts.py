"""Seminar handouts (standpoint.handouts): the data on the real corpus, the HTML, the PDF.

The data tests check every handout against the corpus itself: a quotation is a verbatim span
of an authorial passage of that tradition, every passage id behind an agreement, disagreement
or question is an annotation of that opposition with the stance shown, the verdicts are the
comparison table's. The PDF tests print with the Debian ``chromium`` (skipped without it or
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
    """opposition -> (Comparison, Handout) for every comparable opposition."""
    from standpoint.comparison import compare
    from standpoint.corpus import load_codebook

    codebook = load_codebook()
    out = {}
    for o in comparable:
        c = compare(o, **inputs)
        out[o] = (c, H.build_handout(c, inputs["oppositions"], inputs["corpus"].traditions, codebook))
    return out


# ------------------------------------------------------------------------- helpers ----
def test_truncate_words_cuts_at_a_word_boundary_and_marks_the_cut():
    text = "The Workers' Opposition demanded that the industrial unions manage the economy."
    cut = H.truncate_words(text, 40)
    assert cut.endswith("…") and len(cut) <= 40
    assert text.startswith(cut[:-1])  # a prefix of the text ...
    assert text[len(cut) - 1] == " "  # ... that ends where a word ends
    assert H.truncate_words("  two\n words ", 40) == "two words"


def test_leading_figures_include_members_registered_under_another_group(inputs):
    figures = H.leading_figures("right-opposition", inputs["oppositions"])
    assert figures[:3] == ["Rykov", "Tomsky", "Uglanov"]
    assert "Bukharin" in figures  # listed under left-communists with also: [right-opposition]
    assert len(figures) == len(set(figures))


def test_author_names_and_plural_verbs():
    assert H.author_name({"author": "Tony Cliff (introduction); Chris Harman (essay)",
                          "venue": ""}) == "Cliff & Harman"
    docs = pd.DataFrame({"doc_id": ["harman", "afaq"], "venue": ["", "An Anarchist FAQ"],
                         "author": ["Tony Cliff; Chris Harman", "An Anarchist FAQ"],
                         "title": ["", ""], "tradition": ["trotskyist", "anarchist"]})
    point = H.Point("repression", "Repression", "disagree", (
        H.Position("trotskyist", "endorses", (("endorses", 2),), ("harman:001", "harman:004")),
        H.Position("anarchist", "criticises", (("criticises", 1),), ("afaq:007",))))
    [question] = H.discussion_questions([point], "Left Opposition", docs, n=1)
    assert question == ("Cliff & Harman endorse the Left Opposition on “Repression” (harman:001), "
                        "while An Anarchist FAQ criticises it (afaq:007): what evidence would "
                        "decide between them?")


def test_theme_points_agree_disagree_and_ties():
    a = pd.DataFrame({
        "tradition": ["icc", "icc", "anarchist", "academic", "academic", "icc", "academic"],
        "passage_id": ["i:1", "i:2", "a:1", "g:1", "g:2", "i:3", "g:3"],
        "stance": ["criticises", "criticises", "criticises", "reports", "endorses", "reports",
                   "reports"],
        "themes": [["trade-unions"], ["trade-unions"], ["trade-unions"], ["trade-unions"],
                   ["trade-unions"], ["repression"], ["repression"]]})
    agree, disagree = H.theme_points(a, ["icc", "anarchist", "academic"])
    assert [p.theme for p in agree] == ["repression"]
    assert [q.passage_ids for q in agree[0].positions] == [("i:3",), ("g:3",)]
    [tu] = disagree
    assert [(q.tradition, q.stance) for q in tu.positions] == [
        ("icc", "criticises"), ("anarchist", "criticises"), ("academic", "endorses = reports")]
    assert tu.positions[2].tie and tu.positions[2].passage_ids == ("g:1", "g:2")
    assert tu.contrast == 0  # only the tie differs: no clear pair for a question
    assert H.discussion_questions(disagree, "X", pd.DataFrame()) == []
    assert H.contrast("endorses", "criticises") > H.contrast("mixed", "criticises") > \
        H.contrast("reports", "criticises") > H.contrast("reports", "reports")


def test_questions_fall_back_to_single_themes_then_silence():
    single = [H.Point("kronstadt", "Kronstadt", "single",
                      (H.Position("icc", "criticises", (("criticises", 1),), ("icc-x:003",)),)),
              H.Point("repression", "Repression", "single",
                      (H.Position("icc", "reports", (("reports", 1),), ("icc-x:004",)),))]
    docs = pd.DataFrame({"doc_id": ["icc-x"], "venue": [""], "title": [""], "tradition": ["icc"],
                         "author": ["International Communist Current"]})
    questions = H.discussion_questions([], "Workers' Group", docs, {"icc": "ICC", "academic": "Academic"},
                                       single=single, silent=["academic"])
    assert questions == [
        "Only the ICC (ICC) criticises the Workers' Group on “Kronstadt” (icc-x:003); no other "
        "tradition codes the theme: why might the others leave it aside?",
        "The Academic texts say nothing about the Workers' Group: what does that silence tell us "
        "about their account of the period?"]  # 'reports' is no judgement: skipped


def test_compact_ids_and_check_oppositions():
    assert H.compact_ids(["d:1", "d:2", "e:3"]) == "d:1, :2, e:3"
    assert H.compact_ids([f"d:{i}" for i in range(6)], limit=2) == "d:0, :1 +4 more"
    with pytest.raises(H.HandoutError, match=r"unknown opposition 'nope' \(valid: a, b\)"):
        H.check_oppositions(["nope"], ["a", "b"], ["a", "b", "c"])
    with pytest.raises(H.HandoutError, match="fewer than two traditions"):
        H.check_oppositions(["c"], ["a", "b"], ["a", "b", "c"])


# ----------------------------------------------------------------- the real handouts ----
def test_every_comparable_opposition_gets_a_handout(handouts, comparable):
    assert comparable and list(handouts) == comparable
    assert "workers-opposition" in comparable


def test_header_comes_from_the_registry(handouts, inputs):
    registry = inputs["oppositions"].set_index("opposition")
    for o, (_, h) in handouts.items():
        row = registry.loc[o]
        assert h.name == row["name"]
        assert h.years.startswith(str(row["start_year"]))
        assert h.description == " ".join(row["description"].split())
        assert h.figures and set(m["name"] for m in row["members"]) <= set(h.figures)


def test_blocks_are_the_comparison_table(handouts):
    for o, (c, h) in handouts.items():
        assert [b.tradition for b in h.blocks] == c.traditions
        for b, row in zip(h.blocks, c.table.to_dict("records")):
            assert (b.verdict, b.note, b.balance, b.terms) == (
                row["verdict"], row["verdict_note"], row["evaluative_balance"],
                row["distinctive_terms"])
            if b.quotes and b.quotes[0].stance:  # the first quote is the table's quotation
                assert b.quotes[0].text == " ".join(row["quotation"].split())
                assert b.quotes[0].citation == row["citation"]


def test_quotes_are_verbatim_authorial_passages_of_the_tradition(handouts, passages):
    info = passages.set_index("passage_id")
    n_quotes = 0
    for o, (c, h) in handouts.items():
        for b in h.blocks:
            assert len(b.quotes) <= H.MAX_QUOTES
            assert len({q.passage_id for q in b.quotes}) == len(b.quotes)
            available = (set(c.annotations.loc[c.annotations["tradition"] == b.tradition, "passage_id"])
                         | set(c.selected.loc[c.selected["tradition"] == b.tradition, "passage_id"]))
            assert len(b.quotes) >= min(H.MIN_QUOTES, len(available)), (o, b.tradition)
            for q in b.quotes:
                n_quotes += 1
                row = info.loc[q.passage_id]
                assert row["tradition"] == b.tradition and row["voice"] == "author"
                assert q.section == row["section"] and q.passage_id in q.citation
                flat = " ".join(row["text"].split())
                if q.text.endswith("…"):
                    assert flat.startswith(q.text[:-1].rstrip())
                else:
                    assert q.text in flat, (q.passage_id, q.text)
    assert n_quotes >= 30


def test_agreements_and_disagreements_are_backed_by_the_annotations(handouts):
    n_points = 0
    for o, (c, h) in handouts.items():
        coded = {(t, p, s): themes for t, p, s, themes in zip(
            c.annotations["tradition"], c.annotations["passage_id"], c.annotations["stance"],
            c.annotations["themes"])}
        for point in h.agreements + h.disagreements:
            n_points += 1
            assert len(point.positions) >= 2
            stances = {q.stance for q in point.positions}
            assert (len(stances) == 1) == (point.kind == "agree")
            for q in point.positions:
                assert q.passage_ids
                for pid in q.passage_ids:
                    backing = [themes for (t, p, s), themes in coded.items()
                               if t == q.tradition and p == pid and s in q.stances]
                    assert backing and any(point.theme in th for th in backing), (o, point.theme, pid)
    assert n_points >= 10


def test_workers_opposition_questions_come_from_its_disagreements(handouts):
    _, h = handouts["workers-opposition"]
    assert len(h.questions) == H.N_QUESTIONS
    ids = {pid for p in h.disagreements for q in p.positions for pid in q.passage_ids}
    labels = {p.label for p in h.disagreements}
    for question in h.questions:
        cited = re.findall(r"\(([a-z0-9-]+:\d+)\)", question)
        assert len(cited) == 2 and set(cited) <= ids, question
        assert any(f"“{label}”" in question for label in labels)
        assert "Workers' Opposition" in question and question.endswith("?")


def test_every_handout_has_three_questions(handouts):
    for o, (_, h) in handouts.items():
        assert len(h.questions) == 3, o
        assert len(set(h.questions)) == 3


# ---------------------------------------------------------------------------- HTML ----
def test_html_is_self_contained_and_has_the_comparison_table(handouts):
    _, h = handouts["workers-opposition"]
    page = H.render_html(h)
    assert page.startswith("<!DOCTYPE html>")
    for forbidden in ("<script", "<link", "<img", "src=", "http://", "https://", "url("):
        assert forbidden not in page, forbidden
    assert "@page { size: A4; margin: 15mm; }" in page and "DejaVu Serif" in page
    assert "break-inside: avoid" in page
    table = re.search(r'<table class="comparison">.*?</table>', page, re.S).group(0)
    for b in h.blocks:
        assert f">{b.name}<" in table.replace("&#x27;", "'")
    assert page.count("<li>") >= 3  # the questions


def test_html_escapes_every_text(handouts):
    c, h = handouts["workers-opposition"]
    from dataclasses import replace

    evil = replace(h, name='<script>alert("x")</script>', description="a & b < c",
                   figures=("<b>Kollontai</b>",),
                   blocks=(replace(h.blocks[0], note="<img src=x onerror=alert(1)>"),) + h.blocks[1:],
                   questions=("Why <i>not</i>?",) + h.questions[1:])
    page = H.render_html(evil)
    assert "<script>" not in page and "<img" not in page and "<b>Kollontai" not in page
    assert "&lt;script&gt;" in page and "a &amp; b &lt; c" in page and "Why &lt;i&gt;" in page


# ----------------------------------------------------------------------------- PDF ----
def test_fix_pdf_dates_keeps_every_offset():
    data = (b"%PDF-1.4\n1 0 obj\n<</Producer (Skia/PDF m156)\n/CreationDate (D:20261122025805+00'00')"
            b"\n/ModDate (D:20261122025806+00'00')>>\nendobj\nxref\n")
    fixed = H.fix_pdf_dates(data, "19800101000000")
    assert len(fixed) == len(data) and fixed.index(b"xref") == data.index(b"xref")
    assert fixed.count(b"D:19800101000000+00'00'") == 2 and b"2026" not in fixed
    with pytest.raises(ValueError):
        H.fix_pdf_dates(data, "1980")


def test_print_pdf_a4_fonts_and_reproducible(pdf_tools, handouts, tmp_path):
    _, h = handouts["workers-truth"]
    page = tmp_path / "workers-truth.html"
    page.write_text(H.render_html(h), encoding="utf-8")
    first = H.print_pdf(page, tmp_path / "a.pdf", title=h.name)  # verified: it has the title
    second = H.print_pdf(page, tmp_path / "b.pdf")
    assert H.check_pdf(first.read_bytes(), h.name) >= 1
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
    for b in h.blocks:
        assert b.name in text
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
    assert len(err.splitlines()) == 1 and fragment in err and "right-opposition" in err
    assert not (tmp_path / "h").exists()
