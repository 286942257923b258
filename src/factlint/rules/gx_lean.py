"""What Great Expectations (GX 1.x) repeats per expectation and per metric, done once while factlint's rules run.

GX validates a suite by asking each expectation, for each metric it needs, for its arguments; each time it
rebuilds the expectation's configuration (a pydantic ``dict()`` and a new ``ExpectationConfiguration``) once per
argument name, about ten times per metric (``Expectation._get_runtime_kwargs``). And with the pandas engine it
filters the table by the expectation's ``row_condition`` (``DataFrame.query``: the condition parsed and evaluated)
once per metric: six times per expectation with a condition. At 10k claims the two were about half of the rule
stage's time in GX.

:func:`lean` (a context manager, used around the validation of the tables) makes each of those happen once:

* while one of the argument readers below runs on an expectation, its ``configuration`` is built once and
  that one is returned (the readers only read it); outside them the property is GX's own;
* which rows a ``row_condition`` keeps is computed once per table and condition (GX's ``query``); each caller
  gets a new frame of those rows, as each got one from ``query`` before (a shallow copy of the one kept: pandas'
  copy-on-write keeps any change a caller makes to its own frame);
* likewise the rows of a column pair's or column list's domain (``get_domain_records``: the condition's rows, less
  those its ``ignore_row_if`` drops; GX's ``dropna`` over those columns, a pass over each of their cells), once per
  table and domain instead of once per metric (four times per expectation).

Both are GX's own code paths (same functions, same results); everything is restored on exit, so another user
of GX in the process sees GX as it was (``tests/test_gx_lean.py``). They touch GX's private methods: a GX
release without them (``great-expectations>=1.9,<2`` allows several) is left as it is, only slower.
"""

from __future__ import annotations

import contextlib
import functools
import json
from collections.abc import Callable, Iterator
from typing import Any

READERS = ("_get_runtime_kwargs", "_get_success_kwargs", "_get_domain_kwargs", "_get_success_kwarg")
"""The ``Expectation`` methods that read ``self.configuration`` once per argument name and change nothing."""


@contextlib.contextmanager
def lean() -> Iterator[None]:
    """GX's expectation configurations and row-condition filters computed once each while the block runs."""
    with _configuration_once(), _row_filter_once(), _domain_records_once():
        yield


