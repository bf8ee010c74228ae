"""Russian quotes: «ёлочки», „лапки“, dialogue dashes, reporting verbs, inflected names.

Every story below is invented for these tests in the layouts of TASS, Interfax and
RIA Novosti copy. Entity mentions are built by hand the way the entity step hands
them over: offsets into the body, a label, and the nominative canonical name even
where the text inflects it ("Сергея Лаврова" -> "Сергей Лавров").
"""

from __future__ import annotations

import re

import pytest

from storywire.tasks.enrich.quotes import extract_quotes
from storywire.tasks.records import EntityMention, QuoteMention

Spec = tuple[str, str, str]  # surface, label, canonical


def mentions(body: str, specs: list[Spec]) -> list[EntityMention]:
    """Every occurrence of each surface as a mention, longest surfaces first."""
    taken: list[tuple[int, int]] = []
    out: list[EntityMention] = []
    for surface, label, canonical in sorted(specs, key=lambda s: -len(s[0])):
        for m in re.finditer(rf"(?<!\w){re.escape(surface)}(?!\w)", body):
            if any(m.start() < end and m.end() > start for start, end in taken):
                continue
            taken.append(m.span())
            key = f"{label.lower()}:{canonical.lower().replace(' ', '_')}"
            out.append(EntityMention(m.start(), m.end(), surface, label, 0, canonical, key))
    return sorted(out, key=lambda e: e.start)


def summary(quotes: list[QuoteMention]) -> list[tuple[str, str | None, str | None, str | None]]:
    return [(q.text, q.speaker, q.speaker_canonical, q.verb) for q in quotes]


def run(body: str, specs: list[Spec]) -> list[QuoteMention]:
    quotes = extract_quotes(body, mentions(body, specs), language="ru")
    for q in quotes:
        assert body[q.start : q.end] == q.text
    return quotes


TASS = (
    "МОСКВА, 14 апреля. /ТАСС/. Россия готова возобновить консультации с Норвегией по "
    "рыболовству в Баренцевом море, заявил министр сельского хозяйства России Виктор "
    "Ершов.\n\n"
    "«Мы готовы сесть за стол переговоров хоть завтра. Квоты на треску нужно "
    "согласовать до лета», — сказал Ершов журналистам во вторник.\n\n"
    "«Это „красная линия“ для наших рыбаков», — подчеркнул он.\n\n"
    "По словам Виктора Ершова, «норвежская сторона пока не ответила на письмо».\n\n"
    "Официальный представитель МИД России Ольга Кравец в свою очередь заявила: "
    "«Никаких односторонних решений мы не примем».\n\n"
    "Как отметила Кравец, компания «Мурманрыбфлот» уже сократила вылов."
)
TASS_ENTITIES: list[Spec] = [
    ("МОСКВА", "GPE", "Москва"),
    ("ТАСС", "ORG", "ТАСС"),
    ("Россия", "GPE", "Россия"),
    ("России", "GPE", "Россия"),
    ("Норвегией", "GPE", "Норвегия"),
    ("Баренцевом море", "LOC", "Баренцево море"),
    ("Виктор Ершов", "PERSON", "Виктор Ершов"),
    ("Ершов", "PERSON", "Виктор Ершов"),
    ("Виктора Ершова", "PERSON", "Виктор Ершов"),
    ("МИД России", "ORG", "МИД России"),
    ("Ольга Кравец", "PERSON", "Ольга Кравец"),
    ("Кравец", "PERSON", "Ольга Кравец"),
    ("Мурманрыбфлот", "ORG", "Мурманрыбфлот"),
]


def test_tass_story_inverted_pronoun_po_slovam_colon_and_names() -> None:
    assert summary(run(TASS, TASS_ENTITIES)) == [
        (
            "Мы готовы сесть за стол переговоров хоть завтра. Квоты на треску нужно "
            "согласовать до лета",
            "Ершов",
            "Виктор Ершов",
            "say",
        ),
        ("Это „красная линия“ для наших рыбаков", "он", "Виктор Ершов", "emphasize"),
        (
            "норвежская сторона пока не ответила на письмо",
            "Виктора Ершова",
            "Виктор Ершов",
            "according to",
        ),
        ("Никаких односторонних решений мы не примем", "Ольга Кравец", "Ольга Кравец", "state"),
    ]


def test_quote_offsets_and_paragraphs() -> None:
    quotes = run(TASS, TASS_ENTITIES)
    assert [q.paragraph for q in quotes] == [1, 2, 3, 4]
    assert all(TASS[q.start - 1] in "«„ " for q in quotes)
    assert quotes[0].speaker_key == "person:виктор_ершов"


