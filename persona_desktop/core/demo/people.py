"""Synthetic people for the demo shop: names, e-mail addresses, phone numbers, places.

Written the way real shop exports write them, so the import and privacy code meet the same mess:
phones in several formats (with and without +86, spaces, dashes), some e-mails typed with capitals
or a stray space, many mainland customers with no e-mail at all. UK and US numbers come from the
ranges reserved for drama (Ofcom 07700 900xxx, NANP 555-01xx), so they ring nobody.
"""
from __future__ import annotations

import numpy as np

from . import names as V

EN_SHARE = 0.15
FEMALE_SHARE = 0.58


_SINGLES = {True: tuple(g for g in V.CN_GIVEN_FEMALE if len(g[0]) == 1),
            False: tuple(g for g in V.CN_GIVEN_MALE if len(g[0]) == 1)}


def _weights(pairs) -> np.ndarray:
    w = np.array([p[-1] for p in pairs], dtype=float)
    return w / w.sum()


def people(rng: np.random.Generator, n: int) -> dict:
    """Per-person columns as lists/arrays of length ``n``: name, email, phone, city, province,
    country, is_en, female."""
    is_en = rng.random(n) < EN_SHARE
    female = rng.random(n) < FEMALE_SHARE
    names, pinyin, en_parts = _names(rng, n, is_en, female)
    places = _places(rng, n, is_en)
    return {
        "name": names,
        "email": _emails(rng, n, is_en, pinyin, en_parts),
        "phone": _phones(rng, n, is_en, places[2]),
        "city": places[0], "province": places[1], "country": places[2],
        "is_en": is_en, "female": female,
    }


def _names(rng, n, is_en, female):
    # Plain lists: indexing numpy scalars one by one is what makes Python loops slow.
    s_idx = rng.choice(len(V.CN_SURNAMES), size=n, p=_weights(V.CN_SURNAMES)).tolist()
    two_chars = (rng.random(n) < 0.55).tolist()
    g1, g2, en_first = rng.random(n).tolist(), rng.random(n).tolist(), rng.random(n).tolist()
    en_last = rng.integers(len(V.EN_SURNAMES), size=n).tolist()
    is_en, female = is_en.tolist(), female.tolist()
    names, pinyin, en_parts = [], [], []
    for i in range(n):
        if is_en[i]:
            pool = V.EN_FIRST_FEMALE if female[i] else V.EN_FIRST_MALE
            first, last = pool[int(en_first[i] * len(pool))], V.EN_SURNAMES[en_last[i]]
            names.append(f"{first} {last}")
            pinyin.append("")
            en_parts.append((first, last))
            continue
        pool = V.CN_GIVEN_FEMALE if female[i] else V.CN_GIVEN_MALE
        given, given_py = pool[int(g1[i] * len(pool))]
        if two_chars[i] and len(given) == 1:
            singles = _SINGLES[female[i]]
            extra, extra_py = singles[int(g2[i] * len(singles))]
            given, given_py = given + extra, given_py + extra_py
        surname, surname_py, _ = V.CN_SURNAMES[s_idx[i]]
        names.append(surname + given)
        pinyin.append((surname_py, given_py))
        en_parts.append(None)
    return names, pinyin, en_parts


def _emails(rng, n, is_en, pinyin, en_parts) -> list:
    has = np.where(is_en, rng.random(n) < 0.97, rng.random(n) < 0.55).tolist()
    style = rng.random(n).tolist()
    digits = rng.integers(10, 100, size=n).tolist()
    year = rng.integers(1965, 2004, size=n).tolist()
    qq = rng.integers(10_000, 3_000_000_000, size=n).tolist()
    cn_dom = rng.choice(len(V.CN_EMAIL_DOMAINS), size=n, p=_weights(V.CN_EMAIL_DOMAINS)).tolist()
    en_dom = rng.choice(len(V.EN_EMAIL_DOMAINS), size=n, p=_weights(V.EN_EMAIL_DOMAINS)).tolist()
    typed = rng.random(n).tolist()
    is_en = is_en.tolist()
    out, seen = [], set()
    for i in range(n):
        if not has[i]:
            out.append(None)
            continue
        if is_en[i]:
            first, last = en_parts[i]
            local = (f"{first}.{last}" if style[i] < 0.5 else
                     f"{first[0]}{last}{digits[i]}" if style[i] < 0.8 else
                     f"{first}{last[0]}{year[i]}")
            domain = V.EN_EMAIL_DOMAINS[en_dom[i]][0]
            if typed[i] >= 0.12:
                local = local.lower()
            else:
                domain = domain.capitalize()  # "Emma.Smith@Gmail.com": normalising folds it
        elif style[i] < 0.45:
            local, domain = str(qq[i]), "qq.com"
        else:
            sur, giv = pinyin[i]
            local = (f"{sur}{giv}{digits[i]}" if style[i] < 0.7 else
                     f"{sur}.{giv}" if style[i] < 0.85 else f"{giv}{sur}{year[i]}")
            domain = V.CN_EMAIL_DOMAINS[cn_dom[i]][0]
        email = f"{local}@{domain}"
        while email.lower() in seen:  # an address is one person's: add digits, as people do
            local += str(i % 97)
            email = f"{local}@{domain}"
        seen.add(email.lower())
        out.append(email + " " if typed[i] > 0.99 else email)
    return out


def _phones(rng, n, is_en, country) -> list:
    has = np.where(is_en, rng.random(n) < 0.75, rng.random(n) < 0.95).tolist()
    prefix = rng.integers(len(V.CN_MOBILE_PREFIXES), size=n).tolist()
    rest = rng.integers(0, 100_000_000, size=n).tolist()
    fmt = rng.choice(6, size=n, p=[0.4, 0.2, 0.15, 0.1, 0.1, 0.05]).tolist()
    drama = rng.integers(0, 1000, size=n).tolist()
    area = rng.integers(len(V.US_AREA_CODES), size=n).tolist()
    out, seen = [], set()
    for i in range(n):
        if not has[i]:
            out.append(None)
        elif country[i] == "GB":
            out.append(f"+44 7700 900{drama[i]:03d}" if fmt[i] % 2 else f"+447700900{drama[i]:03d}")
        elif country[i] == "US":
            a, line = V.US_AREA_CODES[area[i]], drama[i] % 100
            out.append(f"+1 ({a}) 555-01{line:02d}" if fmt[i] % 2 else f"+1-{a}-555-01{line:02d}")
        else:
            d = f"{V.CN_MOBILE_PREFIXES[prefix[i]]}{rest[i]:08d}"
            while d in seen:  # a mobile number belongs to one person
                d = d[:3] + f"{(int(d[3:]) + 7919) % 100_000_000:08d}"
            seen.add(d)
            out.append((d, f"{d[:3]} {d[3:7]} {d[7:]}", f"+86 {d}", f"+86-{d[:3]}-{d[3:7]}-{d[7:]}",
                        f"{d[:3]}-{d[3:7]}-{d[7:]}", f"(+86) {d[:3]} {d[3:7]} {d[7:]}")[fmt[i]])
    return out


def _places(rng, n, is_en):
    cn = rng.choice(len(V.CN_CITIES), size=n, p=_weights(V.CN_CITIES))
    en = rng.choice(len(V.EN_CITIES), size=n, p=_weights(V.EN_CITIES))
    rows = [V.EN_CITIES[e] if x else V.CN_CITIES[c]
            for x, e, c in zip(is_en.tolist(), en.tolist(), cn.tolist())]
    return [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]
