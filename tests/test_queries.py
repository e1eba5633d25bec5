"""Questions on fitted vectors: most_similar, similarity, doesnt_match and the
word-pair and analogy evaluations, checked against gensim's KeyedVectors on the
same vectors."""

import copy
import gzip
import pickle

import numpy as np
import pytest
from gensim.models import KeyedVectors

from sksg import GraphWalkEmbedder, SkipGramEmbedder
from sksg import _queries as queries
from sksg.datasets import make_topic_corpus

TOL = 1e-5


@pytest.fixture(scope="module")
def model():
    corpus, _ = make_topic_corpus(2000, n_topics=5, tokens_per_topic=30, random_state=0)
    return SkipGramEmbedder(n_components=16, epochs=3, random_state=0).fit(corpus)


def keyed_vectors(model):
    labels = getattr(model, model._labels_attr)
    kv = KeyedVectors(model.n_components)
    kv.add_vectors([str(t) for t in labels], model.embedding_)
    return kv


@pytest.fixture(scope="module")
def kv(model):
    return keyed_vectors(model)


def assert_same_answer(ours, theirs):
    assert [t for t, _ in ours] == [t for t, _ in theirs]
    np.testing.assert_allclose([s for _, s in ours], [s for _, s in theirs], atol=TOL)


def unit(v):
    return v / np.linalg.norm(v)


# -- most_similar -----------------------------------------------------------------


QUERIES = {
    "one token": dict(positive=["t0_0"]),
    "analogy": dict(positive=["t0_0", "t1_3"], negative=["t2_1"]),
    "negative only": dict(negative=["t3_2"]),
    "weights": dict(positive=[("t0_0", 2.0), ("t1_1", 0.5), "t4_2"]),
    "strings, not lists": dict(positive="t0_0", negative="c_0"),
}


@pytest.mark.parametrize("name", list(QUERIES))
@pytest.mark.parametrize("restrict_vocab", [None, 40])
def test_most_similar_matches_gensim(model, kv, name, restrict_vocab):
    query = QUERIES[name]
    ours = model.most_similar(**query, topn=12, restrict_vocab=restrict_vocab)
    theirs = kv.most_similar(**query, topn=12, restrict_vocab=restrict_vocab)
    assert len(ours) == 12
    assert_same_answer(ours, theirs)
    every = model.most_similar(**query, topn=None, restrict_vocab=restrict_vocab)
    assert every.shape == (restrict_vocab or len(model.tokens_),)
    np.testing.assert_allclose(
        every, kv.most_similar(**query, topn=None, restrict_vocab=restrict_vocab), atol=TOL
    )


def test_most_similar_vectors_match_gensim(model, kv):
    E = model.embedding_
    v = unit(E[5] + E[9])  # gensim adds vectors as given: compare on unit vectors
    assert_same_answer(model.most_similar(v), kv.most_similar(v))
    assert_same_answer(
        model.most_similar([v, "t1_0"], negative=[unit(E[3])], topn=7),
        kv.most_similar(positive=[v, "t1_0"], negative=[unit(E[3])], topn=7),
    )
    # sksg scales every vector to unit length; gensim does not.
    assert_same_answer(model.most_similar([E[5] * 100, "t1_0"]), model.most_similar([E[5], "t1_0"]))


def test_negative_pairs_are_subtracted(model, kv):
    ours = model.most_similar(["t0_0"], negative=[("t1_0", 2.0)], topn=8)
    theirs = kv.most_similar(positive=["t0_0", ("t1_0", -2.0)], topn=8)
    assert_same_answer(ours, theirs)


def test_most_similar_excludes_query_tokens(model):
    query = ["t0_0", "t0_1", ("t0_2", 0.5)]
    answer = model.most_similar(query, negative=["t1_0"], topn=len(model.tokens_))
    assert len(answer) == len(model.tokens_) - 4
    assert {"t0_0", "t0_1", "t0_2", "t1_0"}.isdisjoint(t for t, _ in answer)
    sims = [s for _, s in answer]
    assert sims == sorted(sims, reverse=True)


