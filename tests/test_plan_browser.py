"""The Plan page in a real browser: the concept plan draws (charts included) with nothing fetched from
outside, only pseudonyms in meeting mode, and adopting a suggestion shows up after one click."""

from __future__ import annotations

import pytest

from duiding.sample import load_sample_case
from tests.browser import chromium_page, running_app, screenshot, wait_for_app

NAMES = sorted({m.name for m in load_sample_case().members if m.name})


@pytest.mark.browser
def test_plan_page_renders_offline_with_pseudonyms_and_adopts(chromium_path, tmp_path):
    with running_app(tmp_path) as base, chromium_page(chromium_path, tmp_path) as (page, log):
        page.goto(base)
        wait_for_app(page, timeout=60_000)
        page.locator('[data-testid="stSidebarNav"]').get_by_text("Plan van aanpak", exact=True).click()
        wait_for_app(page, timeout=60_000)
        page.wait_for_selector('text="1. Samenvatting en advies aan de driehoek"', timeout=60_000)
        page.wait_for_selector('text="16. Privacy"', timeout=30_000)
        page.wait_for_selector(
            '[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg', timeout=30_000
        )
        screenshot(page, "plan-concept")
        text = page.inner_text("body")
        assert [n for n in NAMES if f" {n} " in f" {text} "] == []
        # The plan for the driehoek has no member detail; the annex for the overleg names pseudonyms.
        page.get_by_text("Bijlage voor het jeugdgroepenoverleg", exact=True).click()
        wait_for_app(page, timeout=60_000)
        page.locator("text=J01").first.wait_for(state="attached", timeout=30_000)
        text = page.inner_text("body")
        assert [n for n in NAMES if f" {n} " in f" {text} "] == []

        page.get_by_role("tab", name="Suggesties").click()
        first = page.get_by_role("button", name="Overnemen").first
        first.wait_for(timeout=30_000)
        first.click()
        page.wait_for_selector("text=staat nu in het plan", timeout=30_000)
        wait_for_app(page, timeout=60_000)
        page.get_by_role("tab", name="Maatregelen").click()
        page.wait_for_selector("text=— gepland", timeout=30_000)
        screenshot(page, "plan-maatregelen")
        assert not log.blocked, log.blocked
        assert not log.page_errors, log.page_errors
