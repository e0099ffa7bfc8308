"""Which element holds the article's text: paragraphs score their ancestors by length and commas,
the best-scoring container wins, widened over sibling blocks of the same text, or replaced by the
element the page marks as the article body when that holds most of the same text.

Used by archive.sources.htmlbody after page furniture is removed.
"""

from __future__ import annotations

import re

from bs4 import Comment, Tag

from archive.sources.htmllede import attribute_tokens
from archive.sources.htmllede import clean_text as _clean
from archive.sources.htmlwalk import descendant_tags, first_in, has_any, may_hold, tags_in, text_of

_BODY_WORDS = (r"article-?body|articlebody|story-?body|entry-?content|post-?content|article-?text|articletext"
               r"|article-?content|artikel-?text|artikeltext|text-?body|content-?body|post-?body|single-?content"
               r"|rte|richtext|article__body|article__content|td-post-content|post-?entry|blog-?content|news-?text"
               r"|bodytext|body-?text|main-?text|detail-?text|story-?content|text-?content")
BODY_MARK = re.compile(rf"(?:^|[-_])(?:{_BODY_WORDS})(?:$|[-_])", re.IGNORECASE)
# The same words anywhere in an element's class and id: without one, no token is a body mark (a
# test on the raw attributes, before they are split into tokens).
_BODY_WORD = re.compile(_BODY_WORDS, re.IGNORECASE)
# and one of these is in each of those words
_BODY_PARTS = ("body", "content", "text", "rte", "entry")


def body_marked(tag: Tag) -> bool:
    """Whether a class or id token of the element marks the article body ("article-body",
    "entry-content", "rte").

    >>> from bs4 import BeautifulSoup
    >>> body_marked(BeautifulSoup("<div class='x entry-content'></div>", "lxml").div)
    True
    """
    attrs = tag.attrs
    if "class" not in attrs and "id" not in attrs:
        return False
    names = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
    if not may_hold(names, _BODY_PARTS) or not _BODY_WORD.search(names):
        return False
    return any(BODY_MARK.search(token) for token in class_tokens(tag))


def links_text(tag: Tag) -> int:
    """Characters of text inside the element's links."""
    return sum(len(_clean(text_of(a, " "))) for a in tags_in(tag, ("a",)))


def words(tag: Tag) -> str:
    return " ".join(attribute_tokens(tag))


# WordPress and similar systems label posts by taxonomy ("tag-wahlen", "category-politik",
# "comments-open"): these describe the article, they are not furniture.
_TAXONOMY = re.compile(r"^(?:tag|category|post|postid|status|format|type|comments?)-|-(?:open|closed)$")


def class_tokens(tag: Tag) -> list[str]:
    """The class and id tokens of an element, but taxonomy labels: `words(tag).split()` without
    them, built in one step (this runs on every element of a page, several times).

    >>> from bs4 import BeautifulSoup
    >>> class_tokens(BeautifulSoup("<div class='post tag-wahlen entry' id='main'></div>", "lxml").div)
    ['post', 'entry', 'main']
    """
    attrs = tag.attrs
    parts: list[str] = []
    for attribute in ("class", "id"):
        value = attrs.get(attribute)
        if isinstance(value, list):
            parts.extend(value)
        elif value:
            parts.append(str(value))
    # (both taxonomy forms hold a hyphen)
    return [token for token in " ".join(parts).split() if "-" not in token or not _TAXONOMY.search(token)]


def _paragraph_score(tag: Tag) -> float:
    text = _clean(text_of(tag, " "))
    if len(text) < 25:
        return 0.0
    links = links_text(tag)
    if links > 0.5 * len(text):
        return 0.0
    return 1 + text.count(",") + min(len(text) / 100, 3.0)


_CONTAINERS = frozenset({"p", "div", "ul", "ol", "table"})
# The elements that may hold a paragraph's text.
_LEAVES = frozenset({"p", "pre", "blockquote", "li", "td", "div"})
_INLINE = frozenset({"a", "b", "strong", "i", "em", "u", "span", "br", "sub", "sup", "small", "mark", "abbr"})


