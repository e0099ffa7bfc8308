"""Golden snippets: the exact passages and highlights searches showed when the snippet path was
made fast (recorded from the whole-sentence analyser, reviewed by eye), so a faster way of finding
the matched words must give the same output, character for character.

`[...]` marks a highlighted span. GOLDEN: the top three hits of a real search (the CLI, over the
five seeds) for every query form: words, inflected forms, compounds and their parts, hyphen
chains, phrases, umlaut and ss spellings, names, prefixes, field queries, exact words, NOT, OR,
filters, numbers. TRICKY_GOLDEN: `make_snippet` over one text full of edge cases (elliptical
conjuncts, first names before surnames, gender forms, soft hyphens, dates and numbers).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from archive.index.compile import compile_query
from archive.index.highlight import make_snippet
from archive.query.parser import parse
from conftest import Archive
from test_search_paths import TRICKY


GOLDEN = {
    'Musk': [
        ('002',
         'Tesla- und SpaceX-Gründer Elon [Musk] tummelt sich auf Clubhouse und versetzt die Community in Aufregung. Jetzt hat der Milliardär den russischen Präsidenten Putin zum Talk eingeladen. Aber warum? ¶ Elon [Musk] hat einen Account auf Clubhouse.…'),
        ('004',
         '…dass es zu juristischen Untersuchungen kommen könnte. ¶ [Musk] hat zusätzlichen Einfluss über X ¶ Wie weit der Einfluss von [Musk] reicht, zeigt ein weiteres Detail aus dem Bericht. Denn [Musk] besitzt neben den Satelliten auch eine Social Media…'),
        ('000',
         '…Mit dieser Frage hat sich Tesla- und SpaceX-Chef Elon [Musk] am Samstag an den offiziellen englischsprachigen Twitteraccount des Kremls gewandt, der »President of Russia« heißt. Milliärdär [Musk] will offenbar mit Wladimir Putin quatschen,…'),
    ],
    'Putin': [
        ('001',
         '…an einem Gespräch von Russlands Präsident Wladimir [Putin] mit Tesla- und SpaceX-Chef Elon Musk auf Clubhouse bekundet. [Putins] Sprecher Dmitri Peskow sprach von einem „sehr interessanten Vorschlag“ des Tesla-Chefs – schränkte zugleich aber…'),
        ('004',
         '…aus den USA, Europa und Russland. ¶ Elon Musk und Wladimir [Putin] sollen sich demnach über wirtschaftliche, geopolitische und persönliche Themen unterhalten haben. Besonders brisant ist der Bericht über die Bitte [Putins] an Musk, seine…'),
        ('000',
         'Was will Elon Musk mit Wladimir [Putin] besprechen? Und braucht es dafür die Trend-App Clubhouse? Die Anfrage für ein Treffen des Tesla-Chefs mit dem russischen Präsidenten wirft Fragen auf – auch im Kreml. ¶ »Möchten Sie sich mit mir auf…'),
    ],
    'Milliardär': [
        ('003',
         '…Nach Beginn des Krieges - und nicht zuvor, wie der Tech-[Milliardär] vor Monaten behauptete. ¶ Er ist weder Politiker noch Diplomat, trotzdem kann Elon Musk, der einer der reichsten Menschen der Welt ist, großen Einfluss ausüben - auch auf…'),
        ('000',
         '…des Kremls gewandt, der »President of Russia« heißt. [Milliärdär] Musk will offenbar mit Wladimir Putin quatschen, erfuhr die Welt so, in der Audio-only-App Clubhouse, die derzeit auch in Deutschland an Beliebtheit gewinnt. ¶ Worum es dabei…'),
        ('001',
         '…ist das neue soziale Netzwerk bei Prominenten und Tech-[Milliardären] wie Elon Musk, Facebook-Boss Mark Zuckerberg oder Ex-Microsoft-Chef Steve Ballmer populär. Und das sorgt natürlich für zusätzliches Interesse – an der Clubhouse-App…'),
    ],
    'Präsident': [
        ('001',
         '…ist nichts ist unmöglich: Der Tesla-Boss hat Russlands [Präsidenten] Wladimir Putin zu einem öffentlichen Clubhouse-Talk gebeten. Worum geht es? ¶ Palo Alto (Kalifornien) – Immer für eine Überraschung gut: Der für seine oft visionären und…'),
        ('004',
         '…Milliardär und Trump-Unterstützer Musk und der russische [Präsident] Putin regelmäßig gesprochen haben. Der Bericht löst Sorgen um die nationale Sicherheit aus. ¶ Der reichste Mann der Welt, dessen Satelliten in Kriegen eingesetzt werden und…'),
        ('002',
         '…in Aufregung. Jetzt hat der Milliardär den russischen [Präsidenten] Putin zum Talk eingeladen. Aber warum? ¶ Elon Musk hat einen Account auf Clubhouse. Jede:r, die sich in dem Audio-Network tummelt, weiß das. Denn Elon Musk gehört wie Mark…'),
    ],
    'Präsidenten': [
        ('001',
         '…ist nichts ist unmöglich: Der Tesla-Boss hat Russlands [Präsidenten] Wladimir Putin zu einem öffentlichen Clubhouse-Talk gebeten. Worum geht es? ¶ Palo Alto (Kalifornien) – Immer für eine Überraschung gut: Der für seine oft visionären und…'),
        ('002',
         '…in Aufregung. Jetzt hat der Milliardär den russischen [Präsidenten] Putin zum Talk eingeladen. Aber warum? ¶ Elon Musk hat einen Account auf Clubhouse. Jede:r, die sich in dem Audio-Network tummelt, weiß das. Denn Elon Musk gehört wie Mark…'),
        ('004',
         '…Milliardär und Trump-Unterstützer Musk und der russische [Präsident] Putin regelmäßig gesprochen haben. Der Bericht löst Sorgen um die nationale Sicherheit aus. ¶ Der reichste Mann der Welt, dessen Satelliten in Kriegen eingesetzt werden und…'),
    ],
    'Gesprächen': [
        ('003',
         '…Terminals aber offenbar nicht mehr bezahlen wollen. Bei [Gesprächen] über dieses Thema habe Musk dann auch dem Pentagon von seiner Unterhaltung mit Putin erzählt, so der "New Yorker". "Ich hatte ein tolles [Gespräch] mit Putin", soll Musk…'),
        ('001',
         '…zurück – Bordcomputer sind gefährlich) ¶ Elon Musk will [Spitzengespräch] mit Wladimir Putin: Kreml bekundet grundsätzliches Interesse ¶ Zur Überraschung vieler hat nun auch der Kreml grundsätzliches Interesse an einem [Gespräch] von Russlands…'),
        ('000',
         '…gewinnt. ¶ Worum es dabei gehen soll? Und warum das [Gespräch] ausgerechnet bei Clubhouse stattfinden sollte, wenn die zwei [Gesprächspartner] auch andere Kanäle nutzen könnten? Unklar. »Es wäre eine große Ehre, mit Ihnen zu sprechen«, schob…'),
    ],
    'Sorge': [
        ('004',
         '…Putin regelmäßig gesprochen haben. Der Bericht löst [Sorgen] um die nationale Sicherheit aus. ¶ Der reichste Mann der Welt, dessen Satelliten in Kriegen eingesetzt werden und dessen Unternehmen zahlreiche Verträge mit US-Behörden haben, soll…'),
    ],
    'Spitzengespräch': [
        ('001',
         '…zurück – Bordcomputer sind gefährlich) ¶ Elon Musk will [Spitzengespräch] mit Wladimir Putin: Kreml bekundet grundsätzliches Interesse ¶ Zur Überraschung vieler hat nun auch der Kreml grundsätzliches Interesse an einem [Gespräch] von Russlands…'),
    ],
    'Digitaltreffen': [
        ('000',
         '…es dafür die Trend-App Clubhouse? Die Anfrage für ein [Treffen] des Tesla-Chefs mit dem russischen Präsidenten wirft Fragen auf – auch im Kreml. ¶ »Möchten Sie sich mit mir auf Clubhouse unterhalten?« Mit dieser Frage hat sich Tesla- und…'),
    ],
    'Treffen': [
        ('000',
         '…es dafür die Trend-App Clubhouse? Die Anfrage für ein [Treffen] des Tesla-Chefs mit dem russischen Präsidenten wirft Fragen auf – auch im Kreml. ¶ »Möchten Sie sich mit mir auf Clubhouse unterhalten?« Mit dieser Frage hat sich Tesla- und…'),
        ('001',
         '…es: „Möchten sie mich für eine Unterhaltung auf Clubhouse [treffen]?“ Danach fügt Musk noch auf Russisch hinzu: „Es wäre mir eine große Ehre, mit Ihnen zu sprechen.“ Der Tweet wurde mehr als 178.000 Mal gelikt. (Tesla erzielt erstmals Gewinn…'),
    ],
    'Tesla-Chef': [
        ('001',
         '…einem Gespräch von Russlands Präsident Wladimir Putin mit [Tesla]- und SpaceX-[Chef] Elon Musk auf Clubhouse bekundet. Putins Sprecher Dmitri Peskow sprach von einem „sehr interessanten Vorschlag“ des [Tesla-Chefs] – schränkte zugleich aber ein,…'),
        ('000',
         '…die Trend-App Clubhouse? Die Anfrage für ein Treffen des [Tesla-Chefs] mit dem russischen Präsidenten wirft Fragen auf – auch im Kreml. ¶ »Möchten Sie sich mit mir auf Clubhouse unterhalten?« Mit dieser Frage hat sich [Tesla]- und SpaceX-[Chef]…'),
        ('003',
         '…wenn der Tech-Milliardär ein Gespräch mit dem Kreml-[Chef] Wladimir Putin führt. Dass genau das geschehen sein soll, schreibt nun das US-Magazin "New Yorker" und bezieht sich in einem Artikel vom Montag (21. August) auf den ehemaligen…'),
    ],
    'Kreml-Chef': [
        ('003',
         '…zu erfahren, wenn der Tech-Milliardär ein Gespräch mit dem [Kreml-Chef] Wladimir Putin führt. Dass genau das geschehen sein soll, schreibt nun das US-Magazin "New Yorker" und bezieht sich in einem Artikel vom Montag (21. August) auf den…'),
    ],
    'Kremlchef': [
        ('003',
         '…zu erfahren, wenn der Tech-Milliardär ein Gespräch mit dem [Kreml-Chef] Wladimir Putin führt. Dass genau das geschehen sein soll, schreibt nun das US-Magazin "New Yorker" und bezieht sich in einem Artikel vom Montag (21. August) auf den…'),
    ],
    'Chef': [
        ('000',
         '…Trend-App Clubhouse? Die Anfrage für ein Treffen des Tesla-[Chefs] mit dem russischen Präsidenten wirft Fragen auf – auch im Kreml. ¶ »Möchten Sie sich mit mir auf Clubhouse unterhalten?« Mit dieser Frage hat sich Tesla- und SpaceX-[Chef] Elon…'),
        ('001',
         '…Russlands Präsident Wladimir Putin mit Tesla- und SpaceX-[Chef] Elon Musk auf Clubhouse bekundet. Putins Sprecher Dmitri Peskow sprach von einem „sehr interessanten Vorschlag“ des Tesla-[Chefs] – schränkte zugleich aber ein, dass zunächst…'),
        ('003',
         '…wenn der Tech-Milliardär ein Gespräch mit dem Kreml-[Chef] Wladimir Putin führt. Dass genau das geschehen sein soll, schreibt nun das US-Magazin "New Yorker" und bezieht sich in einem Artikel vom Montag (21. August) auf den ehemaligen…'),
    ],
    'Gespräch': [
        ('000',
         '…gewinnt. ¶ Worum es dabei gehen soll? Und warum das [Gespräch] ausgerechnet bei Clubhouse stattfinden sollte, wenn die zwei [Gesprächspartner] auch andere Kanäle nutzen könnten? Unklar. »Es wäre eine große Ehre, mit Ihnen zu sprechen«, schob…'),
        ('001',
         '…zurück – Bordcomputer sind gefährlich) ¶ Elon Musk will [Spitzengespräch] mit Wladimir Putin: Kreml bekundet grundsätzliches Interesse ¶ Zur Überraschung vieler hat nun auch der Kreml grundsätzliches Interesse an einem [Gespräch] von Russlands…'),
        ('003',
         '…Terminals aber offenbar nicht mehr bezahlen wollen. Bei [Gesprächen] über dieses Thema habe Musk dann auch dem Pentagon von seiner Unterhaltung mit Putin erzählt, so der "New Yorker". "Ich hatte ein tolles [Gespräch] mit Putin", soll Musk…'),
    ],
    'Unterstützer': [
        ('004',
         'Seit 2022 sollen der Milliardär und Trump-[Unterstützer] Musk und der russische Präsident Putin regelmäßig gesprochen haben. Der Bericht löst Sorgen um die nationale Sicherheit aus. ¶ Der reichste Mann der Welt, dessen Satelliten in Kriegen…'),
    ],
    '"Elon Musk"': [
        ('001',
         '…so ungewöhnlich – nun fragt sich alle Welt: Worüber will [Musk] mit Putin sprechen? ([Elon] [Musk] will Tesla Roadster schweben lassen – mit Raketen-Technologie) ¶ [Elon] [Musk] scheint dem Trend zu folgen und das neue soziale Medium für sich zu…'),
        ('000',
         '…Mit dieser Frage hat sich Tesla- und SpaceX-Chef [Elon] [Musk] am Samstag an den offiziellen englischsprachigen Twitteraccount des Kremls gewandt, der »President of Russia« heißt. Milliärdär [Musk] will offenbar mit Wladimir Putin quatschen,…'),
        ('002',
         'Tesla- und SpaceX-Gründer [Elon] [Musk] tummelt sich auf Clubhouse und versetzt die Community in Aufregung. Jetzt hat der Milliardär den russischen Präsidenten Putin zum Talk eingeladen. Aber warum? ¶ [Elon] [Musk] hat einen Account auf Clubhouse.…'),
    ],
    '"russischen Präsidenten"': [
        ('002',
         '…diese Räume oft skurrile Formen an. ¶ Jetzt hat Musk den [russischen] [Präsidenten] Wladimir Putin zum Talk auf Clubhouse eingeladen. Via Twitter erging die Anfrage an den [russischen] Staatschef. Der äußerte sich zwar nicht direkt, doch der…'),
        ('001',
         '…auf Twitter das offizielle Kreml-Konto markiert und dem [russischen] [Präsidenten] Wladimir Putin offensiv ein Gesprächsangebot unterbreitet. Das Kuriose dabei: Der Gründer des kalifornischen E-Auto-Herstellers will mit dem Politiker chatten –…'),
        ('000',
         '…Die Anfrage für ein Treffen des Tesla-Chefs mit dem [russischen] [Präsidenten] wirft Fragen auf – auch im Kreml. ¶ »Möchten Sie sich mit mir auf Clubhouse unterhalten?« Mit dieser Frage hat sich Tesla- und SpaceX-Chef Elon Musk am Samstag an…'),
    ],
    '"Gespräch zwischen Putin und Musk"': [
        ('000',
         '…Russia« heißt. Milliärdär [Musk] will offenbar mit Wladimir [Putin] quatschen, erfuhr die Welt so, in der Audio-only-App Clubhouse, die derzeit auch in Deutschland an Beliebtheit gewinnt. ¶ Worum es dabei gehen soll? [Und] warum das [Gespräch]…'),
    ],
    'Praesident': [
        ('001',
         '…ist nichts ist unmöglich: Der Tesla-Boss hat Russlands [Präsidenten] Wladimir Putin zu einem öffentlichen Clubhouse-Talk gebeten. Worum geht es? ¶ Palo Alto (Kalifornien) – Immer für eine Überraschung gut: Der für seine oft visionären und…'),
        ('004',
         '…Milliardär und Trump-Unterstützer Musk und der russische [Präsident] Putin regelmäßig gesprochen haben. Der Bericht löst Sorgen um die nationale Sicherheit aus. ¶ Der reichste Mann der Welt, dessen Satelliten in Kriegen eingesetzt werden und…'),
        ('002',
         '…in Aufregung. Jetzt hat der Milliardär den russischen [Präsidenten] Putin zum Talk eingeladen. Aber warum? ¶ Elon Musk hat einen Account auf Clubhouse. Jede:r, die sich in dem Audio-Network tummelt, weiß das. Denn Elon Musk gehört wie Mark…'),
    ],
    'Gespraech': [
        ('000',
         '…gewinnt. ¶ Worum es dabei gehen soll? Und warum das [Gespräch] ausgerechnet bei Clubhouse stattfinden sollte, wenn die zwei [Gesprächspartner] auch andere Kanäle nutzen könnten? Unklar. »Es wäre eine große Ehre, mit Ihnen zu sprechen«, schob…'),
        ('001',
         '…zurück – Bordcomputer sind gefährlich) ¶ Elon Musk will [Spitzengespräch] mit Wladimir Putin: Kreml bekundet grundsätzliches Interesse ¶ Zur Überraschung vieler hat nun auch der Kreml grundsätzliches Interesse an einem [Gespräch] von Russlands…'),
        ('003',
         '…Terminals aber offenbar nicht mehr bezahlen wollen. Bei [Gesprächen] über dieses Thema habe Musk dann auch dem Pentagon von seiner Unterhaltung mit Putin erzählt, so der "New Yorker". "Ich hatte ein tolles [Gespräch] mit Putin", soll Musk…'),
    ],
    'Milliardaer': [
        ('003',
         '…Nach Beginn des Krieges - und nicht zuvor, wie der Tech-[Milliardär] vor Monaten behauptete. ¶ Er ist weder Politiker noch Diplomat, trotzdem kann Elon Musk, der einer der reichsten Menschen der Welt ist, großen Einfluss ausüben - auch auf…'),
        ('000',
         '…des Kremls gewandt, der »President of Russia« heißt. [Milliärdär] Musk will offenbar mit Wladimir Putin quatschen, erfuhr die Welt so, in der Audio-only-App Clubhouse, die derzeit auch in Deutschland an Beliebtheit gewinnt. ¶ Worum es dabei…'),
        ('001',
         '…ist das neue soziale Netzwerk bei Prominenten und Tech-[Milliardären] wie Elon Musk, Facebook-Boss Mark Zuckerberg oder Ex-Microsoft-Chef Steve Ballmer populär. Und das sorgt natürlich für zusätzliches Interesse – an der Clubhouse-App…'),
    ],
    'grosse': [
        ('000',
         '…auch andere Kanäle nutzen könnten? Unklar. »Es wäre eine [große] Ehre, mit Ihnen zu sprechen«, schob Musk auf Russisch nach. ¶ Sicher ist nur eines: Die Anfrage wurde wahrgenommen. Putins Sprecher Dmitri Peskow sprach am Montag von einem…'),
        ('001',
         '…fügt Musk noch auf Russisch hinzu: „Es wäre mir eine [große] Ehre, mit Ihnen zu sprechen.“ Der Tweet wurde mehr als 178.000 Mal gelikt. (Tesla erzielt erstmals Gewinn – aber nicht durch Autoverkäufe: So verdient Elon Musks Firma ihr Geld) ¶…'),
        ('004',
         '…Information" zurück. In den USA löst der Bericht jedoch [große] Besorgnis über die westliche Sicherheit aus - sowie die Macht und den Einfluss des Unternehmers auf die US-Regierung. ¶ Der US-Regierung sind die Berichte bekannt, der Sprecher…'),
    ],
    'Zuckerberg': [
        ('002',
         '…tummelt, weiß das. Denn Elon Musk gehört wie Mark [Zuckerberg] zu den Promis, die die Plattform regelmäßig zum Ausflippen bringen. Während sich deutsche bekannte Gesichter aus Sport, Kultur und Musik regelmäßig und ohne großes Aufsehen auf…'),
        ('000',
         '…Neben Elon Musk war beispielsweise auch Facebook-Chef Mark [Zuckerberg] schon bei Clubhouse online. ¶ Bislang ist die App ausschließlich für iOS-Geräte verfügbar. Nutzer mit Android-Smartphones bleiben außen vor, bis eine Android-Version…'),
        ('001',
         '…und Tech-Milliardären wie Elon Musk, Facebook-Boss Mark [Zuckerberg] oder Ex-Microsoft-Chef Steve Ballmer populär. Und das sorgt natürlich für zusätzliches Interesse – an der Clubhouse-App selbst, aber auch an den Charakterköpfen mit…'),
    ],
    'Wladimir Putin': [
        ('001',
         '…Interesse an einem Gespräch von Russlands Präsident [Wladimir] [Putin] mit Tesla- und SpaceX-Chef Elon Musk auf Clubhouse bekundet. [Putins] Sprecher Dmitri Peskow sprach von einem „sehr interessanten Vorschlag“ des Tesla-Chefs – schränkte…'),
        ('004',
         '…aus den USA, Europa und Russland. ¶ Elon Musk und [Wladimir] [Putin] sollen sich demnach über wirtschaftliche, geopolitische und persönliche Themen unterhalten haben. Besonders brisant ist der Bericht über die Bitte [Putins] an Musk, seine…'),
        ('000',
         'Was will Elon Musk mit [Wladimir] [Putin] besprechen? Und braucht es dafür die Trend-App Clubhouse? Die Anfrage für ein Treffen des Tesla-Chefs mit dem russischen Präsidenten wirft Fragen auf – auch im Kreml. ¶ »Möchten Sie sich mit mir auf…'),
    ],
    'Mark': [
        ('002',
         '…Audio-Network tummelt, weiß das. Denn Elon Musk gehört wie [Mark] Zuckerberg zu den Promis, die die Plattform regelmäßig zum Ausflippen bringen. Während sich deutsche bekannte Gesichter aus Sport, Kultur und Musik regelmäßig und ohne großes…'),
        ('000',
         '…Neben Elon Musk war beispielsweise auch Facebook-Chef [Mark] Zuckerberg schon bei Clubhouse online. ¶ Bislang ist die App ausschließlich für iOS-Geräte verfügbar. Nutzer mit Android-Smartphones bleiben außen vor, bis eine Android-Version…'),
        ('001',
         '…und Tech-Milliardären wie Elon Musk, Facebook-Boss [Mark] Zuckerberg oder Ex-Microsoft-Chef Steve Ballmer populär. Und das sorgt natürlich für zusätzliches Interesse – an der Clubhouse-App selbst, aber auch an den Charakterköpfen mit…'),
    ],
    'Milliard*': [
        ('001',
         '…ist das neue soziale Netzwerk bei Prominenten und Tech-[Milliardären] wie Elon Musk, Facebook-Boss Mark Zuckerberg oder Ex-Microsoft-Chef Steve Ballmer populär. Und das sorgt natürlich für zusätzliches Interesse – an der Clubhouse-App…'),
        ('003',
         '…Nach Beginn des Krieges - und nicht zuvor, wie der Tech-[Milliardär] vor Monaten behauptete. ¶ Er ist weder Politiker noch Diplomat, trotzdem kann Elon Musk, der einer der reichsten Menschen der Welt ist, großen Einfluss ausüben - auch auf…'),
        ('002',
         '…und versetzt die Community in Aufregung. Jetzt hat der [Milliardär] den russischen Präsidenten Putin zum Talk eingeladen. Aber warum? ¶ Elon Musk hat einen Account auf Clubhouse. Jede:r, die sich in dem Audio-Network tummelt, weiß das. Denn…'),
    ],
    'Club*': [
        ('000',
         '…Putin besprechen? Und braucht es dafür die Trend-App [Clubhouse]? Die Anfrage für ein Treffen des Tesla-Chefs mit dem russischen Präsidenten wirft Fragen auf – auch im Kreml. ¶ »Möchten Sie sich mit mir auf [Clubhouse] unterhalten?« Mit dieser…'),
        ('001',
         '…Russlands Präsidenten Wladimir Putin zu einem öffentlichen [Clubhouse-Talk] gebeten. Worum geht es? ¶ Palo Alto (Kalifornien) – Immer für eine Überraschung gut: Der für seine oft visionären und teilweise kuriosen Zukunftspläne bekannte…'),
        ('002',
         '…damit beschäftigen würden. Doch was bezweckt Musk damit? ¶ [Clubhouse] bietet eine unkomplizierte Umgebung ¶ In einem Artikel für The Verge analysiert Casey Newton den auftritt von Musk auf [Clubhouse] und erklärt, warum [Clubhouse] erfolgreich…'),
    ],
    'Präs*': [
        ('001',
         '…ist nichts ist unmöglich: Der Tesla-Boss hat Russlands [Präsidenten] Wladimir Putin zu einem öffentlichen Clubhouse-Talk gebeten. Worum geht es? ¶ Palo Alto (Kalifornien) – Immer für eine Überraschung gut: Der für seine oft visionären und…'),
        ('004',
         '…Unterstützer, Spender und Verteidiger des republikanischen [Präsidentschaftskandidaten] Donald Trump geworden ist. Durch seine Beziehungen zum Ex-[Präsidenten] hat sich Musk tief in die US-amerikanische Politik eingekauft. Trump hat ihm…'),
        ('002',
         '…in Aufregung. Jetzt hat der Milliardär den russischen [Präsidenten] Putin zum Talk eingeladen. Aber warum? ¶ Elon Musk hat einen Account auf Clubhouse. Jede:r, die sich in dem Audio-Network tummelt, weiß das. Denn Elon Musk gehört wie Mark…'),
    ],
    'title:Musk': [
        ('002',
         'Tesla- und SpaceX-Gründer Elon [Musk] tummelt sich auf Clubhouse und versetzt die Community in Aufregung. Jetzt hat der Milliardär den russischen Präsidenten Putin zum Talk eingeladen. Aber warum? ¶ Elon [Musk] hat einen Account auf Clubhouse.…'),
        ('004',
         '…dass es zu juristischen Untersuchungen kommen könnte. ¶ [Musk] hat zusätzlichen Einfluss über X ¶ Wie weit der Einfluss von [Musk] reicht, zeigt ein weiteres Detail aus dem Bericht. Denn [Musk] besitzt neben den Satelliten auch eine Social Media…'),
        ('000',
         '…Mit dieser Frage hat sich Tesla- und SpaceX-Chef Elon [Musk] am Samstag an den offiziellen englischsprachigen Twitteraccount des Kremls gewandt, der »President of Russia« heißt. Milliärdär [Musk] will offenbar mit Wladimir Putin quatschen,…'),
    ],
    'body:Clubhouse': [
        ('002',
         '…damit beschäftigen würden. Doch was bezweckt Musk damit? ¶ [Clubhouse] bietet eine unkomplizierte Umgebung ¶ In einem Artikel für The Verge analysiert Casey Newton den auftritt von Musk auf [Clubhouse] und erklärt, warum [Clubhouse] erfolgreich…'),
        ('000',
         '…Putin besprechen? Und braucht es dafür die Trend-App [Clubhouse]? Die Anfrage für ein Treffen des Tesla-Chefs mit dem russischen Präsidenten wirft Fragen auf – auch im Kreml. ¶ »Möchten Sie sich mit mir auf [Clubhouse] unterhalten?« Mit dieser…'),
        ('001',
         '…Russlands Präsidenten Wladimir Putin zu einem öffentlichen [Clubhouse]-Talk gebeten. Worum geht es? ¶ Palo Alto (Kalifornien) – Immer für eine Überraschung gut: Der für seine oft visionären und teilweise kuriosen Zukunftspläne bekannte…'),
    ],
    'teaser:Putin': [
        ('003',
         '…Musk dann auch dem Pentagon von seiner Unterhaltung mit [Putin] erzählt, so der "New Yorker". "Ich hatte ein tolles Gespräch mit [Putin]", soll Musk gegenüber einem hochrangigen Verteidigungsbeamten erwähnt haben. Beim Pentagon sei man nicht…'),
        ('001',
         '…an einem Gespräch von Russlands Präsident Wladimir [Putin] mit Tesla- und SpaceX-Chef Elon Musk auf Clubhouse bekundet. [Putins] Sprecher Dmitri Peskow sprach von einem „sehr interessanten Vorschlag“ des Tesla-Chefs – schränkte zugleich aber…'),
        ('004',
         '…aus den USA, Europa und Russland. ¶ Elon Musk und Wladimir [Putin] sollen sich demnach über wirtschaftliche, geopolitische und persönliche Themen unterhalten haben. Besonders brisant ist der Bericht über die Bitte [Putins] an Musk, seine…'),
    ],
    '=Gespräch': [
        ('003',
         '…daran hat zu erfahren, wenn der Tech-Milliardär ein [Gespräch] mit dem Kreml-Chef Wladimir Putin führt. Dass genau das geschehen sein soll, schreibt nun das US-Magazin "New Yorker" und bezieht sich in einem Artikel vom Montag (21. August)…'),
        ('000',
         '…gewinnt. ¶ Worum es dabei gehen soll? Und warum das [Gespräch] ausgerechnet bei Clubhouse stattfinden sollte, wenn die zwei Gesprächspartner auch andere Kanäle nutzen könnten? Unklar. »Es wäre eine große Ehre, mit Ihnen zu sprechen«, schob…'),
        ('001',
         '…hat nun auch der Kreml grundsätzliches Interesse an einem [Gespräch] von Russlands Präsident Wladimir Putin mit Tesla- und SpaceX-Chef Elon Musk auf Clubhouse bekundet. Putins Sprecher Dmitri Peskow sprach von einem „sehr interessanten…'),
    ],
    '=Gespräche': [
        ('004',
         '…an den chinesischen Staatschef Xi Jinping. ¶ Angebliche [Gespräche] lösen Sorge um Sicherheit aus ¶ Während Musk bisher nicht auf den Bericht reagiert hat, kam aus dem Kreml in Moskau ein Dementi. Dmitri Peskow wies den Bericht als "absolut…'),
        ('001',
         '…Welt aufstieg, in jedem Fall. Haben doch mehrere Clubhouse-[Gespräche] in der jüngeren Vergangenheit unerwartete Wendungen genommen. Bedenkt man das Faible beider Persönlichkeiten für gezieltes Eigen-Marketing erscheint ein Zustandekommen…'),
    ],
    'Musk -Clubhouse': [
        ('004',
         '…dass es zu juristischen Untersuchungen kommen könnte. ¶ [Musk] hat zusätzlichen Einfluss über X ¶ Wie weit der Einfluss von [Musk] reicht, zeigt ein weiteres Detail aus dem Bericht. Denn [Musk] besitzt neben den Satelliten auch eine Social Media…'),
        ('003',
         '…Pentagon und dem Tesla-Chef um die Nutzung des von [Musks] Weltraumfirma SpaceX betriebenen Internet-Satellitensystems Starlink durch die ukrainischen Streitkräfte gegangen. ¶ [Musk] hatte zu Beginn des russischen Angriffskriegs der Ukraine…'),
    ],
    'Zuckerberg OR Pentagon': [
        ('003',
         '…auch auf Staatspräsidenten. Kein Wunder also, dass das US-[Pentagon] ein Interesse daran hat zu erfahren, wenn der Tech-Milliardär ein Gespräch mit dem Kreml-Chef Wladimir Putin führt. Dass genau das geschehen sein soll, schreibt nun das…'),
        ('002',
         '…tummelt, weiß das. Denn Elon Musk gehört wie Mark [Zuckerberg] zu den Promis, die die Plattform regelmäßig zum Ausflippen bringen. Während sich deutsche bekannte Gesichter aus Sport, Kultur und Musik regelmäßig und ohne großes Aufsehen auf…'),
        ('000',
         '…Neben Elon Musk war beispielsweise auch Facebook-Chef Mark [Zuckerberg] schon bei Clubhouse online. ¶ Bislang ist die App ausschließlich für iOS-Geräte verfügbar. Nutzer mit Android-Smartphones bleiben außen vor, bis eine Android-Version…'),
    ],
    'Musk year:2021': [
        ('002',
         'Tesla- und SpaceX-Gründer Elon [Musk] tummelt sich auf Clubhouse und versetzt die Community in Aufregung. Jetzt hat der Milliardär den russischen Präsidenten Putin zum Talk eingeladen. Aber warum? ¶ Elon [Musk] hat einen Account auf Clubhouse.…'),
        ('000',
         '…Mit dieser Frage hat sich Tesla- und SpaceX-Chef Elon [Musk] am Samstag an den offiziellen englischsprachigen Twitteraccount des Kremls gewandt, der »President of Russia« heißt. Milliärdär [Musk] will offenbar mit Wladimir Putin quatschen,…'),
        ('001',
         '…so ungewöhnlich – nun fragt sich alle Welt: Worüber will [Musk] mit Putin sprechen? (Elon [Musk] will Tesla Roadster schweben lassen – mit Raketen-Technologie) ¶ Elon [Musk] scheint dem Trend zu folgen und das neue soziale Medium für sich zu…'),
    ],
    'outlet:spiegel Putin': [
        ('000',
         'Was will Elon Musk mit Wladimir [Putin] besprechen? Und braucht es dafür die Trend-App Clubhouse? Die Anfrage für ein Treffen des Tesla-Chefs mit dem russischen Präsidenten wirft Fragen auf – auch im Kreml. ¶ »Möchten Sie sich mit mir auf…'),
    ],
    'Sprecher': [
        ('000',
         '…ist nur eines: Die Anfrage wurde wahrgenommen. Putins [Sprecher] Dmitri Peskow sprach am Montag von einem »sehr interessanten Vorschlag«. Er schränkte zugleich ein, dass zunächst klarer sein müsse, was genau Musk dabei vorschwebe. Erst dann…'),
        ('001',
         '…und SpaceX-Chef Elon Musk auf Clubhouse bekundet. Putins [Sprecher] Dmitri Peskow sprach von einem „sehr interessanten Vorschlag“ des Tesla-Chefs – schränkte zugleich aber ein, dass zunächst klarer werden müsse, was genau Elon Musk dabei…'),
        ('004',
         '…¶ Der US-Regierung sind die Berichte bekannt, der [Sprecher] des nationalen Sicherheitsrats im Weißen Haus, John Kirby, bestätigte sie am Freitag nicht. Robert Benson, Politikanalyst für nationale Sicherheit und internationale Politik beim…'),
    ],
    'Unterhaltungen': [
        ('000',
         '…– auch im Kreml. ¶ »Möchten Sie sich mit mir auf Clubhouse [unterhalten]?« Mit dieser Frage hat sich Tesla- und SpaceX-Chef Elon Musk am Samstag an den offiziellen englischsprachigen Twitteraccount des Kremls gewandt, der »President of…'),
        ('003',
         '…dieses Thema habe Musk dann auch dem Pentagon von seiner [Unterhaltung] mit Putin erzählt, so der "New Yorker". "Ich hatte ein tolles Gespräch mit Putin", soll Musk gegenüber einem hochrangigen Verteidigungsbeamten erwähnt haben. Beim…'),
        ('004',
         '…über wirtschaftliche, geopolitische und persönliche Themen [unterhalten] haben. Besonders brisant ist der Bericht über die Bitte Putins an Musk, seine Starlink-Satelliten nicht über Taiwan zu aktivieren, als Gefallen an den chinesischen…'),
    ],
    '2022': [
        ('003',
         '…war vor 18 Monaten", schrieb er in einem Tweet vom Oktober [2022]. Es sei dabei um Raumfahrt gegangen. ¶ Sollte das Gespräch mit Putin tatsächlich nach Beginn des Ukraine-Kriegs stattgefunden haben, wäre ein Detail besonders bemerkenswert:…'),
        ('004',
         'Seit [2022] sollen der Milliardär und Trump-Unterstützer Musk und der russische Präsident Putin regelmäßig gesprochen haben. Der Bericht löst Sorgen um die nationale Sicherheit aus. ¶ Der reichste Mann der Welt, dessen Satelliten in Kriegen…'),
    ],
    'Twitter Kreml': [
        ('000',
         '…Elon Musk am Samstag an den offiziellen englischsprachigen [Twitteraccount] des [Kremls] gewandt, der »President of Russia« heißt. Milliärdär Musk will offenbar mit Wladimir Putin quatschen, erfuhr die Welt so, in der Audio-only-App Clubhouse,…'),
        ('001',
         '…bekannte Tesla-CEO und SpaceX-Chef Elon Musk hat auf [Twitter] das offizielle [Kreml]-Konto markiert und dem russischen Präsidenten Wladimir Putin offensiv ein Gesprächsangebot unterbreitet. Das Kuriose dabei: Der Gründer des kalifornischen…'),
        ('004',
         '…bisher nicht auf den Bericht reagiert hat, kam aus dem [Kreml] in Moskau ein Dementi. Dmitri Peskow wies den Bericht als "absolut verlogene Information" zurück. In den USA löst der Bericht jedoch große Besorgnis über die westliche Sicherheit…'),
    ],
    'Wahlkampf Trump': [
        ('004',
         '…Laune abgeschaltet werden kann, hat das ernste Folgen. ¶ [Trump] hat Musk Posten in Regierung versprochen ¶ Hinzu kommt, dass Musk im aktuellen US-[Wahlkampf] zum großer Unterstützer, Spender und Verteidiger des republikanischen…'),
    ],
    'Elon': [
        ('002',
         'Tesla- und SpaceX-Gründer [Elon] Musk tummelt sich auf Clubhouse und versetzt die Community in Aufregung. Jetzt hat der Milliardär den russischen Präsidenten Putin zum Talk eingeladen. Aber warum? ¶ [Elon] Musk hat einen Account auf Clubhouse.…'),
        ('001',
         '…sich alle Welt: Worüber will Musk mit Putin sprechen? ([Elon] Musk will Tesla Roadster schweben lassen – mit Raketen-Technologie) ¶ [Elon] Musk scheint dem Trend zu folgen und das neue soziale Medium für sich zu entdecken. Für einen…'),
        ('004',
         '…Regierungsbeamte aus den USA, Europa und Russland. ¶ [Elon] Musk und Wladimir Putin sollen sich demnach über wirtschaftliche, geopolitische und persönliche Themen unterhalten haben. Besonders brisant ist der Bericht über die Bitte Putins an…'),
    ],
    'xyzzy': [
    ],
}


TRICKY_GOLDEN = {
    'Staatschefs':
        'Die [Staats]- und [Regierungschefs] trafen sich. Die [Staats]- bzw. [Regierungschefs] auch. Er traf Mark. Zuckerberg sprach danach. Klaus Gottwald und Karl. Lauterbach! Die Wähler:innen, WählerInnen und Bürger/-innen. Die Buerger der Straße und…',
    'Regierungschef':
        'Die [Staats]- und [Regierungschefs] trafen sich. Die [Staats]- bzw. [Regierungschefs] auch. Er traf Mark. Zuckerberg sprach danach. Klaus Gottwald und Karl. Lauterbach! Die Wähler:innen, WählerInnen und Bürger/-innen. Die Buerger der Straße und…',
    'Zuckerberg':
        '…sich. Die Staats- bzw. Regierungschefs auch. Er traf Mark. [Zuckerberg] sprach danach. Klaus Gottwald und Karl. Lauterbach! Die Wähler:innen, WählerInnen und Bürger/-innen. Die Buerger der Straße und Strasse. Ein Ge\xadspräch über…',
    'Lauterbach':
        '…Mark. Zuckerberg sprach danach. Klaus Gottwald und Karl. [Lauterbach]! Die Wähler:innen, WählerInnen und Bürger/-innen. Die Buerger der Straße und Strasse. Ein Ge\xadspräch über Satellitensysteme. Oekonomen und Ökonomen? Kreml-Chef Putin. Am…',
    'Gottwald':
        '…auch. Er traf Mark. Zuckerberg sprach danach. Klaus [Gottwald] und Karl. Lauterbach! Die Wähler:innen, WählerInnen und Bürger/-innen. Die Buerger der Straße und Strasse. Ein Ge\xadspräch über Satellitensysteme. Oekonomen und Ökonomen?…',
    'Wähler':
        '…sprach danach. Klaus Gottwald und Karl. Lauterbach! Die [Wähler:innen], [WählerInnen] und Bürger/-innen. Die Buerger der Straße und Strasse. Ein Ge\xadspräch über Satellitensysteme. Oekonomen und Ökonomen? Kreml-Chef Putin. Am 25.10.2024 kamen…',
    'Wählerinnen':
        '…sprach danach. Klaus Gottwald und Karl. Lauterbach! Die [Wähler:innen], [WählerInnen] und Bürger/-innen. Die Buerger der Straße und Strasse. Ein Ge\xadspräch über Satellitensysteme. Oekonomen und Ökonomen? Kreml-Chef Putin. Am 25.10.2024 kamen…',
    'Bürgerinnen':
        '…und Karl. Lauterbach! Die Wähler:innen, WählerInnen und [Bürger/-innen]. Die [Buerger] der Straße und Strasse. Ein Ge\xadspräch über Satellitensysteme. Oekonomen und Ökonomen? Kreml-Chef Putin. Am 25.10.2024 kamen 178.000 Menschen, 3,5 Prozent.…',
    'Bürger':
        '…und Karl. Lauterbach! Die Wähler:innen, WählerInnen und [Bürger/-innen]. Die [Buerger] der Straße und Strasse. Ein Ge\xadspräch über Satellitensysteme. Oekonomen und Ökonomen? Kreml-Chef Putin. Am 25.10.2024 kamen 178.000 Menschen, 3,5 Prozent.…',
    'Straße':
        '…WählerInnen und Bürger/-innen. Die Buerger der [Straße] und [Strasse]. Ein Ge\xadspräch über Satellitensysteme. Oekonomen und Ökonomen? Kreml-Chef Putin. Am 25.10.2024 kamen 178.000 Menschen, 3,5 Prozent. Trumps Autos. Feuer und Steuer. ¶ Ein…',
    'Gespräch':
        '…und Bürger/-innen. Die Buerger der Straße und Strasse. Ein [Ge\xadspräch] über Satellitensysteme. Oekonomen und Ökonomen? Kreml-Chef Putin. Am 25.10.2024 kamen 178.000 Menschen, 3,5 Prozent. Trumps Autos. Feuer und Steuer. ¶ Ein neuer Absatz.…',
    'Satellit':
        '…Die Buerger der Straße und Strasse. Ein Ge\xadspräch über [Satellitensysteme]. Oekonomen und Ökonomen? Kreml-Chef Putin. Am 25.10.2024 kamen 178.000 Menschen, 3,5 Prozent. Trumps Autos. Feuer und Steuer. ¶ Ein neuer Absatz. Die…',
    'System':
        '…Die Buerger der Straße und Strasse. Ein Ge\xadspräch über [Satellitensysteme]. Oekonomen und Ökonomen? Kreml-Chef Putin. Am 25.10.2024 kamen 178.000 Menschen, 3,5 Prozent. Trumps Autos. Feuer und Steuer. ¶ Ein neuer Absatz. Die…',
    'Ökonom':
        '…Straße und Strasse. Ein Ge\xadspräch über Satellitensysteme. [Oekonomen] und [Ökonomen]? Kreml-Chef Putin. Am 25.10.2024 kamen 178.000 Menschen, 3,5 Prozent. Trumps Autos. Feuer und Steuer. ¶ Ein neuer Absatz. Die Spitzengespraeche begannen.…',
    'Kremlchef':
        'Die [Staats]- und [Regierungschefs] trafen sich. Die [Staats]- bzw. [Regierungschefs] auch. Er traf Mark. Zuckerberg sprach danach. Klaus Gottwald und Karl. Lauterbach! Die Wähler:innen, WählerInnen und Bürger/-innen. Die Buerger der Straße und…',
    'Kreml-Chef':
        'Die [Staats]- und [Regierungschefs] trafen sich. Die [Staats]- bzw. [Regierungschefs] auch. Er traf Mark. Zuckerberg sprach danach. Klaus Gottwald und Karl. Lauterbach! Die Wähler:innen, WählerInnen und Bürger/-innen. Die Buerger der Straße und…',
    'Chef':
        'Die [Staats]- und [Regierungschefs] trafen sich. Die [Staats]- bzw. [Regierungschefs] auch. Er traf Mark. Zuckerberg sprach danach. Klaus Gottwald und Karl. Lauterbach! Die Wähler:innen, WählerInnen und Bürger/-innen. Die Buerger der Straße und…',
    '2024':
        '…Oekonomen und Ökonomen? Kreml-Chef Putin. Am [25.10.2024] kamen 178.000 Menschen, 3,5 Prozent. Trumps Autos. Feuer und Steuer. ¶ Ein neuer Absatz. Die Spitzengespraeche begannen. Schulbuchs und Schulbücher. Die Rate der Raten. Zinsen, Zins.…',
    '178000':
        '…und Ökonomen? Kreml-Chef Putin. Am 25.10.2024 kamen [178.000] Menschen, 3,5 Prozent. Trumps Autos. Feuer und Steuer. ¶ Ein neuer Absatz. Die Spitzengespraeche begannen. Schulbuchs und Schulbücher. Die Rate der Raten. Zinsen, Zins.…',
    '25.10.2024':
        '…Oekonomen und Ökonomen? Kreml-Chef Putin. Am [25.10.2024] kamen 178.000 Menschen, 3,5 Prozent. Trumps Autos. Feuer und Steuer. ¶ Ein neuer Absatz. Die Spitzengespraeche begannen. Schulbuchs und Schulbücher. Die Rate der Raten. Zinsen, Zins.…',
    '3,5':
        '…Kreml-Chef Putin. Am 25.10.2024 kamen 178.000 Menschen, [3,5] Prozent. Trumps Autos. Feuer und Steuer. ¶ Ein neuer Absatz. Die Spitzengespraeche begannen. Schulbuchs und Schulbücher. Die Rate der Raten. Zinsen, Zins. Ergebnisse… Café Zürich.…',
    'Trump':
        '…Putin. Am 25.10.2024 kamen 178.000 Menschen, 3,5 Prozent. [Trumps] Autos. Feuer und Steuer. ¶ Ein neuer Absatz. Die Spitzengespraeche begannen. Schulbuchs und Schulbücher. Die Rate der Raten. Zinsen, Zins. Ergebnisse… Café Zürich. Ende.',
    'Auto':
        '…Am 25.10.2024 kamen 178.000 Menschen, 3,5 Prozent. Trumps [Autos]. Feuer und Steuer. ¶ Ein neuer Absatz. Die Spitzengespraeche begannen. Schulbuchs und Schulbücher. Die Rate der Raten. Zinsen, Zins. Ergebnisse… Café Zürich. Ende.',
    'Feuer':
        '…kamen 178.000 Menschen, 3,5 Prozent. Trumps Autos. [Feuer] und Steuer. ¶ Ein neuer Absatz. Die Spitzengespraeche begannen. Schulbuchs und Schulbücher. Die Rate der Raten. Zinsen, Zins. Ergebnisse… Café Zürich. Ende.',
    'Steuer':
        '…178.000 Menschen, 3,5 Prozent. Trumps Autos. Feuer und [Steuer]. ¶ Ein neuer Absatz. Die Spitzengespraeche begannen. Schulbuchs und Schulbücher. Die Rate der Raten. Zinsen, Zins. Ergebnisse… Café Zürich. Ende.',
    'Spitzengespräch':
        '…und Bürger/-innen. Die Buerger der Straße und Strasse. Ein [Ge\xadspräch] über Satellitensysteme. Oekonomen und Ökonomen? Kreml-Chef Putin. Am 25.10.2024 kamen 178.000 Menschen, 3,5 Prozent. Trumps Autos. Feuer und Steuer. ¶ Ein neuer Absatz.…',
    'Gespräche':
        '…und Bürger/-innen. Die Buerger der Straße und Strasse. Ein [Ge\xadspräch] über Satellitensysteme. Oekonomen und Ökonomen? Kreml-Chef Putin. Am 25.10.2024 kamen 178.000 Menschen, 3,5 Prozent. Trumps Autos. Feuer und Steuer. ¶ Ein neuer Absatz.…',
    'Schule':
        '…¶ Ein neuer Absatz. Die Spitzengespraeche begannen. [Schulbuchs] und [Schulbücher]. Die Rate der Raten. Zinsen, Zins. Ergebnisse… Café Zürich. Ende.',
    'Buch':
        '…¶ Ein neuer Absatz. Die Spitzengespraeche begannen. [Schulbuchs] und [Schulbücher]. Die Rate der Raten. Zinsen, Zins. Ergebnisse… Café Zürich. Ende.',
    'Rate':
        '…begannen. Schulbuchs und Schulbücher. Die [Rate] der [Raten]. Zinsen, Zins. Ergebnisse… Café Zürich. Ende.',
    'Zins':
        '…begannen. Schulbuchs und Schulbücher. Die Rate der Raten. [Zinsen], [Zins]. Ergebnisse… Café Zürich. Ende.',
    'Ergebnis':
        '…und Schulbücher. Die Rate der Raten. Zinsen, Zins. [Ergebnisse]… Café Zürich. Ende.',
    'Cafe':
        'Die Staats- und Regierungschefs trafen sich. Die Staats- bzw. Regierungschefs auch. Er traf Mark. Zuckerberg sprach danach. Klaus Gottwald und Karl. Lauterbach! Die Wähler:innen, WählerInnen und Bürger/-innen. Die Buerger der Straße und…',
    'Zurich':
        '…Die Rate der Raten. Zinsen, Zins. Ergebnisse… Café [Zürich]. Ende.',
    '"Kreml-Chef Putin"':
        '…Ge\xadspräch über Satellitensysteme. Oekonomen und Ökonomen? [Kreml]-[Chef] [Putin]. Am 25.10.2024 kamen 178.000 Menschen, 3,5 Prozent. Trumps Autos. Feuer und Steuer. ¶ Ein neuer Absatz. Die Spitzengespraeche begannen. Schulbuchs und Schulbücher.…',
    '"neuer Absatz"':
        '…3,5 Prozent. Trumps Autos. Feuer und Steuer. ¶ Ein [neuer] [Absatz]. Die Spitzengespraeche begannen. Schulbuchs und Schulbücher. Die Rate der Raten. Zinsen, Zins. Ergebnisse… Café Zürich. Ende.',
    'Sat*':
        '…Die Buerger der Straße und Strasse. Ein Ge\xadspräch über [Satellitensysteme]. Oekonomen und Ökonomen? Kreml-Chef Putin. Am 25.10.2024 kamen 178.000 Menschen, 3,5 Prozent. Trumps Autos. Feuer und Steuer. ¶ Ein neuer Absatz. Die…',
    'Bür*':
        '…und Karl. Lauterbach! Die Wähler:innen, WählerInnen und [Bürger/-innen]. Die [Buerger] der Straße und Strasse. Ein Ge\xadspräch über Satellitensysteme. Oekonomen und Ökonomen? Kreml-Chef Putin. Am 25.10.2024 kamen 178.000 Menschen, 3,5 Prozent.…',
    '=Strasse':
        '…WählerInnen und Bürger/-innen. Die Buerger der [Straße] und [Strasse]. Ein Ge\xadspräch über Satellitensysteme. Oekonomen und Ökonomen? Kreml-Chef Putin. Am 25.10.2024 kamen 178.000 Menschen, 3,5 Prozent. Trumps Autos. Feuer und Steuer. ¶ Ein…',
    'Staats*':
        'Die [Staats]- und Regierungschefs trafen sich. Die [Staats]- bzw. Regierungschefs auch. Er traf Mark. Zuckerberg sprach danach. Klaus Gottwald und Karl. Lauterbach! Die Wähler:innen, WählerInnen und Bürger/-innen. Die Buerger der Straße und…',
    'Regierungs*':
        'Die Staats- und [Regierungschefs] trafen sich. Die Staats- bzw. [Regierungschefs] auch. Er traf Mark. Zuckerberg sprach danach. Klaus Gottwald und Karl. Lauterbach! Die Wähler:innen, WählerInnen und Bürger/-innen. Die Buerger der Straße und…',
    'Schul*':
        '…¶ Ein neuer Absatz. Die Spitzengespraeche begannen. [Schulbuchs] und [Schulbücher]. Die Rate der Raten. Zinsen, Zins. Ergebnisse… Café Zürich. Ende.',
    'Mark':
        '…sich. Die Staats- bzw. Regierungschefs auch. Er traf [Mark]. Zuckerberg sprach danach. Klaus Gottwald und Karl. Lauterbach! Die Wähler:innen, WählerInnen und Bürger/-innen. Die Buerger der Straße und Strasse. Ein Ge\xadspräch über…',
    'Karl':
        '…Er traf Mark. Zuckerberg sprach danach. Klaus Gottwald und [Karl]. Lauterbach! Die Wähler:innen, WählerInnen und Bürger/-innen. Die Buerger der Straße und Strasse. Ein Ge\xadspräch über Satellitensysteme. Oekonomen und Ökonomen? Kreml-Chef…',
}


def marked(text: str, highlights: list[tuple[int, int]] | tuple[tuple[int, int], ...]) -> str:
    """The snippet with each highlighted span in brackets."""
    out, last = [], 0
    for start, end in highlights:
        out.append(text[last:start] + "[" + text[start:end] + "]")
        last = end
    return "".join(out) + text[last:]


@pytest.fixture(scope="module")
def golden_archive(seeded_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Archive:
    """One copy of the seeded archive for the whole table (searches may write caches)."""
    home = tmp_path_factory.mktemp("golden") / "home"
    shutil.copytree(seeded_template, home)
    return Archive(home)


@pytest.mark.parametrize("query", list(GOLDEN))
def test_search_snippets_are_the_recorded_ones(golden_archive: Archive, query: str) -> None:
    document = json.loads(golden_archive.ok("search", query, "--format", "json", "--limit", "3")
                          .stdout)
    found = [(Path(hit["source"]).name[:3], marked(hit["snippet"], hit["highlights"]))
             for hit in document["hits"]]
    assert found == GOLDEN[query]


@pytest.mark.parametrize("query", list(TRICKY_GOLDEN))
def test_snippets_of_tricky_text_are_the_recorded_ones(query: str) -> None:
    snippet = make_snippet(TRICKY, compile_query(parse(query), query).highlight)
    assert marked(snippet.text, snippet.highlights) == TRICKY_GOLDEN[query]
