"""Output formats of the command line (standpoint.formats): table, csv, json, jsonl."""

from __future__ import annotations

import dataclasses
import io
import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from standpoint.render import FORMATS, FormatError, check_format, render, to_jsonable
from standpoint.render.formats import TABLE_WIDTH, records, shorten

LONG = "The Workers' Opposition " * 20  # 480 characters


@pytest.fixture
def frame():
    """A frame with every kind of cell the commands print."""
    return pd.DataFrame({
        "id": ["a:001", "a:002", "b:001"],
        "text": [LONG, "Short, with a comma and \"quotes\".", "Two lines\nof text — ‘curly’ é"],
        "n_words": [80, 7, 6],
        "p_icc": [1 / 3, 0.5, float("nan")],
    })


# ------------------------------------------------------------------------ errors ----
@pytest.mark.parametrize("fmt", ["xml", "", "TABLE", "json "])
def test_unknown_format_is_a_value_error_listing_the_valid_ones(frame, fmt):
    with pytest.raises(FormatError) as info:
        render(frame, fmt)
    assert isinstance(info.value, ValueError)
    message = str(info.value)
    assert repr(fmt) in message
    assert all(f in message for f in FORMATS)
    assert "\n" not in message


def test_check_format_accepts_a_restricted_set():
    assert check_format("json", ("table", "json")) == "json"
    with pytest.raises(FormatError, match="valid: table, json"):
        check_format("csv", ("table", "json"))


# ------------------------------------------------------------------------- table ----
def test_table_has_one_line_per_row_and_shortens_long_text(frame):
    out = render(frame, "table")
    lines = out.split("\n")
    assert out.endswith("\n") and lines[-1] == ""
    assert len(lines[:-1]) == len(frame) + 1  # header + rows: the newline in a cell is gone
    assert lines[0].split() == list(frame.columns)
    assert LONG not in out
    shortened = shorten(LONG)
    assert len(shortened) == TABLE_WIDTH and shortened.endswith("…")
    assert shortened in lines[1]
    assert "Two lines of text" in out


def test_table_rounds_floats_and_leaves_missing_cells_blank(frame):
    lines = render(frame, "table").splitlines()
    assert lines[1].rstrip().endswith("0.3333")
    assert lines[2].rstrip().endswith("0.5000")
    assert lines[3].rstrip().endswith("6")  # the NaN probability prints as nothing
    assert "nan" not in render(frame, "table").lower()


def test_table_aligns_columns(frame):
    lines = render(frame, "table").splitlines()
    start = lines[0].index("text")
    assert all(line[start - 2:start] == "  " for line in lines)  # text column starts aligned
    assert len({len(line) for line in lines}) > 0
    ends = {line.index("0.") + 6 for line in lines[1:3]}
    assert len(ends) == 1  # right-aligned numbers end in the same column


def test_table_of_an_empty_frame_is_its_header():
    assert render(pd.DataFrame(columns=["id", "voice"]), "table") == "id  voice\n"


def test_shorten_keeps_short_text_and_cuts_long_text():
    assert shorten("short") == "short"
    assert shorten("x" * TABLE_WIDTH) == "x" * TABLE_WIDTH
    assert shorten("x" * (TABLE_WIDTH + 1)) == "x" * (TABLE_WIDTH - 1) + "…"
    assert shorten("a\r\n\tb\u2028c") == "a b c"


# --------------------------------------------------------------------------- csv ----
def test_csv_is_complete_and_round_trips(frame):
    out = render(frame, "csv")
    assert "\r" not in out
    back = pd.read_csv(io.StringIO(out), keep_default_na=False, dtype={"id": str, "text": str})
    assert list(back.columns) == list(frame.columns)
    assert back["text"].tolist() == frame["text"].tolist()  # full text, newline included
    assert back["n_words"].tolist() == frame["n_words"].tolist()


def test_csv_quotes_a_lone_carriage_return():
    """A bare \\r in a cell must not read back as a line end (found by the property test)."""
    df = pd.DataFrame({"id": ["a", "b"], "text": ["one\rtwo", "three"], "n": [1, 2]})
    back = pd.read_csv(io.StringIO(render(df, "csv")), keep_default_na=False)
    assert back["text"].tolist() == ["one\rtwo", "three"]
    assert back["n"].tolist() == [1, 2]


# -------------------------------------------------------------------- json, jsonl ----
def test_json_is_an_array_of_records_in_column_order(frame):
    out = render(frame, "json")
    data = json.loads(out)
    assert isinstance(data, list) and len(data) == len(frame)
    assert [list(r) for r in data] == [list(frame.columns)] * len(frame)
    assert data[0]["text"] == LONG  # never shortened
    assert data[0]["p_icc"] == 0.3333 and data[1]["p_icc"] == 0.5
    assert data[2]["p_icc"] is None  # NaN is not valid JSON
    assert data[0]["n_words"] == 80 and isinstance(data[0]["n_words"], int)
    assert "‘curly’ é" in out  # UTF-8, not \u escapes


def test_jsonl_has_the_same_records_one_per_line(frame):
    out = render(frame, "jsonl")
    lines = out.splitlines()
    assert len(lines) == len(frame)
    assert [json.loads(line) for line in lines] == json.loads(render(frame, "json"))


