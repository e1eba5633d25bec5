"""``python -m sksg``: the sksg command line (see ``python -m sksg --help``)."""

import sys

from ._cli import main

if __name__ == "__main__":
    sys.exit(main())