@contextlib.contextmanager
def _configuration_once() -> Iterator[None]:
    from great_expectations.expectations.expectation import Expectation

    prop = Expectation.__dict__.get("configuration")
    saved = {name: Expectation.__dict__[name] for name in READERS if callable(Expectation.__dict__.get(name))}
    if not isinstance(prop, property) or prop.fget is None or not saved:  # another GX: left as it is
        yield
        return
    build = prop.fget
    current: dict[int, Any] = {}  # id(expectation) -> its configuration, while a reader runs on it

    def configuration(self: Any) -> Any:
        found = current.get(id(self))
        return build(self) if found is None else found

    def once(method: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(method)
        def reader(self: Any, *args: Any, **kwargs: Any) -> Any:
            key = id(self)
            if key in current:  # an outer reader already built it
                return method(self, *args, **kwargs)
            current[key] = build(self)
            try:
                return method(self, *args, **kwargs)
            finally:
                del current[key]

        return reader

    Expectation.configuration = property(configuration)  # type: ignore[method-assign,assignment]
    for name, method in saved.items():
        setattr(Expectation, name, once(method))
    try:
        yield
    finally:
        Expectation.configuration = prop  # type: ignore[method-assign,assignment]
        for name, method in saved.items():
            setattr(Expectation, name, method)


def _copy_on_write() -> bool:
    """Whether pandas copies a frame's data on write (always from pandas 3; an option before, off by default)."""
    import pandas as pd

    if int(pd.__version__.split(".")[0]) >= 3:
        return True
    return bool(pd.get_option("mode.copy_on_write") is True)


def _condition_key(row_condition: Any, domain_kwargs: dict[str, Any]) -> str | None:
    """The condition as text (None: not one this memo knows how to name; then GX filters as usual)."""
    if hasattr(row_condition, "dict") and not isinstance(row_condition, dict):
        row_condition = row_condition.dict()
    try:
        text = json.dumps(row_condition, sort_keys=True, default=str)
    except (TypeError, ValueError):
        return None
    return f"{domain_kwargs.get('condition_parser')!r}:{text}"


@contextlib.contextmanager
def _once_per_frame(method: str, named: Callable[..., tuple[Any, str] | None]) -> Iterator[None]:
    """GX's ``PandasExecutionEngine.<method>`` computed once per frame and name while the block runs.

    ``named`` gets the call's arguments and names what it computes: (the frame it reads, its other arguments as
    text), or None where it cannot (then GX computes it as usual). Each caller gets its own frame of what was
    kept, instead of the rows taken again per metric: a shallow copy under pandas' copy-on-write (always on from
    pandas 3), where a caller that changes its frame changes only its own; a deep one before."""
    from great_expectations.execution_engine.pandas_execution_engine import PandasExecutionEngine

    original = PandasExecutionEngine.__dict__.get(method)
    if not callable(original):  # another GX: left as it is
        yield
        return
    kept: dict[tuple[int, str], tuple[Any, Any]] = {}  # (id(frame), name) -> (frame, what GX computed from it)

    @functools.wraps(original)
    def once(self: Any, *args: Any, **kwargs: Any) -> Any:
        name = named(self, *args, **kwargs)
        if name is None:
            return original(self, *args, **kwargs)
        frame, text = name
        key = (id(frame), text)
        hit = kept.get(key)
        if hit is None or hit[0] is not frame:
            hit = kept[key] = (frame, original(self, *args, **kwargs))
        return hit[1].copy(deep=not _copy_on_write())

    setattr(PandasExecutionEngine, method, once)
    try:
        yield
    finally:
        setattr(PandasExecutionEngine, method, original)
        kept.clear()


def _row_filter_once() -> contextlib.AbstractContextManager[None]:
    """Which rows a ``row_condition`` keeps, once per table and condition."""
    return _once_per_frame("_apply_row_condition_filter", _filtered_rows)


def _filtered_rows(engine: Any, data: Any, row_condition: Any, domain_kwargs: dict[str, Any]) -> tuple[Any, str] | None:
    name = _condition_key(row_condition, domain_kwargs)
    return None if name is None or not data.index.is_unique else (data, name)


MULTI_COLUMN = ({"column_A", "column_B", "ignore_row_if"}, {"column_list", "ignore_row_if"})
"""The domains whose records GX filters by ``ignore_row_if`` (a ``dropna`` over their columns): a column pair's,
a column list's."""


def _domain_records_once() -> contextlib.AbstractContextManager[None]:
    """The rows of a column pair's or column list's domain, once per table and domain."""
    return _once_per_frame("get_domain_records", _domain_rows)


def _domain_rows(engine: Any, domain_kwargs: dict[str, Any]) -> tuple[Any, str] | None:
    batch = _batch_data(engine, domain_kwargs)
    name = _domain_key(domain_kwargs)
    if batch is None or name is None or not any(keys <= domain_kwargs.keys() for keys in MULTI_COLUMN):
        return None
    return batch, name


def _batch_data(engine: Any, domain_kwargs: dict[str, Any]) -> Any:
    """The batch data GX's ``get_domain_records`` reads for ``domain_kwargs`` (None: none it can name)."""
    manager = getattr(engine, "batch_manager", None)
    if manager is None:
        return None
    batch_id = domain_kwargs.get("batch_id")
    if batch_id is None:
        return manager.active_batch_data if manager.active_batch_data_id is not None else None
    return manager.batch_data_cache.get(batch_id)


def _domain_key(domain_kwargs: dict[str, Any]) -> str | None:
    """The whole domain as text (None: a value this memo cannot name; then GX computes it as usual)."""
    try:
        return json.dumps(domain_kwargs, sort_keys=True, default=_named)
    except (TypeError, ValueError):
        return None


def _named(value: Any) -> Any:
    if hasattr(value, "dict"):  # a condition object (pydantic)
        return value.dict()
    raise TypeError(type(value).__name__)
