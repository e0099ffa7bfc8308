"""Make untrusted article text inert on a terminal.

Article text can carry ANSI escape sequences and other control characters (from a hostile page
or a broken conversion). Printed raw they can recolour the terminal, move the cursor or change
the window title, so every control character except newline and tab is shown as a visible
escape instead; bidirectional overrides are shown too, so text cannot pretend to be something
else on screen.
"""

from __future__ import annotations

import re

_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def inert(text: str) -> str:
    """Replace control characters by visible escapes.

    >>> inert("red \\x1b[31mtext\\x07")
    'red \\\\x1b[31mtext\\\\x07'
    """
    return _UNSAFE.sub(lambda match: _escape(match.group(0)), text)


def one_line(text: str) -> str:
    """Inert text on one line (newlines and tabs become spaces)."""
    return inert(" ".join(text.split()))


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
