"""Every declared dependency pinned at its minimum version.

Reads ``pyproject.toml``: the ``dependencies`` and the extras named on the
command line (default: ``test``), and turns each ``>=`` lower bound into ``==``.
A requirement without a plain ``>=`` lower bound is an error, so that every
declared dependency has a minimum that CI installs and tests. Python 3.11+.

    python .ci/min_requirements.py [EXTRA ...] > constraints.txt
    python .ci/min_requirements.py --check [EXTRA ...]   # after installing them

``--check`` compares the installed versions with the pins and fails on any
difference (it needs ``packaging``, which pytest brings).
"""

import re
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import tomllib

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"
REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*>=\s*([^,;\s]+)\s*$")


def minimums(extras):
    """``{name: minimum version}`` of the dependencies and the given extras."""
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    requirements = list(project["dependencies"])
    for extra in extras:
        requirements += project["optional-dependencies"][extra]
    out = {}
    for requirement in requirements:
        match = REQUIREMENT.match(requirement)
        if match is None:
            raise SystemExit(f"no plain '>=' lower bound to pin: {requirement!r}")
        name, minimum = match.groups()
        if out.setdefault(name, minimum) != minimum:
            raise SystemExit(f"two minimums for {name}: {out[name]} and {minimum}")
    return out


def check(pins):
    """Fail unless every pinned package is installed at exactly its pin."""
    from packaging.version import Version

    wrong = []
    for name, pin in pins.items():
        try:
            installed = version(name)
        except PackageNotFoundError:
            installed = None
        ok = installed is not None and Version(installed) == Version(pin)
        print(f"{name}=={pin}: {installed or 'not installed'}{'' if ok else '  <-- WRONG'}")
        if not ok:
            wrong.append(name)
    if wrong:
        raise SystemExit(f"not at the declared minimum: {', '.join(wrong)}")


if __name__ == "__main__":
    args = sys.argv[1:]
    checking = "--check" in args
    pins = minimums([a for a in args if a != "--check"] or ["test"])
    if checking:
        check(pins)
    else:
        print("\n".join(f"{name}=={pin}" for name, pin in pins.items()))
