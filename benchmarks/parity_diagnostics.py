"""Follow-up of bench_parity.py: is the gap in the initial vectors or the rate schedule?

For each seed (1 thread, the same LFR graph, walks and splits as bench_parity.py):
sksg as in the study (its score must equal the study's), sksg with gensim's
per-job learning-rate steps (patches/parity_job_learning_rate.patch), and
gensim started from sksg's exact initial input vectors (build_vocab, overwrite
wv.vectors, train). gensim with its own initial vectors is not re-run: with one
worker it is deterministic, so the study's numbers are its numbers.

    PYTHONPATH=. python benchmarks/parity_diagnostics.py 1,2,3 out.json

A one-off experiment script; it imports bench_parity.py for the data and scoring.
Its results (``results/parity-diagnostics.*``) were measured with parity.json's
walks, drawn through sksg's private walk kernel as of 373e974; bench_parity.py
now draws them with the public ``sksg.random_walks``, which seeds them
differently, so a re-run matches a new study, not parity.json.
"""

import json
import sys
import tempfile

sys.path.insert(0, str(__import__("pathlib").Path(__file__).parent))
import bench_parity as bp  # noqa: E402
import numpy as np
from gensim.models import Word2Vec
from sklearn.utils import check_random_state

from sksg import SkipGramEmbedder
from sksg._random import derive_key, seed_from
from sksg._trainer import init_vectors

seeds = [int(x) for x in sys.argv[1].split(",")]
out = sys.argv[2]
csr, y, info = bp.make_graph(dict(bp.GRAPH))
joblr = bp.build_variant("joblr", bp.PATCHES / "parity_job_learning_rate.patch", tempfile.mkdtemp())
n = y.shape[0]
S = bp.SETTINGS
res = []
for seed in seeds:
    ids, off = bp.make_walks(csr, seed, 1.0, 1.0)
    splits = bp.splits_for(y, seed)
    m = SkipGramEmbedder(
        n_components=128,
        window=10,
        negative=5,
        sample=1e-3,
        min_count=1,
        epochs=1,
        n_jobs=1,
        random_state=seed,
    )
    m.fit(ids[a:b] for a, b in zip(off[:-1], off[1:], strict=False))
    rows = np.array([m.vocabulary_[i] for i in range(n)])
    Xs = m.embedding_[rows]
    Cs = m.context_vectors_[rows]
    s64 = seed_from(check_random_state(seed))
    W0 = init_vectors(len(m.tokens_), 128, np.uint64(derive_key(s64, 0xFFFFFFFF, 0)))[rows]
    words = np.array([str(i) for i in range(n)], dtype=object)
    sentences = [words[ids[a:b]].tolist() for a, b in zip(off[:-1], off[1:], strict=False)]
    rec = {"seed": seed}
    vecs = {"sksg": Xs}
    ctx = {"sksg": Cs}
    for name in ("gensim", "gensim_sksg_init"):
        if name == "gensim":
            g = Word2Vec(
                sg=1,
                hs=0,
                negative=5,
                window=10,
                sample=1e-3,
                min_count=1,
                vector_size=128,
                epochs=1,
                workers=1,
                seed=seed,
                alpha=0.025,
                min_alpha=1e-4,
            )
            g.build_vocab(sentences)
            G0 = np.stack([g.wv[str(i)].copy() for i in range(n)])
            rec["init_stats"] = {
                "gensim": [float(G0.min()), float(G0.max()), float(G0.std())],
                "sksg": [float(W0.min()), float(W0.max()), float(W0.std())],
            }
            continue
        g = Word2Vec(
            sg=1,
            hs=0,
            negative=5,
            window=10,
            sample=1e-3,
            min_count=1,
            vector_size=128,
            epochs=1,
            workers=1,
            seed=seed,
            alpha=0.025,
            min_alpha=1e-4,
        )
        g.build_vocab(sentences)
        if name == "gensim_sksg_init":
            for i in range(n):
                g.wv.vectors[g.wv.key_to_index[str(i)]] = W0[i]
        else:
            G0 = np.stack([g.wv[str(i)].copy() for i in range(n)])
            rec["init_stats"] = {
                "gensim": [float(G0.min()), float(G0.max()), float(G0.std())],
                "sksg": [float(W0.min()), float(W0.max()), float(W0.std())],
            }
        tw, rw = g.train(sentences, total_examples=g.corpus_count, epochs=1)
        rec[f"{name}_trained_words"] = tw
        vecs[name] = np.stack([g.wv[str(i)] for i in range(n)])
        ctx[name] = np.stack([g.syn1neg[g.wv.key_to_index[str(i)]] for i in range(n)])
    vecs["sksg_joblr"] = bp.fit_sksg(joblr, ids, off, n, seed, 1)
    ctx["sksg_joblr"] = vecs["sksg_joblr"]  # (its context vectors are not kept: norm_out is void)
    rec["sksg_trained_words"] = None
    for k, X in vecs.items():
        sc = bp.score(X, y, splits)
        rec[k] = {
            "micro": float(np.mean(sc["micro"])),
            "macro": float(np.mean(sc["macro"])),
            "norm_in": float(np.linalg.norm(X, axis=1).mean()),
            "norm_out": float(np.linalg.norm(ctx[k], axis=1).mean()),
        }
    print(json.dumps(rec), flush=True)
    res.append(rec)
    json.dump(res, open(out, "w"), indent=1)
