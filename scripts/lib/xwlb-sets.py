#!/usr/bin/env python3
# @file xwlb-sets.py
# @brief Chinese known-item sets from the xwlb corpus for scripts/eval-cjk
#        (#13 section 2): converts the day files to articles, builds the query
#        sets at run time (the queries are corpus text, never committed) and
#        scores runs. Standard library only.
#
#   xwlb-sets.py convert XWLB_DIR OUT_DIR            -> OUT_DIR/<day>/<nn>.txt, prints "id<TAB>title" lines
#   xwlb-sets.py queries STORIES_TSV CORPUS_DIR OUT_DIR SEED N
#                                                    -> OUT_DIR/{titles,fragments,perturbed}.tsv
#                                                       ("qid<TAB>target<TAB>query")
#   xwlb-sets.py parts SET_TSV OUT_PREFIX [SEEN_TSV...]
#                                                    -> OUT_PREFIX.{tuning,held-out,all}.tsv, and with SEEN_TSV
#                                                       files OUT_PREFIX.fresh.tsv: the set's queries whose
#                                                       text is a query of none of them (sets drawn before)
#   xwlb-sets.py score PART_TSV RUN_A RUN_B          -> "N S10_A S10_B ONLY_A ONLY_B P": queries, success@10 of
#                                                       each run, queries only A finds, only B finds, exact
#                                                       McNemar p (two-sided)
#   xwlb-sets.py batchrun SET_TSV JSONL              -> "QID RANK STORY" lines of a dateline-search --batch
#                                                       answer (one JSON line per query of SET_TSV, in order),
#                                                       read as scripts/eval-cjk reads one query's answer;
#                                                       prints "errors N" (lines with "error") on stderr
#
# Stories: each "### " section under "## 详细新闻" of news/YYYYMMDD.md; its
# body is the HTML line(s) up to the "[查看原文](...)" link, with tags
# removed (</p> and <br> become line breaks) and entities decoded. The
# scraper's "undefined" placeholders are skipped.
#
# Sets (one story at most once per set, stories drawn with random.Random(SEED)):
#   titles:    a story's whole title, only titles that no other story has
#              (daily titles such as 国内联播快讯 are not known items);
#   fragments: 4-12 consecutive characters (length uniform) starting at a
#              uniform random character of a story's body, so they start and
#              end anywhere, mostly inside words; a cut holding whitespace,
#              ASCII punctuation or a quotation mark (query syntax), or found
#              in any other story's body (not a known item: 央视网消息 opens
#              every story), is drawn again.
#   perturbed (session 16): a span of 15-40 consecutive characters (length
#              uniform, random.Random(SEED + 2)) starting at a uniform random
#              character of a story's body, acceptable as a fragment is and
#              found in no other story's body, then changed once: with
#              probability 1/2 one character deleted, else one character
#              replaced by a character drawn from the corpus (a uniform
#              position of all the bodies together, so by frequency; drawn
#              again until it is a CJK ideograph or kana other than the one
#              it replaces); the changed position is a uniform CJK
#              character of the span. A changed span that some body holds
#              verbatim is drawn again. A known item typed or pasted
#              inexactly: the query as a whole is in no article.
# Halves: odd-numbered queries tune, even-numbered ones are held out.
# Runs ("QID RANK STORY" lines) are also scored by scripts/lib/eval-metrics.awk
# (reciprocal rank) and compared by eval-significance.awk (scripts/eval-cjk).
import html
import math
import os
import random
import re
import sys
from pathlib import Path

QUOTES = set('"\u201c\u201d\u201e\u201f\u00ab\u00bb\u2039\u203a\u300c\u300d\u300e\u300f\u301d\u301e\u301f\uff02\u2018\u2019\'')


def stories(xwlb):
    for day_file in sorted((Path(xwlb) / "news").glob("*.md")):
        day = day_file.stem
        text = day_file.read_text(encoding="utf-8")
        detail = text.split("## 详细新闻", 1)
        if len(detail) < 2:
            continue
        for n, section in enumerate(detail[1].split("\n### ")[1:], start=1):
            lines = section.split("\n")
            title = lines[0].strip()
            body = []
            for line in lines[1:]:
                if line.startswith("[查看原文]") or line.startswith("---"):
                    break
                body.append(line)
            raw = "\n".join(body)
            raw = re.sub(r"(?i)</p>|<br\s*/?>", "\n", raw)
            raw = re.sub(r"<[^>]*>", "", raw)
            body_text = "\n".join(l.strip() for l in html.unescape(raw).replace("\u00a0", " ").split("\n") if l.strip())
            if title == "undefined" or not body_text or body_text == "undefined":
                continue
            yield f"{day}/{n:02d}", day, title, body_text


