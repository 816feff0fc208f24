"""Aggregation risk across documents (防止信息汇聚引发风险): masks that combine.

A masked resident ID is allowed in a 公示 only because it hides enough; but two offices
that mask differently each publish a safe-looking fragment, and a reader who puts
``110101********1233`` next to ``11010119900307****`` (same name, same school) reads the
whole number. No single document shows it, so a per-document check never flags it; only
an index of what every published document exposes can. That index is what this module
keeps and queries.

The model:

- A :class:`Fragment` is one partial identifier in one document: which positions of an
  18-digit ID or an 11-digit mobile it shows, the mask shape, and the name it sits with.
  Fragments live in the sweep's ledger between runs, so nothing raw is stored: each shown
  digit is a keyed token ``HMAC(key, kind|position|digit)`` and the name is a keyed hash.
  Equal tokens mean equal digits; without the per-ledger key a token does not say which
  digit it is. With the key each token is one of ten guesses and a name one dictionary
  look-up, so the key is the secret that matters: keep it apart from the ledger file.
- Fragments of one name and kind are grouped into *identities*: a fragment joins every
  identity it agrees with (equal tokens wherever both show a position). A conflicting
  digit at a shared position means two people of the same name; they are never merged.
- Fragments with no usable name (none found, or only a masked one such as 王*) are
  combined only on evidence that is not shared by a crowd: both show the last four
  digits (an ID's sequence code and check digit, a mobile's subscriber number) and they
  agree, as do the region code (IDs, positions 0-5) or operator prefix (mobiles, 0-2),
  and nothing conflicts. Region code, birth date and a mobile's number block (0-6) are
  shared by thousands; four equal final digits happen by chance about once in 10 000
  pairs. So unnamed ``110101********1233`` and ``11010119900307****`` are *not*
  combined: only the county links them, and a reader could not link them either.
- An identity is a risk when its documents together show more positions than any one of
  them and that union reaches the threshold (14 of 18 ID digits: with the check digit,
  fewer than a thousand candidates remain; 9 of 11 mobile digits: a hundred), or, for
  IDs, covers the whole birth date (positions 6-13) that no single document showed.
- A birth date beside a name (a 出生日期 column, "2010年3月7日出生") is an ID fragment too: it
  shows positions 6-13 (6-11 for a month). Next to another document's ``340104********6517``
  for the same name it completes the number, which neither does alone.
- Separately, DESIGN §2 requires one mask pattern across the archive: the most common
  pattern per kind (counted by documents) is the archive's, and every document using
  another is a :class:`PatternOutlier`.

>>> key = b"ledger-secret-000"
>>> a = fragment_from_value("a.html", "resident_id", "110101********1233", key, name="王小明")
>>> b = fragment_from_value("b.html", "resident_id", "11010119900307****", key, name="王小明")
>>> [risk.exposed for risk in aggregation_risks([a, b])]
['身份证号 18 位中 18 位（完整号码）；出生日期']
>>> aggregation_risks([a])
[]
"""

from __future__ import annotations

import hashlib
import hmac
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import regex

from recognizers.masking_forms import (
    MASK_CHARS,
    exposed_positions,
    mask_pattern,
    national_part,
)
from recognizers.person_name import COMPOUND_SURNAMES, MASKED_NAME, simplified_for_names
from recognizers.textnorm import only_alnum, to_halfwidth
from screening.model import Finding, Location, ScanResult

RESIDENT_ID = "resident_id"
MOBILE = "mobile"
LENGTHS = {RESIDENT_ID: 18, MOBILE: 11}
KIND_LABELS = {RESIDENT_ID: "身份证号", MOBILE: "手机号"}
# Characters that hide a digit, per kind: a mobile is also masked with x (138xxxx5678);
# in an ID a trailing X is the check digit.
KIND_MASK_CHARS = {RESIDENT_ID: MASK_CHARS, MOBILE: MASK_CHARS + "xX"}
ENTITY_KINDS = {
    "CN_RESIDENT_ID": RESIDENT_ID,
    "CN_RESIDENT_ID_MASKED": RESIDENT_ID,
    "CN_MOBILE_PHONE": MOBILE,
    "CN_MOBILE_PHONE_MASKED": MOBILE,
}
# Unnamed fragments must agree on the region code / operator prefix ...
ANCHOR_POSITIONS = {RESIDENT_ID: frozenset(range(6)), MOBILE: frozenset(range(3))}
# ... and on the last four digits, which few people share (sequence code + check digit;
# subscriber number). Everything before them is shared by a county, a birthday, a number block.
EVIDENCE_POSITIONS = {RESIDENT_ID: (14, 15, 16, 17), MOBILE: (7, 8, 9, 10)}
BIRTH_DATE = frozenset(range(6, 14))
BIRTH_MONTH = frozenset(range(6, 12))
BIRTH_YEAR = frozenset(range(6, 10))
TOKEN_HEX = 8
PERSON_KEY_HEX = 16
MIN_KEY_BYTES = 16

