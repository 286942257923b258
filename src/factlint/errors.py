"""factlint's exceptions, each carrying the exit code the command line returns for it.

* 0 - no errors (warnings may be printed);
* 1 - findings of severity error;
* 2 - :class:`UsageError` (a bad option, a missing path, a bad ``--base`` revision, a bad
  ``SOURCE_DATE_EPOCH``, an output path that would overwrite an input) and
  :class:`ConfigError` (a broken schema or rule file: the installation or its configuration);
* 3 - :class:`InternalError` and any other exception: a bug in factlint;
* 130 - interrupted (SIGINT or SIGTERM).

Bad input in the files checked is never an exception that reaches the user: it is a
finding. ``--traceback`` (or ``FACTLINT_TRACEBACK=1``) prints the cause of an error.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130


class FactlintError(Exception):
    """Base of factlint's errors; ``exit_code`` is what the command line returns."""

    exit_code = EXIT_INTERNAL
    label = "internal error"


class UsageError(FactlintError):
    """The command line or its environment names something that cannot be used (exit 2)."""

    exit_code = EXIT_USAGE
    label = "error"


class ConfigError(FactlintError):
    """factlint's own configuration is broken: a schema or rule file (exit 2)."""

    exit_code = EXIT_USAGE
    label = "configuration error"


class InternalError(FactlintError):
    """A bug in factlint (exit 3)."""


class Interrupted(FactlintError):
    """SIGINT or SIGTERM arrived (exit 130)."""

    exit_code = EXIT_INTERRUPTED
    label = "interrupted"
