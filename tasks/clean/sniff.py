"""What kind of payload raw bytes hold (text, HTML, JSON, JSONL, binary, empty), judged from
the bytes alone: byte-order marks, BOM-less UTF-16 and UTF-32, NUL and control bytes, magic
numbers, markup and JSON shapes. ``decode`` turns the text kinds into ``str``.

Pure functions: no file or network access.
"""

from __future__ import annotations

import codecs
import json
import re
from enum import StrEnum

from storywire.tasks.clean.language import detect_language

__all__ = [
    "INNER_PADDING",
    "PayloadKind",
    "binary_reason",
    "bom",
    "bomless_utf16",
    "bomless_utf32",
    "sniff_kind",
    "unpad",
]


class PayloadKind(StrEnum):
    """What a payload holds, which decides the parser it goes to."""

    TEXT = "text"
    HTML = "html"
    JSON = "json"
    JSONL = "jsonl"
    BINARY = "binary"
    EMPTY = "empty"


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


def bom(data: bytes) -> tuple[str, int] | None:
    """Return (codec, BOM length) when ``data`` starts with a Unicode byte-order mark."""
    for mark, codec in _BOMS:
        if data.startswith(mark):
            return codec, len(mark)
    return None


# Padding around a text: NUL runs (fixed-size records, preallocated files) and DOS ^Z.
_PADDING = b"\x00\x1a"
# Long NUL runs inside a text pad records apart: they become a paragraph break.
INNER_PADDING = re.compile(rb"\x00{8,}")


def unpad(data: bytes) -> bytes:
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


def bomless_utf16(data: bytes) -> tuple[str, bytes] | None:
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


def bomless_utf32(data: bytes) -> str | None:
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


def binary_reason(data: bytes) -> str | None:
    """Explain why ``data`` is binary, or None when it may be text.

    Text with a BOM for UTF-16/32 legitimately contains NULs, so it is never called binary.
    Nor is padding: the bytes between leading and trailing NUL or ^Z runs are judged, and
    long NUL runs inside them are record padding. Then a known file signature, a NUL share
    above 1 %, or a control-byte share above 5 % of the first 64 KiB mark binary: legacy
    8-bit encodings never use C0 controls, while random or compressed bytes hit them about
    11 % of the time.
    """
    if bom(data) is not None or bomless_utf16(data) or bomless_utf32(data):
        return None
    for magic in _MAGIC:
        if data.startswith(magic):
            return f"file signature {magic[:8]!r}"
    if not data:
        return None
    sample = INNER_PADDING.sub(b"\n\n", unpad(data)[:_SNIFF_BYTES])
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
    mark = bom(data)
    if mark is not None:
        codec, skip = mark
        return data[skip : skip + _SNIFF_BYTES].decode(codec, errors="replace")
    utf32 = bomless_utf32(data)
    if utf32 is not None:
        return data[: _SNIFF_BYTES * 2].decode(utf32, errors="replace")
    utf16 = bomless_utf16(data)
    if utf16 is not None:
        codec, span = utf16
        return span[:_SNIFF_BYTES].decode(codec, errors="replace")
    return unpad(data)[:_SNIFF_BYTES].decode("utf-8", errors="replace")


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
    reason = binary_reason(data)
    if reason is not None:
        return PayloadKind.BINARY
    preview = _preview_text(data)
    stripped = preview.strip().lstrip("\ufeff").strip()
    if not stripped:
        return PayloadKind.EMPTY
    whole = len(unpad(data)) <= _SNIFF_BYTES
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
