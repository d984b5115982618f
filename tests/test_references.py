"""Stage 2a: every reference of both papers parses into the fields written
out below by hand, and each messy case in the sources has a test by name."""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from build_tools.model import (
    Name,
    RawReference,
    ReaderError,
    SourceLocation,
    Work,
    WorkType,
)
from build_tools.references.entry_parser import parse_reference
from tests.conftest import read_seed_papers

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parent.parent
IB = "istomin-baykov-2020"
ZOU = "zou-balancing-act"
EXPECTED_COUNTS = {IB: 66, ZOU: 23}


@cache
def references() -> dict[tuple[str, str], RawReference]:
    return {(r.paper_slug, r.label): r for p in read_seed_papers() for r in p.references}


def parsed(paper: str, label: str) -> Work:
    return parse_reference(references()[(paper, label)])


def names(found: tuple[Name, ...]) -> str:
    return "; ".join(f"{n.family}, {n.given}" if n.given else n.family for n in found)


# Every optional field a row may set; a field a row leaves out must come out
# empty, so a row pins the whole parse, not just the fields it names.
OPTIONAL = {"editors": "", "translated_title": "", "container": "", "translated_container": "",
            "volume": "", "issue": "", "pages": "", "publisher": "", "place": "", "edition": "",
            "doi": "", "url": "", "accessed": "", "language": "en", "more_authors": False,
            "cited_pages": "", "reviewed_title": "", "reviewed_authors": ""}


def row(paper: str, label: str, type: str, authors: str, year: str, title: str, **fields: Any) -> Any:
    unknown = set(fields) - set(OPTIONAL)
    assert not unknown, f"row {paper} {label}: unknown fields {unknown}"
    expected = {"type": type, "authors": authors, "year": year, "title": title, **OPTIONAL, **fields}
    return pytest.param(paper, label, expected, id=f"{'zou' if paper == ZOU else 'ib'}-{label}")