def test_most_similar_backward_compatible(model):
    """The earlier signature, most_similar(query, topn): one token or one vector."""
    one = model.most_similar("t2_0", 3)  # topn is still the second positional argument
    assert one == model.most_similar(positive=["t2_0"], topn=3)
    assert "t2_0" not in [t for t, _ in one]
    row = model.embedding_[model.vocabulary_["t2_0"]]
    for vector in (row, row.tolist(), tuple(row.tolist()), row.astype(np.float64)):
        best = model.most_similar(vector, topn=1)
        assert best[0][0] == "t2_0"  # a vector excludes nothing
        np.testing.assert_allclose(best[0][1], 1.0, rtol=1e-6)
    with pytest.raises(ValueError, match=r"shape \(16,\), got \(3,\)"):
        model.most_similar(np.ones(3))
    with pytest.raises(ValueError, match=r"shape \(16,\), got \(1, 16\)"):
        model.most_similar(model.transform([["t2_0"]]))
    with pytest.raises(ValueError, match="NaN"):
        model.most_similar([np.nan] * 16)
    # Several vectors: a list of them (e.g. of transform's rows).
    X = model.transform([["t2_0"], ["t3_0"]])
    other = model.embedding_[model.vocabulary_["t3_0"]]
    assert model.most_similar(list(X), topn=4) == model.most_similar([row, other], topn=4)


def test_tuple_and_mixed_tokens():
    mixed = SkipGramEmbedder(n_components=2, epochs=2, random_state=0).fit(
        [["a", 1, ("t", 2), (0.5, 0.25)], [("t", 2), "a", 1, (0.5, 0.25)]] * 3
    )
    # A tuple that is a token is that token, even (number, number) with 2 components.
    for token in [("t", 2), (0.5, 0.25)]:
        answer = mixed.most_similar(token, topn=3)
        assert token not in [t for t, _ in answer] and len(answer) == 3
    # (token, weight) pairs inside a list.
    assert mixed.most_similar([(("t", 2), 2.0)], topn=3) == mixed.most_similar(("t", 2), topn=3)
    # A (number, number) that is no token is a vector when vectors have 2 components.
    vector = (0.3, -0.7)
    assert mixed.most_similar([vector], topn=4) == mixed.most_similar(np.array(vector), topn=4)


def test_integer_node_ids_are_tokens_first():
    """For graphs with integer node IDs, a list of IDs is a list of nodes."""
    edges = np.array([[i, (i + 1) % 12] for i in range(12)] + [[0, 6], [3, 9]])
    emb = GraphWalkEmbedder(edges, n_components=4, walk_length=10, random_state=0).fit()
    kv = keyed_vectors(emb)
    nodes = emb.most_similar([0, 1], topn=5)
    assert nodes == emb.most_similar(positive=[0, 1], topn=5)
    assert nodes == emb.most_similar(np.array([0, 1]), topn=5)
    assert {0, 1}.isdisjoint(n for n, _ in nodes)
    assert_same_answer(
        [(str(n), s) for n, s in nodes], kv.most_similar(positive=["0", "1"], topn=5)
    )
    # All four values are nodes: four nodes, not a vector of length n_components.
    assert len(emb.most_similar([0, 1, 2, 3], topn=20)) == 8
    # Not all of them nodes, n_components long: a vector.
    v = [0.5, 1, 2, 3]
    assert emb.most_similar(v, topn=3) == emb.most_similar([np.array(v)], topn=3)
    # Not all nodes, another length: the unknown node is reported.
    with pytest.raises(KeyError, match="99 is not in the vocabulary"):
        emb.most_similar([0, 99])


def test_zero_vectors_give_no_nan(model):
    zeroed = copy.deepcopy(model)
    zeroed.embedding_ = model.embedding_.copy()
    zeroed.embedding_[zeroed.vocabulary_["t1_0"]] = 0
    sims = zeroed.most_similar("t0_0", topn=None)
    assert np.all(np.isfinite(sims)) and sims[zeroed.vocabulary_["t1_0"]] == 0
    assert zeroed.similarity("t0_0", "t1_0") == 0.0
    assert np.all(zeroed.most_similar("t1_0", topn=None) == 0)
    # The query cancels out: every similarity is 0.
    assert np.all(zeroed.most_similar("t0_0", negative="t0_0", topn=None) == 0)
    assert np.all(zeroed.most_similar(np.zeros(16), topn=None) == 0)


