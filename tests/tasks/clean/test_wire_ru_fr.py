"""Structure of Russian and French wire stories (fixtures in tests/fixtures/wire_ru_fr/),
and the line classes of ``tasks.clean.wire_ru_fr``."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from conftest import FIXTURES
from hypothesis import given
from hypothesis import strategies as st

from storywire.tasks.clean import wire_ru_fr
from storywire.tasks.clean.wire import is_trailer, parse_wire_text

WIRE = FIXTURES / "wire_ru_fr"


@dataclass(frozen=True)
class Expect:
    """What a fixture must parse to; ``None`` means the field must be empty."""

    file: str
    headline: str
    body_start: str
    n_body: int
    place: str
    agency: str | None
    month: int | None = None
    day: int | None = None
    year: int | None = None
    site_header: str | None = None
    subheadline: str | None = None
    byline: str | None = None
    caption: str | None = None
    credit: str | None = None
    trailers: tuple[str, ...] = ()


CASES = [
    Expect(
        "tass_ru.txt",
        headline="В Казани до конца года откроют три новых моста через Казанку",
        body_start="Власти Казани откроют три новых моста",
        n_body=3, place="Казань", agency="ТАСС", month=3, day=12,
        site_header="Все новости",
        subheadline="Строительство обойдется городскому бюджету в 12 млрд рублей, сообщил мэр",
        caption="Мэр Казани Ильдар Гарипов",
        credit="Сергей Ковалев/ТАСС",
        trailers=("Подписывайтесь на ТАСС в Telegram",),
    ),
    Expect(
        "tass_corr_ru.txt",
        headline="Парламент Абхазии утвердил новый состав правительства",
        body_start="Народное собрание Абхазии в среду",
        n_body=2, place="Сухум", agency="ТАСС", month=12, day=3,
        site_header="Политика",
        byline="Корр. ТАСС Дмитрий Лавров",
        trailers=("Читайте также: В Абхазии назначили дату выборов мэра Сухума",),
    ),
    Expect(
        "interfax_ru.txt",
        headline="Экспорт пшеницы из России в феврале снизился на 12%",
        body_start="Экспорт пшеницы из России в феврале снизился на 12% по сравнению",
        n_body=3, place="Москва", agency="ИНТЕРФАКС", month=3, day=5,
    ),
    Expect(
        "interfax_yug_ru.txt",
        headline="Аэропорт Краснодара возобновил ночные рейсы",
        body_start="Международный аэропорт Краснодара",
        n_body=2, place="Краснодар", agency="ИНТЕРФАКС-ЮГ", month=10, day=17, year=2024,
    ),
    Expect(
        "ria_ru.txt",
        headline="В Подмосковье построят грузовой терминал для поездов из Китая",
        body_start="Новый грузовой терминал",
        n_body=3, place="Москва", agency="РИА Новости", month=3, day=12,
        byline="Анна Котова",
        credit="РИА Новости / Илья Сергеев",
        trailers=(
            "14:35 12.03.2025 (обновлено: 15:02 12.03.2025)",
            "Читайте также: Минтранс назвал сроки запуска скоростной магистрали",
            "Подписывайтесь на РИА Новости в Telegram",
        ),
    ),
    Expect(
        "byline_ru.txt",
        headline="Новосибирский зоопарк показал новорожденных снежных барсов",
        body_start="Два детеныша снежного барса",
        n_body=2, place="Новосибирск", agency="ТАСС", month=6, day=21,
        byline="Автор: Мария Соколова",
        trailers=("Источник: ТАСС",),
    ),
    Expect(
        "afp_fr.txt",
        headline="Incendie dans une usine chimique près de Lyon, pas de victime",
        body_start="Un incendie s'est déclaré mercredi matin",
        n_body=2, place="Saint-Fons", agency="AFP", month=3, day=12, year=2025,
        byline="Par Jean DUPONT et Marie Martin",
        caption="Les pompiers sur le site de l'usine à Saint-Fons, le 12 mars 2025",
        credit="AFP / Philippe Desmazes",
        trailers=(
            "Lire aussi : Pollution, les riverains de la vallée de la chimie inquiets",
            "jd-mm/abc/def",
        ),
    ),
    Expect(
        "afp_title_fr.txt",
        headline="Une grève perturbe le trafic ferroviaire en Bretagne",
        body_start="Une grève des contrôleurs",
        n_body=2, place="Rennes", agency="AFP",
        trailers=("(avec AFP)",),
    ),
    Expect(
        "reuters_fr.txt",
        headline="La BCE maintient ses taux, prudente face à l'inflation",
        body_start="La Banque centrale européenne",
        n_body=2, place="Francfort", agency="Reuters", month=3, day=6,
        trailers=(
            "(Reportage Jean Dupont; version française Marie Martin, édité par Sophie Louet)",
        ),
    ),
    Expect(
        "ap_fr.txt",
        headline="Un séisme de magnitude 5,1 secoue le sud de l'Italie",
        body_start="Un séisme de magnitude 5,1 a secoué samedi",
        n_body=2, place="Paris", agency="AP",
        site_header="Toute l'actualité",
        trailers=("Publié le 14 septembre 2024 à 10h05", "Partager"),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.file for c in CASES])
def test_fixture_structure(case: Expect) -> None:
    parsed = parse_wire_text((WIRE / case.file).read_text(encoding="utf-8"))
    assert parsed.headline == case.headline
    assert parsed.body_paragraphs[0].startswith(case.body_start)
    assert len(parsed.body_paragraphs) == case.n_body
    dl = parsed.dateline
    assert dl is not None
    assert (dl.place, dl.agency) == (case.place, case.agency)
    assert (dl.month, dl.day, dl.year) == (case.month, case.day, case.year)
    assert parsed.site_header == case.site_header
    assert parsed.subheadline == case.subheadline
    assert parsed.byline == case.byline
    assert parsed.caption == case.caption
    assert parsed.credit == case.credit
    assert parsed.trailers == case.trailers
    body = "\n".join(parsed.body_paragraphs)
    for furniture in (dl.raw, *case.trailers, case.site_header, case.credit):
        if furniture:
            assert furniture not in body


def test_bare_name_under_the_headline_is_the_byline() -> None:
    text = (
        "Байкал: уровень воды впервые за десять лет превысил норму\n\n"
        "Екатерина Мельникова\n\n"
        "ИРКУТСК, 15 августа. /ТАСС/. Уровень воды в озере Байкал превысил верхнюю отметку, "
        "сообщили в Росводресурсах.\n\nСброс воды через плотину увеличат."
    )
    parsed = parse_wire_text(text)
    assert parsed.byline == "Екатерина Мельникова"
    assert parsed.subheadline is None


def test_bare_name_above_a_credit_is_a_caption() -> None:
    text = (
        "Глава Минтранса посетил новый порт\n\n"
        "Олег Белов\n© Илья Сергеев/ТАСС\n\n"
        "УСТЬ-ЛУГА, 15 августа. /ТАСС/. Министр осмотрел терминал, сообщили в ведомстве.\n\n"
        "Терминал откроется осенью."
    )
    parsed = parse_wire_text(text)
    assert parsed.byline is None
    assert parsed.caption == "Олег Белов"
    assert parsed.credit == "Илья Сергеев/ТАСС"
    assert parsed.dateline is not None and parsed.dateline.place == "Усть-Луга"


def test_french_correspondent_byline_and_caption_credit() -> None:
    text = (
        "Kiev sous les drones, une nuit d'alerte\n\n"
        "De notre envoyé spécial à Kiev, Paul Lefèvre\n\n"
        "Des secouristes dans le quartier de Podil, le 3 juin 2025 © Paul Lefèvre/AFP\n\n"
        "KIEV, 3 juin 2025 (AFP) - Des drones ont frappé la capitale ukrainienne dans la nuit, "
        "ont indiqué les autorités.\n\nLes sirènes ont retenti pendant trois heures."
    )
    parsed = parse_wire_text(text)
    assert parsed.byline == "De notre envoyé spécial à Kiev, Paul Lefèvre"
    assert parsed.caption == "Des secouristes dans le quartier de Podil, le 3 juin 2025"
    assert parsed.credit == "Paul Lefèvre/AFP"
    assert parsed.dateline is not None and parsed.dateline.year == 2025


@pytest.mark.parametrize(
    "line",
    [
        "Подписывайтесь на ТАСС в Telegram",
        "Подпишитесь на наш канал в Дзене",
        "Читайте также: Минтранс назвал сроки",
        "Читайте РИА Новости в MAX",
        "Новости по теме",
        "Ещё по теме:",
        "Поделиться",
        "Ссылка скопирована",
        "© 2025 МИА «Россия сегодня». Все права защищены",
        "Больше новостей в Telegram-канале ТАСС",
        "Lire aussi : la réforme des retraites",
        "À lire aussi",
        "Suivez-nous sur Instagram",
        "Abonnez-vous à notre newsletter",
        "(avec AFP)",
        "(Avec AFP et Reuters)",
        "Avec agences",
        "(Reportage Jean Dupont; édité par Sophie Louet)",
        "Tous droits réservés",
        "Temps de lecture : 3 min",
        "Время чтения: 4 мин",
    ],
)
def test_russian_and_french_trailers(line: str) -> None:
    assert is_trailer(line)


@pytest.mark.parametrize(
    "line",
    [
        "По теме доклада выступил министр финансов.",
        "Подписание соглашения состоится в пятницу, сообщили в Кремле.",
        "Читатели газеты выбрали лучшую книгу года.",
        "Partager les richesses reste l'objectif du gouvernement, a-t-il dit.",
        "Avec ses 120 000 habitants, la ville est la troisième de la région.",
        "Lire un livre par semaine, c'est l'objectif de l'association.",
        "Source of the leak was a contractor, police said.",
        "Reuters",  # an English story's last line keeps the English rules
    ],
)
def test_prose_is_no_trailer(line: str) -> None:
    assert not is_trailer(line)


def test_cyrillic_sign_offs_only_at_the_end() -> None:
    assert not is_trailer("Источник: ТАСС")
    assert is_trailer("Источник: ТАСС", at_end=True)
    assert is_trailer("© ТАСС", at_end=True)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Автор: Иван Петров", True),
        ("Авторы: Иван Петров и Анна Котова", True),
        ("Беседовала Мария Соколова", True),
        ("Корреспондент ТАСС Иван Петров", True),
        ("Корреспондент ТАСС в Лондоне Иван Петров", True),
        ("Обозреватель РИА Новости Анна Котова", True),
        ("Par Jean Dupont", True),
        ("Par Jean DUPONT et Marie Martin", True),
        ("Par Jean Dupont, envoyé spécial à Kiev", True),
        ("Propos recueillis par Marie Martin", True),
        ("Marie Martin, correspondante à Moscou", True),
        ("Корреспондент ТАСС побывал в Нижний Новгород", False),
        ("Par ailleurs, le ministre a démissionné", False),
        ("Par Jean Dupont.", False),
        ("Автор книги рассказал о планах", False),
    ],
)
def test_bylines(line: str, expected: bool) -> None:
    assert wire_ru_fr.byline(line) is expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Анна Котова", True),
        ("Иван Сергеевич Петров", True),
        ("Нижний Новгород", False),
        ("Все новости", False),
        ("Jean Dupont", False),
        ("Анна", False),
    ],
)
def test_bare_names(line: str, expected: bool) -> None:
    assert wire_ru_fr.bare_name(line) is expected


@pytest.mark.parametrize(
    ("line", "credit"),
    [
        ("Фото: Иван Петров/ТАСС", "Иван Петров/ТАСС"),
        ("Фото: © РИА Новости / Илья Сергеев", "© РИА Новости / Илья Сергеев"),
        ("Фото ИТАР-ТАСС/ Иван Петров", "ИТАР-ТАСС/ Иван Петров"),
        ("Иван Петров/ТАСС", "Иван Петров/ТАСС"),
        ("РИА Новости / Илья Сергеев", "РИА Новости / Илья Сергеев"),
        ("Crédit photo : Ville de Lyon", "Ville de Lyon"),
        ("Crédits photos : Jean Dupont", "Jean Dupont"),
        ("Photo : Jean Dupont", None),  # the English reader's "Photo:" line
        ("Фотография дня", None),
        ("Фото дня", None),
    ],
)
def test_credit_lines(line: str, credit: str | None) -> None:
    assert wire_ru_fr.credit_of(line) == credit


@pytest.mark.parametrize(
    "line",
    [
        "14:35 12.03.2025 (обновлено: 15:02 12.03.2025)",
        "12.03.2025, 14:35",
        "12 мар, 14:35",
        "Обновлено 12 марта 2025, 15:02",
        "Publié le 12 mars 2025 à 14h35",
        "Mis à jour le 12/03/2025 à 15h02",
        "Le 12 mars 2025 à 14h35",
    ],
)
def test_time_lines(line: str) -> None:
    assert wire_ru_fr.is_timestamp(line)


@pytest.mark.parametrize("section", ["Все новости", "Лента новостей", "Экономика", "Toute l'actualité", "À la une"])
def test_site_header_sections(section: str) -> None:
    parsed = parse_wire_text(
        f"{section}\n\nЗаголовок новости о погоде\n\nМОСКВА, 12 марта. /ТАСС/. Снег выпал утром."
    )
    assert parsed.site_header == section
    assert parsed.headline == "Заголовок новости о погоде"


@given(st.text(max_size=400))
def test_line_classes_never_crash(text: str) -> None:
    wire_ru_fr.trailer(text, at_end=True)
    wire_ru_fr.byline(text)
    wire_ru_fr.bare_name(text)
    wire_ru_fr.credit_of(text)
    wire_ru_fr.caption_with_credit(text)
    wire_ru_fr.is_timestamp(text)


@given(st.lists(st.sampled_from([
    "Все новости", "МОСКВА, 12 марта. /ТАСС/. Власти сообщили.", "Подписывайтесь на ТАСС",
    "Анна Котова", "© Иван Петров/ТАСС", "PARIS, 12 mars (AFP) - La France a dit.", "(avec AFP)",
    "Заголовок", "Par Jean Dupont", "Текст абзаца, в котором что-то произошло.",
]), max_size=8))
def test_any_order_of_furniture_keeps_text_whole(lines: list[str]) -> None:
    parsed = parse_wire_text("\n\n".join(lines))
    kept = [parsed.headline, parsed.subheadline, parsed.site_header, parsed.byline,
            parsed.caption, *parsed.body_paragraphs, *parsed.trailers]
    for line in lines:
        # Every line survives somewhere: in a field, the body, or the trailers (a dateline
        # leaves its rest; a credit line its credit).
        assert any(part and (part in line or line in part) for part in kept) or (
            parsed.credit and parsed.credit in line
        ) or (parsed.dateline and line.startswith(parsed.dateline.raw))


@pytest.mark.parametrize(
    ("line", "expected"),
    [("Météo", True), ("Actualité Bretagne", True), ("Actualités de Lyon", True),
     ("Новости Урала", True), ("Infos pratiques", False), ("Новости спорта", False),
     ("Actualité politique", False), ("Президент заявил", False)],
)
def test_sections(line: str, expected: bool) -> None:
    assert wire_ru_fr.section(line) is expected


def test_scraped_caption_with_its_credit_is_no_second_credit() -> None:
    text = (
        "Все новости\n\nУровень Байкала опустился ниже отметки прошлого года\n\n"
        "Ученые предупреждают о маловодье\n"
        "Вид на озеро Байкал Кирилл Тарабукин/ТАСС\nВид на озеро Байкал\n"
        "© Кирилл Тарабукин/ТАСС\n\n"
        "ИРКУТСК, 15 октября. /ТАСС/. Уровень озера снизился, сообщили в ведомстве.\n\n"
        "Сброс воды сократят с ноября."
    )
    parsed = parse_wire_text(text)
    assert parsed.credit == "Кирилл Тарабукин/ТАСС"
    assert parsed.caption == "Вид на озеро Байкал"
    assert parsed.subheadline == "Ученые предупреждают о маловодье"
