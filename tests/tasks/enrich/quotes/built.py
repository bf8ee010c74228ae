"""Entity mentions built by hand for the quote tests, the way the entity step hands them over
(offsets into the body, a label, the canonical name), and a quote list in brief."""

from __future__ import annotations

import re

from storywire.tasks.records import EntityMention, QuoteMention

# Where a sentence ends, roughly as the entity step's sentence splitter sees it: the mentions
# carry their sentence's number, as real ones do.
# (not after an initial or a title such as "M.").
_SENTENCE_END_RE = re.compile(r"(?<![\s(][A-ZА-ЯЁÀ-Ý])[.!?…](?:\s*[»\"”])?\s+(?=[«\"„—\-A-ZА-ЯЁÀ-Ý])")

# (surface, label, canonical): every occurrence of the surface becomes a mention,
# longest surfaces first, so "Aliyev" inside "Ilham Aliyev" is not a second mention.
Spec = tuple[str, str, str]


def mentions(body: str, specs: list[Spec]) -> list[EntityMention]:
    taken: list[tuple[int, int]] = []
    out: list[EntityMention] = []
    for surface, label, canonical in sorted(specs, key=lambda s: -len(s[0])):
        for m in re.finditer(rf"(?<!\w){re.escape(surface)}(?!\w)", body):
            if any(m.start() < end and m.end() > start for start, end in taken):
                continue
            taken.append(m.span())
            key = f"{label.lower()}:{canonical.lower().replace(' ', '_')}"
            sentence = len(_SENTENCE_END_RE.findall(body, 0, m.start()))
            out.append(EntityMention(m.start(), m.end(), surface, label, sentence, canonical, key))
    return sorted(out, key=lambda e: e.start)


def summary(quotes: list[QuoteMention]) -> list[tuple[str, str | None, str | None, str | None]]:
    return [(q.text, q.speaker, q.speaker_canonical, q.verb) for q in quotes]
