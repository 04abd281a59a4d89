#!/usr/bin/env python3
"""Writes the seed corpora tests/fuzz/corpus/{yaml,note,date,template,practice,reviews}/ from
the base caseload of harness.c, a realistic caseload folder (SRC, default
../example-cases or the acceptance example), the site's templates (TPL,
default templates/, the *.html there), and hand-made tricky inputs.

usage: tests/fuzz/seed.py [SRC [TPL]]     (run from the top of the project)
The seeds are committed; rerun it only to refresh them."""
import glob, hashlib, os, sys

OUT = 'tests/fuzz/corpus'

def put(target, name, data):
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode('utf-8')
    with open(os.path.join(d, name), 'wb') as f:
        f.write(data)

def slot_of(rel):
    if rel == 'caseload.yaml': return 0
    if rel.startswith('resources/'): return 1
    if rel.endswith('/case.yaml'): return 2
    if rel.endswith('/plan.yaml'): return 3
    if '/assessments/' in rel: return 4
    if '/notes/' in rel: return 5
    return None

def from_folder(src):
    files = {}
    for p in sorted(glob.glob(os.path.join(src, '**/*'), recursive=True)):
        rel = os.path.relpath(p, src)
        if os.path.isfile(p) and slot_of(rel) is not None:
            files[rel] = open(p, 'rb').read()
    # a few of each kind, the largest first: they hold the most structure
    seen = {}
    for rel, data in sorted(files.items(), key=lambda kv: -len(kv[1])):
        s = slot_of(rel)
        if seen.get(s, 0) >= 3:
            continue
        seen[s] = seen.get(s, 0) + 1
        tag = rel.replace('/', '_')
        put('yaml', 'ex-' + tag, bytes([s]) + data)
        if s == 3:
            put('yaml', 'ex6-' + tag, bytes([6]) + data)
        if s == 5:
            put('note', 'ex-' + tag, data)
    # one 'several' input: config %% case %% plan %% assessment %% note
    case = next((r for r in files if r.endswith('/case.yaml')
                 and os.path.dirname(r) + '/plan.yaml' in files), None)
    if case:
        d = os.path.dirname(case)
        parts = [files['caseload.yaml'], files[case], files[d + '/plan.yaml']]
        a = sorted(r for r in files if r.startswith(d + '/assessments/'))
        n = sorted(r for r in files if r.startswith(d + '/notes/'))
        parts += [files[a[0]] if a else b'', files[n[0]] if n else b'']
        put('yaml', 'ex7-several', b'\x07' + b'%%\n'.join(parts))

