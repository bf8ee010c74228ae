"""Turn the user's SOURCE arguments into a list of source files (I/O edge: listing only).

A SOURCE is a folder, a glob, a file, an ``http(s)://`` URL, or any fsspec URL (``s3://``,
``memory://``, ``file://`` ...). Listing reads metadata (size, mtime, ETag) but no content, so
an unchanged source can be skipped on a re-run without being read at all.

Listing never stops at one entry: what cannot be listed or must not be read (a symlink loop,
a folder without permission, a hidden file) is listed *refused*, with its reason, so the
run records it as a reject. A local file's ``uri`` is its absolute path, or, for a name that
is not valid UTF-8, a ``file://`` URI that percent-encodes it (``local_uri``).
"""

from __future__ import annotations

import datetime as dt
import errno
import glob as globlib
import os
import socket
import stat
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote_to_bytes

from storywire.tasks.read.urls import (
    ALLOWED_URL_SCHEMES,
    url_problem,
    url_scheme,
    without_credentials,
)
from storywire.tasks.reasons import REASONS
from storywire.tasks.records import CodedError

SIDECAR_SUFFIX = ".meta.json"
_GLOB_CHARS = set("*?[")
_FILE_URI = "file://"

#: Why a listed file is not read (``SourceRef.refused``, the rejects table's reason) -> detail.
REFUSED = {
    reason: REASONS[reason]
    for reason in ("symlink_outside_source", "folder_link_outside_source", "not_a_file", "symlink_loop",
                   "hidden", "unreadable", "not_found")
}
# What ``_classify`` says of a folder entry that is not a file to read nor a refusal.
_WALK, _SKIP = "<walk>", "<skip>"


class SourceError(CodedError, ValueError):
    """A SOURCE argument that cannot be used (shown to the user as a CLI error)."""


@dataclass(frozen=True, slots=True)
class SourceRef:
    """One source file to ingest. ``uri`` is an absolute path for local files, else a URL."""

    uri: str
    size: int | None = None
    mtime: dt.datetime | None = None
    etag: str | None = None
    sidecar: str | None = None  # NAME.meta.json next to the file, when there is one
    #: Listed but not to be read, and why (a rejects reason): a symlink out of its folder,
    #: a broken link, a pipe. Listed so that it is counted and recorded, not silently skipped.
    refused: str | None = None
    #: What went wrong, when the reason's own text does not say it (a store that failed
    #: while it was listed names its error here).
    refused_detail: str | None = None
    #: The URL lists followed to reach this source, outermost first (empty: named by a
    #: SOURCE argument). A transient failure marks them all to be followed again next run.
    listed_by: tuple[str, ...] = ()
    #: The user name and password an http(s) URL was given with, sent as Basic auth; ``uri``
    #: is the URL without them (``urls.without_credentials``): no warehouse row holds them.
    auth: tuple[str, str] | None = field(default=None, repr=False)

    @property
    def list_depth(self) -> int:
        return len(self.listed_by)

    @property
    def is_http(self) -> bool:
        return url_scheme(self.uri) in ALLOWED_URL_SCHEMES

    @property
    def is_local(self) -> bool:
        return self.uri.startswith(("/", _FILE_URI))


def local_uri(path: str) -> str:
    """The ``uri`` of the local file at absolute ``path``: the path itself, or, when its
    name is not valid UTF-8 (Python hands such bytes over as lone surrogates, which Parquet
    cannot store), ``file://`` and the path with ``%`` and each undecodable byte
    percent-encoded. Plain paths start with ``/``, so the two forms never collide, and
    ``local_path`` undoes either.
    """
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        pass
    text = os.fsencode(path).decode("utf-8", errors="surrogateescape")
    return _FILE_URI + "".join(_escape(c) for c in text)


def _escape(c: str) -> str:
    if c == "%":
        return "%25"
    if "\udc80" <= c <= "\udcff":  # surrogateescape's stand-in for the byte 0x80..0xff
        return f"%{ord(c) - 0xDC00:02X}"
    return c