def test_most_similar_errors(model):
    with pytest.raises(KeyError, match="'nope' is not in the vocabulary"):
        model.most_similar("nope")
    with pytest.raises(KeyError, match="'nope' is not in the vocabulary"):
        model.most_similar(["t0_0"], negative=["nope"])
    with pytest.raises(KeyError, match="'nope' is not in the vocabulary"):
        model.most_similar([("nope", 2.0)])
    with pytest.raises(KeyError, match=r"\{'a': 1\} is not in the vocabulary"):
        model.most_similar([{"a": 1}])
    with pytest.raises(KeyError, match="neither a token of the vocabulary nor a vector"):
        model.most_similar([["x", "y"]])
    with pytest.raises(KeyError, match="^'99 is not"):  # numpy scalars print plainly
        model.most_similar(np.int64(99))
    with pytest.raises(ValueError, match="positive and negative are both empty"):
        model.most_similar()
    with pytest.raises(ValueError, match="positive and negative are both empty"):
        model.most_similar([], negative=[])
    for topn in (0, -1, 1.5, True, "3"):
        with pytest.raises(ValueError, match="topn must be a positive integer or None"):
            model.most_similar("t0_0", topn=topn)
    with pytest.raises(ValueError, match=r"pass the tokens to subtract by keyword, negative="):
        model.most_similar(["t0_0", "t1_0"], ["t2_0"])  # gensim's positional order
    for restrict_vocab in (0, -3, 2.5, False):
        with pytest.raises(ValueError, match="restrict_vocab must be a positive integer"):
            model.most_similar("t0_0", restrict_vocab=restrict_vocab)
    with pytest.raises(ValueError, match="weight of 't0_0' is nan"):
        model.most_similar([("t0_0", float("nan"))])
    with pytest.raises(ValueError, match="infinity"):
        model.most_similar([np.full(16, np.inf)])


def test_restrict_vocab_larger_than_vocabulary(model):
    assert model.most_similar("t0_0", restrict_vocab=10**9) == model.most_similar("t0_0")
    assert len(model.most_similar("t0_0", topn=1000)) == len(model.tokens_) - 1
    # The query may be outside the rows searched.
    far = model.tokens_[-1]
    answer = model.most_similar(far, topn=None, restrict_vocab=5)
    assert answer.shape == (5,)


# -- similarity and doesnt_match --------------------------------------------------


def test_similarity_and_doesnt_match_match_gensim(model, kv):
    rng = np.random.default_rng(0)
    for _ in range(20):
        a, b = rng.choice(model.tokens_, size=2)
        assert isinstance(model.similarity(a, b), float)
        np.testing.assert_allclose(model.similarity(a, b), kv.similarity(a, b), atol=TOL)
    np.testing.assert_allclose(model.similarity("t0_0", "t0_0"), 1.0, rtol=1e-6)
    for _ in range(20):
        tokens = list(rng.choice(model.tokens_, size=5, replace=False))
        assert model.doesnt_match(tokens) == kv.doesnt_match(tokens)
    odd = model.doesnt_match(["t0_0", "t0_1", "t0_2", "t3_0"])
    assert odd == "t3_0"
    assert model.doesnt_match(np.array(["t0_0", "t0_1", "t3_0"], dtype=object)) == "t3_0"
    assert model.doesnt_match(["t0_0"]) == "t0_0"


def test_similarity_and_doesnt_match_errors(model):
    with pytest.raises(KeyError, match="'nope' is not in the vocabulary"):
        model.similarity("t0_0", "nope")
    with pytest.raises(KeyError, match="'nope' is not in the vocabulary"):
        model.doesnt_match(["t0_0", "nope"])
    with pytest.raises(ValueError, match="at least one token"):
        model.doesnt_match([])
    with pytest.raises(ValueError, match="takes a list of tokens, got str 't0_0'"):
        model.doesnt_match("t0_0")


# -- evaluate_word_pairs ----------------------------------------------------------


