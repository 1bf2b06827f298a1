"""extracted/<sha256>.json: one artefact per paper, keyed by its content.

The artefact holds everything the warehouse needs, so `pipeline rebuild` can
reload without parsing a PDF again, and re-ingesting an unchanged paper costs
one hash. Writes are atomic (temp file + rename): a crash leaves the old
artefact or none, never half a file.

The store is a folder, or any fsspec URL (``s3://bucket/extracted``, ``file:///shared``,
``memory://x``) so that workers on other machines write where the ingesting client reads.
A URL's object is written in one put, which object stores make atomic; a ``file://`` URL
is the folder it names. fsspec (the ``cluster`` extra) is imported only for a URL.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import os
import tempfile
import types
import typing
from collections.abc import Callable
from decimal import Decimal
from json.encoder import encode_basestring
from pathlib import Path
from typing import IO, Any, TypeVar, get_args, get_origin, get_type_hints

from pipeline.errors import PipelineError
from pipeline.models import Extraction

T = TypeVar("T")

#: Where artefacts live: a folder, or an fsspec URL as text.
Store = Path | str


def is_url(store: Store) -> bool:
    return isinstance(store, str) and "://" in store


def local(store: Store) -> Path | None:
    """The folder a store is on this machine (a path or a file:// URL), else None."""
    if not is_url(store):
        return Path(store)
    text = str(store)
    return Path(text.removeprefix("file://")) if text.startswith("file://") else None


def _fs(store: Store) -> tuple[Any, str]:
    """(fsspec filesystem, path within it) for a URL store."""
    try:
        import fsspec
    except ImportError as exc:
        raise PipelineError(
            f"{store}: an artefact store given as a URL needs fsspec: "
            "pip install 'budget-papers[cluster]'"
        ) from exc
    try:
        fs, path = fsspec.core.url_to_fs(str(store))
    except (ImportError, ValueError) as exc:  # s3:// without s3fs, an unknown protocol
        raise PipelineError(f"{store}: cannot open the artefact store ({exc})") from exc
    return fs, str(path).rstrip("/")


def artefact_path(extracted: Store, sha256: str) -> Path | str:
    folder = local(extracted)
    if folder is not None:
        return folder / f"{sha256}.json"
    return f"{str(extracted).rstrip('/')}/{sha256}.json"


def artefact_exists(extracted: Store, sha256: str) -> bool:
    path = artefact_path(extracted, sha256)
    if isinstance(path, Path):
        return path.exists()
    fs, inner = _fs(path)
    return bool(fs.exists(inner))


def list_artefacts(extracted: Store) -> list[Path | str]:
    """Every artefact in the store, in name (content hash) order."""
    folder = local(extracted)
    if folder is not None:  # not a write in progress (".tmp-…", a worker killed mid-write)
        return sorted(p for p in folder.glob("*.json") if not p.name.startswith("."))
    fs, inner = _fs(extracted)
    if not fs.exists(inner):
        return []
    names = sorted(
        str(p).rsplit("/", 1)[-1] for p in fs.ls(inner, detail=False) if str(p).endswith(".json")
    )
    base = str(extracted).rstrip("/")
    return [f"{base}/{name}" for name in names if not name.startswith(".")]


def write_extraction(extracted: Store, ex: Extraction) -> Path | str:
    # Keys in the order the paper gave them (a row's attributes in column order), not sorted:
    # a paper loaded from its artefact (rebuild, a cluster's worker) then loads the same JSON
    # as one handed over in memory. Dataclass fields come out in declaration order either way.
    folder = local(extracted)
    if folder is None:
        url = artefact_path(extracted, ex.document.sha256)
        fs, inner = _fs(url)
        fs.makedirs(inner.rsplit("/", 1)[0], exist_ok=True)
        text = json.dumps(ex, ensure_ascii=False, indent=1, default=_jsonable_part)
        fs.pipe_file(inner, text.encode("utf-8"))  # one put: the whole object or none
        return url
    return _write_local(folder, ex.document.sha256, ex)


#: The field names of each dataclass met, in declaration order (``dataclasses.fields``
#: builds them again at each call: a word's or figure's every record asked).
_FIELDS: dict[type, tuple[str, ...]] = {}


def _jsonable_part(obj: Any) -> Any:
    """One level of `to_jsonable`, for the encoder to call as it meets each object: the
    artefact is written as it is encoded, with no JSON copy of the whole paper in memory
    (a copy bigger than the extraction itself). Same text as ``to_jsonable`` then dump."""
    names = _FIELDS.get(type(obj))
    if names is not None:
        return {name: getattr(obj, name) for name in names}
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        names = _FIELDS[type(obj)] = tuple(f.name for f in dataclasses.fields(obj))
        return {name: getattr(obj, name) for name in names}
    if isinstance(obj, Decimal):
        return str(obj)
    raise TypeError(f"{type(obj).__name__} is not stored in an artefact")


def _write_local(extracted: Path, sha256: str, data: Any) -> Path:
    extracted.mkdir(parents=True, exist_ok=True)
    path = extracted / f"{sha256}.json"
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".json", dir=extracted)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            # written as encoded, never as one string: json.dumps with an indent joins
            # millions of small pieces, the largest allocation of a long paper's ingest
            dump_indented(data, fh, default=_jsonable_part)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _floatstr(o: float) -> str:
    """A float as json writes it (allow_nan: NaN and the infinities as JavaScript names)."""
    if o != o:
        return "NaN"
    if o == _INF:
        return "Infinity"
    if o == -_INF:
        return "-Infinity"
    return float.__repr__(o)


