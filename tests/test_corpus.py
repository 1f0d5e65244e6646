"""Tests for :func:`standpoint.load_corpus` and :class:`standpoint.CorpusError`.

The real corpus is checked as it is (and against the seed texts the user supplied); every
error case is made on a fresh copy of ``corpus/`` in ``tmp_path``, never on the real files.
"""

from __future__ import annotations

import csv
import hashlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import standpoint
from standpoint import CorpusError, load_corpus
from standpoint.corpus import DOCUMENT_COLUMNS, TRADITION_COLUMNS, default_root

REPO_ROOT = Path(__file__).resolve().parents[1]
CORPUS_DIR = REPO_ROOT / "corpus"
SEEDS_DIR = REPO_ROOT.parent / "shared" / "seeds"  # CI clones main with shared/ beside it
TRADITIONS = ["icc", "trotskyist", "anarchist", "academic"]


# ------------------------------------------------------------------------------ helpers ----


def sha256(data: bytes) -> str:
    """Hex sha256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def tree_state(root: Path) -> dict[str, tuple[str, int]]:
    """``relative path -> (sha256, mtime_ns)`` for every file under ``root``."""
    return {
        p.relative_to(root).as_posix(): (sha256(p.read_bytes()), p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*")) if p.is_file()
    }


def read_table(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """A CSV file as ``(header, rows)``."""
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def write_table(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    """Write ``rows`` with exactly the columns in ``header`` (others are dropped)."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=header, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def row_of(root: Path, doc_id: str) -> int:
    """The 1-based line of ``doc_id`` in documents.csv (the header is row 1)."""
    _, rows = read_table(root / "documents.csv")
    return [r["doc_id"] for r in rows].index(doc_id) + 2


def replace_text(root: Path, doc_id: str, data: bytes, *, update_checksum: bool) -> Path:
    """Overwrite the text of ``doc_id`` with ``data``; optionally re-register its sha256."""
    path = root / "documents.csv"
    header, rows = read_table(path)
    (row,) = [r for r in rows if r["doc_id"] == doc_id]
    text_path = root / row["file"]
    text_path.write_bytes(data)
    if update_checksum:
        row["sha256"] = sha256(data)
        write_table(path, header, rows)
    return text_path


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    """A private copy of ``corpus/`` that a test may break."""
    root = tmp_path / "corpus"
    shutil.copytree(CORPUS_DIR, root)
    return root


def load_error(root: Path) -> str:
    """Load ``root``, which must fail with a CorpusError; return the message."""
    with pytest.raises(CorpusError) as excinfo:
        load_corpus(root)
    return str(excinfo.value)


# --------------------------------------------------------------------- the real corpus ----


def test_default_root_is_the_projects_corpus_folder():
    """``load_corpus()`` with no argument reads this checkout's ``corpus/``."""
    assert default_root() == CORPUS_DIR


def test_real_corpus_has_five_documents_and_four_traditions(corpus):
    """The registry lists 5 documents in 4 traditions, in the order of the CSV files."""
    assert list(corpus.documents.columns) == DOCUMENT_COLUMNS
    assert list(corpus.traditions.columns) == TRADITION_COLUMNS
    assert len(corpus.documents) == 5
    assert corpus.tradition_order == TRADITIONS
    assert sorted(corpus.texts) == sorted(corpus.documents["doc_id"])
    assert set(corpus.documents["tradition"]) == set(TRADITIONS)  # every tradition has a text


def test_real_texts_match_registry_checksums(corpus):
    """Each file's bytes, and each loaded text re-encoded, hash to the registered sha256."""
    for row in corpus.documents.itertuples():
        data = (CORPUS_DIR / row.file).read_bytes()
        assert sha256(data) == row.sha256, row.doc_id
        assert corpus.texts[row.doc_id].encode("utf-8") == data, f"{row.doc_id}: text is not the raw bytes"


