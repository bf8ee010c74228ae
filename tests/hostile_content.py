"""Cases of the hostile corpus (``hostile.py``) about what an input holds: ordinary stories,
encodings and line endings, binary, compressed, empty and oversized files, long stories and
garbage, deep HTML, XML and JSON, feeds with odd types and dates, broken sidecars, wire layouts
and invisible characters. All text is invented here or by the benchmark's story generator."""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import io
import itertools
import json
import random
import struct
import zipfile
import zlib

from hostile import CaseContext, Expect, Input, case, reject, story

from storywire.flows.bench.inputs import generate_story

# --- Ordinary stories: what must never be lost beside the hostile ones --------------------------


@case
def _ordinary(c: CaseContext) -> list[Input]:
    out = []
    for k in range(1, 5):
        text, headline, keep, published = c.wire(f"ordinary{k}")
        path = c.write(f"ordinary_{k}.txt", text.encode())
        c.write(f"ordinary_{k}.meta.json", json.dumps({"published": published.isoformat()}).encode())
        out.append(Input(f"ordinary_{k}", path, story(headline, keep=keep, fields={"published_date": published}),
                         "a plain UTF-8 wire story with a sidecar"))
    return out


# --- Encodings and line endings ---------------------------------------------------------------

_ACCENTED = [  # (CITY, City, person, nationality, project, unit)
    ("ZÜRICH", "Zürich", "Jürg Müller", "Swiss", "night tram line", "passengers"),
    ("ŁÓDŹ", "Łódź", "Agnieszka Wróbel", "Polish", "district heating plant", "households"),
    ("SÃO PAULO", "São Paulo", "João Araújo", "Brazilian", "metro extension", "riders"),
    ("MÁLAGA", "Málaga", "Begoña Núñez", "Spanish", "desalination plant", "homes"),
    ("REYKJAVÍK", "Reykjavík", "Þórunn Sigurðardóttir", "Icelandic", "geothermal pipeline", "buildings"),
    ("İZMİR", "İzmir", "Gülşen Çelik", "Turkish", "ferry terminal", "commuters"),
    ("ČESKÉ BUDĚJOVICE", "České Budějovice", "Tomáš Dvořák", "Czech", "bypass road", "vehicles"),
    ("TROMSØ", "Tromsø", "Åse Lindqvist", "Norwegian", "airport runway", "flights"),
    ("KRAKÓW", "Kraków", "Paweł Źródło", "Polish", "river flood wall", "residents"),
    ("NÎMES", "Nîmes", "Hélène Bénard", "French", "bus depot", "buses"),
]


def _accented(c: CaseContext, k: int) -> tuple[str, str, tuple[str, ...]]:
    """An invented story full of non-ASCII names, curly quotes and dashes: (text, headline, keep)."""
    CITY, city, person, nationality, project, unit = _ACCENTED[k]
    n = 1200 + 317 * k
    headline = f"{city} opens {project} after {3 + k}-year delay"
    c.headlines.add(headline)
    quote = f"“We waited a long time for this,” said {person}, who chairs the city’s works committee."
    text = (
        f"{headline}\n\n"
        f"{CITY}, April {k + 3} (Reuters) — {nationality} officials opened the {project} in {city} "
        f"on Tuesday, and expect it to serve about {n:,} {unit} a day by the end of the summer.\n\n"
        f"{quote}\n\n"
        f"The work cost {40 + k} million euros — {12 + k}% more than planned — after two "
        f"contractors went bankrupt in {2019 + k % 3}, the city’s audit office said last month.\n"
    )
    return text, headline, (quote, f"contractors went bankrupt in {2019 + k % 3}")


