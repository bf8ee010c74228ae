"""The words and names synthetic stories are made of (``synthetic``): a news vocabulary,
invented people, real places and agencies, the dates and verbs of quotes. Invented text:
nothing here is copied from an article."""

from __future__ import annotations

from storywire.flows.bench.inputs import _FIRST, _LAST

#: The words of a body, most common first in no particular order (drawn Zipf-like).
VOCABULARY = """
the of and to in a said on for that with by at from
as is was will it its be has have had government minister president officials
police court election vote parliament party leader economy market prices inflation bank rates growth
trade exports imports oil gas energy power grain wheat coffee copper fishing tourism hotel
port ship shipment cargo rail bus airport company shares investors profit revenue quarter year
month week day today yesterday tomorrow monday tuesday wednesday thursday friday saturday sunday january
february march april may june july august september october november december city capital region
province village border north south east west coast river mountain island country nation state
federal national local people workers union strike protest march crowd security army troops soldiers
peace talks deal agreement treaty summit meeting conference statement report survey figures data percent
million billion thousand hundred dozen several many few more less higher lower rose fell
increased decreased expected forecast plan budget spending tax debt loan fund aid support project
health hospital doctors patients school students teachers university water food farmers harvest rain drought
flood storm fire earthquake rescue damage homes roads bridge building construction new old first
last next previous former current public private foreign domestic international world european african asian
american agency spokesman spokeswoman director chief executive chairman committee commission council ministry office department
authority service network system law bill rule ruling judge trial case charges arrest prison
sentence appeal investigation evidence said told added according announced confirmed denied warned called urged
asked agreed rejected after before during while since until about over under between against
across around through would could should might must can may not no also but
or if than then when where which who whom
"""
FIRST = [
    *_FIRST,  # the bench stories' names, then more for a big warehouse
    "Samuel",
    "Grace",
    "Ivan",
    "Leila",
    "Marco",
    "Sofia",
    "Omar",
    "Hana",
    "Diego",
    "Elena",
    "Tariq",
    "Mei",
]
LAST = [
    *_LAST,  # the bench stories' names, then more for a big warehouse
    "Haddad",
    "Kowalski",
    "Moreno",
    "Petrov",
    "Okafor",
    "Lindqvist",
    "Herrera",
    "Sato",
    "Dlamini",
]
#: (place, ISO country, latitude, longitude, a gazetteer-like id).
PLACES = [
    ("Nairobi", "KE", -1.29, 36.82),
    ("Lima", "PE", -12.05, -77.04),
    ("Hanoi", "VN", 21.03, 105.85),
    ("Oslo", "NO", 59.91, 10.75),
    ("Accra", "GH", 5.56, -0.20),
    ("Quito", "EC", -0.23, -78.52),
    ("Riga", "LV", 56.95, 24.11),
    ("Manila", "PH", 14.60, 120.98),
    ("Tunis", "TN", 36.81, 10.18),
    ("Dhaka", "BD", 23.81, 90.41),
    ("Bogota", "CO", 4.71, -74.07),
    ("Tbilisi", "GE", 41.72, 44.79),
    ("Baku", "AZ", 40.41, 49.87),
    ("Santiago", "CL", -33.45, -70.67),
    ("Lisbon", "PT", 38.72, -9.14),
    ("Warsaw", "PL", 52.23, 21.01),
    ("Jakarta", "ID", -6.21, 106.85),
    ("Ankara", "TR", 39.93, 32.86),
    ("Canberra", "AU", -35.28, 149.13),
    ("Ottawa", "CA", 45.42, -75.70),
]
ORGS = [
    "Ministry of Finance",
    "National Statistics Office",
    "Central Bank",
    "World Bank",
    "International Monetary Fund",
    "European Commission",
    "State Railway Company",
    "National Electoral Commission",
    "Port Authority",
    "Energy Regulator",
    "Supreme Court",
    "Health Ministry",
    "United Nations",
    "Red Cross",
    "Chamber of Commerce",
    "Farmers Union",
]
OTHER = [
    ("NORP", "Kenyan"),
    ("NORP", "Peruvian"),
    ("CARDINAL", "three"),
    ("CARDINAL", "12"),
    ("MONEY", "$5 million"),
    ("PERCENT", "4 percent"),
    ("EVENT", "the summit"),
    ("DATE", "Monday"),
]
AGENCIES = ["Reuters", "AP", "AFP", "Xinhua", "dpa", "Kyodo", "UPI", "TASS"]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
#: (text, type, offset in days from the publication date or None, granularity).
TIMEXES = [
    ("Monday", "DATE", -2),
    ("last week", "DATE", -7),
    ("next month", "DATE", 30),
    ("yesterday", "DATE", -1),
    ("on Friday", "DATE", 3),
    ("this year", "DATE", 0),
    ("two years", "DURATION", None),
    ("three months", "DURATION", None),
    ("every week", "SET", None),
    ("9 a.m.", "TIME", 0),
]
VERBS = ["said", "told reporters", "added", "said in a statement", "warned"]
REJECT_REASONS = ["empty", "binary", "not_prose", "too_large"]
