"""Every pattern and loop applied to a text takes time linear in its length, whatever its shape.

A regular expression that restarts at every position of a long run (of digits, dots, tabs,
brackets...) and scans to its end, or a loop that walks back over everything seen so far, is
quadratic: the issue's ``"Lenin told the congress:\\n\\n(" + "1" * 150000 + "x"`` took 90 s to
segment. These tests feed such shapes to every function that reads text -- the segmenter,
the tagger's text preparation, the sentence / citation / date scanners of
:mod:`standpoint.mentions`, the stance scorer, the keyness tokenizer and kwic -- at n and 4n
characters, and compare the CPU time of the two (no wall-clock timing, no absolute budget):
linear work grows about 4 times, quadratic work 16 times; the bound is 10. Each size is
measured twice, interleaved, and the faster run counts (a busy machine only ever slows a
run down), with the garbage collector off; a ratio over the bound is measured again twice
before the test fails.
"""

from __future__ import annotations

import gc
import subprocess
import sys
import time

import pandas as pd
import pytest

from standpoint.corpus import load_lexicon, load_oppositions
from standpoint.segment import split_text
from standpoint.stance import matching
from standpoint.tagger import prepare_text
from standpoint.terms import kwic, tokenize
from standpoint.text.quotes import quote_spans
from standpoint.text.references import citation_spans
from standpoint.text.sentences import sentence_spans
from standpoint.topics import date_spans, mentions, topics

N = 10_000  # characters of the smaller input; the larger has 4N
BOUND = 10.0  # CPU time at 4N / CPU time at N: about 4 if linear, 16 if quadratic


