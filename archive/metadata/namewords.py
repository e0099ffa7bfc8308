"""The word tables behind person names: particles, words no name holds, phrase openings,
organisation shapes, and the handles that are no one's.

Kept apart from the byline parsers in `authors` so each module stays readable; the tables are
German-first, with the English and French forms news pages print.
"""

from __future__ import annotations

import re

PARTICLES = frozenset({"von", "v.", "van", "vd.", "v.d.", "de", "der", "den", "zu", "zur", "vom", "di", "da", "del",
                      "della", "la", "le", "du", "ten", "ter", "al", "el", "bin", "ibn", "y", "dos",
                      "das", "af", "av", "op", "'t"})
# Words that make a "name" something else: teams, roles, organisations, places, page furniture,
# the labels of a details table ("Ort Saarbrücken", "Datum …").
NOT_NAME_WORDS = frozenset("""
redaktion redaktionen team teams agentur agenturen verlag online news nachrichten zeitung magazin
studio studios gmbh ag kg ev e.v. e.v verein stiftung institut presse pressestelle pressemitteilung
newsdesk ressort autor autorin autoren gast gastautor gastautorin und oder mit der die das den dem des ein
eine einer im in am an auf aus bei für fuer über ueber vor nach foto fotos bild bilder video grafik quelle
kommentar kommentare anzeige admin administrator webmaster editor staff support kontakt impressum
beitrag beiträge artikel ähnliche verwandte weitere neueste archiv blog forum person personen profil
washington berlin london paris moskau brüssel wien zürich new york hamburg münchen köln frankfurt
d.c. dc usa deutschland österreich schweiz montag dienstag mittwoch donnerstag freitag samstag sonntag
uhr minuten lesezeit aktualisiert erstellt veröffentlicht stand mehr alle weitere lesen teilen
experte expertin sprecher sprecherin korrespondent korrespondentin chefredakteur chefredakteurin
publisher herausgeber herausgeberin bildrechte bildnachweis aktuelles kirche partei fraktion verband
abteilung feuerwehr polizei verwaltung gemeinde landkreis sekretariat geschäftsstelle vorstand
paid content sponsored advertorial werbung namensnennung lizenz nutzung aktuelle
solutions consulting services group holding germany international initiative
politik wirtschaft sport kultur lokales panorama wissen wissenschaft digital meinung ausland inland gesellschaft
technik reise gesundheit finanzen karriere medien feuilleton regional region allgemein
uncategorized unterhaltung
ort datum thema themen rubrik kategorie kategorien hotel restaurant plus premium exklusiv abo
""".split())
# Words that close a name's shape but never stand in one: infinitives of page verbs ("Kommentieren",
# "Abonnieren", "Registrieren").
VERB_TOKEN = re.compile(r"\w{3,}ieren$")
# An organisation's name opens with an adjective no first name has ("Deutsches Rotes Kreuz",
# "Evangelische Kirche", "Deutscher Tennis Bund"); a surname may ("Hans Deutscher"), so only the
# first word counts.
ORGANISATION_OPENING = re.compile(
                                  r"^(?:deutsch|evangelisch|katholisch|christlich|österreichisch|schweizerisch|europäisch|international"
                                  r"|national|bayerisch|sächsisch|hessisch|allgemein|gemeinnützig|öffentlich|freiwillig|rot)(?:e|er|es|en)$")
# Words that open a phrase, never a name ("Ihr Warenkorb", "Zur Liste"); inside a name "zur" is a particle.
NOT_FIRST_WORDS = frozenset({"ihr", "ihre", "unser", "unsere", "mein", "meine", "dein", "deine", "zur", "zum",
                            "beim", "vom", "hoher", "hohe", "neue", "neuer", "neues", "nächster", "nächste",
                            "vorheriger", "vorherige", "letzter", "letzte", "älterer", "ältere", "neuerer", "neuere",
                            "weitere", "weiterer", "mehr", "alle", "zurück", "zu",
                            # greetings open a letter ("Liebe Leserinnen", "Liebe_r Besucher_in,"),
                            # superlatives a heading ("Beste Reisezeit")
                            "liebe", "lieber", "liebes", "liebe_r", "hallo", "hi", "hey", "servus", "moin",
                            "beste", "bester", "bestes", "sehr",
                            # a spa town's or a saint's place ("Bad Homburg", "Sankt Gallen")
                            "bad", "sankt",
                            # a participle labels a byline ("Bearbeitet von X", "Übersetzt von X")
                            "bearbeitet", "zusammengestellt", "aufgezeichnet", "verfasst", "erstellt",
                            "recherchiert", "übersetzt", "fotografiert", "illustriert", "gezeichnet",
                            "produziert", "moderiert", "redigiert"})
# An inflected adjective opens a heading ("Weltweite Strahlkraft", "Vergünstigter Zugang"), never a name.
ADJECTIVE = re.compile(r"\w(?:ig|isch|lich|weit|bar|sam|haft|los|voll|iert|stigt|end)(?:e|er|es|en)$")
# Compounds that end in an organisation's noun ("Weltredaktion", "Landesverband", "Bürgerstiftung"),
# or in a function's ("DITIB-Bundesvorsitzender", "Pressesprecherin"): the role a signature prints
# after the name when a <br> between them is read as a space, never a part of the name.
ORGANISATION_ENDING = re.compile(r"\w(?:redaktion|verband|verein|gesellschaft|ministerium|stiftung|fraktion"
                                 r"|kirche|partei|agentur|vorsitzende[rn]?|präsident(?:in)?|sprecher(?:in)?"
                                 r"|geschäftsführer(?:in)?|direktor(?:in)?)$")
# Parts of a compound that make it a desk or a team ("Online-Redaktion", "PETA-Team").
DESK_WORDS = frozenset({"redaktion", "team", "newsdesk", "desk", "online"})
DOMAIN = re.compile(r"\.(?:de|com|at|ch|net|org|info|eu|li|lu|it|io)$|^www\.|https?:")
NAME_TOKEN = re.compile(r"^(?:[A-ZÄÖÜÀ-ÞŁŠŽČ][\w'’\-]*|[A-ZÄÖÜ]\.(?:-[A-ZÄÖÜ]\.)?)$")
# "&" only between spaces: "W&V" is one name.
HANDLE = re.compile(r"^(?=(?:.*[^\W\d_]){2})[^\W_][\w.\-]{1,29}$")
NOT_HANDLES = frozenset({"admin", "wordpressadmin", "administrator", "root", "user", "guest", "gast", "editor",
                        "webmaster", "redaktion", "author", "autor", "autorin", "unknown", "anonymous",
                        "anonym", "team", "online", "support", "info", "presse", "by", "von", "teilen",
                        "share", "mehr", "profil", "kontakt", "home", "menu", "posts", "beiträge",
                        # a CMS's placeholder ("publisher"), a desk ("red"), Swiss photo credits
                        # ("zvg", zur Verfügung gestellt)
                        "publisher", "herausgeber", "red", "zvg", "bildrechte", "aktuelles"})
