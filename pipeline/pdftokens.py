"""A page's content streams as pdfminer's objects, read by playa-pdf's compiled lexer.

After :mod:`pipeline.pdflean` took the character objects out, over half of the parse
stage's time on the Kent papers was pdfminer's pure-Python tokenizer
(``PSBaseParser.nexttoken`` and ``PSStackParser.nextobject``, one state-machine call a
token). playa-pdf (MIT, by the pdfplumber maintainer) is a fork of pdfminer's parser
compiled with mypyc; its ``ObjectParser`` reads the same syntax several times faster.
Only the tokens are taken from it: pdfminer's interpreter, fonts and arithmetic
still do everything else, so a token that means the same to both gives the same page.

The two lexers do differ on malformed or unusual input, so a stream is read by playa
only when none of these is present, and otherwise by pdfminer itself, unchanged:

- an inline image (pdfminer and playa look for its end differently);
- a literal string holding a raw carriage return (playa turns ``\\r\\n`` into ``\\n``,
  pdfminer keeps the bytes), an unknown escape (pdfminer drops the character, playa
  keeps it) or an octal escape over 255;
- a hex string of odd length (padded differently);
- a name with ``#`` escapes or bytes over 127 (decoded differently when not UTF-8);
- a stream that does not end in white space before the next (pdfminer may carry a
  token on into the next stream, playa ends it);
- an object reference, a keyword inside an array or dictionary, an operator that is
  not a word (a stray ``-``, ``>`` or NUL: pdfminer drops some of them; also how
  playa reads a hex string with other characters or a comment that ends the stream
  without a newline), an array left open at the end of a stream, or anything playa
  warns about.

- the word ``null`` (playa's ``None``, dropped from dictionaries; pdfminer's keyword).

``tests/test_pdftokens.py`` checks, on generated streams, that whatever playa is
trusted with comes out equal to pdfminer's own parse.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from typing import Any

from pdfminer.psparser import KWD, LIT, PSLiteral
from playa.parser import ObjectParser
from playa.pdftypes import PSKeyword as _PlayaKeyword
from playa.pdftypes import PSLiteral as _PlayaLiteral

#: Raw-byte signs that the two lexers could read a stream differently (see above).
_RISKY = re.compile(
    rb"\\(?:[^nrtbf()\\0-7\r\n]|[4-7][0-7][0-7])"  # escapes read differently
    rb"|<(?:\s*[0-9A-Fa-f]\s*[0-9A-Fa-f])*\s*[0-9A-Fa-f]\s*>"  # odd-length hex string
    rb"|<<<"
    rb"|/[^\s/\[\]()<>{}%]*[#\x80-\xff]"  # escaped or non-ASCII name
    rb"|\bBI\b"  # inline image
    rb"|\bnull\b"  # playa's None, pdfminer's keyword (and dropped from dictionaries)
)

#: Longer content (decoded bytes, all of a page's or form's streams) goes to pdfminer's
#: parser, which reads a token at a time: playa's objects are all held before the page
#: is run, about five and a half bytes of memory for each byte of content (measured with
#: tracemalloc on a typical text-and-rules stream). The Kent papers' pages
#: hold 11 KB at the median and 80 KB at most; a detailed map can hold tens of MB.
MAX_BYTES = 4_000_000

#: How many stream sequences each lexer read in this process, and why pdfminer's
#: (``benchmarks/parse.py parity`` prints it).
STATS: Counter[str] = Counter()

_PLAIN = (int, float, bool, bytes)


class _Unsafe(Exception):
    """A token the two lexers may not agree on: the streams go to pdfminer instead."""


class _Warned(logging.Handler):
    """Anything playa warns about while lexing means the streams go to pdfminer."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def _inner(obj: Any) -> Any:
    """An element of an array or dictionary as pdfminer's parser would give it."""
    if isinstance(obj, _PLAIN):
        return obj
    if type(obj) is _PlayaLiteral:
        return LIT(obj.name)
    if type(obj) is list:
        return [_inner(x) for x in obj]
    if type(obj) is dict:
        return {k: _inner(v) for k, v in obj.items()}
    raise _Unsafe(f"a {type(obj).__name__} object")


