"""R Markdown and pandoc-crossref papers (issue 19): knitr chunks shown as
code (or left out where knitr leaves them out), never as prose with their
R comments made headings; what a chunk computes at knit time reported with
its label and line; inline R shown as code and reported; cross-references
in pandoc-crossref, bookdown and LaTeX notation turned into "Figure 2"
linked to the figure, and the ones that name nothing reported; `!INCLUDE`
reported; every report item at its own raw line.

The real paper is tests/corpus/mccartan-2024-redistricting-harm, an
rticles R Markdown manuscript (LaTeX `\\ref{}` cross-references, knitr
figure chunks, `opts_chunk$set(echo=FALSE)`, raw `\\begin{align*}`). The
forms it does not use (pandoc-crossref, bookdown, inline R, chunks that
print code or make tables, `!INCLUDE`) are checked on small made-up
papers, said so at each test.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from build_tools.model import Paper, ParagraphKind, ReportAction
from build_tools.read.papers import read_paper
from build_tools.render.paper_page import render_paper
from tests.conftest import ROOT
from tests.test_structured_sources import BIB, PANDOC_YML, read_markdown

pytestmark = pytest.mark.unit

HARM = ROOT / "tests" / "corpus" / "mccartan-2024-redistricting-harm"


@pytest.fixture(scope="module")
def harm() -> Paper:
    return read_paper(HARM)


def _report(paper: Paper, action: ReportAction | None = None) -> list[tuple[int, str]]:
    return [(r.location.line, r.message) for r in paper.import_report if action is None or r.action is action]


# --- the real R Markdown manuscript -----------------------------------------------


def test_knitr_chunks_are_not_read_as_prose_or_headings(harm: Paper) -> None:
    titles = [s.title for s in harm.sections]
    assert titles[:2] == ["Introduction", "Motivation"]  # before: swallowed by the setup chunk's fence
    assert not any("opts_chunk" in t or "library(" in t for t in titles)
    assert not any("```" in p.text or "opts_chunk" in p.text or "include_graphics" in p.text
                   for p in harm.paragraphs())


def test_each_chunk_is_reported_at_its_own_line_with_its_label(harm: Paper) -> None:
    source = (HARM / "source.Rmd").read_text(encoding="utf-8").split("\n")
    removed = _report(harm, ReportAction.REMOVED)
    # SETUP is include=FALSE; the figure chunks inherit echo=FALSE from its opts_chunk$set.
    assert removed[0] == (45, "chunk 'SETUP' (r, include=FALSE): its code is not printed in the paper, "
                              "so it is left out")
    knitted = [(line, m) for line, m in _report(harm, ReportAction.NEEDS_HUMAN) if "when the paper is knitted" in m]
    labels = [re.search(r"chunk '([^']+)'", m).group(1) for _, m in knitted]  # type: ignore[union-attr]
    assert labels == ["minissouri", "nj-maps", "nj-meas", "al-maps", "nj-pairs", "alabama-ei",
                      "alabama-harm-sample"]
    for line, label in zip((line for line, _ in knitted), labels, strict=True):
        assert source[line - 1].startswith(f"```{{r {label}"), (line, label)


def test_a_figure_chunk_keeps_its_caption_as_a_figure(harm: Paper) -> None:
    figures = [p for p in harm.paragraphs() if p.kind is ParagraphKind.FIGURE]
    assert len(figures) == 7
    assert figures[0].text.startswith("Two potential districting plans for Minissouri, a Democratic gerrymander (a)")
    assert figures[0].location.line == 110


def test_latex_cross_references_become_linked_numbers(harm: Paper) -> None:
    by_id = {p.id: p for p in harm.paragraphs()}
    sections = {s.id: s for s in harm.sections}
    links = [(p, r) for p in harm.paragraphs() for r in p.cross_references]
    assert len(links) == 43  # of 44 \ref{}: tab:corr names a table \input from another file
    shown = {(p.text[r.start:r.end], sections[r.target].title if r.target in sections
              else by_id[r.target].text[:32].strip()) for p, r in links}
    assert ("2", "Motivation") in shown                     # Section \ref{sec:motivation}
    assert ("5.1", "Racial Vote Dilution") in shown         # Section \ref{subsec:racial}
    assert ("A", "Two-party Election Model") in shown       # Appendix \ref{app:elecmodel}, after \appendix
    assert ("1", "Two potential districting plans") in shown  # Figure \ref{fig:minissouri}
    intro = next(s for s in harm.sections if s.title == "Introduction")
    assert "motivated at greater length in Section 2." in intro.paragraphs[4].text
    assert "\\ref{" not in " ".join(p.text for p in harm.paragraphs() if "tab:corr" not in p.text)
    unresolved = [(line, m) for line, m in _report(harm) if m.startswith("cross-reference \\ref{tab:corr}")]
    assert [line for line, _ in unresolved] == [606]


def test_cross_references_render_as_links_to_their_part(harm: Paper) -> None:
    page = render_paper(harm)
    assert "Section [2](#s2){ .reader-cross-reference }" in page
    figure = next(p for p in harm.paragraphs() if p.kind is ParagraphKind.FIGURE)
    assert f"Figure [1](#{figure.id}){{ .reader-cross-reference }}" in page


def test_raw_latex_display_maths_is_a_formula(harm: Paper) -> None:
    formulas = [p for p in harm.paragraphs() if p.kind is ParagraphKind.FORMULA]
    assert len(formulas) == 8
    assert sum(p.text.startswith("\\begin{align*}") for p in formulas) == 2
    assert not any("\\begin{align*}" in p.text for p in harm.paragraphs() if p.kind is ParagraphKind.TEXT)


def test_missing_keys_are_reported_at_the_line_that_cites_them(harm: Paper) -> None:
    missing = {m.split()[2]: line for line, m in _report(harm, ReportAction.NEEDS_HUMAN)
               if m.startswith("citation key")}
    source = (HARM / "source.Rmd").read_text(encoding="utf-8").split("\n")
    assert missing == {"@deford2020symmetry": 88, "@carter2019": 88}
    assert all(key in source[line - 1] for key, line in missing.items())


# --- forms the real paper does not use (made up) -----------------------------------------


def read_rmd(tmp_path: Path, body: str, name: str = "source.Rmd") -> Paper:
    paper = tmp_path / "demo"
    paper.mkdir(exist_ok=True)
    (paper / name).write_text(f"---\ntitle: 'A Test'\nauthor: Jane Doe\nbibliography: refs.bib\n---\n\n{body}",
                              encoding="utf-8")
    (paper / "refs.bib").write_text(BIB, encoding="utf-8")
    (paper / "paper.yml").write_text(PANDOC_YML.replace("source.md", name), encoding="utf-8")
    return read_paper(paper)


RMD = """# Data

