"""Large generated graphs for ``bench_scale.py``: R-MAT and a power-law planted partition.

Both generators are vectorised numpy (chunks of edges, no loop over edges in
Python) and return a canonical ``scipy.sparse.csr_array``: symmetric, sorted
int32 column indices, no duplicates, no self-loops, no explicit zeros, int32
``indptr`` while the entries fit. The weights are float64 ones (float32 on
request): ``GraphWalkEmbedder(graph=...)`` reads a canonical CSR matrix of
either without a copy, and weights that are all 1 give its unweighted walks
with no weight array.

* :func:`make_rmat`: a Graph500-style R-MAT (Kronecker) graph. ``scale`` gives
  ``2**scale`` vertices and ``edge_factor * 2**scale`` edge draws; each draw
  picks one of the four quadrants of the adjacency matrix at every one of the
  ``scale`` levels with probabilities ``a, b, c, d`` (0.57, 0.19, 0.19, 0.05;
  no per-level noise), then the vertex labels are permuted at random (as the
  Graph500 generator does, so that high degrees are not clustered at low
  labels). Draws are undirected edges: self-loops and repeated edges are
  dropped, and every remaining edge is stored both ways.
* :func:`make_planted`: a degree-corrected planted partition (an LFR-like
  benchmark in the Chung-Lu style): ``n_communities`` communities with
  power-law sizes, power-law expected degrees, and a mixing parameter ``mu``.
  Each edge draw takes a node ``u`` with probability proportional to its
  expected degree, then, with probability ``1 - mu``, a node ``v`` of ``u``'s
  community, else one of another community, both proportional to their
  expected degrees; so a node's degree follows its expected degree and a
  fraction ``mu`` of the draws cross communities. Node labels are the
  communities.

**Nodes without edges are removed** and the others renumbered ``0 .. n - 1``
in their order (R-MAT leaves a large share of its ``2**scale`` vertices
isolated; the planted partition a few low-degree ones). The edge-list file a
baseline reads cannot list an isolated node, so keeping them would give the
tools different graphs; and an isolated node gets no training. The number
removed is reported.

Memory: the edge keys ``min(u, v) * N + max(u, v)`` (int64) are generated
into one preallocated array, chunk by chunk, then sorted and de-duplicated in
place; the CSR arrays are filled from the sorted keys by counting (the keys in
``(row, column)`` order give each row's entries above the diagonal, a second
sorted key array those below it). The peak, measured at scales 17-20, grows by
about 30 bytes per draw: about 5 GB for ``2**24`` vertices (1.68e8 draws),
2.7 GB at ``2**23``, 0.45 GB at ``2**20`` (:func:`estimate_peak_bytes`).

Run as a script to time a generator alone (wall time and peak memory)::

    python benchmarks/scale_graphs.py rmat --scale 20
    python benchmarks/scale_graphs.py planted --nodes 1048576

Imports only numpy at module level (scipy when a graph is built).
"""

import argparse
import math
import time

import numpy as np

RMAT_PROBS = (0.57, 0.19, 0.19)  # a, b, c; d = 1 - a - b - c = 0.05
EDGE_FACTOR = 10
CHUNK = 1 << 22  # edge draws per chunk
MAX_INT32 = 2**31 - 1


# -- keys: undirected edges as sorted, unique int64 ---------------------------------


def _edge_keys(u, v, n):
    """``min * n + max`` of the pairs without self-loops, int64."""
    keep = u != v
    lo = np.minimum(u, v)[keep].astype(np.int64, copy=False)
    hi = np.maximum(u, v)[keep].astype(np.int64, copy=False)
    lo *= n
    lo += hi
    return lo


def _unique_sorted_inplace(keys, chunk=CHUNK):
    """Sort ``keys`` in place and move its distinct values to the front; returns the count."""
    keys.sort()
    write = 0
    previous = None
    for start in range(0, keys.shape[0], chunk):
        block = keys[start : start + chunk]
        new = np.empty(block.shape[0], dtype=bool)
        new[0] = previous is None or block[0] != previous
        np.not_equal(block[1:], block[:-1], out=new[1:])
        previous = block[-1]
        kept = block[new]  # a copy: writing it to the front never clobbers unread keys
        keys[write : write + kept.shape[0]] = kept
        write += kept.shape[0]
    return write