TRICKY_YAML = {
    'practice-config': b'\x00organization: X\ninstrument: {name: I, scale: [1, 5], domains: {home: H, money: M}}\nworkers:\n  noor: {name: N, left: 2026-01-01}\n  pierre: {left: [x]}\nprograms: {outreach: {name: O}}\npolicy: {cover_below: 9, consent_valid: 365d, referral_answer_within: 0d}\n',
    'practice-case': b'\x02client: {name: X, language: fr}\nprogram: outreach\nworker: noor\nopened: 2026-01-01\nstatus: open\nconsent: {expires: 2026-02-30, share_with: [legal-aid]}\ncontact_every: 7d\nreassess_every: {high: 1d}\nflags:\n  - {date: 2026-02-01, by: nobody, text: t, review: 2026-03-01, lifted: 2026-01-01}\n  - 7\n  - {text: [x]}\n',
    'practice-plan': b'\x03goals:\n  - id: g\n    statement: s\n    domain: money\n    steps:\n      - {action: a, who: legal-aid, due: 2026-02-01, referral: {sent: 2026-02-01, status: declined}}\n      - {action: b, who: client, due: 2026-02-01, referral: {status: waitlisted, answered: 2026-01-01}}\n      - {action: c, who: legal-aid, due: 2026-02-01, referral: x}\n',
    'anchor-alias': b'\x00a: &x {b: 1}\nc: *x\nd: [*x, *x]\n',
    'tags': b'\x02client: !!map {name: !x X}\nopened: !!str 2026-01-01\nx: !!binary aGk=\n',
    'dup-keys': b'\x02a: 1\n"a": 2\nb: 3\nb: 4\nclient: {name: X, name: Y}\n',
    'second-doc': b'\x00organization: X\n---\norganization: Y\n',
    'deep-64': b'\x00' + b'a: ' + b'[' * 63 + b']' * 63 + b'\n',
    'deep-65': b'\x00' + b'a: ' + b'[' * 64 + b']' * 64 + b'\n',
    'block-deep': b'\x03' + b''.join(b'  ' * i + b'k%d:\n' % i for i in range(70)),
    'bom-crlf': b'\x02\xef\xbb\xbfclient:\r\n  name: X\r\nopened: 2026-13-01\r\n',
    'utf16': b'\x00\xff\xfeo\x00r\x00g\x00',
    'utf32': b'\x00\x00\x00\xfe\xff',
    'bad-utf8': b'\x02client:\n  name: Mar\xc3\xada \xc3(\n',
    'nul': b'\x02client:\n  name: A\x00B\n',
    'quoted-escapes': b'\x02client: {name: "a\\0b\\x80\\u2028\\n"}\nopened: "2026-02-29"\n',
    'flow-plan': b'\x03goals: [{id: a, after: [b]}, {id: b, after: [a]}, {id: c, after: [c, zz]}]\n',
    'null-values': b'\x02client: ~\nprogram: null\nworker:\nopened: ""\nstatus: NULL\n',
    'key-not-scalar': b'\x00[a, b]: 1\n{c: d}: 2\n? x\n: y\n',
    'scores': b'\x04date: 2026-04-01\nby: noor\nscores: {home: 0, money: 99, xx: 1, wellbeing: -3}\n',
    'steps': b'\x03goals:\n  - id: g\n    statement: s\n    steps:\n      - who: nobody\n        due: 2026-02-30\n        status: done\n      - 7\n',
    'several-bad': b'\x0f' + b'organization: [x]\n%%\nclient: 1\n%%\ngoals: 3\n%%\n- 1\n%%\n---\n...\n',
    'program-risk': b'\x00organization: X\ninstrument: {name: I, scale: [5, 1], domains: {a: A}}\n'
                    b'workers: {w: {role: boss}}\nprograms: {p: {reassess_every: {high: 1d}, followups: [0d, 1x, 10000d]}}\n'
                    b'policy: {due_window: 14q}\nlanguage: de\n',
}

TRICKY_NOTES = {
    'crlf': b'---\r\ndate: 2026-05-03\r\nby: noor\r\nkind: visit\r\n---\r\nBody.\r\n',
    'bom': b'\xef\xbb\xbf---\ndate: 2026-05-03\nby: noor\nkind: phone\n---\nBody\n',
    'dots': b'---\ndate: 2026-05-03\nby: noor\nkind: admin\n...\n# Title\n',
    'unclosed': b'---\ndate: 2026-05-03\nby: noor\n',
    'no-front': b'Just text.\n',
    'empty-body': b'---\ndate: 2026-05-03\nby: noor\nkind: visit\n---',
    'html': b'---\ndate: 2026-05-03\nby: noor\nkind: visit\n---\n<script>alert(1)</script>\n'
            b'[x](javascript:alert(1)) ![i](http://example.com/a.png) <img src=x onerror=y>\n',
    'bad-fm': b'---\ndate: [\nby: noor\n---\nbody\n',
    'alias': b'---\ndate: &d 2026-05-03\nby: *d\nkind: visit\n---\n',
    'spaces': b'---   \ndate: 2026-05-03\nby: noor\nkind: visit\ngoals: [tenancy, nope]\nminutes: -5\n---  \t\nx\n',
}

def from_templates(tpl):
    """One template input per page of the site: the page, then up to three of
    the partials it includes, NUL-separated and renamed b, c and d as
    fuzz_template.c names them (a partial it cannot fit keeps its name and
    so stays unresolved, which the engine must also survive)."""
    import re
    pages = {os.path.basename(p)[:-5]: open(p, 'rb').read()
             for p in sorted(glob.glob(os.path.join(tpl, '*.html')))}
    tag = re.compile(rb'{{\s*>\s*([A-Za-z0-9_.-]+)\s*}}')
    for name, text in pages.items():
        used = sorted({m.group(1).decode() for m in tag.finditer(text)})
        parts = [p for p in used if p in pages][:3]
        slot = {p: 'bcd'[i] for i, p in enumerate(parts)}
        fix = lambda t: tag.sub(lambda m: b'{{>%s}}' % slot.get(m.group(1).decode(),
                                                              m.group(1).decode()).encode(), t)
        data = b'\0'.join([fix(text)] + [fix(pages[p]) for p in parts])
        if len(data) <= 16384:
            put('template', 'site-' + name, data)

