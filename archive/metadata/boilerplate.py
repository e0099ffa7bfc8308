"""Lines that belong to the page, not to the article: navigation words, ad markers, embeds,
comment and recommendation headers, photo and video captions.

Kept as data (patterns) apart from the code that walks the lines, so adding a new trap is one line.
"""

from __future__ import annotations

import re

# Whole lines that are page furniture wherever they stand.
_NOISE_EXACT = frozenset(s.casefold() for s in """
Anzeige|Werbung|Kommentare|Kommentar schreiben|Auch interessant|Teilen|Drucken|Merken|Speichern
|Artikel teilen|Artikel merken|Artikel drucken|Artikel anhören|Vorlesen|Zur Startseite|Startseite
|Facebook|Twitter|X|WhatsApp|E-Mail|Mail|Telegram|LinkedIn|Xing|Pinterest|Instagram|Flipboard|Pocket
|Kopieren|Link kopieren|Teilen auf Facebook|Teilen auf Twitter|Newsletter|Jetzt abonnieren|Abonnieren
|Plus|Exklusiv|Paid Content|Sponsored|Gesponsert|Premium|Abo|Mehr|Weiterlesen|Weiter|Zurück
|Inhaltsverzeichnis|Inhalt|Bildergalerie|Galerie|Video|Audio|Podcast|Mehr zum Thema|Themen|Schlagworte
|Lesen Sie auch|Lesen Sie mehr|Das könnte Sie auch interessieren|Empfehlungen|Weitere Artikel
|Verwandte Artikel|Meistgelesen|Top-Themen|Live|Ticker|Liveblog|Schließen|Menü|Suche|Login|Anmelden
|Registrieren|Mein Konto|Kontakt|Impressum|Datenschutz|AGB|Cookie-Einstellungen|Nach oben|Top
|Quelle|Fotos|Foto|Bild|Bilder|Video abspielen|Play|Pause|Mehr anzeigen|Weniger anzeigen|Alle anzeigen
|Zum Artikel|Zum Video|Zur Bildergalerie|Hören|Lesezeit|Diskutieren Sie mit|Kommentieren|Zur Diskussion
|Zu den Kommentaren|Feedback|Fehler melden|Hinweis|Mehr Nachrichten|Nachrichten|News|Politik
|Wirtschaft|Sport|Kultur|Panorama|Wissen|Digital|Auto|Reise|Gesundheit|Regional|Lokales|Meinung
|Anzeigen|Stellenmarkt|Jobs|Immobilien|Traueranzeigen|Abonnement|E-Paper|ePaper|Shop|Service
|Weitere Themen|Quellenangaben
""".replace("\n", "").split("|"))