_DOTS = regex.compile(r"[.·•‧・･]")
_NOT_NAME_EDGE = regex.compile(r"^[^\p{Han}]+|[^\p{Han}*×xX○〇]+$")
_NAME_CHARS = regex.compile(r"\p{Han}[\p{Han}·*×xX○〇]+")


@dataclass(frozen=True)
class Fragment:
    """What one document shows of one identifier; tokens and hashes only, never digits or names."""

    document: str  # path or URL of the document it came from
    person_key: str  # keyed hash of the normalised name it sits with; "" if no (unmasked) name
    kind: str  # "resident_id" | "mobile"
    length: int  # 18 for IDs, 11 for mobiles
    exposed: tuple[tuple[int, str], ...]  # (position, keyed token of the digit there)
    pattern: str  # the mask shape as masking_forms gives it: 999999********9999
    name_hint: str = ""  # masked name for reports: 张* / 欧阳** / 阿卜**·**

    @property
    def positions(self) -> frozenset[int]:
        return frozenset(position for position, _ in self.exposed)

    @property
    def is_full(self) -> bool:
        """Whether the fragment is a whole number (no mask): a leak on its own, not a mask."""
        return len(self.exposed) == self.length


@dataclass(frozen=True)
class AggregationRisk:
    """Documents whose fragments of one identity together show what none shows alone."""

    person_key: str  # masked: name_hint + "·" + first 6 hex of the key, e.g. "王**·3fa9c1"
    documents: tuple[str, ...]
    exposed: str  # "身份证号 18 位中 16 位；出生年月"
    reason: str  # one Chinese sentence

    def to_dict(self) -> dict[str, Any]:
        return {"person_key": self.person_key, "documents": list(self.documents), "exposed": self.exposed, "reason": self.reason}


@dataclass(frozen=True)
class PatternOutlier:
    """A document masking a kind of identifier differently from the rest of the archive."""

    document: str
    kind: str
    pattern: str
    archive_pattern: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "kind": self.kind,
            "pattern": self.pattern,
            "archive_pattern": self.archive_pattern,
            "reason": (
                f"{KIND_LABELS[self.kind]}遮盖方式 {pattern_label(self.pattern)} 与本档案统一方式 "
                f"{pattern_label(self.archive_pattern)} 不同，不同遮盖方式相互拼合可还原号码。"
            ),
        }


# --- keys, tokens, names -------------------------------------------------------------------


def _check_key(key: bytes) -> None:
    if not isinstance(key, bytes) or len(key) < MIN_KEY_BYTES:
        raise ValueError(f"the aggregation key must be a secret of at least {MIN_KEY_BYTES} bytes")


def _keyed_hex(key: bytes, message: str, length: int) -> str:
    return hmac.new(key, message.encode("utf-8"), hashlib.sha256).hexdigest()[:length]


def digit_token(kind: str, position: int, digit: str, key: bytes) -> str:
    """The keyed token stored for `digit` at `position`: equal digits, equal tokens.

    >>> k = b"ledger-secret-000"
    >>> digit_token("mobile", 3, "0", k) == digit_token("mobile", 3, "0", k) != digit_token("mobile", 4, "0", k)
    True
    """
    return _keyed_hex(key, f"{kind}|{position}|{digit}", TOKEN_HEX)


def normalise_name(name: str) -> str:
    """A name as written in different documents, folded to one form: no spaces, simplified
    characters, one kind of middle dot, stray punctuation around it dropped.

    >>> normalise_name(" 陳 大文 "), normalise_name("阿卜杜拉．艾力"), normalise_name("李四,")
    ('陈大文', '阿卜杜拉·艾力', '李四')
    """
    text = "".join(to_halfwidth(name).split())
    text = _DOTS.sub("·", simplified_for_names(text))
    return _NOT_NAME_EDGE.sub("", text)


