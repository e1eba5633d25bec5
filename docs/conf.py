"""Sphinx configuration of the sksg documentation.

Build with ``sphinx-build -W --keep-going -b html docs docs/_build/html`` from
the repository root. The build needs no network: no intersphinx inventories
are fetched, and the gallery runs on data that sksg ships or generates.
"""

import os
import re
from pathlib import Path

import sksg

ROOT = Path(__file__).resolve().parent.parent

project = "sksg"
author = "the sksg developers"
copyright = "the sksg developers"
release = sksg.__version__
version = release

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "sphinx.ext.viewcode",
    "numpydoc",
    "sphinx_gallery.gen_gallery",
    "myst_parser",
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "**.ipynb_checkpoints", "auto_examples/*.ipynb"]
templates_path = ["_templates"]

# -- API reference -------------------------------------------------------------
autosummary_generate = True
autodoc_default_options = {"members": True}
autodoc_typehints = "none"
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False

# -- Markdown (docs/benchmarks.md) ---------------------------------------------
myst_heading_anchors = 3

# -- Gallery -------------------------------------------------------------------
sphinx_gallery_conf = {
    "examples_dirs": str(ROOT / "examples"),
    "gallery_dirs": "auto_examples",
    # Only plot_*.py files run; the others (quickstart.py) are shown as code.
    "filename_pattern": r"/plot_",
    "ignore_pattern": r"__init__\.py",
    "within_subsection_order": "FileNameSortKey",
    "doc_module": ("sksg",),
    "backreferences_dir": "gen_modules/backreferences",
    "image_scrapers": ("matplotlib",),
    "matplotlib_animations": False,
    "remove_config_comments": True,
    "show_memory": False,
    "min_reported_time": 1,
    "download_all_examples": False,
}
# Never use a display, even if one is set.
os.environ.setdefault("MPLBACKEND", "Agg")

# -- HTML ------------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = f"sksg {release}"
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "secondary_sidebar_items": ["page-toc"],
}
html_static_path = []
html_show_sourcelink = False


# -- Methods inherited from scikit-learn -------------------------------------------
# Their docstrings cross-reference labels of scikit-learn's own documentation
# (found through intersphinx there). Without network access at build time they
# are pointed at scikit-learn's website instead.
SKLEARN_DOCS = "https://scikit-learn.org/stable/"


def _sklearn_ref(match):
    text, label = match.group("text"), match.group("label")
    if label is None:  # :ref:`label`
        label = text
        if label.startswith("sphx_glr_auto_examples_") and "_plot_" in label:
            folder, _, name = label[len("sphx_glr_auto_examples_") :].partition("_plot_")
            url = f"{SKLEARN_DOCS}auto_examples/{folder}/plot_{name[:-3]}.html"
            return f"`scikit-learn's example plot_{name} <{url}>`__"
        return f"`scikit-learn's documentation <{SKLEARN_DOCS}>`__"
    return f"`{text.strip()} <{SKLEARN_DOCS}user_guide.html>`__ of scikit-learn"


_REF = re.compile(r":ref:`(?P<text>[^`<]+?)(?:\s*<(?P<label>[^`>]+)>)?`")
_TERM = re.compile(r":term:`(?P<text>[^`<]+?)(?:\s*<(?P<label>[^`>]+)>)?`")


def _sklearn_term(match):
    text, label = match.group("text").strip(), match.group("label") or match.group("text")
    anchor = re.sub(r"[^a-z0-9]+", "-", label.strip().lower())
    return f"`{text} <{SKLEARN_DOCS}glossary.html#term-{anchor}>`__"


def sklearn_docstring_refs(app, what, name, obj, options, lines):
    if not getattr(obj, "__module__", "").startswith("sklearn"):
        return
    lines[:] = [_TERM.sub(_sklearn_term, _REF.sub(_sklearn_ref, line)) for line in lines]


# -- Command line --------------------------------------------------------------------
# The help of each ``sksg`` subcommand, written at build time for cli.rst, so
# that the page always shows the options of the installed version.


def write_cli_help(app):
    import argparse

    from sksg._cli import build_parser

    os.environ["COLUMNS"] = "88"  # argparse wraps to the terminal width
    os.environ["NO_COLOR"] = "1"
    folder = Path(app.srcdir) / "generated" / "cli"
    folder.mkdir(parents=True, exist_ok=True)
    parser = build_parser()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, subparser in action.choices.items():
                text = subparser.format_help()
                path = folder / f"sksg-{name}.txt"
                if not path.exists() or path.read_text() != text:
                    path.write_text(text)


def setup(app):
    app.connect("autodoc-process-docstring", sklearn_docstring_refs)
    app.connect("builder-inited", write_cli_help)
