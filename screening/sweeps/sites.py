"""A province's list of sites to sweep (`screening sweep --sites sites.yaml`).

An 教育厅 checks every school's and bureau's site from above; each site belongs to an office (the
school, the county bureau) that must clean it up (谁公开、谁清理), and each deserves its own pace::

    # sites.yaml
    sites:
      - url: https://www.example-school.edu.cn/
        owner: 某某县第一中学             # who cleans this site up
        rate: 1                          # optional: requests per second to this site (default --rate)
        max_pages: 500                   # optional: pages per run (default --max-pages)
      - url: http://jyj.example.gov.cn/xxgk/
        owner: 某某县教育局

A wrong file is refused with its name and the entry at fault (`sites[1] (url: …) owner: Field required`).

>>> sites = SiteList.from_data({"sites": [{"url": "https://a.example.cn", "owner": "某某中学", "rate": 1}]}, "sites.yaml")
>>> sites.urls, sites.settings[0].owner, sites.settings[0].rate, sites.settings[0].max_pages
(['https://a.example.cn/'], '某某中学', 1.0, None)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from screening.sweeps.yaml_file import read_yaml

MAX_SITES = 100_000  # a province has thousands; more is a mistake (a crawl output pasted in)


class SitesFileError(ValueError):
    """A sites file that cannot be read or is not valid; the message names the file and the entry."""


@dataclass(frozen=True)
class SiteSettings:
    """One site of the list: where it is, who cleans it up, and how hard it may be crawled."""

    url: str
    owner: str
    rate: float | None = None  # requests per second; None: the command's --rate
    max_pages: int | None = None  # None: the command's --max-pages


class _Site(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    url: str = Field(min_length=1, max_length=512)
    owner: str = Field(min_length=1)
    rate: float | None = Field(None, ge=0.05, le=50)
    max_pages: int | None = Field(None, ge=1, le=1_000_000)

    @field_validator("url")
    @classmethod
    def _site_url(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("must be an http:// or https:// URL with a host")
        return value if parts.path else value + "/"


class _SitesFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sites: list[_Site] = Field(min_length=1, max_length=MAX_SITES)


def _problems(source: str, data: dict, error: ValidationError) -> str:
    lines = [f"invalid sites file {source}:"]
    for problem in error.errors():
        location = problem["loc"]
        where = ".".join(str(part) for part in location) or "(top level)"
        if len(location) >= 2 and location[0] == "sites" and isinstance(location[1], int):
            entry = data["sites"][location[1]]
            url = entry.get("url") if isinstance(entry, dict) else None
            where = f"sites[{location[1]}]" + (f" (url: {url})" if isinstance(url, str) else "")
            where += "".join(f" {part}" for part in location[2:])
        lines.append(f"  {where}: {problem['msg'].removeprefix('Value error, ')}")
    return "\n".join(lines)


@dataclass(frozen=True)
class SiteList:
    """The validated sites file, in file order."""

    settings: tuple[SiteSettings, ...]

    @property
    def urls(self) -> list[str]:
        return [site.url for site in self.settings]

    @classmethod
    def load(cls, path: str | Path) -> SiteList:
        return cls.from_data(read_yaml(Path(path), "sites file", SitesFileError), str(path))

    @classmethod
    def from_data(cls, data: Any, source: str) -> SiteList:
        if not isinstance(data, dict):
            raise SitesFileError(f"invalid sites file {source}: it must hold a mapping with 'sites' (a list of url and owner)")
        try:
            parsed = _SitesFile.model_validate(data)
        except ValidationError as error:
            raise SitesFileError(_problems(source, data, error)) from None
        seen: dict[str, int] = {}
        for index, site in enumerate(parsed.sites):
            if site.url in seen:  # two entries would crawl one site twice, at twice its rate
                raise SitesFileError(f"invalid sites file {source}:\n  sites[{index}] (url: {site.url}): "
                                     f"the same site as sites[{seen[site.url]}]")
            seen[site.url] = index
        return cls(tuple(SiteSettings(site.url, site.owner, site.rate, site.max_pages) for site in parsed.sites))
