"""Reading and checking what a user hands to standpoint (standpoint.inputs), and the
one-passage voice rule it shares with the segmenter (standpoint.segment.passage_voice)."""

from __future__ import annotations

import io
import json
import sys

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from standpoint.errors import InputError, StandpointError
from standpoint.segment import (
    MAX_INPUT_BYTES,
    PASSAGE_COLUMNS,
    check_frame,
    check_text_column,
    inputs,
    jsonl_passages,
    parse_jsonl,
    passage_voice,
    read_input,
    split_text,
)


class CountingStream:
    """A binary stream that records every size it is asked to read, and never ends."""

    def __init__(self):
        self.asked: list[int] = []
        self.given = 0

    def read(self, n: int = -1) -> bytes:
        assert n is not None and n >= 0, "asked to read everything"
        self.asked.append(n)
        self.given += n
        return b"a" * n


class Stdin:
    def __init__(self, buffer):
        self.buffer = buffer


# ------------------------------------------------------------------------ reading ----
def test_read_input_reads_a_file_and_names_the_document(tmp_path):
    path = tmp_path / "essay.txt"
    path.write_bytes("\ufeffThe party was wrong.\n".encode())
    assert read_input(path) == ("The party was wrong.\n", "essay")
    assert read_input(str(path)) == ("The party was wrong.\n", "essay")


def test_a_file_larger_than_the_limit_is_refused_from_its_size_without_being_read(
        tmp_path, monkeypatch):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as fh:
        fh.truncate(5 * 10**9)  # sparse: 5 GB that take no disk
    monkeypatch.setattr("builtins.open", lambda *a, **k: pytest.fail("the file was opened"))
    with pytest.raises(InputError) as info:
        read_input(path)
    message = str(info.value)
    assert message.startswith(f"{path}: 5,000,000,000 bytes, more than the limit of")
    assert f"{MAX_INPUT_BYTES:,}" in message


def test_a_file_of_exactly_the_limit_is_read(tmp_path):
    path = tmp_path / "edge.txt"
    path.write_bytes(b"word " * 20)
    assert read_input(path, limit=100)[0] == "word " * 20
    with pytest.raises(InputError, match="101 bytes, more than the limit of 100 bytes"):
        path.write_bytes(b"word " * 20 + b"!")
        read_input(path, limit=100)


def test_an_endless_device_is_read_only_up_to_the_limit():
    """/dev/zero has no size: it is read up to the limit and one byte, then refused."""
    with pytest.raises(InputError, match="^/dev/zero: more than the limit of 1,000 bytes"):
        read_input("/dev/zero", limit=1000)


def test_stdin_is_read_at_most_one_byte_past_the_limit(monkeypatch):
    stream = CountingStream()
    monkeypatch.setattr(sys, "stdin", Stdin(stream))
    with pytest.raises(InputError, match="^stdin: more than the limit of 1,000 bytes"):
        read_input("-", limit=1000)
    assert stream.given <= 1001 and stream.asked == [1001]


def test_stdin_closed_or_unreadable_is_an_input_error(monkeypatch):
    monkeypatch.setattr(sys, "stdin", None)
    with pytest.raises(InputError, match="^stdin: closed"):
        read_input("-")
    closed = io.TextIOWrapper(io.BytesIO(b"text"))
    closed.close()
    monkeypatch.setattr(sys, "stdin", closed)
    with pytest.raises(InputError, match="^stdin: closed"):
        read_input("-")


def test_a_text_stream_without_bytes_is_read_too(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("Wörter."))
    assert read_input("-") == ("Wörter.", "stdin")
    monkeypatch.setattr(sys, "stdin", io.StringIO("é" * 6))  # 6 characters, 12 bytes
    with pytest.raises(InputError, match="more than the limit of 10 bytes"):
        read_input("-", limit=10)


@pytest.mark.parametrize("source, limit, fragment", [
    (None, MAX_INPUT_BYTES, "source: expected a file path or '-' (stdin), got None"),
    (42, MAX_INPUT_BYTES, "source: expected a file path or '-' (stdin), got int"),
    ("-", -1, "limit: expected a number of bytes"),
    ("-", 1.5, "limit: expected a number of bytes"),
    ("-", True, "limit: expected a number of bytes"),
])
def test_read_input_checks_its_arguments(source, limit, fragment):
    with pytest.raises(InputError) as info:
        read_input(source, limit=limit)
    assert fragment in str(info.value)