@case
def _encodings(c: CaseContext) -> list[Input]:
    variants = [  # (name, what, codec, BOM)
        ("utf8_bom", "UTF-8 with a byte-order mark", "utf-8", b"\xef\xbb\xbf"),
        ("utf16le_bom", "UTF-16 LE with a byte-order mark", "utf-16-le", b"\xff\xfe"),
        ("utf16be_bom", "UTF-16 BE with a byte-order mark", "utf-16-be", b"\xfe\xff"),
        ("utf16le_nobom", "UTF-16 LE without a byte-order mark (old Windows export)", "utf-16-le", b""),
        ("utf16be_nobom", "UTF-16 BE without a byte-order mark", "utf-16-be", b""),
    ]
    out = []
    for k, (name, what, codec, bom) in enumerate(variants):
        text, headline, keep = _accented(c, k)
        out.append(Input(name, c.write(f"{name}.txt", bom + text.encode(codec)), story(headline, keep=keep), what))
    return out


@case
def _legacy_encodings(c: CaseContext) -> list[Input]:
    french = (
        "Grève des dockers à Marseille : le trafic reprend lentement\n\n"
        "MARSEILLE, 12 février (AFP) - Les dockers du port de Marseille ont repris le travail mardi "
        "après une grève de cinq jours, a annoncé leur syndicat. « Nous avons obtenu des garanties "
        "sur les effectifs », a déclaré Hélène Garçon, secrétaire générale de la section.\n\n"
        "Le trafic des conteneurs devrait retrouver son niveau habituel d'ici à la fin de la semaine, "
        "selon la direction du port, qui évalue les pertes à près de trois millions d'euros.\n"
    )
    russian = (
        "Порт Усть-Луга нарастил отгрузку угля в январе\n\n"
        "САНКТ-ПЕТЕРБУРГ, 3 февраля. /ТАСС/. Порт Усть-Луга в январе отгрузил 6,2 млн тонн угля, "
        "что на 8% больше, чем годом ранее, сообщила пресс-служба порта. «Мы ожидаем сохранения "
        "высокого спроса до конца зимы», — сказал директор порта Андрей Волков.\n\n"
        "По данным администрации, в феврале в порт прибудут ещё четыре балкера, а ремонт "
        "второго причала завершится к апрелю.\n"
    )
    spanish = (
        "Valencia amplía el carril bici tras un año récord de viajes\n\n"
        "VALENCIA, 8 de mayo (EFE) - El ayuntamiento de Valencia ampliará en 14 kilómetros su red "
        "de carriles bici, que registró 21 millones de viajes en 2023. “La demanda nos ha "
        "sorprendido”, dijo la concejala Begoña Ibáñez, que cifró la obra en 4,5 millones de €.\n\n"
        "Los nuevos tramos unirán el puerto con los barrios del norte antes del verano.\n"
    )
    cases = [
        ("latin1", "French in ISO-8859-1 (latin-1), no declaration", french, "latin-1",
         ("« Nous avons obtenu des garanties", "Hélène Garçon")),
        ("cp1251", "Russian in Windows-1251, no declaration", russian, "cp1251",
         ("«Мы ожидаем сохранения", "Андрей Волков")),
        ("cp1252", "Spanish in Windows-1252 with curly quotes and a euro sign", spanish, "cp1252",
         ("“La demanda nos ha sorprendido”", "4,5 millones de €")),
    ]
    out = []
    for name, what, text, codec, keep in cases:
        headline = text.split("\n", 1)[0]
        out.append(Input(name, c.write(f"{name}.txt", text.encode(codec)), story(headline, keep=keep), what))
    return out


