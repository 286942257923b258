"""The hardened YAML loader: YAML 1.2 resolution, rejected constructs, limits, positions."""

from __future__ import annotations

import pytest

from factlint import loader
from factlint.loader import LoadError


def load(text: str) -> object:
    return loader.loads(text).data


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("country: NO", "NO"),  # Norway, not False
        ("v: yes", "yes"),
        ("v: on", "on"),
        ("v: off", "off"),
        ("v: y", "y"),
        ("v: 2026-01-19", "2026-01-19"),  # stays a string, not a date
        ("v: 1:20", "1:20"),  # no sexagesimal
        ("v: 012", 12),  # YAML 1.2: decimal, not octal 10
        ("v: 0o12", 10),
        ("v: 0x1F", 31),
        ("v: 1.5", 1.5),
        ("v: 1e3", 1000.0),
        ("v: true", True),
        ("v: False", False),
        ("v: ~", None),
        ("v:", None),
        ("v: null", None),
        ("v: 'true'", "true"),
        ('v: "12"', "12"),
        ("v: 1_000", "1_000"),  # YAML 1.1 digit separators are not numbers in 1.2
    ],
)
def test_yaml_1_2_resolution(text: str, expected: object) -> None:
    assert load(text) == {text.split(":", maxsplit=1)[0]: expected}


def test_keys_are_never_resolved() -> None:
    assert load("NO: 1\ntrue: 2\n3: x\n") == {"NO": 1, "true": 2, "3": "x"}


@pytest.mark.parametrize(
    ("text", "code", "line", "column"),
    [
        ("a: 1\na: 2\n", "FC003", 2, 1),
        ("a:\n  b: 1\n  b: 2\n", "FC003", 3, 3),
        ("a: &x 1\n", "FC004", 1, 4),
        ("a: [1]\nb: *x\n", "FC004", 2, 4),  # an alias is rejected, defined or not
        ("a: !!python/object/apply:os.system ['id']\n", "FC005", 1, 4),
        ("a: !custom x\n", "FC005", 1, 4),
        ("a: ! x\n", "FC005", 1, 4),
        ("a: !!map {b: 1}\n", "FC005", 1, 4),
        ("a: !!binary aGVsbG8=\n", "FC005", 1, 4),
        ("a: 1\n---\nb: 2\n", "FC006", 2, 1),
        ("", "FC002", 1, 1),
        ("# only a comment\n", "FC002", 1, 1),
        ("? [a]\n: 1\n", "FC010", 1, 3),
        ("a: [\n", "FC001", 2, 1),
        ("a: 'unterminated\n", "FC001", 2, 1),
    ],
)
def test_rejected_constructs(text: str, code: str, line: int, column: int) -> None:
    with pytest.raises(LoadError) as info:
        loader.loads(text)
    assert (info.value.code, info.value.line, info.value.column) == (code, line, column)


def test_alias_bomb_is_rejected_before_expansion() -> None:
    levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        levels.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    with pytest.raises(LoadError) as info:
        loader.loads("\n".join(levels) + "\n")
    assert info.value.code == "FC004"
    assert (info.value.line, info.value.column) == (1, 4)


def test_depth_limit() -> None:
    deep = "v: " + "[" * 40 + "]" * 40 + "\n"
    with pytest.raises(LoadError) as info:
        loader.loads(deep)
    assert info.value.code == "FC009"
    assert loader.loads("v: " + "[" * 10 + "]" * 10 + "\n").data is not None


@pytest.mark.parametrize(
    ("raw", "line", "column"),
    [
        ("id: x\n".encode("utf-16"), 1, 1),
        ("id: x\n".encode("utf-16-be"), 1, 1),  # no BOM: NUL bytes give it away
        (b"id: caf\xe9\n", 1, 8),  # Latin-1
        (b"a: 1\nb: \xff\xfe\n", 2, 4),
    ],
)
def test_encoding_errors_are_located(raw: bytes, line: int, column: int) -> None:
    with pytest.raises(LoadError) as info:
        loader.load_bytes(raw)
    assert (info.value.code, info.value.line, info.value.column) == ("FC007", line, column)