def _loose_text_score(tag: Tag) -> float:
    """Score the text a container holds directly (strings and inline elements between its blocks).

    >>> from bs4 import BeautifulSoup
    >>> _loose_text_score(BeautifulSoup("<div><div>Bild</div>" + "Ein Satz, der lang ist. " * 8
    ...     + "<br>Noch einer, auch lang genug für einen Absatz.</div>", "lxml").div) > 1
    True
    """
    # Each line (between <br>s) counts like a paragraph: a post of five lines is five paragraphs.
    lines: list[str] = []
    current: list[str] = []
    for child in tag.children:
        if isinstance(child, Comment):
            continue
        if isinstance(child, Tag) and child.name == "br":
            lines.append(" ".join(current))
            current = []
        elif isinstance(child, str):
            current.append(str(child))
        elif isinstance(child, Tag) and child.name in _INLINE:
            current.append(text_of(child, " "))
    lines.append(" ".join(current))
    texts = [_clean(line) for line in lines]
    if sum(len(text) for text in texts) < 150:
        return 0.0
    return sum(1 + text.count(",") + min(len(text) / 100, 3.0) for text in texts if len(text) >= 25)


def choose_container(root: Tag) -> tuple[Tag | None, Tag | None, frozenset[int]]:
    """The element holding the article's text, the block inside it after which the text starts
    (the headline's, when the text is read from an element that holds the headline), and the ids
    of blocks inside it that list other posts and are not read."""
    scores: dict[int, float] = {}
    totals: dict[int, float] = {}  # every paragraph's score, undecayed, for its ancestors
    nodes: dict[int, Tag] = {}
    leaves: dict[int, float] = {}  # each paragraph's own score
    leaf_tags: list[Tag] = []
    for paragraph in tags_in(root, _LEAVES):
        if paragraph.name in ("div", "li", "td") and has_any(paragraph, _CONTAINERS):
            # Only text-bearing leaves count, containers get their children's scores; but forum
            # and old CMS posts put the text itself in the container, lines split by <br>.
            score = _loose_text_score(paragraph)
        else:
            score = _paragraph_score(paragraph)
        if paragraph.name == "li":
            score /= 2
        if not score:
            continue
        leaves[id(paragraph)] = score
        leaf_tags.append(paragraph)
        for level, ancestor in enumerate(paragraph.parents):
            if not isinstance(ancestor, Tag) or level >= 8:
                break
            totals[id(ancestor)] = totals.get(id(ancestor), 0.0) + score
            if level < 3:
                scores[id(ancestor)] = scores.get(id(ancestor), 0.0) + score / (1 + level)
                nodes[id(ancestor)] = ancestor
    if not scores:
        return None, None, frozenset()
    chosen, start, skipped = _widen(_best_container(root, scores, nodes), totals, leaves)
    return _cover_page(chosen, start, skipped, leaf_tags, leaves)


def _widen(chosen: Tag, totals: dict[int, float],
           leaves: dict[int, float]) -> tuple[Tag, Tag | None, frozenset[int]]:
    """The article's text split over sibling blocks (a description and its details, the text and
    a closing paragraph beside its wrapper, a CMS's text components one after another): climb to
    the ancestor holding clearly more prose (40 % more), through wrappers that add none. Blocks
    of that ancestor that list other posts (two linked headings or two <article>s: a box of
    related articles between the text's components) are left out, and an ancestor listing posts
    outside such blocks is not climbed into. An ancestor holding the headline counts only with
    the blocks after the headline's own block, and the text is read from there (its header's
    date and byline lines are no text; the lede is found apart from it).

    Returns the container, the headline's block to read after (or None) and the ids of the
    blocks left out."""
    node = result = chosen
    start: Tag | None = None
    skipped: set[int] = set()
    own = totals.get(id(chosen), 0.0)
    for _ in range(4):
        parent = node.parent
        if not isinstance(parent, Tag) or parent.name in ("body", "html", "[document]"):
            break
        total = totals.get(id(parent), 0.0)
        if total <= 1.05 * own:
            node = parent  # a wrapper: look further up
            continue
        header = _headline_block(parent)
        if header is not None and (header is node or any(ancestor is header for ancestor in node.parents)
                                   or not any(sibling is node for sibling in header.next_siblings)):
            break  # the headline sits in the text's own block, or the text stands before it
        lists = _post_lists(parent, node)
        if lists is None:
            break
        if header is not None or lists:
            blocks = header.next_siblings if header is not None else parent.children
            total = sum(totals.get(id(child), 0.0) + leaves.get(id(child), 0.0) for child in blocks
                        if isinstance(child, Tag) and id(child) not in lists)
        if total < 1.4 * own or total - own < 4:
            break
        result = node = parent
        start = header
        skipped |= lists
        own = total
        if header is not None:
            break
    return result, start, frozenset(skipped)