def usable_name(name: str) -> str:
    """The normalised name if it can link documents, else "": masked (王*, 张某) or not name-shaped.

    >>> usable_name("王小明"), usable_name("王*"), usable_name("张某某"), usable_name("***"), usable_name("李华 *")
    ('王小明', '', '', '', '')
    """
    text = normalise_name(name)
    if not _NAME_CHARS.fullmatch(text) or MASKED_NAME.fullmatch(text) or any(ch in "*×○〇" for ch in text):
        return ""
    return text


def person_key(name: str, key: bytes) -> str:
    """The keyed hash (HMAC-SHA256, 16 hex) of a normalised name; "" when there is no usable name.

    >>> k = b"ledger-secret-000"
    >>> person_key("陳大文", k) == person_key("陈 大文", k), len(person_key("陈大文", k)), person_key("王*", k)
    (True, 16, '')
    """
    _check_key(key)
    text = usable_name(name)
    return _keyed_hex(key, text, PERSON_KEY_HEX) if text else ""


def name_hint(name: str) -> str:
    """The name masked for a report: surname kept, every other character a *.

    >>> [name_hint(n) for n in ("张三", "欧阳娜娜", "阿卜杜拉·艾力", "古丽·艾力", "王*", "")]
    ['张*', '欧阳**', '阿卜**·**', '古*·**', '王*', '']
    """
    text = normalise_name(name)
    if not text:
        return ""
    parts = text.split("·")
    first = parts[0]
    keep = 2 if first[:2] in COMPOUND_SURNAMES or (len(parts) > 1 and len(first) > 3) else 1
    masked = [first[:keep] + "*" * (len(first) - keep)] + ["*" * len(part) for part in parts[1:]]
    return "·".join(masked)


def pattern_label(pattern: str) -> str:
    """A mask shape in words: runs of shown digits and of masks.

    >>> pattern_label("999999********9999"), pattern_label("999****9999"), pattern_label("99999999999")
    ('6+8*+4', '3+4*+4', '11')
    """
    runs = [match.group() for match in regex.finditer(r"9+|\*+", pattern)]
    return "+".join(str(len(run)) + ("*" if run[0] == "*" else "") for run in runs)


# --- fragments ------------------------------------------------------------------------------


def _positions_in_full_number(value: str, length: int, mask_chars: str) -> list[tuple[int, str]] | None:
    """(position in the full number, character) for each shown character; a shortened mask
    (340102****1233) maps its head to the start and its tail to the end, if it has one mask run."""
    shown = exposed_positions(value, mask_chars)
    if len(value) == length:
        return [(i, value[i]) for i in shown]
    runs = regex.findall(f"[{regex.escape(mask_chars)}]+", value)
    if len(value) > length or len(runs) != 1:
        return None
    head = value.index(runs[0])
    return [(i, value[i]) if i < head else (length - (len(value) - i), value[i]) for i in shown]


def fragment_from_value(document: str, kind: str, value: str, key: bytes, *, name: str = "") -> Fragment | None:
    """The fragment a (masked or whole) ID or mobile exposes; None if it cannot be placed.

    >>> k = b"ledger-secret-000"
    >>> f = fragment_from_value("a.txt", "mobile", "138xxxx5678", k, name="张三")
    >>> sorted(f.positions), f.pattern, f.name_hint, "5678" in repr(f)
    ([0, 1, 2, 7, 8, 9, 10], '999****9999', '张*', False)
    >>> sorted(fragment_from_value("a.txt", "resident_id", "110101****1233", k).positions)
    [0, 1, 2, 3, 4, 5, 14, 15, 16, 17]
    """
    _check_key(key)
    length, mask_chars = LENGTHS[kind], KIND_MASK_CHARS[kind]
    text = to_halfwidth(value)
    text = text.upper() if kind == RESIDENT_ID else national_part(text)
    text = "".join(ch for ch in text if ch.isalnum() or ch in mask_chars)
    placed = _positions_in_full_number(text, length, mask_chars)
    if not placed:
        return None
    return Fragment(
        document=document,
        person_key=person_key(name, key) if name else "",
        kind=kind,
        length=length,
        exposed=tuple((i, digit_token(kind, i, ch, key)) for i, ch in placed),
        pattern=mask_pattern(text, mask_chars),
        name_hint=name_hint(name),
    )


