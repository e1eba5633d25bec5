"""sksg: skip-gram embeddings as scikit-learn estimators."""

from ._graph_walk import GraphWalkEmbedder, random_walks
from ._skipgram import SkipGramEmbedder
from ._word2vec import load_word2vec_format, save_word2vec_format

__version__ = "0.1.0.dev0"

__all__ = [
    "GraphWalkEmbedder",
    "SkipGramEmbedder",
    "__version__",
    "load_word2vec_format",
    "random_walks",
    "save_word2vec_format",
]
