"""The built site in a real browser (Debian's chromium, driven by Playwright), as patients meet it.

One session builds the real site with `mkdocs build --strict`, serves it on 127.0.0.1 and checks, on every page
(the register's index and its four level pages included): no request to another host; no axe-core WCAG 2.0/2.1/2.2
A and AA violation in the light and dark palettes at phone and desktop widths; badges visible with their words at
390 px and 1280 px; evidence profile counts that match the page's claims (the register's: every claim on the site);
a link to the legend; a first view under 100 KB compressed; no layout shift while loading. On a topic page: a
badge's explanation opens by keyboard and by tap on its level page, and print keeps statements, level words, note
labels and the numbered sources. On the register: each level page narrows by page, the index counts one page's
claims per level, and without JavaScript every claim is listed across the level pages. Screenshots go to
test-output/screenshots/.

Set BROWSER_TEST_SITE to a folder holding an already built site to skip the build (local iteration only).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from playwright.sync_api import expect, sync_playwright

from browser import probes
from browser.harness import (
    AXE_TAGS, CHROMIUM, CHROMIUM_ARGS, ROOT, RequestLog, axe_collect, axe_start, axe_violations, build_site,
    format_violations, gzip_size, require_browser_deps, serve, site_pages,
)

TOPIC = "hair-loss/"              # the topic page used for keyboard, tap, print and screenshot checks
TOPIC_SOURCE = "hair-loss.md"     # its source, as the register's data-pages and claims.json name it
TOPIC_TITLE = "Hair loss"
REGISTER = "register/"            # the index: site-wide profile, the legend, a link to each level's page
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
FIRST_VIEW_BUDGET = 100_000       # bytes, gzip level 6, of the HTML + CSS + JS of a first view; every page
OUTPUT = ROOT / "test-output"


def level_page(level: str) -> str:
    return f"{REGISTER}{level}/"


# ---- session: one build, one server, one browser ------------------------------------------------------------

@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    require_browser_deps()
    prebuilt = os.environ.get("BROWSER_TEST_SITE")
    if prebuilt:
        return Path(prebuilt)
    return build_site(tmp_path_factory.mktemp("browser") / "site")


@pytest.fixture(scope="session")
def base_url(site) -> str:
    with serve(site) as url:
        yield url


@pytest.fixture(scope="session")
def pages(site, labels) -> list[str]:
    found = site_pages(site)
    expected = ["", TOPIC, REGISTER, *(level_page(level) for level in labels)]
    assert set(expected) <= set(found), f"expected pages missing from {found}"
    return found


@pytest.fixture(scope="session")
def claims(site) -> list[dict]:
    return json.loads((site / "claims.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def labels() -> dict[str, str]:
    """Level id -> label, strongest first, from the evidence scale the site is built with."""
    levels = yaml.safe_load((ROOT / "claims" / "levels.yml").read_text(encoding="utf-8"))
    return {lv["id"]: lv["label"] for lv in sorted(levels, key=lambda lv: -lv["rank"])}


@pytest.fixture(scope="session")
def requests_log(base_url) -> RequestLog:
    return RequestLog(base_url)


@pytest.fixture(scope="session")
def browser(site):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, base_url, requests_log):
    """Open a page in a fresh context with the given options; every request it makes is recorded."""
    contexts = []

    def open_page(path: str = "", **options):
        context = browser.new_context(base_url=base_url, **{"viewport": DESKTOP, **options})
        context.set_default_timeout(15_000)
        requests_log.attach(context)
        contexts.append(context)
        page = context.new_page()
        if path is not None:
            page.goto(path, wait_until="load")
        return page

    yield open_page
    for context in contexts:
        context.close()


def visit(page, path: str, wait_until: str = "load") -> None:
    response = page.goto(path, wait_until=wait_until)
    assert response is not None and response.ok, f"/{path}: HTTP {response and response.status}"


# ---- every page, in both palettes and at both widths ---------------------------------------------------------

# name: (prefers-color-scheme, viewport, full). The full sweep loads every page as a first view (the browser cache
# is off) and waits for the network to go quiet, search index included; the others leave the index out (it is
# data, built by the search worker on every page load), which spares the CPU for axe.
SWEEPS = {
    "light-1280": ("light", DESKTOP, True),
    "dark-1280": ("dark", DESKTOP, False),
    "light-390": ("light", PHONE, False),
    "dark-390": ("dark", PHONE, False),
}
# Material starts its search worker after load and the worker fetches the index; Material's own "about 63 KB"
# first view (HTML + CSS + JS) leaves both out, and so does ours.
SEARCH_ONLY = re.compile(r"/search/search_index\.json$|/assets/javascripts/workers/search\.[^/]*\.js$")
FIRST_VIEW_TYPES = ("document", "stylesheet", "script")


@pytest.fixture(scope="session")
def sweeps(browser, base_url, requests_log, pages, labels) -> dict[str, dict[str, dict]]:
    """Every page in every palette and width: {sweep name: {path: what the per-page tests judge}}.

    The four sweeps run side by side, one context each: a page is opened in all four, axe is started in all four
    (each context has its own renderer process, so the runs overlap), then the results are collected. The full
    sweep also weighs each page's first view: {url: gzip size} of the HTML, CSS and JS it fetched.
    """
    tabs = {}
    for name, (scheme, viewport, full) in SWEEPS.items():
        context = browser.new_context(base_url=base_url, viewport=viewport, color_scheme=scheme)
        context.set_default_timeout(15_000)
        requests_log.attach(context)
        page = context.new_page()
        if full:
            context.new_cdp_session(page).send("Network.setCacheDisabled", {"cacheDisabled": True})
        else:
            context.route("**/search/search_index.json", lambda route: route.abort())
        tabs[name] = (context, page, full)
    responses: list = []
    tabs["light-1280"][1].on("response", lambda response: responses.append(response))
    done: dict[str, dict[str, dict]] = {name: {} for name in SWEEPS}
    try:
        for path in pages:
            responses.clear()
            for name, (_, page, _) in tabs.items():
                visit(page, path)
                axe_start(page)
            for name, (_, page, full) in tabs.items():
                violations = axe_collect(page)
                done[name][path] = {
                    "palette": page.get_attribute("body", "data-md-color-scheme"),
                    "axe": violations,
                    "badges": page.evaluate(probes.BADGES, labels),
                    "profile": page.evaluate(probes.PROFILE),
                    "legend": page.evaluate(probes.LEGEND_LINK),
                    "filter": page.locator("form.register-filter").count(),
                    "layout_shift": page.evaluate(probes.LAYOUT_SHIFT),
                }
                if full:
                    page.wait_for_load_state("networkidle")
                    done[name][path]["first_view"] = {
                        r.url: gzip_size(r.body()) for r in responses
                        if r.request.resource_type in FIRST_VIEW_TYPES and r.ok and not SEARCH_ONLY.search(r.url)}
    finally:
        for context, _, _ in tabs.values():
            context.close()
    return done


@pytest.mark.parametrize("name", list(SWEEPS))
def test_axe_finds_no_wcag_violation_on_any_page(sweeps, name):
    expected = "slate" if name.startswith("dark") else "default"
    problems = []
    for path, view in sweeps[name].items():
        assert view["palette"] == expected, f"/{path}: Material did not switch to the {expected} palette"
        problems += format_violations(f"/{path} [{name}]", view["axe"])
    print("\n".join(problems))
    assert problems == [], f"{len(problems)} axe violations ({', '.join(AXE_TAGS)}):\n" + "\n".join(problems)


def test_search_dialog_and_register_filters_have_accessible_names(new_page, labels):
    """aria-dialog-name is an axe best-practice rule that Lighthouse runs; Material leaves the search dialog unnamed.

    The filters are checked in use (a page chosen), which the page sweeps never see.
    """
    rules = ["aria-dialog-name", "label", "select-name", "landmark-unique", "region"]
    level = next(iter(labels))
    page = new_page(level_page(level))
    page.get_by_label("Used on page").select_option(TOPIC_SOURCE)
    problems = format_violations(f"/{level_page(level)} [narrowed]", axe_violations(page, rules=rules))
    assert page.get_by_role("dialog", name="Search").count() == 1
    page = new_page(REGISTER)
    page.get_by_label("Claims used on page").select_option(label=TOPIC_TITLE)
    expect(page.get_by_role("status")).to_contain_text(f"{TOPIC_TITLE} uses")
    problems += format_violations(f"/{REGISTER} [narrowed]", axe_violations(page))
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("name", ["light-390", "light-1280", "dark-390"])
def test_badges_show_their_level_in_words_at_phone_and_desktop_width(sweeps, name):
    width = SWEEPS[name][1]["width"]
    problems, seen = [], 0
    for path, view in sweeps[name].items():
        found = view["badges"]
        seen += found["badges"]
        problems += [f"/{path}: {p}" for p in found["problems"]]
        if found["scrollWidth"] > width:
            problems.append(f"/{path}: page scrolls sideways ({found['scrollWidth']} px wide at {width} px)")
    assert seen > 0, "no badges found on any page"
    assert problems == [], "\n".join(problems)


def test_every_page_links_to_the_legend(sweeps):
    missing = [f"/{path}" for path, view in sweeps["light-1280"].items() if not view["legend"]]
    assert missing == [], "no link to 'How to read the labels' on: " + ", ".join(missing)


def profile_problems(path: str, found: dict, claims: dict[str, str], labels: dict[str, str]) -> list[str]:
    """What is wrong with one page's evidence profile, judged against the distinct claims {id: level} it covers."""
    if not found["profile"]:
        return [f"/{path}: {len(claims)} claims but no evidence profile"] if claims else []
    expected = {level: sum(1 for v in claims.values() if v == level) for level in labels}
    counts = found["counts"]
    problems = []
    if list(counts) != list(labels):
        problems.append(f"/{path}: profile lists levels {list(counts)}, expected {list(labels)} (strongest first)")
    for level, label in labels.items():
        got = counts.get(level, {"count": None, "text": ""})
        if got["count"] != expected[level]:
            problems.append(f"/{path}: profile says {got['count']} {label}, the page has {expected[level]}")
        if not re.search(rf"\b{expected[level]} {re.escape(label)}$", got["text"]):
            problems.append(f"/{path}: count for {level} reads {got['text']!r}, not '{expected[level]} {label}'")
    if not re.search(rf"\b{len(claims)} claims?\b", found["title"]):
        problems.append(f"/{path}: profile title {found['title']!r} does not say {len(claims)} claims")
    if found["segments"] != [level for level in labels if expected[level]]:
        problems.append(f"/{path}: bar segments {found['segments']} do not match the levels present")
    if not found["afterH1"] or not found["visible"]:
        problems.append(f"/{path}: profile not visible after the page heading")
    return problems


