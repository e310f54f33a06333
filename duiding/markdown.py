"""User text inside Markdown: one escaping rule for the pages, the plan report and the art. 15 report.

The escaped text reads the same once rendered, but can never become markup:

- ``&``, ``<`` and ``>`` become HTML entities: no raw HTML, no autolinks ``<https://…>``;
- ``\\ ` * _ { } [ ] ! # | ~ $`` are backslash-escaped: no links or images (``[``), emphasis,
  code, headings, tables, strike-through or LaTeX (Streamlit renders ``$…$``), and no Streamlit
  colour directives (``:red[…]``);
- a line that starts like a list item, a quote or a heading underline (``-``, ``+``, ``=``,
  ``1.``, ``1)``) gets that character escaped too;
- control characters are removed.

:func:`escape` flattens the text to one line (for list items, table cells, labels);
``escape(text, multiline=True)`` keeps the line breaks and escapes each line.

>>> escape("![x](https://t.example/p.png) <b>&</b> *vet*")
'\\\\!\\\\[x\\\\](https://t.example/p.png) &lt;b&gt;&amp;&lt;/b&gt; \\\\*vet\\\\*'
>>> escape("- 1. punt"), escape("12. mei")
('\\\\- 1. punt', '12\\\\. mei')
"""

from __future__ import annotations

import re

__all__ = ["escape"]

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_BACKSLASHED = re.compile(r"([\\`*_{}\[\]!#|~$])")
_LINE_START = re.compile(r"^(\s*)([-+=]|\d+(?=[.)]))")


def _line(text: str) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _BACKSLASHED.sub(r"\\\1", text)

    def start(match: re.Match[str]) -> str:
        lead, mark = match.group(1), match.group(2)
        if mark[0].isdigit():  # "12." -> "12\." (the escape goes on the dot or parenthesis)
            return lead + mark + "\\"
        return lead + "\\" + mark

    return _LINE_START.sub(start, text, count=1)


def escape(text: object, *, multiline: bool = False) -> str:
    """``text`` safe inside Markdown (see the module text); '' for None."""
    if text is None:
        return ""
    clean = _CONTROL.sub("", str(text))
    if not multiline:
        return _line(" ".join(clean.split()))
    return "\n".join(_line(line) for line in clean.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