BIRTH_DATE_PATTERN = "birth-date"  # not a mask: left out of the archive's pattern count
_BIRTH_DATE_PARTS = regex.compile(r"((?:19|20)\d\d)\s*[年./\-]\s*(\d{1,2})(?:\s*[月./\-]\s*(\d{1,2}))?")


def birth_date_fragment(document: str, value: str, key: bytes, *, name: str) -> Fragment | None:
    """The ID positions a person's birth date shows: 6-13 (yyyymmdd), or 6-11 for a month.

    >>> f = birth_date_fragment("a.xlsx", "2010年3月7日", b"ledger-secret-000", name="王小明")
    >>> sorted(f.positions), f.pattern
    ([6, 7, 8, 9, 10, 11, 12, 13], 'birth-date')
    >>> sorted(birth_date_fragment("a.xlsx", "2010.03", b"ledger-secret-000", name="王小明").positions)
    [6, 7, 8, 9, 10, 11]
    """
    _check_key(key)
    parts = _BIRTH_DATE_PARTS.search(to_halfwidth(value))
    if not parts or not name or not 1 <= int(parts.group(2)) <= 12 or (parts.group(3) and not 1 <= int(parts.group(3)) <= 31):
        return None
    digits = parts.group(1) + f"{int(parts.group(2)):02d}" + (f"{int(parts.group(3)):02d}" if parts.group(3) else "")
    return Fragment(
        document=document, person_key=person_key(name, key), kind=RESIDENT_ID, length=LENGTHS[RESIDENT_ID],
        exposed=tuple((6 + i, digit_token(RESIDENT_ID, 6 + i, digit, key)) for i, digit in enumerate(digits)),
        pattern=BIRTH_DATE_PATTERN, name_hint=name_hint(name),
    )


def _group_of(location: Location) -> tuple[Any, ...]:
    """Findings that belong together: one table row (all its cells), else one line or paragraph."""
    where = (location.member, location.part, location.page, location.sheet, location.table)
    if location.row is not None:
        return (*where, "row", location.row)
    return (*where, "line", location.paragraph, location.line)


def _person_for(finding: Finding, people: Sequence[Finding]) -> Finding | None:
    """The name an identifier belongs to: the nearest one before it in its row or line, else
    the nearest after it (a row lists 姓名 before 身份证号; prose says 张三，身份证号…)."""
    before = [p for p in people if p.start < finding.start]
    if before:
        return max(before, key=lambda p: p.start)
    after = [p for p in people if p.start >= finding.end]
    return min(after, key=lambda p: p.start) if after else None


def fragments_of(result: ScanResult, key: bytes, *, document: str | None = None) -> list[Fragment]:
    """Every masked or whole ID and mobile in a scan made with ``show_values=True``, each with
    the name in its row, line or cell group. `document` names it when ``result.path`` is unset."""
    _check_key(key)
    source = document or result.path
    if not source:
        raise ValueError("fragments_of needs the document's path or URL (result.path or document=)")
    people: dict[tuple[Any, ...], list[Finding]] = defaultdict(list)
    for finding in result.findings:
        if finding.entity_type == "PERSON" and finding.text and normalise_name(finding.text):
            people[_group_of(finding.location)].append(finding)
    fragments = []
    for finding in result.findings:
        kind = ENTITY_KINDS.get(finding.entity_type)
        if kind is None and finding.entity_type != "BIRTH_DATE":
            continue
        if finding.text is None:
            raise ValueError("fragments_of needs a scan made with show_values=True")
        person = _person_for(finding, people.get(_group_of(finding.location), []))
        if kind is None:  # a birth date: a fragment only beside a name
            named = birth_date_fragment(source, finding.text, key, name=person.text) if person and person.text else None
            fragments += [named] if named else []
            continue
        value = only_alnum(finding.text) if finding.entity_type == "CN_RESIDENT_ID" else finding.text
        fragment = fragment_from_value(source, kind, value, key, name=person.text if person and person.text else "")
        if fragment is not None:
            fragments.append(fragment)
    return fragments


# --- identities -----------------------------------------------------------------------------


