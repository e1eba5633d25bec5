"""Ship a large estimator parameter (a graph) to the workers of a dask cluster once.

A grid search pickles its estimator into every task, and the graph with it: a
``GraphWalkEmbedder`` and its clones share one graph object, but every task
carries a pickled copy of it. :func:`share_with_workers` sends the object to
every worker once, in a worker plugin, and meanwhile makes that object (that
very object, found by identity) pickle as a short reference when the client
pickles it on its event loop, that is into a message to the scheduler. A
worker unpickles the reference as its own copy, so all the tasks on it use the
same graph. Anywhere else (another joblib backend, ``pickle.dump`` of a fitted
model) the object pickles in full, as usual.

Only distributed is needed, and it is imported on first use.
"""

import asyncio
import contextlib
import copyreg
import functools
import uuid

#: token -> object, in a worker process: put there by the plugin.
_SHARED = {}
#: id(object) -> (object, token, the client's asyncio loop), in the client process.
_BY_ID = {}
#: type -> [the copyreg reducer it had, or None; number of its objects shared].
_HOOKED = {}


class _Reference:
    """A shared object where it is not held (the scheduler): pickles as itself."""

    __slots__ = ("token",)

    def __init__(self, token):
        self.token = token

    def __reduce__(self):
        return _shared, (self.token,)

    def __repr__(self):
        return f"<{self.token}: an object shared with the dask workers, not held here>"


def _shared(token):
    """What a reference unpickles to: the worker's copy of the object."""
    try:
        return _SHARED[token]
    except KeyError:
        return _Reference(token)


def _running_loop():
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def _reduce(obj):
    """The copyreg reducer of a shared object's type: a reference for that object,
    when the client pickles it on its event loop."""
    entry = _BY_ID.get(id(obj))
    if entry is not None and entry[0] is obj and _running_loop() is entry[2]:
        return _shared, (entry[1],)
    previous = _HOOKED.get(type(obj), (None,))[0]  # the block may have just ended
    if previous is not None:
        return previous(obj)
    return obj.__reduce_ex__(4)


@functools.cache
def _plugin_class():
    from distributed.diagnostics.plugin import WorkerPlugin

    class SharePlugin(WorkerPlugin):
        """Holds the object in every worker process, from setup to teardown."""

        def __init__(self, token, obj):
            self.token = token
            self.obj = obj

        def setup(self, worker):
            _SHARED[self.token] = self.obj

        def teardown(self, worker):
            _SHARED.pop(self.token, None)

        def __reduce__(self):
            # The class is made on first use (distributed is optional); its
            # instances unpickle through this module-level function.
            return _plugin, (self.token, self.obj)

    return SharePlugin


def _plugin(token, obj):
    return _plugin_class()(token, obj)


@contextlib.contextmanager
def share_with_workers(obj, client=None):
    """Send ``obj`` to every dask worker once, instead of with every task.

    Within the ``with`` block, the tasks that carry ``obj`` (such as the
    estimator clones of a grid search under ``joblib.parallel_backend("dask")``,
    whose ``graph`` is ``obj``) carry a reference to it instead, and every
    worker, one that joins later included, holds one copy of it. The
    scheduler holds a pickled copy too, until the block ends; then the workers
    drop theirs.

    The object is shared when the client pickles it on its event loop: other
    pickling, as by other joblib backends or ``pickle.dump``, gives the whole
    object, within the block too (unless it runs on the loop of an
    asynchronous client).

    Parameters
    ----------
    obj : object
        The object to share, usually the ``graph`` of a ``GraphWalkEmbedder``:
        the object itself is shared, not an equal one, so the estimator must
        hold this very object.
    client : distributed.Client, default=None
        The client of the cluster; None is the current one.

    Yields
    ------
    obj
        The same object.

    Examples
    --------
    A grid search on a (here in-process) cluster; with a cluster of worker
    processes or machines, each worker receives the graph once:

    >>> import joblib
    >>> import numpy as np
    >>> from distributed import Client
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn.model_selection import GridSearchCV
    >>> from sklearn.pipeline import make_pipeline
    >>> from sksg import GraphWalkEmbedder, share_with_workers
    >>> from sksg.datasets import load_karate_club
    >>> karate = load_karate_club()
    >>> graph = karate.edges
    >>> pipe = make_pipeline(
    ...     GraphWalkEmbedder(graph=graph, n_components=8, walk_length=10, n_jobs=1,
    ...                       random_state=0),
    ...     LogisticRegression(),
    ... )
    >>> grid = {"graphwalkembedder__window": [2, 5]}
    >>> X = np.arange(34).reshape(-1, 1)
    >>> with Client(processes=False, n_workers=1, dashboard_address=None) as client:
    ...     with share_with_workers(graph, client), joblib.parallel_backend("dask"):
    ...         search = GridSearchCV(pipe, grid, cv=3).fit(X, karate.target)
    >>> sorted(search.best_params_)
    ['graphwalkembedder__window']
    """
    from distributed import get_client

    entry = _BY_ID.get(id(obj))
    if entry is not None and entry[0] is obj:  # already shared, by an enclosing block
        yield obj
        return
    client = get_client() if client is None else client
    token = f"sksg-shared-{uuid.uuid4().hex}"
    # The plugin pickles obj in full: before obj's type is hooked.
    client.register_plugin(_plugin(token, obj), name=token)
    cls = type(obj)
    hooked = _HOOKED.setdefault(cls, [copyreg.dispatch_table.get(cls), 0])
    hooked[1] += 1
    copyreg.dispatch_table[cls] = _reduce
    _BY_ID[id(obj)] = (obj, token, client.loop.asyncio_loop)
    try:
        yield obj
    finally:
        del _BY_ID[id(obj)]
        hooked[1] -= 1
        if hooked[1] == 0:
            del _HOOKED[cls]
            if hooked[0] is None:
                copyreg.dispatch_table.pop(cls, None)
            else:
                copyreg.dispatch_table[cls] = hooked[0]
        client.unregister_worker_plugin(token)
