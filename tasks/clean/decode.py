"""Turn raw input bytes into clean Unicode text (``sniff`` tells what kind of payload they hold).

Stories arrive as bytes from many places: wire feeds saved by old Windows tools (Windows-1251,
Latin-1), HTML pages, JSON exports and text files that were decoded and re-encoded once too
often (mojibake such as ``Ã©`` for ``é``). Everything downstream works on ``str``, so this
module is the single place where bytes become text, and it records *how* in warnings so a
bad source can be traced later instead of silently producing garbled entities.

Pure functions: no file or network access.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

import ftfy
from charset_normalizer import from_bytes
from charset_normalizer.md import mess_ratio

from storywire.tasks.clean.language import coverage
from storywire.tasks.clean.sniff import (
    INNER_PADDING,
    binary_reason,
    bom,
    bomless_utf16,
    bomless_utf32,
    unpad,
)
from storywire.tasks.records import CodedError

__all__ = [
    "DecodeError",
    "Decoded",
    "decode_bytes",
]



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
    """Detect a legacy encoding: charset-normalizer proposes, language coverage decides.

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
    try:
        _, codec, _ = _legacy(b"".join(lines[i] for i in sorted(legacy)), declared)
    except DecodeError:
        return None
    out = [
        line.decode(codec, errors="replace") if i in legacy else line.decode("utf-8")
        for i, line in enumerate(lines)
    ]
    return "".join(out), codec


def _legacy(data: bytes, declared: str | None) -> tuple[str, str, bool]:
    """(text, codec) of bytes in a legacy code page: the declared charset (argument or
    ``<meta charset>``) when it reads cleanly, else the detected one; and whether a declared
    charset was passed over."""
    charset = _declared_charset(data, declared)
    codec = _try_declared(data, charset) if charset else None
    if codec is not None:
        return data.decode(codec), codec, False
    text, codec = _legacy_decode(data)
    return text, codec, bool(declared)


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
    mark = bom(data)
    if mark is not None:
        codec, skip = mark
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

    reason = binary_reason(data)
    if reason is not None:
        raise DecodeError("binary", reason)

    utf32 = bomless_utf32(data)
    if utf32 is not None:
        return _finish(data.decode(utf32), utf32, [*warnings, "utf32_without_bom"])

    utf16 = bomless_utf16(data)
    if utf16 is not None:
        codec, span = utf16
        if span != data:
            warnings.append("padding_removed")
        return _finish(span.decode(codec), codec, [*warnings, "utf16_without_bom"])

    core = INNER_PADDING.sub(b"\n\n", unpad(data))
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

    text, codec, ignored = _legacy(data, declared)
    if ignored:
        warnings.append("declared_encoding_ignored")
    warnings.append(f"decoded_from_{codec}")
    return _finish(text, codec, warnings)
