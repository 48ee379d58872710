"""A real browser for the overlay page: Debian's headless Chromium, driven by Selenium.

Where neither Chromium nor ChromeDriver can be found the tests are skipped with the reason in
pytest's summary; CI (LIVEROOM_REQUIRE_BROWSER=1, set by .ci/run, which installs them) fails
instead, so they never go missing silently."""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
# Screenshots of each state the tests reach: CI keeps them, the README shows one.
ARTEFACTS = Path(os.environ.get("LIVEROOM_ARTEFACTS", REPO / "build" / "artefacts")) / "overlay"
CHROMIUM = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
CHROMEDRIVER = ("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver")


def _first(paths: tuple[str, ...], name: str) -> str | None:
    found = next((path for path in paths if Path(path).exists()), None)
    return found or shutil.which(name)


class Browser:
    """Selenium is synchronous and the bot runs on this thread's event loop: every call goes
    to a worker thread, so the bot keeps serving the page while the browser waits."""

    def __init__(self, driver: Any) -> None:
        self.driver = driver

    async def run(self, work: Callable[[], Any]) -> Any:
        return await asyncio.to_thread(work)

    async def open(self, url: str) -> None:
        await self.run(lambda: self.driver.get(url))

    async def js(self, script: str) -> Any:
        return await self.run(lambda: self.driver.execute_script(script))

    async def text(self, element_id: str) -> str:
        return str(await self.js(f"return document.getElementById('{element_id}').textContent"))

    async def mode(self) -> str:
        return str(await self.js("return document.body.dataset.mode"))

    async def until(self, script: str, seconds: float, what: str) -> Any:
        """Wait (at most `seconds`) until `script` returns something truthy; returns it."""
        from selenium.common.exceptions import TimeoutException
        from selenium.webdriver.support.ui import WebDriverWait

        def wait() -> Any:
            return WebDriverWait(self.driver, seconds, poll_frequency=0.05).until(
                lambda driver: driver.execute_script(script)
            )

        try:
            return await self.run(wait)
        except TimeoutException:
            body = await self.js("return document.body.outerHTML")
            raise AssertionError(f"not within {seconds} s: {what}\n{body}") from None

    async def screenshot(self, name: str) -> Path:
        """The page as it settles (entrance animations over; endless ones go on)."""
        await self.until(
            "return document.getAnimations().every(a => a.playState !== 'running'"
            " || a.effect.getTiming().iterations === Infinity)",
            5,
            "the animations to end",
        )
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTEFACTS / f"{name}.png"
        await self.run(lambda: self.driver.save_screenshot(str(path)))
        return path


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    chrome, driver_path = _first(CHROMIUM, "chromium"), _first(CHROMEDRIVER, "chromedriver")
    if chrome is None or driver_path is None:
        reason = (
            "no headless Chromium here: install Debian's chromium and chromium-driver "
            "(apt-get install chromium chromium-driver) to run the overlay's browser tests"
        )
        if os.environ.get("LIVEROOM_REQUIRE_BROWSER"):
            pytest.fail(reason)
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    shutil.rmtree(ARTEFACTS, ignore_errors=True)  # this run's screenshots only

    options = webdriver.ChromeOptions()
    options.binary_location = chrome
    profile = tempfile.mkdtemp(prefix="liveroom-chromium-")
    for flag in (
        "--headless=new",
        "--no-sandbox",  # CI runs as root
        "--disable-gpu",
        "--disable-dev-shm-usage",
        # No network here but loopback: Chromium's own background traffic only fails and waits.
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
        "--window-size=1920,1080",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(executable_path=driver_path))
    try:
        # OBS draws the page over the video: screenshots keep its transparency.
        clear = {"r": 0, "g": 0, "b": 0, "a": 0}
        driver.execute_cdp_cmd("Emulation.setDefaultBackgroundColorOverride", {"color": clear})
        driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": 1920, "height": 1080, "deviceScaleFactor": 1, "mobile": False},
        )
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def browser(chromium: Any) -> Iterator[Browser]:
    yield Browser(chromium)
    chromium.get("about:blank")  # the page's stream closes before the bot of this test stops