def _has_raw_cr(data: bytes, pos: int, end: int, obj: Any) -> bool:
    """Whether a string, or an array or dictionary that may hold one, spans a carriage return.

    The object's bytes run from its position to the next object's, less the white
    space (or a comment's end of line) before that.
    """
    return type(obj) in (bytes, list, dict) and b"\r" in data[pos:end].rstrip(_WHITE)


_WHITE = b" \t\r\n\f\v"


def content_objects(datas: list[bytes]) -> list[Any] | None:
    """The top-level objects of a content stream sequence, or None to use pdfminer's parser.

    ``datas`` are the decoded streams, parsed as pdfminer parses them: each ends its
    last token, an open array carries on into the next stream.
    """
    if sum(len(d) for d in datas) > MAX_BYTES:
        STATS["pdfminer: over 4 MB"] += 1
        return None
    filled = [d for d in datas if d]
    if any(d[-1] not in _WHITE for d in filled[:-1]):
        STATS["pdfminer: a token across streams"] += 1
        return None
    for d in datas:
        risky = _RISKY.search(d)
        if risky:
            STATS[f"pdfminer: {_why(risky[0])}"] += 1
            return None
    fast = _fast_objects(datas)
    if fast is not None:
        STATS["ours"] += 1
        return fast
    log = logging.getLogger("playa")
    warned = _Warned()
    old = log.propagate
    log.addHandler(warned)
    log.propagate = False
    try:
        out = _lex(datas)
    except _Unsafe as exc:
        STATS[f"pdfminer: {exc}"] += 1
        return None
    except Exception as exc:  # playa gave up (say, an inline image it cannot place)
        STATS[f"pdfminer: playa raised {type(exc).__name__}"] += 1
        return None
    finally:
        log.removeHandler(warned)
        log.propagate = old
    STATS["pdfminer: playa warned" if warned.count else "playa"] += 1
    return None if warned.count else out


def _why(found: bytes) -> str:
    """A short name for what ``_RISKY`` found."""
    if found.startswith(b"\\"):
        return "escape"
    if found.startswith(b"<"):
        return "hex string"
    if found.startswith(b"/"):
        return "name"
    return "null" if found == b"null" else "inline image"


def _lex(datas: list[bytes]) -> list[Any]:
    """playa's top-level objects as pdfminer's; numbers and operators on a fast path."""
    out: list[Any] = []
    append = out.append
    keywords = _KEYWORDS
    parser: Any = None
    for data in datas:
        if parser is None:
            parser = ObjectParser(data)
        else:
            parser.newstream(data)
        cr = b"\r" in data and b"(" in data
        pending: tuple[int, Any] | None = None  # a string, array or dict: its end unknown yet
        for pos, obj in parser:
            if pending is not None:
                if _has_raw_cr(data, pending[0], pos, pending[1]):
                    raise _Unsafe("carriage return in a string")
                pending = None
            kind = type(obj)
            if kind is int or kind is float:
                append(obj)
            elif kind is _PlayaKeyword:
                kw = keywords.get(obj)
                append(kw if kw is not None else _keyword(obj))
            else:
                append(_inner(obj))
                if cr:
                    pending = (pos, obj)
        if pending is not None and _has_raw_cr(data, pending[0], len(data), pending[1]):
            raise _Unsafe("carriage return in a string")
        if parser.stack:
            raise _Unsafe("array left open")
    return out


#: playa's operators already seen, as pdfminer's keywords.
_KEYWORDS: dict[Any, Any] = {}


def _keyword(obj: Any) -> Any:
    """An operator as pdfminer's keyword; only words and quotes (pdfminer drops some others)."""
    name = obj.name
    if not (name[:1].isalpha() or name in (b"'", b'"')):
        raise _Unsafe("an operator that is not a word")
    kw = _KEYWORDS[obj] = KWD(name)
    return kw


