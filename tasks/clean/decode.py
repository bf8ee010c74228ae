"""Turn raw input bytes into clean Unicode text, and tell what kind of payload they hold.

Stories arrive as bytes from many places: wire feeds saved by old Windows tools (Windows-1251,
Latin-1), HTML pages, JSON exports and text files that were decoded and re-encoded once too
often (mojibake such as ``Ã©`` for ``é``). Everything downstream works on ``str``, so this
module is the single place where bytes become text, and it records *how* in warnings so a
bad source can be traced later instead of silently producing garbled entities.

Pure functions: no file or network access.
"""

from __future__ import annotations

import codecs
import json
import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

import ftfy
from charset_normalizer import from_bytes
from charset_normalizer.md import mess_ratio

from storywire.tasks.clean.language import coverage, detect_language
from storywire.tasks.records import CodedError

__all__ = [
    "DecodeError",
    "Decoded",
    "PayloadKind",
    "decode_bytes",
    "sniff_kind",
]


class PayloadKind(StrEnum):
    """What a payload holds, which decides the parser it goes to."""

    TEXT = "text"
    HTML = "html"
    JSON = "json"
    JSONL = "jsonl"
    BINARY = "binary"
    EMPTY = "empty"


class DecodeError(CodedError, ValueError):
    """Raised when bytes cannot be turned into text.

    ``code`` is machine-readable (``binary``, ``undecodable``, ``bad_declared_encoding``) so the
    flow can count rejects by cause; ``detail`` is for humans.
    """


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded text plus the encoding it came from and what had to be repaired."""

    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


# --- byte-level sniffing -------------------------------------------------------------------

# Byte-order marks, longest first: the UTF-32 LE mark starts with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Signatures of common binary formats that reach a news ingest by mistake (images,
# archives, PDFs, office files). Checked before any heuristic: they are unambiguous.
_MAGIC: tuple[bytes, ...] = (
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",  # JPEG
    b"GIF87a",
    b"GIF89a",
    b"%PDF-",
    b"\x1f\x8b",  # gzip
    b"PK\x03\x04",  # zip, docx, xlsx, epub
    b"PK\x05\x06",
    b"BZh",
    b"\xfd7zXZ\x00",  # xz
    b"7z\xbc\xaf\x27\x1c",
    b"(\xb5/\xfd",  # zstd
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",  # OLE2: .doc, .xls
    b"RIFF",
    b"OggS",
    b"ID3",
    b"\x7fELF",
    b"PAR1",  # parquet
    b"SQLite format 3\x00",
)

_SNIFF_BYTES = 65536
# C0 control bytes that never occur in text (tab, LF, VT, FF, CR and ESC are allowed).
_CONTROL_BYTES = frozenset(
    set(range(0x00, 0x09)) | set(range(0x0E, 0x1B)) | {0x1C, 0x1D, 0x1E, 0x1F, 0x7F}
)
_MAX_CONTROL_RATIO = 0.05
_MAX_NUL_RATIO = 0.01


def _bom(data: bytes) -> tuple[str, int] | None:
    """Return (codec, BOM length) when ``data`` starts with a Unicode byte-order mark."""
    for mark, codec in _BOMS:
        if data.startswith(mark):
            return codec, len(mark)
    return None


# Padding around a text: NUL runs (fixed-size records, preallocated files) and DOS ^Z.
_PADDING = b"\x00\x1a"
# Long NUL runs inside a text pad records apart: they become a paragraph break.
_INNER_PADDING = re.compile(rb"\x00{8,}")


def _unpad(data: bytes) -> bytes:
    """``data`` without its leading and trailing padding."""
    return data.strip(_PADDING)


def _utf16_spans(data: bytes) -> list[bytes]:
    """Where BOM-less UTF-16 may sit: the whole, or between padding with code units whole
    (the stripped padding may have taken the NUL half of the first or last unit)."""
    lead = len(data) - len(data.lstrip(_PADDING))
    end = len(data.rstrip(_PADDING))
    spans = [data]
    for start in {lead, max(lead - 1, 0)}:
        stop = min(len(data), end + (end - start) % 2)
        if stop > start and (start, stop) != (0, len(data)):
            spans.append(data[start:stop])
    return spans


def _reads_as_utf16(high: bytes, text: str) -> bool:
    """Mostly printable, and either in a few 256-character blocks (ASCII plus one script:
    Latin, Cyrillic, Greek, Arabic...) or a language the identifier is sure of (CJK)."""
    head = text[:4096]
    printable = sum(1 for ch in head if ch.isprintable() or ch in "\t\n\r")
    if printable < 0.95 * len(head):
        return False
    blocks = sorted((high.count(b) for b in set(high)), reverse=True)
    if high.count(0) >= 0.05 * len(high) and sum(blocks[:4]) >= 0.97 * len(high):
        return True
    return detect_language(head[:2000])[1] >= 0.8


def _bomless_utf16(data: bytes) -> tuple[str, bytes] | None:
    """(codec, the UTF-16 bytes) for BOM-less UTF-16 text, padded or not, else None.

    Such text has NULs in one byte parity only (the high byte of ASCII spaces, digits and
    newlines), which the binary check would otherwise reject.
    """
    for span in _utf16_spans(data):
        sample = span[:_SNIFF_BYTES]
        if len(sample) < 4 or len(sample) % 2:
            continue
        even, odd = sample[0::2], sample[1::2]
        for high, low, codec in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
            if low.count(0) > 0.01 * len(low) or high.count(0) < 0.01 * len(high):
                continue
            try:
                text = span.decode(codec)
            except UnicodeDecodeError:
                continue
            if _reads_as_utf16(high, text):
                return codec, span
    return None


def _bomless_utf32(data: bytes) -> str | None:
    """The codec of BOM-less UTF-32 text, else None.

    Like BOM-less UTF-16 it is full of NULs, but in a fixed pattern: the top byte of every
    four is zero (no code point is above 0x10FFFF), the next nearly always is (only the
    supplementary planes set it); the text must decode strictly and read as text.
    """
    sample = data[: _SNIFF_BYTES - _SNIFF_BYTES % 4]
    if len(sample) < 8 or len(data) % 4:
        return None
    for codec, top, plane, second in (("utf-32-le", 3, 2, 1), ("utf-32-be", 0, 1, 2)):
        if any(sample[top::4]) or sample[plane::4].count(0) < 0.9 * (len(sample) // 4):
            continue
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _reads_as_utf16(sample[second::4], text):
            return codec
    return None


def _binary_reason(data: bytes) -> str | None:
    """Explain why ``data`` is binary, or None when it may be text.

    Text with a BOM for UTF-16/32 legitimately contains NULs, so it is never called binary.
    Nor is padding: the bytes between leading and trailing NUL or ^Z runs are judged, and
    long NUL runs inside them are record padding. Then a known file signature, a NUL share
    above 1 %, or a control-byte share above 5 % of the first 64 KiB mark binary: legacy
    8-bit encodings never use C0 controls, while random or compressed bytes hit them about
    11 % of the time.
    """
    if _bom(data) is not None or _bomless_utf16(data) or _bomless_utf32(data):
        return None
    for magic in _MAGIC:
        if data.startswith(magic):
            return f"file signature {magic[:8]!r}"
    if not data:
        return None
    sample = _INNER_PADDING.sub(b"\n\n", _unpad(data)[:_SNIFF_BYTES])
    if not sample:
        return f"{len(data)} padding bytes and no content"
    nuls = sample.count(0)
    if nuls / len(sample) > _MAX_NUL_RATIO:
        return f"{nuls} NUL bytes in the first {len(sample)} bytes"
    controls = sum(1 for b in sample if b in _CONTROL_BYTES)
    if controls / len(sample) > _MAX_CONTROL_RATIO:
        return f"{controls} control bytes in the first {len(sample)} bytes"
    return None


_HTML_TAG = re.compile(
    r"<\s*(?:!doctype\s+html|html|head|body|meta|title|article|main|div|p|span|section|"
    r"header|footer|nav|h[1-6]|script|style|link|a|br|table|ul|ol|li)\b",
    re.IGNORECASE,
)
_HTML_EXTENSIONS = (".html", ".htm", ".xhtml", ".shtml")
_JSONL_EXTENSIONS = (".jsonl", ".ndjson", ".jsonlines")


def _preview_text(data: bytes) -> str:
    """Decode a prefix loosely, only to look at its shape (never returned to callers)."""
    bom = _bom(data)
    if bom is not None:
        codec, skip = bom
        return data[skip : skip + _SNIFF_BYTES].decode(codec, errors="replace")
    utf32 = _bomless_utf32(data)
    if utf32 is not None:
        return data[: _SNIFF_BYTES * 2].decode(utf32, errors="replace")
    utf16 = _bomless_utf16(data)
    if utf16 is not None:
        codec, span = utf16
        return span[:_SNIFF_BYTES].decode(codec, errors="replace")
    return _unpad(data)[:_SNIFF_BYTES].decode("utf-8", errors="replace")


def _is_json_container(line: str) -> bool:
    try:
        value = json.loads(line)
    except (ValueError, RecursionError):  # nesting deeper than the parser's stack is not JSON
        return False
    return isinstance(value, dict | list)


def _json_kind(text: str, whole: bool, jsonl_hint: bool) -> PayloadKind | None:
    """JSON, JSONL or None for text that starts with ``{`` or ``[``.

    A single valid document is JSON (unless the name says JSON Lines and it is one line);
    several lines of which most parse on their own are JSONL, so one broken line still routes
    the file to the JSONL parser, which reports that line instead of losing the whole file.
    """
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if not whole and len(lines) > 1:
        lines = lines[:-1]  # the preview may cut the last line
    if whole:
        try:
            value = json.loads(text)
        except (ValueError, RecursionError):
            value = None
        if isinstance(value, dict | list):
            if (
                jsonl_hint
                and len(lines) == 1
                and isinstance(value, dict)
                and not any(isinstance(v, list) for v in value.values())
            ):
                return PayloadKind.JSONL  # a one-record JSON Lines file, not a feed object
            return PayloadKind.JSON
    if len(lines) >= 2:
        good = sum(1 for ln in lines[:200] if _is_json_container(ln))
        if good >= 1 and good * 2 >= min(len(lines), 200):
            return PayloadKind.JSONL
    if jsonl_hint:
        return PayloadKind.JSONL
    if not whole:
        return PayloadKind.JSON  # too long to parse here; the shape is the best hint
    return None


def sniff_kind(data: bytes, name: str = "", content_type: str | None = None) -> PayloadKind:
    """Classify a payload by its content, using the file name and content type only as hints.

    Content wins because names lie (``story.txt`` holding HTML, ``feed.json`` holding JSON
    Lines); hints only settle ambiguous cases such as one-line JSON Lines files or markup
    without a recognisable tag.
    """
    lower_name = name.lower()
    ctype = (content_type or "").split(";")[0].strip().lower()
    reason = _binary_reason(data)
    if reason is not None:
        return PayloadKind.BINARY
    preview = _preview_text(data)
    stripped = preview.strip().lstrip("\ufeff").strip()
    if not stripped:
        return PayloadKind.EMPTY
    whole = len(_unpad(data)) <= _SNIFF_BYTES
    html_hint = lower_name.endswith(_HTML_EXTENSIONS) or ctype in {
        "text/html",
        "application/xhtml+xml",
    }
    jsonl_hint = lower_name.endswith(_JSONL_EXTENSIONS) or ctype in {
        "application/x-ndjson",
        "application/jsonl",
        "application/x-jsonlines",
        "application/ndjson",
    }
    if stripped[0] in "{[":
        kind = _json_kind(preview, whole, jsonl_hint)
        if kind is not None:
            return kind
    if stripped.startswith("<"):
        if _HTML_TAG.search(stripped[:4096]) or html_hint:
            return PayloadKind.HTML
    elif html_hint and _HTML_TAG.search(stripped[:4096]) and re.search(r"</\w+>", stripped):
        return PayloadKind.HTML
    return PayloadKind.TEXT


# --- decoding ------------------------------------------------------------------------------

# UTF-8 that fails on at most this many bytes (or 0.1 % of a long text), and on no more than
# one bad byte per ten valid non-ASCII characters, is damaged UTF-8, not a legacy encoding.
_MAX_REPAIRABLE_BAD_BYTES = 16
_MAX_BAD_PER_GOOD = 0.1
_MAX_DECLARED_MESS = 0.1
_MAX_DETECTED_MESS = 0.4
_CANDIDATE_CHAOS_MARGIN = 0.1
_CANDIDATE_CHAOS_FLOOR = 0.2

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)

_FTFY_CONFIG = ftfy.TextFixerConfig(
    # Only undo encoding accidents: typography, ligatures, widths and entities are content.
    unescape_html=False,
    uncurl_quotes=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    fix_line_breaks=False,
    remove_control_chars=False,
    normalization=None,
    explain=False,
)


def _codec_name(encoding: str) -> str | None:
    """Canonical Python codec name (``cp1251``, ``iso8859-1``), or None if unknown."""
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        return None


def _repairable_limit(data: bytes) -> int:
    """Most bad bytes damaged UTF-8 may have: 16, or one per thousand bytes in long texts."""
    return max(_MAX_REPAIRABLE_BAD_BYTES, len(data) // 1000)


def _count_utf8(data: bytes) -> tuple[int, int]:
    """Return (bad bytes, valid non-ASCII characters) when decoding ``data`` as UTF-8.

    An encoded surrogate (``ED B2 80``: WTF-8, or Python's surrogateescape written out) is
    UTF-8's own damage, shaped like a character, and no legacy text makes one: it counts as a
    character here, and is still replaced when decoded. Counting stops once more bad bytes
    than could ever be repaired have been seen.
    """
    bad = 0
    pos = 0
    good = 0
    while True:
        try:
            text = data[pos:].decode("utf-8", "surrogatepass")
        except UnicodeDecodeError as exc:
            head = data[pos : pos + exc.start].decode("utf-8", "surrogatepass")
            good += sum(1 for ch in head if ord(ch) > 0x7F)
            bad += exc.end - exc.start
            pos += exc.end
            if bad > _repairable_limit(data):
                return bad, good  # already too damaged to repair: stop (keeps this linear)
            continue
        good += sum(1 for ch in text if ord(ch) > 0x7F)
        return bad, good


def _declared_charset(data: bytes, declared: str | None) -> str | None:
    """The explicit charset, else one from an HTML ``<meta charset>`` near the top."""
    if declared:
        return declared
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def _try_declared(data: bytes, declared: str) -> str | None:
    """Decode with a declared legacy charset if it decodes cleanly and reads like text."""
    codec = _codec_name(declared)
    if codec is None or codec == "utf-8":
        return None
    if codec in {"iso8859-1", "ascii"}:
        codec = "cp1252"  # what every browser does with a Latin-1 label
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    if mess_ratio(text, _MAX_DECLARED_MESS + 0.01) > _MAX_DECLARED_MESS:
        return None
    return codec


def _non_ascii_words(text: str, limit: int = 400) -> str:
    """The words that differ between code pages: those with a non-ASCII character."""
    words = [w for w in text.split() if not w.isascii()]
    return " ".join(words[:limit])


# Legacy encodings actually met in news archives. Mac, DOS and exotic code pages decode
# almost any byte string too, so they are considered only when none of these fits.
_COMMON_LEGACY = frozenset(
    {
        "cp1250", "cp1251", "cp1252", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257",
        "cp1258", "koi8-r", "koi8-u", "iso8859-2", "iso8859-4", "iso8859-5", "iso8859-7",
        "iso8859-9", "iso8859-13", "iso8859-15", "iso8859-16", "gb18030", "gbk", "gb2312",
        "big5", "big5hkscs", "cp932", "shift_jis", "euc_jp", "iso2022_jp", "cp949",
        "euc_kr", "cp874", "tis-620",
    }
)  # fmt: skip
_MISPLACED_MARK_WEIGHT = 10.0


def _misplaced_marks(text: str) -> float:
    """Share of combining marks that sit on no letter (after a space, digit or sign).

    Writing puts a vowel sign, tone mark or point on a letter; a wrong code page scatters
    them anywhere (Russian read as Thai puts tone marks on Thai digits, as Hebrew puts
    points on punctuation), which no language model penalises on its own.
    """
    marks = misplaced = 0
    previous = " "
    for ch in text:
        if unicodedata.category(ch) in {"Mn", "Me"}:
            marks += 1
            if unicodedata.category(previous)[0] not in "LM":
                misplaced += 1
        previous = ch
    return misplaced / marks if marks else 0.0


def _c1_share(text: str) -> float:
    """Share of non-ASCII characters that are C1 controls (U+0080-U+009F).

    A page that maps the file's curly quotes or euro signs to invisible controls
    (ISO 8859-x for Windows-125x text) reads shorter words that hit the model as densely.
    """
    wide = [ch for ch in text if ord(ch) > 0x7F]
    return sum(1 for ch in wide if ord(ch) <= 0x9F) / len(wide) if wide else 0.0


def _candidate_score(text: str) -> float:
    """Plausibility of one decoding: how densely its non-ASCII words hit the language model.

    Feature hits per byte (``coverage``) compare readings in different scripts fairly: the
    right code page makes words, a wrong one letter sequences no language has. (Mean
    log-probability per hit did not: short Russian in cp1251 lost to the same bytes read as
    Greek, Hebrew or Thai, scripts of one language whose few hits each score high.) Combining
    marks on no letter, and C1 controls, mark a wrong reading outright.
    """
    words = _non_ascii_words(text) or text[:4000]
    return coverage(words) - _MISPLACED_MARK_WEIGHT * (_misplaced_marks(words) + _c1_share(words))


def _legacy_decode(data: bytes) -> tuple[str, str]:
    """Detect a legacy encoding: charset-normalizer proposes, language plausibility decides.

    On short texts charset-normalizer ranks code pages that decode the bytes with similar
    chaos (cp1252, cp1250, cp1257, cp775...) almost at random. Among its candidates within a
    chaos margin, plus cp1252 (the de-facto Western default) when it reads cleanly, the one
    whose non-ASCII words the language model knows best wins: French "fête" over cp1257's
    "fźte", Polish "się" over cp1252's "siê", Greek over the same bytes as Cyrillic, a short
    Russian TASS flash over the same bytes as Thai.
    Ties (identical text, e.g. German in cp1250 or cp1252) go to cp1252, then to
    charset-normalizer's order.
    """
    matches = [m for m in from_bytes(data) if not m.encoding.startswith("utf")]
    if not matches:
        raise DecodeError("undecodable", "not UTF-8 and no legacy encoding fits")
    best_chaos = min(m.chaos for m in matches)
    if best_chaos > _MAX_DETECTED_MESS:
        raise DecodeError(
            "undecodable", f"every legacy encoding still reads as noise (chaos {best_chaos:.2f})"
        )
    ceiling = max(best_chaos + _CANDIDATE_CHAOS_MARGIN, _CANDIDATE_CHAOS_FLOOR)
    candidates: dict[str, str] = {}
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        pass
    else:
        if mess_ratio(western, ceiling + 0.01) <= ceiling:
            candidates["cp1252"] = western
    for match in matches:
        codec = _codec_name(match.encoding) or match.encoding
        if match.chaos <= ceiling and codec not in candidates:
            candidates[codec] = str(match)
    # Latin-1 and cp1252 differ only in 0x80-0x9F, where Latin-1 has invisible C1 controls
    # and real files have curly quotes and dashes: cp1252 replaces Latin-1 when it decodes.
    if "cp1252" in candidates:
        candidates.pop("iso8859-1", None)
    common = {c: t for c, t in candidates.items() if c in _COMMON_LEGACY}
    candidates = (
        common
        or candidates
        or {_codec_name(matches[0].encoding) or matches[0].encoding: str(matches[0])}
    )
    if len(candidates) == 1:
        codec, text = next(iter(candidates.items()))
        return text, codec
    order = list(candidates)
    scores = {codec: _candidate_score(text) for codec, text in candidates.items()}
    codec = max(order, key=lambda c: (round(scores[c], 6), -order.index(c)))
    return candidates[codec], codec


_NEWLINES = re.compile(r"\r\n?|\u2028|\u2029|\x85|\v")
# NEL (U+0085) is a line break (EBCDIC and some mainframe feeds), but ftfy reads any C1
# control as Windows-1252 mojibake and makes it "…". Only after a character that is a UTF-8
# lead byte read as Latin-1 ("Ä\x85" for "ą") can it be half of mojibake.
_NEL_BREAK = re.compile(r"(?<![\u00c2-\u00f4])\x85")
# A form feed is a page break: it ends a paragraph (wire and mainframe printouts).
_PAGE_BREAK = re.compile(r"[ \t]*\f[ \t]*")


def _finish(text: str, encoding: str, warnings: list[str]) -> Decoded:
    """Shared tail: mojibake repair, newline/NUL cleanup and NFC."""
    text = _PAGE_BREAK.sub("\n\n", _NEL_BREAK.sub("\n", text))
    fixed = ftfy.fix_text(text, config=_FTFY_CONFIG)
    if fixed != text:
        warnings.append("mojibake_repaired")
    fixed = _NEWLINES.sub("\n", fixed)
    if "\x00" in fixed:
        fixed = fixed.replace("\x00", "")
        warnings.append("nul_removed")
    fixed = fixed.lstrip("\ufeff")
    fixed = unicodedata.normalize("NFC", fixed)
    return Decoded(text=fixed, encoding=encoding, warnings=tuple(dict.fromkeys(warnings)))


# Valid multi-byte characters on UTF-8 lines that make a file mixed rather than legacy text
# whose bytes happen to pair up as UTF-8 somewhere.
_MIN_MIXED_UTF8_CHARS = 3


def _mixed_lines(data: bytes, declared: str | None) -> tuple[str, str] | None:
    """(text, legacy codec) for a file of whole UTF-8 lines and whole legacy lines, else None.

    Concatenated sources (a Windows-1251 story with a UTF-8 paragraph appended) fit no single
    encoding. Lines that are valid UTF-8 stay UTF-8; the others are decoded together with
    the legacy page that fits them (declared or detected), so neither part is lost.
    """
    lines = data.splitlines(keepends=True)
    legacy = {i for i, line in enumerate(lines) if not _is_utf8(line)}
    utf8_chars = sum(
        sum(1 for ch in line.decode("utf-8") if ord(ch) > 0x7F)
        for i, line in enumerate(lines)
        if i not in legacy
    )
    if not legacy or utf8_chars < _MIN_MIXED_UTF8_CHARS:
        return None
    rest = b"".join(lines[i] for i in sorted(legacy))
    charset = _declared_charset(rest, declared)
    codec = _try_declared(rest, charset) if charset else None
    if codec is None:
        try:
            codec = _legacy_decode(rest)[1]
        except DecodeError:
            return None
    out = [
        line.decode(codec, errors="replace") if i in legacy else line.decode("utf-8")
        for i, line in enumerate(lines)
    ]
    return "".join(out), codec


def _is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def decode_bytes(data: bytes, *, declared: str | None = None) -> Decoded:
    """Decode bytes to clean NFC text with ``\\n`` newlines, recording every repair.

    Order matters and is chosen to be conservative:

    1. a BOM decides the encoding (it is the one unambiguous signal);
    2. strict UTF-8, the overwhelmingly common case;
    3. UTF-8 that fails on only a few bytes amid valid multi-byte text is *damaged UTF-8*,
       not a legacy file: bad bytes become U+FFFD and every valid character survives
       (warnings ``invalid_utf8_repaired`` and ``invalid_utf8_bytes:<n>``);
    4. a declared charset (argument or ``<meta charset>``) if it decodes cleanly, else
       charset-normalizer detection (warning ``decoded_from_<codec>``);
    5. ftfy repairs mojibake (warning ``mojibake_repaired`` only if something changed).

    Raises ``DecodeError('binary', ...)`` for binary payloads and
    ``DecodeError('undecodable', ...)`` when no encoding yields readable text.
    """
    warnings: list[str] = []
    bom = _bom(data)
    if bom is not None:
        codec, skip = bom
        body = data[skip:]
        try:
            return _finish(body.decode(codec), codec, warnings)
        except UnicodeDecodeError:
            pass
        if codec != "utf-8":
            text = body.decode(codec, errors="replace")
            warnings.append(f"invalid_{codec.replace('-', '')}_repaired")
            return _finish(text, codec, warnings)
        # A UTF-8 mark put before legacy bytes (an editor's "save as UTF-8" that only added
        # the mark): the bytes are judged as if it were absent, damaged UTF-8 included.
        warnings.append("utf8_bom_before_invalid_utf8")
        data = body

    reason = _binary_reason(data)
    if reason is not None:
        raise DecodeError("binary", reason)

    utf32 = _bomless_utf32(data)
    if utf32 is not None:
        return _finish(data.decode(utf32), utf32, [*warnings, "utf32_without_bom"])

    utf16 = _bomless_utf16(data)
    if utf16 is not None:
        codec, span = utf16
        if span != data:
            warnings.append("padding_removed")
        return _finish(span.decode(codec), codec, [*warnings, "utf16_without_bom"])

    core = _INNER_PADDING.sub(b"\n\n", _unpad(data))
    if core != data:
        warnings.append("padding_removed")
        data = core

    try:
        return _finish(data.decode("utf-8"), "utf-8", warnings)
    except UnicodeDecodeError:
        pass

    bad, good = _count_utf8(data)
    if good > 0 and bad <= _repairable_limit(data) and bad <= max(1, good * _MAX_BAD_PER_GOOD):
        text = data.decode("utf-8", errors="replace")
        replaced = text.count("\ufffd") - data.count("\ufffd".encode())
        warnings.extend(("invalid_utf8_repaired", f"invalid_utf8_bytes:{replaced}"))
        return _finish(text, "utf-8", warnings)

    mixed = _mixed_lines(data, declared)
    if mixed is not None:
        text, codec = mixed
        warnings.extend(("mixed_encodings", f"decoded_from_{codec}"))
        return _finish(text, codec, warnings)

    charset = _declared_charset(data, declared)
    codec = _try_declared(data, charset) if charset else None
    if codec is not None:
        text = data.decode(codec)
    else:
        if declared:
            warnings.append("declared_encoding_ignored")
        text, codec = _legacy_decode(data)
    warnings.append(f"decoded_from_{codec}")
    return _finish(text, codec, warnings)
