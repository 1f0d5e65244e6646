"""The one tokeniser (standpoint.text.tokens) and the one reference detector it uses: each
parameter's effect, words() as the lexicon has always read words, the concordance pattern
finding what the tokeniser counts."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from standpoint.errors import InputError
from standpoint.terms import tokenize
from standpoint.text.quotes import normalise
from standpoint.text.references import reference_spans
from standpoint.text.tokens import WORD, ngrams, phrase_pattern, scan, words


def ws(text: str, **kwargs) -> list[str]:
    return [t.word for t in scan(text, **kwargs).tokens]


def test_hyphens_possessives_numbers_and_case_are_parameters():
    text = "Lenin's one-man rule in 1921 and the 10th congress' Workers’ line"
    assert ws(text) == ["lenin", "one-man", "rule", "in", "and", "the", "congress", "workers",
                        "line"]
    assert ws(text, hyphens="split")[1:3] == ["one", "man"]
    assert ws(text, possessives="keep")[0] == "lenin's"
    assert ws(text, numbers="split") == ["lenin", "one-man", "rule", "in", "and", "the", "th",
                                         "congress", "workers", "line"]
    assert ws(text, lower=False)[0] == "Lenin"
    assert [t.capitalised for t in scan(text).tokens][:2] == [True, False]
    for name in ("hyphens", "possessives", "numbers", "references"):
        with pytest.raises(InputError, match=name):
            scan(text, **{name: "sometimes"})
    with pytest.raises(InputError, match="text must be a string"):
        scan(None)


def test_references_and_quotations_are_removed_as_breaks():
    text = 'The party [Daniels, Op. Cit., p. 87] congress said "we retreat now." and ‘one-man’ rule.'
    assert ws(text) == ["the", "party", "congress", "said", "and", "one-man", "rule"]
    assert "daniels" in ws(text, references="keep")
    assert "retreat" in ws(text, strip_quotes=False)
    assert "one-man" not in ws(text, strip_quotes="all")
    tokens = scan(text).tokens
    party, congress = tokens[1], tokens[2]
    assert congress.clause > party.clause and congress.position == "unknown"
    assert [t.quoted for t in tokens] == [False] * 5 + [True, False]
    assert not any(t.quoted for t in scan(text, mark_quoted=False, strip_quotes=False).tokens)
    assert scan(text).n_words == len(tokens)


def test_positions_and_clauses():
    tokens = scan("The party. Then Lenin, and V. I. Lenin spoke").tokens
    assert [(t.word, t.position) for t in tokens][:4] == [
        ("the", "start"), ("party", "mid"), ("then", "start"), ("lenin", "mid")]
    clauses = [t.clause for t in tokens]
    assert clauses == sorted(clauses) and clauses[0] == clauses[1] < clauses[2]


def test_ngrams_stay_inside_a_clause_and_a_quoted_ngram_is_all_quoted():
    tokens = scan("the ‘party line’ held, a. b. trade unions").tokens
    grams = ngrams(tokens, (1, 2), skip=frozenset({"the"}))
    assert grams == [("party", True), ("line", True), ("held", False), ("party line", True),
                     ("line held", False), ("trade", False), ("unions", False),
                     ("trade unions", False)]
    assert [g for g, _ in ngrams(tokens, (2, 2))] == ["the party", "party line", "line held",
                                                       "trade unions"]
    with pytest.raises(InputError):
        ngrams(tokens, (0, 1))


WORD_ALPHABET = list("abcXYZé019 -'’.,;:()[]\n\"“”")


@given(st.text(alphabet=st.sampled_from(WORD_ALPHABET), max_size=60))
def test_words_read_as_the_lexicon_always_read_them(text):
    """words() is the scanner with hyphens and digits splitting, inner apostrophes kept:
    the same tokens as the letters-and-apostrophes pattern the lexicon was written for."""
    assert words(text) == [m.group().lower().replace("’", "'") for m in WORD.finditer(text)]


def test_words_treat_every_apostrophe_character_alike():
    # (one quote normalisation for the package: a typographic apostrophe is an apostrophe)
    assert words("don‘t donʼt don`t don't") == ["don't"] * 4


def test_cross_references_take_the_words_announcing_them():
    text = ("It won (see section H.3.14) and, as we discuss in section H.3.13, the party -- see "
            "section I.3.8 -- ruled (see section H.5 on vanguardism); as indicated in section H.2, "
            "we see the section (see below).")
    found = [(text[a:b], kind) for a, b, kind in reference_spans(text)]
    assert found == [("(see section H.3.14)", "xref"), ("as we discuss in section H.3.13", "xref"),
                     ("see section I.3.8", "xref"), ("see section H.5", "xref"),
                     ("as indicated in section H.2", "xref")]


@given(st.text(alphabet=st.sampled_from(list("abcXYZ019 -'’“”\".,;:()[]—é\n")), max_size=80))
def test_the_concordance_pattern_finds_every_counted_word(text):
    """Every unigram the tokeniser counts in a text is found there (at least as often) by the
    pattern the concordance searches with."""
    target = normalise(text)
    terms = tokenize(text, ngram_range=(1, 1), strip_quotes=False)
    for term in set(terms):
        assert len(phrase_pattern(term).findall(target)) >= terms.count(term), term


def test_phrase_pattern_follows_the_hyphen_and_possessive_rules():
    text = normalise("Counter-revolution! Lenin’s party and the lenin party; Lenin's")
    assert phrase_pattern("revolution").search(text) is None
    assert phrase_pattern("revolution", hyphens="split").search(text)
    assert [m.group() for m in phrase_pattern("lenin party").finditer(text)] == [
        "Lenin's party", "lenin party"]
    assert [m.group() for m in phrase_pattern("lenin's", possessives="keep").finditer(text)] == [
        "Lenin's", "Lenin's"]
    with pytest.raises(InputError, match="no word"):
        phrase_pattern(" ' ")
