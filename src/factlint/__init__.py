"""factlint: fact-checking as code.

Claims of news articles are YAML records; factlint checks each record against
JSON Schemas and the records against each other with consistency rules.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("factlint")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
