"""The tagger (LinearTagger, and TraditionTagger which learns when to abstain): scikit-learn conventions, text preparation, what it is trained on,
determinism, explanations, the ``uncertain`` verdict and ``tag_passages``."""

from __future__ import annotations

import pickle
import subprocess
import sys
import warnings

import numpy as np
import pandas as pd
import pytest

from standpoint.tagger import (
    REGISTER_LEXICONS,
    SKLEARN_EXPECTED_FAILED_CHECKS,
    UNCERTAIN,
    LinearTagger,
    TraditionTagger,
    balanced_weights,
    fit_corpus_tagger,
    fit_passages,
    lowercase_lexicon,
    prepare_text,
    register_tokens,
    tag_passages,
    training_frame,
)
from standpoint.tagger.char_ngrams import CharNgrams, char_wb_ngrams

ICC_STUFFED = ("The proletariat and its revolutionary fractions fought the counter-revolution; "
               "the communist left defended proletarian internationalism against the "
               "opportunism and degeneration of the International.")
ANARCHIST_STUFFED = ("Anarchists argue that the Leninists, with their vanguardism and "
                     "hierarchical party dictatorship, crushed libertarian self-management "
                     "from below.")


# ------------------------------------------------------------------ fixtures ----
@pytest.fixture(scope="session")
def author(passages):
    return training_frame(passages)


@pytest.fixture(scope="session")
def small(author):
    """A small, fixed training set (every 3rd authorial passage) for cheap fits."""
    return author.iloc[::3]


@pytest.fixture(scope="session")
def small_tagger(small):
    return LinearTagger().fit(small["text"].tolist(), small["tradition"].to_numpy(),
                              groups=small["doc_id"].to_numpy())


@pytest.fixture(scope="session")
def corpus_tagger(corpus):
    return fit_corpus_tagger(corpus)


@pytest.fixture(scope="session")
def held_texts(author):
    """Authorial texts the small tagger did not see."""
    return author.iloc[1::3]["text"].tolist()[:60]


# --------------------------------------------------------------- package import ----
def test_import_standpoint_does_not_import_sklearn():
    code = "import sys, standpoint; assert 'sklearn' not in sys.modules, 'sklearn imported'"
    subprocess.run([sys.executable, "-c", code], check=True)


# ----------------------------------------------------------- text preparation ----
def test_prepare_text_quotes_numbers_names():
    out = prepare_text('In 1921 Kollontai wrote “all power to the soviets” and 3 more.')
    assert out == "In _year_ _name_ wrote _quote_ and _num_ more."


def test_prepare_text_keeps_acronyms_and_doctrine_with_a_lexicon():
    lexicon = lowercase_lexicon(["the party and the left opposition"])
    out = prepare_text("The Leninists of the ICC, the Bolsheviks and Stalinism met Lenin "
                       "and the Left Opposition.", lexicon=lexicon)
    assert "Leninists" in out and "ICC" in out and "Bolsheviks" in out and "Stalinism" in out
    assert "Lenin " not in out and "_name_" in out
    assert "Left Opposition" in out  # common words, capitalised


def test_prepare_text_citations_modes():
    text = "As he put it [Daniels, Op. Cit., p. 114], the book (Allen 2015) agrees."
    assert "_bibref_" in prepare_text(text, citations="tokens")
    assert "_cite_" in prepare_text(text, citations="tokens")
    stripped = prepare_text(text, citations="strip")
    assert "Daniels" not in stripped and "Cit" not in stripped and "_cite_" not in stripped
    assert "Cit" in prepare_text(text, citations="keep")
    with pytest.raises(ValueError, match="citations"):
        prepare_text(text, citations="maybe")
    with pytest.raises(ValueError, match="mask"):
        prepare_text(text, mask="everything")