def test_utf8_bom_is_accepted() -> None:
    assert loader.load_bytes(b"\xef\xbb\xbfid: x\n").data == {"id": "x"}


def test_size_limit() -> None:
    raw = b"a: " + b"x" * 100 + b"\n"
    with pytest.raises(LoadError) as info:
        loader.load_bytes(raw, max_bytes=50)
    assert info.value.code == "FC008"
    assert loader.load_bytes(raw, max_bytes=200).data == {"a": "x" * 100}


def test_load_path_reads_no_more_than_the_limit(tmp_path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: " + b"x" * (loader.MAX_BYTES + 10) + b"\n")
    with pytest.raises(LoadError) as info:
        loader.load_path(big)
    assert info.value.code == "FC008"


def test_positions_of_keys_items_and_values() -> None:
    doc = loader.loads("id: x\nsources:\n  - source: a\n    span: 'b'\nlist: [p, q]\n")
    assert doc.positions.key[("id",)] == (1, 1)
    assert doc.positions.key[("sources", 0)] == (3, 5)
    assert doc.positions.key[("sources", 0, "span")] == (4, 5)
    assert doc.positions.value[("sources", 0, "span")] == (4, 11)
    assert doc.positions.key[("list", 1)] == (5, 11)
    # An unknown path falls back to its nearest recorded ancestor.
    assert doc.positions.locate(("sources", 0, "missing")) == (3, 5)
    assert doc.positions.locate(()) == (1, 1)


def _composed_positions(text: str) -> loader.Positions:
    """Positions from PyYAML's composer (an independent walk of the same marks), the oracle for Marks."""
    import yaml

    out = loader.Positions()

    def walk(node: yaml.Node, path: tuple[str | int, ...]) -> None:
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                sub = (*path, k.value)
                out.key[sub] = (k.start_mark.line + 1, k.start_mark.column + 1)
                out.value[sub] = (v.start_mark.line + 1, v.start_mark.column + 1)
                walk(v, sub)
        elif isinstance(node, yaml.SequenceNode):
            for i, v in enumerate(node.value):
                out.key[(*path, i)] = out.value[(*path, i)] = (v.start_mark.line + 1, v.start_mark.column + 1)
                walk(v, (*path, i))

    root = yaml.compose(text, Loader=yaml.SafeLoader)
    out.value[()] = (root.start_mark.line + 1, root.start_mark.column + 1)
    walk(root, ())
    return out


@pytest.mark.parametrize(
    "text",
    [
        "id: x\nsources:\n  - source: a\n    span: 'b'\nlist: [p, q]\n",
        "a: {}\nb: []\nc: [[1, [2, {d: e}]], []]\nf:\n  g:\n    - - h\n      - i\n    - j: k\n      l: [m]\nz: 1\n",
        "# comment\n\n---\nx:\n- 1\n-\n  y: 'q'\n- - - deep\n",
        "- a\n- {b: c, d: [e]}\n",
        "just text\n",
        "k: |\n  block\n  text\nnext: >-\n  folded\n" + "".join(f"n{i}: {i}\n" for i in range(300)),
        "w: " + "x" * 70_000 + "\nv: [1]\n",
    ],
)
def test_marks_expand_to_the_positions_of_every_key_and_item(text: str) -> None:
    doc = loader.loads(text)
    oracle = _composed_positions(text)
    assert doc.positions.key == oracle.key
    assert doc.positions.value == oracle.value
    expanded = doc.marks.expand(doc.data)
    assert expanded is not None
    assert (expanded.key, expanded.value) == (oracle.key, oracle.value)


def test_marks_are_small_and_survive_pickling() -> None:
    import pickle

    small = loader.loads("id: x\nlist: [1, 2, {a: b}]\n")
    assert small.marks.itemsize == 1  # a record of a few hundred lines: one byte a number
    big = loader.loads("".join(f"n{i}: {i}\n" for i in range(300)))
    assert big.marks.itemsize == 2
    again = pickle.loads(pickle.dumps(big.marks))
    assert type(again) is loader.Marks
    assert again == big.marks
    assert again.expand(big.data) == big.positions


@pytest.mark.parametrize(
    "changed",
    [
        {"id": "x", "list": [1, 2]},  # an item fewer
        {"id": "x", "list": [1, 2, {"a": "b"}, 4]},  # an item more
        {"id": "x", "list": [1, 2, {"a": "b", "c": "d"}]},  # a key more
        {"id": "x", "list": {"0": 1, "1": 2, "2": 3}},  # a mapping where a list was
        {"id": "x"},
        "x",
    ],
)
def test_marks_that_do_not_fit_the_data_expand_to_nothing(changed: object) -> None:
    doc = loader.loads("id: x\nlist: [1, 2, {a: b}]\n")
    assert doc.marks.expand(changed) is None
    assert loader.Marks.of([]).expand(doc.data) is None
    assert doc.marks.fit(changed) is None  # the same test as expand()
    assert loader.Marks.of([]).fit(doc.data) is None


FITTED_TEXTS = [
    "id: x\nsources:\n  - source: a\n    span: 'b'\nlist: [p, q]\n",
    "a: {}\nb: []\nc: [[1, [2, {d: e}]], []]\nf:\n  g:\n    - - h\n      - i\n    - j: k\n      l: [m]\nz: 1\n",
    "# comment\n\n---\nx:\n- 1\n-\n  y: 'q'\n- - - deep\n",
    "- a\n- {b: c, d: [e]}\n",
    "just text\n",
    "1: one\n2: [two, {3: three}]\ntrue: yes\n",
    "k: |\n  block\n  text\nnext: >-\n  folded\n" + "".join(f"n{i}: {i}\n" for i in range(300)),
]


@pytest.mark.parametrize("text", FITTED_TEXTS)
def test_fitted_marks_locate_every_path_as_the_expanded_positions(text: str) -> None:
    """A field's position found by walking the marks is the expanded Positions' answer: for every key and item,
    their values, missing children (the nearest ancestor), steps of another type, and the root."""
    doc = loader.loads(text)
    fitted = doc.marks.fit(doc.data)
    assert fitted is not None
    paths: set[tuple[str | int, ...]] = {()}
    for path in doc.positions.key:
        paths |= {path, (*path, "missing"), (*path, 0), (*path, 99), (*path, -1), (*path[:-1], "missing")}
        paths |= {(*path[:-1], str(path[-1])), (*path, "missing", 0)}
    paths |= {(True,), (1.0,), (0,), ("0",), (2, 1, 3), (2, 1, 0)}
    for path in sorted(paths, key=repr):
        for prefer_value in (False, True):
            want = doc.positions.locate(path, prefer_value=prefer_value)
            assert fitted.locate(path, prefer_value=prefer_value) == want, (path, prefer_value)
    assert (fitted.key, fitted.value) == (doc.positions.key, doc.positions.value)


def test_a_loaded_file_is_freed_at_once_without_the_cycle_collector() -> None:
    """No reference cycle per file: a worker's thousands of parses never wait for a collection."""
    import gc

    text = "id: x\nsources:\n  - source: a\n    span: 'b'\nlist: [p, q]\n"
    loader.loads(text)
    gc.collect()
    gc.disable()
    try:
        for _ in range(20):
            doc = loader.loads(text)
            assert doc.positions.key[("list", 1)] == (5, 11)
        assert gc.collect() == 0
    finally:
        gc.enable()


def test_a_duplicate_key_names_the_line_of_the_first() -> None:
    with pytest.raises(LoadError) as info:
        loader.loads("a: 1\nb:\n  c: 1\n  d: [1, 2]\n  e: 3\n  d: 4\n")
    assert (info.value.code, info.value.line, info.value.column) == ("FC003", 6, 3)
    assert "first at line 4" in info.value.message
