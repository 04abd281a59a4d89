#!/usr/bin/env python3
"""Writes the hostile-input corpus: one small caseload per case, each a valid
base (caseload.yaml, a resource, case ok-1 and case h) with one hostile thing
put in, and one known error left in cases/ok-1/plan.yaml (the sentinel: a
goal without a target, not-smart at 2:5) to show that every other file is
still checked. tests/hostile/expect says what `check` must report for each.

usage: tests/hostile/generate.py DIR      (DIR must not exist)
Big files (10 MB, a million keys, 1 MiB, 900 KB lines) are made here, at test time, and are
never committed."""
import os, sys

CONFIG = """organization: Harbor Light
instrument:
  name: Self-Sufficiency Matrix
  scale: [1, 5]
  domains:
    housing: Housing
    income: Income
workers:
  amina:
    name: Amina Rahimi
    email: amina@example.org
programs:
  aftercare:
    name: Aftercare
    reassess_every: 90d
"""
RESOURCE = "name: Riverside Food Bank\nservices: [food]\n"
CASE = """client:
  name: María López
program: aftercare
worker: amina
opened: 2026-01-10
status: open
consent: {signed: 2026-01-11, share_with: [food-bank]}
"""
SENTINEL_PLAN = """goals:
  - id: housing
    statement: Move into a permanent home
    measure: A signed lease
"""
NOTE = "---\ndate: 2026-02-01\nby: amina\nkind: visit\n---\nMet at the office.\n"


def w(root, rel, data, mode=None):
    p = os.path.join(root, rel)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, 'wb') as f:
        f.write(data.encode('utf-8') if isinstance(data, str) else data)
    if mode is not None:
        os.chmod(p, mode)
    return p


def base(root):
    w(root, 'caseload.yaml', CONFIG)
    w(root, 'resources/food-bank.yaml', RESOURCE)
    w(root, 'cases/ok-1/case.yaml', CASE)
    w(root, 'cases/ok-1/plan.yaml', SENTINEL_PLAN)
    w(root, 'cases/h/case.yaml', CASE)
    w(root, 'cases/h/notes/2026-02-01-visit.md', NOTE)


def nested_flow(depth):
    # x: [[...]]: the top mapping is depth 1, each '[' one more
    return 'x: ' + '[' * (depth - 1) + ']' * (depth - 1) + '\n'


def nested_block(depth):
    return ''.join('  ' * i + 'k%d:%s\n' % (i, ' v' if i == depth - 1 else '')
                   for i in range(depth))