def test_evidence_profile_counts_match_the_claims_on_each_page(sweeps, labels):
    views = {path: view for path, view in sweeps["light-1280"].items() if path != REGISTER}
    assert sum(1 for view in views.values() if view["profile"]["profile"]) > 1, "no content page has a profile"
    problems = [p for path, view in views.items()
                for p in profile_problems(path, view["profile"], view["profile"]["claims"], labels)]
    assert problems == [], "\n".join(problems)


def test_register_profile_counts_every_claim_on_the_site(sweeps, claims, labels):
    found = sweeps["light-1280"][REGISTER]["profile"]
    site_wide = {c["id"]: c["level"] for c in claims}
    problems = profile_problems(REGISTER, found, site_wide, labels)
    assert problems == [], "\n".join(problems)


# ---- a badge's explanation: one key press or one tap away, on its level's page -----------------------------

def assert_explanation_shown(page, href: str, level: str, labels: dict[str, str]) -> None:
    claim_id = href.split("#", 1)[1]
    page.wait_for_url(re.compile(rf"/{re.escape(level_page(level))}#{re.escape(claim_id)}$"))
    entry = page.locator(f'.claim-entry[id="{claim_id}"]')
    expect(entry).to_have_count(1)
    assert entry.get_attribute("data-level") == level
    meaning = entry.locator(".claim-entry__meaning")
    expect(meaning).to_be_visible()
    expect(meaning).to_be_in_viewport()
    expect(meaning).to_contain_text(labels[level])
    assert page.evaluate("() => document.querySelector(':target') && document.querySelector(':target').id") == claim_id


