"""Load the publisher's site configuration and the user-interface strings."""

from __future__ import annotations

import re
from pathlib import Path

from .fields import LOCAL_FILE, SCHEME, Checker, Field
from .model import Branding, SiteConfig, Translation
from .problems import Report, did_you_mean
from .sources import Project, read_yaml
from .version import EXAMPLE, RANGE

CONFIG_PATH = Path("content") / "site.yaml"
COLOUR_NAMES = ("accent", "accent-contrast", "link", "background", "surface", "text", "muted",
                "border", "header-background", "header-text", "focus")
COLOUR_VALUE = re.compile(r"^(#[0-9a-fA-F]{3,8}|(rgb|rgba|hsl|hsla|oklch)\([0-9a-zA-Z.,%/ -]+\))$")
LANGUAGE = re.compile(r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$")
DIRECTIONS = ("ltr", "rtl")
BASE_URL = re.compile(r"^https?://")
COLOUR_FIELDS = {name: Field("text", pattern=COLOUR_VALUE) for name in COLOUR_NAMES}
REPOSITORY_FIELDS = {
    "url": Field("url", True, about="The repository's web address, for 'Edit this page' links."),
    "branch": Field("text"),
    "path": Field("text", about="The project's folder inside the repository, if not its root."),
}
PUBLISHER_FIELDS = {
    "name": Field("text", True),
    "url": Field("url", about="The publisher's website."),
    "logo": Field("text", pattern=LOCAL_FILE, about="A picture file, relative to the content "
                  "folder (never on another host)."),
    "logo_alt": Field("text"),
}
LINK_FIELDS = {
    "label": Field("text", True),
    "url": Field("link", True, about="A web address (https://...), an e-mail address "
                 "(mailto:...) or a page of the handbook, written as its .md file relative to "
                 "the content folder (about.md)."),
}
TRANSLATION_FIELDS = {
    "language": Field("text", True, pattern=LANGUAGE, about="The language tag of the "
                      "translation: its pages are content/<language>/ and its framework texts "
                      "framework/translations/<language>.yaml."),
    "direction": Field("text", choices=DIRECTIONS, about="Text direction of the language: rtl "
                       "for Arabic, Hebrew and other right-to-left scripts."),
}
SITE_FIELDS = {
    "language": Field("text", pattern=LANGUAGE, about="The language tag of the text; selects "
                      "theme/strings/<language>.yaml."),
    "direction": Field("text", choices=DIRECTIONS, about="Text direction: rtl for Arabic, "
                       "Hebrew and other right-to-left scripts."),
    "translations": Field("list", each=Field("mapping", keys=TRANSLATION_FIELDS), about="The "
                          "handbook's other languages, each built under /<language>/."),
    "base_url": Field("text", pattern=BASE_URL, about="Where the site is published, for "
                      "canonical links, the sitemap and the 404 page."),
    "repository": Field("mapping", keys=REPOSITORY_FIELDS),
    "publisher": Field("mapping", keys=PUBLISHER_FIELDS),
    "colours": Field("mapping", keys=COLOUR_FIELDS, about="Colours in the light scheme (CSS "
                     "custom properties)."),
    "dark_colours": Field("mapping", keys=COLOUR_FIELDS, about="Colours in the dark scheme."),
    "footer_links": Field("list", each=Field("mapping", keys=LINK_FIELDS)),
    "generator": Field("text", pattern=RANGE, about=f"The generator versions the project is "
                       f"written for, such as {EXAMPLE} (1.0 or newer, below 2): a build with "
                       "another version stops and says which to install."),
}


def load_config(project: Project, report: Report) -> SiteConfig:
    """Read content/site.yaml; an absent file means the defaults."""
    path = project.root / CONFIG_PATH
    if not path.exists():
        return SiteConfig()
    located = read_yaml(project, path, report)
    if located is None:
        return SiteConfig()
    check = Checker(project.show(path), located, report)
    good = check.mapping((), located.data, SITE_FIELDS, "site.yaml")
    language = good.get("language", "en")
    if not LANGUAGE.match(language):
        check.error(("language",), f'language: "{language}" is not a language tag; use one '
                    'such as "en", "de" or "pt-BR"')
        language = "en"
    direction = good.get("direction", "ltr")
    if direction not in DIRECTIONS:
        check.error(("direction",), f'direction: "{direction}" must be "ltr" or "rtl"')
        direction = "ltr"
    base_url = good.get("base_url", "")
    if base_url and not BASE_URL.match(base_url):
        check.error(("base_url",), f'base_url: "{base_url}" must start with https:// (or '
                    "http://), such as https://example.github.io/handbook/")
        base_url = ""
    repository = check.mapping(("repository",), good["repository"], REPOSITORY_FIELDS,
                               "repository") if "repository" in good else {}
    branding = _branding(check, good, project)
    return SiteConfig(
        language=language, language_line=(project.show(path), located.line("language")),
        direction=direction, base_url=base_url,
        repository_url=repository.get("url", "").rstrip("/"),
        repository_branch=repository.get("branch", "main"),
        edit_root=repository.get("path", "").strip("/"),
        branding=branding, page_links=_page_links(check, good),
        translations=_translations(check, good, language))


def _translations(check: Checker, good: dict, default: str) -> tuple:
    """Return the other languages, each once and none the default language."""
    found, seen = [], {default}
    for index, entry in enumerate(good.get("translations", [])):
        checked = check.mapping(("translations", index), entry, TRANSLATION_FIELDS,
                                "a translation")
        language = checked.get("language", "")
        if not language:
            continue
        if not LANGUAGE.match(language):
            check.error(("translations", index, "language"), f'translations[{index}].language: '
                        f'"{language}" is not a language tag; use one such as "de" or "pt-BR"')
        elif language in seen:
            what = "the default language" if language == default else "listed twice"
            check.error(("translations", index, "language"), f'translations[{index}].language: '
                        f'"{language}" is {what}; remove this entry')
        else:
            seen.add(language)
            found.append(Translation(language, checked.get("direction", "ltr")))
    return tuple(found)


def _branding(check: Checker, good: dict, project: Project) -> Branding:
    publisher = check.mapping(("publisher",), good["publisher"], PUBLISHER_FIELDS,
                              "publisher") if "publisher" in good else {}
    logo = publisher.get("logo", "")
    if logo and (SCHEME.match(logo) or logo.startswith("//")):
        check.error(("publisher", "logo"), f'publisher.logo: "{logo}" is on another host; copy '
                    "the file into content/ and name it relative to the content folder, such "
                    f"as images/{_file_name(logo)}")
        logo = ""
    if logo and not (project.root / "content" / logo).is_file():
        check.error(("publisher", "logo"), f'publisher.logo: no file content/{logo}; the path '
                    "is relative to the content folder")
        logo = ""
    if logo and not project.inside(project.root / "content" / logo):
        check.error(("publisher", "logo"), "publisher.logo: the file lies outside the project; "
                    "copy it into content/")
        logo = ""
    links = []
    for index, entry in enumerate(good.get("footer_links", [])):
        link = check.mapping(("footer_links", index), entry, LINK_FIELDS, "a footer link")
        if "label" in link and "url" in link:
            links.append((link["label"], link["url"]))
    return Branding(
        name=publisher.get("name", ""), url=publisher.get("url", ""), logo=logo,
        logo_alt=publisher.get("logo_alt", publisher.get("name", "")),
        colours=_colours(check, good.get("colours", {}), "colours"),
        dark_colours=_colours(check, good.get("dark_colours", {}), "dark_colours"),
        footer_links=tuple(links))


def _file_name(address: str) -> str:
    name = address.split("?")[0].split("#")[0].rstrip("/").rpartition("/")[2]
    return name if "." in name else "logo.svg"


def _page_links(check: Checker, good: dict) -> tuple:
    """Return the footer links that name a page of the handbook, with where they are written."""
    found = []
    for index, entry in enumerate(good.get("footer_links", [])):
        url = entry.get("url") if isinstance(entry, dict) else None
        if isinstance(url, str) and url.strip() and not SCHEME.match(url.strip()):
            found.append((check.shown, check.line("footer_links", index, "url"),
                          f"footer_links[{index}].url", url.strip()))
    return tuple(found)


def check_page_links(config: SiteConfig, site, assets, report: Report) -> None:
    """Report each footer link to a page of the handbook that leads nowhere, as links are."""
    from .site import resolve_link
    for shown, line, name, href in config.page_links:
        _, message = resolve_link(site, set(assets), "index.md", href)
        if message:
            report.error(shown, line, f"{name}: {message}")


def _colours(check: Checker, colours: dict, key: str) -> tuple:
    good = []
    for name, value in colours.items():
        if name not in COLOUR_NAMES:
            check.report.warn(check.shown, check.line(key, name), f"{key}.{name}: unknown colour"
                              f"{did_you_mean(name, COLOUR_NAMES)}; known: {', '.join(COLOUR_NAMES)}")
            continue
        if not isinstance(value, str) or not COLOUR_VALUE.match(value.strip()):
            check.error((key, name), f'{key}.{name}: "{value}" is not a colour; write it as '
                        '"#0b5cad" (in quotes) or rgb(11 92 173)')
            continue
        good.append((name, value.strip()))
    return tuple(sorted(good))