INTERFAX = (
    "Москва. 5 февраля. ИНТЕРФАКС - Правительство не планирует повышать ставку НДС в этом "
    "году, сообщил министр финансов Олег Серов.\n\n"
    '"Никаких решений о повышении налогов не принималось", - сказал Серов журналистам в '
    "среду.\n\n"
    'По его словам, дефицит бюджета "останется в пределах прогноза".\n\n'
    "Глава Счетной палаты Анна Белова, в свою очередь, отметила, что "
    '"риски для бюджета сохраняются".\n\n'
    '"Мы видим замедление доходов. Это тревожный сигнал, - сказала она. - Но паники нет".'
)
INTERFAX_ENTITIES: list[Spec] = [
    ("Москва", "GPE", "Москва"),
    ("ИНТЕРФАКС", "ORG", "Интерфакс"),
    ("Олег Серов", "PERSON", "Олег Серов"),
    ("Серов", "PERSON", "Олег Серов"),
    ("Счетной палаты", "ORG", "Счетная палата"),
    ("Анна Белова", "PERSON", "Анна Белова"),
]


def test_interfax_straight_quotes_hyphen_dashes_and_interrupted_quote() -> None:
    assert summary(run(INTERFAX, INTERFAX_ENTITIES)) == [
        ("Никаких решений о повышении налогов не принималось", "Серов", "Олег Серов", "say"),
        ("останется в пределах прогноза", "его", "Олег Серов", "according to"),
        ("риски для бюджета сохраняются", "Анна Белова", "Анна Белова", "note"),
        ("Мы видим замедление доходов. Это тревожный сигнал,", "она", "Анна Белова", "say"),
        ("Но паники нет", "она", "Анна Белова", "say"),
    ]


RIA = (
    "ВЕНА, 21 окт — РИА Новости. Постоянный представитель России при ОБСЕ Константин "
    "Мирошников провел консультации с послами Швейцарии и Австрии.\n\n"
    "— Мы не закрываем дверь, — сказал Мирошников. — Но говорить о доверии во время "
    "учений бессмысленно.\n\n"
    "«Переговоры будут трудными, — сообщил РИА Новости источник в делегации. — Стороны "
    "пока далеки от компромисса».\n\n"
    "В МИД Австрии заявили: «Вена готова предоставить площадку для встречи».\n\n"
    "«Следующий раунд пройдет в декабре». Об этом сообщил постоянный представитель "
    "Константин Мирошников."
)
RIA_ENTITIES: list[Spec] = [
    ("ВЕНА", "GPE", "Вена"),
    ("РИА Новости", "ORG", "РИА Новости"),
    ("России", "GPE", "Россия"),
    ("ОБСЕ", "ORG", "ОБСЕ"),
    ("Константин Мирошников", "PERSON", "Константин Мирошников"),
    ("Мирошников", "PERSON", "Константин Мирошников"),
    ("Швейцарии", "GPE", "Швейцария"),
    ("Австрии", "GPE", "Австрия"),
    ("МИД Австрии", "ORG", "МИД Австрии"),
]


def test_ria_dialogue_dashes_interrupted_impersonal_and_anaphor() -> None:
    assert summary(run(RIA, RIA_ENTITIES)) == [
        ("Мы не закрываем дверь,", "Мирошников", "Константин Мирошников", "say"),
        (
            "Но говорить о доверии во время учений бессмысленно.",
            "Мирошников",
            "Константин Мирошников",
            "say",
        ),
        ("Переговоры будут трудными,", "источник", None, "report"),
        ("Стороны пока далеки от компромисса", "источник", None, "report"),
        ("Вена готова предоставить площадку для встречи", "МИД Австрии", "МИД Австрии", "state"),
        (
            "Следующий раунд пройдет в декабре",
            "Константин Мирошников",
            "Константин Мирошников",
            "report",
        ),
    ]


def test_role_refers_back_to_the_person_introduced_with_it() -> None:
    body = (
        "Министр энергетики Казахстана Ерлан Жумабаев провел переговоры в Ташкенте.\n\n"
        "«Поставки газа возобновятся в марте», — сказал министр."
    )
    specs: list[Spec] = [
        ("Казахстана", "GPE", "Казахстан"),
        ("Ерлан Жумабаев", "PERSON", "Ерлан Жумабаев"),
        ("Ташкенте", "GPE", "Ташкент"),
    ]
    assert summary(run(body, specs)) == [
        ("Поставки газа возобновятся в марте", "министр", "Ерлан Жумабаев", "say")
    ]


def test_inflected_surname_without_a_mention_matches_the_canonical() -> None:
    body = (
        "Губернатор Мария Сафонова открыла мост через Обь.\n\n"
        "«Мост простоит сто лет», — отметила Сафонова.\n\n"
        "Как заявила Сафоновой пресс-служба, «движение откроют в субботу»."
    )
    # The recognizer found only the first mention.
    specs: list[Spec] = [("Мария Сафонова", "PERSON", "Мария Сафонова"), ("Обь", "LOC", "Обь")]
    quotes = run(body, specs)
    assert summary(quotes)[0] == ("Мост простоит сто лет", "Сафонова", "Мария Сафонова", "note")