ROWS = [
    row(IB, '1', 'article', 'Beckley, M.', '2015', 'The Myth of Entangling Alliances: Reassessing the Security Risks of US Defense Pacts',
        container='International Security', volume='39', issue='4', pages='7-48'),
    row(IB, '2', 'article', 'Bogdanov, K.V.', '2019', 'Flexible Coalitions: Origins and Prospects',
        container='Russia in Global Affairs', volume='17', issue='3', pages='132-150'),
    row(IB, '3', 'article', 'Brooks, S.G.; Ikenberry, G.J.; Wohlforth, W.C.', '2013', 'Don’t Come Home, America: The Case Against Retrenchment',
        container='International Security', volume='37', issue='3', pages='7-51'),
    row(IB, '4', 'book', 'Brooks, S.G.; Wohlforth, W.C.', '2016', 'America Abroad: The United States’ Global Role in the 21st Century',
        publisher='Oxford University Press', place='Oxford'),
    row(IB, '5', 'book', 'Bull, H.', '1977', 'The Anarchical Society: A Study of Order in World Politics',
        publisher='Macmillan', place='London'),
    row(IB, '6', 'book', 'Cha, V.D.', '2016', 'Powerplay: The Origins of the American Alliance System in Asia',
        publisher='Princeton University Press', place='Princeton'),
    row(IB, '7', 'article', 'Cooley, A.; Nexon, D.H.', '2013', '“The Empire Will Compensate You”: The Structural Dynamics of the US Overseas Basing Network',
        container='Perspectives on Politics', volume='11', issue='4', pages='1034-1050'),
    row(IB, '8', 'book', 'Gaddis, J.L.', '2005', 'Strategies of Containment: a Critical Appraisal of American National Security Policy During the Cold War',
        publisher='Oxford University Press', place='Oxford'),
    row(IB, '9', 'chapter', 'Gelpi, C.', '1999', 'Alliances as Instruments of Intra-Allied Control',
        editors='Haftendorn, H.; Keohane, R.; Wallender, C.', container='Imperfect Unions: Security Institutions Over Time and Space', pages='107-139', publisher='Oxford University Press', place='Oxford'),
    row(IB, '10', 'article', 'Gholz, E.; Press, D.G.; Sapolsky, H.M.', '1997', 'Come Home, America: The Strategy of Restraint in the Face of Temptation',
        container='International Security', volume='21', issue='4', pages='5-48'),
    row(IB, '11', 'article', 'Gibler, D.M.; Vasquez, J.A.', '1998', 'Uncovering the Dangerous Alliances, 1495-1980',
        container='International Studies Quarterly', volume='42', issue='4', pages='785-807'),
    row(IB, '12', 'book', 'Gilpin, R.', '1981', 'War and Change in World Politics',
        publisher='Cornell University Press', place='Ithaca'),
    row(IB, '13', 'article', 'Fenenko, A.V.', '2019', '“Long Peace” and Nuclear Weapon',
        container='Russia in Global Affairs', issue='1', pages='72-99'),
    row(IB, '14', 'article', 'Hardin, G.', '1968', 'The Tragedy of the Commons',
        container='Science', volume='162', issue='3859', pages='1243-1248'),
    row(IB, '15', 'book', 'Ikenberry, G.J.', '2019', 'After Victory: Institutions, Strategic Restraint, and the Rebuilding of Order After Major Wars',
        publisher='Princeton University Press', place='Princeton'),
    row(IB, '16', 'article', 'Jervis, R.', '1980', 'The Impact of the Korean War on the Cold War',
        container='Journal of Conflict Resolution', volume='24', issue='4', pages='563-592'),
    row(IB, '17', 'book', 'Jervis, R.', '1989', 'The Meaning of the Nuclear Revolution: Statecraft and the Prospect of Armageddon',
        publisher='Cornell University Press', place='Ithaca'),
    row(IB, '18', 'article', 'Johnson, J.C.', '2017', 'External Threat and Alliance Formation',
        container='International Studies Quarterly', volume='61', issue='3', pages='736-745'),
    row(IB, '19', 'article', 'Kang, D.C.', '2010', 'Hierarchy and Legitimacy in International Systems: The Tribute System in Early Modern East Asia',
        container='Security Studies', volume='19', issue='4', pages='591-622'),
    row(IB, '20', 'book', 'Lake, D.A.', '2011', 'Hierarchy in International Relations',
        publisher='Cornell University Press', place='Ithaca'),
    row(IB, '21', 'book', 'Lanoszka, A.', '2018', 'Atomic Assurance: The Alliance Politics of Nuclear Proliferation',
        publisher='Cornell University Press', place='Ithaca'),
    row(IB, '22', 'book', 'Layne, C.', '2007', 'The Peace of Illusions: American Grand Strategy from 1940 to the Present',
        publisher='Cornell University Press', place='Ithaca'),
    row(IB, '23', 'article', 'Layne, C.', '2012', 'This Time It’s Real: The End of Unipolarity and the Pax Americana',
        container='International Studies Quarterly', volume='56', issue='1', pages='203-213'),
    row(IB, '24', 'book', 'Lebow, N.; Reich, S.', '2014', 'Goodbye Hegemony! Power and Influence in the Global System',
        publisher='Princeton University Press', place='Princeton'),
    row(IB, '25', 'article', 'Long, A.; Green, B.R.', '2015', 'Stalking the Secure Second Strike: Intelligence, Counterforce, and Nuclear Strategy',
        container='Journal of Strategic Studies', volume='38', issue='1-2', pages='38-73'),
    row(IB, '26', 'report', 'Lostumbo, M.J.; McNerney, M.J.; Peltz, E.', '2013', 'Overseas Basing of US Military Forces: An Assessment of Relative Costs and Strategic Benefits',
        publisher='Rand Corporation', place='Santa Monica', more_authors=True),
    row(IB, '27', 'book', 'Mandelbaum, M.', '1981', 'The Nuclear Revolution: International Politics Before and After Hiroshima',
        publisher='Cambridge University Press', place='Cambridge'),
    row(IB, '28', 'book', 'Mann, M.', '2012', 'The Sources of Social Power, Volume III: Global Empires and Revolution, 1890-1945',
        publisher='Cambridge University Press', place='Cambridge'),
    row(IB, '29', 'book', 'Mearsheimer, J.J.', '2001', 'The Tragedy of Great Power Politics',
        publisher='WW Norton & Company', place='N.Y.'),
    row(IB, '30', 'article', 'Morrow, J.D.', '1991', 'Alliances and Asymmetry: An Alternative to the Capability Aggregation Model of Alliances',
        container='American Journal of Political Science', pages='904-933'),
    row(IB, '31', 'article', 'Newnham, R.', '2008', '“Coalition of the Bribed and Bullied?” US Economic Linkage and the Iraq War Coalition',
        container='International Studies Perspectives', volume='9', issue='2', pages='183-200'),
    row(IB, '32', 'article', 'Nikitina, Y.', '2012', 'The Collective Security Treaty Organization through the Looking Glass',
        container='Problems of Post-Communism', volume='59', issue='3', pages='41-52'),
    row(IB, '33', 'article', 'Pant, H.V.; Super, J.M.', '2015', 'India’s ‘Non-Alignment’ Conundrum: a Twentieth-Century Policy in a Changing World',
        container='International Affairs', volume='91', issue='4', pages='747-764'),
    row(IB, '34', 'book', 'Posen, B.R.', '2014', 'Restraint: A New Foundation for US Grand Strategy',
        publisher='Cornell University Press', place='Ithaca'),
    row(IB, '35', 'book', 'Pressman, J.', '2011', 'Warring Friends: Alliance Restraint in International Politics',
        publisher='Cornell University Press', place='Ithaca'),
    row(IB, '36', 'book', 'Risse-Kappen, T.', '1995', 'Cooperation Among Democracies: The European Influence on US Foreign Policy',
        publisher='Princeton University Press', place='Princeton'),
    row(IB, '37', 'book', 'Schmitt, O.', '2018', 'Allies that Count: Junior Partners in Coalition Warfare',
        publisher='Georgetown University Press', place='Washington D.C.'),
    row(IB, '38', 'book', '', '2012', 'Security Assurances and Nuclear Nonproliferation',
        editors='Knopf, J.W.', publisher='Stanford University Press', place='Stanford'),
    row(IB, '39', 'article', 'Smith, A.', '1995', 'Alliance Formation and War',
        container='International Studies Quarterly', volume='39', issue='4', pages='405-425'),
    row(IB, '40', 'book', 'Snyder, G.H.', '1997', 'Alliance Politics',
        publisher='Cornell University Press', place='Ithaca'),
    row(IB, '41', 'book', 'Vasquez, J.A.', '1993', 'The War Puzzle',
        publisher='Cambridge University Press', place='Cambridge'),
    row(IB, '42', 'book', 'Walt, S. M.', '1990', 'The Origins of Alliance',
        publisher='Cornell University Press', place='Ithaca'),
    row(IB, '43', 'book', 'Waltz, K.', '1979', 'Theory of International Politics',
        publisher='McGraw Hill', place='Boston'),
    row(IB, '44', 'book', 'Watt, D.C.', '1984', 'Succeeding John Bull: America in Britain’s Place 1900-1975',
        publisher='Cambridge University Press', place='Cambridge'),
    row(IB, '45', 'book', 'Weitsman, P.A.', '2004', 'Dangerous Alliances: Proponents of Peace, Weapons of War',
        publisher='Stanford University Press', place='Stanford'),
    row(IB, '46', 'book', 'Weitsman, P.A.', '2013', 'Waging War: Alliances, Coalitions, and Institutions of Interstate Violence',
        publisher='Stanford University Press', place='Stanford'),
    row(IB, '47', 'encyclopedia-entry', 'Wolfers, A.', '1968', 'Alliances',
        container='International Encyclopedia of the Social Sciences', publisher='Macmillan', place='New York'),
    row(IB, '48', 'book', 'Womack, B.', '2016', 'Asymmetry and International Relationships',
        publisher='Cambridge University Press', place='Cambridge'),
    row(IB, '49', 'article', 'Yarhi-Milo, K.; Lanoszka, A.; Cooper, Z.', '2016', 'To Arm or to Ally? The Patron’s Dilemma and the Strategic Logic of Arms Transfers and Alliances',
        container='International Security', volume='41', issue='2', pages='90-139'),
    row(IB, '50', 'article', 'Baranovsky, V.G.', '2017', 'Transformation of Global World Order: Dynamics of Systemic Changes',
        container='Polis. Political Studies', issue='3', pages='71-91', language='ru'),
    row(IB, '51', 'article', 'Baykov, A.A.', '2011', 'Geopolitics of the American Military Bases',
        container='National Security', issue='1', pages='32-37', language='ru'),
    row(IB, '52', 'book', 'Batyuk, V.I.; Volodin, D.A.; Dyakova, N.A.', '2012', 'Amerikanskaya voennaya politika k XXI veke: regional’nye aspekty',
        translated_title='American Military Policy in the 21st Century', publisher='ISKRAN', place='Moscow', language='ru'),
    row(IB, '53', 'article', 'Bogdanov, A.N.', '2014', 'American Hegemony and Systemic Stability',
        container='International Trends', volume='12', issue='3', pages='8-22', accessed='09.10.2020', language='ru'),
    row(IB, '54', 'article', 'Fomin, I.V.; Silaev, N.; Makarycheva, A.; Stolyarova, S.; Shavlay, E.', '2019', 'Russia’s Allies Formal Obligations vs. Effective Cooperation',
        container='International Trends', volume='17', issue='2', pages='101-130', language='ru'),
    row(IB, '55', 'working-paper', 'Istomin, I.A.', '2019', 'Politika SShA v Indo-Tikhookeanskom regione',
        translated_title='US Policy in the Indo-Pacific Region', container='Rabochaya tetrad’ Rossiiskogo soveta po mezhdunarodnym delam', translated_container='Working Paper of the Russian International Affairs Council', issue='49', language='ru'),
    row(IB, '56', 'article', 'Istomin, I.A.; Baykov, A.A.', '2019', 'Dynamics of International Alliances in an Unbalanced World Structure',
        container='Mirovaya ekonomika i mezhdunarodnye otnosheniya', volume='63', issue='1', pages='34-48', language='ru'),
    row(IB, '57', 'article', 'Istomin, I.A.; Silaev, N.Yu.; Sushentsov, A.A.', '2018', 'Strategies of Alliances of Continental and Sea Powers',
        container='International Trends', volume='16', issue='4', pages='42-62', language='ru'),
    row(IB, '58', 'article', 'Khatuntsev, S.V.', '2015', 'The West and the “Eurasian Quadriga” (Russia, China, India, Iran)',
        container='Polis. Political Studies', issue='6', pages='45-52', language='ru'),
    row(IB, '59', 'article', 'Lukin, A.V.', '2019', 'Discussion on the Development of China and Prospects for Its Foreign Policy',
        container='Polis. Political Studies', issue='1', pages='71-89', language='ru'),
    row(IB, '60', 'article', 'Nikitin, A.I.', '2018', 'Modern World Order, Its Crisis and Prospects',
        container='Polis. Political Studies', issue='6', pages='32-46', language='ru'),
    row(IB, '61', 'book', 'Pechurov, S.L.', '2013', 'Koalitsionnye voiny anglo-saksov. Istoriya i sovremennost’',
        translated_title='Coalition Wars of Anglo-Saxons. History and Modernity', publisher='LKI', place='Moscow', language='ru'),
    row(IB, '62', 'book', 'Ricardo, D.', '2007', 'On the Principles of Political Economy and Taxation: Selected Works',
        publisher='EKSMO', place='Moscow', language='ru'),
    row(IB, '63', 'chapter', 'Shakleina, T.A.', '2013', 'Great Power Phenomenon and Parameters in the World Politics of the 21st Century',
        editors='Shakleina, T.A.; Baykov, A.A.', container='Megatrendy. Osnovnye traektorii evolyutsii mirovogo poryadka v XXI veke', translated_container='Megatrends. Major Trajectories of the Evolution of the World Order in the Twenty-First Century', pages='283-298', publisher='Aspect Press', place='Moscow', language='ru'),
    row(IB, '64', 'article', 'Shishkov, V.V.', '2014', 'The Rise and Development of U.S. Hegemony: Imperial Domination and Globalization in the 20th Century',
        container='Age of Globalization', issue='1', pages='140-141', language='ru'),
    row(IB, '65', 'article', 'Smirnov, S.V.', '2011', 'At the Roots of the Russian-German Energy Relations (The 70s of the 20th Century)',
        container='MGIMO Review of International Relations', issue='2', pages='193-201', language='ru'),
    row(IB, '66', 'article', 'Troitsky, M.A.', '2002', 'Concept of “Programming Leadership” in the US Euro-Atlantic Strategy',
        container='Pro et Contra', volume='7', issue='4', pages='86-103', language='ru'),
    row(ZOU, '1', 'encyclopedia-entry', 'Wolfers, A.', '1968', 'Alliances',
        editors='Sills, D.L.', container='International Encyclopedia of Social Sciences', pages='268-269', publisher='Macmillan', place='New York'),
    row(ZOU, '2', 'encyclopedia-entry', 'Kimball, W.F.', '1978', '',
        editors='DeConde, A.', container='Encyclopedia of American Foreign Policy', pages='1-2', publisher="Charles Scribner's Sons"),
    row(ZOU, '3', 'book', 'Lanoszka, A.', '2022', 'Military Alliances in the Twenty-First Century',
        edition='1st', cited_pages='14-15'),
    row(ZOU, '4', 'encyclopedia-entry', 'Haglund, D.G.', '2023', 'Alliance',
        container='Encyclopedia Britannica', url='https://www.britannica.com/topic/alliance-politics'),
    row(ZOU, '5', 'book', 'Snyder, G.', '1997', 'Alliance Politics',
        publisher='Cornell University Press'),
    row(ZOU, '6', 'book', 'Walt, S.W.', '1987', 'The Origins of Alliance',
        publisher='Cornell University Press'),
    row(ZOU, '7', 'book', 'Osgood, R.E.', '1968', 'Alliance and American Foreign Policy',
        publisher='The John Hopkins University Press'),
    row(ZOU, '8', 'webpage', 'North Atlantic Treaty Organization', '1949', 'Article 5',
        url='https://www.nato.int/cps/en/natohq/topics_110496.htm', accessed='December 23, 2023'),
    row(ZOU, '9', 'report', 'Bush, R.', 'n.d.', 'The United States Security Partnership with Taiwan',
        publisher='The Brookings Institution', url='https://www.brookings.edu/wp-content/uploads/2016/11/jp_20160713_taiwan_alliance.pdf', cited_pages='1'),
    row(ZOU, '10', 'article', 'Korolev, A.', '2020', 'How closely aligned are China and Russia? Measuring strategic cooperation in IR',
        container='International Politics', volume='57', pages='760–789', doi='10.1057/s41311-019-00178-8'),
    row(ZOU, '11', 'manuscript', 'Wu, F.', 'n.d.', 'China-Russia Axis in UN'),
    row(ZOU, '12', 'article', 'Waltz, K.N.', '1993', 'The Emerging Structure of International Politics',
        container='International Security', volume='18', pages='44-79', url='http://www.jstor.org', accessed='March 21, 2011'),
    row(ZOU, '13', 'webpage', 'North Atlantic Treaty Organization', '1999', "The Alliance's Strategic Concept",
        url='https://www.nato.int/cps/en/natohq/official_texts_27433.htm'),
    row(ZOU, '14', 'webpage', 'North Atlantic Treaty Organization', '2021', 'Peace research perspectives on NATO 2030: A response to the official NATO Reflection Group',
        url='https://natolibguides.info/c.php?g=699606&p=5025088'),
    row(ZOU, '15', 'chapter', 'Brown, C.; Ainley, K.', '2009', 'International Relations and the Individual: Human Rights, Humanitarian Law and Humanitarian War',
        container='Understanding International Relations', pages='221-246', doi='10.1007/978-0-230-24899-1_11'),
    row(ZOU, '16', 'article', 'Ikenberry, G.J.', '2019', 'Reflections on After Victory',
        container='The British Journal of Politics and International Relations', volume='21', pages='5-19', doi='10.1177/1369148118791402'),
    row(ZOU, '17', 'article', 'Krickovic, A.', '2016', 'When ties do not bind: The failure of institutional binding in NATO Russia relations',
        container='Contemporary Security Policy', volume='37', pages='175-199', doi='10.1080/13523260.2016.1198077'),
    row(ZOU, '18', 'chapter', 'Acharya, A.', '2023', 'A Multiplex World: The Coming World Order',
        editors='Khan, M.', container='Emerging World Order After the Russia-Ukraine War: Leading Thinkers Reflect on Post-War Global Power and Authority', pages='8', publisher='New Lines Institute'),
    row(ZOU, '19', 'book', 'Mandelbaum, M.', '1981', 'The Nuclear Revolution: International Politics Before and After Hiroshima',
        publisher='Cambridge University Press', cited_pages='151'),
    row(ZOU, '20', 'report', 'The White House', '2022', 'The National Security Strategy of the United States of America',
        url='https://www.whitehouse.gov/wp-content/uploads/2022/10/Biden-Harris-Administrations-National-Security-Strategy-10-2022.pdf', accessed='December 12, 2023'),
    row(ZOU, '21', 'review', 'Parsons, C.', '1999', 'Review of The Choice for Europe: Social Purpose and State Power from Messina to Maastricht, by A.J. Moravcsik',
        container='French Politics and Society', volume='17', pages='74–78', url='http://www.jstor.org/stable/42844757',
        reviewed_title='The Choice for Europe: Social Purpose and State Power from Messina to Maastricht',
        reviewed_authors='Moravcsik, A.J.'),
    row(ZOU, '22', 'book', 'Nish, I.', '1985', 'Anglo-Japanese Alliance: The Diplomacy of Two Island Empires 1984–1907',
        cited_pages='203-228'),
    row(ZOU, '23', 'chapter', 'Buszynski, L.', '2008', 'Alliances and Asia-Pacific Regionalism',
        container='Report on the Regional Strategic and Political Development Forum', pages='48-50', publisher='The Institute of Southeast Asian Studies', place='Singapore'),
]