_INF = float("inf")

#: Pieces of text held before they are written (see `dump_indented`).
_PIECES = 4096


def dump_indented(obj: Any, fh: IO[str], *, default: Callable[[Any], Any]) -> None:
    """Write exactly what ``json.dump(obj, fh, ensure_ascii=False, indent=1,
    default=default)`` writes, about twice as fast.

    With an indent, json's C encoder is not used: its Python one hands each piece up
    through a generator a level of nesting, so an artefact's every value passed three to
    five frames. This walks the same values in the same order with the same rules (a
    str with json's own C escaping, ``int.__repr__``, ``float.__repr__`` or json's names
    for NaN and the infinities, keys as json converts them, `default` for anything else)
    and appends the pieces to a list written every few thousand, so no JSON copy of the
    whole paper is held. Unlike json it does not look for cycles: artefacts hold none.
    ``tests/test_store.py`` compares the two with hypothesis."""
    buf: list[str] = []
    put = buf.append
    text = encode_basestring
    keys: dict[str, str] = {}

    def key(k: Any) -> str:
        if isinstance(k, str):
            return text(k)
        if isinstance(k, float):
            return text(_floatstr(k))
        if k is True or k is False or k is None:
            return text({True: "true", False: "false", None: "null"}[k])
        if isinstance(k, int):
            return text(int.__repr__(k))
        raise TypeError(f"keys must be str, int, float, bool or None, not {type(k).__name__}")

    def enc(o: Any, level: int) -> None:
        if isinstance(o, str):
            put(text(o))
        elif o is None:
            put("null")
        elif o is True:
            put("true")
        elif o is False:
            put("false")
        elif isinstance(o, int):
            put(int.__repr__(o))
        elif isinstance(o, float):
            put(_floatstr(o))
        elif isinstance(o, list | tuple):
            if not o:
                put("[]")
                return
            inner = "\n" + " " * (level + 1)
            put("[" + inner)
            for i, v in enumerate(o):
                if i:
                    put("," + inner)
                enc(v, level + 1)
            put("\n" + " " * level + "]")
        elif isinstance(o, dict):
            if not o:
                put("{}")
                return
            inner = "\n" + " " * (level + 1)
            put("{" + inner)
            for i, (k, v) in enumerate(o.items()):
                if i:
                    put("," + inner)
                if type(k) is str:  # a field's name, mostly: encoded once for the paper
                    head = keys.get(k)
                    if head is None:
                        head = keys[k] = text(k) + ": "
                    put(head)
                else:
                    put(key(k) + ": ")
                enc(v, level + 1)
            put("\n" + " " * level + "}")
        else:
            enc(default(o), level)
        if len(buf) > _PIECES:
            fh.write("".join(buf))
            buf.clear()

    enc(obj, 0)
    fh.write("".join(buf))