def test_empty_frames_give_empty_documents():
    empty = pd.DataFrame(columns=["id"])
    assert json.loads(render(empty, "json")) == []
    assert render(empty, "jsonl") == ""
    assert render(empty, "csv") == "id\n"


@pytest.mark.parametrize("fmt", FORMATS)
def test_rendering_is_deterministic(frame, fmt):
    copy = frame.copy(deep=True)
    assert render(frame, fmt).encode() == render(copy, fmt).encode()
    assert render(frame, fmt) != render(frame.iloc[::-1], fmt)  # but it does show the rows


# ------------------------------------------------------------------- to_jsonable ----
def test_to_jsonable_converts_numpy_and_pandas_values():
    value = {"n": np.int64(3), "f": np.float32(0.123456), "b": np.bool_(True),
             "arr": np.array([0.11111, 2.0]), "s": pd.Series({"icc": 1})}
    out = to_jsonable(value)
    assert out == {"n": 3, "f": 0.1235, "b": True, "arr": [0.1111, 2.0], "s": {"icc": 1}}
    assert type(out["n"]) is int and type(out["b"]) is bool
    json.dumps(out)  # plain JSON


def test_to_jsonable_keeps_a_labelled_index_and_drops_a_plain_one():
    confusion = pd.DataFrame([[5, 1], [0, 4]], index=["icc", "anarchist"],
                             columns=["icc", "anarchist"])
    assert to_jsonable(confusion) == {"icc": {"icc": 5, "anarchist": 1},
                                      "anarchist": {"icc": 0, "anarchist": 4}}
    filtered = pd.DataFrame({"a": [1, 2, 3]}).iloc[1:]  # index 1, 2: kept as labels
    assert to_jsonable(filtered) == {1: {"a": 2}, 2: {"a": 3}}
    assert json.loads(json.dumps(to_jsonable({"m": filtered}))) == {"m": {"1": {"a": 2}, "2": {"a": 3}}}


def test_to_jsonable_reads_dataclasses():
    @dataclasses.dataclass
    class Report:
        threshold: float
        table: pd.DataFrame

    out = to_jsonable(Report(2 / 3, pd.DataFrame({"x": [float("inf")]})))
    assert out == {"threshold": 0.6667, "table": [{"x": None}]}


def test_records_keep_column_order_even_when_not_sorted():
    df = pd.DataFrame({"z": [1], "a": [2], "m": [3]})
    assert list(records(df)[0]) == ["z", "a", "m"]


# ------------------------------------------------------------------- properties ----
cell_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=200)


@given(st.lists(cell_text, min_size=1, max_size=8))
def test_any_text_survives_json_jsonl_and_csv(texts):
    df = pd.DataFrame({"id": [f"x:{i:03d}" for i in range(len(texts))], "text": texts})
    assert [r["text"] for r in json.loads(render(df, "json"))] == texts
    lines = render(df, "jsonl").split("\n")
    assert lines[-1] == "" and [json.loads(line)["text"] for line in lines[:-1]] == texts
    back = pd.read_csv(io.StringIO(render(df, "csv")), dtype=str, keep_default_na=False)
    assert back["text"].tolist() == texts


@given(st.lists(cell_text, min_size=1, max_size=8))
def test_any_text_gives_one_table_line_per_row_within_the_width(texts):
    df = pd.DataFrame({"text": texts})
    lines = render(df, "table").split("\n")
    assert len(lines) == len(texts) + 2  # header, rows, final newline
    assert all(len(line) <= TABLE_WIDTH for line in lines)


# ------------------------------------------------------------ rendering in pieces ----
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("rows", [1, 2, 3, 5000])
def test_render_chunks_join_to_the_rendered_text(frame, fmt, rows):
    from standpoint.render import render_chunks

    pieces = list(render_chunks(frame, fmt, rows=rows))
    assert "".join(pieces) == render(frame, fmt)
    assert len(pieces) >= min(3, -(-len(frame) // rows))


@given(st.lists(st.tuples(st.text(max_size=30),
                          st.one_of(st.floats(allow_nan=True, allow_infinity=True),
                                    st.sampled_from([0.0, -0.0, -0.00001, 9.99996, -0.99999])),
                          st.integers(-10**15, 10**15), st.booleans()), max_size=12),
       st.integers(1, 5))
def test_any_frame_renders_the_same_in_pieces(rows, size):
    from standpoint.render import render_chunks

    df = pd.DataFrame(rows, columns=["text", "p", "n", "flag"]).astype(
        {"p": "float64", "n": "int64", "flag": "bool"})
    for fmt in FORMATS:
        assert "".join(render_chunks(df, fmt, rows=size)) == render(df, fmt)
    assert records(df) == [{k: to_jsonable(v) for k, v in zip(df.columns, row)}
                           for row in df.itertuples(index=False, name=None)]


@pytest.mark.parametrize("fmt", FORMATS)
def test_rendering_something_that_is_not_a_frame_is_an_input_error(fmt):
    from standpoint.errors import InputError
    from standpoint.render import render_chunks

    for bad in (None, [{"a": 1}], "text"):
        with pytest.raises(InputError, match="^df: expected a pandas DataFrame"):
            render(bad, fmt)
    with pytest.raises(InputError, match="^rows: expected a number of rows"):
        render_chunks(pd.DataFrame({"a": [1]}), fmt, rows=0)
    with pytest.raises(FormatError):
        render(None, "yaml")  # (the format is checked first)