def portable(sources: Sequence[str]) -> list[str]:
    """The SOURCE arguments as text any JSON can carry (Prefect sends a flow's parameters as
    JSON): a local path whose name is not valid UTF-8, which the command line hands over with
    lone surrogates, becomes the ``file://`` URI ``local_uri`` writes for it."""
    out = []
    for source in sources:
        try:
            source.encode("utf-8")
        except UnicodeEncodeError:
            path = os.path.expanduser(source)
            if not os.path.lexists(path):
                raise SourceError("SW403", f"{source!r} does not exist") from None
            source = local_uri(os.path.abspath(path))
        out.append(source)
    return out


def local_path(uri: str) -> str:
    """The path ``local_uri`` made ``uri`` from (as the ``str`` the OS functions take)."""
    if uri.startswith(_FILE_URI):
        return os.fsdecode(unquote_to_bytes(uri.removeprefix(_FILE_URI)))
    return uri


def discover(sources: Sequence[str], *, exclude: Sequence[Path] = ()) -> list[SourceRef]:
    """List every source file named by ``sources``, de-duplicated, in a stable order.

    ``exclude`` holds folders never to list (the warehouse itself, when it sits inside a
    source folder). Raises SourceError for a missing path, an empty glob or a bad URL.
    """
    seen: dict[str, SourceRef] = {}
    excluded = [p.resolve() for p in exclude]
    for source in sources:
        for ref in _discover_one(source, excluded):
            seen.setdefault(ref.uri, ref)
    return sorted(seen.values(), key=lambda r: r.uri)


def _discover_one(source: str, excluded: list[Path]) -> Iterable[SourceRef]:
    scheme = url_scheme(source)
    if scheme in ALLOWED_URL_SCHEMES:
        _check_url(source)
        uri, auth = without_credentials(source)
        return [SourceRef(uri=uri, auth=auth)]
    path = _local_source(source, scheme)
    if path is None:
        try:
            return _discover_fsspec(source)
        except SourceError:
            raise
        except Exception as exc:  # each fsspec backend raises its own kinds of error
            return [_unlisted(source, exc)]
    p = Path(path)
    if p.exists():  # an existing path is that path, even with [ ] * ? in its name
        if p.is_dir():
            return [_local_ref(f, refused) for f, refused in _walk(p.resolve(), excluded)]
        if not p.is_file():
            raise SourceError("SW404", f"{source!r} is neither a file nor a folder")
        return [_local_ref(p.resolve())]
    if not _GLOB_CHARS & set(path):
        raise SourceError("SW403", f"{source!r} does not exist")
    matches = sorted(globlib.glob(path, recursive=True))
    files = [Path(m) for m in matches if Path(m).is_file() and not _is_sidecar(Path(m))]
    if not files:
        raise SourceError("SW402", f"the glob {source!r} matches no files")
    return [_local_ref(f) for f in files if not _inside(f.resolve(), excluded)]


def _local_source(source: str, scheme: str) -> str | None:
    """The local path (``~`` expanded) a SOURCE names, or None for an fsspec URL."""
    if scheme == "file":  # percent-encoded (RFC 8089), as ``local_uri`` writes it
        return local_path(source)
    if scheme == "local":  # fsspec's other name for the local disk
        return os.path.expanduser(source.removeprefix("local://"))
    path = os.path.expanduser(source)
    # One letter is a Windows drive; a name such as "notes:2024.txt" that exists is a file.
    if scheme and len(scheme) > 1 and not os.path.lexists(path):
        return None
    return path


def _check_url(source: str) -> None:
    if (problem := url_problem(source)) is not None:
        raise SourceError("SW401", f"{source!r} is not a valid URL: {problem}")


def _walk(root: Path, excluded: list[Path]) -> Iterator[tuple[Path, str | None]]:
    """Files under ``root`` (but sidecars and excluded folders), each with the reason it
    must not be read, if there is one.

    Symlinks are followed only while they stay inside ``root``: a source folder never
    leads the pipeline to files outside it. Such a link, a broken link, a symlink loop or a
    named pipe (reading it would block) is still listed, refused, so the run accounts for it.
    A link to a folder is never walked (its files, when inside ``root``, are listed where
    they are; a link to an ancestor would loop); one that leads outside is listed, refused.
    Hidden entries (``.git``, ``.DS_Store``, editor swap files) are listed refused, a hidden
    folder as one entry, unread; a folder that cannot be listed is one refused entry too.
    """
    folders = [root]
    while folders:
        folder = folders.pop()
        try:
            with os.scandir(folder) as entries:
                names = sorted(e.name for e in entries)
        except OSError as exc:
            yield folder, _os_reason(exc)
            continue
        claimed = _claimed_sidecars(names)
        for name in names:
            path = folder / name
            what = _classify(path, root, excluded)
            if what == _SKIP and _is_sidecar(path) and name not in claimed:
                what = None  # no story beside it: read as a file of its own (a feed, or a reject)
            if what == _WALK:
                folders.append(path)
            elif what != _SKIP:
                yield path, what


