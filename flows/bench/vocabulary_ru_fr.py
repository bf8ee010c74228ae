"""The words Russian and French benchmark stories are made of (``inputs.generate_story_ru``,
``inputs.generate_story_fr``): invented people, real places with the inflected forms a
sentence needs, roles, topics, months and reporting verbs. Invented text: nothing here is
copied from an article.

Russian forms are spelled out rather than derived: a place is (nominative, after ``в``/``во``,
after ``из``), so ``Москва`` -> ``в Москве`` / ``из Москвы``, and a person carries a gender
for the verb (``сообщил``/``сообщила``). French countries carry their article and
preposition (``la France`` / ``en France``, ``le Mali`` / ``au Mali``).
"""

from __future__ import annotations

# --- Russian -------------------------------------------------------------------------------

#: Cities: (nominative, locative with its preposition, genitive with ``из``).
RU_CITIES: tuple[tuple[str, str, str], ...] = (
    ("Москва", "в Москве", "из Москвы"),
    ("Казань", "в Казани", "из Казани"),
    ("Новосибирск", "в Новосибирске", "из Новосибирска"),
    ("Екатеринбург", "в Екатеринбурге", "из Екатеринбурга"),
    ("Самара", "в Самаре", "из Самары"),
    ("Владивосток", "во Владивостоке", "из Владивостока"),
    ("Нижний Новгород", "в Нижнем Новгороде", "из Нижнего Новгорода"),
    ("Калининград", "в Калининграде", "из Калининграда"),
    ("Красноярск", "в Красноярске", "из Красноярска"),
    ("Омск", "в Омске", "из Омска"),
    ("Пермь", "в Перми", "из Перми"),
    ("Мурманск", "в Мурманске", "из Мурманска"),
    ("Санкт-Петербург", "в Санкт-Петербурге", "из Санкт-Петербурга"),
)
#: Countries: (nominative, locative with its preposition, genitive with ``из``).
RU_COUNTRIES: tuple[tuple[str, str, str], ...] = (
    ("Казахстан", "в Казахстане", "из Казахстана"),
    ("Белоруссия", "в Белоруссии", "из Белоруссии"),
    ("Армения", "в Армении", "из Армении"),
    ("Китай", "в Китае", "из Китая"),
    ("Турция", "в Турции", "из Турции"),
    ("Узбекистан", "в Узбекистане", "из Узбекистана"),
    ("Индия", "в Индии", "из Индии"),
    ("Монголия", "в Монголии", "из Монголии"),
    ("Египет", "в Египте", "из Египта"),
    ("Вьетнам", "во Вьетнаме", "из Вьетнама"),
)
#: Invented people: (first name, surname, "m" or "f"); surnames agree with the gender.
RU_PEOPLE: tuple[tuple[str, str, str], ...] = (
    ("Андрей", "Соколов", "m"),
    ("Ирина", "Белова", "f"),
    ("Тимур", "Галиев", "m"),
    ("Ольга", "Миронова", "f"),
    ("Сергей", "Лаптев", "m"),
    ("Наталья", "Кузьмина", "f"),
    ("Руслан", "Хабибуллин", "m"),
    ("Елена", "Вершинина", "f"),
    ("Дмитрий", "Орлов", "m"),
    ("Марина", "Зайцева", "f"),
    ("Павел", "Гречко", "m"),
    ("Алсу", "Шарипова", "f"),
    ("Виктор", "Полозов", "m"),
    ("Анна", "Котельникова", "f"),
)
#: Roles: (nominative, genitive for ``по словам ...``).
RU_ROLES: tuple[tuple[str, str], ...] = (
    ("министр финансов региона", "министра финансов региона"),
    ("глава регионального минтранса", "главы регионального минтранса"),
    ("директор морского порта", "директора морского порта"),
    ("мэр города", "мэра города"),
    ("министр энергетики", "министра энергетики"),
    ("председатель профсоюза", "председателя профсоюза"),
    ("главный экономист банка", "главного экономиста банка"),
    ("министр здравоохранения региона", "министра здравоохранения региона"),
)
#: Bodies that publish figures, after ``в``/``во`` (``Об этом сообщили в Росстате``).
RU_BODIES: tuple[str, ...] = (
    "в Росстате",
    "в Министерстве финансов",
    "в Центральном банке",
    "в пресс-службе правительства региона",
    "в Федеральной таможенной службе",
    "в Министерстве сельского хозяйства",
)
#: Topics: (subject, past verb up, past verb down, unit in the genitive plural).
RU_TOPICS: tuple[tuple[str, str, str, str], ...] = (
    ("Экспорт зерна", "вырос", "сократился", "тонн зерна"),
    ("Добыча меди", "выросла", "сократилась", "тонн меди"),
    ("Пассажиропоток аэропорта", "вырос", "сократился", "пассажиров"),
    ("Число туристов", "выросло", "сократилось", "туристов"),
    ("Выпуск электроэнергии", "вырос", "сократился", "мегаватт-часов"),
    ("Вылов рыбы", "вырос", "сократился", "тонн рыбы"),
    ("Грузооборот порта", "вырос", "сократился", "тонн грузов"),
    ("Очередь на плановые операции", "выросла", "сократилась", "пациентов"),
)
#: Months in the nominative (``данные за март``), the genitive (``12 марта``), the locative (``в марте``) and RIA's abbreviation.
RU_MONTHS_NOM = (
    "январь", "февраль", "март", "апрель", "май", "июнь",
    "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
)
RU_MONTHS_GEN = (
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
)
RU_MONTHS_LOC = (
    "январе", "феврале", "марте", "апреле", "мае", "июне",
    "июле", "августе", "сентябре", "октябре", "ноябре", "декабре",
)
RU_MONTHS_RIA = ("янв", "фев", "мар", "апр", "мая", "июн", "июл", "авг", "сен", "окт", "ноя", "дек")
#: Weekdays after ``в``/``во`` (Monday first, as ``date.weekday()``).
RU_WEEKDAYS_ACC = (
    "в понедельник", "во вторник", "в среду", "в четверг", "в пятницу", "в субботу", "в воскресенье",
)
#: Reporting verbs: (masculine, feminine).
RU_VERBS: tuple[tuple[str, str], ...] = (
    ("сообщил", "сообщила"),
    ("заявил", "заявила"),
    ("сказал", "сказала"),
    ("отметил", "отметила"),
    ("подчеркнул", "подчеркнула"),
)
#: The site header and trailers of the Russian agencies' pages.
RU_TRAILERS = ("Подписывайтесь на ТАСС в Telegram", "Подписывайтесь на РИА Новости в Telegram")

