"""Stage 1e helper: R Markdown's knitr code chunks, found before Pandoc reads
the Markdown.

Pandoc does not know knitr's chunk header (```` ```{r label, echo=FALSE} ````):
it reads the fence as text, the code as prose and every `# comment` in it as a
heading. So each chunk's opening line is rewritten, in memory only, into a
fence Pandoc reads as a code block whose id names the chunk
(```` ```{.knitr-chunk #knitr-chunk-3} ````); the raw file is never changed
and every line keeps its number. The reader then shows the chunk as code, or
leaves it out when knitr would (`echo=FALSE`, `include=FALSE`), and reports
chunks whose output (a table, a plot) only exists once the paper is knitted:
R is never run here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# An opening fence as knitr reads one: any indentation (a chunk inside a list
# item or a block quote), three or more backticks (or tildes, which Pandoc
# and Quarto read the same way), then {engine options} up to the line's last
# brace, since an option may hold braces (fig.cap = "… \\label{fig:bee}").
# A fence knitr would miss but Pandoc reads as a code block stays Pandoc's.
CHUNK_OPENING = re.compile(r"^(?P<indent>[ \t>]*)(?P<fence>`{3,}|~{3,})[ \t]*\{[ \t]*(?P<engine>[A-Za-z][\w.]*)"
                           r"(?P<header>(?:[ \t,].*)?)\}[ \t]*$")
CHUNK_ID = re.compile(r"^knitr-chunk-(\d+)$")
INDENTED_CHUNK = re.compile(r"^(?:`{3,}|~{3,})\{\.knitr-chunk #knitr-chunk-(\d+)\}\n")
# Inline R (`r expr`): knitr replaces it with the value when the paper is knitted.
INLINE_R = re.compile(r"^r\s+(?P<code>.+)$", re.S)
# Calls whose output is a table or a figure in the knitted paper.
TABLE_CALLS = re.compile(r"\b(?:kable|kbl|kable_styling|gt|xtable|stargazer|modelsummary|datasummary\w*|"
                         r"huxtable|huxreg|flextable|texreg|htmlreg|screenreg|tt|pander|apa_table|"
                         r"tinytable|reactable|DT::datatable|datatable)\s*\(")
FIGURE_CALLS = re.compile(r"\b(?:ggplot|plot|hist|barplot|boxplot|include_graphics|grid\.arrange|"
                          r"plot_grid|wrap_plots|image|persp|coefplot|modelplot|dotchart|pairs)\s*\(|\+\s*geom_")
KNITR_FALSE = ("FALSE", "F")
OPTION_LINE = re.compile(r"^\s*#\|\s?(.*)$")
# Quarto's cross-reference labels: the kind, a hyphen, a name ("fig-trend", "tbl-pacts").
QUARTO_KINDS = r"(?:fig|tbl|eq|sec|lst)-"
QUARTO_LABEL = re.compile(rf"^{QUARTO_KINDS}[\w-]+$")


@dataclass(frozen=True)
class KnitrChunk:
    """One chunk as the author wrote it: its label (or "", unnamed), its
    options, the code, and the raw line of its opening fence."""

    number: int
    engine: str
    label: str
    options: dict[str, str]
    code: str
    line: int

    @property
    def shown(self) -> bool:
        """knitr prints the code unless told not to."""
        return (self.options.get("echo", "TRUE") not in KNITR_FALSE
                and self.options.get("include", "TRUE") not in KNITR_FALSE)

    @property
    def caption(self) -> str:
        # knitr's own option names, then Quarto's (`#| fig-cap:`, `#| tbl-cap:`).
        return next((self.options[name] for name in ("fig.cap", "tab.cap", "fig-cap", "tbl-cap")
                     if self.options.get(name)), "")

    @property
    def output(self) -> str:
        """"figure", "table" or "" for what the chunk puts in the knitted paper."""
        if self.options.get("include", "TRUE") in KNITR_FALSE or self.options.get("eval", "TRUE") in KNITR_FALSE:
            return ""
        if self.engine != "r":
            return ""
        if (self.options.get("fig.cap") or self.options.get("fig-cap") or self.label.startswith("fig")
                or FIGURE_CALLS.search(self.code)):
            return "figure"
        if (self.options.get("tab.cap") or self.options.get("tbl-cap") or self.label.startswith(("tab", "tbl"))
                or TABLE_CALLS.search(self.code)):
            return "table"
        return ""

    @property
    def cross_reference_label(self) -> str:
        """What bookdown and LaTeX call the chunk's output: "fig:minissouri";
        Quarto names it by the label itself, which carries the kind: "fig-trend"."""
        if not self.label or not self.output:
            return ""
        if QUARTO_LABEL.match(self.label):
            return self.label
        return ("fig:" if self.output == "figure" else "tab:") + self.label


@dataclass
class KnitrDocument:
    """The Markdown as Pandoc should read it, and the chunks taken from it.
    `knitted` is False for Markdown that only borrows the chunk fence (a
    JOSS paper.md shows ```` ```{r} ```` examples and is never knitted): its
    chunks are code to show, nothing more."""

    text: str
    chunks: dict[int, KnitrChunk] = field(default_factory=dict)
    knitted: bool = True

    def chunk_of(self, identifier: str) -> KnitrChunk | None:
        m = CHUNK_ID.match(identifier)
        return self.chunks.get(int(m.group(1))) if m else None

    def chunk_indented_as_code(self, code: str) -> KnitrChunk | None:
        """A chunk indented four spaces outside a list, which Pandoc reads as
        an indented code block holding the rewritten fence lines."""
        m = INDENTED_CHUNK.match(code)
        return self.chunks.get(int(m.group(1))) if m else None


def find_knitr_chunks(text: str, knitted: bool = True) -> KnitrDocument:
    """`text` with each knitr chunk's opening fence made a Pandoc code-block
    fence; line count unchanged. A chunk left open runs to the end of the
    file, as knitr reads it. Without `knitted`, every chunk is shown as code
    and none makes output."""
    lines = text.split("\n")
    chunks: dict[int, KnitrChunk] = {}
    defaults: dict[str, str] = {}  # knitr::opts_chunk$set(echo = FALSE) in a setup chunk
    index = 0
    while index < len(lines):
        m = CHUNK_OPENING.match(lines[index])
        if not m:
            index += 1
            continue
        fence, indent = m.group("fence"), m.group("indent")
        # Closed by a fence of the same character, at least as long, at any
        # indentation; the code loses the chunk's own indentation, as in knitr.
        closing = re.compile(rf"[ \t>]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*")
        end = index + 1
        while end < len(lines) and not closing.fullmatch(lines[end]):
            end += 1
        body = [line.removeprefix(indent) for line in lines[index + 1:end]]
        number = len(chunks) + 1
        label, options = _header_options(m.group("header"))
        options.update(_hash_pipe_options(body))
        code = "\n".join(body)
        if not knitted:
            options = {"label": options.get("label", label), "echo": "TRUE", "include": "TRUE", "eval": "FALSE"}
        chunks[number] = KnitrChunk(number, m.group("engine").lower(), options.pop("label", label),
                                    {**defaults, **options}, code, index + 1)
        if options.get("eval", "TRUE") not in KNITR_FALSE:
            defaults.update(_global_options(code))
        lines[index] = f"{indent}{fence}{{.knitr-chunk #knitr-chunk-{number}}}"
        if end == len(lines):  # unclosed: close it where the file ends, as knitr does
            lines.append(f"{indent}{fence}")
        index = end + 1
    return KnitrDocument("\n".join(lines), chunks, knitted)


def _header_options(header: str) -> tuple[str, dict[str, str]]:
    """"r label, echo=FALSE, fig.cap='A plot'" → ("label", {...}). The
    first part without "=" is the label; values keep their R spelling,
    quotes taken off strings."""
    parts = _split_top_level(header.strip().lstrip(","))
    label = ""
    options: dict[str, str] = {}
    for position, part in enumerate(parts):
        key, equals, value = part.partition("=")
        if not equals:
            if position == 0:
                label = part.strip().strip("'\"")
            continue
        options[key.strip()] = _r_value(value)
    return label, options


def _global_options(code: str) -> dict[str, str]:
    """The options `opts_chunk$set(...)` gives every later chunk (most
    papers turn echo off in their setup chunk)."""
    options: dict[str, str] = {}
    for m in re.finditer(r"opts_chunk\$set\(", code):
        depth, end = 1, m.end()
        while end < len(code) and depth:
            depth += {"(": 1, ")": -1}.get(code[end], 0)
            end += 1
        for part in _split_top_level(code[m.end():end - 1]):
            key, equals, value = part.partition("=")
            if equals and re.fullmatch(r"[\w.]+", key.strip()):
                options[key.strip()] = _r_value(value)
    return options


def without_option_lines(code: str) -> str:
    """A chunk's code as knitr and Quarto print it: the `#| key: value`
    option lines at its top are read, never shown."""
    lines = code.split("\n")
    first = next((i for i, line in enumerate(lines) if not OPTION_LINE.match(line)), len(lines))
    return "\n".join(lines[first:])


def _hash_pipe_options(body: list[str]) -> dict[str, str]:
    """knitr's `#| key: value` lines at the top of a chunk; a `|` value
    continues on the `#|` lines indented under it."""
    options: dict[str, str] = {}
    key = ""
    for line in body:
        m = OPTION_LINE.match(line)
        if not m:
            break
        content = m.group(1)
        if key and (content.startswith((" ", "\t")) or not content.strip()):
            options[key] = (options[key] + " " + content.strip()).strip()
            continue
        name, colon, value = content.partition(":")
        if colon:
            key = name.strip()
            value = value.strip()
            options[key] = "" if value in ("|", ">", "|-", ">-") else _r_value(value)
    return options


def _split_top_level(text: str) -> list[str]:
    """Split on commas outside quotes and brackets."""
    parts: list[str] = []
    depth, quote, start = 0, "", 0
    for i, char in enumerate(text):
        if quote:
            if char == quote and text[i - 1] != "\\":
                quote = ""
        elif char in "'\"":
            quote = char
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth = max(0, depth - 1)
        elif char == "," and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


def _r_value(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return {"true": "TRUE", "false": "FALSE", "yes": "TRUE", "no": "FALSE"}.get(value.lower(), value)
