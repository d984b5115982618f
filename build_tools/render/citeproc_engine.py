"""citeproc-py, as the site's citation style uses it (citation_style.py).

Imported only when a build formats an entry or a citation: a build whose
works were all formatted before (the on-disk cache) never loads citeproc-py
or lxml. What is here makes citeproc-py fast enough for thousands of works
without changing what it prints.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from functools import cached_property
from typing import Any

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, Locator, formatter
from citeproc.model import CitationStylesElement, Locale, Term
from citeproc.model import Name as NameElement
from citeproc.source.json import CiteProcJSON
from lxml import etree


def sorted_bibliography(style: RememberingStyle, data: list[dict[str, Any]]) -> KeyedBibliography:
    """Every work registered once and sorted, as the site lists them."""
    bibliography = KeyedBibliography(style, CiteProcJSON(data), formatter.html)
    for item in data:
        bibliography.register(Citation([RegisteredItem(item["id"])]))
    bibliography.sort()
    return bibliography


def entry_alone(style: RememberingStyle, item: dict[str, Any]) -> str:
    """One work's entry, formatted with no other work registered."""
    bibliography = KeyedBibliography(style, CiteProcJSON([item]), formatter.html)
    bibliography.register(Citation([RegisteredItem(item["id"])]))
    return str(style.render_bibliography(bibliography.items)[0])


def citation(bibliography: KeyedBibliography, cites: Sequence[tuple[str, tuple[str, str] | None]]) -> str:
    """An in-text citation of (key, (locator label, value) or None) pairs."""
    items = [RegisteredItem(key, locator=Locator(*locator)) if locator else RegisteredItem(key)
             for key, locator in cites]
    cited = Citation(items)
    bibliography.register(cited)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py warns about unused item arguments
        rendered = bibliography.cite(cited, lambda item: None)
    return "".join(rendered) if isinstance(rendered, list) else str(rendered)


