"""What a careful reader checks on a paper page, in Chromium: what the site
holds of the paper, the cite box, the header, the reference list, the
breadcrumb, the floating "Annotate selection" button, and print. Each test
also leaves screenshots in test-artifacts/ for a person to look at."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.browser

IB = "papers/istomin-baykov-2020/"
ZOU = "papers/zou-balancing-act/"
ROOT = Path(__file__).resolve().parent.parent


def test_a_landing_page_paper_says_only_the_landing_page_is_here(page: Page, site_url: str) -> None:
    page.goto(site_url + IB)
    holdings = page.locator(".reader-paper-header .reader-holdings")
    expect(holdings).to_contain_text("only the journal's landing page")
    expect(holdings).to_contain_text("not the full text")
    expect(holdings.locator("a")).to_have_attribute("href", "https://doi.org/10.17976/jpps/2020.06.02")
    # It is said before the abstract, where a reader starts.
    assert holdings.bounding_box()["y"] < page.locator("h2#abstract").bounding_box()["y"]
    page.goto(site_url + ZOU)
    expect(page.locator(".reader-holdings")).to_contain_text("This site has the full text")


def test_concept_pages_do_not_count_an_abstract_as_the_paper(page: Page, site_url: str) -> None:
    page.goto(site_url + "concepts/entrapment/")
    summary = page.locator("#where-the-papers-use-this + p")
    expect(summary).to_contain_text("Istomin & Baykov: only the abstract is here")
    expect(page.locator("article")).not_to_contain_text("The landing page does not use")


def test_the_cite_box_copies_the_citation_and_offers_three_formats(
        browser: Browser, site_url: str, screenshot_dir: Path) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(site_url + IB)
    box = page.locator("aside.reader-cite-box")
    assert box.bounding_box()["y"] < page.locator("h2#abstract").bounding_box()["y"]
    copy = box.get_by_role("button", name="Copy citation")
    expect(copy).to_be_visible()
    copy.click()
    expect(box.locator("[role=status]")).to_have_text("Citation copied.")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("Istomin, I.A., and A.A. Baykov. 2020. “Alliances at the Service of Hegemony")
    downloads = {a.inner_text(): a.get_attribute("href") for a in box.locator("a[download]").all()}
    assert set(downloads) == {"BibTeX", "RIS", "CSL-JSON"}
    bodies = {name: page.request.get(urljoin(page.url, href)).text() for name, href in downloads.items()}
    assert bodies["BibTeX"].startswith("@article{istominbaykov2020,")
    assert bodies["RIS"].startswith("TY  - JOUR")
    assert '"DOI": "10.17976/jpps/2020.06.02"' in bodies["CSL-JSON"]
    expect(box.get_by_role("link", name="DOI", exact=True)).to_have_attribute("href", "https://doi.org/10.17976/jpps/2020.06.02")
    # The journal's own form now lives in the box, not above the abstract.
    expect(box.locator("summary", has_text="As the journal suggests")).to_be_visible()
    page.screenshot(path=screenshot_dir / "cite-box-light.png")
    context.close()


def test_the_title_is_not_followed_by_an_empty_band(page: Page, site_url: str) -> None:
    page.goto(site_url + IB)
    gap = page.evaluate("""() => {
        const h1 = document.querySelector('article h1');
        const range = document.createRange();
        range.selectNodeContents(h1.firstChild);
        const text = range.getBoundingClientRect();
        return document.querySelector('.reader-paper-header').getBoundingClientRect().top - text.bottom;
    }""")
    assert gap < 48, f"{gap}px between the title's last line and the authors"


def test_author_identifiers_share_the_authors_line(page: Page, site_url: str) -> None:
    page.goto(site_url + IB)
    istomin = page.locator(".reader-author").first
    name_box = page.evaluate("""() => {
        const li = document.querySelector('.reader-author');
        const range = document.createRange(); range.selectNodeContents(li.firstChild);
        return range.getBoundingClientRect().top; }""")
    ids = istomin.locator(".reader-author-ids a")
    expect(ids).to_have_count(3)
    assert abs(ids.first.bounding_box()["y"] - name_box) < 12  # same line, not stacked below
    expect(ids.nth(1)).to_have_attribute("href", "https://orcid.org/0000-0002-8334-6343")


def test_keywords_come_right_after_the_abstract_before_its_notes(page: Page, site_url: str) -> None:
    page.goto(site_url + IB)
    order = page.evaluate("""() => [...document.querySelectorAll(
        'article #abstract-p1, article .reader-keywords, article .reader-notes')].map(e => e.className)""")
    assert order[:3] == ["reader-paragraph", "reader-keywords", "reader-notes"]


def test_annotate_selection_is_a_styled_button_in_both_schemes(
        browser: Browser, site_url: str, screenshot_dir: Path) -> None:
    for scheme in ("light", "dark"):
        # A fresh context per scheme: Material remembers the first scheme it saw.
        page = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme).new_page()
        page.goto(site_url + ZOU)
        page.locator("#s1-p1").scroll_into_view_if_needed()
        page.evaluate("""() => {
            const p = document.querySelector('#s1-p1');
            const range = document.createRange();
            range.setStart(p.firstChild, 0); range.setEnd(p.firstChild, 30);
            const selection = getSelection(); selection.removeAllRanges(); selection.addRange(range);
        }""")
        page.locator("#s1-p1").dispatch_event("mouseup")
        button = page.get_by_role("button", name="Annotate selection")
        expect(button).to_be_visible()
        style = button.evaluate("""b => { const s = getComputedStyle(b);
            return [s.backgroundColor, s.paddingLeft, s.color]; }""")
        assert style[0] not in ("rgba(0, 0, 0, 0)", "transparent") and style[1] != "0px"
        assert style[0] != style[2]
        page.screenshot(path=screenshot_dir / f"annotate-selection-{scheme}.png")
        page.context.close()


def test_breadcrumbs_lead_to_the_section_index(page: Page, site_url: str) -> None:
    for path, index in ((ZOU, "Papers"), (IB, "Papers"), ("concepts/entrapment/", "Concepts")):
        page.goto(site_url + path)
        last = page.locator("nav.md-path a.md-path__link").last
        expect(last).to_have_text(index)
        last.click()
        expect(page.get_by_role("heading", level=1, name=index)).to_be_visible()


def test_the_papers_index_says_what_the_site_holds_of_each(page: Page, site_url: str) -> None:
    page.goto(site_url + "papers/")
    rows = page.locator("article table tbody tr")
    expect(rows).to_have_count(2)
    ib = rows.filter(has_text="Istomin & Baykov (2020): Alliances at the Service of Hegemony")
    expect(ib).to_contain_text("Abstract and references")
    expect(rows.filter(has_text="Zou: Balancing Act")).to_contain_text("Full text")
    # The nav's Papers entry is the index, not a list of every paper.
    expect(page.locator(".md-nav--primary a", has_text="Istomin")).to_have_count(0)


def test_reference_entries_end_with_a_small_icon_and_print_once(page: Page, site_url: str) -> None:
    page.goto(site_url + IB)
    walt = page.locator("#ref-42")
    expect(walt).to_contain_text("Walt, S. M. 1990.")
    expect(walt.get_by_role("link", name="Zou [6] cites the 1987 edition")).to_be_visible()
    icon = walt.get_by_role("link", name="In the bibliography")
    assert icon.bounding_box()["width"] < 24
    summary = walt.locator("summary")
    assert abs(summary.bounding_box()["y"] - icon.bounding_box()["y"]) < 12  # same line as the links
    page.emulate_media(media="print")
    expect(walt.locator("details")).to_be_hidden()
    expect(walt.locator(".reader-ref-links")).to_be_hidden()


@pytest.mark.parametrize("path", [IB, ZOU])
def test_screenshots_light_dark_phone_and_print(browser: Browser, site_url: str, screenshot_dir: Path,
                                                path: str) -> None:
    name = path.strip("/").replace("/", "-")
    for label, viewport, scheme in (("light", {"width": 1280, "height": 900}, "light"),
                                    ("dark", {"width": 1280, "height": 900}, "dark"),
                                    ("phone", {"width": 390, "height": 844}, "light")):
        context = browser.new_context(viewport=viewport, color_scheme=scheme)
        page = context.new_page()
        page.goto(site_url + path)
        page.screenshot(path=screenshot_dir / f"{name}-{label}.png")
        context.close()
    page = browser.new_page()
    page.goto(site_url + path)
    page.pdf(path=str(screenshot_dir / f"{name}.pdf"), format="A4")
    page.close()


def test_the_home_page_says_what_the_site_is_and_where_to_start(page: Page, site_url: str) -> None:
    page.goto(site_url)
    lead = page.locator("article p.reader-lead")
    expect(lead).to_contain_text("instruments of American hegemony")
    expect(lead).to_contain_text("a balancing act")
    expect(page.get_by_role("link", name="Start reading Zou (full text)")).to_be_visible()
    for name in ("Concepts", "Notes", "Bibliography", "About this site"):
        expect(page.locator("article").get_by_role("link", name=name, exact=True)).to_be_visible()
    article = page.locator("article")
    expect(article).not_to_contain_text("README")
    expect(article).not_to_contain_text("This study aims to appraise")  # no abstracts here
    # Lines of reading length: the widest paragraph holds under ~95 characters.
    width = page.evaluate("Math.max(...[...document.querySelectorAll('article p')].map(p => p.clientWidth))")
    font = page.evaluate("parseFloat(getComputedStyle(document.querySelector('article p')).fontSize)")
    assert width / (font * 0.5) < 95


def test_the_bibliography_filters_and_sorts_by_keyboard_and_says_so(page: Page, site_url: str) -> None:
    page.goto(site_url + "bibliography/")
    count = page.locator("output.reader-bib-count")
    expect(count).to_have_attribute("aria-live", "polite")
    expect(count).to_have_text("86 of 86 works, by author")
    paper = page.get_by_label("Cited by")
    paper.focus()
    page.keyboard.press("ArrowDown")  # keyboard only: the first paper in the list
    expect(count).to_contain_text(" of 86 works")
    shown = page.locator("article li:has(> .reader-work):visible")
    assert shown.count() < 86
    for item in shown.all():
        assert "istomin-baykov-2020" in (item.get_attribute("data-papers") or "")
    page.get_by_label("Type").select_option("article")
    page.get_by_label("Sort by").select_option("year")
    years = [y for y in (i.get_attribute("data-year") for i in shown.all()) if y]
    assert years == sorted(years) and years
    expect(count).to_contain_text("by year")
    # No processing notes or keys in the reading text; each work says where it is cited.
    article = page.locator("article")
    expect(article).not_to_contain_text("the source lost the URL")
    expect(article).not_to_contain_text("Key ")
    expect(page.locator("#walt1987origins + p")).to_contain_text("Zou [6] in §2 ¶2")


def test_without_script_the_bibliography_is_the_full_list(browser: Browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "bibliography/")
    expect(page.locator("form.reader-bib-filters")).to_be_hidden()
    expect(page.locator("article li:has(> .reader-work)")).to_have_count(86)
    context.close()


@pytest.mark.parametrize(("path", "most_pages"), [(IB, 6), (ZOU, 14)])
def test_a_printed_paper_is_compact_and_starts_with_its_citation(
        page: Page, site_url: str, screenshot_dir: Path, path: str, most_pages: int) -> None:
    pypdf = pytest.importorskip("pypdf")
    page.goto(site_url + path)
    pdf = screenshot_dir / f"print-{path.strip('/').replace('/', '-')}.pdf"
    page.pdf(path=str(pdf), format="A4")
    reader = pypdf.PdfReader(pdf)
    assert len(reader.pages) <= most_pages
    first = " ".join(reader.pages[0].extract_text().split())
    assert "Cite this paper" in first and f"This page: {site_url}{path}" in first
    page.emulate_media(media="print")
    for hidden in ("nav.md-path", ".md-sidebar", ".reader-cite-box__actions", "#works-cited-in-notes"):
        expect(page.locator(hidden).first).to_be_hidden()
    expect(page.locator("ol.reader-references")).to_have_count(2 if path == IB else 1)


def test_concept_map_labels_are_readable_and_never_overlap(page: Page, site_url: str,
                                                           screenshot_dir: Path) -> None:
    page.goto(site_url + "concepts/")
    boxes = page.evaluate("""() => [...document.querySelectorAll('svg.concept-map .node text')].map(t => {
        const r = t.getBoundingClientRect(); return [t.textContent, r.left, r.top, r.right, r.bottom, r.height]; })""")
    assert len(boxes) == len([p for p in (ROOT / "tests" / "fixtures" / "project" / "docs" / "concepts").glob("*.md")
                               if p.name != "index.md"])
    smallest = min(b[5] for b in boxes)
    # A text box is about 1.15 times the font size.
    assert smallest / 1.15 >= 12, f"labels render at {smallest / 1.15:.1f}px"
    overlaps = [(a[0], b[0]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
                if min(a[3], b[3]) - max(a[1], b[1]) > 0.5 and min(a[4], b[4]) - max(a[2], b[2]) > 0.5]
    assert overlaps == []
    page.locator("figure.concept-map-figure").screenshot(path=screenshot_dir / "concept-map-desktop.png")


def test_concept_map_shows_related_lines_and_neighbours_and_filters_by_paper(page: Page, site_url: str) -> None:
    page.goto(site_url + "concepts/")
    shared_only = page.locator("svg.concept-map .edge.co-occurrence:not(.related)")
    expect(shared_only.first).to_be_hidden()
    page.get_by_label("Also show concepts that share").check()
    expect(shared_only.first).to_be_visible()
    status = page.locator("output.concept-map-status")
    expect(status).to_contain_text("shared-paragraph lines shown")
    entrapment = page.locator('svg.concept-map .node[data-slug="entrapment"]')
    entrapment.focus()
    near = page.locator("svg.concept-map .node.is-near")
    expect(near.filter(has=page.locator("text", has_text="Abandonment"))).to_have_count(1)
    far = page.locator('svg.concept-map .node[data-slug="bipolarity"]')
    assert float(far.evaluate("n => getComputedStyle(n).opacity")) < 0.5
    page.get_by_label("Concepts used in").select_option("istomin-baykov-2020")
    expect(status).to_contain_text("concepts used in Istomin & Baykov (2020)")
    assert page.locator("svg.concept-map .node.is-filtered-out").count() > 0


def test_on_a_phone_the_map_keeps_readable_labels_and_scrolls(browser: Browser, site_url: str,
                                                             screenshot_dir: Path) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(site_url + "concepts/")
    figure = page.locator("figure.concept-map-figure")
    figure.scroll_into_view_if_needed()
    label = page.locator("svg.concept-map .node text").first
    assert label.bounding_box()["height"] / 1.15 >= 12
    assert figure.evaluate("f => f.scrollWidth > f.clientWidth")
    expect(figure).to_have_attribute("tabindex", "0")  # keyboard users can scroll it
    page.screenshot(path=screenshot_dir / "concept-map-phone.png")
    page.close()


def test_an_editorial_correction_is_marked_and_shows_what_the_paper_printed(
        page: Page, site_url: str, screenshot_dir: Path) -> None:
    page.goto(site_url + IB)
    fix = page.locator("#abstract-p1 ins.reader-editorial", has_text="in need")
    expect(fix).to_be_visible()
    marker = fix.evaluate("e => getComputedStyle(e, '::after').content")
    assert "ed." in marker  # marked by a sign, not by colour alone
    fix.focus()
    popover = page.locator("#reader-popover")
    expect(popover).to_contain_text("The paper prints “inneed”")
    page.screenshot(path=screenshot_dir / "editorial-correction.png")
    page.emulate_media(media="print")
    assert "printed: inneed" in fix.evaluate("e => getComputedStyle(e, '::after').content")
    # A note quoting the passage quotes what the paper printed.
    page.emulate_media(media="screen")
    page.evaluate("""() => {
        const p = document.querySelector('#abstract-p1');
        const ins = [...p.querySelectorAll('ins.reader-editorial')].pop();
        const range = document.createRange();
        range.setStartBefore(ins.previousSibling); range.setEndAfter(ins);
        const s = getSelection(); s.removeAllRanges(); s.addRange(range);
    }""")
    page.locator("#abstract-p1").dispatch_event("mouseup")
    button = page.get_by_role("button", name="Annotate selection")
    expect(button).to_be_visible()
    assert "inneed" in (button.get_attribute("data-url") or "").replace("%20", " ")


def test_on_a_touch_screen_selecting_text_offers_annotate_and_no_hidden_links_leave_gaps(
        browser: Browser, site_url: str, screenshot_dir: Path) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto(site_url + ZOU)
    expect(page.locator("#s1-p1 .reader-annotate")).to_be_hidden()  # display: none, not an invisible gap
    page.locator("#s1-p1").scroll_into_view_if_needed()
    # A touch selection: no mouseup, only selectionchange.
    page.evaluate("""() => { const p = document.querySelector('#s1-p1');
        const r = document.createRange(); r.setStart(p.firstChild, 0); r.setEnd(p.firstChild, 25);
        const s = getSelection(); s.removeAllRanges(); s.addRange(r); }""")
    expect(page.get_by_role("button", name="Annotate selection")).to_be_visible()
    page.screenshot(path=screenshot_dir / "annotate-touch-phone.png")
    context.close()


def test_reading_layers_persist_across_pages_and_are_announced(page: Page, site_url: str) -> None:
    page.goto(site_url + ZOU)
    layers = page.get_by_role("group", name="Show in the text")
    terms = layers.get_by_label("Concept links")
    expect(terms).to_be_checked()
    terms.focus()
    page.keyboard.press("Space")
    expect(layers.get_by_role("status")).to_have_text("Concept links hidden.")
    term = page.locator("#s1-p1 a.reader-term").first
    assert term.evaluate("t => getComputedStyle(t).textDecorationLine") == "none"
    expect(term).to_have_attribute("tabindex", "-1")
    page.goto(site_url + IB)
    expect(page.get_by_role("group", name="Show in the text").get_by_label("Concept links")).not_to_be_checked()
    assert page.locator("#abstract-p1 a.reader-term").first.evaluate(
        "t => getComputedStyle(t).textDecorationLine") == "none"
    page.get_by_label("Concept links").check()
    expect(page.locator("#abstract-p1 a.reader-term").first).not_to_have_attribute("tabindex", "-1")


def test_term_links_look_apart_from_citations_and_quotes_are_not_grey(page: Page, site_url: str) -> None:
    page.goto(site_url + ZOU)
    citation = page.locator("#s1-p1 a.reader-citation").first
    term = page.locator("#s1-p1 a.reader-term").first
    style = "a => [getComputedStyle(a).textDecorationStyle, getComputedStyle(a).color]"
    assert citation.evaluate(style) != term.evaluate(style)
    assert term.evaluate(style)[0] == "dotted"
    quote = page.locator("article blockquote .reader-paragraph").first
    body = page.locator("#s1-p1")
    assert quote.evaluate("q => getComputedStyle(q).color") == body.evaluate("p => getComputedStyle(p).color")


def test_note_kinds_have_their_own_icon_and_word(page: Page, site_url: str, screenshot_dir: Path) -> None:
    page.goto(site_url + IB)
    icons = {}
    for kind, word in (("correcting", "Correction"), ("linking", "Link"), ("commenting", "Comment"),
                       ("questioning", "Question")):
        note = page.locator(f"details.reader-note--{kind}").first
        expect(note.locator(".reader-note__kind")).to_have_text(word)
        icons[kind] = note.locator("summary").evaluate("s => getComputedStyle(s, '::before').maskImage")
    assert len(set(icons.values())) == 4


def test_the_notes_page_filters_by_paper_and_kind_and_names_passages_in_words(page: Page, site_url: str) -> None:
    page.goto(site_url + "annotations/")
    expect(page.locator("article h3").first).to_contain_text("Abstract: “")
    expect(page.locator("article h3", has_text="§")).to_have_count(0)
    count = page.locator("output.reader-note-count")
    page.get_by_label("Paper").select_option("zou-balancing-act")
    expect(count).to_have_text("9 of 13 notes")
    expect(page.locator("h2#istomin-baykov-2020")).to_be_hidden()
    page.get_by_label("Kind").select_option("questioning")
    visible = page.locator(".reader-note-card:visible")
    assert visible.count() >= 1
    for card in visible.all():
        assert card.get_attribute("data-kind") == "questioning"
        assert card.get_attribute("data-paper") == "zou-balancing-act"


def test_search_snippets_have_no_stray_marks_or_run_on_dates(page: Page, site_url: str) -> None:
    index = page.request.get(site_url + "search/search_index.json").json()
    texts = [d["text"] for d in index["docs"] if d["location"].startswith("papers/")]
    assert texts
    assert not any("¶" in t for t in texts)
    assert not any(re.search(r"\d{4}-\d\d-\d\d[a-z]", t) for t in texts)


def test_a_citation_popover_offers_the_doi_the_bibliography_and_the_other_paper(page: Page, site_url: str) -> None:
    page.goto(site_url + ZOU)
    page.locator('#s2-p2 a.reader-citation[data-popover="#ref-6"]').first.hover()
    popover = page.locator("#reader-popover")
    expect(popover).to_contain_text("The Origins of Alliance")
    expect(popover.get_by_role("link", name="Istomin & Baykov [42] cites the 1990 edition")).to_be_visible()
    expect(popover.get_by_role("link", name="In the bibliography")).to_be_visible()
    expect(popover).not_to_contain_text("As printed")
    page.mouse.move(0, 0)
    page.locator('a.reader-citation[data-popover="#ref-10"]').first.hover()  # Korolev has a DOI
    expect(popover.locator('a[href^="https://doi.org/"]')).to_be_visible()