DATES = ['2026-05-15', '2026-01-31+1m', '2024-02-29+1y', '2024-02-29+4y', '2026-03-31+1m',
         '2026-05-15+14d', '2026-05-15+2w', '0001-01-01+9999y', '9999-12-31+9999d',
         '2026-02-29', '2026-13-01', '0000-01-01', '90d', '0d', '9999w', '10000d', '1m', '3y',
         '2026-1-1', '2026-01-01+0d', '2026-12-31+12m']

# reviews.yaml (fuzz_reviews.c): byte 0 bit 0 splits at '%%' into
# reviews.yaml and caseload.yaml; bit 1 loads only rb-001
GOOD_REVIEW = '- finding: late-note/0123456789ab/cases/rb-001/notes/2026-04-02-visit.md\n  by: pierre\n  date: 2026-05-01\n  note: Written up from paper notes.\n'
TRICKY_REVIEWS = {
    'good': b'\x00' + GOOD_REVIEW.encode(),
    'good-only': b'\x02' + GOOD_REVIEW.encode(),
    'two': b'\x00' + (GOOD_REVIEW + '- {finding: unknown-author/0123456789ab, by: pierre, date: 2026-05-02, note: a volunteer}\n').encode(),
    'caseworker': b'\x00- {finding: deleted/0123456789ab/cases/rb-001/plan.yaml, by: noor, date: 2026-05-01, note: n}\n',
    'no-worker': b'\x00- {finding: x, by: ruth, date: 2026-05-01, note: n}\n',
    'missing': b'\x00- {finding: x}\n- {}\n- by: pierre\n',
    'ahead': b'\x00- {finding: x, by: pierre, date: 2027-01-01, note: n}\n',
    'bad-date': b'\x00- {finding: x, by: pierre, date: 2026-02-30, note: n}\n- {finding: x, by: pierre, date: [1], note: {a: b}}\n',
    'extra-key': b'\x00- {finding: x, by: pierre, date: 2026-05-01, note: n, seen: yes}\n',
    'not-a-list': b'\x00finding: x\nby: pierre\n',
    'scalar': b'\x00just words\n',
    'scalars': b'\x00- x\n- 1\n- ~\n- [a]\n',
    'empty': b'\x00',
    'comment': b'\x00# nothing reviewed yet\n',
    'alias': b'\x00- &a {finding: x, by: pierre, date: 2026-05-01, note: n}\n- *a\n',
    'dup-key': b'\x00- {finding: x, finding: y, by: pierre, date: 2026-05-01, note: n}\n',
    'flow': b'\x00[{finding: x, by: pierre, date: 2026-05-01, note: n}, {finding: y,\n by: pierre, date: 2026-05-01, note: m}]\n',
    'split-supervisor': b'\x01- {finding: x, by: noor, date: 2026-05-01, note: n}\n%%\norganization: X\ninstrument: {name: I, scale: [1, 5], domains: {home: H}}\nworkers:\n  noor: {name: N, role: supervisor, email: n@x}\nprograms: {outreach: {name: O}}\n',
    'split-broken-config': b'\x01' + GOOD_REVIEW.encode() + b'%%\nworkers: [\n',
    'split-no-role': b'\x03' + GOOD_REVIEW.encode() + b'%%\norganization: X\ninstrument: {name: I, scale: [1, 5], domains: {home: H}}\nworkers:\n  pierre: {name: P, role: boss}\nprograms: {outreach: {name: O}}\n',
}