def write_pairs(path, model, n=60, seed=0, upper=False):
    """A tab-separated pairs file: comments, pairs of known tokens, some unknown."""
    rng = np.random.default_rng(seed)
    lines = ["# word1\tword2\tscore", "#"]
    for i in range(n):
        a, b = rng.choice(model.tokens_, size=2, replace=False)
        if i % 10 == 3:
            b = f"unknown{i}"
        if upper and i % 2:
            a = a.upper()
        lines.append(f"{a}\t{b}\t{rng.uniform(0, 10):.2f}")
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.mark.parametrize(
    "options",
    [
        dict(),
        dict(dummy4unknown=True),
        dict(restrict_vocab=50),
        dict(restrict_vocab=50, dummy4unknown=True),
    ],
)
def test_evaluate_word_pairs_matches_gensim(model, kv, tmp_path, options):
    path = write_pairs(tmp_path / "pairs.tsv", model)
    pearson, spearman, oov = model.evaluate_word_pairs(path, **options)
    g_pearson, g_spearman, g_oov = kv.evaluate_word_pairs(
        str(path), case_insensitive=False, **options
    )
    np.testing.assert_allclose(pearson, tuple(g_pearson), atol=TOL)
    np.testing.assert_allclose(spearman, tuple(g_spearman), atol=TOL)
    assert oov == pytest.approx(g_oov)
    assert oov > 0
    assert all(isinstance(x, float) for x in (*pearson, *spearman, oov))


def test_evaluate_word_pairs_case_insensitive_matches_gensim(model, kv, tmp_path):
    path = write_pairs(tmp_path / "pairs.tsv", model, upper=True)
    ours = model.evaluate_word_pairs(path, case_insensitive=True)
    theirs = kv.evaluate_word_pairs(str(path), case_insensitive=True)
    np.testing.assert_allclose(ours[:2], [tuple(theirs[0]), tuple(theirs[1])], atol=TOL)
    assert ours[2] == pytest.approx(theirs[2])
    # Case-sensitive by default: the upper-cased tokens are unknown.
    assert model.evaluate_word_pairs(path)[2] > ours[2]


def test_evaluate_word_pairs_inputs(model, tmp_path):
    path = write_pairs(tmp_path / "pairs.tsv", model)
    expected = model.evaluate_word_pairs(path)
    gz = tmp_path / "pairs.tsv.gz"
    gz.write_bytes(gzip.compress(path.read_bytes()))
    assert model.evaluate_word_pairs(gz) == expected
    assert model.evaluate_word_pairs(str(path)) == expected
    assert model.evaluate_word_pairs(path.read_text().splitlines()) == expected
    with open(path, "rb") as f:
        assert model.evaluate_word_pairs(f) == expected
    triples = [line.split("\t") for line in path.read_text().splitlines() if line[0] != "#"]
    assert model.evaluate_word_pairs([(a, b, float(s)) for a, b, s in triples]) == expected
    spaced = [line.replace("\t", "  ") for line in path.read_text().splitlines()]
    assert model.evaluate_word_pairs(spaced, delimiter=None) == expected


def test_evaluate_word_pairs_graph_ids(tmp_path):
    edges = np.array([[i, (i + 1) % 12] for i in range(12)])
    emb = GraphWalkEmbedder(edges, n_components=4, walk_length=10, random_state=0).fit()
    triples = [(0, 1, 9.0), (0, 6, 1.0), (3, 4, 8.0), (2, 8, 0.5), (5, 77, 3.0)]
    by_value = emb.evaluate_word_pairs(triples)
    # Text is matched with str(node): "7" finds node 7.
    as_text = emb.evaluate_word_pairs([f"{a}\t{b}\t{s}" for a, b, s in triples])
    assert by_value == as_text
    assert by_value[2] == pytest.approx(20.0)
    # As values, the string "0" is not node 0.
    assert emb.evaluate_word_pairs([("0", "1", 1.0)] + triples)[2] == pytest.approx(100 * 2 / 6)