def actual_fields(work: Work) -> dict[str, Any]:
    found = {name: getattr(work, name) for name in OPTIONAL if hasattr(work, name)}
    found.update(type=work.type.value, authors=names(work.authors), year=work.year, title=work.title,
                 editors=names(work.editors), reviewed_authors=names(work.reviewed_authors),
                 cited_pages=work.cited_as[0].pages)
    return found


def test_the_table_covers_every_reference_of_both_papers() -> None:
    in_table = [(p.values[0], p.values[1]) for p in ROWS]
    assert len(in_table) == len(set(in_table)), "a reference has two rows"
    assert set(in_table) == set(references())
    for paper, count in EXPECTED_COUNTS.items():
        assert sum(1 for key in references() if key[0] == paper) == count


@pytest.mark.parametrize(("paper", "label", "expected"), ROWS)
def test_reference_fields(paper: str, label: str, expected: dict[str, Any]) -> None:
    work = parsed(paper, label)
    assert actual_fields(work) == expected
    assert work.key == ""  # keys are the bibliography's job
    assert [(c.paper_slug, c.label) for c in work.cited_as] == [(paper, label)]
    assert work.cited_as[0].raw_text == references()[(paper, label)].text


# --- the messy cases, one by one, on the real entries ------------------------


def test_gilpin_1981_has_no_full_stop_after_the_year() -> None:
    assert "1981 War" in references()[(IB, "12")].text
    work = parsed(IB, "12")
    assert (work.year, work.title, work.type) == ("1981", "War and Change in World Politics", WorkType.BOOK)