```{r setup, include=FALSE}
knitr::opts_chunk$set(message = FALSE)
```

We load the alliance data [@walt1987]:

```{r load}
# Read the ATOP data
atop <- read.csv("atop.csv")
```

Table \\@ref(tab:counts) counts alliances; there are `r nrow(atop)` of them.

```{r counts, echo=FALSE}
knitr::kable(table(atop$type), caption = "Alliances by type")
```

# Results {#results}

See Figure \\@ref(fig:trend) and Section \\@ref(results).

```{r trend, fig.cap="Alliances per year"}
ggplot(atop, aes(year)) + geom_bar()
```
"""


def test_r_markdown_chunks_are_code_left_out_or_reported(tmp_path: Path) -> None:
    paper = read_rmd(tmp_path, RMD)
    data, results = paper.sections
    assert [s.title for s in paper.sections] == ["Data", "Results"]  # "# Read the ATOP data" is no heading
    code = [p for p in paper.paragraphs() if p.kind is ParagraphKind.CODE]
    assert [p.text for p in code] == ['# Read the ATOP data\natop <- read.csv("atop.csv")',
                                      "ggplot(atop, aes(year)) + geom_bar()"]
    assert code[0].location.line == 15  # the chunk's opening fence in the raw file
    removed = _report(paper, ReportAction.REMOVED)
    assert [line for line, _ in removed] == [9, 22]  # setup (include=FALSE), counts (echo=FALSE)
    human = _report(paper, ReportAction.NEEDS_HUMAN)
    assert (22, "chunk 'counts' (line 22) makes a table when the paper is knitted; R is not run here, so the "
                "page keeps its place only: see the original") in human
    assert any(line == 30 and "chunk 'trend'" in m and "figure" in m for line, m in human)
    assert [p.kind for p in data.paragraphs][-1] is ParagraphKind.LOST_TABLE
    assert [p.text for p in results.paragraphs if p.kind is ParagraphKind.FIGURE] == ["Alliances per year"]


def test_inline_r_is_shown_as_code_and_reported(tmp_path: Path) -> None:
    paper = read_rmd(tmp_path, RMD)
    paragraph = next(p for p in paper.paragraphs() if "counts alliances" in p.text)
    assert paragraph.text == "Table 1 counts alliances; there are r nrow(atop) of them."
    (span,) = paragraph.code
    assert paragraph.text[span.start:span.end] == "r nrow(atop)"
    assert (20, "inline R `r nrow(atop)` is computed when the paper is knitted; R is not run here, so the page "
                "shows the expression as code, not its value") in _report(paper, ReportAction.NEEDS_HUMAN)
    page = render_paper(paper)
    assert "<code>r nrow\\(atop\\)</code>" in page


def test_bookdown_references_become_linked_numbers(tmp_path: Path) -> None:
    paper = read_rmd(tmp_path, RMD)
    see = next(p for p in paper.paragraphs() if p.text.startswith("See Figure"))
    assert see.text == "See Figure 1 and Section 2."
    figure = next(p for p in paper.paragraphs() if p.kind is ParagraphKind.FIGURE)
    assert [(see.text[r.start:r.end], r.target) for r in see.cross_references] == [("1", figure.id), ("2", "s2")]
    table = next(p for p in paper.paragraphs() if p.kind is ParagraphKind.LOST_TABLE)
    counts = next(p for p in paper.paragraphs() if "counts alliances" in p.text)
    assert [r.target for r in counts.cross_references] == [table.id]


def test_a_code_block_renders_as_code_never_as_markup(tmp_path: Path) -> None:
    paper = read_rmd(tmp_path, RMD.replace('read.csv("atop.csv")', 'read.csv("<script>alert(1)</script>")'))
    page = render_paper(paper)
    assert '<div class="reader-code" id="s1-p2" markdown="0"><pre><code># Read the ATOP data' in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page


PAPAJA = ROOT / "tests" / "corpus" / "aust-2016-papaja-example-rmarkdown"


def test_a_chunk_whose_options_hold_braces_is_code_not_prose() -> None:
    """papaja's example manuscript (2016): the bee plot chunk's header ends
    `fig.cap = "… \\label{fig:bee}", echo = TRUE, dev.args = list(bg = 'white')}`;
    knitr reads to the line's last brace. Before, the fence was not taken
    for a chunk and its code ran into the text as one paragraph."""
    paper = read_paper(PAPAJA)
    source = (PAPAJA / "source.Rmd").read_text(encoding="utf-8").split("\n")
    code = [p for p in paper.paragraphs() if p.kind is ParagraphKind.CODE]
    bee = next(p for p in code if p.text.startswith("apa_beeplot("))
    assert bee.location.line == 121 and source[120].startswith("```{r fig.cap = ")
    assert "Bee plot of the example data set." in next(
        p.text for p in paper.paragraphs() if p.kind is ParagraphKind.FIGURE and p.text.startswith("Bee plot"))
    assert not any("```" in p.text or "{r " in p.text or "apa_beeplot" in p.text
                   for p in paper.paragraphs() if p.kind is not ParagraphKind.CODE)
    assert any(r.message.startswith("R Markdown: 8 knitr code chunks") for r in paper.import_report)
    # headings are the author's, at the author's levels
    assert [(s.level, s.title) for s in paper.sections if s.title][:4] == [
        (1, "What is papaja?"), (1, "How to use papaja"), (2, "Printing R output"), (3, "Print tables")]


CHUNK_SHAPES = """# Data