def test_real_texts_are_byte_identical_to_the_seeds(corpus):
    """Every corpus text is a byte-identical copy of one seed text, and every seed is used."""
    if not SEEDS_DIR.is_dir():
        pytest.skip(f"seed texts not found at {SEEDS_DIR} (shared/ is not beside this checkout)")
    seeds = {sha256(p.read_bytes()): p.name for p in sorted(SEEDS_DIR.glob("*.txt"))}
    texts = {sha256((CORPUS_DIR / f).read_bytes()): f for f in corpus.documents["file"]}
    assert len(seeds) == 5
    assert sorted(texts) == sorted(seeds), (
        f"not in seeds: {[texts[h] for h in set(texts) - set(seeds)]}; "
        f"seeds not in corpus: {[seeds[h] for h in set(seeds) - set(texts)]}"
    )


def test_real_colours_are_distinct_hex_colours(corpus):
    """One #RRGGBB colour per tradition, no two alike (case-insensitively)."""
    colours = corpus.colours
    assert list(colours) == TRADITIONS
    for tradition, colour in colours.items():
        assert re.fullmatch(r"#[0-9A-Fa-f]{6}", colour), f"{tradition}: {colour!r}"
    assert len({c.upper() for c in colours.values()}) == len(colours)


def test_loading_modifies_no_file():
    """Loading reads only: every file under corpus/ keeps its bytes and mtime, none appears."""
    before = tree_state(CORPUS_DIR)
    load_corpus()
    load_corpus(str(CORPUS_DIR))
    assert tree_state(CORPUS_DIR) == before


def test_copied_corpus_loads_the_same(corpus_copy, corpus):
    """The loader depends only on the folder it is given, not on where it sits."""
    copy = load_corpus(corpus_copy)
    assert copy.root == corpus_copy
    assert copy.texts == corpus.texts
    assert copy.documents.equals(corpus.documents)