def test_batyuk_volodin_dyakova_miss_a_comma_but_are_three_authors() -> None:
    assert "Volodin D.A. Dyakova" in references()[(IB, "52")].text
    assert parsed(IB, "52").authors == (Name("Batyuk", "V.I."), Name("Volodin", "D.A."), Name("Dyakova", "N.A."))


def test_gelpi_1999_is_a_chapter_in_an_edited_volume_after_a_dash_with_no_space() -> None:
    assert "–Imperfect Unions" in references()[(IB, "9")].text
    work = parsed(IB, "9")
    assert work.type is WorkType.CHAPTER
    assert work.title == "Alliances as Instruments of Intra-Allied Control"
    assert work.container == "Imperfect Unions: Security Institutions Over Time and Space"
    assert names(work.editors) == "Haftendorn, H.; Keohane, R.; Wallender, C."
    assert (work.place, work.publisher, work.pages) == ("Oxford", "Oxford University Press", "107-139")


def test_shakleina_2013_is_a_chapter_with_editors_and_a_translated_book_title() -> None:
    work = parsed(IB, "63")
    assert work.type is WorkType.CHAPTER
    assert work.authors == (Name("Shakleina", "T.A."),)
    assert work.editors == (Name("Shakleina", "T.A."), Name("Baykov", "A.A."))
    assert work.container == "Megatrendy. Osnovnye traektorii evolyutsii mirovogo poryadka v XXI veke"
    assert work.translated_container.startswith("Megatrends. Major Trajectories")
    assert (work.pages, work.language) == ("283-298", "ru")