def _post_lists(parent: Tag, keep: Tag) -> set[int] | None:
    """Ids of the children of `parent` (but `keep`) that list other posts; None when the parent
    lists posts outside them."""
    lists = {id(child) for child in parent.children
             if isinstance(child, Tag) and child is not keep and _lists_posts(child)}
    linked = articles = 0
    for tag in tags_in(parent, ("h1", "h2", "h3", "article")):
        if any(id(ancestor) in lists for ancestor in tag.parents):
            continue
        if tag.name == "article":
            articles += 1
        else:
            text = _clean(text_of(tag, " "))
            linked += bool(text) and links_text(tag) >= 0.8 * len(text)
        if linked >= 2 or articles >= 2:
            return None
    return lists


def _headline_block(tag: Tag) -> Tag | None:
    """The child of `tag` that is or holds its <h1>; None without one."""
    for child in tag.children:
        if isinstance(child, Tag) and (child.name == "h1" or has_any(child, ("h1",))):
            return child
    return None


def _total_after(parent: Tag, header: Tag, totals: dict[int, float], leaves: dict[int, float]) -> float:
    """The prose score of the blocks after the headline's block."""
    return sum(totals.get(id(child), 0.0) + leaves.get(id(child), 0.0)
               for child in header.next_siblings if isinstance(child, Tag))


def _lists_posts(tag: Tag) -> bool:
    linked = 0
    for heading in tags_in(tag, ("h1", "h2", "h3")):
        text = _clean(text_of(heading, " "))
        if text and links_text(heading) >= 0.8 * len(text):
            linked += 1
            if linked >= 2:
                return True
    return len(tags_in(tag, ("article",), limit=2)) >= 2


def _inside_headline_article(root: Tag, best: Tag, scores: dict[int, float], nodes: dict[int, Tag]) -> Tag:
    """The <article> holding the page's headline is the article: text outside it (an author's bio,
    a box of other articles) wins only when the article holds no text of a quarter of its score.
    KATAPULT's graphic articles print one paragraph in the article and a longer bio after it.

    >>> from bs4 import BeautifulSoup
    >>> soup = BeautifulSoup("<article><h1>T</h1><p>Ein Absatz, der kurz ist, aber der Text.</p></article>"
    ...     "<div><p>Die Autorin, lange, lange, lange, schreibt, über, alles, Mögliche, seit Jahren.</p></div>", "lxml")
    >>> p1, p2 = soup.find_all("p")
    >>> _inside_headline_article(soup, p2.parent, {id(p1.parent): 2.0, id(p2.parent): 7.0},
    ...     {id(p1.parent): p1.parent, id(p2.parent): p2.parent}).name
    'article'
    """
    headline = first_in(root, ("h1",))
    article = next((parent for parent in headline.parents if parent.name == "article"), None) \
        if headline is not None else None
    if article is None or best is article or any(parent is article for parent in best.parents):
        return best
    inside = [key for key, node in nodes.items() if node is article or any(p is article for p in node.parents)]
    if not inside:
        return best
    key = max(inside, key=lambda key: scores[key])
    return nodes[key] if scores[key] >= 0.25 * max(scores.values()) else best


def _not_a_post_list(best: Tag, scores: dict[int, float], nodes: dict[int, Tag]) -> Tag:
    """A list of other posts with their summaries (two linked headings, two <article>s) is no
    article, however much text it holds: the best container that lists none wins instead, when
    it holds a quarter of the list's score.

    >>> from bs4 import BeautifulSoup
    >>> soup = BeautifulSoup("<div id='t'><p>Der Text.</p></div><div id='l'><h3><a>A</a></h3><p>Eins.</p>"
    ...     "<h3><a>B</a></h3><p>Zwei.</p></div>", "lxml")
    >>> text, listing = soup.find(id="t"), soup.find(id="l")
    >>> _not_a_post_list(listing, {id(text): 2.0, id(listing): 6.0}, {id(text): text, id(listing): listing})["id"]
    't'
    """
    if not _lists_posts(best):
        return best
    for key in sorted(scores, key=lambda key: -scores[key])[:20]:
        node = nodes[key]
        if scores[key] < 0.25 * scores[id(best)]:
            break
        if node is best or _holds(node, best) or _holds(best, node) or _lists_posts(node):
            continue
        return node
    return best


def _best_container(root: Tag, scores: dict[int, float], nodes: dict[int, Tag]) -> Tag:
    """The best-scoring container, or the marked article body holding most of the same text."""
    best = nodes[max(scores, key=lambda key: scores[key])]
    best = _inside_headline_article(root, best, scores, nodes)
    best = _not_a_post_list(best, scores, nodes)
    marked = [t for t in descendant_tags(root) if t.get("itemprop") == "articleBody" or body_marked(t)]
    best_text = len(_clean(text_of(best, " ")))
    for candidate in marked:
        length = len(_clean(text_of(candidate, " ")))
        if length >= 0.6 * best_text and length < 4 * best_text + 2000:
            return candidate
    # Paragraphs split over sibling containers: widen to the parent when it adds real text.
    parent = best.parent
    if isinstance(parent, Tag) and parent.name not in ("body", "html") and scores.get(id(parent), 0) > 1.5 * scores[id(best)]:
        return parent
    return best


