"""The codebook and the hand annotations (standpoint.annotations).

The real ``corpus/annotations.csv`` must validate: every anchor is found verbatim in its
passage, every passage is authorial. Each error case is made on a copy of the real file in a
temporary folder (one row broken) and loaded with ``root=``.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pandas as pd
import pytest

from standpoint.corpus import (
    ANNOTATION_COLUMNS,
    AnnotationError,
    default_root,
    load_annotations,
    load_codebook,
    load_oppositions,
)
from standpoint.corpus.anchors import MAX_ANCHOR
from standpoint.corpus.annotations import ANNOTATION_FIELDS
from standpoint.stance import LABELS


@pytest.fixture(scope="module")
def codebook():
    return load_codebook()


@pytest.fixture(scope="module")
def registry():
    return load_oppositions()


@pytest.fixture(scope="module")
def annotations(passages, codebook, registry):
    return load_annotations(passages, codebook, registry)


def read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames), list(reader)


def write_rows(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


@pytest.fixture
def tmp_root(tmp_path) -> Path:
    """A folder with copies of the real annotations, codebook and registry."""
    for name in ["annotations.csv", "codebook.yaml", "oppositions.yaml"]:
        shutil.copy(default_root() / name, tmp_path / name)
    return tmp_path


# ----------------------------------------------------------------------- codebook ----
def test_codebook_has_the_stances_and_unique_themes(codebook):
    # the heuristic's labels, then not-about (complete coding: topic attribution was wrong)
    assert codebook.stance_ids == list(LABELS) + ["not-about"]
    assert len(codebook.theme_ids) == len(set(codebook.theme_ids)) >= 10
    assert list(codebook.themes.columns) == ["id", "label", "description"]
    assert list(codebook.stances.columns) == ["id", "description"]
    assert (codebook.themes["label"].str.len() > 0).all()


@pytest.mark.parametrize("text, fragment", [
    ("themes: []\nstances: []\n", "'themes:' must be a non-empty list"),
    ("themes:\n  - id: a\n    label: A\n    description: d\n  - id: a\n    label: B\n"
     "    description: e\nstances:\n  - id: x\n    description: y\n", "duplicate id 'a'"),
    ("themes:\n  - id: a\n    label: A\nstances:\n  - id: x\n    description: y\n",
     "missing or empty description"),
    ("themes: [\n", "not valid YAML"),
])
def test_a_broken_codebook_is_an_error(tmp_path, text, fragment):
    (tmp_path / "codebook.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(AnnotationError, match="codebook.yaml") as info:
        load_codebook(tmp_path)
    assert fragment in str(info.value)


# -------------------------------------------------------------------- the real file ----
def test_the_real_annotations_validate(annotations, passages):
    """Every anchor is found verbatim, at anchor_start, in an authorial passage."""
    assert list(annotations.columns) == ANNOTATION_COLUMNS
    with (default_root() / "annotations.csv").open(encoding="utf-8", newline="") as fh:
        assert len(annotations) == sum(1 for _ in csv.DictReader(fh))
    by_id = passages.set_index("passage_id")
    for row in annotations.itertuples(index=False):
        text = by_id.at[row.passage_id, "text"]
        assert text[row.anchor_start:row.anchor_start + len(row.anchor)] == row.anchor
        assert by_id.at[row.passage_id, "voice"] == "author"
        assert by_id.at[row.passage_id, "tradition"] == row.tradition
        assert by_id.at[row.passage_id, "section"] == row.section
        assert isinstance(row.themes, list)
        assert len(row.themes) == 0 if row.stance == "not-about" else 1 <= len(row.themes) <= 3
        assert len(row.anchor) <= MAX_ANCHOR and row.note
    assert set(annotations["stance"]) <= set(LABELS) | {"not-about"}
    assert set(annotations["tradition"]) == {"icc", "trotskyist", "anarchist", "academic"}
    assert not annotations.duplicated(["passage_id", "opposition"]).any()


def test_loading_does_not_modify_the_passages(passages, codebook, registry):
    before = passages.copy()
    load_annotations(passages, codebook, registry)
    pd.testing.assert_frame_equal(passages, before)


def test_lines_are_the_lines_of_the_file(annotations):
    assert annotations["line"].iloc[0] == 2
    assert annotations["line"].is_monotonic_increasing


# ------------------------------------------------------------------------ errors ----
def _quotation(passages) -> pd.Series:
    return passages[passages["voice"] == "quotation"].iloc[0]


def _long_anchor(passages) -> tuple[str, str]:
    row = passages[(passages["voice"] == "author") & (passages["text"].str.len() > 400)].iloc[0]
    return row["passage_id"], row["text"][:MAX_ANCHOR + 1]


CASES = {
    # name: (row changes, message fragments)
    "anchor not found": ({"anchor": "words that are in no passage at all"},
                         ["anchor not found verbatim", "words that are in no passage"]),
    "anchor too long": ("long", ["anchor is 201 characters", f"at most {MAX_ANCHOR}"]),
    "empty anchor": ({"anchor": "  "}, ["empty anchor"]),
    "unknown theme": ({"themes": "bureaucracy;trade-union"}, ["unknown theme 'trade-union'",
                                                             "trade-unions"]),
    "no theme": ({"themes": " ; "}, ["no theme"]),
    "four themes": ({"themes": "bureaucracy;trade-unions;kronstadt;repression"}, ["4 themes"]),
    "unknown stance": ({"stance": "condemns"}, ["unknown stance 'condemns'", "criticises"]),
    "unknown opposition": ({"opposition": "workers-oposition"},
                           ["unknown opposition 'workers-oposition'", "workers-opposition"]),
    "unknown passage": ({"passage_id": "afaq-oppositions:999"},
                        ["unknown passage 'afaq-oppositions:999'"]),
    "unknown document": ({"passage_id": "nosuch:001"}, ["unknown passage 'nosuch:001'",
                                                        "afaq-oppositions"]),
    "quotation passage": ("quotation", ["is a quotation passage", "not the author's voice"]),
    "empty note": ({"note": "   "}, ["empty note"]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_error_names_file_row_and_problem(tmp_root, passages, codebook, registry, case):
    change, fragments = CASES[case]
    header, rows = read_rows(tmp_root / "annotations.csv")
    k = 4  # the fifth data row: line 6 of the file
    if change == "long":
        pid, anchor = _long_anchor(passages)
        change = {"passage_id": pid, "anchor": anchor}
    elif change == "quotation":
        q = _quotation(passages)
        change = {"passage_id": q["passage_id"], "anchor": q["text"][:40]}
    rows[k].update(change)
    write_rows(tmp_root / "annotations.csv", header, rows)
    with pytest.raises(AnnotationError) as info:
        load_annotations(passages, codebook, registry, root=tmp_root)
    message = str(info.value)
    assert isinstance(info.value, ValueError)
    assert message.startswith(f"{tmp_root / 'annotations.csv'}: row 6: "), message
    assert "\n" not in message
    for fragment in fragments:
        assert fragment in message, (fragment, message)


def test_a_missing_column_is_an_error(tmp_root, passages, codebook, registry):
    header, rows = read_rows(tmp_root / "annotations.csv")
    header.remove("note")
    for row in rows:
        del row["note"]
    write_rows(tmp_root / "annotations.csv", header, rows)
    with pytest.raises(AnnotationError, match=r"annotations.csv: missing column\(s\) note"):
        load_annotations(passages, codebook, registry, root=tmp_root)


def test_a_duplicate_passage_and_opposition_is_an_error(tmp_root, passages, codebook, registry):
    header, rows = read_rows(tmp_root / "annotations.csv")
    rows.insert(3, dict(rows[0]))
    write_rows(tmp_root / "annotations.csv", header, rows)
    with pytest.raises(AnnotationError, match=r"row 5: .*already annotated .*\(row 2;"):
        load_annotations(passages, codebook, registry, root=tmp_root)


def test_row_numbers_count_lines_of_multi_line_fields(tmp_root, passages, codebook, registry):
    """A note running over two lines shifts the next rows' line numbers by one."""
    header, rows = read_rows(tmp_root / "annotations.csv")
    rows[0]["note"] = "A note\nover two lines."
    rows[1]["stance"] = "unsure"
    write_rows(tmp_root / "annotations.csv", header, rows)
    with pytest.raises(AnnotationError, match=r": row 4: unknown stance 'unsure'"):
        load_annotations(passages, codebook, registry, root=tmp_root)


def test_blank_lines_and_extra_columns_are_ignored(tmp_root, passages, codebook, registry):
    header, rows = read_rows(tmp_root / "annotations.csv")
    write_rows(tmp_root / "annotations.csv", header + ["coder"],
               [dict(r, coder="JS") for r in rows[:3]])
    path = tmp_root / "annotations.csv"
    path.write_text(path.read_text(encoding="utf-8") + "\n\n", encoding="utf-8")
    out = load_annotations(passages, codebook, registry, root=tmp_root)
    assert len(out) == 3 and list(out.columns) == ANNOTATION_COLUMNS


def test_a_missing_file_is_an_error(tmp_path, passages, codebook, registry):
    with pytest.raises(AnnotationError, match="annotations.csv: file not found"):
        load_annotations(passages, codebook, registry, root=tmp_path)


def test_fields_are_the_documented_ones():
    assert ANNOTATION_FIELDS == ["passage_id", "anchor", "opposition", "themes", "stance", "note"]
    with (default_root() / "annotations.csv").open(encoding="utf-8") as fh:
        assert fh.readline().strip().split(",") == ANNOTATION_FIELDS