def read_extraction(path: Path | str) -> Extraction:
    folder = local(path)
    if folder is not None:
        text = folder.read_text(encoding="utf-8")
    else:
        fs, inner = _fs(path)
        text = fs.cat_file(inner).decode("utf-8")
    ex: Extraction = from_jsonable(Extraction, json.loads(text))
    return ex


def to_jsonable(obj: Any) -> Any:
    """Dataclasses to plain JSON values; Decimal as a string so no digit is lost."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_jsonable(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, Decimal):
        return str(obj)
    if isinstance(obj, list | tuple):
        return [to_jsonable(v) for v in obj]
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    return obj


def from_jsonable(tp: Any, value: Any) -> Any:
    """The inverse of to_jsonable, driven by the dataclasses' type hints."""
    return _converter(tp)(value)


def _same(value: Any) -> Any:
    return value


@functools.cache
def _converter(tp: Any) -> Callable[[Any], Any]:
    """A function reading JSON values of type `tp`, worked out once per type: resolving
    type hints object by object was nearly all the time of a rebuild."""
    origin = get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        return _converter(args[0]) if len(args) == 1 else _same
    if origin is list:
        item = _converter(get_args(tp)[0])
        if item is _same:
            return lambda v: None if v is None else list(v)
        return lambda v: None if v is None else [None if x is None else item(x) for x in v]
    if origin is tuple:
        return lambda v: None if v is None else tuple(v)
    if origin is dict:
        val = _converter(get_args(tp)[1])
        return lambda v: (
            None if v is None else {k: None if x is None else val(x) for k, x in v.items()}
        )
    if tp is Decimal:
        return lambda v: None if v is None else Decimal(v)
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return _dataclass_reader(tp)
    return _same


def _dataclass_reader(tp: type) -> Callable[[Any], Any]:
    """A reader of dataclass `tp` from its JSON object, compiled once for the type.

    An artefact written by this version has every field of every object, in order: for
    those, one call of the class with each field's value in place (a field read as it is
    stored, with no call at all), about twice as fast as gathering keyword arguments
    field by field. An object lacking a field or with others (written by another
    version) is read the general way, a field's default standing in for it when missing,
    extra keys ignored, exactly as before."""
    hints = get_type_hints(tp)
    fields = [(f.name, _converter(hints[f.name])) for f in dataclasses.fields(tp)]
    make = tp

    def general(v: Any) -> Any:
        return make(**{name: conv(v[name]) for name, conv in fields if name in v})

    if not all(f.init and not f.kw_only for f in dataclasses.fields(tp)):
        return lambda v: None if v is None else general(v)
    env: dict[str, Any] = {"make": make, "general": general}
    args = []
    for i, (name, conv) in enumerate(fields):
        if conv is _same:
            args.append(f"v[{name!r}]")
        else:
            env[f"c{i}"] = conv
            args.append(f"c{i}(v[{name!r}])")
    code = (
        "def read(v):\n"
        "    if v is None:\n"
        "        return None\n"
        f"    if len(v) == {len(fields)}:\n"
        "        try:\n"
        f"            return make({', '.join(args)})\n"
        "        except KeyError:\n"
        "            pass\n"
        "    return general(v)\n"
    )
    exec(code, env)  # made here from the field names, never from data
    read: Callable[[Any], Any] = env["read"]
    return read