# practice: the files of fuzz_practice.c's base (the first byte picks the
# slot, see there) with the keys of SPEC §6 and §7, valid and near-valid
PRACTICE = {
    'config': b'\x00organization: R\ninstrument: {name: I, scale: [1, 10], domains: {home: H, money: M}}\n'
              b'workers:\n  noor: {name: N}\n  julien: {name: J, left: 2026-04-30}\n'
              b'programs:\n  aftercare:\n    name: A\n    followups: [1m, 3m]\n'
              b'    followup_outcomes: [housed, unknown]\n'
              b'    targets: {exits_permanent: 70%, goals_achieved: 60, first_assessment_on_time: 90%, followups_reached: 80%}\n'
              b'  outreach: {name: O, contact_every: 7d}\n'
              b'destinations: {permanent-housing: permanent, shelter: temporary, jail: institutional, abroad: other}\n'
              b'policy: {cover_below: 3, consent_valid: 365d, referral_answer_within: 14d, escalate_after: 14d}\n',
    'config-bad': b'\x00organization: R\ninstrument: {name: I, scale: [1, 5], domains: {home: H}}\n'
                  b'workers: {noor: {name: N, left: yes}, julien: {name: J, left: 2026-02-30}}\n'
                  b'programs: {aftercare: {name: A, followup_outcomes: housed, targets: {exits_permanent: 170%, speed: 5, goals_achieved: -1}}, outreach: {name: O}}\n'
                  b'destinations: {home: home, jail: [institutional]}\n'
                  b'policy: {cover_below: 0, consent_valid: 0d, referral_answer_within: forever}\n',
    'config-nodest': b'\x00organization: R\ninstrument: {name: I, scale: [1, 10], domains: {home: H, money: M}}\n'
                     b'workers: {noor: {name: N}, pierre: {name: P}, julien: {name: J}}\n'
                     b'programs: {aftercare: {name: A, followups: [1m]}, outreach: {name: O}}\n'
                     b'policy: {cover_below: 11}\n',
    'resource': b'\x01name: Legal Aid\ndomains: [home]\nlanguages: [EN, tr]\nanswer_within: 10d\n',
    'resource-bad': b'\x01name: Legal Aid\nlanguages: tr\nanswer_within: 0d\n',
    'case': b'\x02client: {name: Y, language: TR}\nprogram: outreach\nworker: noor\nopened: 2026-03-31\n'
            b'status: open\ncontact_every: 5d\nreassess_every: 30d\n'
            b'consent: {signed: 2026-03-31, expires: 2026-06-01, share_with: [legal-aid]}\n'
            b'flags:\n  - {date: 2026-04-02, by: noor, text: Threats, review: 2026-05-20}\n'
            b'  - {date: 2026-04-03, by: julien, text: Eviction, review: 2026-04-10, lifted: 2026-05-15}\n',
    'case-noconsent': b'\x02client: {name: Y}\nprogram: outreach\nworker: julien\nopened: 2026-03-31\n'
                      b'status: open\nconsent: {expires: 2026-04-01}\n',
    'case-flags-bad': b'\x02client: {name: Y}\nprogram: outreach\nworker: noor\nopened: 2026-03-31\nstatus: open\n'
                      b'consent: {signed: yes, expires: [2026-01-01]}\ncontact_every: 0d\nreassess_every: {high: 1d}\n'
                      b'flags:\n  - {date: 2026-04-02, by: nobody, text: t, review: 2026-02-30}\n  - {text: [x]}\n'
                      b'  - 7\n  - {date: 2026-04-02, by: noor, text: "", lifted: 2026-04-01, review: 2026-04-01}\n',
    'case-flags-map': b'\x0aclient: {name: Y}\nprogram: outreach\nworker: noor\nopened: 2026-03-31\nstatus: open\n'
                      b'flags: {date: 2026-04-02}\n',
    'plan': b'\x03goals:\n  - id: g\n    statement: S\n    domain: home\n    measure: M\n    target: 2026-07-31\n'
            b'    steps:\n'
            b'      - {action: a, who: legal-aid, due: 2026-05-10, referral: {sent: 2026-04-20}}\n'
            b'      - {action: b, who: legal-aid, due: 2026-05-10, referral: {sent: 2026-04-20, status: accepted, answered: 2026-04-21}}\n'
            b'      - {action: c, who: legal-aid, due: 2026-05-10, status: done, done: 2026-05-01, referral: {sent: 2026-04-20, status: completed, answered: 2026-05-01}}\n'
            b'      - {action: d, who: legal-aid, due: 2026-05-10, status: dropped, referral: {sent: 2026-04-20, status: declined, answered: 2026-04-22, reason: Full}}\n',
    'plan-bad': b'\x03goals:\n  - id: g\n    statement: S\n    domain: home\n    measure: M\n    target: 2026-07-31\n'
                b'    steps:\n'
                b'      - {action: a, who: client, due: 2026-05-10, referral: {sent: 2026-04-20}}\n'
                b'      - {action: b, who: legal-aid, due: 2026-05-10, referral: {status: declined}}\n'
                b'      - {action: c, who: legal-aid, due: 2026-05-10, referral: {sent: 2026-04-20, status: lost, answered: never}}\n'
                b'      - {action: d, who: legal-aid, due: 2026-05-10, referral: [x]}\n'
                b'      - {action: e, who: legal-aid, due: 2026-05-10, referral: {sent: 2026-04-20, answered: 2026-04-01, status: waitlisted}}\n',
    'followup': b'\x04---\ndate: 2026-04-25\nby: pierre\nkind: followup\nreached: yes\noutcome: housed\n---\nWell.\n',
    'followup-no': b'\x04---\ndate: 2026-04-25\nby: pierre\nkind: followup\nreached: no\noutcome: unknown\n---\nNo answer.\n',
    'followup-bad': b'\x04---\ndate: 2026-04-25\nby: pierre\nkind: followup\nreached: maybe\noutcome: evicted\n---\nx\n',
    'followup-types': b'\x05---\ndate: 2026-04-10\nby: pierre\nkind: followup\nreached: [yes]\noutcome: {a: b}\n---\nx\n',
    'attempt-date': b'\x05---\ndate: 2026-04-10\nby: pierre\nkind: followup\nreached: 2026-04-10\n---\nx\n',
    'visit-reached': b'\x05---\ndate: 2026-04-10\nby: pierre\nkind: visit\nreached: no\noutcome: housed\nrating: 3\n---\nx\n',
    'feedback': b'\x06---\ndate: 2026-05-03\nby: noor\nkind: feedback\nrating: 5\n---\nGood.\n',
    'feedback-bad': b'\x06---\ndate: 2026-05-03\nby: noor\nkind: feedback\nrating: 6\n---\n',
    'feedback-types': b'\x0e---\ndate: 2026-05-03\nby: noor\nkind: feedback\nrating: 4.5\nreached: no\n---\nx\n',
    'closed': b'\x07client: {name: C}\nprogram: aftercare\nworker: pierre\nopened: 2025-09-01\nstatus: closed\n'
              b'closed: 2026-03-20\nexit: {reason: completed, destination: abroad}\n',
    'closed-unknown': b'\x07client: {name: C}\nprogram: aftercare\nworker: julien\nopened: 2025-09-01\nstatus: closed\n'
                      b'closed: 2026-03-20\nexit: {reason: moved, destination: the-moon}\n',
    'closed-nodest': b'\x0fclient: {name: C}\nprogram: aftercare\nworker: pierre\nopened: 2026-05-01\nstatus: closed\n'
                     b'closed: 2026-05-01\nexit: {reason: completed, destination: [jail]}\n',
}

def main():
    src = sys.argv[1] if len(sys.argv) > 1 else 'example-cases'
    tpl = sys.argv[2] if len(sys.argv) > 2 else 'templates'
    if os.path.isdir(src):
        from_folder(src)
    if os.path.isdir(tpl):
        from_templates(tpl)
    for k, v in TRICKY_YAML.items():
        put('yaml', 't-' + k, v)
    for k, v in TRICKY_NOTES.items():
        put('note', 't-' + k, v)
    for k, v in PRACTICE.items():
        put('practice', 'p-' + k, v)
    for k, v in TRICKY_REVIEWS.items():
        put('reviews', 'r-' + k, v)
    for s in DATES:
        put('date', 'd-' + hashlib.sha1(s.encode()).hexdigest()[:8], s)

if __name__ == '__main__':
    main()