def test_quoted_words_are_not_features():
    t = LinearTagger(char_ngrams=None).fit(
        ['he said "zzquoted words here" and left', "plain text about the party",
         "the party said nothing", 'they wrote "zzquoted again" today'],
        ["a", "b", "b", "a"])
    assert not any("zzquoted" in name for name in t.feature_names_)
    assert "_quote_" in set(t.feature_names_)


def test_register_tokens_pool_the_lexicons():
    assert register_tokens("We read the article; perhaps the proletariat") == (
        "_lex_we_ _lex_scholarly_ _lex_hedging_ _lex_left_communist_")
    assert register_tokens("nothing here") == ""
    for name, words in REGISTER_LEXICONS.items():
        assert words, name
        assert len(set(words)) == len(words), f"duplicates in {name}"


def test_char_ngrams_equal_sklearn_char_wb(author):
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = author["text"].tolist()[:40]
    ours = CharNgrams((2, 4), sublinear_tf=True)
    mine = ours.fit_transform(texts)
    ref_vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True,
                              norm=None)
    ref = ref_vec.fit_transform(texts)
    assert list(ours.get_feature_names_out()) == list(ref_vec.get_feature_names_out())
    assert np.allclose(mine.toarray(), ref.toarray())
    unseen = author["text"].tolist()[40:50]
    assert np.allclose(ours.transform(unseen).toarray(), ref_vec.transform(unseen).toarray())
    assert char_wb_ngrams("a", 2, 4) == [" a", "a ", " a "]


# ------------------------------------------------------- scikit-learn conventions ----
@pytest.mark.parametrize("estimator", [LinearTagger(), TraditionTagger(threshold=0.5)],
                         ids=["LinearTagger", "TraditionTagger"])
def test_check_estimator_passes_except_documented_checks(estimator):
    from sklearn.utils.estimator_checks import check_estimator

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        results = check_estimator(estimator, on_fail=None, on_skip=None,
                                  expected_failed_checks=SKLEARN_EXPECTED_FAILED_CHECKS)
    failed = sorted({r["check_name"] for r in results if r["status"] == "failed"})
    assert failed == [], f"checks failing without a documented reason: {failed}"
    status = {}
    for r in results:
        status.setdefault(r["check_name"], set()).add(r["status"])
    # the dict stays honest: every documented check really fails
    passing_but_listed = sorted(name for name in SKLEARN_EXPECTED_FAILED_CHECKS
                                if status.get(name) != {"xfail"})
    assert passing_but_listed == [], f"listed as failing but not failing: {passing_but_listed}"
    assert sum("passed" in s for s in status.values()) >= 20  # measured: 26 pass
    assert all(reason.strip() for reason in SKLEARN_EXPECTED_FAILED_CHECKS.values())


def test_init_only_stores_parameters():
    t = LinearTagger(C=3.0, char_ngrams=None)
    assert t.get_params()["C"] == 3.0 and t.get_params()["char_ngrams"] is None
    assert not [k for k in vars(t) if k.endswith("_")]


def test_fit_returns_self(small):
    t = LinearTagger(char_ngrams=None)
    assert t.fit(small["text"].tolist(), small["tradition"]) is t


def test_fit_does_not_change_params(small):
    t = LinearTagger()
    before = t.get_params()
    t.fit(small["text"].tolist(), small["tradition"], groups=small["doc_id"])
    assert t.get_params() == before


def test_deterministic(small, held_texts, small_tagger):
    again = LinearTagger().fit(small["text"].tolist(), small["tradition"].to_numpy(),
                                  groups=small["doc_id"].to_numpy())
    assert np.array_equal(small_tagger.predict_proba(held_texts), again.predict_proba(held_texts))
    assert list(small_tagger.feature_names_) == list(again.feature_names_)


def test_pickle_roundtrip(small_tagger, held_texts):
    clone = pickle.loads(pickle.dumps(small_tagger))
    assert np.array_equal(clone.predict_proba(held_texts), small_tagger.predict_proba(held_texts))