def test_lostumbo_et_al_keeps_the_named_authors_and_marks_the_rest() -> None:
    work = parsed(IB, "26")
    assert names(work.authors) == "Lostumbo, M.J.; McNerney, M.J.; Peltz, E."
    assert work.more_authors is True
    assert work.type is WorkType.REPORT  # a RAND study


@pytest.mark.parametrize(("label", "editor", "container"), [
    ("1", Name("Sills", "D.L."), "International Encyclopedia of Social Sciences"),
    ("2", Name("DeConde", "A."), "Encyclopedia of American Foreign Policy"),
    ("18", Name("Khan", "M."),
     ("Emerging World Order After the Russia-Ukraine War: Leading Thinkers Reflect on Post-War "
      "Global Power and Authority")),
])
def test_zou_ed_inside_a_chapter_reference_names_the_editor(label: str, editor: Name,
                                                           container: str) -> None:
    assert "(Ed.)" in references()[(ZOU, label)].text
    work = parsed(ZOU, label)
    assert work.editors == (editor,)
    assert work.container == container
    assert all(n.family != editor.family for n in work.authors)


def test_kimball_is_an_encyclopedia_entry_without_a_title_of_its_own() -> None:
    work = parsed(ZOU, "2")
    assert work.type is WorkType.ENCYCLOPEDIA_ENTRY
    assert work.title == ""
    assert work.container == "Encyclopedia of American Foreign Policy"
    assert "no title" in work.remarks