class _Identity:
    """Working state while grouping: fragments that can be one number of one person (no two
    disagree at a position both show), with the union of what they show."""

    __slots__ = ("members", "pairs", "positions")

    def __init__(self, fragment: Fragment) -> None:
        self.pairs: set[tuple[int, str]] = set(fragment.exposed)
        self.positions: set[int] = set(fragment.positions)
        self.members: list[Fragment] = [fragment]

    def agreeing(self, fragment: Fragment) -> set[int] | None:
        """The shared positions, all agreeing with `fragment`; None on any conflict."""
        shared = self.positions & fragment.positions
        agreed = {position for position, token in fragment.exposed if (position, token) in self.pairs}
        return agreed if len(agreed) == len(shared) else None

    def join(self, fragment: Fragment) -> None:
        self.pairs.update(fragment.exposed)
        self.positions.update(fragment.positions)
        self.members.append(fragment)


def _evidence_key(pairs: Iterable[tuple[int, str]], kind: str) -> tuple[str, ...] | None:
    """The tokens of the last four digits, if all are shown: what unnamed fragments must share."""
    tokens = dict(pairs)
    wanted = EVIDENCE_POSITIONS[kind]
    return tuple(tokens[i] for i in wanted) if all(i in tokens for i in wanted) else None


def _compatible(identity: _Identity, fragment: Fragment) -> bool:
    """Named fragments need no conflict; unnamed ones also a shared region code or prefix
    (their last four digits already matched through the index)."""
    shared = identity.agreeing(fragment)
    if shared is None:
        return False
    return bool(fragment.person_key) or ANCHOR_POSITIONS[fragment.kind] <= shared


def _candidates(fragment: Fragment, identities: list[_Identity], index: dict[tuple[str, ...], list[int]]) -> Iterable[int]:
    """Identities worth checking: all of them for a named fragment (its group is one name); for
    an unnamed one those with the same last four digits."""
    if fragment.person_key:
        return range(len(identities))
    key = _evidence_key(fragment.exposed, fragment.kind)
    return index.get(key, []) if key else []


def _identities(fragments: Iterable[Fragment]) -> list[_Identity]:
    """Most revealing fragments first; each joins every identity it fits, or starts its own.
    A fragment that fits two identities (two people of one name, it could be either) joins both."""
    identities: list[_Identity] = []
    index: dict[tuple[str, ...], list[int]] = defaultdict(list)  # unnamed: last four digits → identities
    ordered = sorted(set(fragments), key=lambda f: (-len(f.exposed), f.document, f.pattern, f.exposed))
    for fragment in ordered:
        fits = [n for n in _candidates(fragment, identities, index) if _compatible(identities[n], fragment)]
        for n in fits:
            identities[n].join(fragment)
        if not fits:
            identities.append(_Identity(fragment))
            key = _evidence_key(fragment.exposed, fragment.kind)
            if key and not fragment.person_key:
                index[key].append(len(identities) - 1)
    return identities


# --- risks ----------------------------------------------------------------------------------


def _by_document(identity: _Identity) -> dict[str, frozenset[int]]:
    shown: dict[str, frozenset[int]] = defaultdict(frozenset)
    for fragment in identity.members:
        shown[fragment.document] |= fragment.positions
    return dict(shown)


def _birth_label(positions: frozenset[int]) -> str:
    if BIRTH_DATE <= positions:
        return "出生日期"
    if BIRTH_MONTH <= positions:
        return "出生年月"
    return "出生年份" if BIRTH_YEAR <= positions else ""


def _exposed_text(kind: str, positions: frozenset[int]) -> str:
    length = LENGTHS[kind]
    text = f"{KIND_LABELS[kind]} {length} 位中 {len(positions)} 位" + ("（完整号码）" if len(positions) == length else "")
    birth = _birth_label(positions) if kind == RESIDENT_ID else ""
    return f"{text}；{birth}" if birth else text


def _masked_key(identity: _Identity) -> str:
    first = identity.members[0]
    hints = {f.name_hint for f in identity.members if f.name_hint}
    if first.person_key:
        return f"{first.name_hint or '未署名'}·{first.person_key[:6]}"
    # The most revealing member names an unnamed identity: stable while smaller fragments join.
    digest = hashlib.sha256("|".join(token for _, token in first.exposed).encode()).hexdigest()[:6]
    return f"{hints.pop() if len(hints) == 1 else '未署名'}·{digest}"


