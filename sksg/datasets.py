"""Synthetic data with known structure, generated deterministically.

Nothing here downloads anything: the corpora are drawn from a seeded random
generator, so examples, tests and benchmarks run offline and are reproducible.
"""

from importlib import resources

import numpy as np
from sklearn.utils import Bunch, check_random_state

__all__ = ["load_karate_club", "make_topic_corpus"]


def load_karate_club():
    """Zachary's karate club: a real social network with two factions.

    The 34 members of a university karate club and the 78 friendships between
    them observed outside the club (Zachary, 1977). The club split in two; the
    target is the side each member joined: 0 for the instructor, "Mr. Hi", 1
    for the administrator, "Officer". Shipped with sksg, nothing is downloaded.

    Returns
    -------
    data : :class:`~sklearn.utils.Bunch`
        ``edges``, an int64 array of shape (78, 2) (undirected, nodes 0..33);
        ``target``, an int64 array of shape (34,); ``target_names``.

    References
    ----------
    .. [1] W. W. Zachary, "An Information Flow Model for Conflict and Fission in
       Small Groups", Journal of Anthropological Research 33(4), 1977.

    Examples
    --------
    >>> from sksg.datasets import load_karate_club
    >>> karate = load_karate_club()
    >>> karate.edges.shape, karate.target.shape, karate.target_names.tolist()
    ((78, 2), (34,), ['Mr. Hi', 'Officer'])
    """
    folder = resources.files("sksg") / "data"
    edges = np.loadtxt(
        folder.joinpath("karate_club_edges.csv").open(), delimiter=",", skiprows=1, dtype=np.int64
    )
    clubs = np.loadtxt(
        folder.joinpath("karate_club_nodes.csv").open(), delimiter=",", skiprows=1, dtype=str
    )
    target_names = np.array(["Mr. Hi", "Officer"])
    target = (clubs[:, 1] == "Officer").astype(np.int64)
    return Bunch(edges=edges, target=target, target_names=target_names)


def make_topic_corpus(
    n_sequences=10_000,
    *,
    n_topics=10,
    tokens_per_topic=100,
    n_common=20,
    common_rate=0.3,
    mix_rate=0.0,
    length_range=(5, 30),
    zipf_exponent=1.0,
    random_state=None,
):
    """Generate a corpus of token sequences with planted topics.

    Each sequence belongs to one topic. Every token of the sequence is, with
    probability ``common_rate``, a *common* token shared by all topics (the
    "the" and "of" of the corpus, which subsampling is meant to thin out) and
    otherwise a token of the sequence's topic. Within a topic, and among the
    common tokens, token frequencies follow a Zipf law, as words do in text.

    A good skip-gram embedding places the tokens of one topic near each other.

    Parameters
    ----------
    n_sequences : int, default=10_000
        Number of sequences.
    n_topics : int, default=10
        Number of topics.
    tokens_per_topic : int, default=100
        Number of distinct tokens in each topic.
    n_common : int, default=20
        Number of distinct common tokens shared by all topics (may be 0).
    common_rate : float, default=0.3
        Probability that a position holds a common token.
    mix_rate : float, default=0.0
        Probability that a non-common position holds a token of another topic,
        drawn uniformly: noise that blurs the topics and makes them harder to
        recover.
    length_range : tuple of int, default=(5, 30)
        Sequence lengths are drawn uniformly from ``[low, high]``.
    zipf_exponent : float, default=1.0
        Exponent ``s`` of the Zipf law: the ``r``-th most frequent token of a
        topic has weight ``1 / r**s``.
    random_state : int, RandomState instance or None, default=None
        Seed of the generator.

    Returns
    -------
    sequences : list of list of str
        The corpus. Topic tokens are named ``"t{topic}_{rank}"`` and common
        tokens ``"c_{rank}"``.
    token_topic : dict of str to int
        The topic of every token (-1 for common tokens).

    Examples
    --------
    >>> from sksg.datasets import make_topic_corpus
    >>> corpus, topic = make_topic_corpus(100, n_topics=3, random_state=0)
    >>> len(corpus), len(topic)
    (100, 320)
    """
    rng = check_random_state(random_state)
    low, high = length_range
    if not (1 <= low <= high):
        raise ValueError(f"length_range must satisfy 1 <= low <= high, got {length_range}.")
    if n_common == 0:
        common_rate = 0.0
    lengths = rng.randint(low, high + 1, size=n_sequences)
    n_tokens = int(lengths.sum())
    seq_topic = rng.randint(n_topics, size=n_sequences)
    pos_topic = np.repeat(seq_topic, lengths)

    def zipf(n):
        w = 1.0 / np.arange(1, n + 1) ** zipf_exponent
        return w / w.sum()

    if mix_rate > 0:
        other = rng.random_sample(n_tokens) < mix_rate
        shift = rng.randint(1, max(n_topics, 2), size=int(other.sum()))
        pos_topic[other] = (pos_topic[other] + shift) % n_topics
    rank = rng.choice(tokens_per_topic, size=n_tokens, p=zipf(tokens_per_topic))
    ids = pos_topic * tokens_per_topic + rank
    if n_common:
        is_common = rng.random_sample(n_tokens) < common_rate
        common_rank = rng.choice(n_common, size=int(is_common.sum()), p=zipf(n_common))
        ids[is_common] = n_topics * tokens_per_topic + common_rank

    names = [f"t{t}_{r}" for t in range(n_topics) for r in range(tokens_per_topic)]
    names += [f"c_{r}" for r in range(n_common)]
    topic = {name: i // tokens_per_topic for i, name in enumerate(names)}
    for r in range(n_common):
        topic[f"c_{r}"] = -1
    names = np.asarray(names, dtype=object)
    flat = names[ids].tolist()
    ends = np.cumsum(lengths)
    starts = ends - lengths
    sequences = [flat[s:e] for s, e in zip(starts.tolist(), ends.tolist(), strict=True)]
    return sequences, topic