# --- French --------------------------------------------------------------------------------

#: Cities (as written in a sentence; the dateline shouts them).
FR_CITIES: tuple[str, ...] = (
    "Paris", "Lyon", "Marseille", "Bordeaux", "Toulouse", "Lille", "Nantes", "Strasbourg",
    "Rennes", "Montpellier", "Genève", "Bruxelles", "Dakar", "Abidjan", "Montréal",
)
#: Countries: (with its article, after ``en``/``au``, after ``de``/``du``).
FR_COUNTRIES: tuple[tuple[str, str, str], ...] = (
    ("la France", "en France", "de France"),
    ("la Belgique", "en Belgique", "de Belgique"),
    ("la Suisse", "en Suisse", "de Suisse"),
    ("le Sénégal", "au Sénégal", "du Sénégal"),
    ("le Maroc", "au Maroc", "du Maroc"),
    ("le Canada", "au Canada", "du Canada"),
    ("la Tunisie", "en Tunisie", "de Tunisie"),
    ("le Mali", "au Mali", "du Mali"),
    ("l'Algérie", "en Algérie", "d'Algérie"),
    ("le Cameroun", "au Cameroun", "du Cameroun"),
)
#: Invented people: (first name, surname, "m" or "f").
FR_PEOPLE: tuple[tuple[str, str, str], ...] = (
    ("Claire", "Morel", "f"),
    ("Antoine", "Girard", "m"),
    ("Nadia", "Benali", "f"),
    ("Julien", "Lefort", "m"),
    ("Sophie", "Delmas", "f"),
    ("Mamadou", "Diallo", "m"),
    ("Isabelle", "Roussel", "f"),
    ("Thierry", "Vasseur", "m"),
    ("Aïcha", "Traoré", "f"),
    ("Olivier", "Marchand", "m"),
    ("Camille", "Fontaine", "f"),
    ("Karim", "Haddad", "m"),
)
#: Roles: (masculine, feminine), without the article.
FR_ROLES: tuple[tuple[str, str], ...] = (
    ("ministre de l'Économie", "ministre de l'Économie"),
    ("maire", "maire"),
    ("directeur du port autonome", "directrice du port autonome"),
    ("président de la région", "présidente de la région"),
    ("porte-parole du gouvernement", "porte-parole du gouvernement"),
    ("secrétaire général du syndicat", "secrétaire générale du syndicat"),
    ("économiste en chef de la banque centrale", "économiste en chef de la banque centrale"),
    ("ministre de la Santé", "ministre de la Santé"),
)
#: Bodies that publish figures.
FR_BODIES: tuple[str, ...] = (
    "l'Insee",
    "le ministère de l'Économie",
    "la Banque de France",
    "la préfecture",
    "l'office national des statistiques",
    "la chambre de commerce",
)
#: Topics: (subject, past participle up, past participle down, unit), agreeing in gender.
FR_TOPICS: tuple[tuple[str, str, str, str], ...] = (
    ("Les exportations de blé", "augmenté", "reculé", "tonnes de blé"),
    ("Le prix de l'électricité", "augmenté", "baissé", "mégawattheures"),
    ("La fréquentation des transports", "progressé", "reculé", "voyageurs par jour"),
    ("Les prises de pêche", "augmenté", "diminué", "tonnes de poisson"),
    ("La récolte de cacao", "progressé", "reculé", "tonnes de cacao"),
    ("Le nombre de touristes", "augmenté", "diminué", "visiteurs"),
    ("La production de cuivre", "progressé", "reculé", "tonnes de cuivre"),
    ("Les listes d'attente des hôpitaux", "augmenté", "diminué", "patients"),
)
FR_MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)
FR_WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
#: Reporting verbs (the past participle does not agree after ``avoir``).
FR_VERBS = ("a déclaré", "a indiqué", "a affirmé", "a précisé", "a expliqué")