def test_evaluate_word_pairs_errors(model, tmp_path):
    good = ["t0_0\tt0_1\t9", "t0_0\tt3_0\t1", "t1_0\tt1_2\t8"]
    path = tmp_path / "bad.tsv"
    path.write_text("# comment\nt0_0\tt0_1\t9\nt0_0 t3_0 1\n")
    with pytest.raises(ValueError, match=r"line 3: expected 3 fields .* got 1.*delimiter"):
        model.evaluate_word_pairs(path)
    with pytest.raises(ValueError, match=r"line 2: the score 'high' is not a number"):
        model.evaluate_word_pairs([good[0], "t0_0\tt3_0\thigh"])
    with pytest.raises(ValueError, match=r"line 4: the score 'nan' is not finite"):
        model.evaluate_word_pairs([*good, "t0_0\tt3_0\tnan"])
    with pytest.raises(ValueError, match=r"item 1: expected a \(token1, token2, score\)"):
        model.evaluate_word_pairs([("t0_0", "t0_1", 9.0), ("t0_0", "t3_0")])
    with pytest.raises(ValueError, match=r"item 0: the score inf is not finite"):
        model.evaluate_word_pairs([("t0_0", "t0_1", float("inf"))])
    with pytest.raises(ValueError, match=r"1 of 3 word pairs have both tokens"):
        model.evaluate_word_pairs([good[0], "x\ty\t1", "t0_0\tz\t2"])
    with pytest.raises(ValueError, match="0 of 0 word pairs"):
        model.evaluate_word_pairs([])
    with pytest.raises(FileNotFoundError):
        model.evaluate_word_pairs(tmp_path / "missing.tsv")
    with pytest.raises(TypeError, match="pairs must be a path"):
        model.evaluate_word_pairs(3)


# -- evaluate_word_analogies ------------------------------------------------------


def write_analogies(path, model, kv, n_sections=3, per_section=40, seed=0, upper=False):
    """Questions on random tokens; half of them with gensim's answer as the expected
    word (so that some are correct), a few with unknown words; blank lines too."""
    rng = np.random.default_rng(seed)
    lines = []
    for s in range(n_sections):
        lines.append(f": section-{s}")
        for i in range(per_section):
            a, b, c, d = rng.choice(model.tokens_[:120], size=4, replace=False)
            if i % 2:
                d = kv.most_similar(positive=[b, c], negative=[a], topn=1)[0][0]
            if i % 13 == 5:
                c = "unknown"
            if upper and i % 3 == 0:
                a, d = a.upper(), d.upper()
            lines.append(f"{a} {b} {c} {d}")
        lines.append("")
    path.write_text("\n".join(lines))
    return path


def gensim_sections(sections):
    return [(s["section"], s["correct"], s["incorrect"]) for s in sections]


@pytest.mark.parametrize(
    "options",
    [dict(), dict(restrict_vocab=100), dict(dummy4unknown=True)],
)
def test_evaluate_word_analogies_matches_gensim(model, kv, tmp_path, options):
    path = write_analogies(tmp_path / "questions-words.txt", model, kv)
    score, sections = model.evaluate_word_analogies(path, **options)
    g_score, g_sections = kv.evaluate_word_analogies(str(path), case_insensitive=False, **options)
    assert score == g_score
    assert gensim_sections(sections) == gensim_sections(g_sections)
    total = sections[-1]
    assert total["section"] == "Total accuracy"
    assert len(total["correct"]) > 0 and len(total["incorrect"]) > 0
    assert len(total["oov"]) == sum(len(s["oov"]) for s in sections[:-1]) > 0
    if options.get("dummy4unknown"):
        assert set(total["oov"]) <= set(total["incorrect"])
    else:
        assert set(total["oov"]).isdisjoint(total["correct"] + total["incorrect"])


def test_evaluate_word_analogies_case_insensitive_matches_gensim(tmp_path):
    """Labels that differ only by case: the most frequent stands for all, and no variant
    of a, b or c can be the answer."""
    corpus, _ = make_topic_corpus(1500, n_topics=4, tokens_per_topic=20, random_state=1)
    rng = np.random.default_rng(0)
    corpus = [[t.upper() if rng.random() < 0.3 else t for t in row] for row in corpus]
    cased = SkipGramEmbedder(n_components=12, epochs=2, random_state=0).fit(corpus)
    assert len({t.upper() for t in cased.tokens_}) < len(cased.tokens_)
    kv = keyed_vectors(cased)
    path = write_analogies(tmp_path / "q.txt", cased, kv, per_section=60, upper=True)
    score, sections = cased.evaluate_word_analogies(path, case_insensitive=True)
    g_score, g_sections = kv.evaluate_word_analogies(str(path), case_insensitive=True)
    assert score == g_score

    def upper(questions):
        return [tuple(w.upper() for w in q) for q in questions]

    ours = [(s["section"], upper(s["correct"]), upper(s["incorrect"])) for s in sections]
    assert ours == gensim_sections(g_sections)