@case
def _damaged_text(c: CaseContext) -> list[Input]:
    # Mojibake: UTF-8 read as Windows-1252 and saved again as UTF-8 (é -> Ã©, ’ -> â€™).
    moji = (
        "Café owners in Nîmes protest new terrace fees\n\n"
        "NÎMES, June 4 (AFP) - Café and brasserie owners in Nîmes closed their terraces for an hour "
        "on Tuesday to protest against higher fees — the city’s first rise in a decade.\n\n"
        "\"It’s the wrong moment,\" said René Duféy, who runs a café near the arena.\n"
    )
    moji_bytes = moji.encode("utf-8").decode("cp1252").encode("utf-8")
    # Mixed: a UTF-8 file with one paragraph pasted in from a latin-1 file.
    mixed_head = "Munich brewers agree wage deal before Oktoberfest\n\n"
    mixed_utf8 = ("MUNICH, Aug. 19 (dpa) - Bavaria’s brewery workers and employers agreed a two-year wage deal "
                  "on Monday, the NGG union said, ending a dispute that had threatened supplies.\n\n")
    mixed_latin1 = "The deal gives about 9,000 workers in Munich and Nürnberg a rise of 6% from October.\n"
    mixed = (mixed_head + mixed_utf8).encode() + mixed_latin1.encode("latin-1")
    text, headline, keep, _ = c.wire("cr_only")
    text2, headline2, keep2, _ = c.wire("mixed_eol")
    lines = text2.split("\n")
    ends = itertools.cycle(["\r\n", "\n", "\r"])
    mixed_eol = "".join(line + next(ends) for line in lines)
    text3, headline3, keep3, _ = c.wire("nul_padded")
    return [
        Input("mojibake", c.write("mojibake.txt", moji_bytes),
              story("Café owners in Nîmes protest new terrace fees",
                    keep=("the city’s first rise in a decade", "It’s the wrong moment,\" said René Duféy")),
              "UTF-8 decoded as Windows-1252 and saved again (double-encoded)"),
        Input("mixed_encoding", c.write("mixed_encoding.txt", mixed),
              story(mixed_head.strip(), keep=("Bavaria’s brewery workers", "9,000 workers in Munich and N")),
              "UTF-8 with one paragraph in latin-1 bytes"),
        Input("cr_only", c.write("cr_only.txt", text.replace("\n", "\r").encode()),
              story(headline, keep=keep), "old Mac line endings (CR only)"),
        Input("mixed_eol", c.write("mixed_eol.txt", mixed_eol.encode()),
              story(headline2, keep=keep2), "CRLF, LF and CR mixed in one file"),
        Input("nul_padded", c.write("nul_padded.txt", text3.encode() + b"\0" * 16384),
              story(headline3, keep=keep3), "a story followed by NUL padding (a preallocated file)"),
    ]


# --- Binary, compressed, empty and oversized files --------------------------------------------


