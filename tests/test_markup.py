"""The Markdown subset of an info step's body (workshop/script/markup.py, `to_html`). Its output
is put into the phones' and the projector's page as HTML (static/common.js trustedHtml), so
whatever a script says must come out as text, and only the subset as markup: paragraphs, line
breaks, lists, **bold** and *italic*.

Each output is read back with Python's HTML parser, as a browser would read it: which elements
and attributes it has, and the text a person sees.
"""
from __future__ import annotations

from html.parser import HTMLParser

import pytest

from workshop.live.state import LiveSession, apply
from workshop.live.views import phone_view, screen_view
from workshop.script import parse_script
from workshop.script.markup import to_html

ALLOWED = {"p", "br", "ul", "li", "strong", "em"}


class Read(HTMLParser):
    """The elements of an HTML fragment, their attributes, its text; and whether every element
    is closed in the order it was opened."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.tags, self.attrs, self.text, self.open, self.crossed = [], [], [], [], False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += attrs
        if tag != "br":
            self.open.append(tag)

    def handle_endtag(self, tag):
        if not self.open or self.open.pop() != tag:
            self.crossed = True

    def handle_data(self, data):
        self.text.append(data)

    def handle_comment(self, data):
        self.tags.append("<!--")

    def handle_decl(self, decl):
        self.tags.append("<!")

    def handle_pi(self, data):
        self.tags.append("<?")

    @property
    def seen(self) -> str:
        return "".join(self.text)


HOSTILE = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src=x onerror="alert(1)">',
    "<img src=x onerror='alert(1)'>",
    '<a href="javascript:alert(1)">click</a>',
    "<svg/onload=alert(1)>",
    "<iframe srcdoc='<script>alert(1)</script>'>",
    "<style>body{display:none}</style>",
    "<!-- a comment --><![CDATA[x]]><?php echo 1 ?>",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "<<script>script>alert(1)<</script>/script>",
    "</p><script>alert(1)</script><p>",
    "<p onclick=alert(1)>a paragraph of my own</p>",
    "<b>bold</b> <i>italic</i> <u>underlined</u>",
]


@pytest.mark.parametrize("body", HOSTILE)
def test_html_in_a_script_is_shown_as_text_never_as_markup(body):
    read = Read(to_html(body))
    assert set(read.tags) <= {"p"} and read.attrs == []
    assert read.seen == body, "a person sees exactly what the script says"


@pytest.mark.parametrize("body", [
    "**<script>alert(1)</script>**",
    "*<img src=x onerror=alert(1)>*",
    "- <script>alert(1)</script>\n- **<b onclick=x>two</b>**",
    "**bold *and <em onmouseover=alert(1)>italic</em>***",
    "line one\n<script>alert(1)</script>",
])
def test_html_inside_the_subset_is_text_too(body):
    read = Read(to_html(body))
    assert set(read.tags) <= ALLOWED and read.attrs == []
    assert "alert(1)" in read.seen or "onclick=x" in read.seen, "shown, as text"


@pytest.mark.parametrize("body", [
    "[click me](javascript:alert(1))",
    "<javascript:alert(1)>",
    "javascript:alert(1)",
    "[x](https://example.org)",
    "https://example.org/?a=1&b=2",
])
def test_links_are_not_in_the_subset_and_stay_text(body):
    read = Read(to_html(body))
    assert "a" not in read.tags and read.attrs == []
    assert read.seen == body


@pytest.mark.parametrize("body", [
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "&#x3C;img src=x onerror=alert(1)&#x3E;",
    "&amp;lt;script&amp;gt;",
    "&lt;img src=x onerror=alert(1)",
    "Tom &amp; Jerry & friends",
])
def test_entities_typed_in_a_script_are_shown_as_typed_not_decoded_into_tags(body):
    read = Read(to_html(body))
    assert set(read.tags) == {"p"} and read.seen == body


# --- the subset --------------------------------------------------------------------------------

@pytest.mark.parametrize("body,html", [
    ("Hello.", "<p>Hello.</p>"),
    ("One.\n\nTwo.", "<p>One.</p><p>Two.</p>"),
    ("One.\n   \nTwo.", "<p>One.</p><p>Two.</p>"),       # a line of spaces is a blank line
    ("One.\n\n\n\nTwo.", "<p>One.</p><p>Two.</p>"),
    ("A line\nand the next", "<p>A line<br>and the next</p>"),
    ("  indented\n\tand tabbed  ", "<p>indented<br>and tabbed</p>"),
    ("- one\n- two", "<ul><li>one</li><li>two</li></ul>"),
    ("Being reliable means:\n\n- **doing what you say**\n- being *predictable*",
     "<p>Being reliable means:</p>"
     "<ul><li><strong>doing what you say</strong></li><li>being <em>predictable</em></li></ul>"),
    ("- a list item\nthen a plain line", "<p>- a list item<br>then a plain line</p>"),
    ("**bold** and *italic*", "<p><strong>bold</strong> and <em>italic</em></p>"),
    ("**bold with *italic* inside**",
     "<p><strong>bold with <em>italic</em> inside</strong></p>"),
    ("*italic with **bold** inside*",
     "<p><em>italic with <strong>bold</strong> inside</em></p>"),
    ("**one** and **two**", "<p><strong>one</strong> and <strong>two</strong></p>"),
    ("*not closed", "<p>*not closed</p>"),
    ("**bold\nacross lines**", "<p>**bold<br>across lines**</p>"),
    ("-not a list", "<p>-not a list</p>"),
    ("Vertrouwen · één — “quotes” 💛", "<p>Vertrouwen · één — “quotes” 💛</p>"),
    ("", ""),
    (" \n\n \n", ""),
])
def test_the_subset_renders_as_intended(body, html):
    assert to_html(body) == html


def test_an_info_steps_body_reaches_the_screen_and_phones_only_as_the_subset():
    script = parse_script("""
title: Hostile
language: en
description: An info step whose body tries its luck.
sections:
  - title: Only
    theme: opening
    steps:
      - id: hello
        kind: info
        minutes: 1
        notes: None.
        title: Hello
        body: |
          **Welcome** <script>document.cookie</script>

          - <img src=x onerror=alert(1)>
""", "hostile.yaml")
    state = LiveSession("HOST1", script, "owner", 0.0)
    apply(state, {"type": "step_changed", "index": 0, "by": "host", "cid": "c", "at": 1.0})
    for view in (screen_view(state), phone_view(state, None)):
        read = Read(view["step"]["body_html"])
        assert set(read.tags) <= ALLOWED and read.attrs == []
        assert read.seen == "Welcome <script>document.cookie</script><img src=x onerror=alert(1)>"


@pytest.mark.xfail(strict=True, reason="bug: italic that ends where bold ends, or overlaps it, "
                   "gives crossed tags ('***x***' gives <strong><em>x</strong></em>): a browser "
                   "repairs them, but the output is not well-formed HTML and not what was meant")
@pytest.mark.parametrize("body", ["***both***", "**bold *and italic***", "**a *b** c*"])
def test_overlapping_emphasis_still_gives_well_formed_html(body):
    assert not Read(to_html(body)).crossed


@pytest.mark.parametrize("body", ["*a **b** c*", "**a *b* c**", "- **x** *y*",
                                  "**a** *b* **c**"])
def test_emphasis_gives_well_formed_html(body):
    read = Read(to_html(body))
    assert not read.crossed and read.open == []
