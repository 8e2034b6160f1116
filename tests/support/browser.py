"""Launch Debian's Chromium through Playwright for Python (Playwright cannot download browsers here)."""
from __future__ import annotations

from .tools import chrome_path

# Flags for every Chromium the tests start (Playwright and Lighthouse alike).
CHROME_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class Chromium:
    """A running headless Chromium with a fresh temporary profile; ``.browser`` is a Playwright Browser."""

    def __init__(self, extra_args: list | tuple = ()) -> None:
        from playwright.sync_api import sync_playwright

        self._pw = sync_playwright().start()
        try:
            # A plain launch gets a fresh temporary profile from Playwright, removed on close.
            self.browser = self._pw.chromium.launch(
                executable_path=chrome_path(), headless=True, args=CHROME_ARGS + list(extra_args)
            )
        except Exception:
            self._pw.stop()
            raise

    def new_context(self, **kwargs):
        """A fresh, isolated browser context (cookies, storage, cache)."""
        return self.browser.new_context(**kwargs)

    def close(self) -> None:
        try:
            self.browser.close()
        finally:
            self._pw.stop()


def keep_local(context, allowed_origin: str | None = None, record: list[str] | None = None) -> None:
    """Abort, before it leaves the machine, every request of ``context`` that is not local.

    Allowed: ``allowed_origin`` (e.g. ``http://127.0.0.1:41234``), ``file:``, ``data:``,
    ``blob:`` and ``about:`` URLs. Every aborted URL is appended to ``record`` when given.
    Tests must never send traffic to other hosts, even when a page (or a planted defect) asks.
    """

    def handle(route):
        url = route.request.url
        if url.startswith(("file:", "data:", "blob:", "about:")) or (
            allowed_origin and (url == allowed_origin or url.startswith(allowed_origin + "/"))
        ):
            route.fallback()
            return
        if record is not None:
            record.append(url)
        route.abort("blockedbyclient")

    context.route("**/*", handle)


# Only this machine is reachable, without a round trip to Playwright for each request as
# keep_local takes: every other host goes to a closed port (Chromium sends loopback direct).
LOOPBACK_ONLY = ("--proxy-server=http://127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1")


def launch_chromium(extra_args: list | tuple = ()) -> Chromium:
    return Chromium(extra_args)