def badge_level(badge) -> str:
    return badge.get_attribute("class").split("claim-badge--")[1].split()[0]


def test_badge_explanation_opens_by_keyboard(new_page, labels):
    page = new_page(TOPIC)
    for _ in range(150):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.matches('.md-content a.claim-badge')"):
            break
    else:
        pytest.fail("Tab never reached a badge on the topic page")
    badge = page.locator(":focus")
    href, level = badge.get_attribute("href"), badge_level(badge)
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", ""), "a focused badge shows no focus outline"
    page.keyboard.press("Enter")
    assert_explanation_shown(page, href, level, labels)


def test_badge_explanation_opens_by_tap(new_page, labels):
    page = new_page(TOPIC, viewport=PHONE, has_touch=True, is_mobile=True)
    badge = page.locator(".md-content a.claim-badge").first
    href, level = badge.get_attribute("href"), badge_level(badge)
    badge.tap()
    assert_explanation_shown(page, href, level, labels)


# ---- print --------------------------------------------------------------------------------------------------

def test_print_keeps_statements_level_words_and_numbered_sources(new_page, labels):
    page = new_page(TOPIC)
    page.emulate_media(media="print")
    claims = page.locator(".md-content .claim[data-claim]")
    badges = page.locator(".md-content a.claim-badge")
    assert claims.count() > 0 and badges.count() == claims.count()
    for i in range(claims.count()):
        expect(claims.nth(i)).to_be_visible()
        badge = badges.nth(i)
        expect(badge).to_be_visible()
        expect(badge).to_contain_text(labels[badge_level(badge)])
    notes = page.locator(".md-content .claim-note")
    assert notes.count() > 0, "no claim notes on the topic page"
    for i in range(notes.count()):
        expect(notes.nth(i).locator(".claim-note__label")).to_have_text("What the evidence shows:")
        expect(notes.nth(i).locator(".claim-note__label")).to_be_visible()
    sources = page.locator(".page-sources ol > li")
    assert sources.count() > 0, "no numbered source list"
    assert page.evaluate("() => getComputedStyle(document.querySelector('.page-sources ol')).listStyleType") == "decimal"
    urls = page.locator(".page-sources ol > li .page-sources__url")
    assert urls.count() > 0, "no source address is written out"
    for i in range(urls.count()):
        expect(urls.nth(i)).to_be_visible()
        expect(urls.nth(i)).to_have_text(re.compile(r"^https?://\S+$"))
    for hidden in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-search", ".md-footer"):
        expect(page.locator(hidden).first).to_be_hidden()
    expect(page.locator(".page-review")).to_be_visible()
    OUTPUT.mkdir(exist_ok=True)
    page.pdf(path=str(OUTPUT / "topic-print.pdf"), format="A4")