class RememberingStyle(CitationStylesStyle):  # type: ignore[misc]
    """The style, parsed so that each of its elements remembers its XPath
    lookups. citeproc-py looks up macros, terms and the enclosing layout
    with an XPath query for every variable of every entry (40% of its time);
    the style tree never changes while it renders, so each (element, query)
    result is kept, in a table that lives as long as this style. lxml's
    element class lookup is the documented way to give elements our own
    classes: each is a subclass of citeproc-py's class for that tag."""

    def __init__(self, style: str) -> None:
        super().__init__(style, validate=False)
        found: dict[tuple[Any, str], tuple[Any, ...]] = {}

        def xpath_search(element: Any, expression: str) -> list[Any]:
            # The key holds the element, so its proxy (and id) stays alive.
            key = (element, expression)
            if key not in found:
                found[key] = tuple(element.xpath(expression, namespaces=element.nsmap))
            return list(found[key])

        children: dict[tuple[Any, str], Any] = {}

        def child(element: Any, name: str) -> Any:
            # citeproc-py reads a child element as an attribute ("style.layout",
            # "locale.terms"): one `find` per variable of every entry.
            key = (element, name)
            if key not in children:
                children[key] = element.find("cs:" + name, element.nsmap)
            return children[key]

        roots: dict[Any, Any] = {}

        def get_root(element: Any) -> Any:
            if element not in roots:
                roots[element] = element.getroottree().getroot()
            return roots[element]

        terms: dict[tuple[Any, ...], Any] = {}

        def get_term(element: Any, name: str, form: Any = None, *args: Any, **kwargs: Any) -> Any:
            # A term depends only on the locales asked: the element itself
            # if it is a locale, else its style's (every name, date and label
            # of every entry asks for one).
            owner = element if isinstance(element, Locale) else get_root(element)
            key = (owner, name, form, args, tuple(sorted(kwargs.items())))
            if key not in terms:
                terms[key] = super(type(element), element).get_term(name, form, *args, **kwargs)
            return terms[key]

        locale_options: dict[tuple[Any, str], Any] = {}

        def get_locale_option(element: Any, name: str) -> Any:
            # The locales' options (punctuation-in-quote, …) never change
            # while the style renders; every quoted title asks.
            key = (get_root(element), name)
            if key not in locale_options:
                locale_options[key] = super(type(element), element).get_locale_option(name)
            return locale_options[key]

        options: dict[tuple[Any, ...], Any] = {}

        def name_option(element: Any, name: str, context: Any = None, sort_options: Any = None) -> Any:
            # A name's option (delimiter, et-al-min, initialize-with: thirteen
            # asked for every list of names) follows from the style tree alone,
            # its own attributes and its citation's or bibliography's, unless
            # sorting gives it.
            if sort_options is not None and name in sort_options:
                return super(type(element), element).get_option(name, context, sort_options)
            key = (element, name, context)
            if key not in options:
                options[key] = super(type(element), element).get_option(name, context, sort_options)
            return options[key]

        def get_formatter(element: Any) -> Any:
            # Asked by every formatted piece of every entry: the root once,
            # not twice (citeproc-py's own asks for it again after the test).
            root = get_root(element)
            return (root.style if isinstance(root, Locale) else root).formatter

        spelled: dict[tuple[Any, str], Any] = {}

        def term_form(form: str) -> Any:
            # A term's singular and plural text (an immutable string) never
            # changes while the style renders; each label and "and" asks.
            def text(element: Any) -> Any:
                key = (element, form)
                if key not in spelled:
                    spelled[key] = getattr(super(type(element), element), form)
                return spelled[key]
            return property(text)

        lookup = etree.ElementNamespaceClassLookup()
        namespace = lookup.get_namespace("http://purl.org/net/xbiblio/csl")
        remembering = {"xpath_search": xpath_search, "__getattr__": child, "get_root": get_root,
                       "get_term": get_term, "get_locale_option": get_locale_option, "get_formatter": get_formatter}
        namespace[None] = type("Element", (CitationStylesElement,), remembering)
        for cls in CitationStylesElement.__subclasses__():
            # citeproc-py's own rule from class name to tag (frontend.CitationStylesXML)
            methods = {**remembering, "get_option": name_option} if cls is NameElement else remembering
            if cls is Term:
                methods = {**remembering, "single": term_form("single"), "multiple": term_form("multiple")}
            namespace[cls.__name__.replace("_", "-").lower()] = type(cls.__name__, (cls,), methods)
        parser = etree.XMLParser(remove_comments=True, encoding="UTF-8", no_network=True)
        parser.set_element_class_lookup(lookup)
        self.xml: Any = etree.fromstring(etree.tostring(self.xml), parser).getroottree()
        self.root = self.xml.getroot()
        self.root.set_locale_list(self.root.get("default-locale", "en-US"), validate=False)
        # Locale files (terms, dates) were parsed by citeproc-py's own parser:
        # parse them again with ours, so their lookups are remembered too.
        locales = [locale if locale.getroottree() is self.xml else etree.fromstring(etree.tostring(locale), parser)
                   for locale in self.root.locales]
        self.root.locales = locales
        for locale in locales:
            locale.style = self.root


class RegisteredItem(CitationItem):  # type: ignore[misc]
    """citeproc-py's citation item finds its work's data through citation,
    bibliography and source for every variable it prints (a sixth of the
    time an entry takes); once the item is registered that never changes,
    so it is found once."""

    @cached_property
    def reference(self) -> Any:
        return self.bibliography.source[self.key]


class KeyList(list[str]):
    """citeproc-py keeps the registered keys in a list and asks `key in
    keys` for every registration and `keys.index(key)` for every cite: both
    linear, so registering n works took time growing with n². Same list,
    with those two answered from a dict."""

    def __init__(self, keys: Iterable[str] = ()) -> None:
        super().__init__(keys)
        self._positions: dict[str, int] = {}
        for position, key in enumerate(self):
            self._positions.setdefault(key, position)

    def append(self, key: str) -> None:
        self._positions.setdefault(key, len(self))
        super().append(key)

    def __contains__(self, key: object) -> bool:
        return key in self._positions

    def index(self, key: str, *bounds: Any) -> int:
        if bounds:
            return super().index(key, *bounds)
        try:
            return self._positions[key]
        except KeyError:
            raise ValueError(f"{key!r} is not in list") from None


class KeyedBibliography(CitationStylesBibliography):  # type: ignore[misc]
    """citeproc-py's bibliography with `KeyList` keys."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.keys = KeyList()

    def sort(self) -> None:
        super().sort()
        self.keys = KeyList(self.keys)