def test_input_errors_are_standpoint_errors_and_value_errors():
    assert issubclass(InputError, StandpointError) and issubclass(InputError, ValueError)


# --------------------------------------------------------------------- JSON lines ----
def test_jsonl_nested_too_deeply_is_one_input_error_naming_the_line():
    deep = "[" * 100_000 + "]" * 100_000
    with pytest.raises(InputError) as info:
        parse_jsonl('{"text": "ok"}\n' + deep + "\n", "in.jsonl")
    assert str(info.value) == "in.jsonl: line 2: invalid JSON (nested too deeply)"
    deep_inside = '{"text": "ok", "x": ' + "[" * 100_000 + "]" * 100_000 + "}"
    with pytest.raises(InputError, match="line 1: invalid JSON"):
        parse_jsonl(deep_inside)


def test_jsonl_integers_of_any_length_are_accepted_anywhere():
    digits = "1" * 5000  # more than Python converts to an int (4,300 digits)
    items = parse_jsonl(f'{{"text": "a b", "x": {digits}}}\n'
                        f'{{"id": {digits}, "text": "c d", "y": [-{digits}]}}\n'
                        '{"id": 7, "text": "e"}\n{"id": -0, "text": "f"}')
    assert [i["id"] for i in items] == ["line-1", digits, "7", "-0"]
    assert all(type(i["id"]) is str for i in items)


def test_jsonl_numbers_are_not_texts_and_floats_or_booleans_are_not_ids():
    with pytest.raises(InputError, match='line 1: no "text" string'):
        parse_jsonl('{"text": 12}')
    for ident in ("1.5", "true", "null", "[1]", '{"a": 1}', "1e400"):
        with pytest.raises(InputError, match='line 1: "id" must be a string or an integer'):
            parse_jsonl(f'{{"id": {ident}, "text": "a"}}')


@pytest.mark.parametrize("line, key", [
    ('{"id": "\\udfff", "text": "The party was wrong."}', "id"),
    ('{"id": "a\\ud800b", "text": "x"}', "id"),
    ('{"text": "The party \\udfff was wrong."}', "text"),
])
def test_jsonl_lone_surrogates_are_refused_naming_the_key(line, key):
    with pytest.raises(InputError) as info:
        parse_jsonl(line)
    message = str(info.value)
    assert message.startswith(f'stdin: line 1: "{key}" holds a lone surrogate (U+D')
    message.encode("utf-8")  # the message itself can be printed


def test_jsonl_a_surrogate_pair_is_one_character():
    assert parse_jsonl('{"id": "\\ud83d\\ude00", "text": "x"}')[0]["id"] == "\U0001F600"


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_jsonl_splits_lines_on_newline_only(separator):
    """Valid JSON may hold U+2028 (and the other characters ``str.splitlines`` breaks on)
    inside a string: the line is accepted and later line numbers are not shifted."""
    text = (json.dumps({"id": "a", "text": f"The party{separator}was wrong."},
                       ensure_ascii=False) + "\n" + '{"text": "x y"')
    assert separator in text.split("\n")[0]
    with pytest.raises(InputError, match="^stdin: line 2: invalid JSON"):
        parse_jsonl(text)
    items = parse_jsonl(text.split("\n")[0] + "\n\n" + '{"text": "x y"}')
    assert items[0]["text"] == f"The party{separator}was wrong."
    assert items[1]["id"] == "line-3"


@pytest.mark.parametrize("control", ["\x0b", "\x0c", "\x1c", "\r"])
def test_jsonl_a_raw_control_character_is_invalid_json_on_its_own_line(control):
    """(``str.splitlines`` would cut the line there and shift the numbers after it.)"""
    with pytest.raises(InputError, match="^stdin: line 2: invalid JSON \\(Invalid control"):
        parse_jsonl('{"text": "ok"}\n{"text": "a' + control + 'b"}\n{"text": "c"')


def test_jsonl_accepts_crlf_line_ends_and_counts_blank_lines():
    items = parse_jsonl('{"text": "a"}\r\n\r\n{"text": "b"}\r\n')
    assert [i["id"] for i in items] == ["line-1", "line-3"]