def _classify(path: Path, root: Path, excluded: list[Path]) -> str | None:
    """One folder entry: ``_WALK`` (a folder to list), ``_SKIP`` (a sidecar, an excluded
    folder, a link to a folder inside ``root``), None (a file to read) or why it is refused."""
    if path.name.startswith("."):
        return "hidden"
    try:
        mode = path.lstat().st_mode
        if stat.S_ISLNK(mode):
            return _classify_link(path, root, excluded)
        if stat.S_ISDIR(mode):
            return _SKIP if _inside(path, excluded) else _WALK
        if _is_sidecar(path):
            return _SKIP
        return None if stat.S_ISREG(mode) else "not_a_file"
    except OSError as exc:
        return _os_reason(exc)


def _classify_link(path: Path, root: Path, excluded: list[Path]) -> str | None:
    try:
        real = Path(os.path.realpath(path, strict=True))
    except OSError as exc:  # ELOOP: a loop; ENOENT: a broken link
        return "not_a_file" if exc.errno == errno.ENOENT else _os_reason(exc)
    if real.is_dir():
        if _inside(real, excluded) or real.is_relative_to(root):
            return _SKIP
        return "folder_link_outside_source"
    if _is_sidecar(path):
        return _SKIP
    if not real.is_relative_to(root):
        return "symlink_outside_source"
    return None if real.is_file() else "not_a_file"


def _claimed_sidecars(names: Iterable[str]) -> set[str]:
    """The sidecar names among ``names`` (one folder's entries) that belong to another entry
    (``sidecar_candidates``); a sidecar with nothing beside it is an input of its own, so it
    is counted like any other file instead of vanishing from the run."""
    stories = [n for n in names if not n.endswith(SIDECAR_SUFFIX)]
    return {c for n in stories for c in sidecar_candidates(n)}


def _os_reason(exc: OSError) -> str:
    """The reject reason for an OS error met while listing an entry."""
    if exc.errno == errno.ELOOP:
        return "symlink_loop"
    if isinstance(exc, FileNotFoundError):
        return "not_found"
    return "unreadable"


def _is_sidecar(p: Path) -> bool:
    return p.name.endswith(SIDECAR_SUFFIX)


def _inside(p: Path, folders: list[Path]) -> bool:
    return any(p == f or p.is_relative_to(f) for f in folders)


def sidecar_candidates(path: str) -> list[str]:
    """Where a story's metadata sidecar may be: ``story.txt.meta.json`` or ``story.meta.json``."""
    stem, _ = os.path.splitext(path)
    return [path + SIDECAR_SUFFIX, stem + SIDECAR_SUFFIX]


def _local_ref(path: Path, refused: str | None = None) -> SourceRef:
    path = path.absolute()
    if not refused:
        try:
            return _readable_ref(path)
        except OSError as exc:  # it vanished or changed since it was listed
            refused = _os_reason(exc)
    try:  # the entry itself (a link, a folder): a re-run skips it while it is unchanged
        st = path.lstat()
        size, mtime = st.st_size, dt.datetime.fromtimestamp(st.st_mtime, dt.UTC)
    except OSError:
        size = mtime = None
    return SourceRef(uri=local_uri(str(path)), size=size, mtime=mtime, refused=refused)


def _readable_ref(path: Path) -> SourceRef:
    st = path.stat()
    sidecar = next((c for c in sidecar_candidates(str(path)) if os.path.isfile(c)), None)
    etag = None
    if sidecar:  # a changed sidecar must make the story be re-read too
        sst = os.stat(sidecar)
        etag = f"sidecar:{sst.st_size}:{sst.st_mtime_ns}"
    return SourceRef(
        uri=local_uri(str(path)),
        size=st.st_size,
        mtime=dt.datetime.fromtimestamp(st.st_mtime, dt.UTC),
        etag=etag,
        sidecar=local_uri(sidecar) if sidecar else None,
    )