@pytest.mark.parametrize(("label", "url_or_doi"), [
    ("8", "https://www.nato.int/cps/en/natohq/topics_110496.htm"),
    ("9", "https://www.brookings.edu/wp-content/uploads/2016/11/jp_20160713_taiwan_alliance.pdf"),
    ("13", "https://www.nato.int/cps/en/natohq/official_texts_27433.htm"),
    ("15", "10.1007/978-0-230-24899-1_11"),
])
def test_markdown_escapes_do_not_reach_the_url(label: str, url_or_doi: str) -> None:
    assert "\\_" in references()[(ZOU, label)].text
    work = parsed(ZOU, label)
    assert url_or_doi in (work.url, work.doi)
    assert "\\" not in work.url + work.doi


def test_bogdanov_2014_keeps_the_access_date_of_a_url_the_scrape_lost() -> None:
    work = parsed(IB, "53")
    assert (work.url, work.accessed) == ("", "09.10.2020")
    assert "lost the URL" in work.remarks


def test_istomin_2019_url_with_nothing_after_it_is_recorded_as_lost() -> None:
    assert references()[(IB, "55")].text.endswith("URL:")
    work = parsed(IB, "55")
    assert (work.url, work.accessed) == ("", "")
    assert "lost the URL" in work.remarks