~~~{r tilde}
# Read the data (a tilde fence)
atop <- read.csv("atop.csv")
~~~

1. A list item whose chunk is indented under it:

    ```{r in-list, echo = TRUE}
    # Count the pacts (indented in a list)
    nrow(atop)
    ```

    ```{r}
# a comment at the margin inside an indented chunk
    summary(atop)
    ```

> ```{r quoted}
> # Quoted in a block quote
> head(atop)
> ```

    ```{r indented}
    # Indented four spaces outside a list

    # after a blank line
    table(atop$year)
    ```

``` { r spaced , fig.cap = "Pacts by {decade}" }
# A header with spaces
hist(atop$year)
```

# Results

Text.
"""


def test_r_comments_in_any_chunk_shape_are_code_never_headings(tmp_path: Path) -> None:
    """Chunk shapes knitr (or Pandoc, for `~~~`) reads as chunks and no paper
    of the corpus happens to use: made up here, one of each."""
    paper = read_rmd(tmp_path, CHUNK_SHAPES)
    assert [s.title for s in paper.sections] == ["Data", "Results"]
    code = [p.text for p in paper.paragraphs() if p.kind is ParagraphKind.CODE]
    assert code == [
        '# Read the data (a tilde fence)\natop <- read.csv("atop.csv")',
        "# Count the pacts (indented in a list)\nnrow(atop)",
        "# a comment at the margin inside an indented chunk\nsummary(atop)",
        "# Quoted in a block quote\nhead(atop)",
        "# Indented four spaces outside a list\n\n# after a blank line\ntable(atop$year)",
        "# A header with spaces\nhist(atop$year)",
    ]
    assert not any("```" in p.text or "~~~" in p.text or "knitr-chunk" in p.text for p in paper.paragraphs())
    assert [p.text for p in paper.paragraphs() if p.kind is ParagraphKind.FIGURE] == ["Pacts by {decade}"]
    assert any(r.message.startswith("R Markdown: 6 knitr code chunks") for r in paper.import_report)


def test_markdown_that_only_borrows_the_chunk_fence_is_not_knitted(tmp_path: Path) -> None:
    """A JOSS paper.md shows ```{r} examples and is never knitted (the real
    case is tests/corpus/meers-2019-ggparliament): code, nothing computed."""
    paper = read_markdown(tmp_path, "Plot it:\n\n```{r}\nggplot(d) + geom_parliament_seats()\n```\n")
    assert [p.kind for p in paper.sections[0].paragraphs] == [ParagraphKind.TEXT, ParagraphKind.CODE]
    assert not any("knitted" in m for _, m in _report(paper, ReportAction.NEEDS_HUMAN))


CROSSREF = """# Method {#sec:method}

Alliances deter [@walt1987]; see @fig:map, @tbl:pacts and @eq:deter, or [@fig:map; @tbl:pacts].
Nothing is at @fig:nowhere.

$$ p = \\frac{a}{b} $$ {#eq:deter}

![Alliances in 1990](map.png){#fig:map}

: Pacts by decade {#tbl:pacts}

| decade | pacts |
|--------|-------|
| 1990s  | 12    |

!INCLUDE "appendix.md"

See @sec:method.
"""


def test_pandoc_crossref_references_become_linked_words(tmp_path: Path) -> None:
    paper = read_markdown(tmp_path, CROSSREF)
    text = paper.sections[0].paragraphs[0]
    assert text.text.startswith("Alliances deter [@walt1987]; see Figure 1, Table 1 and Equation 1, "
                                "or Figure 1; Table 1. Nothing is at @fig:nowhere.")
    kinds = {p.kind: p.id for p in paper.paragraphs()}
    assert [r.target for r in text.cross_references] == [
        kinds[ParagraphKind.FIGURE], kinds[ParagraphKind.TABLE], kinds[ParagraphKind.FORMULA],
        kinds[ParagraphKind.FIGURE], kinds[ParagraphKind.TABLE]]
    assert [m.labels for m in text.citations] == [("walt1987",)]  # a real citation stays a citation
    formula = next(p for p in paper.paragraphs() if p.kind is ParagraphKind.FORMULA)
    assert formula.text == "p = \\frac{a}{b}"  # "{#eq:deter}" is the label, not text
    table = next(p for p in paper.paragraphs() if p.kind is ParagraphKind.TABLE)
    assert table.text == "Pacts by decade"
    last = paper.sections[0].paragraphs[-1]
    assert last.text == "See Section 1." and last.cross_references[0].target == "s1"
    human = _report(paper, ReportAction.NEEDS_HUMAN)
    assert any(line == 13 and m.startswith("cross-reference @fig:nowhere names no") for line, m in human)
    assert any(line == 25 and m.startswith('!INCLUDE "appendix.md" asks for another file') for line, m in human)
    assert not any("appendix.md" in p.text for p in paper.paragraphs())
    assert not any("citation key @fig" in m for _, m in human)  # not taken for missing bibliography keys


def test_a_concept_page_quoting_a_pandoc_citation_still_reads(harm: Paper) -> None:
    """The concept page for "coalition" quotes the real sentence "… no clear
    rule [@stephanopoulos2014south]." escaped for Markdown; the escaped
    bracket is text, not a citation the page cannot read (it broke the build)."""
    from build_tools.references.citation_syntax import find_citations
    from build_tools.render.escape import markdown_text

    sentence = next(p.text for p in harm.paragraphs() if "[@stephanopoulos2014south]" in p.text)
    assert find_citations(markdown_text(sentence), HARM / "source.Rmd") == []
    assert [c.cites[0].key for c in find_citations("See [@walt1987origins].", HARM)] == ["walt1987origins"]


QUARTO = """# Method {#sec-method}

Alliances deter [@walt1987]; see @fig-map, @tbl-pacts, @eq-deter and @tbl-counts, or [@fig-map; @tbl-pacts].

$$ p = \\\\frac{a}{b} $$ {#eq-deter}

![Alliances in 1990](map.png){#fig-map}

: Pacts by decade {#tbl-pacts}

| decade | pacts |
|--------|-------|
| 1990s  | 12    |

```{r}
#| label: tbl-counts
#| tbl-cap: "Alliances by type"
#| echo: false
knitr::kable(table(atop$type))
```

# Results

As @sec-method says. Nothing is at @fig-nowhere.
"""


def test_quarto_cross_references_and_knit_time_tables(tmp_path: Path) -> None:
    """Quarto (an invented .qmd): `@fig-map` names a part of the paper as
    `@fig:map` does for pandoc-crossref, never a missing bibliography key;
    a chunk with `#| tbl-cap:` is a table made when the paper is rendered."""
    paper = read_rmd(tmp_path, QUARTO, name="source.qmd")
    text = paper.sections[0].paragraphs[0]
    assert text.text == ("Alliances deter [@walt1987]; see Figure 1, Table 1, Equation 1 and Table 2, "
                         "or Figure 1; Table 1.")
    kinds = {p.kind: p.id for p in paper.paragraphs()}
    assert [r.target for r in text.cross_references] == [
        kinds[ParagraphKind.FIGURE], kinds[ParagraphKind.TABLE], kinds[ParagraphKind.FORMULA],
        kinds[ParagraphKind.LOST_TABLE], kinds[ParagraphKind.FIGURE], kinds[ParagraphKind.TABLE]]
    assert [m.labels for m in text.citations] == [("walt1987",)]
    results = paper.sections[1].paragraphs[0]
    assert results.text == "As Section 1 says. Nothing is at @fig-nowhere."
    human = _report(paper, ReportAction.NEEDS_HUMAN)
    assert any("chunk 'tbl-counts'" in m and "table" in m for _, m in human)
    assert any("@fig-nowhere" in m and "names no section" in m for _, m in human)
    assert not any("tbl-counts" in m or "fig-map" in m for _, m in _report(paper) if "bibliography" in m)