def test_multi_paragraph_quote_and_dropped_outer_closer() -> None:
    body = (
        "«Первую партию отправят в апреле.\n\n"
        "«Вторую — до конца года», — уточнила Анна Белова.\n\n"
        "«Мы работаем с «Уралхимом», — добавила она."
    )
    quotes = run(body, [("Анна Белова", "PERSON", "Анна Белова"), ("Уралхимом", "ORG", "Уралхим")])
    assert summary(quotes) == [
        (
            "Первую партию отправят в апреле.\n\n«Вторую — до конца года",
            "Анна Белова",
            "Анна Белова",
            "specify",
        ),
        ("Мы работаем с «Уралхимом", "она", "Анна Белова", "add"),
    ]
    assert [q.paragraph for q in quotes] == [0, 2]


def test_names_in_guillemets_are_not_quotes() -> None:
    body = (
        "Компания «Северсталь» и банк «Восток» подписали соглашение. Режим ЧС введен из-за "
        "тайфуна «Кирога», сообщили в правительстве края. Партия «Новые люди» выдвинула "
        "кандидата."
    )
    assert run(body, [("Северсталь", "ORG", "Северсталь")]) == []


def test_scare_quote_in_indirect_speech_takes_the_subject() -> None:
    body = (
        "Президент Киргизии Алмаз Токтосунов заявил, что Бишкек не уступит «ни метра» "
        "спорной земли."
    )
    specs: list[Spec] = [
        ("Киргизии", "GPE", "Киргизия"),
        ("Алмаз Токтосунов", "PERSON", "Алмаз Токтосунов"),
        ("Бишкек", "GPE", "Бишкек"),
    ]
    assert summary(run(body, specs)) == [
        ("ни метра", "Алмаз Токтосунов", "Алмаз Токтосунов", "state")
    ]


def test_mention_after_a_preposition_is_not_the_speaker() -> None:
    body = "«Решение уже принято», — сказал в беседе с Игорем Лебедевым глава ведомства."
    specs: list[Spec] = [("Игорем Лебедевым", "PERSON", "Игорь Лебедев")]
    assert summary(run(body, specs)) == [("Решение уже принято", "глава ведомства", None, "say")]


def test_unattributed_quote_after_indirect_speech_stays_unattributed() -> None:
    body = "Погода испортилась к вечеру.\n\n«Такого ливня не было сорок лет»."
    assert summary(run(body, [])) == [("Такого ливня не было сорок лет", None, None, None)]


@pytest.mark.parametrize(
    ("verb", "lemma"),
    [
        ("сказал", "say"),
        ("сказала", "say"),
        ("сказали", "say"),
        ("заявил", "state"),
        ("заявила", "state"),
        ("заявили", "state"),
        ("сообщил", "report"),
        ("сообщила", "report"),
        ("сообщили", "report"),
        ("отметил", "note"),
        ("отметила", "note"),
        ("подчеркнул", "emphasize"),
        ("подчеркнула", "emphasize"),
        ("добавил", "add"),
        ("добавила", "add"),
        ("пояснил", "explain"),
        ("пояснила", "explain"),
        ("считает", "believe"),
        ("говорит", "say"),
        ("написал", "write"),
        ("написала", "write"),
        ("рассказал", "tell"),
        ("рассказала", "tell"),
        ("уверен", "be sure"),
        ("уверена", "be sure"),
    ],
)
def test_reporting_verbs_in_every_gender_and_number(verb: str, lemma: str) -> None:
    body = f"«Всё идет по плану», — {verb} Ирина Соколова."
    specs: list[Spec] = [("Ирина Соколова", "PERSON", "Ирина Соколова")]
    assert summary(run(body, specs)) == [
        ("Всё идет по плану", "Ирина Соколова", "Ирина Соколова", lemma)
    ]


@pytest.mark.parametrize(
    "lead",
    [
        "Как сказал Петр Орлов,",
        "Как отметил Петр Орлов,",
        "По мнению Петра Орлова,",
        "Петр Орлов уверен:",
        "Петр Орлов написал в Telegram:",
    ],
)
def test_attribution_before_the_quote(lead: str) -> None:
    body = f"{lead} «рынок восстановится к осени»."
    specs: list[Spec] = [
        ("Петр Орлов", "PERSON", "Петр Орлов"),
        ("Петра Орлова", "PERSON", "Петр Орлов"),
    ]
    quotes = run(body, specs)
    assert [(q.text, q.speaker_canonical) for q in quotes] == [
        ("рынок восстановится к осени", "Петр Орлов")
    ]


def test_a_statement_speaks_for_the_organization_named_before_it():
    body = (
        "Запуск провели специалисты «Главкосмоса» по заказу Росгидромета.\n\n"
        "«Аппарат выведен на расчетную орбиту, связь с ним установлена», — говорится в "
        "сообщении госкорпорации.\n\n"
        "«Данные начнут поступать через неделю», — говорится в заявлении Росгидромета."
    )
    got = summary(run(body, [("Главкосмоса", "ORG", "Главкосмос"), ("Росгидромета", "ORG", "Росгидромет")]))
    assert [(g[2], g[3]) for g in got] == [("Росгидромет", "be said"), ("Росгидромет", "be said")]
    # with no organization before it, a statement has no speaker
    alone = summary(run("«Связь установлена», — говорится в сообщении.", []))
    assert [(a[0], a[2]) for a in alone] == [("Связь установлена", None)]
