"""``python -m factlint``: the same as the ``factlint`` command."""

import sys

from factlint.cli import main

if __name__ == "__main__":
    sys.exit(main())
