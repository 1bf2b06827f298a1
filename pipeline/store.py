"""extracted/<sha256>.json: one artefact per paper, keyed by its content.

The artefact holds everything the warehouse needs, so `pipeline rebuild` can
reload without parsing a PDF again, and re-ingesting an unchanged paper costs
one hash. Writes are atomic (temp file + rename): a crash leaves the old
artefact or none, never half a file.
"""

from __future__ import annotations

import dataclasses
import json
import os
import tempfile
import types
import typing
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
    data = to_jsonable(ex)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".json", dir=extracted)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            # written as encoded, never as one string: json.dumps with an indent joins
            # millions of small pieces, the largest allocation of a long paper's ingest
            json.dump(data, fh, ensure_ascii=False, indent=1, sort_keys=True)
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
    if value is None:
        return None
    origin = get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        return from_jsonable(args[0], value) if len(args) == 1 else value
    if origin is list:
        (inner,) = get_args(tp)
        return [from_jsonable(inner, v) for v in value]
    if origin is tuple:
        return tuple(value)
    if origin is dict:
        _, inner = get_args(tp)
        return {k: from_jsonable(inner, v) for k, v in value.items()}
    if tp is Decimal:
        return Decimal(value)
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        hints = get_type_hints(tp)
        kwargs = {
            f.name: from_jsonable(hints[f.name], value[f.name])
            for f in dataclasses.fields(tp)
            if f.name in value
        }
        return tp(**kwargs)
    return value