_NOISE_PREFIX = re.compile(
    r"^(?:Dieser Inhalt kann leider nicht dargestellt werden|Empfohlener (?:externer )?Inhalt"
    r"|An dieser Stelle (?:finden Sie|ist ein externer)|Externer Inhalt|Um diesen Inhalt zu sehen"
    r"|Wir benötigen Ihre Zustimmung|Mit Ihrer Zustimmung|Hier finden Sie|Lesen Sie auch\s*:"
    r"|Lesen Sie (?:hier|mehr|dazu)\s*:|Mehr dazu\s*:|Auch interessant\s*:|Zum Thema\s*:|Das könnte Sie"
    r"|Dieser Artikel (?:erschien|wurde) (?:zuerst|erstmals|automatisch)|\d+\s*Min(?:\.|uten)?\s+Lesezeit"
    r"|Lesezeit\s*:|Artikel anhören|Zum Anhören|Hören Sie|Teilen Sie|Folgen Sie uns|Jetzt (?:mehr )?lesen"
    r"|Jetzt abonnieren|Sie haben bereits ein|Melden Sie sich|Alle Rechte vorbehalten|Copyright \d{4}"
    r"|Mehr zum Thema\s*:|Bildunterschrift|Bildquelle\s*:|Fotostrecke|Bildergalerie\s*:|Video\s*:"
    r"|Quelle: (?:Youtube|Twitter|Instagram|Facebook|X)\b|Loading|Lade \w+|Wird geladen"
    # rating widgets, embed and privacy notices, affiliate disclosures, downloads, category lines
    r"|War (?:der|dieser) (?:Artikel|Beitrag) (?:nützlich|hilfreich)|Mit diesem Button kannst du"
    r"|Klicken Sie auf den (?:unteren )?Button, um den Inhalt|Wir respektieren (?:deine|Ihre) Privatsphäre"
    r"|Für Links auf dieser Seite erhält|Pressemitteilung als PDF|Kategorien?\s*:|Vorschau auf den nächsten Artikel"
    r"|Lesen Sie (?:das|die) \S+(?: \S+)? (?:Magazin|Zeitung)\s*[.:!]"
    # a list's pagination: "Es werden die Weine 1 bis 10 von insgesamt 19 angezeigt"
    r"|Es werden (?:die )?\S+ \d+ bis \d+ von (?:insgesamt )?\d+ angezeigt"
    # a cover photo's credit, a source or disclaimer line, appeals for support, an issue's advert
    r"|Titelbild\s*:|\(?Alle Angaben ohne Gewähr|Gefällt (?:dir|Ihnen) (?:unser|dieser|der) \S+\?"
    r"|Wenn Ihnen (?:unser|dieser|der) (?:Artikel|Beitrag) gefallen hat|If you enjoyed reading"
    r"|Dieser Text entspricht den Vorgaben|Die aktuelle Ausgabe (?:der|des) \S+ jetzt"
    r"|(?:Letzte Aktualisierung am \S+ / )?Bei den Verlinkungen handelt es sich um Affiliate"
    # a site's licence line: "Sofern nicht anders ausgewiesen, stehen Inhalte dieser Website unter CC-BY"
    r"|Suggested citation\b|Zitiervorschlag\b|Zitierweise\s*:"
    r"|Sofern nicht anders (?:ausgewiesen|angegeben|vermerkt|gekennzeichnet), (?:stehen|sind|steht|ist)"
    # a download link's file details: "Informationsschreiben vom 14. Oktober 2021PDF | 38 KB | …"
    r"|.{0,160}(?<![A-Za-z])(?:PDF|DOCX?|XLSX?|PPTX?|ZIP|ODT)\s*\|\s*\d+(?:[.,]\d+)?\s*[KMG]B\b)",
    re.IGNORECASE)

# A credit under an image: "Foto: STEVE NESIUS / REUTERS", "Quelle: AFP", "… © dpa/…".
_IMAGE_CREDIT = re.compile(
    r"^(?:Fotos?|Bild(?:er)?|Bildquelle|Grafik|Illustration|Quelle|Copyright|Credits?|Symbolbild"
    r"|Foto(?:s)?\s*/\s*Grafik)\s*:|©|\(c\)\s|\bFoto:\s*\S|\bImago\b|\bGetty Images\b|\bpicture alliance\b",
    re.IGNORECASE)
# A video teaser's caption ends with its date and running time: "…25.10.2024 | 1:43 min".
_VIDEO_STAMP = re.compile(r"\d{1,2}\.\d{1,2}\.\d{2,4}\s*\|\s*\d{1,3}:\d{2}(?::\d{2})?\s*min\.?\s*$")

# What a box of other pages offers: "Weitere Tourentipps", "Weitere Artikel", "Weitere Rezepte"
# ("Weitere Informationen" heads the article's own contacts and notes, "Weitere Themen" is a menu
# item the noise lines drop wherever it stands: not one of these)
_OTHER_PAGES = (r"(?:[Tt]ipps|[Aa]rtikel|[Bb]eiträge|[Nn]achrichten|[Mm]eldungen|News|[Bb]erichte|[Rr]atgeber"
                r"|[Tt]ests|[Vv]ideos|[Gg]eschichten|[Rr]eportagen|[Rr]ezepte|[Pp]rodukte|[Aa]ngebote|[Ss]tories)")