def padded(text, size):
    """text, then comment lines up to exactly size bytes."""
    out = bytearray(text.encode('utf-8'))
    line = b'# ' + b'x' * 77 + b'\n'
    out += line * ((size - len(out)) // len(line))
    rest = size - len(out)
    if rest:
        out += (b'#' + b'x' * (rest - 2) + b'\n') if rest >= 2 else b'\n'
    assert len(out) == size
    return bytes(out)


def b36(n):
    """n in base 36, lower case."""
    return (b36(n // 36) if n >= 36 else '') + '0123456789abcdefghijklmnopqrstuvwxyz'[n % 36]


def many_domains():
    """caseload.yaml with 100,002 domains: housing, income and d0 to
    d<99,999 in base 36>, in a file just under 1 MiB."""
    doms = ', '.join('d%s: D' % b36(i) for i in range(100000))
    text = CONFIG.replace('  domains:\n    housing: Housing\n    income: Income\n',
                          '  domains: {housing: Housing, income: Income, %s}\n' % doms)
    assert len(text.encode()) < 1024 * 1024
    return text


def make(root, outside):
    cases = {}

    def case(fn):
        cases[fn.__name__.replace('_', '-')] = fn
        return fn

    @case
    def empty_case(r):
        w(r, 'cases/h/case.yaml', '')
        w(r, 'cases/h/plan.yaml', '')
        w(r, 'cases/h/notes/2026-02-02-visit.md', '')

    @case
    def binary(r):
        w(r, 'cases/h/case.yaml', b'\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR' + bytes(range(256)) * 64)
        w(r, 'cases/h/notes/2026-02-02-visit.md', bytes(range(256)))
        w(r, 'cases/h/photo.png', b'\x89PNG\r\n\x1a\n' + bytes(range(256)))

    @case
    def binary_caseload(r):
        w(r, 'caseload.yaml', b'\x00\x01\x02\xff' * 1000)

    @case
    def too_large(r):
        w(r, 'cases/h/case.yaml', padded(CASE, 10 * 1024 * 1024))
        w(r, 'cases/h/scan.pdf', b'%PDF-1.4\n' + b'\x00' * (10 * 1024 * 1024))

    @case
    def size_limit(r):
        # exactly 1 MiB loads; one byte more is too large
        w(r, 'cases/h/case.yaml', padded(CASE, 1024 * 1024))
        w(r, 'cases/h/assessments/2026-02-01.yaml',
          padded('date: 2026-02-01\nby: amina\nscores: {housing: 2, income: 3}\n',
                 1024 * 1024 + 1))

    @case
    def many_keys(r):
        # 100,000 distinct keys (domains) in a file just under 1 MiB
        w(r, 'caseload.yaml', many_domains())

    @case
    def many_scores(r):
        # the instrument's 100,002 domains, 50,000 of them scored in one
        # assessment: each score's domain and each domain's score are
        # looked up, never every domain against every score
        w(r, 'caseload.yaml', many_domains())
        w(r, 'cases/h/case.yaml', CASE)
        scores = ', '.join('d%s: 3' % b36(i) for i in range(0, 100000, 2))
        text = 'date: 2026-02-01\nby: amina\nscores: {%s}\n' % scores
        assert len(text.encode()) < 1024 * 1024
        w(r, 'cases/h/assessments/2026-02-01.yaml', text)

    @case
    def million_keys(r):
        # 1,000,000 distinct keys: no such file fits in 1 MiB, so it is
        # too large before it is parsed (the note's front matter too)
        keys = ''.join('k%d: 1\n' % i for i in range(1000000))
        w(r, 'cases/h/case.yaml', CASE + keys)
        w(r, 'cases/h/notes/2026-02-02-visit.md',
          NOTE.replace('---\nMet', keys.replace('k', 'n') + '---\nMet'))

    @case
    def many_duplicates(r):
        # 110,000 copies of one key in a file just under 1 MiB
        text = CASE + 'tags: []\n' * 110000
        assert len(text.encode()) < 1024 * 1024
        w(r, 'cases/h/case.yaml', text)

    @case
    def many_goals(r):
        # 17,576 goals (aaa to zzz) in a plan of about 1 MiB, each building on
        # the next, the last on the first (one cycle), and two ids used twice
        al = 'abcdefghijklmnopqrstuvwxyz'
        ids = [a + b + c for a in al for b in al for c in al]
        lines = ['goals:']
        for i, g in enumerate(ids):
            lines.append('- {id: %s, statement: s, status: dropped, after: [%s]}'
                         % (g, ids[(i + 1) % len(ids)]))
        lines.append('- {id: aaa, statement: twice, status: dropped}')
        lines.append('- {id: abc, statement: twice, status: dropped}')
        text = '\n'.join(lines) + '\n'
        assert len(text.encode()) < 1024 * 1024
        w(r, 'cases/h/plan.yaml', text)

    @case
    def many_referrals(r):
        # a plan of 10,000 referrals (about 700 KB): one in ten declined
        # without a reason (missing-field), one in ten answered, the rest
        # waiting for an answer (a due item each)
        lines = ['goals:', '- id: g', '  statement: s', '  measure: m', '  target: 2026-09-01',
                 '  steps:']
        for i in range(10000):
            if i % 10 == 0:
                ref = '{sent: 2026-02-01, status: declined, answered: 2026-02-%02d}' % (i % 28 + 1)
            elif i % 10 == 1:
                ref = '{sent: 2026-02-01, status: accepted, answered: 2026-03-%02d}' % (i % 28 + 1)
            else:
                ref = '{sent: 2026-02-%02d}' % (i % 28 + 1)
            lines.append('  - {action: a%d, who: food-bank, due: 2026-06-01, referral: %s}' % (i, ref))
        text = '\n'.join(lines) + '\n'
        assert len(text.encode()) < 1024 * 1024
        w(r, 'cases/h/plan.yaml', text)

    @case
    def many_flags(r):
        # a case of 10,000 flags (about 600 KB): one in ten by a worker who
        # does not exist (unknown-ref), one in ten lifted, the rest open
        # with a review date (a due item each)
        lines = [CASE + 'flags:']
        for i in range(10000):
            by = 'amna' if i % 10 == 0 else 'amina'
            lifted = ', lifted: 2026-03-01' if i % 10 == 1 else ''
            lines.append('- {date: 2026-02-01, by: %s, text: t%d, review: 2026-06-%02d%s}'
                         % (by, i, i % 28 + 1, lifted))
        text = '\n'.join(lines) + '\n'
        assert len(text.encode()) < 1024 * 1024
        w(r, 'cases/h/case.yaml', text)

    @case
    def followup_reached(r):
        # a closed case of a program with follow-ups, and a follow-up note
        # with `reached` of every wrong type; one note says `reached: no`
        # and one is reached, so the follow-up item is met
        w(r, 'caseload.yaml', CONFIG + '    followups: [30d]\n')
        w(r, 'cases/h/case.yaml', CASE.replace(
            'status: open\n', 'status: closed\nclosed: 2026-02-20\nexit: {reason: completed}\n'))
        wrong = ['3', '-1.5', '[yes]', '{yes: no}', '""', "''", 'maybe', '2026-03-01',
                 'true', 'Yes', '!!bool yes', '']
        for i, v in enumerate(wrong):
            w(r, 'cases/h/notes/2026-03-%02d-followup.md' % (i + 1),
              '---\ndate: 2026-03-%02d\nby: amina\nkind: followup\nreached: %s\n---\nCalled.\n'
              % (i + 1, v))
        w(r, 'cases/h/notes/2026-03-20-followup.md',
          '---\ndate: 2026-03-20\nby: amina\nkind: followup\nreached: no\n---\nNo answer.\n')
        w(r, 'cases/h/notes/2026-03-21-followup.md',
          '---\ndate: 2026-03-21\nby: amina\nkind: followup\nreached: yes\n---\nHoused.\n')

    @case
    def deep_64(r):
        w(r, 'cases/h/case.yaml', nested_flow(64) + CASE)
        w(r, 'cases/h/plan.yaml', nested_block(64))

    @case
    def deep_65(r):
        w(r, 'cases/h/case.yaml', nested_flow(65) + CASE)
        w(r, 'cases/h/plan.yaml', nested_block(65))
        w(r, 'cases/h/assessments/2026-02-01.yaml', nested_flow(100000))

    @case
    def alias_bomb(r):
        lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
        for prev, cur in zip('abcdefgh', 'bcdefghi'):
            lines.append('%s: &%s [%s]' % (cur, cur, ', '.join(['*' + prev] * 9)))
        w(r, 'cases/h/case.yaml', '\n'.join(lines) + '\n')

    @case
    def invalid_utf8(r):
        w(r, 'cases/h/case.yaml', CASE.encode().replace('María López'.encode(), b'Jos\xe9 Garc\xeda'))
        w(r, 'resources/food-bank.yaml', b'name: Riverside\nservices: [caf\xc3\xa9, \xed\xa0\x80]\n')

    @case
    def nul_bytes(r):
        w(r, 'cases/h/case.yaml', CASE.encode().replace(b'L\xc3\xb3pez', b'L\x00pez'))

    @case
    def bom_crlf(r):
        crlf = lambda s: ('\ufeff' + s).replace('\n', '\r\n')
        w(r, 'cases/h/case.yaml', crlf(CASE.replace('opened: 2026-01-10', 'opened: 2026-02-30')))
        w(r, 'cases/h/notes/2026-02-01-visit.md', crlf(NOTE.replace('kind: visit', 'kind: vist')))

    @case
    def utf16(r):
        w(r, 'cases/h/case.yaml', CASE.encode('utf-16'))           # with a BOM
        w(r, 'cases/h/plan.yaml', SENTINEL_PLAN.encode('utf-16-le'))  # without
        w(r, 'cases/h/notes/2026-02-01-visit.md', NOTE.encode('utf-32'))

    @case
    def long_lines(r):
        w(r, 'cases/h/case.yaml',
          CASE.replace('María López', 'M' + 'a' * 900 * 1024).replace('2026-01-10', '2026-02-30'))
        w(r, 'cases/h/notes/2026-02-01-visit.md', NOTE + 'word ' * (180 * 1024) + '\n')
        w(r, 'cases/h/plan.yaml', 'k' * 900 * 1024 + ': 1\n')

    @case
    def folder_names(r):
        for name in ['with space', 'caf\u00e9', '<script>alert(1)<', '-dash', '.hidden']:
            w(r, 'cases/%s/case.yaml' % name, CASE)
        w(r, os.fsdecode(b'cases/bad\xffbyte/case.yaml'), CASE)
        w(r, 'resources/bad name.yaml', RESOURCE)

    @case
    def unreadable(r):
        w(r, 'cases/h/plan.yaml', SENTINEL_PLAN, mode=0)
        os.makedirs(os.path.join(r, 'cases/h/assessments'))
        w(r, 'cases/h/assessments/2026-02-01.yaml', 'date: 2026-02-01\n')
        os.chmod(os.path.join(r, 'cases/h/assessments'), 0)

    @case
    def not_files(r):
        os.mkfifo(os.path.join(r, 'cases/h/plan.yaml'))
        os.mkfifo(os.path.join(r, 'cases/h/notes/2026-02-02-visit.md'))
        os.makedirs(os.path.join(r, 'cases/g/case.yaml'))
        os.makedirs(os.path.join(r, 'resources/dir.yaml'))

    @case
    def symlink_loop(r):
        os.symlink('loop.md', os.path.join(r, 'cases/h/notes/loop.md'))
        os.symlink('b.md', os.path.join(r, 'cases/h/notes/a.md'))
        os.symlink('a.md', os.path.join(r, 'cases/h/notes/b.md'))
        os.symlink('.', os.path.join(r, 'cases/h/self'))
        os.symlink('..', os.path.join(r, 'cases/h/up'))
        os.symlink('../../..', os.path.join(r, 'cases/h/notes/top'))

    @case
    def symlink_out(r):
        secret = os.path.join(outside, 'secret.yaml')
        os.symlink(secret, os.path.join(r, 'cases/h/notes/2026-02-03-visit.md'))
        os.symlink(secret, os.path.join(r, 'cases/h/plan.yaml'))
        os.symlink(secret, os.path.join(r, 'resources/leak.yaml'))
        os.symlink(outside, os.path.join(r, 'cases/leak'))
        os.symlink('../../../outside/secret.yaml', os.path.join(r, 'cases/h/relative.txt'))
        # a link that stays inside is followed
        os.symlink('../ok-1/plan.yaml', os.path.join(r, 'cases/h/shared-plan.txt'))

    # reviews.yaml (SPEC §5): not a list, 10 MB, an alias bomb, binary,
    # 12,000 reviews by someone who is no worker, and 100,000 reviews
    @case
    def reviews_not_a_list(r):
        w(r, 'reviews.yaml', 'finding: late-note/0123456789ab/x\nby: amina\n')

    @case
    def reviews_huge(r):
        w(r, 'reviews.yaml', padded('- finding: x\n', 10 * 1024 * 1024))

    @case
    def reviews_alias_bomb(r):
        lines = ['- &a {finding: lol, by: amina, date: 2026-01-01, note: lol}']
        for prev, cur in zip('abcdefgh', 'bcdefghi'):
            lines.append('- &%s [%s]' % (cur, ', '.join(['*' + prev] * 9)))
        w(r, 'reviews.yaml', '\n'.join(lines) + '\n')

    @case
    def reviews_binary(r):
        w(r, 'reviews.yaml', b'- finding: \x00\xff\xfe' + bytes(range(256)))

    @case
    def reviews_many(r):
        w(r, 'reviews.yaml', ''.join(
            '- {finding: late-note/0123456789ab/n%d, by: nobody, date: 2026-01-01, note: n}\n' % i
            for i in range(12000)))

    # 100,000 reviews (1,000,000 bytes, under the 1 MiB limit), each a
    # mapping with an unknown reviewer and three keys missing
    @case
    def reviews_100k(r):
        w(r, 'reviews.yaml', '- {by: x}\n' * 100000)

    os.makedirs(outside)
    w(outside, 'secret.yaml', 'name: SECRET-OUTSIDE-7f3a\n---\nSECRET-OUTSIDE-7f3a\n')
    w(outside, 'case.yaml', 'client: {name: SECRET-OUTSIDE-7f3a}\n')
    for name, fn in cases.items():
        r = os.path.join(root, name)
        base(r)
        fn(r)


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    d = sys.argv[1]
    os.makedirs(d)
    make(d, os.path.join(d, 'outside'))


if __name__ == '__main__':
    main()
