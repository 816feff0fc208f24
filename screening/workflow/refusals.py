"""Why a workflow step cannot be recorded, as data: a refusal names a catalogue key and its fields,
and whoever shows it words it in the reader's language — the CLI and Python in English, the desk in
the page's language (Chinese by default). A message built once in one language would show English on
a Chinese page, or Chinese in an English one.

Fields hold no finding's value: paths, fingerprints, rule ids, role and basis codes, names of accounts.
A field named ``role`` or ``needed`` holds a role code, ``roles`` and ``steps`` role codes joined by
commas (``what``: any words so joined), ``basis`` a basis code: the wording function turns them into labels (``label``), so the desk
shows its own. A field may itself be a refusal (a chain's state, a finding's problem).

>>> Refusal("block_note").english()
'a block finding needs a note saying why it may be published'
>>> chain = refusal("chain", id="CHAIN-AID", steps="reviewer,approver", filled="1", levels="2")
>>> refusal("level_role", role="author", needed="approver", chain=chain).english()
'the next level needs 审批人 at the desk: 拟稿人 cannot sign this level (CHAIN-AID (审核人 → 审批人), 1/2 levels signed)'
>>> refusal("level_role", role="author", needed="approver", chain=chain).words("zh", lambda kind, code: code)
'下一级须由approver在审核台签发：author不能签这一级（CHAIN-AID（reviewer → approver），已签 1/2 级）。'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

from screening.workflow.roles import role_label

Lang = Literal["zh", "en"]

# key → {language: text with {fields}}. Role and basis fields are labels by the time they are filled in.
TEXTS: dict[str, dict[Lang, str]] = {
    # sign-offs (screening.workflow.review, screening.workflow.chains)
    "unscreenable": {"zh": "{path}：文件未能完成审查（{error}），无可签发的发现项。",
                     "en": "{path}: the document could not be screened ({error}); nothing to sign off"},
    "no_signer": {"zh": "请说明签发人（--by 姓名）。", "en": "say who signs off (--by NAME)"},
    "nothing_for_signer": {"zh": "{path}：没有 {by} 此时可以签发的发现项。", "en": "{path}: nothing left that {by} may sign off here"},
    "nothing_for_signer_waiting": {"zh": "{path}：没有 {by} 此时可以签发的发现项（等待：{roles}）。",
                                   "en": "{path}: nothing left that {by} may sign off here (waiting for: {roles})"},
    "not_pending": {"zh": "{path} 的这一版本中没有需要决定的发现项 {fingerprints}（见 review --list）。",
                    "en": "not a finding needing a decision in this version of {path}: {fingerprints} (see review --list)"},
    "nothing_pending": {"zh": "{path}：没有需要决定的发现项。", "en": "{path}: no finding needs a decision"},
    "unknown_basis": {"zh": "未知的签发依据 {basis}，可用：{bases}。", "en": "unknown basis {basis}: use one of {bases}"},
    "block_basis": {
        "zh": "禁止公开的发现项只能以权利人同意、公共利益需要或误报为依据签发（条例第十五条、第三十二条），不能以“{basis}”。",
        "en": "a block finding needs basis consent, public-interest or false-positive (条例 §15, §32), not {basis}",
    },
    "block_note": {"zh": "签发禁止公开的发现项须在说明中写明可以公开的理由。",
                   "en": "a block finding needs a note saying why it may be published"},
    "secrecy_only": {"zh": "只有保密审查员可以将密级/内部标识认定为误报。",
                     "en": "only a 保密审查员 (secrecy reviewer) may call a classification or internal mark a false positive"},
    "already_signed": {"zh": "已签发完毕（{chain}）。", "en": "already signed off ({chain})"},
    "signed_earlier_level": {"zh": "{by} 已签过前一级，下一级须由另一人签发（{chain}）。",
                             "en": "{by} has signed an earlier level; the next one needs another person ({chain})"},
    "level_typed": {"zh": "下一级须由{needed}在审核台签发：命令行中输入的 --by 姓名只算审核人（{chain}）。",
                    "en": "the next level needs {needed} at the desk: a typed --by name (CLI) counts as 审核人 only ({chain})"},
    "level_role": {"zh": "下一级须由{needed}在审核台签发：{role}不能签这一级（{chain}）。",
                   "en": "the next level needs {needed} at the desk: {role} cannot sign this level ({chain})"},
    "chain": {"zh": "{id}（{steps}），已签 {filled}/{levels} 级", "en": "{id} ({steps}), {filled}/{levels} levels signed"},
    "for_finding": {"zh": "{fingerprint}（{rule}）：{problem}", "en": "{fingerprint} ({rule}): {problem}"},
    # the desk's redacted copy (screening.redact)
    "must_withdraw": {"zh": "文件含 {what}，应撤下，不生成脱敏稿。",
                      "en": "the document holds {what}: it must be withdrawn, so no redacted copy is made"},
    "no_redacted_copy": {"zh": "未能生成可发布的脱敏稿：{why}", "en": "no publishable redacted copy could be made: {why}"},
    # 清理任务 (screening.sweeps.tasks)
    "no_closing": {"zh": "请选择处理方式：撤下、已脱敏或保留并说明理由。",
                   "en": "choose how the task was closed: taken down, redacted, or kept with a reason"},
    "keep_needs_role": {"zh": "保留需由审核人、保密审查员或审批人决定。",
                        "en": "keeping an item online is for a reviewer, secrecy reviewer or approver to decide"},
    "keep_needs_reason": {"zh": "保留须说明理由。", "en": "keeping an item online needs a reason"},
    "no_such_task": {"zh": "没有这项待办的清理任务，或它不属于你的处室。",
                     "en": "no such open clearance task, or it is not your office's"},
}
ROLE_FIELDS = frozenset({"role", "needed"})
# fields holding a comma-joined list: field → (its joiner per language, the label kind of its items or None)
LIST_FIELDS: dict[str, tuple[dict[Lang, str], str | None]] = {
    "roles": ({"zh": "、", "en": ", "}, "role"),
    "steps": ({"zh": " → ", "en": " → "}, "role"),
    "what": ({"zh": "、", "en": ", "}, None),
}
SEPARATOR: dict[Lang, str] = {"zh": "；", "en": "; "}

Label = Callable[[str, str], str]  # (kind, code) → its label: kind "role" or "basis"


@dataclass(frozen=True)
class Refusal:
    """One reason a step cannot be recorded: `key` of TEXTS and its fields (no finding's value)."""

    key: str
    fields: tuple[tuple[str, str | Refusal], ...] = ()

    def words(self, lang: Lang, label: Label) -> str:
        return TEXTS[self.key][lang].format(**{name: _worded(name, value, lang, label) for name, value in self.fields})

    def english(self) -> str:
        return self.words("en", _cli_label)


def refusal(key: str, **fields: str | Refusal) -> Refusal:
    return Refusal(key, tuple(fields.items()))


def worded(refusals: Iterable[Refusal], lang: Lang, label: Label) -> str:
    return SEPARATOR[lang].join(item.words(lang, label) for item in refusals)


class Refused(ValueError):
    """A workflow step refused: its `refusals` for a page to word, English as the message."""

    def __init__(self, *refusals: Refusal) -> None:
        self.refusals = refusals
        super().__init__(worded(refusals, "en", _cli_label))

    def __reduce__(self):  # pickled (a worker process's error) with its refusals, not its English message
        return type(self), self.refusals

    def words(self, lang: Lang, label: Label) -> str:
        return worded(self.refusals, lang, label)


def _worded(name: str, value: str | Refusal, lang: Lang, label: Label) -> str:
    if isinstance(value, Refusal):
        return value.words(lang, label)
    if name in ROLE_FIELDS:
        return label("role", value)
    if name in LIST_FIELDS:
        joiners, kind = LIST_FIELDS[name]
        return joiners[lang].join(label(kind, item) if kind else item for item in value.split(","))
    if name == "basis":
        return label("basis", value)
    return value


def _cli_label(kind: str, code: str) -> str:
    # The CLI's English messages have always named roles by their Chinese titles (审核人, 审批人),
    # the words the policy file and the desk use; basis codes stay codes, as typed on the command line.
    return role_label(code) if kind == "role" else code