# ---- register: each level page narrows by page, the index counts one page's claims per level ----------------

def visible_ids(page) -> list[str]:
    return sorted(e["id"] for e in page.evaluate(probes.VISIBLE_ENTRIES))


def used_on(claims: list[dict], uri: str = TOPIC_SOURCE) -> list[dict]:
    return [c for c in claims if uri in c["pages"]]


def page_path(uri: str) -> str:
    """A page's address from its source path, the way MkDocs serves it: hair-loss.md -> hair-loss/."""
    stem = uri[:-len(".md")]
    return stem[:-len("index")] if stem == "index" or stem.endswith("/index") else stem + "/"


def page_choices(page) -> dict[str, str]:
    """The page select's options, value -> text, without the 'All pages' one."""
    return page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('#register-filter-page option')]
        .filter(o => o.value).map(o => [o.value, o.textContent]))""")


def test_every_level_page_offers_the_pages_its_claims_are_used_on(new_page, claims, labels):
    page = new_page(None)
    for level in labels:
        visit(page, level_page(level))
        own = [c for c in claims if c["level"] == level]
        used = {uri for c in own for uri in c["pages"]}
        choices = page_choices(page)
        assert set(choices) == used, level
        for uri, text in choices.items():
            count = sum(1 for c in own if uri in c["pages"])
            assert text.endswith(f" ({count})"), f"{level}: option {text!r} for {uri}, expected {count} claims"
        expect(page.locator("#register-filter-page option").first).to_have_text(f"All pages ({len(own)})")
        expect(page.get_by_role("status")).to_have_text("")  # announced when the reader chooses
        assert visible_ids(page) == sorted(c["id"] for c in own)


def test_level_page_narrows_to_the_claims_of_one_page(new_page, claims, labels):
    level = next(lv for lv in labels if any(TOPIC_SOURCE in c["pages"] for c in claims if c["level"] == lv)
                 and any(TOPIC_SOURCE not in c["pages"] for c in claims if c["level"] == lv))
    own = [c for c in claims if c["level"] == level]
    expected = sorted(c["id"] for c in own if TOPIC_SOURCE in c["pages"])
    page = new_page(level_page(level))
    status = page.get_by_role("status")

    page.get_by_label("Used on page").select_option(TOPIC_SOURCE)
    assert visible_ids(page) == expected
    expect(status).to_have_text(f"Showing {len(expected)} of {len(own)} claims labelled {labels[level]}: "
                                f"those used on {TOPIC_TITLE}.")
    assert parse_qs(urlsplit(page.url).query) == {"page": [TOPIC_SOURCE]}
    problems = format_violations(f"/{level_page(level)} [narrowed]", axe_violations(page))
    assert problems == [], "\n".join(problems)

    page.reload()
    assert visible_ids(page) == expected, "a narrowed address does not restore the choice"
    page.get_by_role("button", name="Show all claims").click()
    expect(status).to_have_text(f"Showing all {len(own)} claims labelled {labels[level]}.")
    assert visible_ids(page) == sorted(c["id"] for c in own)
    assert "page=" not in page.url

    page.get_by_label("Used on page").select_option(TOPIC_SOURCE)
    page.get_by_role("link", name=f"{TOPIC_TITLE} at every evidence level").click()
    page.wait_for_url(re.compile(rf"/{REGISTER}\?page={re.escape(TOPIC_SOURCE)}#how-to-read-the-labels$"))
    expect(page.get_by_label("Claims used on page")).to_have_value(re.compile(rf"/{re.escape(TOPIC)}$"))
    expect(page.get_by_role("status")).to_contain_text(f"{TOPIC_TITLE} uses {len(used_on(claims))} graded")


def test_register_index_counts_one_pages_claims_at_each_level(new_page, claims, labels, base_url):
    page = new_page(None)
    data_requests = []
    page.on("request", lambda request: request.url.endswith("/claims.json") and data_requests.append(request.url))
    visit(page, REGISTER, "networkidle")
    assert data_requests == [], "the index fetched claims.json on its first view; it should wait for a choice"
    status = page.get_by_role("status")
    select = page.get_by_label("Claims used on page")

    on_topic = used_on(claims)
    counts = {level: sum(1 for c in on_topic if c["level"] == level) for level in labels}
    select.select_option(label=TOPIC_TITLE)
    expect(status).to_have_text(f"{TOPIC_TITLE} uses {len(on_topic)} graded claims: "
                                + ", ".join(f"{counts[lv]} {label}" for lv, label in labels.items()) + ".")
    assert data_requests, "claims.json was not fetched"
    assert parse_qs(urlsplit(page.url).query) == {"page": [TOPIC_SOURCE]}
    for found in page.evaluate(probes.INDEX_LEVELS):
        level, n = found["level"], counts[found["level"]]
        if n:
            assert found["link"]["text"] == (f"See the {n} claim{'s' * (n != 1)} labelled {labels[level]} "
                                             f"used on {TOPIC_TITLE}")
            assert found["link"]["href"] == f"{base_url}{level_page(level)}?page={TOPIC_SOURCE}"
        else:
            assert found["link"] is None and found["none"].startswith(f"None of the claims labelled {labels[level]}")

    # A page without claims at some level says so in words instead of linking to an empty list.
    uri = next(uri for uri in sorted({u for c in claims for u in c["pages"]})
               if {c["level"] for c in used_on(claims, uri)} != set(labels))
    select.select_option(base_url + page_path(uri))
    expect(status).to_contain_text(f" uses {len(used_on(claims, uri))} graded claim")
    missing = set(labels) - {c["level"] for c in used_on(claims, uri)}
    assert {f["level"] for f in page.evaluate(probes.INDEX_LEVELS) if f["none"]} == missing

    page.get_by_role("button", name="Show all pages").click()
    expect(status).to_have_text("The links below count the claims of every page.")
    for found in page.evaluate(probes.INDEX_LEVELS):
        n = sum(1 for c in claims if c["level"] == found["level"])
        assert found["link"]["text"] == f"See the {n} claim{'s' * (n != 1)} labelled {labels[found['level']]}"
        assert found["link"]["href"] == f"{base_url}{level_page(found['level'])}"


def test_without_javascript_the_level_pages_list_every_claim(new_page, claims, labels):
    page = new_page(REGISTER, java_script_enabled=False)
    assert page.locator(".register-filter").count() == 0
    linked = [f["link"]["href"] for f in page.evaluate(probes.INDEX_LEVELS)]
    assert [urlsplit(href).path for href in linked] == [f"/{level_page(level)}" for level in labels]
    listed: list[str] = []
    for level, href in zip(labels, linked):
        page.goto(href)
        assert page.locator(".register-filter").count() == 0
        entries = page.evaluate(probes.VISIBLE_ENTRIES)
        assert {e["level"] for e in entries} <= {level}, f"{href} lists claims of another level"
        listed += [e["id"] for e in entries]
    assert len(listed) == len(claims) and sorted(listed) == sorted(c["id"] for c in claims)


# ---- weight and screenshots ---------------------------------------------------------------------------------

def test_first_view_of_every_page_is_under_100_kb_compressed(sweeps):
    """The issue's first view: the HTML, CSS and JS a page fetches with an empty cache, gzip level 6.

    Not counted: the search worker's script and the search index, which Material fetches after load from a Web
    Worker (Material's own "about 63 KB" first view leaves them out the same way), and claims.json, which the
    register's index fetches only when the reader chooses a page.
    """
    over, report = [], []
    for path, view in sweeps["light-1280"].items():
        sizes = view["first_view"]
        total = sum(sizes.values())
        report.append(f"/{path}: {total / 1000:.1f} KB in {len(sizes)} files")
        if total >= FIRST_VIEW_BUDGET:
            detail = ", ".join(f"{url.rsplit('/', 2)[-2] + '/' + url.rsplit('/', 1)[-1]}={size}"
                               for url, size in sorted(sizes.items(), key=lambda kv: -kv[1]))
            over.append(f"/{path}: {total} bytes >= {FIRST_VIEW_BUDGET} ({detail})")
    print("\n".join(report))
    assert all(len(view["first_view"]) >= 3 for view in sweeps["light-1280"].values()), "first views not recorded"
    assert over == [], "\n".join(over)


def test_only_register_pages_carry_the_filter_and_nothing_shifts_as_they_load(sweeps, pages):
    """The filter script is inlined on the register's pages only; it inserts its form before the list is drawn."""
    for name in SWEEPS:
        with_filter = [path for path, view in sweeps[name].items() if view["filter"]]
        assert with_filter == [p for p in pages if p.startswith(REGISTER)], name
        shifts = {f"/{path}": round(view["layout_shift"], 3) for path, view in sweeps[name].items()
                  if view["layout_shift"] > 0.01}
        assert shifts == {}, f"{name}: layout shifts while loading: {shifts}"


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
def test_screenshots_of_home_and_topic_page(new_page, viewport):
    folder = OUTPUT / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    page = new_page(None, viewport=viewport)
    for name, path in (("home", ""), ("topic", TOPIC)):
        visit(page, path)
        target = folder / f"{name}-{viewport['width']}.png"
        page.screenshot(path=str(target))
        assert target.stat().st_size > 5_000


# ---- last, so that it sees the requests of every test above ------------------------------------------------

def test_no_page_requests_anything_from_another_host(sweeps, requests_log):
    """The sweeps load every page in both palettes at both widths; light-1280 waits for the network to go quiet."""
    local = [url for url in requests_log.seen if requests_log.is_local(url)]
    assert any(url.endswith(".css") for url in local), "the request recorder saw no stylesheet; it is not recording"
    assert any(url.endswith("search_index.json") for url in local), "the search index was never requested"
    assert requests_log.foreign == [], "requests to other hosts:\n" + "\n".join(requests_log.foreign)
