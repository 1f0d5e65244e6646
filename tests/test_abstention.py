"""Saying ``uncertain``: the rules (abstention.py) and TraditionTagger, which learns them inside
``fit`` from held-out documents, on a synthetic corpus whose right answers are known
(tests/synthetic.py)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from synthetic import OFF_TOPIC, TRADITIONS, synthetic_passages

from standpoint.tagger import TraditionNB, TraditionTagger
from standpoint.tagger.abstention import (
    Calibration,
    calibration_folds,
    decide,
    learn_abstention,
    learn_temperature,
    learn_threshold,
    margins,
    neutralising_bias,
    softmax,
    threshold_for,
)


@pytest.fixture(scope="module")
def synthetic():
    return synthetic_passages()


def fit_without(frame, absent: str, **params) -> TraditionTagger:
    train = frame[frame["tradition"] != absent]
    return TraditionTagger(**params).fit(train["text"].tolist(), train["tradition"].to_numpy(),
                                         groups=train["doc_id"].to_numpy())


# --------------------------------------------------------------------- the rules ----
def test_calibration_folds_hold_out_documents_then_traditions():
    y = ["a", "a", "a", "b", "c", "c"]
    g = ["a1", "a1", "a2", "b1", "c1", "c2"]
    folds = calibration_folds(y, g)
    assert [(name, kind) for name, kind, _ in folds] == [
        ("a1", "closed"), ("a2", "closed"), ("c1", "closed"), ("c2", "closed"),
        ("a", "open"), ("b", "open"), ("c", "open")]
    held = dict((name, mask) for name, _, mask in folds)
    assert held["a1"].tolist() == [True, True, False, False, False, False]
    assert held["b"].tolist() == [False, False, False, True, False, False]
    # two traditions: leaving one out leaves nothing to tell apart
    assert [k for _, k, _ in calibration_folds(["a", "a", "b", "b"], ["1", "2", "3", "4"])] == [
        "closed"] * 4


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_neutralising_bias_gives_every_class_its_even_share(data):
    n, k = data.draw(st.integers(3, 25)), data.draw(st.integers(2, 4))
    scores = np.array(data.draw(st.lists(st.lists(st.floats(-8, 8), min_size=k, max_size=k),
                                         min_size=n, max_size=n)))
    bias = neutralising_bias(scores, iters=2000)
    assert abs(bias.mean()) < 1e-9
    mean = softmax(scores + bias).mean(axis=0)
    assert np.allclose(mean, 1 / k, atol=2e-3)


def test_neutralising_bias_counts_only_the_rows_where_a_class_was_possible():
    scores = np.array([[0.0, 2.0, -np.inf], [1.0, 0.0, -np.inf], [0.0, -np.inf, 1.0],
                       [3.0, -np.inf, 0.0]])
    p = softmax(scores + neutralising_bias(scores, iters=3000))
    for j in range(3):
        possible = np.isfinite(scores[:, j])
        assert p[possible, j].mean() == pytest.approx(0.5, abs=1e-3)


@settings(max_examples=80, deadline=None)
@given(st.data())
def test_learn_threshold_is_the_smallest_margin_meeting_the_target(data):
    n = data.draw(st.integers(1, 30))
    margin = np.array(data.draw(st.lists(st.floats(0, 10), min_size=n, max_size=n)))
    wrong = np.array(data.draw(st.lists(st.booleans(), min_size=n, max_size=n)))
    fold = np.array(data.draw(st.lists(st.sampled_from(["a", "b", "c"]), min_size=n, max_size=n)))
    target = data.draw(st.floats(0, 1))

    def share(t):
        return np.mean([((margin >= t) & (margin > 0) & wrong)[fold == f].mean()
                        for f in dict.fromkeys(fold)])

    t = learn_threshold(margin, wrong, fold, target)
    candidates = sorted({0.0, *margin.tolist()})
    if np.isfinite(t):
        assert share(t) <= target + 1e-9
        assert all(share(c) > target + 1e-12 for c in candidates if c < t)
    else:
        assert all(share(c) > target + 1e-12 for c in candidates)


def test_decide_says_why_it_abstains():
    scores = np.array([[5.0, 0.0], [1.0, 0.0], [9.0, 0.0], [2.0, 2.0], [9.0, 0.0]])
    familiarity = np.array([0.9, 0.9, 0.5, 0.9, 0.0])
    tradition, reason, margin = decide(scores, familiarity, ["a", "b"], threshold=2.0,
                                       familiarity_threshold=0.8)
    assert tradition.tolist() == ["a", "uncertain", "uncertain", "uncertain", "uncertain"]
    assert reason.tolist() == ["", "low_confidence", "unfamiliar", "low_confidence", "unfamiliar"]
    assert margin.tolist() == [5.0, 1.0, 9.0, 0.0, 9.0]
    # a tie is never a verdict, whatever the threshold; no familiarity is never unfamiliar
    tradition, reason, _ = decide(scores, np.full(5, np.nan), ["a", "b"], threshold=0.0,
                                  familiarity_threshold=0.8)
    assert reason.tolist() == ["", "", "", "low_confidence", ""]


def test_margins_ignore_absent_classes():
    assert margins(np.array([[1.0, -np.inf, 3.0]])).tolist() == [2.0]


def test_temperature_lowers_the_log_loss():
    rng = np.random.default_rng(1)
    scores = rng.normal(scale=8, size=(200, 3))
    truth = np.where(rng.random(200) < 0.6, scores.argmax(axis=1), rng.integers(0, 3, 200))

    def loss(t):
        p = softmax(scores / t)
        return -np.log(p[np.arange(200), truth]).mean()

    t = learn_temperature(scores, truth)
    assert loss(t) < loss(1.0) and loss(t) <= min(loss(x) for x in (0.5, 2, 5, 20)) + 1e-9


def test_learn_abstention_reports_what_its_rules_did():
    classes = np.array(["a", "b", "c"])
    cal = Calibration(classes, np.array(["a1", "a1", "c", "c"]),
                      np.array(["closed", "closed", "open", "open"]), np.array(["a", "a", "c", "c"]),
                      np.array([[4.0, 0.0, 1.0], [0.0, 3.0, 1.0], [5.0, 0.0, -np.inf],
                                [1.0, 0.5, -np.inf]]), np.array([0.9, 0.95, 0.9, 0.9]))
    learnt = learn_abstention(cal, target_false_attribution=0.5, unfamiliar_quantile=0.0,
                              neutralise=False)
    # the open fold's margins are 5 and 0.5: at 5, one of its two passages keeps a verdict
    assert learnt["threshold"] == threshold_for(cal, np.zeros(3), 0.5) == 5.0
    reliability = learnt["reliability"]
    assert reliability["open_false_attribution"] == 0.5 and reliability["open_passages"] == 2
    # the closed passages' margins (3 and 2) are below it: no verdict, no precision
    assert reliability["closed_verdicts"] == 0 and np.isnan(reliability["closed_precision"])
    looser = learn_abstention(cal, target_false_attribution=1.0, unfamiliar_quantile=0.0,
                              neutralise=False)["reliability"]
    assert looser["closed_verdicts"] == 2 and looser["closed_precision"] == 0.5


# ---------------------------------------------------------- TraditionTagger.fit ----
def test_everything_it_abstains_by_is_learnt_in_fit(synthetic):
    tagger = fit_without(synthetic, "ecology", target_false_attribution=0.2)
    cal = tagger.calibration_
    assert sorted(set(cal.fold)) == sorted({*synthetic.loc[synthetic["tradition"] != "ecology",
                                                           "doc_id"], "union", "commerce",
                                            "archive"})
    learnt = learn_abstention(cal, target_false_attribution=0.2, unfamiliar_quantile=0.05,
                              neutralise=True)
    assert np.array_equal(tagger.bias_, learnt["bias"])
    assert tagger.threshold_ == learnt["threshold"]
    assert tagger.familiarity_threshold_ == learnt["familiarity_threshold"]
    assert tagger.reliability_ == learnt["reliability"]
    assert tagger.get_params()["estimator"] is None  # the estimator was cloned, not set


def test_calibration_never_scores_a_passage_its_model_saw(synthetic, monkeypatch):
    fitted_on = []
    original = TraditionNB.fit

    def recording(self, X, y, groups=None):
        fitted_on.append(set(X))
        return original(self, X, y, groups=groups)

    class RefitNB(TraditionNB):  # no held-out models: every fold is refitted
        held_out_models = None

    monkeypatch.setattr(TraditionNB, "fit", recording)
    tagger = fit_without(synthetic, "ecology", estimator=RefitNB())
    train = synthetic[synthetic["tradition"] != "ecology"]
    folds = calibration_folds(train["tradition"].to_numpy(), train["doc_id"].to_numpy())
    assert len(fitted_on) == 1 + len(folds) == 1 + len(set(tagger.calibration_.fold))
    texts = train["text"].to_numpy()
    assert fitted_on[0] == set(texts)  # the model that tags saw everything
    for seen, (name, _, held) in zip(fitted_on[1:], folds):
        assert seen == set(texts[~held]) and not seen & set(texts[held]), name
    # the default classifier derives its model and each fold's from counts made once, never
    # calling fit; they are refits' bit for bit (tests/test_held_out.py)
    fitted_on.clear()
    fit_without(synthetic, "ecology")
    assert fitted_on == []


@pytest.mark.parametrize("target", [0.1, 0.2, 0.5])
def test_an_absent_tradition_comes_out_uncertain_at_the_promised_rate(synthetic, target):
    """Train without one tradition: its documents get a verdict (always a wrong one) for at
    most ``target`` of their passages on average, the rate the threshold was learnt for (here
    without the unfamiliar rule, which would catch them by their vocabulary alone)."""
    rates = []
    for absent in TRADITIONS:
        tagger = fit_without(synthetic, absent, target_false_attribution=target,
                             unfamiliar_quantile=0.0)
        verdict = tagger.verdict(synthetic.loc[synthetic["tradition"] == absent, "text"].tolist())
        rates.append(float((verdict != "uncertain").mean()))
        assert rates[-1] <= target + 0.1, (absent, rates[-1])
    assert np.mean(rates) <= target


def test_a_held_out_document_of_a_known_tradition_is_recognised(synthetic):
    held = synthetic[synthetic["doc_id"] == "archive-4"]
    train = synthetic[synthetic["doc_id"] != "archive-4"]
    tagger = TraditionTagger().fit(train["text"].tolist(), train["tradition"].to_numpy(),
                                   groups=train["doc_id"].to_numpy())
    verdict = tagger.verdict(held["text"].tolist())
    assert (verdict == "archive").mean() >= 0.8
    assert set(verdict) <= {"archive", "uncertain"}


def test_text_about_something_else_is_unfamiliar(synthetic):
    tagger = TraditionTagger().fit(synthetic["text"].tolist(), synthetic["tradition"].to_numpy(),
                                   groups=synthetic["doc_id"].to_numpy())
    tagged = tagger.tag(OFF_TOPIC + [""])
    assert tagged["reason"].tolist() == ["unfamiliar"] * 4
    assert (tagged["familiarity"] < tagger.familiarity_threshold_).all()


def test_a_stricter_target_gives_fewer_verdicts(synthetic):
    texts = synthetic["text"].tolist()
    counts = []
    for target in (0.05, 0.3, 1.0):
        tagger = fit_without(synthetic, "union", target_false_attribution=target)
        counts.append(int((tagger.verdict(texts) != "uncertain").sum()))
    assert counts == sorted(counts)


def test_without_groups_each_tradition_is_one_document():
    tagger = TraditionTagger().fit(["red flag", "black flag", "green flag"], ["r", "b", "g"])
    assert [kind for kind in tagger.calibration_.kind] == ["open"] * 3
    assert tagger.estimator_.model_.units.tolist() == ["b", "g", "r"]