def test_buszynski_year_in_brackets_without_closing_parenthesis() -> None:
    assert "([2008] *" in references()[(ZOU, "23")].text
    work = parsed(ZOU, "23")
    assert work.year == "2008"
    assert work.title == "Alliances and Asia-Pacific Regionalism"
    assert "brackets" in work.remarks


def test_wu_n_d_has_no_year_and_is_an_unpublished_manuscript() -> None:
    work = parsed(ZOU, "11")
    assert (work.year, work.type) == ("n.d.", WorkType.MANUSCRIPT)
    assert work.authors == (Name("Wu", "F."),)


def test_bush_without_any_year_is_n_d() -> None:
    work = parsed(ZOU, "9")
    assert work.year == "n.d."
    assert "no year" in work.remarks


@pytest.mark.parametrize(("label", "accessed"), [
    ("12", "March 21, 2011"), ("8", "December 23, 2023"), ("20", "December 12, 2023")])
def test_retrieved_date_from_is_the_access_date(label: str, accessed: str) -> None:
    work = parsed(ZOU, label)
    assert work.accessed == accessed
    assert "Retrieved" not in work.title + work.publisher + work.container


def test_lanoszka_2022_first_edition_and_cited_pages() -> None:
    work = parsed(ZOU, "3")
    assert (work.edition, work.type, work.pages) == ("1st", WorkType.BOOK, "")
    assert work.cited_as[0].pages == "14-15"


def test_knopf_2012_is_an_edited_book_listed_by_title() -> None:
    work = parsed(IB, "38")
    assert work.authors == ()
    assert work.editors == (Name("Knopf", "J.W."),)
    assert (work.title, work.year, work.type) == (
        "Security Assurances and Nuclear Nonproliferation", "2012", WorkType.BOOK)


@pytest.mark.parametrize(("label", "organisation"), [
    ("8", "North Atlantic Treaty Organization"), ("13", "North Atlantic Treaty Organization"),
    ("14", "North Atlantic Treaty Organization"), ("20", "The White House")])
