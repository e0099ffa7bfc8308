"""Boxes inside an article's container that are no article text: teaser cards of other pages,
a picture's caption box, the writer's box marked up as a person, a social network's embedded post.

Read by archive.sources.htmlbody while it walks the chosen container's blocks; the choice of the
container is made before, on the whole tree.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag

from archive.sources.htmlcontainer import body_marked
from archive.sources.htmllede import clean_text as _clean
from archive.sources.htmlwalk import descendant_tags, has_any, strings_of, tags_in, text_of

# Elements that make a block of their own (a link holding one is a card, not a link in a line).
BLOCK_TAGS = frozenset({"p", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "li", "dd", "dt", "td", "th",
                        "div", "section", "article", "main", "header", "ul", "ol", "dl", "table", "tbody",
                        "thead", "tr", "center", "font", "address", "details", "summary"})

HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_CARD_MAX = 600


def links_away(tag: Tag, text: str) -> bool:
    """Whether nearly all of a block's text links to another page: a heading that is a link is the
    title of another article ("<h2><a href='/other'>…</a></h2>" in a teaser), not a subheading; a
    jump mark ("<a href='#teil-2'>") is the page's own.

    >>> h = BeautifulSoup("<h2><a href='/andere-seite'>Ein anderer Artikel</a></h2>", "lxml").h2
    >>> links_away(h, "Ein anderer Artikel")
    True
    """
    if _in_link(tag):
        return bool(text)
    linked = sum(len(_clean(text_of(a, " "))) for a in descendant_tags(tag)
                 if a.get("href") is not None and not str(a.get("href") or "").startswith("#"))
    return bool(text) and linked >= 0.7 * len(text)


def _in_link(tag: Tag) -> bool:
    """Whether the element stands inside a link to another page (a card's "<a href><h3>")."""
    for parent in tag.parents:
        if not isinstance(parent, Tag) or parent.name in ("body", "html"):
            return False
        href = parent.get("href")
        if href is not None:
            return not str(href).startswith("#")
    return False


# The embed codes of social networks and of other blogs' posts: a post quoted as the network
# shows it ("A post shared by …", "Posted by SPÖ on Monday, …"), read after the container is chosen.
_EMBED = re.compile(r"^(?:twitter-tweet|instagram-media|fb-post|fb-xfbml-parse-ignore|tiktok-embed"
                    r"|wp-embedded-content|bluesky-embed|mastodon-embed)$", re.IGNORECASE)


def is_card(tag: Tag) -> bool:
    """A teaser card for another page: a short block whose text stands inside a link
    ("<a href><div>Titel</div><p>Anriss</p></a>"), or whose heading is a link to elsewhere
    ("<div><h3><a href>Titel</a></h3><p>Anriss …</p></div>"). The article's own text is longer,
    and its headings are no links.

    >>> soup = BeautifulSoup("<div><h3><a href='/b'>Ein anderer Artikel</a></h3><p>Kurzer Anriss.</p></div>", "lxml")
    >>> is_card(soup.div), is_card(soup.p)
    (True, False)
    """
    if any(_EMBED.match(token) for token in str(tag.get("class") or "").split()):
        return True
    if tag.name in HEADINGS or tag.name in ("p", "li", "td", "th", "dd", "dt", "blockquote", "pre"):
        return False
    text = _short_text(tag, _CARD_MAX)
    if not text:
        return False
    if tag.name == "a" or tag.get("href") is not None:
        return has_any(tag, BLOCK_TAGS)
    if _is_image_box(tag, text) or _is_person_box(tag):
        return True
    for heading in tags_in(tag, HEADINGS, limit=3):
        heading_text = _clean(text_of(heading, " "))
        # a title of three words or more: a forum post's heading links its writer's profile
        if len(heading_text.split()) >= 3 and links_away(heading, heading_text):
            return True
    return False


def _short_text(tag: Tag, limit: int) -> str | None:
    """The element's text when it is at most `limit` characters, else None. The walk stops once
    the words read pass the limit: the container's large blocks are asked too, at every level.

    >>> _short_text(BeautifulSoup("<div><p>Ein  kurzer</p><p>Text.</p></div>", "lxml").div, 40)
    'Ein kurzer Text.'
    """
    words = 0
    strings: list[str] = []
    for string in strings_of(tag):
        words += len(string.strip())
        if words > limit:
            return None
        strings.append(string)
    text = _clean(" ".join(strings))
    return text if len(text) <= limit else None


_CAPTION_MAX = 200
_FRAME_MAX = 80
_IMAGES = frozenset({"img", "picture"})


def _is_image_box(tag: Tag, text: str) -> bool:
    """A short box built around an image is the image with its caption and credit ("<div
    class='image-box'><a><img></a><p><span>Screenshot,Strava</span> Ob Supermarkt …</p></div>"):
    text of its own the article sets in paragraphs, not in the picture's frame.

    >>> soup = BeautifulSoup("<div><img src='a.jpg'><p>Der Blick über die Stadt.</p></div>", "lxml")
    >>> _is_image_box(soup.div, "Der Blick über die Stadt.")
    True
    """
    if len(text) > _CAPTION_MAX or tag.name in ("tr", "tbody", "thead", "table"):
        return False
    images = tags_in(tag, _IMAGES)
    if not images or all(_is_avatar(image) for image in images):
        return False  # a portrait thumbnail beside a name is a person's box ("Entwicklung dieses Rezeptes:")
    if any(body_marked(node) for node in descendant_tags(tag) if node.get("class") is not None):
        return False  # a content system's text-and-media block, its text marked as body text
    # a few words beside the picture are its frame, however marked up ("ERSCHIENEN IN" / a
    # magazine's name, a photo series' title); longer, one line of text: a heading or a second
    # paragraph make it text with an image in it
    return len(text) < _FRAME_MAX or (
        len(tags_in(tag, ("p", "li", "h2", "h3", "h4", "h5", "h6"), limit=2)) < 2 and not has_any(tag, HEADINGS))


def _is_avatar(image: Tag) -> bool:
    """A square thumbnail (width and height given, equal, at most 250 pixels): a person's portrait.

    >>> _is_avatar(BeautifulSoup("<img src='a.png' width='180' height='180'>", "lxml").img)
    True
    """
    width, height = str(image.get("width") or ""), str(image.get("height") or "")
    return width.isdigit() and width == height and int(width) <= 250


def _is_person_box(tag: Tag) -> bool:
    """A block marked up as a person (schema.org Person, the author's box under the post with
    the writer's bio) is no article text; the byline was read before the furniture went."""
    return "person" in str(tag.get("itemtype") or "").lower() or (
        tag.get("itemprop") == "author" and has_any(tag, ("p",)))