# After these the article is over: recommendations, comments, author boxes.
_END_OF_ARTICLE = re.compile(
    r"^(?:Auch interessant|Kommentare(?:\s*\(\d+\))?|Mehr zu(?:m Thema)?\b.*|Das könnte Sie auch interessieren"
    r"|Weitere Artikel|Verwandte Artikel|Mehr aus dem Ressort|Mehr Nachrichten|Meistgelesen|Top-Themen"
    r"|Zur Startseite|Über (?:den|die) Autor(?:in)?|Zur Person|Diskutieren Sie mit|Kommentieren"
    r"|Leserkommentare|\d+ Kommentare|Zu den Kommentaren|Alle Rechte vorbehalten.*|Newsletter.*"
    r"|Empfehlungen|Unsere Empfehlung(?:en)?|Lesen Sie mehr zum Thema|Schlagworte.*|Themen(?:\s*:.*)?"
    # a box of the site's other articles: "Mehr von 1000things" (a sentence goes on or ends in a stop)
    r"|Mehr von \S+"
    # boxes of other pages: "Weitere Tourentipps in Schweden", "Alle Nachrichten zum Naturschutz in
    # Bayern", "Empfehlungen aus dem … Shop"; a suggested citation closes a post
    r"|Weitere (?:[A-ZÄÖÜ]\w*-?)?" + _OTHER_PAGES + r"(?: (?:in|im|zu|zum|zur|aus|von|vom|der|des|für) [^.!?:]{1,40})?"
    r"|Alle (?:Nachrichten|Artikel|Beiträge|Meldungen|News)\b[^.!?]*|Empfehlungen aus\b[^.!?]*)$",
    re.IGNORECASE)


def is_noise(line: str) -> bool:
    """True for a line of page furniture: "Anzeige", "Kommentare", share buttons, embed notices.

    >>> is_noise("Anzeige"), is_noise("Dieser Inhalt kann leider nicht dargestellt werden. Sie finden ihn hier.")
    (True, True)
    >>> is_noise("Prominente mögen Clubhouse")
    False
    """
    text = line.strip()
    bare = text.strip("|•·-–—*>»« ")
    if not bare:
        return True
    # "- Anzeige -": a marker set between dashes is still the marker
    return bare.casefold().rstrip(":") in _NOISE_EXACT or bool(_NOISE_PREFIX.match(text))


# "Quelle: Landesregierung" closing a text: where it came from, a line of no sentence
_SOURCE_LINE = re.compile(r"^Quelle\s*:\s*\S.{0,80}$", re.IGNORECASE)


def is_source_line(line: str) -> bool:
    """True for a short "Quelle: …" line; callers read it as an agency credit first.

    >>> is_source_line("Quelle: Landesregierung"), is_source_line("Quelle der Mittel ist das Land.")
    (True, False)
    """
    return bool(_SOURCE_LINE.match(line.strip()))


def is_image_credit(line: str) -> bool:
    """True for a caption's credit line.

    >>> is_image_credit("Foto: STEVE NESIUS / REUTERS"), is_image_credit("Quelle: AFP")
    (True, True)
    """
    return bool(_IMAGE_CREDIT.search(line)) and len(line) < 400


# A photo caption ends in its credit: "… | © Stadt/Name", "… (Foto: Agentur)", "… (name / iStock.com)".
_CAPTION_CREDIT = re.compile(
    r"(?:\|\s*©[^|]{2,80}|©\s*[^©|.!?]{2,60}|\((?:Fotos?|Bild|Bilder)\s*:\s*[^()]{2,60}\)"
    r"|\([^()]{0,60}/\s*(?:iStock(?:\.com)?|Getty Images|imago(?: images)?|picture alliance|Shutterstock"
    r"|Adobe ?Stock|Fotolia(?:\.com)?)\))\s*$", re.IGNORECASE)
_CAPTION_MAX = 300
# A figure's caption: "Abbildung 4: klassische Schwachschicht. …"
_FIGURE = re.compile(r"^(?:Abbildung|Abb\.)(?:\s+\d+)?\s*:")