def _repeat(unit: str, chars: int) -> str:
    return unit * max(1, chars // len(unit))


def _pair(first: str, second: str, chars: int) -> str:
    k = max(1, chars // (2 * (len(first) + len(second))))
    return first * k + second * k


#: adversarial shapes: ``name -> function of the size in characters``
SHAPES = {
    "digits after a lead-in (the issue's)": lambda n: "Lenin told the congress:\n\n(" + "1" * n + "x",
    "bracket, words, no close": lambda n: "Lenin said:\n\n[" + _repeat("p. 4 ", n),
    "unclosed brackets": lambda n: "[" * n,
    "unclosed parentheses": lambda n: "(" * n,
    "brackets before a link never closed": lambda n: "[" * (n // 2) + "](#" + "a" * (n // 2),
    "parentheses closed by brackets": lambda n: _pair("(", "]", n),
    "tabs in a line": lambda n: "Contents\n\nword" + "\t" * n + "x",
    "dots": lambda n: "." * n,
    "ellipses": lambda n: "…" * n,
    "straight double quotes": lambda n: '"' * n,
    "curly opening quotes": lambda n: _repeat("“a ", n),
    "single quotes under closing doubles": lambda n: _pair("‘a ", "” ", n),
    "possessives inside a single quote": lambda n: "He said ‘" + _repeat("workers’ a ", n) + "end’.",
    "apostrophes": lambda n: _repeat("s' ", n),
    "spaces in one line": lambda n: "a" + " " * n + "b",
    "one huge line of prose": lambda n: _repeat("The party was wrong, said Lenin in 1921. ", n),
    "capitalised words": lambda n: _repeat("Word ", n),
    "initials": lambda n: _repeat("A. ", n),
    "numbers with commas": lambda n: _repeat("1,", n) + "x",
    "section numbers": lambda n: "(section H" + _repeat(".1", n) + "x",
    "page ranges": lambda n: "p. " + _repeat("1-", n) + "x",
    "references before capitals": lambda n: _repeat("(p. 1) A ", n),
    "years inside references": lambda n: _repeat("[p. 1] 1921 ", n),
    "colons and lead-ins": lambda n: _repeat("that:\n\n", n),
    "one name repeated": lambda n: _repeat("Trotsky ", n),
}


def _frame(text: str) -> pd.DataFrame:
    return pd.DataFrame({"passage_id": ["x:001"], "tradition": ["icc"], "text": [text]})


_LEXICON = load_lexicon()
_REGISTRY = load_oppositions()


def _topics(text: str) -> pd.DataFrame:
    """The mentions and topics of a text (one passage per paragraph)."""
    p = split_text(text)
    return topics(p, mentions(p, _REGISTRY), _REGISTRY)


FUNCTIONS = {
    "split_text": split_text,
    "quote_spans": quote_spans,
    "prepare_text": prepare_text,
    "sentence_spans": sentence_spans,
    "date_spans": lambda t: date_spans(t, [("Tenth Congress", 1921, 1921)], citation_spans(t)),
    "score_text": lambda t: matching.score_text(t, _LEXICON),
    "tokenize": tokenize,
    "kwic": lambda t: kwic(_frame(t), "workers opposition"),
    "mentions and topics": _topics,
}


def _cpu(function, argument) -> float:
    start = time.thread_time()
    function(argument)
    return time.thread_time() - start


def work_ratio(function, small: str, large: str) -> float:
    """CPU time of ``function(large)`` over ``function(small)``: the faster of two
    interleaved runs of each, with the garbage collector off."""
    enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        function(small)  # warm up (lazily built patterns, caches)
        times_small, times_large = [], []
        for _ in range(2):
            times_small.append(_cpu(function, small))
            times_large.append(_cpu(function, large))
        return min(times_large) / max(min(times_small), 1e-4)
    finally:
        if enabled:
            gc.enable()


def assert_linear(function, shape, n: int = N) -> None:
    small, large = shape(n), shape(4 * n)
    ratios = []
    for _ in range(3):  # a ratio over the bound is measured again before failing
        ratios.append(work_ratio(function, small, large))
        if ratios[-1] <= BOUND:
            return
    pytest.fail(f"work grew {min(ratios):.1f} times for 4 times the text (ratios {ratios}): "
                "quadratic, not linear")


@pytest.mark.parametrize("shape", SHAPES.values(), ids=SHAPES.keys())
@pytest.mark.parametrize("function", FUNCTIONS.values(), ids=FUNCTIONS.keys())
def test_work_grows_linearly_with_the_text(function, shape):
    assert_linear(function, shape)


def test_the_checker_catches_quadratic_work():
    """The measure itself: a deliberately quadratic scan fails it, a linear one passes."""
    def quadratic(text):
        return sum(text.count("x", i) for i in range(0, len(text), 8))

    def linear(text):
        return text.count("x")

    shape = SHAPES["dots"]
    assert work_ratio(quadratic, shape(20_000), shape(80_000)) > BOUND
    assert_linear(linear, shape, n=200_000)


def test_many_excluded_spans_and_mentions_stay_linear():
    """The stance scorer with one excluded span per word (opposition names), and the token
    range of every mention (the windows): no scan of every span for every token."""
    def score(text):
        spans = [(i, i + 7) for i in range(0, len(text), 8)]
        tokens = matching.tokenise(text)
        for a, z in spans:
            matching.token_range(tokens, a, z)
        return matching.score_text(text, _LEXICON, exclude=spans)

    assert_linear(score, lambda n: _repeat("Trotsky ", n))


def test_the_issues_input_is_segmented_and_prepared_at_full_size():
    """The issue's reproduction at its full size (150,000 digits): segmenting it and preparing
    its passages for the tagger took about 90 s; linear, it takes well under a second. A
    subprocess with a 60 s limit: generous enough never to fail on a busy machine, and still
    far below what the quadratic pattern took."""
    code = (
        "from standpoint.segment import split_text\n"
        "from standpoint.tagger import prepare_text\n"
        "text = 'Lenin told the congress:\\n\\n(' + '1' * 150000 + 'x\\n'\n"
        "df = split_text(text)\n"
        "assert list(df.voice) == ['author', 'quotation'], list(df.voice)\n"
        "assert [len(prepare_text(t)) > 0 for t in df.text] == [True, True]\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