def test_input_types(small_tagger, held_texts):
    expected = small_tagger.predict_proba(held_texts[:5])
    variants = [held_texts[:5], tuple(held_texts[:5]), np.array(held_texts[:5], dtype=object),
                pd.Series(held_texts[:5]), pd.DataFrame({"text": held_texts[:5]}),
                np.array(held_texts[:5], dtype=object).reshape(-1, 1)]
    for X in variants:
        assert np.array_equal(small_tagger.predict_proba(X), expected), type(X)


def test_rejects_non_text(small_tagger):
    with pytest.raises(ValueError, match="single str"):
        small_tagger.predict("one text, not a list")
    with pytest.raises(ValueError, match="NaN"):
        small_tagger.predict(["a text", float("nan")])
    with pytest.raises(ValueError, match="str"):
        small_tagger.predict([1, 2])
    with pytest.raises(ValueError, match="columns"):
        small_tagger.predict(np.array([["a", "b"]], dtype=object))
    with pytest.raises(ValueError, match="y is None"):
        LinearTagger().fit(["a", "b"], None)
    with pytest.raises(ValueError, match="1 class"):
        LinearTagger().fit(["a", "b"], ["x", "x"])
    with pytest.raises(ValueError, match="0 sample"):
        small_tagger.predict([])


def test_unfitted_raises_not_fitted():
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError):
        LinearTagger().predict(["text"])
    with pytest.raises(NotFittedError):
        TraditionTagger().verdict(["text"])


def test_labels_any_type():
    texts = ["red flag red", "black flag black", "red banner", "black banner"]
    t = LinearTagger(char_ngrams=None).fit(texts, [2, 1, 2, 1])
    assert t.classes_.tolist() == [1, 2]
    assert t.predict(["red red"]).tolist() == [2]


def test_sample_order_and_subset_invariance(small_tagger, held_texts):
    full = small_tagger.predict_proba(held_texts)
    order = np.random.RandomState(0).permutation(len(held_texts))
    permuted = small_tagger.predict_proba([held_texts[i] for i in order])
    assert np.allclose(permuted, full[order])
    assert np.allclose(small_tagger.predict_proba(held_texts[:7]), full[:7])


def test_predict_does_not_change_state(small_tagger, held_texts):
    before = {k: id(v) for k, v in vars(small_tagger).items()}
    small_tagger.predict_proba(held_texts[:3])
    small_tagger.explain(held_texts[0])
    assert {k: id(v) for k, v in vars(small_tagger).items()} == before


def test_probabilities_are_distributions(small_tagger, held_texts):
    proba = small_tagger.predict_proba(held_texts)
    assert proba.shape == (len(held_texts), len(small_tagger.classes_))
    assert np.allclose(proba.sum(axis=1), 1) and (proba >= 0).all()
    assert small_tagger.classes_.tolist() == ["academic", "anarchist", "icc", "trotskyist"]
    assert np.array_equal(small_tagger.predict(held_texts),
                          small_tagger.classes_[proba.argmax(axis=1)])


@pytest.mark.parametrize("model", ["svc", "svc-calibrated"])
def test_other_models_give_distributions(small, held_texts, model):
    t = LinearTagger(model=model, char_ngrams=None).fit(
        small["text"].tolist(), small["tradition"], groups=small["doc_id"])
    proba = t.predict_proba(held_texts[:10])
    assert np.allclose(proba.sum(axis=1), 1)
    assert not t.explain(held_texts[0], top=3).empty


# ------------------------------------------------------------ what it learns ----
def test_document_balance_weights(small):
    y, g = small["tradition"].to_numpy(), small["doc_id"].to_numpy()
    w = balanced_weights(y, g, "documents")
    per_doc = pd.Series(w).groupby(g).sum()
    per_tradition = pd.Series(w).groupby(y).sum()
    assert np.allclose(per_tradition, per_tradition.iloc[0])  # traditions weigh the same
    icc_docs = per_doc[[d for d in per_doc.index if d.startswith("icc")]]
    assert len(icc_docs) == 2 and np.isclose(icc_docs.iloc[0], icc_docs.iloc[1])
    assert np.isclose(w.sum(), len(w))