def test_answer_analogies_in_blocks(monkeypatch):
    """Blocks of questions and of rows give the answers of one big product."""
    rng = np.random.default_rng(0)
    U = queries.unit_rows(rng.normal(size=(500, 10)))
    a, b, c = (rng.integers(0, 300, size=700) for _ in range(3))
    expected = queries.answer_analogies(U, a, b, c, 300)
    S = (U[b] + U[c] - U[a]) @ U[:300].T
    S[np.arange(700)[:, None], np.stack([a, b, c], axis=1)] = -np.inf
    np.testing.assert_array_equal(expected, S.argmax(axis=1))
    monkeypatch.setattr(queries, "_QUESTION_BATCH", 64)
    monkeypatch.setattr(queries, "_BLOCK_ELEMENTS", 64 * 37)
    np.testing.assert_array_equal(queries.answer_analogies(U, a, b, c, 300), expected)
    groups = np.arange(300)  # the grouped path, with one row per group
    np.testing.assert_array_equal(queries.answer_analogies(U, a, b, c, 300, groups), expected)
    # Every candidate left out: no answer.
    assert queries.answer_analogies(U, np.array([0]), np.array([1]), np.array([2]), 3)[0] == -1


def test_evaluate_word_analogies_inputs(model, kv, tmp_path):
    path = write_analogies(tmp_path / "q.txt", model, kv, n_sections=1, per_section=10)
    expected = model.evaluate_word_analogies(path)
    assert model.evaluate_word_analogies(path.read_text().splitlines()) == expected
    with open(path, "rb") as f:
        assert model.evaluate_word_analogies(f) == expected
    with open(path) as f:
        assert model.evaluate_word_analogies(f) == expected
    # A graph's integer IDs are matched as text.
    edges = np.array([[i, (i + 1) % 12] for i in range(12)])
    emb = GraphWalkEmbedder(edges, n_components=4, walk_length=10, random_state=0).fit()
    score, sections = emb.evaluate_word_analogies([": ring", "0 1 5 6", "0 1 5 99"])
    assert sections[-1]["oov"] == [("0", "1", "5", "99")]
    assert len(sections[-1]["correct"] + sections[-1]["incorrect"]) == 1
    # Only unknown questions: a score of 0.
    score, sections = model.evaluate_word_analogies([": s", "x y z w"])
    assert score == 0.0 and sections[0]["oov"] == [("x", "y", "z", "w")]


def test_evaluate_word_analogies_errors(model, tmp_path):
    with pytest.raises(ValueError, match=r"line 3: expected 4 words .* got 3: 't0_0 t0_1 t1_0'"):
        model.evaluate_word_analogies([": s", "t0_0 t0_1 t1_0 t1_1", "t0_0 t0_1 t1_0"])
    with pytest.raises(ValueError, match=r"line 1: a question before the first ': section'"):
        model.evaluate_word_analogies(["t0_0 t0_1 t1_0 t1_1"])
    with pytest.raises(ValueError, match="no analogy question"):
        model.evaluate_word_analogies([": empty", ""])
    with pytest.raises(ValueError, match="item 1: expected a line of text"):
        model.evaluate_word_analogies([": s", ("t0_0", "t0_1", "t1_0", "t1_1")])
    path = tmp_path / "q.txt"
    path.write_text(": s\n\nt0_0 t0_1 t1_0 t1_1 extra\n")
    with pytest.raises(ValueError, match="line 3: expected 4 words"):
        model.evaluate_word_analogies(path)


# -- the cache of unit vectors ----------------------------------------------------