def test_organisations_are_authors(label: str, organisation: str) -> None:
    assert parsed(ZOU, label).authors == (Name(organisation, "", is_organisation=True),)


@pytest.mark.parametrize(("label", "title", "translated"), [
    ("52", "Amerikanskaya voennaya politika k XXI veke: regional’nye aspekty",
     "American Military Policy in the 21st Century"),
    ("55", "Politika SShA v Indo-Tikhookeanskom regione", "US Policy in the Indo-Pacific Region"),
    ("61", "Koalitsionnye voiny anglo-saksov. Istoriya i sovremennost’",
     "Coalition Wars of Anglo-Saxons. History and Modernity"),
])
def test_transliterated_russian_title_keeps_its_bracketed_translation(label: str, title: str,
                                                                     translated: str) -> None:
    work = parsed(IB, label)
    assert (work.title, work.translated_title, work.language) == (title, translated, "ru")


def test_parsons_1999_is_a_review_of_moravcsik() -> None:
    work = parsed(ZOU, "21")
    assert work.type is WorkType.REVIEW
    assert work.authors == (Name("Parsons", "C."),)
    assert work.reviewed_authors == (Name("Moravcsik", "A.J."),)
    assert work.reviewed_title.startswith("The Choice for Europe")
    assert (work.container, work.volume, work.pages) == ("French Politics and Society", "17", "74–78")


def test_polis_journal_volume_issue_pages() -> None:
    work = parsed(IB, "1")  # "– International Security. Vol. 39. No. 4. P. 7-48."
    assert (work.container, work.volume, work.issue, work.pages) == (
        "International Security", "39", "4", "7-48")


def test_polis_journal_name_with_a_full_stop_and_no_volume() -> None:
    work = parsed(IB, "50")  # "– Polis. Political Studies. No. 3. P. 71-91."
    assert (work.container, work.volume, work.issue) == ("Polis. Political Studies", "", "3")


def test_author_date_journal_volume_and_pages() -> None:
    work = parsed(ZOU, "10")  # "*International Politics*, 57, 760–789."
    assert (work.type, work.container, work.volume, work.pages) == (
        WorkType.ARTICLE, "International Politics", "57", "760–789")
    assert work.title == "How closely aligned are China and Russia? Measuring strategic cooperation in IR"


@pytest.mark.parametrize(("label", "doi"), [
    ("10", "10.1057/s41311-019-00178-8"), ("16", "10.1177/1369148118791402"),
    ("17", "10.1080/13523260.2016.1198077")])
def test_doi_links_become_dois(label: str, doi: str) -> None:
    work = parsed(ZOU, label)
    assert (work.doi, work.url) == (doi, "")


@pytest.mark.parametrize(("paper", "label", "kind"), [
    (IB, "1", WorkType.ARTICLE), (IB, "5", WorkType.BOOK), (IB, "9", WorkType.CHAPTER),
    (IB, "26", WorkType.REPORT), (IB, "47", WorkType.ENCYCLOPEDIA_ENTRY),
    (IB, "55", WorkType.WORKING_PAPER), (ZOU, "8", WorkType.WEBPAGE), (ZOU, "13", WorkType.WEBPAGE),
    (ZOU, "4", WorkType.ENCYCLOPEDIA_ENTRY), (ZOU, "11", WorkType.MANUSCRIPT),
    (ZOU, "21", WorkType.REVIEW), (ZOU, "15", WorkType.CHAPTER), (ZOU, "9", WorkType.REPORT),
])
def test_work_types(paper: str, label: str, kind: WorkType) -> None:
    assert parsed(paper, label).type is kind


def test_polis_russian_part_is_russian_and_english_part_is_not() -> None:
    for (paper, _), raw in references().items():
        if paper == IB:
            assert (parse_reference(raw).language == "ru") == (raw.group == "russian"), raw.text


@pytest.mark.parametrize("text", [
    "Somebody wrote something once.",
    "Walt S. M. The Origins of Alliance. Ithaca: Cornell University Press.",
])
def test_a_reference_that_fits_neither_style_is_an_error_with_its_place(text: str) -> None:
    raw = replace(references()[(IB, "42")], text=text)
    with pytest.raises(ReaderError) as caught:
        parse_reference(raw)
    assert caught.value.where == SourceLocation(raw.location.path, raw.location.line)
    assert "papers/istomin-baykov-2020/source.txt" in str(caught.value)
    assert caught.value.hint