def test_min_docs_filter_keeps_shared_terms_only():
    texts = ["alpha shared", "beta shared", "gamma shared", "delta shared"]
    t = LinearTagger(min_docs=2, char_ngrams=None, lexicons=False).fit(
        texts, ["x", "x", "y", "y"], groups=["d1", "d2", "d3", "d4"])
    assert list(t.feature_names_) == ["shared"]


def test_corpus_tagger_trained_on_authorial_passages_only(corpus_tagger, passages):
    """Words that occur only in quotations or notes must not be features."""
    import re

    def words(frame):
        return {w for t in frame["text"] for w in re.findall(r"\b[a-z]{6,}\b", t.lower())}

    other_only = words(passages[passages["voice"] != "author"]) - words(training_frame(passages))
    assert len(other_only) > 20  # the test means something
    assert not other_only & set(corpus_tagger.estimator_.feature_names_)


def test_fit_passages_uses_the_requested_voices(passages):
    marked = passages.copy()
    quotation = marked["voice"] == "quotation"
    marked.loc[quotation, "text"] = marked.loc[quotation, "text"] + " zzmarker"
    author_only = fit_passages(marked, char_ngrams=None)
    everything = fit_passages(marked, voices=("author", "quotation", "note"), char_ngrams=None)
    assert "zzmarker" not in set(author_only.estimator_.feature_names_)
    assert "zzmarker" in set(everything.estimator_.feature_names_)


def test_distinctive_texts_are_tagged_by_their_tradition(corpus_tagger):
    assert corpus_tagger.verdict([ICC_STUFFED]).tolist() == ["icc"]
    assert corpus_tagger.verdict([ANARCHIST_STUFFED]).tolist() == ["anarchist"]


# ------------------------------------------------------------------ explain ----
def test_explain_contract(corpus_tagger):
    table = corpus_tagger.explain(ICC_STUFFED, top=5)
    assert list(table.columns) == ["tradition", "term", "weight"]
    assert (table["weight"] > 0).all()
    assert table.groupby("tradition").size().max() <= 5
    order = {c: i for i, c in enumerate(corpus_tagger.classes_)}
    assert table["tradition"].map(order).is_monotonic_increasing
    for _, group in table.groupby("tradition"):
        assert group["weight"].is_monotonic_decreasing
    assert table.equals(corpus_tagger.explain(ICC_STUFFED, top=5))  # deterministic
    icc_terms = set(table.loc[table["tradition"] == "icc", "term"])
    assert icc_terms & {"_lex_left_communist_", "proletariat", "proletarian"}


def test_explain_weight_is_value_times_coefficient(corpus_tagger):
    table = corpus_tagger.explain(ICC_STUFFED, top=3)
    x = corpus_tagger.estimator_.transform_features([ICC_STUFFED]).toarray()[0]
    coef = corpus_tagger.estimator_.coefficients()
    names = list(corpus_tagger.estimator_.feature_names_)
    classes = corpus_tagger.classes_.tolist()
    for row in table.itertuples(index=False):
        j = names.index(row.term)
        assert np.isclose(row.weight, x[j] * coef[classes.index(row.tradition), j])


def test_explain_rejects_a_list(corpus_tagger):
    with pytest.raises(ValueError, match="one text"):
        corpus_tagger.explain([ICC_STUFFED])
    assert corpus_tagger.explain(ICC_STUFFED, 3).equals(corpus_tagger.estimator_.explain(ICC_STUFFED, 3))


# ------------------------------------------------------------- uncertain ----
def test_threshold_comes_from_fit_corpus_tagger(corpus_tagger):
    assert corpus_tagger.threshold is None
    assert 1 / len(corpus_tagger.classes_) <= corpus_tagger.threshold_ <= 1
    assert corpus_tagger.effective_threshold() == corpus_tagger.threshold_


