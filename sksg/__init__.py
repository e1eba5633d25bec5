"""sksg: skip-gram embeddings as scikit-learn estimators."""

from ._dask import share_with_workers
from ._edgelist import read_edgelist
from ._graph_walk import GraphWalkEmbedder, random_walks
from ._line import LINEEmbedder
from ._skipgram import SkipGramEmbedder
from ._struc2vec import Struc2VecEmbedder, structural_walks
from ._trainer import EpochInfo, StopTraining
from ._vocab import RULE_DEFAULT, RULE_DISCARD, RULE_KEEP
from ._word2vec import load_word2vec_format, save_word2vec_format

__version__ = "0.1.0.dev0"

__all__ = [
    "RULE_DEFAULT",
    "RULE_DISCARD",
    "RULE_KEEP",
    "EpochInfo",
    "GraphWalkEmbedder",
    "LINEEmbedder",
    "SkipGramEmbedder",
    "StopTraining",
    "Struc2VecEmbedder",
    "__version__",
    "load_word2vec_format",
    "random_walks",
    "read_edgelist",
    "save_word2vec_format",
    "share_with_workers",
    "structural_walks",
]