def _png(width: int = 16, height: int = 16, seed: int = 3) -> bytes:
    rng = random.Random(seed)
    raw = b"".join(b"\0" + bytes(rng.randrange(256) for _ in range(width * 3)) for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


@case
def _binary(c: CaseContext) -> list[Input]:
    text, headline, _, _ = c.wire("gzipped")
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("story.txt", date_time=(2024, 5, 6, 7, 8, 8)), c.wire("zipped")[0])
    pdf = (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
           b"2 0 obj\n<< /Length 44 >>\nstream\n" + zlib.compress(b"BT /F1 12 Tf (Annual report) Tj ET" * 40)
           + b"\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")
    big_text, _, _, _ = c.wire("too_large")
    big = (big_text.encode() * (6 * 1024 * 1024 // len(big_text) + 1))[: 6 * 1024 * 1024]
    return [
        Input("gzip_story", c.write("story_2019_06_03.txt.gz", gzip.compress(text.encode(), mtime=0)),
              Expect(frozenset({"reject", "story"}), reasons=frozenset({"binary"}), headlines=(headline,)),
              "a gzip-compressed story (rejected as binary, or read whole)"),
        Input("zip_archive", c.write("archive.zip", archive.getvalue()), reject("binary"), "a zip archive"),
        Input("png", c.write("chart.png", _png()), reject("binary"), "a PNG image"),
        Input("pdf", c.write("annual_report.pdf", pdf), reject("binary"), "a PDF"),
        Input("empty", c.write("empty.txt", b""), reject("empty"), "an empty file"),
        Input("whitespace", c.write("whitespace.txt", " \t\n\r\n \u00a0\u3000\n".encode()),
              reject("empty"), "only whitespace, ASCII and Unicode"),
        Input("six_mb", c.write("wire_dump_6mb.txt", big), reject("too_large"),
              "6 MB of text, over the size limit"),
    ]


# --- Long stories and garbage ------------------------------------------------------------------


@case
def _long(c: CaseContext) -> list[Input]:
    rng = random.Random("hostile:long")
    intro = ("GENEVA, Nov. 28 (Reuters) - The regional trade commission published the full text of its "
             "review of port and rail traffic on Thursday, running to several thousand paragraphs.")
    closing = "The commission will present the review to the regional assembly on 4 December, its chair said."
    paragraphs, size, i = [intro], 0, 10_000
    while size < c.long_chars:
        text, _ = generate_story(i, rng)
        for para in text.split("\n\n")[2:-1]:  # prose: no headline, dateline or series line
            if not para.startswith(("(Reporting", "Story ")):
                paragraphs.append(para.strip())
                size += len(para) + 2
        i += 1
    long_head = "Full text: regional trade review, 2016-2024"
    long_text = f"{long_head}\n\n" + "\n\n".join([*paragraphs, closing]) + "\n"
    # A hearing transcript: 100,000 short lines of questions and answers, no blank line.
    places = ["Riga", "Lima", "Oslo", "Accra", "Quito", "Hanoi", "Tunis", "Baku"]
    people = ["Nowak", "Rojas", "Mensah", "Costa", "Tanaka", "Silva", "Ozols", "Aliyev"]
    asks = ["Q. Where?", "Q. Why?", "Q. And then?", "Q. Alone?", "Q. Sure?", "Q. Who?", "Q. In {p}?",
            "Q. With {n}?"]
    answers = ["A. Yes.", "A. No.", "A. Maybe.", "A. I think so.", "A. Not sure.", "A. Correct.",
               "A. {p}.", "A. {n}."]
    lines = ["THE COURT: Call the witness.", "Q. Your name?", "A. Ingrid Solberg."]
    while len(lines) < c.short_lines - 1:
        template = rng.choice(answers if len(lines) % 2 else asks)
        lines.append(template.format(p=rng.choice(places), n=rng.choice(people)))
    lines.append("THE COURT: We will adjourn until nine tomorrow morning.")
    transcript_head = "Transcript of proceedings, day three"
    return [
        Input("long_story", c.write("trade_review_full_text.txt", long_text.encode()),
              story(long_head, keep=(intro[28:120], closing)),
              f"a story of {c.long_chars:,} characters of prose paragraphs"),
        Input("short_lines", c.write("hearing_transcript.txt", f"{transcript_head}\n\n".encode()
                                     + "\n".join(lines).encode() + b"\n"),
              story(transcript_head, keep=("THE COURT: Call the witness.", lines[-1])),
              f"a transcript of {c.short_lines:,} short lines"),
    ]


@case
def _garbage(c: CaseContext) -> list[Input]:
    rng = random.Random("hostile:garbage")
    letters = "bcdfghjklmnpqrstvwxzaeiou0123456789"
    tokens = [" ".join("".join(rng.choice(letters) for _ in range(rng.randint(2, 9)))
                       for _ in range(rng.randint(6, 14))) for _ in range(4000)]
    random_text = "Untitled\n\n" + "\n\n".join(tokens) + "\n"
    block = "ZX-44 ~~ #### 0x7F3A .. ||| kq9 :: [[ ]] >> 0000 ### vv\n"
    repeated = "REPORT\n\n" + (block * 6 + "\n") * 600
    blob = bytes(random.Random("hostile:b64").randrange(256) for _ in range(120_000))
    b64 = base64.encodebytes(blob).decode()
    return [
        Input("random_tokens", c.write("scan_ocr_output.txt", random_text.encode()), reject("not_prose"),
              "random tokens in paragraphs (failed OCR)"),
        Input("repeated_block", c.write("log_block.txt", repeated.encode()), reject("not_prose"),
              "one garbage block repeated 3,600 times"),
        Input("base64_dump", c.write("attachment.txt", b64.encode()), reject("not_prose", "binary"),
              "a base64 dump of a binary attachment"),
    ]


# --- HTML, XML and JSON structure -------------------------------------------------------------


@case
def _markup(c: CaseContext) -> list[Input]:
    text, headline, _, published = c.wire("nested_divs")
    paragraphs = [p for p in text.split("\n\n")[1:] if p.strip() and not p.startswith("(Reporting")]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    nested = (f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{headline}</title>"
              f"<meta property=\"article:published_time\" content=\"{published.isoformat()}T14:20:00+02:00\">"
              "</head><body>" + "<div class=\"w\">" * 500 + f"<article><h1>{headline}</h1>{body}</article>"
              + "</div>" * 500 + "</body></html>")
    # A page with an inline base64 image whose digits look like a date, and no date metadata.
    png = base64.b64encode(_png(24, 24, seed=9)).decode()
    png = png[:40] + "20190412" + png[48:]
    img_head = "Library reopens reading room after roof repairs"
    img_html = (
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>{img_head}</title></head><body><article><h1>{img_head}</h1>"
        f"<p><img alt=\"The reading room\" src=\"data:image/png;base64,{png}\"></p>"
        "<p>The municipal library reopened its main reading room on Saturday after eight months of "
        "roof repairs, the library board said. The hall, opened in 1968, seats 220 readers.</p>"
        "<p>“Readers kept asking when they could come back,” said librarian Keiko Tanaka, adding "
        "that the periodicals section would return next month.</p></article></body></html>")
    lols = ["<!ENTITY l0 \"lol lol lol lol lol lol lol lol lol lol\">"] + [
        f"<!ENTITY l{k} \"{f'&l{k - 1};' * 10}\">" for k in range(1, 10)]
    xml = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE rss [\n " + "\n ".join(lols)
           + "\n]>\n<rss version=\"2.0\"><channel><title>&l9;</title><item><title>Harbour news</title>"
           "<description>&l9;</description></item></channel></rss>\n")
    return [
        Input("nested_divs", c.write("deep_layout.html", nested.encode()),
              story(headline, keep=tuple(p[:60] for p in paragraphs[1:])), "a story inside 500 nested <div>s"),
        Input("base64_image_html", c.write("library_reopens.html", img_html.encode()),
              story(img_head, keep=("seats 220 readers", "said librarian Keiko Tanaka"), forbid=(png[:24],),
                    not_date_sources=("html",)),
              "HTML with a base64 inline image and no date metadata"),
        Input("billion_laughs", c.write("feed_export.xml", xml.encode()),
              Expect(frozenset({"reject", "story"}), forbid=("lol " * 11,)),
              "XML with an entity-expansion bomb (never expanded)"),
        Input("deep_json", c.write("deep.json", b"[" * 100_000 + b"]" * 100_000),
              reject("invalid_json", "no_records"), "JSON nested 100,000 arrays deep"),
    ]


def _record(k: int, rng: random.Random) -> tuple[str, str]:
    """A short invented feed story: (headline, body)."""
    place = ["Accra", "Tunis", "Riga", "Quito", "Dhaka", "Hanoi", "Lisbon", "Oslo", "Baku", "Lima"][k % 10]
    thing = ["bridge", "market hall", "water plant", "tram depot", "school", "clinic", "harbour wall",
             "bus station", "library", "sports ground"][(k + k // 10) % 10]  # 20 distinct pairs
    name = f"{rng.choice(['Amina', 'Carlos', 'Lan', 'Kwame', 'Olga'])} {rng.choice(['Mensah', 'Rojas', 'Nguyen'])}"
    headline = f"{place} council approves new {thing} plan"
    body = (f"The city council in {place} approved plans for a new {thing} on Wednesday after a "
            f"debate that lasted {rng.randint(2, 7)} hours, council officials said.\n\n"
            f"\"We have waited {rng.randint(3, 12)} years for this,\" said councillor {name}, who "
            f"expects construction to start before the end of the year.")
    return headline, body


@case
def _feeds(c: CaseContext) -> list[Input]:
    rng = random.Random("hostile:feeds")
    recs = [_record(k, rng) for k in range(20)]
    odd = {"generator": "newsdesk-export 2.3", "items": [
        {"id": 101, "headline": recs[0][0], "body": recs[0][1], "published": "2024-05-14T07:45:00Z"},
        {"id": 102, "headline": ["Dam inspection finds cracks", "repairs due in May"],
         "body": [recs[1][1], "Engineers will return in May to finish the inspection."], "published": 1715673600},
        {"id": 103, "headline": recs[2][0], "body": None},
        "breaking: network outage at the newsdesk",
        {"id": None, "title": {"rendered": recs[3][0]}, "content": {"rendered": f"<p>{recs[3][1]}</p>"},
         "date": "2024-05-15"},
        {"id": 104.0, "headline": recs[4][0], "body": recs[4][1], "tags": None, "published": False},
    ]}
    dates = ["0001-01-01T00:00:00Z", "1066-10-14", "9999-12-31T23:59:59Z", 1718000000000, "yesterday",
             "2024-03-05", "2024-02-30", "2099-01-01T00:00:00Z"]
    ids = ["wx-110", "wx-111", "wx-112", "wx-113", "wx-114", "wx-114", 115, "wx-116"]
    odd_dates = [{"id": i, "headline": recs[5 + k][0], "body": recs[5 + k][1], "date": d}
                 for k, (i, d) in enumerate(zip(ids, dates, strict=True))]
    deep_line = "{\"id\": \"nest\", \"body\": " + "{\"text\": " * 5000 + "\"x\"" + "}" * 5000 + "}"
    good = [{"guid": f"dl-{k}", "title": recs[13 + k][0], "text": recs[13 + k][1]} for k in range(3)]
    deep_lines = [json.dumps(good[0]), deep_line, json.dumps(good[1]), "{\"title\": \"cut off",
                  json.dumps(good[2])]
    return [
        Input("feed_odd_types", c.write("newsdesk_export.json", json.dumps(odd, indent=1).encode()),
              story(recs[0][0], recs[3][0], recs[4][0], keep=("Engineers will return in May",),
                    min_stories=4, record_rejects=2, record_reasons=frozenset({"no_body", "not_an_object"}),
                    dates={recs[0][0]: dt.date(2024, 5, 14), recs[3][0]: dt.date(2024, 5, 15)}),
              "a JSON feed: numeric ids, a null body, an array headline, a string record"),
        Input("feed_odd_dates", c.write("wire_feed.jsonl", "\n".join(map(json.dumps, odd_dates)).encode()),
              story(*(r["headline"] for r in odd_dates), min_stories=len(odd_dates),
                    dates={recs[8][0]: dt.date(2024, 6, 10), recs[10][0]: dt.date(2024, 3, 5)}),
              "JSONL with dates in years 1, 1066, 9999, 2099, epoch ms, 'yesterday' and a duplicate id"),
        Input("feed_deep_line", c.write("feed_with_bad_lines.jsonl", "\n".join(deep_lines).encode()),
              story(*(g["title"] for g in good), min_stories=3, record_rejects=2,
                    record_reasons=frozenset({"invalid_json", "no_body", "not_an_object"})),
              "JSONL with one line nested 5,000 deep and one cut-off line"),
    ]


@case
def _sidecars(c: CaseContext) -> list[Input]:
    out = []
    url = "https://news.example.org/2024/{}"
    broken = [  # (name, sidecar bytes, fields that must survive)
        ("sidecar_bad_date", {"published": "the day after the storm", "url": url.format("a"), "source": "Harbour Gazette"},
         {"url": url.format("a")}),
        ("sidecar_url_number", {"published": None, "url": 404, "source": "Valley Courier"}, {}),
        ("sidecar_unknown_keys", {"published": None, "url": url.format("c"), "x_exporter": {"v": 3},
                                  "tags": ["ports"], "wordcount": 412}, {"url": url.format("c")}),
        ("sidecar_invalid_json", None, {}),
        ("sidecar_year_1066", {"published": "1066-10-14", "url": url.format("e")}, {"url": url.format("e")}),
        ("sidecar_not_object", ["2024-01-01", url.format("f")], {}),
    ]
    for name, meta, must in broken:
        text, headline, keep, published = c.wire(name)
        fields = dict(must)
        if isinstance(meta, dict) and "published" in meta and meta["published"] is None:
            meta["published"] = published.isoformat()
            fields |= {"published_date": published, "published_date_source": "metadata"}
        raw = b'{"published": "2023-05-02", "url": "https://news.example.org/x",' if meta is None \
            else json.dumps(meta).encode()
        path = c.write(f"{name}.txt", text.encode())
        c.write(f"{name}.txt.meta.json", raw)
        out.append(Input(name, path, story(headline, keep=keep, fields=fields),
                         f"a story whose sidecar has one bad part ({name.removeprefix('sidecar_')})"))
    return out


# --- Wire layouts and invisible characters ----------------------------------------------------


@case
def _layouts(c: CaseContext) -> list[Input]:
    invisible = ("Ri\u200bga mayor \u2067opens\u2069 new \u200fbridge over the Daugava\n\n"
                 "RIGA, Sept. 9 (LETA) - Riga's mayor Ing\u200drid Sol\u200bberg opened the city's fourth "
                 "bridge over the Daugava on Monday, \ufeffsix months ahead of schedule.\n\n"
                 "\"The bridge cuts the trip to the airport by ten minutes,\" Solberg told reporters.\n")
    bloomberg = ("Copper extends slide as Chilean mine restarts\n\n"
                 "(Bloomberg) -- Copper fell for a third day in London as a large Chilean mine resumed "
                 "output after a two-week strike, easing concern about supply.\n\n"
                 "Prices dropped 1.4% to $8,912 a ton on the London Metal Exchange, the lowest since "
                 "early March, while stockpiles in Shanghai rose for a second week.\n")
    published_line = ("Rail freight climbs on new Baltic corridor\n\nBy Tomasz Nowak\n"
                      "Published: Oct. 7, 2021, 6:40 p.m.\n\n"
                      "Rail freight through the new Baltic corridor rose by a fifth in September, the operator "
                      "said on Thursday, as grain and timber shippers moved cargo off the roads.\n\n"
                      "Volumes had fallen last year when two border crossings closed for repairs.\n")
    updated_line = ("Fishing fleet returns early as storm nears\n\n"
                    "By Maria Santos | Updated: 11 March 2022 14:05 | Published: 10 March 2022 09:30\n\n"
                    "Most of the northern fishing fleet returned to port on Thursday, a day earlier than "
                    "planned, as forecasters warned of a storm with gusts above 100 km/h.\n\n"
                    "The harbour master said about 140 boats were tied up by the evening.\n")
    return [
        Input("invisible_headline", c.write("riga_bridge.txt", invisible.encode()),
              story("Riga mayor opens new bridge over the Daugava",
                    keep=("Riga's mayor Ingrid Solberg opened", "Monday, six months ahead")),
              "zero-width and bidi control characters in the headline and a name"),
        Input("placeless_dateline", c.write("copper_bloomberg.txt", bloomberg.encode()),
              story("Copper extends slide as Chilean mine restarts", keep=("Prices dropped 1.4%",),
                    fields={"agency": "Bloomberg", "dateline_place": None}),
              "a dateline with no place: (Bloomberg) --"),
        Input("published_line", c.write("baltic_rail.txt", published_line.encode()),
              story("Rail freight climbs on new Baltic corridor", keep=("rose by a fifth in September",),
                    fields={"published_date": dt.date(2021, 10, 7)}),
              "a story dated only by a 'Published: ...' line"),
        Input("updated_line", c.write("fishing_fleet.txt", updated_line.encode()),
              story("Fishing fleet returns early as storm nears", keep=("about 140 boats",),
                    fields={"published_date": dt.date(2022, 3, 10)}),
              "a 'Updated: ... | Published: ...' line: the original time wins"),
    ]