def test_threshold_is_learnt_in_fit_from_held_out_blocks(small):
    """Texts that are each other's exact copies: any held-out block is predicted perfectly,
    so abstaining never pays and the learnt threshold is the floor 1/k; with labels that no
    text predicts, it is 1 (abstain on everything)."""
    texts = ["red flag red", "black flag black", "green flag green"] * 10
    groups = [f"d{i % 3}" for i in range(30)]
    labels = ["x", "y", "z"] * 10
    learnt = TraditionTagger(LinearTagger(char_ngrams=None)).fit(texts, labels, groups=groups)
    assert learnt.threshold_ == pytest.approx(1 / 3)
    noise = ["x", "y", "z", "y", "z", "x", "z", "x", "y"] * 3 + ["x", "y", "z"]
    lost = TraditionTagger(LinearTagger(char_ngrams=None)).fit(texts, noise, groups=groups)
    assert lost.threshold_ > 1 / 3


def test_verdict_follows_threshold(small, small_tagger, held_texts):
    proba = small_tagger.predict_proba(held_texts)
    params = {"threshold": 1 / len(small_tagger.classes_)}
    low = TraditionTagger(**params).fit(small["text"].tolist(), small["tradition"],
                                        groups=small["doc_id"])
    assert low.verdict(held_texts).tolist() == low.predict(held_texts).tolist()
    middle = float(np.median(proba.max(axis=1)))
    mid = TraditionTagger(threshold=middle).fit(small["text"].tolist(), small["tradition"],
                                                groups=small["doc_id"])
    verdicts = mid.verdict(held_texts)
    assert ((verdicts == UNCERTAIN) == (proba.max(axis=1) < middle)).all()
    assert set(verdicts) - {UNCERTAIN} <= set(small_tagger.classes_)


# -------------------------------------------------------------- tag_passages ----
def test_tag_passages_contract(corpus_tagger, passages):
    sample = passages.iloc[::10]
    tagged = tag_passages(corpus_tagger, sample)
    probs = [f"p_{c}" for c in corpus_tagger.classes_]
    assert list(tagged.columns) == ["id", "tradition", *probs, "top_probability", "voice"]
    assert tagged["id"].tolist() == sample["passage_id"].tolist()
    assert tagged["voice"].tolist() == sample["voice"].tolist()
    assert np.allclose(tagged[probs].sum(axis=1), 1)
    assert np.allclose(tagged["top_probability"], tagged[probs].max(axis=1))
    uncertain = tagged["top_probability"] < corpus_tagger.threshold_
    assert ((tagged["tradition"] == UNCERTAIN) == uncertain).all()
    assert set(tagged["tradition"]) <= set(corpus_tagger.classes_) | {UNCERTAIN}


def test_tag_passages_on_pasted_text_and_empty(corpus_tagger):
    from standpoint.segment import split_text

    pasted = split_text(f"{ICC_STUFFED}\n\n{ANARCHIST_STUFFED}\n")
    tagged = tag_passages(corpus_tagger, pasted)
    assert tagged["tradition"].tolist() == ["icc", "anarchist"]
    empty = tag_passages(corpus_tagger, pasted.iloc[:0])
    assert empty.empty and "p_icc" in empty.columns


# ----------------------------------------------------------------- argument checks ----
@pytest.fixture(scope="module")
def tiny_tagger():
    return TraditionTagger(LinearTagger(char_ngrams=None), threshold=0.5).fit(
        ["red flag", "black flag"], ["x", "y"])


def _frame(**columns):
    base = {"passage_id": ["a", "b"], "text": ["red flag", "black flag"],
            "tradition": ["x", "y"], "doc_id": ["d1", "d2"], "voice": ["author", "author"]}
    base.update(columns)
    return pd.DataFrame({k: v for k, v in base.items() if v is not None})


def test_fit_corpus_tagger_wants_a_corpus():
    from standpoint.errors import InputError

    for bad in (None, "corpus", _frame()):
        with pytest.raises(InputError, match="^corpus: expected a Corpus"):
            fit_corpus_tagger(bad)


