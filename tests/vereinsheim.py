"""A short local report in the layout of a plain copy: the body the plain-copy tests put
bylines, date lines and credits around."""

TITLE = "Neues Vereinsheim eröffnet"
BODY = ("Der Verein hat am Wochenende sein neues Vereinsheim am Stadtrand eröffnet. Mehr als zweihundert Gäste"
        " kamen zur Feier, darunter der Bürgermeister und Vertreter der Nachbarvereine.\n\n"
        "Der Bau hat knapp zwei Jahre gedauert und wurde zu einem großen Teil von den Mitgliedern selbst"
        " gestemmt. Fast jedes Wochenende waren Freiwillige auf der Baustelle.\n\n"
        "Im neuen Haus gibt es einen Saal für Versammlungen, eine Küche und Umkleiden für die"
        " Jugendmannschaften, die bisher in Containern untergebracht waren.\n")