def _shrink(keys, size):
    """``keys[:size]``, giving the rest of the buffer back when possible."""
    try:
        keys.resize(size, refcheck=False)
        return keys
    except ValueError:  # does not own its data
        return keys[:size].copy()


def _drop_isolated(keys, n, chunk=CHUNK):
    """Renumber the nodes that have edges ``0 .. n_kept - 1``, in place.

    Returns ``(keys, n_kept, kept)`` with ``kept`` the old numbers of the
    kept nodes. The renumbering keeps the order of the nodes, so the keys stay
    sorted and unique.
    """
    has_edge = np.zeros(n, dtype=bool)
    for start in range(0, keys.shape[0], chunk):
        block = keys[start : start + chunk]
        has_edge[block // n] = True
        has_edge[block % n] = True
    kept = np.flatnonzero(has_edge)
    n_kept = int(kept.shape[0])
    if n_kept == n:
        return keys, n, kept
    new_id = np.cumsum(has_edge, dtype=np.int64) - 1
    del has_edge
    for start in range(0, keys.shape[0], chunk):
        block = keys[start : start + chunk]
        lo, hi = new_id[block // n], new_id[block % n]
        lo *= n_kept
        lo += hi
        block[:] = lo
    return keys, n_kept, kept


def _csr_from_keys(keys_holder, n, chunk=CHUNK):
    """The symmetric CSR adjacency of the sorted unique keys ``lo * n + hi`` (``lo < hi``).

    ``keys_holder`` is a one-element list holding the keys; it is emptied
    (the keys are freed) once they are no longer needed. Row ``r`` holds first
    its neighbours below ``r`` (from the keys sorted by ``(hi, lo)``) then those
    above (from the keys in order), so its indices come out sorted.
    """
    import scipy.sparse as sp

    keys = keys_holder.pop()
    m = int(keys.shape[0])
    above = np.zeros(n, dtype=np.int64)  # entries above the diagonal, per row
    below = np.zeros(n, dtype=np.int64)
    for start in range(0, m, chunk):
        block = keys[start : start + chunk]
        above += np.bincount(block // n, minlength=n)
        below += np.bincount(block % n, minlength=n)
    nnz = 2 * m
    index_dtype = np.int32 if max(nnz, n) <= MAX_INT32 else np.int64
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(above + below, out=indptr[1:])
    indices = np.empty(nnz, dtype=index_dtype)
    # Reversed keys hi * n + lo, for the entries below the diagonal.
    reverse = np.empty(m, dtype=np.int64)
    first_above = np.zeros(n, dtype=np.int64)  # position of each row's first key
    np.cumsum(above[:-1], out=first_above[1:])
    offset_above = indptr[:-1] + below - first_above
    for start in range(0, m, chunk):
        block = keys[start : start + chunk]
        lo, hi = block // n, block % n
        # The key at position k, of row lo, goes to indptr[lo] + below[lo] + k - first_above[lo].
        indices[offset_above[lo] + np.arange(start, start + block.shape[0])] = hi
        hi *= n
        hi += lo
        reverse[start : start + block.shape[0]] = hi
    del keys, offset_above, first_above, above
    reverse.sort()
    first_below = np.zeros(n, dtype=np.int64)
    np.cumsum(below[:-1], out=first_below[1:])
    offset_below = indptr[:-1] - first_below
    for start in range(0, m, chunk):
        block = reverse[start : start + chunk]
        hi, lo = block // n, block % n
        indices[offset_below[hi] + np.arange(start, start + block.shape[0])] = lo
    del reverse, offset_below, first_below, below
    data = np.ones(nnz, dtype=np.float64)
    A = sp.csr_array((data, indices, indptr.astype(index_dtype)), shape=(n, n), copy=False)
    A.has_sorted_indices = True
    A.has_canonical_format = True
    return A


# -- R-MAT ------------------------------------------------------------------------------


def rmat_draws(scale, edge_factor):
    return edge_factor * (1 << scale)


def make_rmat(scale, edge_factor=EDGE_FACTOR, probs=RMAT_PROBS, seed=0, chunk=CHUNK):
    """A Graph500-style R-MAT graph; returns ``(A, info)``.

    ``A`` is the canonical symmetric CSR adjacency (see the module docstring;
    isolated vertices removed), ``info`` a dict of the generation's counts.
    """
    a, b, c = probs
    if not (0 < a and 0 <= b and 0 <= c and a + b + c < 1):
        raise ValueError("need a > 0, b, c >= 0 and a + b + c < 1")
    n = 1 << scale
    m = rmat_draws(scale, edge_factor)
    rng = np.random.default_rng(seed)
    # uint32 thresholds of the quadrants a | b | c | d on [0, 2**32)
    t_a, t_ab, t_abc = (np.uint32(min(round(x * 2**32), 2**32 - 1)) for x in (a, a + b, a + b + c))
    label_dtype = np.int32 if n <= MAX_INT32 else np.int64
    perm = rng.permutation(n).astype(label_dtype)
    keys = np.empty(m, dtype=np.int64)
    filled = 0
    for start in range(0, m, chunk):
        k = min(chunk, m - start)
        u = np.zeros(k, dtype=label_dtype)
        v = np.zeros(k, dtype=label_dtype)
        for level in range(scale):
            r = rng.integers(0, 2**32, size=k, dtype=np.uint32)
            row = r >= t_ab  # quadrants c, d
            col = (r >= t_a) != row  # b (a <= r < a + b) or d (r >= a + b + c)
            col ^= r >= t_abc
            u |= row.astype(label_dtype) << level
            v |= col.astype(label_dtype) << level
        block = _edge_keys(perm[u], perm[v], n)
        keys[filled : filled + block.shape[0]] = block
        filled += block.shape[0]
    del perm
    self_loops = m - filled
    keys = _shrink(keys, filled)
    unique = _unique_sorted_inplace(keys)
    keys = _shrink(keys, unique)
    keys, n_kept, _ = _drop_isolated(keys, n)
    holder = [keys]
    del keys
    A = _csr_from_keys(holder, n_kept)
    info = {
        "generator": "rmat",
        "scale": scale,
        "edge_factor": edge_factor,
        "rmat_abcd": [a, b, c, round(1 - a - b - c, 12)],
        "seed": seed,
        "vertices": n,
        "draws": m,
        "self_loops_dropped": self_loops,
        "duplicates_dropped": filled - unique,
        "isolated_dropped": n - n_kept,
    }
    return A, info


# -- planted partition with power-law degrees ------------------------------------------


def _powerlaw(rng, size, exponent, low, high):
    """Draws of density ``x ** -exponent`` on ``[low, high]`` (inverse transform)."""
    u = rng.random(size)
    if abs(exponent - 1.0) < 1e-9:
        return low * (high / low) ** u
    e = 1.0 - exponent
    return (low**e + u * (high**e - low**e)) ** (1.0 / e)


def _powerlaw_mean(exponent, ratio):
    """Mean of the power law of :func:`_powerlaw` on ``[1, ratio]``."""
    if min(abs(exponent - 1.0), abs(exponent - 2.0)) < 1e-6:
        exponent += 1e-6  # the closed form's limits at 1 and 2, closely enough
    e1, e2 = 1.0 - exponent, 2.0 - exponent
    return (e1 / e2) * (ratio**e2 - 1.0) / (ratio**e1 - 1.0)


def _powerlaw_ratio(exponent, max_over_mean):
    """The ratio ``high / low`` of a power law whose maximum is ``max_over_mean`` times its mean.

    Solves ``ratio / mean(ratio) = max_over_mean`` by bisection on ``log(ratio)``.
    """
    if max_over_mean <= 1.0:
        raise ValueError("the maximum degree must exceed the mean degree")
    lo, hi = 0.0, 200.0
    for _ in range(200):
        mid = (lo + hi) / 2
        r = math.exp(mid)
        if r / _powerlaw_mean(exponent, r) < max_over_mean:
            lo = mid
        else:
            hi = mid
    return math.exp((lo + hi) / 2)


def community_sizes(n, n_communities, exponent, rng, ratio=10.0):
    """Power-law community sizes (largest ``ratio`` times the smallest) adding up to ``n``."""
    raw = _powerlaw(rng, n_communities, exponent, 1.0, ratio)
    sizes = np.floor(raw / raw.sum() * n).astype(np.int64)
    sizes = np.maximum(sizes, 1)
    sizes[np.argmax(sizes)] += n - sizes.sum()
    return sizes


def _sorted_uniforms(rng, k):
    """``k`` sorted uniform draws on [0, 1), in O(k) (spacings of exponentials)."""
    e = rng.standard_exponential(k + 1)
    np.cumsum(e, out=e)
    return e[:k] / e[k]


def make_planted(
    n_nodes,
    edge_factor=EDGE_FACTOR,
    n_communities=100,
    mu=0.3,
    degree_exponent=2.5,
    size_exponent=1.5,
    max_degree=None,
    seed=0,
    chunk=CHUNK,
):
    """A degree-corrected planted partition; returns ``(A, labels, info)``.

    ``edge_factor * n_nodes`` edge draws; expected degrees follow a power law
    of exponent ``degree_exponent`` with mean ``2 * edge_factor`` and maximum
    ``max_degree`` (default ``sqrt(2 * draws)``, the Chung-Lu cut-off);
    community sizes a power law of exponent ``size_exponent``, the largest 10
    times the smallest; a fraction ``mu`` of the draws goes across
    communities. ``labels[i]`` is node ``i``'s community (isolated nodes are
    removed, as in :func:`make_rmat`).

    The draws are made community by community, in O(draws + nodes): the
    number of draws whose first node ``u`` is in community ``c`` is
    multinomial in the communities' volumes (sums of expected degrees); the
    ``u`` of those draws, and the ``v`` of the ones inside ``c``, are
    multinomial counts over ``c``'s nodes; the ``v`` outside ``c`` are sorted
    uniform points of the cumulated expected degrees of the other communities,
    located by binary search; the ``v`` are then shuffled, which pairs them
    with the ``u`` at random.
    """
    if not 0 <= mu <= 1 or n_communities < 2 or n_nodes < 2 * n_communities:
        raise ValueError("need 0 <= mu <= 1, n_communities >= 2, n_nodes >= 2 * n_communities")
    rng = np.random.default_rng(seed)
    n, m = int(n_nodes), int(edge_factor * n_nodes)
    sizes = community_sizes(n, n_communities, size_exponent, rng)
    labels = rng.permutation(np.repeat(np.arange(n_communities), sizes)).astype(np.int32)
    members = np.argsort(labels, kind="stable").astype(np.int64)  # nodes by community
    ends = np.cumsum(sizes)
    starts = ends - sizes
    max_degree = math.sqrt(2 * m) if max_degree is None else float(max_degree)
    mean = 2.0 * m / n
    # Expected degrees: a power law on [k_min, max_degree] of mean `mean`.
    ratio = _powerlaw_ratio(degree_exponent, max_degree / mean)
    theta = _powerlaw(rng, n, degree_exponent, 1.0, ratio)
    theta *= max_degree / ratio
    by_community = theta[members]
    cum = np.cumsum(by_community)
    volume = np.add.reduceat(by_community, starts)
    per_community = rng.multinomial(m, volume / volume.sum())
    keys = np.empty(m, dtype=np.int64)
    filled = crossing = 0
    for c in range(n_communities):
        nodes = members[starts[c] : ends[c]]
        p = by_community[starts[c] : ends[c]] / volume[c]
        low = cum[starts[c]] - by_community[starts[c]]  # cumulated weight before c
        outside = cum[-1] - volume[c]
        left = int(per_community[c])
        while left:
            k = min(left, chunk)
            left -= k
            u = np.repeat(nodes, rng.multinomial(k, p))
            k_out = int(rng.binomial(k, mu))
            v = np.empty(k, dtype=np.int64)
            v[: k - k_out] = np.repeat(nodes, rng.multinomial(k - k_out, p))
            x = _sorted_uniforms(rng, k_out) * outside
            x[x >= low] += volume[c]  # skip community c
            pos = np.minimum(np.searchsorted(cum, x, side="right"), n - 1)
            pos[(pos >= starts[c]) & (pos < ends[c])] = ends[c] if ends[c] < n else starts[c] - 1
            v[k - k_out :] = members[pos]
            crossing += k_out
            block = _edge_keys(u, rng.permutation(v), n)
            keys[filled : filled + block.shape[0]] = block
            filled += block.shape[0]
    del members, by_community, cum
    self_loops = m - filled
    keys = _shrink(keys, filled)
    unique = _unique_sorted_inplace(keys)
    keys = _shrink(keys, unique)
    keys, n_kept, kept = _drop_isolated(keys, n)
    labels = labels[kept]
    holder = [keys]
    del keys
    A = _csr_from_keys(holder, n_kept)
    info = {
        "generator": "planted",
        "nodes_requested": n,
        "edge_factor": edge_factor,
        "communities": n_communities,
        "mu": mu,
        "degree_exponent": degree_exponent,
        "size_exponent": size_exponent,
        "max_expected_degree": max_degree,
        "seed": seed,
        "draws": m,
        "crossing_draws": crossing,
        "self_loops_dropped": self_loops,
        "duplicates_dropped": filled - unique,
        "isolated_dropped": n - n_kept,
    }
    return A, labels, info


# -- description, files -----------------------------------------------------------------


def graph_bytes(A):
    """Bytes of the CSR arrays (what a caller holds for the graph)."""
    return int(A.data.nbytes + A.indices.nbytes + A.indptr.nbytes)


def describe(A, info, labels=None):
    """Sizes and degrees of a generated graph, with the generator's counts."""
    degrees = np.diff(A.indptr)
    out = dict(info)
    out.update(
        n_nodes=int(A.shape[0]),
        n_edges=int(A.nnz // 2),
        mean_degree=float(degrees.mean()),
        median_degree=float(np.median(degrees)),
        min_degree=int(degrees.min()),
        max_degree=int(degrees.max()),
        degree_p99=float(np.percentile(degrees, 99)),
        # the mean degree of the node a walk is at (in the stationary regime)
        walk_mean_degree=float((degrees.astype(np.float64) ** 2).sum() / degrees.sum()),
        graph_bytes=graph_bytes(A),
    )
    if labels is not None:
        crossing = 0
        for row, stop in _row_chunks(A.indptr):
            lo, hi = A.indptr[row], A.indptr[stop]
            rows = np.repeat(labels[row:stop], degrees[row:stop])
            crossing += int(np.count_nonzero(rows != labels[A.indices[lo:hi]]))
        out["crossing_edge_fraction"] = crossing / max(A.nnz, 1)
        sizes = np.bincount(labels)
        out.update(
            community_min=int(sizes.min()),
            community_max=int(sizes.max()),
            majority_fraction=float(sizes.max() / sizes.sum()),
        )
    return out


def _digits(x):
    """Number of decimal digits of each non-negative integer."""
    d = np.ones(x.shape[0], dtype=np.int64)
    bound = 10
    top = int(x.max()) if x.size else 0
    while bound <= top:
        d += x >= bound
        bound *= 10
    return d


def _put_digits(buf, ends, x, nd):
    """Write ``x`` in decimal into ``buf``, each number's last digit at ``ends - 1``."""
    x = x.copy()
    pos = ends - 1
    for j in range(int(nd.max()) if nd.size else 0):
        live = nd > j
        buf[pos[live]] = 48 + (x[live] % 10)
        x //= 10
        pos -= 1


def edge_lines(u, v):
    """The bytes of the lines ``u<TAB>v<NEWLINE>`` (vectorised decimal formatting)."""
    u = np.asarray(u, dtype=np.int64)
    v = np.asarray(v, dtype=np.int64)
    du, dv = _digits(u), _digits(v)
    ends = np.cumsum(du + dv + 2)
    starts = ends - (du + dv + 2)
    buf = np.empty(int(ends[-1]) if ends.size else 0, dtype=np.uint8)
    _put_digits(buf, starts + du, u, du)
    buf[starts + du] = 9  # tab
    _put_digits(buf, ends - 1, v, dv)
    buf[ends - 1] = 10  # newline
    return buf


def _row_chunks(indptr, chunk=CHUNK):
    """``(first, stop)`` row ranges of about ``chunk`` entries each (at least one row)."""
    n = indptr.shape[0] - 1
    row = 0
    while row < n:
        stop = int(np.searchsorted(indptr, indptr[row] + chunk, side="right")) - 1
        stop = min(max(stop, row + 1), n)
        yield row, stop
        row = stop


def write_edgelist(A, path, chunk=CHUNK):
    """Write each undirected edge of symmetric ``A`` once (``u < v``), tab-separated."""
    indptr = A.indptr
    with open(path, "wb") as f:
        for row, stop in _row_chunks(indptr, chunk):
            lo, hi = indptr[row], indptr[stop]
            cols = np.asarray(A.indices[lo:hi], dtype=np.int64)
            rows = np.repeat(np.arange(row, stop, dtype=np.int64), np.diff(indptr[row : stop + 1]))
            upper = cols > rows
            edge_lines(rows[upper], cols[upper]).tofile(f)


def write_pecanpy_npz(A, path):
    """PecanPy's CSR ``.npz`` (uint32 ``indptr`` and ``indices``, float32 ``data``)."""
    np.savez(
        path,
        indptr=np.asarray(A.indptr).astype(np.uint32),
        indices=np.asarray(A.indices).astype(np.uint32),
        data=np.ones(A.nnz, dtype=np.float32),
    )


#: Peak memory of a generator per edge draw and its fixed part, from tracemalloc at
#: scales 17-20 (R-MAT; the planted partition needs a little less): the marginal
#: cost is about 30 bytes per draw (int64 keys of the draws, int64 reversed keys
#: and int32 indices of the edges, int64 per-node counts and offsets).
PEAK_BYTES_PER_DRAW = 30
PEAK_BYTES_FIXED = 256 * 2**20  # chunk temporaries (4M draws), numpy and scipy


def estimate_peak_bytes(draws):
    """Rough peak memory of :func:`make_rmat` or :func:`make_planted` for ``draws`` draws."""
    return PEAK_BYTES_PER_DRAW * draws + PEAK_BYTES_FIXED


# -- command line: time a generator alone --------------------------------------------------


def main(argv=None):
    parser = argparse.ArgumentParser(description="Time a graph generator alone (no fitting).")
    parser.add_argument("kind", choices=["rmat", "planted"])
    parser.add_argument("--scale", type=int, default=20, help="R-MAT: 2**scale vertices")
    parser.add_argument("--nodes", type=int, default=None, help="planted: nodes (default 2**scale)")
    parser.add_argument("--edge-factor", type=int, default=EDGE_FACTOR)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--edgelist", default=None, help="also write the edge list to this path")
    args = parser.parse_args(argv)
    import harness

    with harness.Measure() as measure:
        if args.kind == "rmat":
            A, info = make_rmat(args.scale, args.edge_factor, seed=args.seed)
            labels = None
        else:
            nodes = args.nodes or 1 << args.scale
            A, labels, info = make_planted(nodes, args.edge_factor, seed=args.seed)
    g = describe(A, info, labels)
    rec = measure.record()
    print(
        f"{args.kind}: {g['n_nodes']:,} nodes, {g['n_edges']:,} edges, degrees "
        f"{g['min_degree']}-{g['max_degree']} (mean {g['mean_degree']:.1f}), "
        f"{g['isolated_dropped']:,} isolated dropped; {measure.wall:.1f} s, peak "
        f"+{rec['peak_mib']:.0f} MiB (graph {g['graph_bytes'] / 2**20:.0f} MiB)",
        flush=True,
    )
    if args.edgelist:
        tic = time.perf_counter()
        write_edgelist(A, args.edgelist)
        print(f"edge list written in {time.perf_counter() - tic:.1f} s", flush=True)


if __name__ == "__main__":
    main()
