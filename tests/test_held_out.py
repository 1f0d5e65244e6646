"""The calibration's fold models derived from counts made once (tagger/held_out.py) equal the
models a refit gives, on the project corpus and on the synthetic one; TraditionTagger.fit
gives the same abstention as before (issue 13); the closed folds are bounded per tradition."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from synthetic import synthetic_passages

from standpoint import load_corpus, passages
from standpoint.tagger import TraditionNB, TraditionTagger, training_frame
from standpoint.tagger.abstention import MAX_CLOSED_FOLDS, calibration_folds
from standpoint.tagger.held_out import held_out_models


class RefitNB(TraditionNB):
    """TraditionNB without held-out models: the tagger refits it on every fold (the way every
    fold was computed before issue 13)."""

    held_out_models = None


@pytest.fixture(scope="module")
def corpus_training():
    train = training_frame(passages(load_corpus()))
    return (train["text"].tolist(), train["tradition"].to_numpy(),
            train["doc_id"].to_numpy().astype(object))


@pytest.fixture(scope="module")
def synthetic_training():
    s = synthetic_passages()
    return s["text"].tolist(), s["tradition"].to_numpy(), s["doc_id"].to_numpy().astype(object)


def assert_fold_models_equal_refits(texts, y, g, params):
    counted = TraditionNB(**params).held_out_models(texts, y, g)
    folds = calibration_folds(y, g)
    assert folds
    texts = np.asarray(texts, dtype=object)
    for name, _, held in folds:
        derived = counted.model(held)
        refit = TraditionNB(**params).fit(list(texts[~held]), y[~held], groups=g[~held]).model_
        assert derived is not None, name
        assert derived.vocabulary == refit.vocabulary, name
        assert derived.lexicon == refit.lexicon, name
        assert derived.units.tolist() == refit.units.tolist(), name
        assert np.array_equal(derived.feature_log_prob, refit.feature_log_prob), name
        scores, familiarity = derived.scores(list(texts[held]))
        scores_refit, familiarity_refit = refit.scores(list(texts[held]))
        assert np.allclose(scores, scores_refit, rtol=0, atol=0), name  # (exactly)
        assert np.array_equal(familiarity, familiarity_refit), name
        from_counts, familiarity_from_counts = counted.scores(held, derived)
        assert np.array_equal(from_counts, scores_refit), name
        assert np.array_equal(familiarity_from_counts, familiarity_refit), name


@pytest.mark.parametrize("params", [{}, {"subjects": ("Workers' Opposition", "Kronstadt")},
                                    {"names": "token", "documents": True},
                                    {"mask": "numbers", "documents": True, "aggregate": "max"}])
def test_fold_models_equal_refits_on_the_corpus(corpus_training, params):
    assert_fold_models_equal_refits(*corpus_training, params)


@pytest.mark.parametrize("params", [{}, {"names": "token"}, {"lexicons": False, "alpha": 0.3}])
def test_fold_models_equal_refits_on_the_synthetic_corpus(synthetic_training, params):
    assert_fold_models_equal_refits(*synthetic_training, params)


def test_a_document_held_out_in_part_and_no_groups():
    texts = ["Red flag over the quay", "the red star", "black flag", "a black cat",
             "green tree", "a green leaf"]
    y = np.array(["r", "r", "b", "b", "g", "g"])
    counted = held_out_models(texts, y)
    for held in ([False, True, False, False, False, False], [True, False, True, False, True, False]):
        held = np.array(held)
        derived = counted.model(held)
        refit = TraditionNB().fit([t for t, h in zip(texts, held) if not h], y[~held]).model_
        assert derived.vocabulary == refit.vocabulary
        assert np.array_equal(derived.feature_log_prob, refit.feature_log_prob)


def test_a_new_term_after_reprepared_names_means_a_refit():
    # "Red" is a common word only because text 2 writes "red": without text 2 it is a name,
    # and with names="token" the name token appears, a term the full vocabulary lacks
    texts = ["Red flag", "red star", "black flag", "black cat", "green tree", "green leaf"]
    y = np.array(["r", "r", "b", "b", "g", "g"])
    g = np.array(["r1", "r2", "b1", "b2", "g1", "g2"], dtype=object)
    counted = held_out_models(texts, y, g, names="token")
    assert counted.model(g == "r2") is None
    assert counted.model(g == "b2") is not None
    a = TraditionTagger(TraditionNB(names="token")).fit(texts, y, groups=g)
    b = TraditionTagger(RefitNB(names="token")).fit(texts, y, groups=g)
    assert np.array_equal(a.calibration_.scores, b.calibration_.scores)


def test_the_tagger_fits_on_the_corpus_exactly_as_before(corpus_training):
    """Recorded before issue 13 (every fold refitted), and the same with a refitting
    estimator now: threshold, biases, familiarity threshold, temperature and every tag."""
    X, y, g = corpus_training
    tagger = TraditionTagger().fit(X, y, groups=g)
    assert tagger.threshold_ == 2.8148369060301093
    assert np.array_equal(tagger.bias_.round(8), [2.33013415, 1.56283006, -5.26752154,
                                                  1.37455733])
    assert tagger.familiarity_threshold_ == 0.8833642547928262
    assert tagger.temperature_ == 11.88502227437019
    refitted = TraditionTagger(RefitNB()).fit(X, y, groups=g)
    model, model_refit = tagger.estimator_.model_, refitted.estimator_.model_
    assert model.vocabulary == model_refit.vocabulary and model.options == model_refit.options
    assert np.array_equal(model.feature_log_prob, model_refit.feature_log_prob)
    assert np.array_equal(tagger.calibration_.scores, refitted.calibration_.scores)
    assert tagger.threshold_ == refitted.threshold_
    assert np.array_equal(tagger.bias_, refitted.bias_)
    assert tagger.familiarity_threshold_ == refitted.familiarity_threshold_
    assert tagger.temperature_ == refitted.temperature_
    assert tagger.reliability_ == refitted.reliability_
    texts = passages(load_corpus())["text"].tolist()
    pd.testing.assert_frame_equal(tagger.tag(texts), refitted.tag(texts))


def test_closed_folds_are_one_per_document_up_to_the_bound():
    y = ["a"] * MAX_CLOSED_FOLDS + ["b", "b", "c"]
    g = [f"a{i}" for i in range(MAX_CLOSED_FOLDS)] + ["b1", "b2", "c1"]
    closed = [(n, m) for n, k, m in calibration_folds(y, g) if k == "closed"]
    assert [n for n, _ in closed] == [f"a{i}" for i in range(MAX_CLOSED_FOLDS)] + ["b1", "b2"]
    assert all(m.sum() == 1 for _, m in closed)


@pytest.mark.parametrize("n_docs,bound", [(6, 5), (12, 5), (101, 5), (7, 3), (4, 1)])
def test_many_documents_of_a_tradition_make_at_most_the_bound_of_folds(n_docs, bound):
    # documents interleaved with another tradition's, rows of a document not contiguous
    docs = [f"a{i:03d}" for i in range(n_docs)]
    y = np.array(["a", "b"] * n_docs * 2 + ["c"])
    g = np.array([d for d in docs for d in (d, "b-" + d)] * 2 + ["c1"], dtype=object)
    closed = [(n, m) for n, k, m in calibration_folds(y, g, max_folds=bound) if k == "closed"]
    a_folds = [(n, m) for n, m in closed if n.startswith("a")]
    assert len(a_folds) == bound
    held_docs = [list(dict.fromkeys(g[m])) for _, m in a_folds]
    # each document held out exactly once, in consecutive runs in document order, sizes even
    assert sum(held_docs, []) == docs
    sizes = [len(d) for d in held_docs]
    assert max(sizes) - min(sizes) <= 1 and sizes == sorted(sizes, reverse=True)
    assert [n for n, _ in a_folds] == [f"{d[0]}..{d[-1]}" if len(d) > 1 else d[0]
                                       for d in held_docs]
    for _, m in a_folds:  # a document is held out whole
        assert set(g[m]).isdisjoint(g[~m])
    assert len(calibration_folds(y, g, max_folds=bound)) == 2 * bound + 3


def test_the_tagger_on_many_documents_calibrates_on_bounded_folds():
    s = synthetic_passages(per_tradition=8)
    tagger = TraditionTagger().fit(s["text"].tolist(), s["tradition"].to_numpy(),
                                   groups=s["doc_id"].to_numpy())
    cal = tagger.calibration_
    closed = set(cal.fold[cal.kind == "closed"])
    assert len(closed) == MAX_CLOSED_FOLDS * s["tradition"].nunique()
    assert set(cal.fold[cal.kind == "open"]) == set(s["tradition"])
