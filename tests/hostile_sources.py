"""Cases of the hostile corpus (``hostile.py``) about where an input comes from: odd file names,
hidden files and folders, symlinks (inside, outside, broken, looping), a named pipe, a file from
2099, and HTTP sources on a loopback server that trickles, floods, redirects in a loop,
gzip-bombs, fails once then recovers, and serves nested URL lists."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from hostile import FUTURE_MTIME, CaseContext, Expect, Input, case, reject, story
from loopback import (
    route_flaky,
    route_flood,
    route_gzip_bomb,
    route_redirect,
    route_static,
    route_trickle,
    route_trickle_head,
)

# --- File names, links, pipes, mtimes ---------------------------------------------------------


@case
def _names(c: CaseContext) -> list[Input]:
    names: list[tuple[str, str | bytes, str]] = [
        ("name_spaces", "port strike update final version.txt", "spaces in the name"),
        ("name_brackets", "[AP] port strike [update 2].txt", "glob characters [ ] in the name (also a SOURCE)"),
        ("name_unicode", "café_Zürich_新闻_2024.txt", "a Unicode name"),
        ("name_invalid_utf8", b"d\xe9p\xeache_\xe9conomie.txt", "a latin-1 name: not valid UTF-8"),
        ("name_percent", "rates up 0.5% (draft).txt", "a percent sign in the name"),
        ("name_dash", "-urgent-ferry-update.txt", "a leading dash"),
        ("name_long", "-".join(["harbour-authority-statement-on-the-winter-timetable"] * 4) + ".txt",
         "a 207-character name"),
    ]
    out = []
    for name, fname, what in names:
        text, headline, keep, _ = c.wire(name)
        path = c.write(fname, text.encode())
        if name == "name_brackets":
            c.sources.append(path)
        out.append(Input(name, path, story(headline, keep=keep), what))
    return out


@case
def _hidden_links_pipes(c: CaseContext) -> list[Input]:
    f = c.folder
    hidden_text, hidden_head, _, _ = c.wire("hidden_file")
    drafts = f / ".drafts"
    drafts.mkdir()
    draft_text = c.wire("hidden_folder")[0]
    draft = c.write("draft_story.txt", draft_text.encode(), folder=drafts)
    hidden_ok = frozenset({"reject", "skipped", "story"})
    future_text, future_head, future_keep, _ = c.wire("future_mtime")
    future = c.write("future_mtime.txt", future_text.encode())
    os.utime(future, (FUTURE_MTIME, FUTURE_MTIME))
    c.write("elsewhere.txt", c.wire("outside")[0].encode(), folder=c.outside)
    (f / "link_inside.txt").symlink_to("ordinary_1.txt")
    (f / "loop_a.txt").symlink_to("loop_b.txt")
    (f / "loop_b.txt").symlink_to("loop_a.txt")
    (f / "loop_self.txt").symlink_to("loop_self.txt")
    (f / "broken_link.txt").symlink_to("moved_away.txt")
    (f / "outside_link.txt").symlink_to(Path("..") / c.outside.name / "elsewhere.txt")
    (f / "folder_loop").symlink_to(".")
    os.mkfifo(f / "incoming.pipe")
    return [
        Input("hidden_file", c.write(".hidden_story.txt", hidden_text.encode()),
              Expect(hidden_ok, reasons=frozenset({"hidden"}), headlines=(hidden_head,)), "a hidden file"),
        Input("hidden_folder", str(drafts), Expect(hidden_ok, reasons=frozenset({"hidden"})),
              "a hidden folder holding a story", aliases=(draft,)),
        Input("future_mtime", future, story(future_head, keep=future_keep),
              "a story whose file mtime is in 2099"),
        Input("link_inside", str(f / "link_inside.txt"), Expect(frozenset({"story", "reject", "skipped"})),
              "a symlink to a story in the same folder"),
        Input("loop_a", str(f / "loop_a.txt"), reject("symlink_loop"), "a symlink loop (a -> b -> a)"),
        Input("loop_b", str(f / "loop_b.txt"), reject("symlink_loop"), "a symlink loop (b -> a -> b)"),
        Input("loop_self", str(f / "loop_self.txt"), reject("symlink_loop"), "a symlink to itself"),
        Input("broken_link", str(f / "broken_link.txt"), reject("not_a_file", "not_found"), "a broken symlink"),
        Input("outside_link", str(f / "outside_link.txt"), reject("symlink_outside_source"),
              "a symlink to a story outside the folder"),
        Input("folder_loop", str(f / "folder_loop"),
              Expect(frozenset({"reject", "skipped"}), optional=True),
              "a folder symlink to its own folder (never walked into)"),
        Input("fifo", str(f / "incoming.pipe"), reject("not_a_file"), "a named pipe (reading it would block)"),
    ]


# --- HTTP: a server that trickles, floods, loops, bombs, fails once; URL lists -----------------


@case(http=True)
def _http(c: CaseContext) -> list[Input]:
    text, headline, keep, _ = c.wire("http_story")
    nested_text, nested_head, nested_keep, _ = c.wire("http_nested")
    flaky_text, flaky_head, flaky_keep, _ = c.wire("http_flaky")
    html_head = "Assembly passes budget after all-night session"
    html = ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{html_head}</title>"
            "<meta property=\"article:published_time\" content=\"2024-04-18T09:30:00+03:00\"></head>"
            f"<body><article><h1>{html_head}</h1><p>The regional assembly passed next year's budget at "
            "dawn on Thursday after a session of more than fourteen hours, the speaker's office said.</p>"
            "<p>Opposition members walked out twice during the debate over road spending.</p>"
            "</article></body></html>")
    trickle_body = b"Ferry back\n\nThe ferry ran again on Monday.\n"
    depth = 10
    c.routes.update({
        "/stories/harbour.txt": route_static(text.encode()),
        "/stories/assembly.html": route_static(html.encode(), "text/html; charset=utf-8"),
        "/stories/nested.txt": route_static(nested_text.encode()),
        "/stories/deep.txt": route_static(c.wire("http_deep")[0].encode()),
        "/stories/flaky.txt": route_flaky(flaky_text.encode()),
        "/slow/trickle.txt": route_trickle(trickle_body),
        "/slow/head.txt": route_trickle_head(trickle_body),
        "/big/flood.txt": route_flood(),
        "/loop/a": route_redirect("/loop/b"),
        "/loop/b": route_redirect("/loop/a"),
        "/bomb/story.txt": route_gzip_bomb(),
    })
    bad = {"malformed": "http://127.0.0.1:80o/x", "ftp": "ftp://127.0.0.1/pub/story.txt",
           "file": "file:///etc/hostname"}
    main = [c.url("/stories/harbour.txt"), c.url("/stories/assembly.html"), "", "# morning run",
            bad["malformed"], bad["ftp"], bad["file"], c.url("/lists/nested.txt"),
            c.url("/slow/trickle.txt"), c.url("/slow/head.txt"), c.url("/big/flood.txt"), c.url("/loop/a"),
            c.url("/bomb/story.txt"), c.url("/stories/flaky.txt"), c.url("/stories/missing.txt"), c.url("/stories/harbour.txt")]
    nested = [c.url("/stories/nested.txt"), c.url("/lists/main.txt"), c.url("/lists/level2.txt")]
    c.routes["/lists/main.txt"] = route_static(("\n".join(main) + "\n").encode())
    c.routes["/lists/nested.txt"] = route_static(("\n".join(nested) + "\n").encode())
    chain = []
    for level in range(2, depth + 1):
        after = f"/lists/level{level + 1}.txt" if level < depth else "/stories/deep.txt"
        c.routes[f"/lists/level{level}.txt"] = route_static((c.url(after) + "\n").encode())
        chain.append(Input(f"list_level{level}", c.url(f"/lists/level{level}.txt"),
                           Expect(frozenset({"listed", "reject"}), reasons=frozenset({"url_list_too_deep"}),
                                  optional=True), f"a URL list nested {level} deep"))
    # Given as SOURCE too: a transient failure of a direct source is retried by the next run.
    c.sources += [c.url("/lists/main.txt"), c.url("/slow/trickle.txt"), c.url("/stories/flaky.txt")]
    return [
        Input("url_list", c.url("/lists/main.txt"), Expect(frozenset({"listed"})),
              "a URL list (SOURCE) mixing good URLs, bad lines and hostile servers"),
        Input("http_story", c.url("/stories/harbour.txt"), story(headline, keep=keep), "a good listed story"),
        Input("http_html", c.url("/stories/assembly.html"),
              story(html_head, keep=("after a session of more than fourteen hours",),
                    fields={"published_date": dt.date(2024, 4, 18), "published_date_source": "html",
                            "published_at": dt.datetime(2024, 4, 18, 6, 30, tzinfo=dt.UTC)}),
              "an HTML page with article:published_time and an offset"),
        Input("url_malformed", bad["malformed"], reject("invalid_url"), "a malformed URL line (port 80o)",
              record_of=c.url("/lists/main.txt")),
        Input("url_ftp", bad["ftp"], reject("scheme_not_allowed", "invalid_url"), "an ftp:// line",
              record_of=c.url("/lists/main.txt")),
        Input("url_file", bad["file"], reject("scheme_not_allowed", "invalid_url"),
              "a file:// line (never read through a list)", record_of=c.url("/lists/main.txt")),
        Input("nested_list", c.url("/lists/nested.txt"), Expect(frozenset({"listed"})),
              "a URL list inside a URL list (and naming its parent)"),
        Input("http_nested_story", c.url("/stories/nested.txt"), story(nested_head, keep=nested_keep),
              "a story named by the nested list"),
        *chain,
        Input("http_deep_story", c.url("/stories/deep.txt"), reject("url_list_too_deep", optional=True),
              f"a story named by a list nested {depth} deep: past any sensible limit"),
        Input("trickle", c.url("/slow/trickle.txt"), reject("timeout"), "a server sending 1 byte / 0.2 s"),
        Input("trickle_head", c.url("/slow/head.txt"), reject("timeout"),
              "a server sending even its status line and headers 1 byte / 0.2 s"),
        Input("flood", c.url("/big/flood.txt"), reject("too_large"), "an endless body past the size limit"),
        Input("redirect_loop", c.url("/loop/a"), reject("http_error", "too_many_redirects", "redirect_loop"),
              "a redirect loop"),
        Input("gzip_bomb", c.url("/bomb/story.txt"), reject("too_large"),
              "a few kB of gzip that inflate to 32 MB"),
        Input("flaky", c.url("/stories/flaky.txt"), story(flaky_head, keep=flaky_keep),
              "a server that fails (503) once, then recovers"),
        Input("http_404", c.url("/stories/missing.txt"), reject("http_error"),
              "a listed URL that answers 404"),
    ]