#: The plainest content syntax, a token a match: white space, then an integer, a real, an
#: operator (a word, ' or "), a name of plain ASCII, a hex string of even length, a literal
#: string with no parenthesis, carriage return or escape but pdfminer's own (``\(``,
#: ``\n``, ``\243``...; not a line continuation), or an array's or dictionary's
#: bracket; a number or operator must end at a delimiter. Office exports write little else.
#: The string's runs are possessive (``*+``): an octal escape takes all its digits, as
#: pdfminer reads it, and a string that does not close fails at once instead of trying
#: every split of its escapes (exponential: a page of ``\101`` escapes took minutes).
_TOKEN = re.compile(
    rb"[ \t\n\f\r]*(?:"
    rb"([+-]?\d+)(?=[ \t\n\f\r\[\]()<>/]|\Z)"  # 1 integer
    rb"|([+-]?(?:\d+\.\d*|\.\d+))(?=[ \t\n\f\r\[\]()<>/]|\Z)"  # 2 real
    rb"|([A-Za-z][A-Za-z0-9*]*|'|\")(?=[ \t\n\f\r\[\]()<>/]|\Z)"  # 3 operator
    rb"|/([A-Za-z0-9_.+\-]+)(?=[ \t\n\f\r\[\]()<>/]|\Z)"  # 4 name
    rb"|<((?:[0-9A-Fa-f]{2})+)>"  # 5 hex string
    rb"|\(([^()\\\r]*+(?:\\(?:[nrtbf()\\]|[0-7]{1,3}+)[^()\\\r]*+)*+)\)"  # 6 literal string
    rb"|(\[)|(\])|(<<)|(>>)"  # 7-10 brackets
    rb")"
)
_TAIL = re.compile(rb"[ \t\n\f\r]*")
_ESCAPE = re.compile(rb"\\([nrtbf()\\]|[0-7]{1,3})")
#: pdfminer's ``ESC_STRING``: what an escaped character stands for.
_ESCAPED = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}
_ESCAPED |= {b"(": b"(", b")": b")", b"\\": b"\\"}


def _unescape(m: re.Match[bytes]) -> bytes:
    """One escape of a literal string, as pdfminer reads it (an octal code up to 255)."""
    code = m.group(1)
    if code[:1].isdigit():
        value = int(code, 8)
        if value > 255:
            raise _Unsafe("an octal escape over 255")
        return bytes((value,))
    return _ESCAPED[code]


_OPERATORS: dict[bytes, Any] = {}
_NAMES: dict[bytes, Any] = {}


def _fast_objects(datas: list[bytes]) -> list[Any] | None:
    """A stream sequence of only the plainest syntax (`_TOKEN`) as pdfminer's objects, a
    regular expression reading each token, several times faster than playa's lexer on an
    office export's pages (most of their tokens are numbers and short strings in ``TJ``
    arrays). None at anything else, which playa's lexer (or pdfminer's) then reads."""
    out: list[Any] = []
    for data in datas:
        if not _plain_stream(data, out):
            return None
    return out


def _plain_stream(data: bytes, out: list[Any]) -> bool:
    """Append `data`'s objects to `out`; False where it holds more than the plainest syntax."""
    stack: list[tuple[list[Any], bool]] = []  # open arrays and dictionaries (True)
    top = out
    pos, end = 0, len(data)
    match = _TOKEN.match
    operators, names = _OPERATORS, _NAMES
    while True:
        m = match(data, pos)
        if m is None:
            break
        pos = m.end()
        kind = m.lastindex
        if kind == 1:
            top.append(int(m.group(1)))
        elif kind == 2:
            top.append(float(m.group(2)))
        elif kind == 3:
            word = m.group(3)
            if word == b"true" or word == b"false":
                top.append(word == b"true")
            elif stack:  # an operator inside an array: pdfminer's own reading
                return False
            else:
                kw = operators.get(word)
                if kw is None:
                    kw = operators[word] = KWD(word)
                top.append(kw)
        elif kind == 4:
            name = m.group(4)
            lit = names.get(name)
            if lit is None:
                lit = names[name] = LIT(name.decode("ascii"))
            top.append(lit)
        elif kind == 5:
            top.append(bytes.fromhex(m.group(5).decode("ascii")))
        elif kind == 6:
            text = m.group(6)
            if b"\\" in text:
                try:
                    text = _ESCAPE.sub(_unescape, text)
                except _Unsafe:
                    return False
            top.append(text)
        elif kind == 7 or kind == 9:
            stack.append((top, kind == 9))
            top = []
        elif not stack or stack[-1][1] != (kind == 10):
            return False  # a bracket closing nothing, or the other kind
        else:
            done, (top, _) = top, stack.pop()
            if kind == 10:
                if len(done) % 2 or not all(type(k) is PSLiteral for k in done[::2]):
                    return False
                top.append({k.name: v for k, v in zip(done[::2], done[1::2], strict=True)})
            else:
                top.append(done)
    tail = _TAIL.match(data, pos)
    return not stack and tail is not None and tail.end() == end
