"""Turn the user's SOURCE arguments into a list of source files (I/O edge: listing only).

A SOURCE is a folder, a glob, a file, an ``http(s)://`` URL, or any fsspec URL (``s3://``,
``memory://``, ``file://`` ...). Listing reads metadata (size, mtime, ETag) but no content, so
an unchanged source can be skipped on a re-run without being read at all.
"""

from __future__ import annotations

import datetime as dt
import glob as globlib
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from storywire.tasks.records import CodedError

SIDECAR_SUFFIX = ".meta.json"
_GLOB_CHARS = set("*?[")


#: Why a listed file is not read (``SourceRef.refused``, the rejects table's reason) -> detail.
REFUSED = {
    "symlink_outside_source": "a symlink to a file outside the source folder; not followed",
    "folder_link_outside_source": "a symlink to a folder outside the source folder; not followed",
    "not_a_file": "not a regular file (a broken symlink, a pipe or a device); not read",
}


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

    @property
    def is_http(self) -> bool:
        return self.uri.startswith(("http://", "https://"))

    @property
    def is_local(self) -> bool:
        return self.uri.startswith("/")


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
    scheme = urlparse(source).scheme.lower()
    if scheme in ("http", "https"):
        if not urlparse(source).netloc:
            raise SourceError("SW401", f"{source!r} is not a valid URL (no host)")
        return [SourceRef(uri=source)]
    if scheme and scheme != "file" and len(scheme) > 1:  # one letter: a Windows drive
        return _discover_fsspec(source)
    path = source.removeprefix("file://") if scheme == "file" else source
    if _GLOB_CHARS & set(path):
        matches = sorted(globlib.glob(os.path.expanduser(path), recursive=True))
        files = [Path(m) for m in matches if Path(m).is_file() and not _is_sidecar(Path(m))]
        if not files:
            raise SourceError("SW402", f"the glob {source!r} matches no files")
        return [_local_ref(f) for f in files if not _inside(f.resolve(), excluded)]
    p = Path(path).expanduser()
    if not p.exists():
        raise SourceError("SW403", f"{source!r} does not exist")
    if p.is_dir():
        return [_local_ref(f, refused) for f, refused in _walk(p.resolve(), excluded)]
    if not p.is_file():
        raise SourceError("SW404", f"{source!r} is neither a file nor a folder")
    return [_local_ref(p.resolve())]


def _walk(root: Path, excluded: list[Path]) -> Iterable[tuple[Path, str | None]]:
    """Files under ``root`` (skipping hidden entries, sidecars and excluded folders), each
    with the reason it must not be read, if there is one.

    Symlinks are followed only while they stay inside ``root``: a source folder never
    leads the pipeline to files outside it. Such a link, a broken link or a named pipe
    (reading it would block) is still listed, refused, so the run accounts for it. A link to
    a folder is never walked (its files, when inside ``root``, are listed where they are; a
    link to an ancestor would loop); one that leads outside is listed, refused.
    """
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        here = Path(dirpath)
        walked = []
        for d in sorted(dirnames):
            real = (here / d).resolve()
            if d.startswith(".") or _inside(real, excluded):
                continue
            if (here / d).is_symlink():
                if not real.is_relative_to(root):
                    yield here / d, "folder_link_outside_source"
                continue
            walked.append(d)
        dirnames[:] = walked
        for name in sorted(filenames):
            f = here / name
            if name.startswith(".") or _is_sidecar(f):
                continue
            real = f.resolve()
            if not real.is_relative_to(root):
                yield f, "symlink_outside_source"
            elif not real.is_file():
                yield f, "not_a_file"
            else:
                yield f, None


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
    if refused:  # the link itself: a re-run skips it while it is unchanged
        st = path.lstat()
        return SourceRef(uri=str(path), size=st.st_size,
                         mtime=dt.datetime.fromtimestamp(st.st_mtime, dt.UTC), refused=refused)
    st = path.stat()
    sidecar = next((c for c in sidecar_candidates(str(path)) if os.path.isfile(c)), None)
    etag = None
    if sidecar:  # a changed sidecar must make the story be re-read too
        sst = os.stat(sidecar)
        etag = f"sidecar:{sst.st_size}:{sst.st_mtime_ns}"
    return SourceRef(
        uri=str(path),
        size=st.st_size,
        mtime=dt.datetime.fromtimestamp(st.st_mtime, dt.UTC),
        etag=etag,
        sidecar=sidecar,
    )


def _discover_fsspec(url: str) -> list[SourceRef]:
    from fsspec.core import url_to_fs

    try:
        fs, path = url_to_fs(url)
    except (ImportError, ValueError) as exc:
        raise SourceError("SW405", f"cannot open {url!r}: {exc}") from exc
    if _GLOB_CHARS & set(path):
        paths = sorted(fs.glob(path))
    elif fs.isdir(path):
        paths = sorted(fs.find(path))
    elif fs.exists(path):
        paths = [path]
    else:
        raise SourceError("SW403", f"{url!r} does not exist")
    all_paths = set(paths)
    refs = []
    for p in paths:
        if p.endswith(SIDECAR_SUFFIX) or fs.isdir(p):
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
    a URL without a host) without listing folders or touching the network.
    """
    if not sources:
        raise SourceError("SW400", "no SOURCE given")
    for source in sources:
        parsed = urlparse(source)
        scheme = parsed.scheme.lower()
        if scheme in ("http", "https"):
            if not parsed.netloc:
                raise SourceError("SW401", f"{source!r} is not a valid URL (no host)")
            continue
        if scheme and scheme != "file" and len(scheme) > 1:
            continue  # fsspec URLs are checked when listed
        path = source.removeprefix("file://")
        if _GLOB_CHARS & set(path):
            if not globlib.glob(os.path.expanduser(path), recursive=True):
                raise SourceError("SW402", f"the glob {source!r} matches no files")
        elif not Path(path).expanduser().exists():
            raise SourceError("SW403", f"{source!r} does not exist")
