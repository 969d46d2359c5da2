"""The explorer in a real browser: Debian's Chromium driven by Playwright.

Serves the app on 127.0.0.1 (a free port, uvicorn in a thread) over a test store,
loads the page, filters by country, opens the event, and checks that the
article is shown right-to-left with the evidence of the chosen field
highlighted.  Saves a screenshot under the test's tmp dir, and to
docs/screenshot.png when MARSAD_SCREENSHOT is set.  Run scripts/ci_browser.sh
to install Chromium.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_api_fixtures import build_sample_store

from marsad.api import create_app, serving_in_thread

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DOCS_SCREENSHOT = Path(__file__).resolve().parents[1] / "docs" / "screenshot.png"

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="/usr/bin/chromium is absent: run scripts/ci_browser.sh to install it"
)


@pytest.fixture(scope="module")
def explorer_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with (
        build_sample_store(tmp_path_factory.mktemp("web") / "web.db") as store,
        serving_in_thread(create_app(store)) as url,
    ):
        yield url


def test_filter_open_event_and_see_its_evidence(explorer_url: str, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    outside: list[str] = []
    page_errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1440, "height": 900}, locale="en-US")
            page.on("request", lambda r: None if r.url.startswith(explorer_url) else outside.append(r.url))
            page.on("pageerror", lambda error: page_errors.append(str(error)))
            page.goto(explorer_url)

            rows = page.locator(".event-row")
            expect(rows).to_have_count(4)
            expect(page.locator("#totals")).to_have_text(re.compile(r"^4 events · \d+ fatalities$"))

            # A filter: choosing a country submits the form; the list, map and timeline follow.
            with page.expect_request(lambda r: "/api/events/clusters?" in r.url and "country=Syria" in r.url):
                page.select_option("select[name=country]", "Syria")
            expect(rows).to_have_count(1)
            expect(rows.first.locator(".place")).to_have_text("Douma, Rif Dimashq, Syria")
            assert "country=Syria" in page.url  # the view is in the address, to share

            rows.first.click()
            view = page.locator("#event-view")
            expect(view).to_be_visible()
            expect(page.locator("#event-sources li")).to_have_count(2)
            article = page.locator("#article")
            expect(article).to_have_attribute("dir", "rtl")
            toll = page.locator('#article-text mark[data-field~="fatalities"]')
            expect(toll).to_have_text("قُتل ثلاثة مدنيين")

            page.locator("button.field-button", has_text="Fatalities").click()
            expect(toll).to_have_class("field-fatalities active")
            actor = page.locator('#article-text mark[data-field~="actor1"]')
            expect(actor).to_have_text("قوات النظام")
            expect(actor).not_to_have_class("field-actor1 active")
            view.evaluate("element => { element.scrollTop = 0; }")
            shot = tmp_path / "explorer.png"
            page.screenshot(path=str(shot))
            assert shot.stat().st_size > 20_000

            # The second source shows its own article and its own toll words.
            page.locator(".source-button").nth(1).click()
            expect(toll).to_have_text("أربعة مدنيين")
            expect(toll).to_have_class("field-fatalities active")

            page.click("#lang-toggle")
            expect(page.locator("html")).to_have_attribute("dir", "rtl")
            expect(page.locator("button.field-button.field-fatalities")).to_have_text("القتلى")
            expect(page.locator("#event-title")).to_have_text("انفجارات وعنف عن بعد — قصف مدفعي أو صاروخي")
        finally:
            browser.close()

    assert not page_errors, page_errors
    assert not outside, f"the page asked another origin: {outside}"
    if os.environ.get("MARSAD_SCREENSHOT"):
        DOCS_SCREENSHOT.parent.mkdir(exist_ok=True)
        shutil.copyfile(shot, DOCS_SCREENSHOT)
