"""``python -m sportello``: the command line (see :mod:`sportello.cli`)."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
