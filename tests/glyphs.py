"""Does a page draw Chinese characters with a real font, or as empty boxes (tofu)?

The check renders, in the page under test, each distinct character it should show alone in
an element of the same font and size, and compares their pixels: with no CJK font installed,
every Chinese character is drawn as the same empty box, so distinct characters give
identical pictures (checked: with fontconfig limited to DejaVu, the probe says False).
"""

from __future__ import annotations

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
_PROBE = """(text) => {
  const root = document.documentElement;
  const svg = root.namespaceURI === 'http://www.w3.org/2000/svg';
  const make = (ch, i) => {
    let el;
    if (svg) {  // an SVG document: an svg:text element on a white square
      el = document.createElementNS('http://www.w3.org/2000/svg', 'text');
      el.setAttribute('x', String(10 + 60 * i)); el.setAttribute('y', '50');
      el.setAttribute('style', 'font: 40px sans-serif; fill: #000');
    } else {
      el = document.createElement('span');
      el.setAttribute('style', 'position:fixed;left:' + (10 + 60 * i) + 'px;top:10px;'
        + 'font:40px sans-serif;line-height:48px;background:#fff;color:#000;z-index:99999');
    }
    el.textContent = ch;
    el.id = 'glyph-probe-' + i;
    (svg ? root : document.body).appendChild(el);
  };
  [...text].forEach(make);
  return [...text].length;
}"""


def launch_args() -> list[str]:
    return ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"]


def cjk_glyphs_drawn(url: str, text: str) -> bool:
    """True when the distinct characters of ``text`` (at least two) are drawn as distinct
    glyphs in the page at ``url``."""
    from playwright.sync_api import sync_playwright

    chars = "".join(dict.fromkeys(text))
    assert len(chars) >= 2, "give at least two distinct characters"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=launch_args())
        try:
            page = browser.new_page(viewport={"width": 1600, "height": 800})
            page.goto(url)
            count = page.evaluate(_PROBE, chars)
            shots = [page.locator(f"#glyph-probe-{i}").screenshot(timeout=120_000)
                     for i in range(count)]
        finally:
            browser.close()
    return len(set(shots)) == len(chars)