def _discover_fsspec(url: str) -> list[SourceRef]:
    from fsspec.core import url_to_fs

    try:
        fs, path = url_to_fs(url)
    except (ImportError, ValueError) as exc:
        raise SourceError("SW405", f"cannot open {url!r}: {exc}") from exc
    if fs.isdir(path):
        paths = sorted(fs.find(path))
    elif fs.exists(path):  # an existing object is that object, even with [ ] * ? in its name
        paths = [path]
    elif _GLOB_CHARS & set(path):
        paths = sorted(fs.glob(path))
    else:
        raise SourceError("SW403", f"{url!r} does not exist")
    all_paths = set(paths)
    refs = []
    claimed = {c for p in paths if not p.endswith(SIDECAR_SUFFIX) for c in sidecar_candidates(p)}
    for p in paths:
        if (p.endswith(SIDECAR_SUFFIX) and p in claimed) or fs.isdir(p):
            continue
        info = fs.info(p)
        sidecar = next((c for c in sidecar_candidates(p) if c in all_paths or fs.exists(c)), None)
        refs.append(
            SourceRef(
                uri=fs.unstrip_protocol(p),
                size=info.get("size"),
                mtime=_info_mtime(info),
                etag=str(info.get("ETag") or info.get("etag") or info.get("md5") or "") or None,
                sidecar=fs.unstrip_protocol(sidecar) if sidecar else None,
            )
        )
    if not refs:
        raise SourceError("SW402", f"{url!r} matches no files")
    return refs


#: Listing failures that may pass (the store or the network was down): the source is
#: listed again by the next run. Anything else (a damaged archive) is the source's own.
UNLISTED_TRANSIENT = {"unreachable", "io_error"}


def _unlisted(source: str, exc: Exception) -> SourceRef:
    """A SOURCE whose store failed while it was listed (a host that does not resolve, a
    ``zip://`` path into a file that is no zip): one refused entry, so the run records it
    and goes on with the other sources."""
    if isinstance(exc, ConnectionError | TimeoutError | socket.gaierror):
        reason = "unreachable"
    else:
        reason = "io_error" if isinstance(exc, OSError) else "unreadable"
    detail = f"listing {source} failed: {type(exc).__name__}: {exc}"
    return SourceRef(uri=source, refused=reason, refused_detail=detail)


def _info_mtime(info: dict) -> dt.datetime | None:
    for key in ("mtime", "LastModified", "last_modified", "updated", "created"):
        value = info.get(key)
        if isinstance(value, dt.datetime):
            return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
        if isinstance(value, int | float):
            return dt.datetime.fromtimestamp(value, dt.UTC)
    return None


def validate(sources: Sequence[str]) -> None:
    """Cheap checks of SOURCE arguments before a run starts (raises SourceError).

    Catches what a user gets wrong (a typo in a folder name, a glob that matches nothing,
    a malformed URL) without listing folders or touching the network.
    """
    if not sources:
        raise SourceError("SW400", "no SOURCE given")
    for source in sources:
        scheme = url_scheme(source)
        if scheme in ALLOWED_URL_SCHEMES:
            _check_url(source)
            continue
        path = _local_source(source, scheme)
        if path is None:  # an fsspec URL: listed in the run; its protocol must exist now
            from fsspec.registry import known_implementations, registry

            if scheme not in known_implementations and scheme not in registry:
                raise SourceError("SW405", f"cannot open {source!r}: no filesystem for the protocol {scheme!r}")
            continue
        if os.path.exists(path):
            if not (os.path.isdir(path) or os.path.isfile(path)):  # /dev/stdin, a pipe
                raise SourceError("SW404", f"{source!r} is neither a file nor a folder")
            continue
        if not _GLOB_CHARS & set(path):
            raise SourceError("SW403", f"{source!r} does not exist")
        if not globlib.glob(path, recursive=True):
            raise SourceError("SW402", f"the glob {source!r} matches no files")
