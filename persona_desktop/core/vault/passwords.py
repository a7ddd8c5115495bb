"""A password strength hint: not a gate, a nudge. Weak passwords are allowed after confirmation.

Written here rather than taken from zxcvbn: the maintained ports pull in large dictionaries for a
hint the user sees for a second; length and variety with a small list of very common passwords
catch what matters for a local vault (offline guessing against Argon2id at ~0.5 s per guess).
"""
from __future__ import annotations

from dataclasses import dataclass

from ..i18n import Text, pick

_COMMON = frozenset("""
123456 123456789 12345678 password qwerty 111111 123123 1234567890 1234567 abc123 000000 iloveyou
password1 qwerty123 admin welcome 666666 888888 5201314 woaini 123321 654321 a123456 qwertyuiop
letmein monkey dragon football baseball sunshine princess
""".split())

MIN_LENGTH = 8
GOOD_LENGTH = 12

LABELS = (Text("very weak", "非常弱"), Text("weak", "弱"), Text("fair", "一般"),
          Text("good", "较强"), Text("strong", "强"))  # by score
REASONS = {
    "too_short": Text("shorter than 8 characters", "少于 8 个字符"),
    "common": Text("a very common password", "非常常见的密码"),
    "one_kind": Text("only one kind of character", "只有一种字符"),
    "repeated": Text("mostly the same character", "大多是同一个字符"),
}


@dataclass(frozen=True)
class Strength:
    score: int  # 0..4
    reasons: tuple[str, ...]

    @property
    def weak(self) -> bool:
        return self.score < 2

    def label(self, lang: str = "en") -> str:
        return LABELS[self.score].get(lang)

    def reason_text(self, lang: str = "en") -> str:
        return pick("; ", "；", lang).join(REASONS[r].get(lang) for r in self.reasons)


def strength(password: str) -> Strength:
    reasons: list[str] = []
    if len(password) < MIN_LENGTH:
        reasons.append("too_short")
    if password.lower() in _COMMON:
        reasons.append("common")
    kinds = sum((any(c.islower() for c in password), any(c.isupper() for c in password),
                 any(c.isdigit() for c in password), any(not c.isascii() for c in password),
                 any(c.isascii() and not c.isalnum() for c in password)))
    if password and kinds <= 1 and len(password) < 16:
        reasons.append("one_kind")
    if password and len(set(password)) <= max(2, len(password) // 4):
        reasons.append("repeated")
    if "common" in reasons or "too_short" in reasons or "repeated" in reasons:
        score = 0 if len(password) < 6 or "common" in reasons else 1
    else:
        score = 2 + (len(password) >= GOOD_LENGTH) + (kinds >= 3 and len(password) >= 14)
        if "one_kind" in reasons:
            score = min(score, 2) - 1 if len(password) < GOOD_LENGTH else min(score, 2)
    return Strength(max(0, min(4, score)), tuple(reasons))