def test_fit_corpus_tagger_names_an_unknown_parameter(corpus):
    from standpoint.errors import InputError

    with pytest.raises(InputError, match="^params: 'c' is not a parameter of TraditionTagger"):
        fit_corpus_tagger(corpus, c=2.0)


@pytest.mark.parametrize("tagger, frame, fragment", [
    (None, _frame(), "tagger: expected a fitted TraditionTagger"),
    ("model", _frame(), "tagger: expected a fitted TraditionTagger (from fit_corpus_tagger()), got str"),
    (TraditionTagger(), _frame(), "got an unfitted TraditionTagger"),
    ("tiny", None, "passages_df: expected a pandas DataFrame, got None"),
    ("tiny", ["red flag"], "passages_df: expected a pandas DataFrame, got list"),
    ("tiny", _frame(text=None), "passages_df: no 'text' column"),
    ("tiny", _frame(passage_id=None), "passages_df: no 'passage_id' column"),
    ("tiny", _frame(text=["red", 3]), "passages_df: row 1: 'text' is int, not a string"),
    ("tiny", _frame(text=[None, "red"]), "passages_df: row 0: 'text' is missing"),
])
def test_tag_passages_checks_its_arguments(tiny_tagger, tagger, frame, fragment):
    from standpoint.errors import InputError

    tagger = tiny_tagger if tagger == "tiny" else tagger
    with pytest.raises(InputError) as info:
        tag_passages(tagger, frame)
    assert fragment in str(info.value)


def test_tag_passages_wants_the_tagger_not_its_classifier():
    from standpoint.errors import InputError

    classifier = LinearTagger(char_ngrams=None).fit(["red flag", "black flag"], ["x", "y"])
    with pytest.raises(InputError, match="expected a fitted TraditionTagger"):
        tag_passages(classifier, _frame())


@pytest.mark.parametrize("frame, kwargs, fragment", [
    (None, {}, "passages_df: expected a pandas DataFrame, got None"),
    (_frame(voice=None), {}, "passages_df: no 'voice' column"),
    (_frame(doc_id=None), {}, "passages_df: no 'doc_id' column"),
    (_frame(text=["a", 1.5]), {}, "passages_df: row 1: 'text' is float"),
    (_frame(), {"voices": ("note",)}, "passages_df: no passage in the voices ['note']"),
    (_frame(), {"voices": 3}, "voices: expected voices such as ('author',)"),
    (_frame(), {"alpha": 1}, "params: 'alpha' is not a parameter"),
])
def test_fit_passages_checks_its_arguments(frame, kwargs, fragment):
    from standpoint.errors import InputError

    with pytest.raises(InputError) as info:
        fit_passages(frame, **kwargs)
    assert fragment in str(info.value)


def test_training_frame_takes_one_voice_as_a_string():
    frame = _frame(voice=["author", "quotation"])
    assert training_frame(frame, "quotation")["passage_id"].tolist() == ["b"]
    assert training_frame(frame, ["author"])["passage_id"].tolist() == ["a"]


@pytest.mark.parametrize("call, fragment", [
    (lambda: prepare_text(None), "text: expected a string, got None"),
    (lambda: prepare_text("x", mask="all"), "mask must be"),
    (lambda: register_tokens(b"bytes"), "text: expected a string, got bytes"),
    (lambda: lowercase_lexicon("a single text"), "texts: expected a list of texts, got str"),
    (lambda: lowercase_lexicon(["a", None]), "texts: expected a string, got None"),
    (lambda: char_wb_ngrams(None, 2, 3), "token: expected a string"),
    (lambda: char_wb_ngrams("red", 0, 3), "lo, hi: expected n-gram lengths"),
])
def test_text_helpers_check_their_arguments(call, fragment):
    from standpoint.errors import InputError

    with pytest.raises(InputError) as info:
        call()
    assert fragment in str(info.value)
