"""URLs: whether one can be fetched as written, and reading a plain list of them (pure).

A URL is parsed by httpx (the client that fetches it) and then checked where httpx is
lenient: a port out of 1..65535, an empty host, a host with characters no host name has.
What fails here would otherwise fail inside the fetch, after retries, as an error that
says nothing about the line it came from.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit, urlunsplit

import httpx

from storywire.tasks.records import Reject, UrlList

#: The schemes storywire fetches (anything else in a URL list is ``scheme_not_allowed``).
ALLOWED_URL_SCHEMES = frozenset({"http", "https"})
#: Characters no host name holds (WHATWG's forbidden host code points, less the ones httpx
#: already refuses); httpx percent-encodes a space, so ``%`` is here too.
_FORBIDDEN_HOST = set(" #%/:<>?@[\\]^|\"'`{}")
_MAX_LINE_IN_DETAIL = 200


def url_scheme(text: str) -> str:
    """The scheme ``text`` starts with, lower-cased ("" when it has none), per RFC 3986:
    a letter, then letters, digits, ``+``, ``-`` or ``.``, then ``:``."""
    head, colon, _ = text.partition(":")
    if not colon or not head or not (head[0].isascii() and head[0].isalpha()):
        return ""
    if not all(c.isascii() and (c.isalnum() or c in "+-.") for c in head):
        return ""
    return head.lower()


def looks_like_url(line: str) -> bool:
    """``scheme://...``: a line meant as a URL, whether or not it is a good one."""
    scheme = url_scheme(line)
    return bool(scheme) and line[len(scheme) + 1:].startswith("//")


def url_problem(url: str, schemes: frozenset[str] = ALLOWED_URL_SCHEMES) -> str | None:
    """Why the http(s) URL ``url`` cannot be fetched as written, or None when it can
    (``schemes``: another protocol's URLs, such as a Dask scheduler's ``tcp://``)."""
    scheme = url_scheme(url)
    if scheme not in schemes:
        what = "http(s)" if schemes is ALLOWED_URL_SCHEMES else "/".join(sorted(schemes))
        return f"{scheme + '://' if scheme else 'no scheme'} is not {what}"
    if any(c.isspace() or not c.isprintable() for c in url):
        return "it holds whitespace or control characters"
    try:
        parsed = httpx.URL(url)
        host = parsed.raw_host.decode("ascii")  # IDNA-encoded by httpx
        port = parsed.port
    except (httpx.InvalidURL, ValueError) as exc:  # idna's errors are ValueErrors too
        return str(exc) or type(exc).__name__
    if port is not None and not 0 < port < 65536:
        return f"port {port} is out of range"
    if not host:
        return "no host"
    return _host_problem(host)


def _host_problem(host: str) -> str | None:
    try:
        ipaddress.ip_address(host)
        return None
    except ValueError:
        pass
    if len(host) > 253 or _FORBIDDEN_HOST & set(host):
        return f"{host!r} is not a host name"
    labels = host.removesuffix(".").split(".")
    if any(not label or len(label) > 63 for label in labels):
        return f"{host!r} is not a host name (an empty or overlong label)"
    if labels[-1].isdigit():  # 1.2.3.4.5, 999.1.1.1: meant as an address, and not one
        return f"{host!r} is not an IP address"
    return None


@dataclass(frozen=True, slots=True)
class RejectedLine:
    """A line of a URL list that is not fetched: its number (from 1), its text, and why."""

    number: int
    text: str
    reason: str  # invalid_url | scheme_not_allowed
    detail: str


@dataclass(frozen=True, slots=True)
class UrlListing:
    """What a URL list names: the http(s) URLs to fetch (once each, in order) and the lines
    that are not such URLs."""

    urls: tuple[str, ...]
    rejected: tuple[RejectedLine, ...] = ()

    def record(self, source_uri: str) -> UrlList:
        """The ``UrlList`` of the source ``source_uri``; each rejected line one ``Reject``."""
        rejects = tuple(
            Reject(source_uri, r.reason, r.detail, item_key=f"line {r.number}") for r in self.rejected
        )
        return UrlList(source_uri, self.urls, rejects)


#: A line of a URL list that is not a URL is short (a stray heading, "not a url"): a text
#: with longer lines among its URLs is a story that quotes links.
_MAX_STRAY_LINE = 60


def parse_url_list(text: str) -> UrlListing | None:
    """The URLs of ``text`` when it is a URL list, else None (it is a story).

    A text is a URL list when every line but blank ones and ``#`` comments looks like a URL
    of some scheme (``scheme://...``), so one ``ftp://`` or broken line does not turn a list
    into a story; or when at least two lines do, at least two thirds of them, and the others
    are short. Each line that is not an http(s) URL that can be fetched is rejected:
    ``scheme_not_allowed`` for another scheme, ``invalid_url`` for a malformed one or one
    that is no URL at all.
    """
    candidates, strays = [], 0
    for number, raw in enumerate(text.removeprefix("\ufeff").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if not looks_like_url(line):
            if len(line) > _MAX_STRAY_LINE:
                return None
            strays += 1
        candidates.append((number, line))
    urls_written = len(candidates) - strays
    if not candidates or (strays and (urls_written < 2 or urls_written < 2 * strays)):
        return None
    urls: dict[str, None] = {}
    rejected = []
    for number, line in candidates:
        problem = url_problem(line) if looks_like_url(line) else "not a URL"
        if problem is None:
            urls.setdefault(line)
            continue
        other_scheme = looks_like_url(line) and url_scheme(line) not in ALLOWED_URL_SCHEMES
        reason = "scheme_not_allowed" if other_scheme else "invalid_url"
        rejected.append(RejectedLine(number, line, reason, f"line {number}: {_clip(without_credentials(line)[0])}: {problem}"))
    return UrlListing(tuple(urls), tuple(rejected))


def without_credentials(url: str) -> tuple[str, tuple[str, str] | None]:
    """``url`` without the user name and password it carries (``http://ann:pw@host/x`` ->
    ``http://host/x``), and them as a pair for HTTP Basic auth: the warehouse others query
    keeps every URL it is given, and must not keep a password."""
    if "@" not in url:
        return url, None
    try:
        parts = urlsplit(url)
        user, password = parts.username, parts.password
    except ValueError:  # malformed: url_problem says so where it is read
        return url, None
    if user is None and password is None:
        return url, None
    netloc = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=netloc)), (unquote(user or ""), unquote(password or ""))


def _clip(line: str) -> str:
    return line if len(line) <= _MAX_LINE_IN_DETAIL else line[:_MAX_LINE_IN_DETAIL] + "..."