def test_unit_vectors_cached_and_not_pickled(model):
    fresh = copy.deepcopy(model)
    size = len(pickle.dumps(fresh))
    answer = fresh.most_similar("t0_0")
    assert fresh._unit_vectors() is fresh._unit_vectors()  # computed once
    assert "_unit_cache" in vars(fresh)
    assert len(pickle.dumps(fresh)) == size
    loaded = pickle.loads(pickle.dumps(fresh))
    assert "_unit_cache" not in vars(loaded)
    assert loaded.most_similar("t0_0") == answer
    assert "_unit_cache" in vars(fresh)  # pickling did not drop it from the original
    np.testing.assert_allclose(np.linalg.norm(fresh._unit_vectors(), axis=1), 1.0, rtol=1e-6)
    assert fresh._unit_vectors().dtype == np.float32


def test_unit_vectors_follow_the_vectors(model, kv):
    est = copy.deepcopy(model)
    before = est.most_similar("t0_0")
    # A new fit: new vectors, new answers, agreeing with gensim on them.
    corpus, _ = make_topic_corpus(2000, n_topics=5, tokens_per_topic=30, random_state=0)
    est.set_params(random_state=1).fit(corpus)
    after = est.most_similar("t0_0")
    assert after != before
    assert_same_answer(after, keyed_vectors(est).most_similar("t0_0"))
    # An assigned array.
    est.embedding_ = model.embedding_.copy()
    assert est.most_similar("t0_0") == before
    # Vectors trained in place: each epoch replaces loss_curve_.
    est.embedding_[:] = keyed_vectors(model).vectors[::-1]
    est.loss_curve_ = np.append(est.loss_curve_, 0.0)
    assert est.most_similar("t0_0") != before
    # Most edits in place change the sample of rows the cache checks.
    est.embedding_ = model.embedding_.copy()
    assert est.most_similar("t0_0") == before
    est.embedding_ *= -1
    assert est.most_similar("t0_0") == before  # same cosines
    assert est.most_similar(model.embedding_[0], topn=1)[0][0] != model.tokens_[0]


def test_unit_vectors_inside_callbacks():
    """Inside a callback, the vectors being trained change every epoch in place."""
    if "callbacks" not in SkipGramEmbedder().get_params():
        pytest.skip("this version has no callbacks")
    corpus, _ = make_topic_corpus(500, n_topics=3, tokens_per_topic=10, random_state=0)
    seen = []

    def record(estimator, info):
        E = estimator.embedding_.astype(np.float64)
        U = E / np.linalg.norm(E, axis=1, keepdims=True)
        expected = U @ U[estimator.vocabulary_["t0_0"]]
        seen.append((estimator.most_similar("t0_0", topn=None), expected))

    SkipGramEmbedder(n_components=8, epochs=3, random_state=0, callbacks=[record]).fit(corpus)
    assert len(seen) == 3
    for sims, expected in seen:
        np.testing.assert_allclose(sims, expected, atol=TOL)
    assert not np.allclose(seen[0][0], seen[-1][0])


def test_unit_vectors_after_partial_fit():
    """Continued training changes the vectors (and may add rows)."""
    if not hasattr(SkipGramEmbedder, "partial_fit"):
        pytest.skip("this version has no partial_fit")
    corpus, _ = make_topic_corpus(600, n_topics=3, tokens_per_topic=10, random_state=0)
    more, _ = make_topic_corpus(600, n_topics=4, tokens_per_topic=10, random_state=1)
    est = SkipGramEmbedder(n_components=8, epochs=2, random_state=0).fit(corpus)
    before = est.most_similar("t0_0", topn=None)
    est.partial_fit(more)
    after = est.most_similar("t0_0", topn=None)
    assert after.shape == (len(est.vocabulary_),)
    assert_same_answer(est.most_similar("t0_0"), keyed_vectors(est).most_similar("t0_0"))
    assert not np.allclose(before, after[: before.shape[0]])


def test_top_level_numbers_with_two_components():
    """(node, number) at the top level with n_components=2 follows the list rule."""
    edges = np.array([[i, (i + 1) % 6] for i in range(6)])
    emb = GraphWalkEmbedder(edges, n_components=2, walk_length=5, random_state=0).fit()
    # 0 is a node, 0.5 is not: two numbers, n_components long, so one vector.
    assert emb.most_similar((0, 0.5), topn=3) == emb.most_similar([np.array([0, 0.5])], topn=3)
    # In a list, (0, 0.5) is node 0 with weight 0.5.
    assert emb.most_similar([(0, 0.5)], topn=3) == emb.most_similar(0, topn=3)