def convert(xwlb, out):
    for sid, day, title, body in stories(xwlb):
        path = Path(out) / f"{sid}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        date = f"{day[:4]}-{day[4:6]}-{day[6:]}"
        path.write_text(f"date {date}\n{title}\n\n{body}\n", encoding="utf-8")
        print(f"{sid}\t{title}")


def acceptable_fragment(fragment):
    return not any(c.isspace() or (c.isascii() and not c.isalnum()) or c in QUOTES for c in fragment)


def queries(stories_tsv, corpus, out, seed, count):
    rows = [line.rstrip("\n").split("\t", 1) for line in open(stories_tsv, encoding="utf-8")]
    titles = {}
    for sid, title in rows:
        titles.setdefault(title, []).append(sid)
    rng = random.Random(seed)
    order = [sid for sid, _ in rows]
    rng.shuffle(order)
    title_of = dict(rows)
    with open(Path(out) / "titles.tsv", "w", encoding="utf-8") as f:
        n = 0
        for sid in order:
            title = title_of[sid]
            if len(titles[title]) != 1 or not any(c for c in title if not c.isascii()):
                continue
            n += 1
            f.write(f"T{n:04d}\t{sid}\t{title}\n")
            if n == count:
                break
    bodies = {}
    for path in sorted(Path(corpus).glob("*/*.txt")):
        text = path.read_text(encoding="utf-8")
        sid = f"{path.parent.name}/{path.stem}"
        bodies[sid] = text.split("\n\n", 1)[1] if "\n\n" in text else ""
    rng = random.Random(seed + 1)
    order = sorted(bodies)
    rng.shuffle(order)
    with open(Path(out) / "fragments.tsv", "w", encoding="utf-8") as f:
        n = 0
        for sid in order:
            body = bodies[sid]
            for _attempt in range(50):
                length = rng.randint(4, 12)
                if len(body) < length:
                    break
                start = rng.randrange(0, len(body) - length + 1)
                fragment = body[start:start + length]
                if acceptable_fragment(fragment) and not any(
                        fragment in other for other_id, other in bodies.items() if other_id != sid):
                    n += 1
                    f.write(f"F{n:04d}\t{sid}\t{fragment}\n")
                    break
            if n == count:
                break
    perturbed(bodies, out, seed, count)


def is_cjk(c):
    """A Han ideograph (the basic block and extension A), hiragana or katakana."""
    o = ord(c)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0x3041 <= o <= 0x30FF


def perturbed(bodies, out, seed, count):
    """The perturbed set (see the header): one query per story at most."""
    rng = random.Random(seed + 2)
    order = sorted(bodies)
    rng.shuffle(order)
    every = "".join(bodies[sid] for sid in sorted(bodies))
    with open(Path(out) / "perturbed.tsv", "w", encoding="utf-8") as f:
        n = 0
        for sid in order:
            body = bodies[sid]
            for _attempt in range(50):
                length = rng.randint(15, 40)
                if len(body) < length:
                    break
                start = rng.randrange(0, len(body) - length + 1)
                span = body[start:start + length]
                if not acceptable_fragment(span) or any(
                        span in other for other_id, other in bodies.items() if other_id != sid):
                    continue
                positions = [i for i, c in enumerate(span) if is_cjk(c)]
                if not positions:
                    continue
                at = rng.choice(positions)
                if rng.random() < 0.5:
                    changed = span[:at] + span[at + 1:]
                else:
                    replacement = span[at]
                    while replacement == span[at] or not is_cjk(replacement):
                        replacement = every[rng.randrange(len(every))]
                    changed = span[:at] + replacement + span[at + 1:]
                if any(changed in other for other in bodies.values()):
                    continue
                n += 1
                f.write(f"P{n:04d}\t{sid}\t{changed}\n")
                break
            if n == count:
                break


def read_set(set_tsv):
    return [line.rstrip("\n").split("\t") for line in open(set_tsv, encoding="utf-8")]


