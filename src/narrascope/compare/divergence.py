"""How differently two articles of one story frame it: narratives, actor roles, persuasion, frames.

Every part is a distance in [0, 1] (0: the same framing); the pair's score is
their mean over the parts both articles have. Role disagreements name the
actor and the two roles (source A casts Ukraine as Antagonist, B as Innocent).
"""
from __future__ import annotations

from typing import Any

from narrascope.doc import Article


def _set_distance(a: set[str], b: set[str]) -> float | None:
    if not a and not b:
        return None
    return round(1 - len(a & b) / len(a | b), 4)


def role_disagreements(a: Article, b: Article) -> tuple[float | None, list[dict[str, str]]]:
    roles_a = {s.actor: s for s in a.actors if s.main_role}
    roles_b = {s.actor: s for s in b.actors if s.main_role}
    shared = sorted(set(roles_a) & set(roles_b))
    if not shared:
        return None, []
    differ = [{"actor": k, "name": roles_a[k].name or roles_b[k].name,
               "a": roles_a[k].main_role, "b": roles_b[k].main_role}
              for k in shared if roles_a[k].main_role != roles_b[k].main_role]
    return round(len(differ) / len(shared), 4), differ


def persuasion_distance(a: Article, b: Article) -> float | None:
    ga = a.persuasion.get("by_group_per_1000_words") or {}
    gb = b.persuasion.get("by_group_per_1000_words") or {}
    if not ga or not gb:
        return None
    total = sum(ga.values()) + sum(gb.values())
    if total == 0:
        return 0.0
    return round(sum(abs(ga.get(k, 0) - gb.get(k, 0)) for k in set(ga) | set(gb)) / total, 4)


def divergence(a: Article, b: Article) -> dict[str, Any]:
    narr_a, narr_b = {n.name for n in a.narratives}, {n.name for n in b.narratives}
    frames_a, frames_b = {f.name for f in a.frames}, {f.name for f in b.frames}
    roles, disagreements = role_disagreements(a, b)
    parts = {
        "narratives": _set_distance(narr_a, narr_b),
        "roles": roles,
        "persuasion": persuasion_distance(a, b),
        "frames": _set_distance(frames_a, frames_b),
    }
    known = [v for v in parts.values() if v is not None]
    return {
        "a": a.id, "b": b.id,
        "score": round(sum(known) / len(known), 4) if known else 0.0,
        "parts": parts,
        "narratives_only_a": sorted(narr_a - narr_b),
        "narratives_only_b": sorted(narr_b - narr_a),
        "role_disagreements": disagreements,
        "techniques_per_1000_words": [a.persuasion.get("techniques_per_1000_words"),
                                      b.persuasion.get("techniques_per_1000_words")],
    }