# The chosen container must hold this share of the page's prose score, or the region is widened.
_COVERED = 0.5
# The widened region: the nearest ancestor holding this share of the page's prose.
_REGION = 0.8


def _cover_page(chosen: Tag, start: Tag | None, skipped: frozenset[int], leaf_tags: list[Tag],
                leaves: dict[int, float]) -> tuple[Tag, Tag | None, frozenset[int]]:
    """Pages that are no plain news article (a product or service page, an event, a school's
    syllabus, a forum thread) spread their text over many blocks of one layout, and the densest
    block holds only a part of it. When the chosen container holds less than half of the page's
    prose score, the text is read from its nearest ancestor holding four fifths of it, leaving
    out the blocks there that are no text (`_is_box`); reading starts after the headline's block
    when that is one of the region's own blocks, comes before the text and holds no text itself.

    Returns the container, the block to read after (or None) and the ids of blocks left out."""
    page = sum(leaves.values())
    inside = _prose_inside(chosen, leaf_tags, leaves)
    if inside >= _COVERED * page:
        return chosen, start, skipped
    node = chosen
    while isinstance(node.parent, Tag) and node.parent.name not in ("html", "[document]"):
        node = node.parent
        inside = _prose_inside(node, leaf_tags, leaves)
        if inside >= _REGION * page:
            break
    if node is chosen:
        return chosen, start, skipped
    prose = _prose_by_element(node, leaf_tags, leaves)
    lists: set[int] = set()
    stack = [child for child in node.children if isinstance(child, Tag)]
    while stack:
        tag = stack.pop()
        if tag is chosen:
            continue
        if tag.name in _BOXES and not _holds(tag, chosen) and _is_box(tag, prose.get(id(tag), 0.0)):
            lists.add(id(tag))
            continue
        stack.extend(child for child in tag.children if isinstance(child, Tag))
    header = _headline_block(node)
    if header is not None and (prose.get(id(header), 0.0) >= 2.0 or not any(
            _holds(sibling, chosen) for sibling in header.next_siblings if isinstance(sibling, Tag))):
        header = None  # text stands in the headline's block or before it: read it all
    return node, header, frozenset(skipped | lists)


def _holds(tag: Tag, inner: Tag) -> bool:
    return inner is tag or any(parent is tag for parent in inner.parents)


_BOXES = frozenset({"div", "section", "ul", "ol", "dl", "table", "header", "article", "footer", "aside", "nav"})


# Names of the blocks beside a page's text: its footer, sidebars, lists of other or recent posts,
# comments, info boxes. The furniture pass keeps such a block when it is large (broken nesting
# may put the article in it); beside the chosen text it is read no further.
_BESIDE = re.compile(r"(?:^|[-_])(?:footer|sidebar|aside|popular|teasers|teaser-?list|comments?|kommentare?"
                     r"|related|infobox|widgets?|views-row|newest|recent|latest|marginal|rail)(?:$|[-_])",
                     re.IGNORECASE)


def _is_box(tag: Tag, prose: float) -> bool:
    """A block beside the text that is no text: a list of other posts, a box of links ("Populäre
    Artikel", "Weiterführende Informationen"), or a box of short lines without prose (an address,
    a menu of services)."""
    text = len(_clean(text_of(tag, " ")))
    if not text:
        return False
    if tag.name in ("footer", "aside", "nav") or any(_BESIDE.search(token) for token in class_tokens(tag)):
        return True
    return (prose < 1.0 or links_text(tag) > 0.4 * text or (text > 150 and prose < 2.0) or _lists_posts(tag))


def _prose_by_element(region: Tag, leaf_tags: list[Tag], leaves: dict[int, float]) -> dict[int, float]:
    """The prose score of every element of `region` that holds a paragraph."""
    prose: dict[int, float] = {}
    for leaf in leaf_tags:
        node = leaf
        while isinstance(node, Tag) and node is not region:
            prose[id(node)] = prose.get(id(node), 0.0) + leaves[id(leaf)]
            node = node.parent
    return prose


def _prose_inside(tag: Tag, leaf_tags: list[Tag], leaves: dict[int, float]) -> float:
    """The prose score of the paragraphs inside `tag`."""
    total = 0.0
    for leaf in leaf_tags:
        if leaf is tag or any(parent is tag for parent in leaf.parents):
            total += leaves[id(leaf)]
    return total