SUB_FIGURES = """# Data

See @fig-elephants, @fig-surus and @fig-hanno; also @fig-trends-2, @fig-trends and @fig-trends-30.

::: {#fig-elephants layout-ncol=2}

![Surus](surus.png){#fig-surus}

![Hanno](hanno.png){#fig-hanno}

Famous elephants
:::

```{r}
#| label: fig-trends
#| fig-cap: "Alliance trends"
#| fig-subcap:
#|   - "Defence pacts"
#|   - "Neutrality pacts"
plot(1:10)
plot(2:11)
```

![Map](map.png){#fig-map}

And @fig-map.
"""


def test_quarto_sub_figures_are_lettered_parts_of_their_figure(tmp_path: Path) -> None:
    """Quarto (an invented .qmd): a figure Div of images, and a code cell
    making several plots (`@fig-trends-2`), are one figure each; their parts
    print as "Figure 1 (a)" and link to the figure. They used to be counted
    as figures of their own, or reported as naming nothing."""
    paper = read_rmd(tmp_path, SUB_FIGURES, name="source.qmd")
    text, *rest = paper.sections[0].paragraphs
    assert text.text == ("See Figure 1, Figure 1 (a) and Figure 1 (b); also Figure 2 (b), Figure 2 and "
                         "@fig-trends-30.")
    figures = [p for p in rest if p.kind is ParagraphKind.FIGURE]
    assert [f.text for f in figures] == ["Famous elephants (a) Surus (b) Hanno", "Alliance trends", "Map"]
    assert [r.target for r in text.cross_references] == [figures[0].id] * 3 + [figures[1].id] * 2
    assert paper.sections[0].paragraphs[-1].text == "And Figure 3."
    human = _report(paper, ReportAction.NEEDS_HUMAN)
    assert any("@fig-trends-30" in m and "names no" in m for _, m in human)  # no 30th part: (z) is the last
    assert not any("@fig-trends-2 " in m or "@fig-surus" in m for _, m in human)


def test_a_cells_option_lines_are_read_not_printed(tmp_path: Path) -> None:
    """knitr and Quarto print a cell's code without its `#|` option lines."""
    paper = read_rmd(tmp_path, SUB_FIGURES, name="source.qmd")
    (code,) = [p for p in paper.paragraphs() if p.kind is ParagraphKind.CODE]
    assert code.text == "plot(1:10)\nplot(2:11)"


def test_a_cell_inside_a_figure_div_stays_code_not_caption(tmp_path: Path) -> None:
    """Made up: a Quarto figure Div whose plots a code cell draws."""
    body = "# Data\n\nSee @fig-pair.\n\n::: {#fig-pair}\n\n```{r}\nplot(1:10)\n```\n\nTwo plots\n:::\n"
    paper = read_rmd(tmp_path, body, name="source.qmd")
    kinds = [(p.kind, p.text) for p in paper.sections[0].paragraphs[1:]]
    assert kinds[0] == (ParagraphKind.CODE, "plot(1:10)")
    figure_kind, caption = kinds[-1]
    assert figure_kind is ParagraphKind.FIGURE and caption.startswith("Two plots") and "plot(" not in caption
    assert paper.sections[0].paragraphs[0].text == "See Figure 1."
