"""Keyness: tokenisation, G2 / log ratio / corrections against hand-computed values, and
planted terms on synthetic passages (plus a run on the real corpus)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import power_divergence

from standpoint.terms import (
    KEYNESS_COLUMNS,
    STOP_WORDS,
    adjust_pvalues,
    group_order,
    keyness,
    log_likelihood,
    log_ratio,
    method_agreement,
    proper_names,
    term_matrix,
    tfidf_terms,
    tokenize,
)
from standpoint.text.quotes import is_scare_quote

ORDER = ["icc", "trotskyist", "anarchist", "academic"]


def planted(n=6, plant="zimmerwald", traditions=("icc", "anarchist", "academic")):
    """n passages per tradition: the same filler everywhere, ``plant`` in every icc passage,
    ``soviet`` once in every passage (twice ``plant`` and once ``line``, ``clear`` in icc's), a per-tradition word so sizes differ a little."""
    rows = []
    for t in traditions:
        for i in range(n):
            text = (f"The soviet and the congress debated policy. Workers demanded bread "
                    f"while the {t}word appeared.")
            if t == "icc":
                text += f" The {plant} line was clear, {plant} again."
            rows.append({"passage_id": f"{t}:{i:03d}", "doc_id": t, "tradition": t,
                         "voice": "author", "text": text})
    return pd.DataFrame(rows)


# ------------------------------------------------------------------ tokenisation ----

def test_stop_words_are_function_words_not_content_words():
    assert isinstance(STOP_WORDS, frozenset)
    assert {"the", "of", "and", "to", "we", "would", "don't", "however"} <= STOP_WORDS
    # content words that scikit-learn's list removes but that matter here
    assert not {"system", "interest", "whole", "part", "party", "trade", "unions",
                "dictatorship", "revolution", "workers", "first", "last"} & STOP_WORDS
    assert all(w == w.lower() and " " not in w for w in STOP_WORDS)


def test_meaningful_bigrams_survive_and_function_bigrams_do_not():
    terms = tokenize("The trade unions and the party dictatorship of the world revolution.")
    assert {"trade unions", "party dictatorship", "world revolution"} <= set(terms)
    assert "of the" not in terms and "dictatorship world" not in terms
    assert all(w not in STOP_WORDS for t in terms for w in t.split())
    # "dictatorship of the party" gives unigrams only
    assert tokenize("dictatorship of the party") == ["dictatorship", "party"]


def test_apostrophes_case_and_possessives_are_normalised():
    curly = tokenize("The Workers’ Opposition and Lenin’s “theses”", strip_quotes=False)
    straight = tokenize("the workers' opposition and lenin's \"theses\"", strip_quotes=False)
    assert curly == straight
    assert "workers opposition" in curly and "lenin" in curly and "theses" in curly
    assert "lenin's" not in curly and "workers'" not in curly


def test_hyphenated_words_are_one_token_and_numbers_are_dropped():
    terms = tokenize("One-man management was counter-revolution in 1921, said the 10th congress.")
    assert "one-man" in terms and "counter-revolution" in terms and "one-man management" in terms
    assert "revolution" not in terms and "man" not in terms
    assert not any(ch.isdigit() for t in terms for ch in t)
    assert "congress" in terms


def test_bigrams_do_not_cross_punctuation_numbers_or_dashes():
    assert "party congress" not in tokenize("the party. Congress met")
    assert "party congress" not in tokenize("party 1921 congress")
    assert "party congress" not in tokenize("party—congress")
    assert "party congress" not in tokenize("party -- congress")
    assert "party congress" in tokenize("party congress")


def test_quotations_are_stripped_by_default_and_not_bridged():
    text = 'He cited "bureaucratic centralism is killing the party" and the party congress agreed.'
    assert "bureaucratic" not in tokenize(text) and "killing" not in tokenize(text)
    assert "bureaucratic centralism" in tokenize(text, strip_quotes=False)
    assert "party congress" in tokenize(text)
    bridged = tokenize('the party "in question, they say." congress')
    assert "party congress" not in bridged and {"party", "congress"} <= set(bridged)
    with pytest.raises(ValueError):
        tokenize(text, strip_quotes="some")


def test_scare_quotes_stay_unless_all_quotes_go():
    text = 'The FAQ calls them the "Workers’ Opposition" and ‘one-man management’ returns.'
    kept = tokenize(text)
    assert {"workers opposition", "one-man management"} <= set(kept)
    gone = tokenize(text, strip_quotes="all")
    assert not {"workers", "opposition", "one-man", "management"} & set(gone)
    assert "faq" in gone and "returns" in gone
    # a short span that is a sentence (has a full stop) is a quotation, not a scare quote
    assert "retreat" not in tokenize('He said "we retreat now." and left.')
    assert is_scare_quote('"dictatorship of the proletariat"')
    assert not is_scare_quote('"the party must decide on this now"')


def test_bibliographic_references_and_cross_references_are_not_prose():
    text = ("Shlyapnikov protested [quoted by Daniels, Op. Cit., p. 147] and again "
            "(ibid, p. 10) as shown (Allen 2015) and in (Trotsky, My Life, p 481).")
    terms = tokenize(text)
    assert {"cit", "quoted", "daniels", "ibid", "allen", "trotsky", "life"}.isdisjoint(terms)
    assert "shlyapnikov protested" in terms
    # the FAQ's cross-references, with and without brackets, take their "see" with them
    faq = ("Lenin won (see section H.3.14) and, as we discuss in section H.3.13, the party "
           "-- see section I.3.8 -- ruled (see section H.5 on vanguardism).")
    terms = tokenize(faq)
    assert {"see", "section", "discuss", "see section"}.isdisjoint(terms)
    assert {"lenin", "party", "ruled", "vanguardism"} <= set(terms)
    # "see" in prose stays a word
    assert "see" in tokenize("We see the party rule.")


def test_ngram_range_is_respected_and_validated():
    assert tokenize("trade unions", ngram_range=(1, 1)) == ["trade", "unions"]
    assert tokenize("trade unions", ngram_range=(2, 2)) == ["trade unions"]
    assert tokenize("red trade unions", ngram_range=(3, 3)) == ["red trade unions"]
    with pytest.raises(ValueError):
        tokenize("x", ngram_range=(2, 1))


def test_proper_names_use_mid_sentence_capitalisation():
    texts = ["Then Kollontai spoke and the Opposition answered.",
             "The opposition met Kollontai. Workers left.", "Workers of the world."]
    names = proper_names(texts)
    assert "kollontai" in names
    assert "opposition" not in names  # capitalised 1 time in 2 mid-sentence
    assert "workers" not in names  # only ever opens a sentence: not judged


# -------------------------------------------------------------------- statistics ----

def test_g2_matches_the_formula_worked_by_hand():
    # a=100 in c=10,000 words against b=50 in d=20,000: E1 = 50, E2 = 100,
    # G2 = 2 (100 ln(100/50) + 50 ln(50/100)) = 2 (100 - 50) ln 2 = 100 ln 2
    assert log_likelihood(100, 50, 10_000, 20_000) == pytest.approx(100 * math.log(2))
    # a zero frequency contributes 0 ln 0 = 0: E2 = 100 * 10 / 200 = 5, G2 = 2 * 10 ln 2
    assert log_likelihood(0, 10, 100, 100) == pytest.approx(20 * math.log(2))
    # same relative frequency -> 0
    assert log_likelihood(10, 20, 1000, 2000) == pytest.approx(0.0, abs=1e-12)


def test_g2_agrees_with_scipy_and_is_symmetric():
    a, b, c, d = 37, 12, 5_321, 14_870
    e1, e2 = c * (a + b) / (c + d), d * (a + b) / (c + d)
    expected = power_divergence([a, b], f_exp=[e1, e2], lambda_="log-likelihood").statistic
    assert log_likelihood(a, b, c, d) == pytest.approx(expected)
    assert log_likelihood(a, b, c, d) == pytest.approx(log_likelihood(b, a, d, c))
    assert log_likelihood(np.array([a, 0]), np.array([b, 3]), c, d).shape == (2,)


def test_log_ratio_is_hardies_with_half_for_zeros():
    assert log_ratio(20, 10, 1000, 1000) == pytest.approx(1.0)
    assert log_ratio(10, 40, 1000, 1000) == pytest.approx(-2.0)
    assert log_ratio(4, 0, 100, 100) == pytest.approx(math.log2(4 / 0.5))
    assert log_ratio(0, 4, 100, 100) == pytest.approx(math.log2(0.5 / 4))


def test_corrections_match_hand_values():
    p = [0.01, 0.04, 0.03, 0.005]
    assert adjust_pvalues(p, "bonferroni").tolist() == pytest.approx([0.04, 0.16, 0.12, 0.02])
    # Holm: sorted 0.005*4, 0.01*3, 0.03*2, 0.04*1 -> running max 0.02, 0.03, 0.06, 0.06
    assert adjust_pvalues(p, "holm").tolist() == pytest.approx([0.03, 0.06, 0.06, 0.02])
    # BH: sorted 0.005*4/1, 0.01*4/2, 0.03*4/3, 0.04*4/4 -> running min from the top
    assert adjust_pvalues(p, "bh").tolist() == pytest.approx([0.02, 0.04, 0.04, 0.02])
    assert adjust_pvalues([0.5, 0.9], "bonferroni").tolist() == [1.0, 1.0]
    assert adjust_pvalues([], "holm").size == 0
    with pytest.raises(ValueError):
        adjust_pvalues(p, "sidak")


@given(st.lists(st.floats(min_value=0.0, max_value=1.0), min_size=1, max_size=40),
       st.sampled_from(["holm", "bonferroni", "bh"]))
def test_corrections_are_monotone_and_never_below_p(p, method):
    p = np.array(p)
    adj = adjust_pvalues(p, method)
    assert (adj >= p - 1e-15).all() and (adj <= 1.0).all()
    order = np.argsort(p, kind="stable")
    assert (np.diff(adj[order]) >= -1e-15).all()
    # the three corrections are ordered: BH <= Holm <= Bonferroni
    assert (adjust_pvalues(p, "bh") <= adjust_pvalues(p, "holm") + 1e-12).all()
    assert (adjust_pvalues(p, "holm") <= adjust_pvalues(p, "bonferroni") + 1e-12).all()


# ----------------------------------------------------------------------- keyness ----

def test_planted_term_comes_out_top_and_significant_and_even_term_does_not():
    k = keyness(planted())
    assert list(k.columns) == ["tradition"] + KEYNESS_COLUMNS
    icc = k[k.tradition == "icc"]
    top = icc.iloc[0]
    assert top.term == "zimmerwald" and top["rank"] == 1 and top.direction == "over"
    assert top.significant and top.p_adj < 0.05 and top.freq == 12 and top.freq_other == 0
    assert top.n_passages == 6
    assert icc.set_index("term").loc["zimmerwald line", "significant"]
    soviet = k[k.term == "soviet"]
    assert len(soviet) == 3 and not soviet.significant.any()
    assert (soviet.p_adj > 0.5).all()
    # elsewhere the planted term is under-used, flagged but not "significant" by default
    other = k[(k.term == "zimmerwald") & (k.tradition != "icc")]
    assert (other.direction == "under").all() and not other.significant.any()
    assert (other.freq == 0).all() and (other.log_ratio < 0).all()


def test_table_is_sorted_ranked_and_consistent():
    k = keyness(planted())
    assert list(pd.unique(k.tradition)) == ["icc", "anarchist", "academic"]
    for t, g in k.groupby("tradition", sort=False):
        assert g.term.is_unique
        over = g[g.direction == "over"]
        under = g[g.direction == "under"]
        assert list(g.direction) == ["over"] * len(over) + ["under"] * len(under)
        for part in (over, under):
            assert list(part["rank"]) == list(range(1, len(part) + 1))
            assert (np.diff(part.g2.to_numpy()) <= 1e-12).all()
            ties = part[part.g2.duplicated(keep=False)]
            for _, same in ties.groupby("g2"):
                assert list(same.term) == sorted(same.term)
        assert ((g.log_ratio > 0) == (g.direction == "over")).all()
    totals = k.groupby("term")[["freq"]].sum().freq
    assert (k.freq + k.freq_other == k.term.map(totals)).all()
    assert (k.n_passages <= 6).all() and (k.g2 >= 0).all() and (k.p_adj >= k.p).all()


def test_shuffled_input_gives_the_same_table_and_input_is_untouched():
    df = planted()
    before = df.copy()
    order = ["icc", "anarchist", "academic"]
    a = keyness(df, order=order)
    b = keyness(df.sample(frac=1, random_state=3), order=order)
    pd.testing.assert_frame_equal(a, b)
    pd.testing.assert_frame_equal(df, before)


def test_one_passage_term_is_not_a_tradition_stress():
    df = planted(plant="soviet")  # icc gets nothing special ...
    df.loc[0, "text"] += " Kommunist" + " kommunist" * 14 + "."
    df.loc[1, "text"] += " Kommunist."  # ... except one passage hammering one word
    k = keyness(df, min_docs=2).set_index(["tradition", "term"])
    row = k.loc[("icc", "kommunist")]
    assert row.p_adj < 0.05 and row.n_passages == 2
    assert row.significant
    df.loc[1, "text"] = df.loc[1, "text"].replace(" Kommunist.", "")
    df.loc[7, "text"] += " Kommunist."  # the second passage is now anarchist
    k = keyness(df, min_docs=2).set_index(["tradition", "term"])
    row = k.loc[("icc", "kommunist")]
    assert row.n_passages == 1 and row.p_adj < 0.05 and not row.significant


def test_voice_filter_and_quote_stripping():
    df = planted()
    quote = pd.DataFrame([{"passage_id": "icc:q", "doc_id": "icc", "tradition": "anarchist",
                           "voice": "quotation", "text": "Zimmerwald " * 10}])
    df2 = pd.concat([df, quote], ignore_index=True)
    k = keyness(df2).set_index(["tradition", "term"])
    assert k.loc[("anarchist", "zimmerwald"), "freq"] == 0
    k_all = keyness(df2, voice=None).set_index(["tradition", "term"])
    assert k_all.loc[("anarchist", "zimmerwald"), "freq"] == 10
    df3 = planted()
    df3.loc[df3.tradition == "anarchist", "text"] += ' He wrote "zimmerwald zimmerwald was our line".'
    assert keyness(df3).set_index(["tradition", "term"]).loc[("anarchist", "zimmerwald"), "freq"] == 0
    kq = keyness(df3, strip_quotes=False).set_index(["tradition", "term"])
    assert kq.loc[("anarchist", "zimmerwald"), "freq"] == 12


def test_names_keep_flags_them_and_drop_removes_them():
    df = planted()
    df.loc[df.tradition == "icc", "text"] += " Then Kollontai and Shlyapnikov spoke."
    keep = keyness(df)
    flags = keep.drop_duplicates("term").set_index("term").is_name
    assert flags["kollontai"] and flags["shlyapnikov"] and flags["shlyapnikov spoke"]
    assert not flags["zimmerwald"] and not flags["soviet"] and not flags["zimmerwald line"]
    drop = keyness(df, names="drop")
    assert not {"kollontai", "shlyapnikov"} & set(drop.term)
    assert not drop.is_name.any()
    with pytest.raises(ValueError):
        keyness(df, names="mask")


def test_groups_absent_order_and_at_least_two():
    df = planted()
    k = keyness(df, order=["academic", "trotskyist", "icc"])
    assert list(pd.unique(k.tradition)) == ["academic", "icc", "anarchist"]
    assert "trotskyist" not in set(k.tradition)
    with pytest.raises(ValueError, match="two groups"):
        keyness(df[df.tradition == "icc"])
    two = keyness(df[df.tradition != "academic"])
    assert set(two.tradition) == {"icc", "anarchist"}
    # any grouping column, any number of groups
    df["doc_id"] = [f"d{i % 4}" for i in range(len(df))]
    by_doc = keyness(df, by="doc_id")
    assert by_doc.columns[0] == "doc_id" and set(by_doc.doc_id) == {"d0", "d1", "d2", "d3"}
    with pytest.raises(ValueError):
        keyness(df, by="no_such_column")


def test_group_order_is_an_argument_never_the_traditions_file():
    # first appearance by default (the project's traditions.csv would put icc first)
    assert group_order(["academic", "anarchist", "icc", "academic"]) == ["academic", "anarchist", "icc"]
    assert group_order(["academic", "anarchist", "icc", "trotskyist"], order=ORDER) == ORDER
    # the given order first (groups absent from the values are left out), then the rest sorted
    assert group_order(["zeta", "icc", "alpha"], order=ORDER) == ["icc", "alpha", "zeta"]
    cat = pd.Series(pd.Categorical(["b", "a"], categories=["c", "b", "a"]))
    assert group_order(cat) == ["b", "a"]
    first = keyness(planted(traditions=("academic", "icc", "anarchist")))
    assert list(pd.unique(first.tradition)) == ["academic", "icc", "anarchist"]


def test_positive_only_false_and_correction_choice():
    k = keyness(planted(n=30), positive_only=False, correction="bonferroni")
    under = k[(k.term == "zimmerwald") & (k.tradition != "icc")]
    assert under.significant.all()
    holm = keyness(planted(), correction="holm")
    bh = keyness(planted(), correction="bh")
    assert bh.significant.sum() >= holm.significant.sum()
    assert (bh.p_adj <= holm.set_index(["tradition", "term"]).loc[
        list(zip(bh.tradition, bh.term)), "p_adj"].to_numpy() + 1e-12).all()
    with pytest.raises(ValueError):
        keyness(planted(), correction="none")


def test_term_filter_is_applied_to_the_whole_selection():
    k = keyness(planted(), min_freq=3, min_docs=2)
    assert set(k.term) == set(term_matrix(planted()).trim(min_freq=3, min_docs=2).terms)
    totals = k.groupby("term").freq.sum()
    assert (totals >= 3).all()
    rare = planted()
    rare.loc[0, "text"] += " Rarissimo rarissimo."
    rare.loc[1, "text"] += " Scattered."
    rare.loc[2, "text"] += " Scattered."
    rare.loc[3, "text"] += " Scattered."
    terms = set(keyness(rare).term)
    assert "rarissimo" not in terms  # 2 occurrences < min_freq
    assert "scattered" in terms


def test_empty_vocabulary_gives_an_empty_table_with_the_columns():
    k = keyness(planted(), min_freq=10_000)
    assert k.empty and list(k.columns) == ["tradition"] + KEYNESS_COLUMNS


# ------------------------------------------------------------------ tf-idf & agreement ----

def test_tfidf_terms_top_per_tradition_and_shares_the_tokenizer():
    df = planted()
    t = tfidf_terms(df, top=5)
    assert list(t.columns) == ["tradition", "term", "tfidf", "rank", "freq", "is_name"]
    assert list(pd.unique(t.tradition)) == ["icc", "anarchist", "academic"]
    assert t.groupby("tradition").size().max() == 5
    icc = t[t.tradition == "icc"]
    assert set(icc.term.head(2)) <= {"zimmerwald", "zimmerwald line", "line", "clear",
                                      "line clear"}
    assert "zimmerwald" in set(icc.term)
    assert "zimmerwald" not in set(t[t.tradition != "icc"].term)
    for _, g in t.groupby("tradition"):
        assert list(g["rank"]) == list(range(1, len(g) + 1))
        assert (np.diff(g.tfidf.to_numpy()) <= 1e-12).all()
    assert set(tfidf_terms(df, top=None).term) <= set(keyness(df).term)


def test_method_agreement_hand_example():
    k = pd.DataFrame({"tradition": ["icc"] * 5 + ["academic"] * 2,
                      "term": ["a", "b", "c", "d", "z", "x", "y"],
                      "direction": ["over"] * 4 + ["under"] + ["over"] * 2,
                      "rank": [1, 2, 3, 4, 1, 1, 2]})
    t = pd.DataFrame({"tradition": ["icc"] * 4 + ["academic"] * 2,
                      "term": ["c", "b", "a", "z", "x", "q"], "rank": [1, 2, 3, 4, 1, 2]})
    m = method_agreement(k, t, top=4).set_index("tradition")
    assert m.loc["icc", "overlap"] == 3  # z is under-used: not in the keyness top
    assert m.loc["icc", "jaccard"] == pytest.approx(3 / 5)
    assert m.loc["icc", "spearman"] == pytest.approx(-1.0)
    assert m.loc["icc", "shared"] == "a; b; c"
    assert m.loc["academic", "overlap"] == 1 and np.isnan(m.loc["academic", "spearman"])
    assert list(m.index) == ["icc", "academic"]


# ---------------------------------------------------------------------- real data ----

@pytest.fixture(scope="module")
def stand_in(passages):
    return passages[passages.text.str.contains("Workers['’] Opposition", regex=True)]


def test_real_selection_runs_in_tradition_order(stand_in, corpus):
    k = keyness(stand_in, order=corpus.tradition_order)
    assert list(pd.unique(k.tradition)) == ORDER == corpus.tradition_order
    assert not any(ch.isdigit() for term in k.term for ch in term)
    assert all(w not in STOP_WORDS for term in set(k.term) for w in term.split())
    assert "workers opposition" in set(k.term)
    assert k.significant.any()
    assert {"cit", "ibid", "see", "see section"}.isdisjoint(k.term)
    t = tfidf_terms(stand_in, order=ORDER)
    agree = method_agreement(k, t)
    assert list(agree.tradition) == ORDER
    assert (agree.overlap <= 15).all() and agree.jaccard.between(0, 1).all()


@given(st.text(alphabet=st.sampled_from(list("abcXYZ019 -'’“”\".,;:()[]—é\n")), max_size=80))
def test_tokenize_properties_on_arbitrary_text(text):
    """Whatever the text: lowercase terms, no digits, no stop words, no edge punctuation,
    unigrams and bigrams only, and every bigram's words are unigrams of the same text."""
    terms = tokenize(text)
    unigrams = {t for t in terms if " " not in t}
    for term in terms:
        words = term.split(" ")
        assert 1 <= len(words) <= 2 and term == term.lower()
        assert not any(ch.isdigit() for ch in term)
        assert all(w not in STOP_WORDS and len(w) >= 2 for w in words)
        assert all(w[0] not in "'-" and w[-1] not in "'-" for w in words)
        assert set(words) <= unigrams
    assert tokenize(text) == terms