@pytest.mark.parametrize("text, source, fragment", [
    (None, "stdin", "text: expected the JSON lines as a string, got None"),
    (b'{"text": "a"}', "stdin", "got bytes"),
    ('{"text": "a"}', None, "source: expected a name"),
])
def test_parse_jsonl_checks_its_arguments(text, source, fragment):
    with pytest.raises(InputError) as info:
        parse_jsonl(text, source)
    assert fragment in str(info.value)


def test_jsonl_passages_one_row_per_item_with_the_passage_columns():
    df = jsonl_passages(parse_jsonl('{"id": "a", "text": "The *party* was wrong.[3]"}\n'
                                    '{"text": "\u201cAll power to the soviets!\u201d"}'), "in")
    assert list(df.columns) == PASSAGE_COLUMNS
    assert df["passage_id"].tolist() == ["a", "line-2"]
    assert df["text"].tolist() == ["The party was wrong.", "\u201cAll power to the soviets!\u201d"]
    assert df["voice"].tolist() == ["author", "quotation"]
    assert df["doc_id"].tolist() == ["in", "in"]
    assert df["end"].tolist() == [25, 27]
    assert jsonl_passages([]).columns.tolist() == PASSAGE_COLUMNS


@pytest.mark.parametrize("items, fragment", [
    (None, "items: expected a list"),
    ("text", "items: expected a list"),
    ({"id": "a", "text": "b"}, "items: expected a list"),
    ([{"id": "a", "text": "b"}, {"id": "c"}], "items: item 2: expected a dict"),
    ([{"id": 1, "text": "b"}], "items: item 1: expected a dict"),
    (["a text"], "items: item 1: expected a dict"),
])
def test_jsonl_passages_checks_its_items(items, fragment):
    with pytest.raises(InputError) as info:
        jsonl_passages(items)
    assert fragment in str(info.value)


# ------------------------------------------------------------------- voice rule ----
def test_passage_voice_rules():
    assert passage_voice("\u201cPower to the soviets,\u201d he said.") == "quotation"
    assert passage_voice("** \u2018Quoted\u2019 at the start.") == "quotation"
    assert passage_voice("He argued that \u2018the party must rule, whatever the class "
                         "thinks, in all things and for ever\u2019.") == "quotation"
    assert passage_voice("The party ruled alone.") == "author"
    scare = "\u2018Left\u2019 communism " + "was a current of the workers' movement. " * 10
    assert passage_voice(scare) == "author"  # a long paragraph opening on a scare quote
    with pytest.raises(InputError, match="raw: expected a string, got None"):
        passage_voice(None)


PARAGRAPH_WORDS = ["The", "party", "\u201cAll", "power\u201d", "\u2018Left\u2019", "said:",
                   "workers'", "Opposition", "\"quoted", "text\"", "*", "was", "wrong.", "1921",
                   "[3]", "(Allen", "2015,", "p.", "4)", "\u2026", ". . .", "- item", "that"]


@given(st.lists(st.sampled_from(PARAGRAPH_WORDS), min_size=1, max_size=60))
def test_passage_voice_agrees_with_the_segmenter_on_one_paragraph(words):
    """For a text the segmenter reads as one passage, with no paragraph before it, the
    one-passage rule gives the same voice."""
    text = " ".join(words)
    df = split_text(text)
    if len(df) == 1 and df.loc[0, "voice"] != "note":
        assert passage_voice(text) == df.loc[0, "voice"], text


# ---------------------------------------------------------------- argument checks ----
def test_check_frame_and_check_text_column():
    df = pd.DataFrame({"passage_id": ["a", "b"], "text": ["x", 3]})
    assert check_frame(df, "passages", ["text"]) is df
    with pytest.raises(InputError, match="^passages: expected a pandas DataFrame, got list$"):
        check_frame([1], "passages")
    with pytest.raises(InputError, match="^passages: no 'voice', 'tradition' column"):
        check_frame(df, "passages", ["voice", "text", "tradition"])
    with pytest.raises(InputError, match="^passages: row 1: 'text' is int, not a string$"):
        check_text_column(df, "passages")
    assert check_text_column(df.head(1), "passages") == ["x"]


def test_importing_inputs_is_cheap():
    import subprocess

    code = ("import sys, standpoint.cli; "
            "print(sorted({'pandas', 'numpy', 'sklearn'} & set(sys.modules)))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60)
    assert result.stdout.strip() == "[]", result.stderr
    assert inputs.MAX_INPUT_BYTES == 16_000_000
