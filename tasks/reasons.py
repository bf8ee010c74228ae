"""Every reason an input can be rejected for: the values of ``rejects.reason``, declared once.

A reject's code is one of these keys; its ``detail`` says what was found in that input. The
README's "What happens to bad input" table is rendered from this table
(``reasons_markdown``), and a test keeps the two equal.
"""

from __future__ import annotations

#: reason -> what it means (one line, for users reading the rejects table).
REASONS: dict[str, str] = {
    # Reading (tasks.read)
    "symlink_outside_source": "a symlink to a file outside the source folder; not followed",
    "folder_link_outside_source": "a symlink to a folder outside the source folder; not followed",
    "not_a_file": "not a regular file (a broken symlink, a pipe or a device); not read",
    "symlink_loop": "a symlink that leads back to itself (a loop of links); not followed",
    "hidden": "a hidden file or folder (its name starts with a dot) in a source folder; not read",
    "too_large": "larger than --max-bytes; not read",
    "not_found": "the file disappeared while its folder was listed or before it was read",
    "unreadable": "the file or folder cannot be read or listed (permissions, a device error)",
    "io_error": "a read failed in a way that may pass (retried on the next run)",
    "scheme_not_allowed": "a URL whose scheme storywire does not fetch (only http and https)",
    "invalid_url": "a malformed URL in a URL list (a bad host or port, spaces, a line that is no URL); its list's other URLs are fetched",
    "url_list_too_deep": "a URL named by a URL list nested deeper than --max-list-depth; not fetched "
                         "(the list is read again on the next run)",
    "too_many_urls": "a listed URL beyond the run's --max-listed-urls; not fetched (the list is read "
                     "again on the next run)",
    "timeout": "the whole fetch (connecting, redirects, reading, retries) took longer than --timeout "
               "(retried on the next run)",
    "unreachable": "the server could not be reached (retried on the next run)",
    "http_error": "the server answered with an HTTP error status (named in the detail; 5xx, 408 and 429 are retried on the next run)",
    # Cleaning (tasks.clean)
    "empty": "the file is empty or only whitespace",
    "binary": "binary content throughout, not a text, HTML or JSON story (text padded with NUL "
              "bytes is read as its text)",
    "undecodable": "no text encoding reads the bytes as text",
    "empty_html": "an HTML page with no content",
    "no_main_text": "an HTML page with no article text",
    "invalid_json": "a JSON file, or one JSONL line, that does not parse",
    "not_an_object": "a feed record that is not a JSON object",
    "no_records": "a JSON file that holds no list of records (an object of other things, a lone "
                  "number, string, true or null)",
    "unsupported_kind": "a payload that cannot be read as a feed",
    "empty_feed": "a feed with no records",
    "no_body": "a story with a headline (or nothing) but no body text",
    "not_prose": "a body that is not prose in any language: one block repeated to fill the file, "
                 "random tokens, a base64 or hex dump, a table of numbers, a log or CSV export",
    "internal_error": "a storywire bug met this input; the rest of the run went on (read again by the next run)",
    # Enrichment (tasks.enrich)
    "enrichment_failed": "entity recognition failed on this story alone (its worker was killed, "
                         "or an error no step could recover from); the rest of its chunk was stored",
}


def reasons_markdown() -> str:
    """The README table of reject reasons."""
    rows = [f"| `{code}` | {meaning} |" for code, meaning in REASONS.items()]
    return "\n".join(["| reason | meaning |", "|---|---|", *rows])