def parts(set_tsv, prefix, seen_tsvs):
    """Writes the halves (odd-numbered queries tune, even-numbered ones are
    held out), the whole set and, given sets drawn before, its fresh part:
    the queries whose text none of them holds."""
    qs = read_set(set_tsv)
    chosen = {
        "tuning": [q for i, q in enumerate(qs, start=1) if i % 2 == 1],
        "held-out": [q for i, q in enumerate(qs, start=1) if i % 2 == 0],
        "all": qs,
    }
    if seen_tsvs:
        seen = {q[2] for path in seen_tsvs for q in read_set(path)}
        chosen["fresh"] = [q for q in qs if q[2] not in seen]
    for name, rows in chosen.items():
        with open(f"{prefix}.{name}.tsv", "w", encoding="utf-8") as f:
            f.writelines("\t".join(q) + "\n" for q in rows)


def score(part_tsv, run_a, run_b):
    qs = read_set(part_tsv)

    def ranks(run):
        found = {}
        for line in open(run, encoding="utf-8"):
            qid, rank, sid = line.split()
            found.setdefault(qid, {})[sid] = min(int(rank), found.get(qid, {}).get(sid, 10**9))
        return found

    a, b = ranks(run_a), ranks(run_b)
    hit_a = [a.get(q[0], {}).get(q[1], 10**9) <= 10 for q in qs]
    hit_b = [b.get(q[0], {}).get(q[1], 10**9) <= 10 for q in qs]
    n = max(len(qs), 1)
    only_a = sum(x and not y for x, y in zip(hit_a, hit_b))
    only_b = sum(y and not x for x, y in zip(hit_a, hit_b))
    p = mcnemar_exact(only_a, only_b)
    print(f"{len(qs)} {sum(hit_a) / n:.4f} {sum(hit_b) / n:.4f} {only_a} {only_b} {p:.4f}")


PATH = re.compile(r'"path": *"[^"]*"')
ERROR = re.compile(r'^\{"query": *"(?:[^"\\]|\\.)*", *"error": *"')
HITS = re.compile(r'"hits": *\[')
STORY = re.compile(r'.*/([0-9]{8})/([0-9][0-9]*)\.txt')


def batchrun(set_tsv, jsonl):
    """The run of a --batch answer: line k answers query k of the set. Each
    line is read as eval-cjk reads a one-shot answer (grep -o of the "path"
    fields, then the story id of each, sed's greedy match), so the two
    give the same lines; a line count that differs is an error."""
    qs = read_set(set_tsv)
    lines = open(jsonl, encoding="utf-8").read().splitlines()
    if len(lines) != len(qs):
        sys.exit(f"batchrun: {len(lines)} answer lines for {len(qs)} queries in {jsonl}")
    errors = 0
    for q, line in zip(qs, lines):
        if ERROR.search(line) and not HITS.search(line):
            errors += 1
        rank = 0
        for field in PATH.findall(line):
            m = STORY.match(field)
            if m:
                rank += 1
                print(f"{q[0]} {rank} {m.group(1)}/{m.group(2)}")
    print(f"errors {errors}", file=sys.stderr)


def mcnemar_exact(b, c):
    """Two-sided exact McNemar test (the sign test on the discordant
    queries): under the null each of the b + c queries that only one run
    finds is equally likely to be either run's, so min(b, c) is
    Binomial(b + c, 1/2); p = 2 * P(X <= min(b, c)), at most 1 (1 when no
    query is discordant)."""
    n = b + c
    if n == 0:
        return 1.0
    tail = sum(math.comb(n, k) for k in range(min(b, c) + 1)) / 2 ** n
    return min(1.0, 2 * tail)


def main():
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "convert" and len(sys.argv) == 4:
        convert(sys.argv[2], sys.argv[3])
    elif command == "queries" and len(sys.argv) == 7:
        queries(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]), int(sys.argv[6]))
    elif command == "parts" and len(sys.argv) >= 4:
        parts(sys.argv[2], sys.argv[3], sys.argv[4:])
    elif command == "score" and len(sys.argv) == 5:
        score(sys.argv[2], sys.argv[3], sys.argv[4])
    elif command == "batchrun" and len(sys.argv) == 4:
        batchrun(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__ or "usage: see the header of this file")


if __name__ == "__main__":
    main()