def test_bare_import_is_lazy():
    """``import standpoint`` alone imports neither pandas, scikit-learn nor matplotlib."""
    code = (
        "import sys, standpoint\n"
        "heavy = sorted(m for m in ('pandas', 'sklearn', 'matplotlib') if m in sys.modules)\n"
        "assert not heavy, heavy\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=REPO_ROOT, timeout=60)
    assert result.returncode == 0, result.stderr


def test_lazy_names_resolve_and_unknown_names_fail():
    """Exported names resolve on first use; a misspelt name is an AttributeError."""
    assert standpoint.load_corpus is load_corpus
    assert issubclass(standpoint.CorpusError, ValueError)
    with pytest.raises(AttributeError, match="load_corpse"):
        standpoint.load_corpse  # noqa: B018


# ---------------------------------------------------------------------- error cases ----


def test_missing_text_file(corpus_copy):
    """A registered text that is not on disk: names documents.csv, the row, the doc and path."""
    row = row_of(corpus_copy, "gaido-review")
    text_path = corpus_copy / "texts" / "gaido-review.txt"
    text_path.unlink()
    message = load_error(corpus_copy)
    assert message.startswith(f"{corpus_copy / 'documents.csv'}: row {row}: ")
    assert "file not found" in message
    assert "'gaido-review'" in message
    assert str(text_path) in message


def test_checksum_mismatch(corpus_copy):
    """One changed byte in a text: names the row, the doc, the file and both checksums."""
    row = row_of(corpus_copy, "afaq-oppositions")
    text_path = corpus_copy / "texts" / "afaq-oppositions.txt"
    original = text_path.read_bytes()
    data = bytearray(original)
    data[100] = ord("X") if data[100] != ord("X") else ord("Y")
    text_path.write_bytes(bytes(data))
    message = load_error(corpus_copy)
    assert message.startswith(f"{corpus_copy / 'documents.csv'}: row {row}: ")
    assert "checksum mismatch" in message
    assert "'afaq-oppositions'" in message
    assert str(text_path) in message
    assert sha256(original)[:12] in message and sha256(bytes(data))[:12] in message


def test_non_utf8_text(corpus_copy):
    """Invalid UTF-8 (with a matching checksum): names the row, the file and the byte offset."""
    text_path = replace_text(corpus_copy, "harman-revolution-lost",
                             b"Valid start \xff\xfe then more text\n", update_checksum=True)
    message = load_error(corpus_copy)
    row = row_of(corpus_copy, "harman-revolution-lost")
    assert message.startswith(f"{corpus_copy / 'documents.csv'}: row {row}: ")
    assert str(text_path) in message
    assert "not valid UTF-8" in message
    assert "byte 12" in message
    assert "checksum" not in message


@pytest.mark.parametrize("data", [b"", b" \n\t\r\n  \n"], ids=["zero-bytes", "whitespace-only"])
def test_empty_text(corpus_copy, data):
    """An empty or whitespace-only text (with a matching checksum) is an error, not a document."""
    text_path = replace_text(corpus_copy, "icc-fractions-1922-23", data, update_checksum=True)
    message = load_error(corpus_copy)
    row = row_of(corpus_copy, "icc-fractions-1922-23")
    assert message.startswith(f"{corpus_copy / 'documents.csv'}: row {row}: ")
    assert str(text_path) in message
    assert message.endswith("is empty")


def test_duplicate_doc_id(corpus_copy):
    """A doc_id used twice: the second occurrence's row is named."""
    path = corpus_copy / "documents.csv"
    header, rows = read_table(path)
    rows[2]["doc_id"] = rows[0]["doc_id"]
    write_table(path, header, rows)
    message = load_error(corpus_copy)
    assert message.startswith(f"{path}: row 4: ")
    assert f"duplicate doc_id '{rows[0]['doc_id']}'" in message


def test_unknown_tradition(corpus_copy):
    """A document in a tradition that traditions.csv lacks: names row, tradition and the known ones."""
    path = corpus_copy / "documents.csv"
    header, rows = read_table(path)
    rows[3]["tradition"] = "maoist"
    write_table(path, header, rows)
    message = load_error(corpus_copy)
    assert message.startswith(f"{path}: row 5: ")
    assert "unknown tradition 'maoist'" in message
    assert f"'{rows[3]['doc_id']}'" in message
    assert all(t in message for t in TRADITIONS)


@pytest.mark.parametrize("column", DOCUMENT_COLUMNS)
def test_missing_column_in_documents(corpus_copy, column):
    """documents.csv without one of its columns: names the file and the column."""
    path = corpus_copy / "documents.csv"
    header, rows = read_table(path)
    write_table(path, [c for c in header if c != column], rows)
    message = load_error(corpus_copy)
    assert message == (f"{path}: missing column(s) {column} "
                       f"(expected: {', '.join(DOCUMENT_COLUMNS)})")


@pytest.mark.parametrize("column", TRADITION_COLUMNS)
def test_missing_column_in_traditions(corpus_copy, column):
    """traditions.csv without one of its columns: names the file and the column."""
    path = corpus_copy / "traditions.csv"
    header, rows = read_table(path)
    write_table(path, [c for c in header if c != column], rows)
    message = load_error(corpus_copy)
    assert message == (f"{path}: missing column(s) {column} "
                       f"(expected: {', '.join(TRADITION_COLUMNS)})")


@pytest.mark.parametrize("name", ["documents.csv", "traditions.csv"])
def test_missing_registry_file(corpus_copy, name):
    """No documents.csv or traditions.csv: names the missing file."""
    (corpus_copy / name).unlink()
    assert load_error(corpus_copy) == f"{corpus_copy / name}: file not found"


def test_bad_colour(corpus_copy):
    """A colour that is not #RRGGBB: names traditions.csv, the row and the colour."""
    path = corpus_copy / "traditions.csv"
    header, rows = read_table(path)
    rows[1]["colour"] = "blue"
    write_table(path, header, rows)
    message = load_error(corpus_copy)
    assert message == f"{path}: row 3: colour 'blue' is not #RRGGBB"


def test_duplicate_tradition(corpus_copy):
    """A tradition id used twice in traditions.csv: names the second row."""
    path = corpus_copy / "traditions.csv"
    header, rows = read_table(path)
    rows[3]["tradition"] = rows[0]["tradition"]
    write_table(path, header, rows)
    message = load_error(corpus_copy)
    assert message == f"{path}: row 5: duplicate tradition '{rows[0]['tradition']}'"


def test_broken_copy_leaves_the_real_corpus_alone(corpus_copy):
    """Breaking the copy does not touch the real corpus, which still loads."""
    (corpus_copy / "texts" / "gaido-review.txt").unlink()
    load_error(corpus_copy)
    assert (CORPUS_DIR / "texts" / "gaido-review.txt").is_file()
    assert len(load_corpus().texts) == 5


# ------------------------------------------- CSV edge cases (found by review, now fixed) ----


def test_short_row_is_a_corpus_error(corpus_copy):
    """A row that stops before its sha256 field is a CorpusError naming the row."""
    path = corpus_copy / "documents.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].rsplit(",", 1)[0]  # drop the last field (sha256) of row 2
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    message = load_error(corpus_copy)
    assert message.startswith(f"{path}: row 2: ")


def test_row_number_counts_lines_after_a_blank_line(corpus_copy):
    """With a blank line 3, a duplicate doc_id on line 7 is reported as row 7."""
    path = corpus_copy / "documents.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[-1] = lines[1]  # the last row duplicates the first
    lines.insert(2, "")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    message = load_error(corpus_copy)
    assert message.startswith(f"{path}: row 7: duplicate doc_id")


def test_csv_with_byte_order_mark_loads(corpus_copy):
    """A documents.csv saved with a UTF-8 byte-order mark loads like the original."""
    path = corpus_copy / "documents.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert len(load_corpus(corpus_copy).texts) == 5


def test_multiline_quoted_field_keeps_its_line_break(corpus_copy):
    """A quoted description spanning two lines keeps its line break."""
    path = corpus_copy / "traditions.csv"
    header, rows = read_table(path)
    rows[0]["description"] = "first line\nsecond line"
    write_table(path, header, rows)
    corpus = load_corpus(corpus_copy)
    assert corpus.traditions.loc[0, "description"] == "first line\nsecond line"


# ------------------------------------------ the registry and the folder agree (issue 8) ----


def drop_document(root: Path, doc_id: str) -> None:
    """Delete ``doc_id``'s row from documents.csv (its text stays in texts/)."""
    path = root / "documents.csv"
    header, rows = read_table(path)
    write_table(path, header, [r for r in rows if r["doc_id"] != doc_id])


def test_a_deleted_registry_row_is_an_error_naming_the_unregistered_text(corpus_copy):
    """The issue's reproduction: without its row, a text is no longer silently skipped."""
    drop_document(corpus_copy, "harman-revolution-lost")
    message = load_error(corpus_copy)
    text = corpus_copy / "texts" / "harman-revolution-lost.txt"
    assert message.startswith(f"{text}: not registered in {corpus_copy / 'documents.csv'}")
    assert "texts/harman-revolution-lost.txt" in message


def test_an_extra_text_in_the_folder_is_an_error(corpus_copy):
    extra = corpus_copy / "texts" / "new-essay.txt"
    extra.write_text("An essay nobody registered.\n", encoding="utf-8")
    assert load_error(corpus_copy).startswith(f"{extra}: not registered")
    extra.unlink()
    nested = corpus_copy / "texts" / "drafts" / "Other.TXT"
    nested.parent.mkdir()
    nested.write_text("A draft.\n", encoding="utf-8")
    assert load_error(corpus_copy).startswith(f"{nested}: not registered")


def test_hidden_files_and_other_files_in_texts_are_ignored(corpus_copy):
    (corpus_copy / "texts" / ".gaido-review.txt.swp").write_bytes(b"\x00editor")
    (corpus_copy / "texts" / ".hidden.txt").write_text("x", encoding="utf-8")
    (corpus_copy / "texts" / "README.md").write_text("About the texts.\n", encoding="utf-8")
    (corpus_copy / "texts" / ".git").mkdir()
    (corpus_copy / "texts" / ".git" / "notes.txt").write_text("x", encoding="utf-8")
    assert len(load_corpus(corpus_copy).texts) == 5


def test_a_registered_path_written_differently_still_counts(corpus_copy):
    """``texts/./x.txt`` registers ``texts/x.txt``: files are compared, not strings."""
    path = corpus_copy / "documents.csv"
    header, rows = read_table(path)
    rows[0]["file"] = rows[0]["file"].replace("texts/", "texts/./")
    write_table(path, header, rows)
    assert len(load_corpus(corpus_copy).texts) == 5


def test_a_tradition_without_documents_is_an_error_naming_traditions_csv(corpus_copy):
    """Moving the only Trotskyist text out and deleting its row would silently drop the
    ``p_trotskyist`` column: it is an error naming the tradition's row."""
    drop_document(corpus_copy, "harman-revolution-lost")
    (corpus_copy / "texts" / "harman-revolution-lost.txt").rename(corpus_copy / "harman.txt")
    message = load_error(corpus_copy)
    assert message == (
        f"{corpus_copy / 'traditions.csv'}: row 3: tradition 'trotskyist' has no document in "
        f"{corpus_copy / 'documents.csv'} (register one, or remove the tradition)"
    )


def test_a_new_tradition_needs_a_document(corpus_copy):
    path = corpus_copy / "traditions.csv"
    header, rows = read_table(path)
    rows.append({"tradition": "maoist", "name": "Maoist", "colour": "#123456", "description": "x"})
    write_table(path, header, rows)
    assert load_error(corpus_copy) == (
        f"{path}: row 6: tradition 'maoist' has no document in {corpus_copy / 'documents.csv'} "
        "(register one, or remove the tradition)"
    )


@pytest.mark.parametrize("argv", [
    ["corpus"], ["passages"], ["kwic", "Kollontai"], ["evaluate"], ["tag", "-"],
], ids=lambda argv: argv[0])
def test_every_command_refuses_a_corpus_with_a_deleted_row(corpus_copy, argv):
    """``corpus``, ``passages``, ``kwic``, ``tag`` and ``evaluate`` ran on four documents;
    now each stops with one line naming the unregistered text, exit code 2."""
    drop_document(corpus_copy, "harman-revolution-lost")
    standpoint_bin = Path(sys.executable).with_name("standpoint")
    result = subprocess.run([str(standpoint_bin), "--corpus", str(corpus_copy), *argv],
                            input=b"The party was wrong.\n", capture_output=True, timeout=300)
    err = result.stderr.decode()
    assert result.returncode == 2, err
    assert result.stdout == b""
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "harman-revolution-lost.txt: not registered" in err


@pytest.mark.parametrize("root", [123, 1.5, b"corpus", ["corpus"], "", "  "],
                         ids=["int", "float", "bytes", "list", "empty", "blank"])
def test_a_root_that_is_not_a_path_is_an_input_error(root):
    from standpoint.corpus import load_traditions
    from standpoint.errors import InputError

    for function in (load_corpus, load_traditions):
        with pytest.raises(InputError) as excinfo:
            function(root)
        message = str(excinfo.value)
        assert message.startswith(f"{function.__name__}: root must be the path of a corpus folder")
        assert type(root).__name__ in message and "\n" not in message


def test_a_path_object_and_a_string_root_load_the_same(corpus_copy):
    assert load_corpus(str(corpus_copy)).texts == load_corpus(corpus_copy).texts
