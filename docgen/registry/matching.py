"""Which registered cluster a file belongs to: by `cluster_id` when the form carries one, else by
county + normalised cluster name. Never by guess: no match and several matches are both answers."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from sqlalchemy import select

from docgen.registry.models import Cluster

_QUOTES = re.compile(r"[\s\"'“”‘’「」『』《》〈〉]")


def name_key(name: str) -> str:
    """A cluster name as compared: NFKC (full-width → half-width), no spaces or quotes, lower case."""
    return _QUOTES.sub("", unicodedata.normalize("NFKC", str(name or ""))).lower()


@dataclass
class Match:
    cluster: Cluster | None
    status: str  # "matched" | "unmatched" | "ambiguous"
    note: str = ""


class ClusterIndex:
    """Every cluster in memory, for matching a batch without a query per file."""

    def __init__(self, session):
        self.by_id: dict[str, Cluster] = {}
        self.by_key: dict[str, list[Cluster]] = {}
        for c in session.scalars(select(Cluster)):
            self.by_id[c.cluster_id] = c
            self.by_key.setdefault(c.name_key, []).append(c)

    def match(self, data: dict | None) -> Match:
        return _match(data, self.by_id.get, lambda key: self.by_key.get(key, []))


def match_record(session, data: dict | None) -> Match:
    """Match one record with queries (a single file; a batch uses ClusterIndex)."""

    def by_id(cid):
        return session.scalar(select(Cluster).where(Cluster.cluster_id == cid))

    def by_key(key):
        return list(session.scalars(select(Cluster).where(Cluster.name_key == key)))

    return _match(data, by_id, by_key)


def _match(data: dict | None, by_id, by_key) -> Match:
    data = data or {}
    cid = str(data.get("cluster_id") or "").strip()
    name = str(data.get("cluster_name") or "").strip()
    county = str(data.get("county") or "").strip()
    if cid:
        cluster = by_id(cid)
        if cluster is None:
            return Match(None, "unmatched", f"集群编号「{cid}」不在名录中。请核对编号，或先用 registry recognise 登记认定名单。")
        if name and name_key(name) != cluster.name_key:
            # The id decides; a renamed cluster is still the same cluster. Say so all the same.
            return Match(cluster, "matched", f"按集群编号匹配；表中名称「{name}」与名录「{cluster.cluster_name}」不同，请核对。")
        return Match(cluster, "matched")
    if not name:
        return Match(None, "unmatched", "表中既无集群编号也无集群名称，无法对应到名录中的集群。")
    key = name_key(name)
    elsewhere = by_key(key)
    found = [c for c in elsewhere if c.county == county] if county else elsewhere
    if len(found) == 1:
        return Match(found[0], "matched")
    if len(found) > 1:
        where = "、".join(f"{c.county}（{c.cluster_id}）" for c in found)
        return Match(None, "ambiguous", f"名称「{name}」对应多个集群：{where}。请在表中填写集群编号后重新导入。")
    hint = ""
    if elsewhere:
        hint = "名录中同名集群位于" + "、".join(c.county for c in elsewhere) + "，请核对所在县（市、区）。"
    return Match(None, "unmatched", f"名录中没有{county}的「{name}」。{hint or '请核对集群名称，或先登记认定名单。'}")
