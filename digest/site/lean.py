"""The lean page: Material's look for a large digest's articles and index pages, in fewer bytes.

Material's ``main.html`` spends about 11 KB of a 14 KB article page (minified) on its
chrome: inline SVG icons (the palette's alone are 2 KB), a navigation sidebar and a table
of contents, a configuration block of every translation, two inline scripts. At 100,000
articles that is over a gigabyte, GitHub Pages' limit. ``theme/digest/lean.html`` keeps
the same header, tabs, palette, search box, footer and scripts with Material's classes,
and draws the icons from one shared stylesheet (``assets/digest-icons.css``, made here
from the theme's icons, so a ``custom_dir`` icon or a configured one is the one drawn):
each icon is an empty ``<svg>`` masked by its shape, so Material's own rules still size
and place it.

It is chosen per page through MkDocs' ``template`` page setting, for the articles and the
generated index pages only: a page the user wrote, or one whose front matter names its own
template, keeps it. A site overrides the lean page itself as ``overrides/digest/lean.html``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, TemplateNotFound, pass_context
from jinja2.runtime import Context
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig

from digest.site.minify import minify

TEMPLATE = "digest/lean.html"
"""The lean page's template (in ``theme/``; a site's ``custom_dir`` may hold its own)."""
ICONS_CSS = "assets/digest-icons.css"
SCRIPT = "assets/digest-lean.js"
"""Material's inline ``<head>`` and palette scripts, shared by the lean pages, and the parts
of the page that only work with script (the palette switch, the search box)."""
CHROME = "digest/lean-chrome.html"
CHROME_PARTS = ("palette", "search")
CONTEXT_KEY = "digest_lean"
"""Set in a lean page's template context: ``digest_icon`` then draws icons from the CSS."""
ICON_DEFAULTS = {
    "logo": "material/library",
    "menu": "material/menu",
    "search": "material/magnify",
    "previous": "material/arrow-left",
    "close": "material/close",
    "top": "material/arrow-up",
}
"""The icons of the lean page's chrome, by Material's ``theme.icon`` key, and their defaults."""
_ASSETS = {
    "main_css": r"assets/stylesheets/main\.[0-9a-f]+\.min\.css",
    "palette_css": r"assets/stylesheets/palette\.[0-9a-f]+\.min\.css",
    "bundle": r"assets/javascripts/bundle\.[0-9a-f]+\.min\.js",
    "search_worker": r"assets/javascripts/workers/search\.[0-9a-f]+\.min\.js",
}
"""Material's hashed asset names, as its ``base.html`` links them (they change by release)."""
_VIEWBOX = re.compile(r'viewBox="([^"]*)"')


def has_own_main(config: MkDocsConfig) -> bool:
    """Tell whether the site's ``custom_dir`` has its own ``main.html`` (its pages are its own)."""
    custom_dir = config.theme.custom_dir
    return bool(custom_dir) and (Path(str(custom_dir)) / "main.html").is_file()


def material_assets(env: Environment) -> dict[str, str]:
    """Return Material's stylesheets and scripts by role, as its ``base.html`` links them."""
    assert env.loader is not None
    source = env.loader.get_source(env, "base.html")[0]
    found = {}
    for role, pattern in _ASSETS.items():
        match = re.search(pattern, source)
        if match is not None:
            found[role] = match.group(0)
    return found


def chrome_icons(config: MkDocsConfig) -> list[str]:
    """Return the names of the icons in the lean page's chrome (``material/magnify``, …)."""
    icons = config.theme.get("icon") or {}
    names = [icons.get(key) or default for key, default in ICON_DEFAULTS.items()]
    palette = config.theme.get("palette") or []
    for option in palette if isinstance(palette, list) else []:
        toggle = option.get("toggle") if isinstance(option, dict) else None
        if isinstance(toggle, dict) and isinstance(toggle.get("icon"), str):
            names.append(toggle["icon"])
    return list(dict.fromkeys(names))


def css_class(name: str) -> str:
    """Return the CSS class of an icon: ``material/magnify`` -> ``nd-i-material-magnify``."""
    return "nd-i-" + re.sub(r"[^A-Za-z0-9_-]", "-", name)


class Icons:
    """The chrome's icons: a stylesheet that draws them, and the markup that shows one."""

    def __init__(self, env: Environment, names: Iterable[str]) -> None:
        self._svg: dict[str, str] = {}
        for name in names:
            try:
                self._svg[name] = env.get_template(f".icons/{name}.svg").render().strip()
            except TemplateNotFound:
                continue  # Material's own include fails on the page, with the name

    def css(self) -> str:
        """Return the stylesheet: each icon as a mask over the text colour."""
        rules = [
            ".nd-i{background-color:currentcolor;"
            "-webkit-mask:var(--nd-i) center/contain no-repeat;"
            "mask:var(--nd-i) center/contain no-repeat}"
        ]
        for name, svg in self._svg.items():
            data = quote(svg, safe=" /=:;,.-")
            rules.append(f'.{css_class(name)}{{--nd-i:url("data:image/svg+xml,{data}")}}')
        return "\n".join(rules) + "\n"

    def markup(self, name: str) -> str | None:
        """Return the lean markup of icon ``name``, or ``None`` if the stylesheet lacks it.

        The ``viewBox`` gives the empty ``<svg>`` the icon's proportions, which Material's
        rules rely on (the logo has a height and an automatic width).
        """
        svg = self._svg.get(name)
        if svg is None:
            return None
        match = _VIEWBOX.search(svg)
        box = f' viewBox="{match.group(1)}"' if match else ""
        return f'<svg class="nd-i {css_class(name)}"{box}></svg>'


def icon_function(icons: Icons) -> Any:
    """Return ``digest_icon(name)`` for the theme's templates: the icon, lean on a lean page.

    Elsewhere it is what ``{% include ".icons/" ~ name ~ ".svg" %}`` outputs, so the
    partials that call it render the same as Material's on an ordinary page.
    """

    @pass_context
    def digest_icon(context: Context, name: str) -> Markup:
        if context.get(CONTEXT_KEY):
            lean = icons.markup(name)
            if lean is not None:
                return Markup(lean)
        return Markup(context.environment.get_template(f".icons/{name}.svg").render())

    return digest_icon


def script(env: Environment, config: MkDocsConfig) -> str:
    """Return ``assets/digest-lean.js``: Material's inline scripts, and the palette switch
    and search box it writes into each page where the page asks (``__nd_insert``)."""
    template = env.get_template(CHROME)
    parts = {
        part: minify(template.render(config=config, part=part, **{CONTEXT_KEY: True}))
        for part in CHROME_PARTS
    }
    code = resources.files("digest.site").joinpath("assets", "digest-lean.js").read_text("utf-8")
    return code + f"window.__nd_chrome = {json.dumps(parts)};\n"
