"""extracted/<sha256>.json: one artefact per paper, keyed by its content.

The artefact holds everything the warehouse needs, so `pipeline rebuild` can
reload without parsing a PDF again, and re-ingesting an unchanged paper costs
one hash. Writes are atomic (temp file + rename): a crash leaves the old
artefact or none, never half a file.
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
from pathlib import Path
from typing import Any, TypeVar, get_args, get_origin, get_type_hints

from pipeline.models import Extraction

T = TypeVar("T")


def artefact_path(extracted: Path, sha256: str) -> Path:
    return extracted / f"{sha256}.json"


def write_extraction(extracted: Path, ex: Extraction) -> Path:
    extracted.mkdir(parents=True, exist_ok=True)
    path = artefact_path(extracted, ex.document.sha256)
    data = json.dumps(to_jsonable(ex), ensure_ascii=False, indent=1, sort_keys=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".json", dir=extracted)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def read_extraction(path: Path) -> Extraction:
    ex: Extraction = from_jsonable(Extraction, json.loads(path.read_text(encoding="utf-8")))
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
        hints = get_type_hints(tp)
        fields = [(f.name, _converter(hints[f.name])) for f in dataclasses.fields(tp)]
        make = tp

        def read(v: Any) -> Any:
            if v is None:
                return None
            return make(**{name: conv(v[name]) for name, conv in fields if name in v})

        return read
    return _same
