"""``python -m factlint``: the same as the ``factlint`` command."""

from factlint.cli import leave, main

if __name__ == "__main__":
    leave(main())