def is_caption(line: str) -> bool:
    """True for a photo caption that closes with its credit.

    >>> is_caption("Die Bürgermeisterin beim Eröffnen. | © Stadt/Max Muster"), is_caption("Der Weg. (Foto: Agentur)")
    (True, True)
    >>> is_caption("Das Zeichen © steht für das Urheberrecht, erklärte die Stadt.")
    False
    """
    text = line.strip()
    return len(text) < _CAPTION_MAX and bool(_CAPTION_CREDIT.search(text) or _FIGURE.match(text))


def is_video_caption(line: str) -> bool:
    """True for a video teaser's caption that ends in "date | running time".

    >>> is_video_caption("Der Tech-Milliardär unterstützt Trump.25.10.2024 | 1:43 min")
    True
    """
    return bool(_VIDEO_STAMP.search(line))


# "Diese Artikel könnten euch auch interessieren: <the first link's title>", the copy joining the
# box's heading to its first item
_MAY_INTEREST = re.compile(r"^(?:(?:Diese|Folgende|Weitere) (?:Artikel|Beiträge|Themen|Texte) könnten"
                           r"|Das könnte) (?:Sie|euch|dich|dir) auch interessieren\b", re.IGNORECASE)


def ends_article(line: str) -> bool:
    """True for a line after which only recommendations, comments or author boxes follow.

    >>> ends_article("Auch interessant"), ends_article("Mehr zu den Wahlen in den USA")
    (True, True)
    """
    text = line.strip()
    return (len(text) < 80 and bool(_END_OF_ARTICLE.match(text))) or (len(text) < 200 and bool(_MAY_INTEREST.match(text)))


# End markers that news sites also print inside the text, over a box of links ("Mehr zum Thema",
# a newsletter box): the article goes on below the box.
_INLINE_BOX = re.compile(r"^(?:Mehr zu(?:m Thema)?\b.*|Lesen Sie mehr zum Thema|Newsletter.*|Themen(?:\s*:.*)?"
                         r"|Auch interessant|Empfehlungen(?: aus\b.*)?|Weitere (?:[A-ZÄÖÜ]\w*-?)?" + _OTHER_PAGES + r"(?: .*)?"
                         r"|Alle (?:Nachrichten|Artikel|Beiträge|Meldungen|News)\b.*"
                         r"|Schlagworte.*|Weitere Artikel|Verwandte Artikel|Das könnte Sie auch interessieren)$",
                         re.IGNORECASE)
_LINK_ITEM = re.compile(r"^[●•►▶■▪→>*-]")
_SENTENCE_END = re.compile(r"[.!?…][\"“”»«')]?$")
_BOX_ITEMS_MAX = 8
_TEXT_AFTER_BOX = 300


def article_resumes(texts: list[str], index: int) -> int | None:
    """After the end marker at `index`: where the article's own text goes on, when the marker
    heads a box of links inside the text; None when only recommendations or comments follow.

    >>> article_resumes(["Erster Absatz.", "Mehr zum Thema", "● Ein Link", "Der Text geht weiter. " * 20], 1)
    3
    >>> article_resumes(["Erster Absatz.", "Mehr zum Thema", "Ein anderer Artikel", "Noch einer"], 1) is None
    True
    """
    if not (_INLINE_BOX.match(texts[index].strip()) or _MAY_INTEREST.match(texts[index].strip())):
        return None
    for start in range(index + 1, min(len(texts), index + 1 + _BOX_ITEMS_MAX)):
        text = texts[start].strip()
        if _LINK_ITEM.match(text) or is_noise(text) or not _SENTENCE_END.search(text):
            continue
        prose = 0
        for following in texts[start:]:
            if ends_article(following):
                break
            if _SENTENCE_END.search(following.strip()) and not _LINK_ITEM.match(following):
                prose += len(following)
        return start if prose >= _TEXT_AFTER_BOX else None
    return None
