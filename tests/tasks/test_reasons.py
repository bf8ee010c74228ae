"""Every reject reason the code can give is declared in ``tasks/reasons.py``, and the README's
table of them is the one rendered from there."""

from __future__ import annotations

import re

from conftest import ROOT

from storywire.tasks.reasons import REASONS, reasons_markdown

# A reject's reason is the code of a Reject or of an error that becomes one.
_RAISED = re.compile(
    r"\b(?:Reject|FetchError|DecodeError|FeedError|ExtractionError|FeedRecordError)\(\s*"
    r"(?:[\w.\[\]]+,\s*){0,2}\"([a-z_]+)\""
)


def _codes_in_source() -> dict[str, str]:
    found = {}
    for path in sorted((ROOT / "tasks").rglob("*.py")) + sorted((ROOT / "flows").rglob("*.py")):
        for code in _RAISED.findall(path.read_text(encoding="utf-8")):
            found.setdefault(code, str(path.relative_to(ROOT)))
    return found


def test_every_reason_the_code_gives_is_declared():
    found = _codes_in_source()
    assert len(found) >= 15, "the scan finds the reasons the code gives"
    missing = {code: where for code, where in found.items() if code not in REASONS}
    assert not missing, f"declare these in tasks/reasons.py: {missing}"


def test_the_scan_sees_each_form_of_reject():
    sample = (
        'Reject(src.ref.uri, "no_body", what)\nFetchError("timeout", "x")\n'
        'FeedRecordError(index, "not_an_object", "x")\nReject(uri, code)\n'
    )
    assert _RAISED.findall(sample) == ["no_body", "timeout", "not_an_object"]


def test_every_declared_reason_is_explained():
    assert all(re.fullmatch(r"[a-z][a-z_]*[a-z]", code) for code in REASONS)
    assert all(meaning and not meaning.endswith(".") for meaning in REASONS.values())


def test_the_docs_list_the_reasons_from_the_code():
    readme = (ROOT / "docs" / "operating.md").read_text(encoding="utf-8")
    assert reasons_markdown() in readme, (
        "docs/operating.md's reject-reason table is stale: paste the output of "
        "`python -c 'from storywire.tasks.reasons import reasons_markdown as r; print(r())'`"
    )