def _reason(identity: _Identity, shown: dict[str, frozenset[int]], union: frozenset[int]) -> str:
    kind = identity.members[0].kind
    patterns = "、".join(sorted({pattern_label(f.pattern) for f in identity.members}))
    who = "同一姓名" if identity.members[0].person_key else "未署名、末四位相同"
    most = max(len(p) for p in shown.values())
    sentence = (
        f"{len(shown)} 份文件中{who}的{KIND_LABELS[kind]}分别以 {patterns} 方式遮盖，重叠位置的数字一致，"
        f"单份最多显示 {most} 位，合起来显示 {len(union)} 位"
    )
    if len(union) == LENGTHS[kind]:
        sentence += "，可拼出完整号码"
    if kind == RESIDENT_ID and BIRTH_DATE <= union and not any(BIRTH_DATE <= p for p in shown.values()):
        sentence += "，并还原任何一份都未显示的出生日期"
    return sentence + "。"


def _risk_of(identity: _Identity, thresholds: dict[str, int]) -> AggregationRisk | None:
    shown = _by_document(identity)
    if len(shown) < 2:
        return None
    kind = identity.members[0].kind
    union = frozenset().union(*shown.values())
    if len(union) <= max(len(p) for p in shown.values()):
        return None
    new_birth_date = kind == RESIDENT_ID and BIRTH_DATE <= union and not any(BIRTH_DATE <= p for p in shown.values())
    if len(union) < thresholds[kind] and not new_birth_date:
        return None
    return AggregationRisk(_masked_key(identity), tuple(sorted(shown)), _exposed_text(kind, union), _reason(identity, shown, union))


def aggregation_risks(fragments: Iterable[Fragment], *, id_threshold: int = 14, mobile_threshold: int = 9) -> list[AggregationRisk]:
    """Sets of documents whose fragments of one identity together show more than any one does
    and reach the threshold (or, for IDs, a birth date no single document showed)."""
    thresholds = {RESIDENT_ID: id_threshold, MOBILE: mobile_threshold}
    for kind, threshold in thresholds.items():
        if not 1 <= threshold <= LENGTHS[kind]:
            raise ValueError(f"{kind} threshold must be between 1 and {LENGTHS[kind]}")
    groups: dict[tuple[str, str], list[Fragment]] = defaultdict(list)
    for fragment in fragments:
        groups[(fragment.person_key, fragment.kind)].append(fragment)
    risks: dict[tuple[str, tuple[str, ...], str], AggregationRisk] = {}
    for _, members in sorted(groups.items()):
        for identity in _identities(members):
            risk = _risk_of(identity, thresholds)
            if risk is not None:
                risks.setdefault((risk.person_key, risk.documents, risk.exposed), risk)
    return list(risks.values())


# --- one pattern per archive ----------------------------------------------------------------


def _archive_pattern(documents_by_pattern: dict[str, set[str]]) -> str:
    """The pattern most documents use; on a tie the one showing fewer digits, then the first."""
    return min(documents_by_pattern, key=lambda p: (-len(documents_by_pattern[p]), p.count("9"), p))


def pattern_outliers(fragments: Iterable[Fragment]) -> list[PatternOutlier]:
    """Documents masking an ID or mobile with a pattern other than the archive's most common one.

    Whole numbers are not masks (the policy blocks them) and are left out.

    >>> k = b"ledger-secret-000"
    >>> fs = [fragment_from_value(f"{n}.txt", "mobile", m, k) for n, m in enumerate(["138****5678"] * 3 + ["1380013****"])]
    >>> [(o.document, pattern_label(o.pattern), pattern_label(o.archive_pattern)) for o in pattern_outliers(fs)]
    [('3.txt', '7+4*', '3+4*+4')]
    """
    by_kind: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for fragment in fragments:
        if not fragment.is_full and fragment.pattern != BIRTH_DATE_PATTERN:
            by_kind[fragment.kind][fragment.pattern].add(fragment.document)
    outliers = []
    for kind, documents_by_pattern in sorted(by_kind.items()):
        archive = _archive_pattern(documents_by_pattern)
        for pattern, documents in sorted(documents_by_pattern.items()):
            if pattern != archive:
                outliers.extend(PatternOutlier(document, kind, pattern, archive) for document in sorted(documents))
    return outliers
