"""sksg: skip-gram embeddings as scikit-learn estimators."""

from ._graph_walk import GraphWalkEmbedder
from ._skipgram import SkipGramEmbedder

__version__ = "0.1.0.dev0"

__all__ = ["GraphWalkEmbedder", "SkipGramEmbedder", "__version__"]
