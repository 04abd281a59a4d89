#!/usr/bin/env python3
"""gencaseload.py: make a large, valid caseload with git history, for benchmarks.

usage: python3 tests/bench/gencaseload.py --cases N [--seed S]
           [--commits-per-case K] [--no-git | --fast-import] OUTDIR

OUTDIR (new or empty) becomes a git repository whose root holds caseload.yaml,
resources/*.yaml and cases/<id>/{case.yaml,plan.yaml,assessments/,notes/}.
Record dates lie in 2024-11-01..2026-10-31; the records are meant to be
check-clean (no errors, no warnings) as of 2026-11-23, while the history holds a
few things for `audit` to find (late notes, edits after closing, unknown authors).

About 5 commits per case (--commits-per-case), authored by the workers (now
and then a supervisor, a personal address mapped in .mailmap, or an unknown
author) on working days spread over the two years, with fixed author and
committer dates, so the same seed gives the same files and commit ids. Notes
are progress notes of about 150-450 words of CommonMark (paragraphs, sometimes
a list of next steps) about the case's goals.

The history is the stream of commits that `git fast-import` takes; with
--fast-import it is fed to one `git fast-import` through a pipe. By default
PackWriter writes the same objects straight into a pack: fast-import rebuilds
and hashes the whole cases/ tree (one entry per case) for every commit, which
at 10,000 cases and 51,000 commits took 5.4 CPU minutes against 1 for the
whole generator this way. Both give the same commit ids (checked at 200, 1,000
and 10,000 cases), and `git fsck --strict` finds nothing wrong with the pack.
Python 3 standard library only.
"""
import argparse
import bisect
import datetime
import hashlib
import os
import queue
import random
import struct
import subprocess
import sys
import threading
import time
import unicodedata
import zlib

DAY = datetime.date
START = DAY(2024, 11, 1).toordinal()
END = DAY(2026, 10, 31).toordinal()
EPOCH = DAY(1970, 1, 1).toordinal()
ORG = 'Harbor Light Community Services'
MAILDOM = 'harborlight.example'

_iso = {}


def iso(o):
    """iso: the YYYY-MM-DD string of a date ordinal (cached)."""
    s = _iso.get(o)
    if s is None:
        s = _iso[o] = DAY.fromordinal(o).isoformat()
    return s


def add_months(o, n):
    d = DAY.fromordinal(o)
    m = d.month - 1 + n
    y, m = d.year + m // 12, m % 12 + 1
    last = (DAY(y + (m == 12), m % 12 + 1, 1) - DAY(y, m, 1)).days
    return DAY(y, m, min(d.day, last)).toordinal()


def add_dur(o, dur):
    n, u = int(dur[:-1]), dur[-1]
    if u == 'd':
        return o + n
    if u == 'w':
        return o + 7 * n
    if u == 'm':
        return add_months(o, n)
    return add_months(o, 12 * n)


def _nth_sunday(y, m, n):
    d = DAY(y, m, 1)
    return d.toordinal() + (6 - d.weekday()) % 7 + 7 * (n - 1)


_dst = {}


def utc_offset(o):
    """utc_offset: seconds east of UTC on that day (US Eastern rules, -0500/-0400)."""
    y = DAY.fromordinal(o).year
    r = _dst.get(y)
    if r is None:
        r = _dst[y] = (_nth_sunday(y, 3, 2), _nth_sunday(y, 11, 1))
    return -4 * 3600 if r[0] <= o < r[1] else -5 * 3600


def git_date(o, secs):
    """git_date: b'<unix time> <+hhmm>' for local day o at secs after midnight."""
    off = utc_offset(o)
    ts = (o - EPOCH) * 86400 + secs - off
    return b'%d %s' % (ts, b'-0400' if off == -4 * 3600 else b'-0500'), ts


# ---------------------------------------------------------------- YAML writing

_RESERVED = {'true', 'false', 'yes', 'no', 'on', 'off', 'null', '~', 'y', 'n'}


def q(s, flow=False):
    """q: s as a YAML scalar, plain when that is safe, else double-quoted."""
    plain = (s and s[0] not in '-?:,[]{}#&*!|>\'"%@` ' and s[-1] not in ' :'
             and ': ' not in s and ' #' not in s and '\n' not in s and '\t' not in s
             and s.lower() not in _RESERVED and not s[0].isdigit() and s[0] != '.'
             and not (flow and any(c in s for c in ',[]{}')))
    if plain:
        return s
    return '"' + s.replace('\\', '\\\\').replace('"', '\\"') + '"'


def flow_list(items):
    return '[' + ', '.join(q(x, True) for x in items) + ']'


def block_text(text, indent):
    pad = ' ' * indent
    return '|\n' + ''.join((pad + l if l else '') + '\n' for l in text.split('\n'))


def ascii_slug(s):
    s = unicodedata.normalize('NFKD', s).encode('ascii', 'ignore').decode().lower()
    out, dash = [], False
    for c in s:
        if c.isalnum():
            out.append(c)
            dash = False
        elif c in " -/&" and not dash and out:
            out.append('-')
            dash = True
    return ''.join(out).strip('-')


# ---------------------------------------------------------------- the world

DOMAINS = [('housing', 'Housing'), ('income', 'Income'), ('employment', 'Employment'),
           ('food', 'Food security'), ('health', 'Physical health'),
           ('mental-health', 'Mental health'), ('substance-use', 'Substance use'),
           ('family', 'Family and relationships'), ('legal', 'Legal'),
           ('life-skills', 'Life skills')]
DOMAIN_IDS = [d for d, _ in DOMAINS]

RESOURCES = [
    ('Riverside Food Bank', ['food'], ['Emergency food parcels', 'Weekly grocery pick-up']),
    ('Northside Community Pantry', ['food'], ['Food pantry', 'Baby formula and diapers']),
    ('Harbor Meals on Wheels', ['food', 'health'], ['Home-delivered meals']),
    ("St. Brendan's Soup Kitchen", ['food'], ['Hot lunch daily', 'Showers on Tuesdays']),
    ('Eastgate Tenant Union', ['housing', 'legal'], ['Tenancy advice', 'Eviction defense clinic']),
    ('City Housing Authority', ['housing'], ['Housing choice vouchers', 'Public housing waitlist']),
    ('Safe Harbor Family Shelter', ['housing', 'family'], ['Emergency shelter for families']),
    ('Bridgeway Rapid Re-Housing Fund', ['housing', 'income'], ['Deposits and first month rent']),
    ('Hillcrest Supportive Housing', ['housing', 'mental-health'], ['Permanent supportive housing']),
    ('Riverbend Legal Aid', ['legal', 'housing'], ['Civil legal advice', 'Benefits appeals']),
    ('County Public Defender', ['legal'], ['Criminal defense', 'Record expungement']),
    ('Fair Chance Reentry Clinic', ['legal', 'employment'], ['Reentry planning', 'Job readiness']),
    ('Workforce Connections Center', ['employment'], ['Job search help', 'Resume workshops']),
    ('Second Start Job Training', ['employment', 'life-skills'], ['Forklift certification', 'Kitchen skills course']),
    ('Harbor Community College Adult Education', ['employment', 'life-skills'], ['GED classes', 'English classes']),
    ('Goodwork Staffing Partners', ['employment', 'income'], ['Day labor placements', 'Temp-to-hire jobs']),
    ('Benefits Navigation Desk', ['income'], ['SNAP applications', 'Medicaid enrollment']),
    ('Social Security Field Office', ['income'], ['SSI and SSDI claims']),
    ('Eastside Financial Coaching', ['income', 'life-skills'], ['Budgeting', 'Credit repair']),
    ('Utility Assistance Program', ['income', 'housing'], ['Help with heating and electric bills']),
    ('Harbor Community Health Center', ['health'], ['Primary care', 'Sliding-scale fees']),
    ('Lakeview Free Clinic', ['health'], ['Walk-in clinic', 'Vaccinations']),
    ('Mobile Dental Van', ['health'], ['Dental check-ups', 'Extractions']),
    ('Westside Pharmacy Assistance', ['health', 'income'], ['Prescription discounts']),
    ('Clearwater Behavioral Health', ['mental-health'], ['Counseling', 'Psychiatry']),
    ('Peer Support Warmline', ['mental-health'], ['Peer support by phone, evenings']),
    ('Crisis Stabilization Unit', ['mental-health'], ['24-hour crisis care']),
    ('New Dawn Recovery Center', ['substance-use'], ['Outpatient treatment', 'Recovery groups']),
    ('Harbor Opioid Treatment Program', ['substance-use', 'health'], ['Methadone and buprenorphine']),
    ('Sober Living Network', ['substance-use', 'housing'], ['Recovery residences']),
    ('Family Resource Center', ['family'], ['Parenting classes', 'Family mediation']),
    ('Little Steps Childcare Subsidy', ['family', 'employment'], ['Childcare vouchers']),
    ('Domestic Violence Hotline', ['family', 'legal'], ['Safety planning', 'Protective order help']),
    ('Youth Mentoring Alliance', ['family'], ['Mentors for teenagers']),
    ('Senior Services Hub', ['health', 'life-skills'], ['Home care referrals', 'Senior meals']),
    ('Public Library Digital Skills Lab', ['life-skills', 'employment'], ['Computer classes', 'Free internet']),
    ('Transit Reduced Fare Office', ['life-skills', 'income'], ['Reduced-fare transit passes']),
    ('ID and Document Recovery Project', ['legal', 'life-skills'], ['State ID fees', 'Birth certificates']),
    ('Veterans Resource Office', ['income', 'housing'], ['VA benefits', 'Veteran housing']),
    ('Neighborhood Clothing Closet', ['life-skills'], ['Work clothes', 'Winter coats']),
    ('Harbor Hygiene Station', ['health', 'life-skills'], ['Showers', 'Laundry']),
]

FEMALE = ['María', 'Amina', 'Fatima', 'Sofia', 'Grace', 'Aisha', 'Chloé', 'Hannah', 'Lucía', 'Mei',
          'Nadia', 'Olivia', 'Priya', 'Rosa', 'Sarah', 'Tamara', 'Yasmin', 'Zoë', 'Ana', 'Leila',
          'Keisha', 'Maya', 'Noura', 'Ingrid', 'Beatriz', 'Elena', 'Fiona', 'Hoa', 'Imani', 'Joy',
          'Linh', 'Martha', 'Shanice', 'Dolores', 'Agnieszka', 'Esperanza', 'Wanjiru', 'Brenda']
MALE = ['José', 'Ahmed', 'Daniel', 'Omar', 'Pierre', 'Kwame', 'Luis', 'Marcus', 'Nikolai', 'Tomás',
        'Yusuf', 'André', 'Ben', 'Carlos', 'Dmitri', 'Emeka', 'Hassan', 'Ivan', 'Jamal', 'Kenji',
        'Liam', 'Mateo', 'Noah', 'Oscar', 'Rafael', 'Samuel', 'Tariq', 'Victor', 'Wei', 'Xavier',
        'Darnell', 'Gustavo', 'Harold', 'Mehmet', 'Raymond', 'Thanh', 'Walter', 'Kofi']
NEUTRAL = ['Alex', 'Jordan', 'Sam', 'Riley', 'Robin', 'Kai', 'Avery', 'Quinn', 'Taylor', 'Morgan',
           'Jesse', 'Casey']
LAST = ['López', 'Rahimi', 'Haddad', 'Moreau', 'Demir', 'Nguyen', 'Okafor', 'Smith', 'Johnson',
        'Williams', 'Brown', 'García', 'Martínez', 'Kowalski', 'Novak', 'Ivanova', 'Mensah', 'Ali',
        'Khan', 'Patel', 'Chen', 'Wang', 'Kim', 'Park', 'Tanaka', 'Silva', 'Santos', 'Fernández',
        "O'Brien", 'Murphy', 'Kelly', 'Walsh', 'Dubois', 'Lefèvre', 'Müller', 'Schmidt', 'Rossi',
        'Bianchi', 'Cohen', 'Levi', 'Mahmoud', 'Hussein', 'Abebe', 'Tesfaye', 'Osei', 'Diallo',
        'Ndiaye', 'Jovanović', 'Petrov', 'Andersson', 'Larsen', 'Jensen', 'Thompson', 'Rivera',
        'Torres', 'Ramírez', 'Flores', 'Cruz', 'Reyes', 'Morales', 'Jackson', 'Harris', 'Lewis',
        'Baker', 'Hall', 'Young', 'Wright', 'Scott', 'Green', 'Adams', 'Nelson', 'Carter']
STREETS = ['Harbor', 'River', 'Maple', 'Oak', 'Elm', 'Cedar', 'Pine', 'Washington', 'Lincoln',
           'Lake', 'Hill', 'Park', 'Church', 'Mill', 'Bridge', 'Water', 'Spring', 'Union',
           'Franklin', 'Chestnut', 'Walnut', 'Highland', 'Prospect', 'Grove']
ST_KIND = ['Street', 'Avenue', 'Road', 'Lane', 'Court', 'Place', 'Boulevard']

PRONOUNS = {
    'she/her': dict(They='She', they='she', them='her', their='her', is_='is', was='was', has='has'),
    'he/him': dict(They='He', they='he', them='him', their='his', is_='is', was='was', has='has'),
    'they/them': dict(They='They', they='they', them='them', their='their', is_='are', was='were',
                      has='have'),
}

# per domain: goals (id, statement, measure) and steps (action, who, result)
GOALS = {
    'housing': [('housing', 'Move into a permanent home', 'A signed lease in {their} name'),
                ('keep-tenancy', 'Keep {their} current tenancy', 'No eviction notice and rent paid on time for three months'),
                ('shelter-exit', 'Move from shelter into stable housing', 'Housed for 30 consecutive days')],
    'income': [('income', 'Secure a stable monthly income', 'Monthly income above $1,400 for two months'),
               ('benefits', 'Receive the benefits {they} {is_} eligible for', 'Award letters received for each benefit'),
               ('budget', 'Manage a monthly budget', 'All bills paid on time for three months')],
    'employment': [('job', 'Find paid work', 'Employed at least 20 hours a week for a month'),
                   ('training', 'Complete a job training course', 'Course certificate received')],
    'food': [('food', 'Have enough food every week', 'No skipped meals reported for four weeks'),
             ('food-assistance', 'Enroll in food assistance', 'Food assistance card active')],
    'health': [('primary-care', 'Connect with a primary care doctor', 'First appointment attended'),
               ('health', 'Manage {their} chronic condition', 'Medication taken as prescribed for two months')],
    'mental-health': [('counseling', 'Engage in counseling', 'Four counseling sessions attended'),
                      ('wellbeing', 'Have fewer days of distress', 'Fewer than four bad days a month, self-reported')],
    'substance-use': [('recovery', 'Stay in recovery', '90 days without use, self-reported'),
                      ('treatment', 'Enter a treatment program', 'Admission confirmed by the program')],
    'family': [('family', 'Reconnect with {their} children', 'Regular supervised visits in place'),
               ('childcare', 'Arrange reliable childcare', 'Childcare place confirmed in writing')],
    'legal': [('legal', 'Resolve outstanding legal issues', 'Court case closed or a payment plan agreed'),
              ('id-documents', 'Replace lost identity documents', 'State ID and birth certificate in hand')],
    'life-skills': [('life-skills', 'Build everyday living skills', 'Six-week skills course completed'),
                    ('transport', 'Get reliable transportation', 'Reduced-fare transit pass active')],
}
STEPS = {
    'housing': [('Apply for a housing voucher', 'client', 'Application submitted, reference {ref}'),
                ('Call three landlords from the vacancy list', 'client', 'Two viewings booked'),
                ('Request a reference from the previous landlord', 'worker', 'Reference received'),
                ('Book a tenancy advice appointment', 'resource', 'Appointment attended'),
                ('Apply for help with the deposit', 'resource', 'Deposit approved'),
                ('Collect proof of income for the application', 'client', 'Pay stubs copied'),
                ('View the apartment on {street}', 'client', 'Viewed; landlord will call back')],
    'income': [('Apply for SNAP and Medicaid', 'resource', 'Both applications filed, reference {ref}'),
               ('Gather bank statements for the benefits interview', 'client', 'Statements printed'),
               ('Write a monthly budget together', 'worker', 'Budget drafted'),
               ('Appeal the benefits decision', 'resource', 'Appeal filed, hearing pending'),
               ('Open a bank account', 'client', 'Account opened')],
    'employment': [('Update the resume', 'worker', 'Resume finished and printed'),
                   ('Register with the job center', 'resource', 'Registered, ID {ref}'),
                   ('Apply for five jobs', 'client', 'Six applications sent'),
                   ('Enroll in the training course', 'resource', 'Enrolled for the next intake'),
                   ('Buy work boots with the clothing voucher', 'client', 'Boots bought')],
    'food': [('Register with the food bank', 'resource', 'Registered, weekly pick-up on Thursdays'),
             ('Apply for food assistance', 'client', 'Application filed, reference {ref}'),
             ('Plan a weekly shopping list', 'worker', 'List made together')],
    'health': [('Book a first appointment with a doctor', 'client', 'Appointment booked'),
               ('Fill the prescription', 'client', 'Prescription filled'),
               ('Arrange transport to the clinic', 'worker', 'Ride booked'),
               ('Get a dental check-up', 'resource', 'Check-up done, follow-up needed')],
    'mental-health': [('Book an intake with a counselor', 'resource', 'Intake done, weekly sessions set'),
                      ('Save the warmline number in the phone', 'client', 'Saved'),
                      ('Write a safety plan together', 'worker', 'Safety plan written')],
    'substance-use': [('Attend an assessment at the treatment center', 'resource', 'Assessment attended'),
                      ('Go to two recovery meetings a week', 'client', 'Attending regularly'),
                      ('Find a recovery sponsor', 'client', 'Sponsor found')],
    'family': [('Contact the family court about visits', 'worker', 'Request filed'),
               ('Attend parenting classes', 'resource', 'Completed four of six classes'),
               ('Apply for a childcare voucher', 'resource', 'Voucher approved')],
    'legal': [('Book a legal aid consultation', 'resource', 'Consultation held'),
              ('Request a copy of the court file', 'worker', 'Copy received'),
              ('Apply for a replacement state ID', 'client', 'ID ordered, reference {ref}'),
              ('Order a birth certificate', 'worker', 'Certificate received')],
    'life-skills': [('Enroll in the skills course', 'resource', 'Enrolled'),
                    ('Apply for a reduced-fare transit pass', 'client', 'Pass received'),
                    ('Practice using the online bill portal', 'worker', 'Paid the first bill online')],
}
STRENGTHS = ['Motivated', 'Supportive sister', 'Good sense of humor', 'Reliable with appointments',
             'Work history in construction', 'Strong faith community', 'Bilingual', 'Resourceful',
             'Clear about what they want', 'Good with numbers', 'Close friend nearby', 'Cooks well',
             'Keeps a tidy home', 'Honest about setbacks', 'Has a driving license', 'Caring parent']
NEEDS = ['Stable income', 'Housing search support', 'Transportation', 'Childcare', 'ID documents',
         'Dental care', 'Counseling', 'Budgeting help', 'Legal advice', 'Winter clothing',
         'A phone that works', 'Help with forms', 'Food', 'Recovery support']
NOTE_KINDS = ['visit', 'phone', 'message', 'meeting', 'collateral', 'admin']
NOTE_WEIGHTS = [30, 25, 12, 15, 10, 8]
MINUTES = {'visit': (30, 90), 'phone': (5, 30), 'message': (5, 15), 'meeting': (30, 75),
           'collateral': (10, 40), 'admin': (10, 45), 'followup': (10, 40)}
EXIT_REASONS = ['completed', 'completed', 'completed', 'moved-away', 'disengaged', 'transferred',
                'declined-services']
DESTINATIONS = ['permanent-housing', 'permanent-housing', 'rental-with-subsidy', 'with-family',
                'supportive-housing', 'treatment-program', 'shelter']
TAGS = ['veteran', 'family', 'youth', 'senior', 'disability', 'dv-survivor', 'reentry',
        'chronic-homelessness', 'limited-english', 'pregnant']
LANGS = ['en'] * 8 + ['es', 'es', 'es', 'fr', 'ar', 'fa', 'vi', 'so', 'pt', 'uk', 'ru', 'zh']

PROGRAMS = [
    ('aftercare', 'Aftercare', '90d', '30d', ['30d', '90d', '180d'], 'strengths'),
    ('rapid-rehousing', 'Rapid Re-Housing', {'high': '30d', 'medium': '60d', 'low': '90d'}, '14d',
     ['1m', '3m', '6m'], 'broker'),
    ('street-outreach', 'Street Outreach', '60d', '7d', ['2w'], 'integrated'),
]
PROGRAM_WEIGHTS = [35, 40, 25]


class World:
    pass


def make_world(seed, ncases):
    rng = random.Random(seed)
    w = World()
    # workers: about ncases/40, at least 4; one supervisor per ~8
    nw = max(4, round(ncases / 40))
    nsup = max(1, round(nw / 8))
    ids, emails, workers = set(), set(), []
    while len(workers) < nw:
        first = rng.choice(FEMALE + MALE + NEUTRAL)
        last = rng.choice(LAST)
        fa, la = ascii_slug(first), ascii_slug(last).replace('-', '')
        for cand in (fa, fa + '-' + la[0], fa + '-' + la):
            if cand not in ids:
                wid = cand
                break
        else:
            k = 2
            while '%s-%s-%d' % (fa, la, k) in ids:
                k += 1
            wid = '%s-%s-%d' % (fa, la, k)
        em = '%s.%s@%s' % (fa, la, MAILDOM)
        k = 2
        while em in emails:
            em = '%s.%s%d@%s' % (fa, la, k, MAILDOM)
            k += 1
        ids.add(wid)
        emails.add(em)
        workers.append(dict(id=wid, name='%s %s' % (first, last), email=em, role='caseworker',
                            alt=None))
    for wk in workers[:nsup]:
        wk['role'] = 'supervisor'
    for wk in workers[nsup:]:
        if rng.random() < 0.1:       # an older address, listed under emails
            wk['alt'] = wk['email'].replace('@' + MAILDOM, '@hlcs-legacy.example')
    w.workers = workers
    w.supervisors = workers[:nsup]
    w.caseworkers = workers[nsup:]
    w.cw_weights = [rng.uniform(0.6, 1.4) for _ in w.caseworkers]
    w.sup_of = {wk['id']: w.supervisors[i % nsup] for i, wk in enumerate(w.caseworkers)}
    for s in w.supervisors:
        w.sup_of[s['id']] = s
    # one worker commits from a personal address mapped in .mailmap
    w.mailmapped = w.caseworkers[0]
    w.personal = ascii_slug(w.mailmapped['name']).replace('-', '.') + '@gmail.example'

    # resources
    res = []
    for name, doms, services in RESOURCES:
        rid = ascii_slug(name)
        host = rid.replace('-', '') [:24] + '.example'
        langs = ['en'] + rng.sample(['es', 'fr', 'ar', 'vi', 'so', 'fa'], rng.randint(0, 2))
        res.append(dict(id=rid, name=name, domains=doms, services=services, host=host,
                        phone='+1 555-%03d-%04d' % (rng.randint(200, 999), rng.randint(0, 9999)),
                        address='%d %s %s' % (rng.randint(1, 999), rng.choice(STREETS),
                                              rng.choice(ST_KIND)),
                        hours=rng.choice(['Mon-Fri 9:00-17:00', 'Mon-Thu 8:30-16:30',
                                          'Daily 7:00-19:00', 'Tue and Thu 10:00-14:00',
                                          '24 hours']),
                        eligibility=rng.choice(['Harbor County residents', 'Adults 18 and over',
                                                'Income below 200% of the poverty line',
                                                'Referral from a case manager',
                                                'No eligibility rules; walk in']),
                        languages=langs))
    w.resources = res
    w.res_by_domain = {d: [r for r in res if d in r['domains']] for d in DOMAIN_IDS}
    w.files = render_world(w)
    return w


def render_world(w):
    files = []
    o = ['organization: %s\n' % ORG, 'language: en\n', 'instrument:\n',
         '  name: Self-Sufficiency Matrix\n', '  scale: [1, 5]\n', '  domains:\n']
    o += ['    %s: %s\n' % (d, q(l)) for d, l in DOMAINS]
    o.append('workers:\n')
    for wk in w.workers:
        o.append('  %s:\n    name: %s\n    email: %s\n' % (wk['id'], q(wk['name']), wk['email']))
        if wk['alt']:
            o.append('    emails: [%s]\n' % wk['alt'])
        o.append('    role: %s\n' % wk['role'])
    o.append('programs:\n')
    for pid, name, re_, ce, fu, _ in PROGRAMS:
        o.append('  %s:\n    name: %s\n' % (pid, q(name)))
        if isinstance(re_, dict):
            o.append('    reassess_every: {high: %s, medium: %s, low: %s}\n'
                     % (re_['high'], re_['medium'], re_['low']))
        else:
            o.append('    reassess_every: %s\n' % re_)
        o.append('    contact_every: %s\n    followups: [%s]\n' % (ce, ', '.join(fu)))
    o.append('policy:\n  first_assessment_within: 14d\n  plan_within: 30d\n'
             '  plan_review_every: 90d\n  due_window: 14d\n  note_late_after: 3d\n'
             '  edit_after_close: 7d\n')
    files.append(('caseload.yaml', ''.join(o)))
    for r in w.resources:
        o = ['name: %s\n' % q(r['name']), 'services:\n']
        o += ['  - %s\n' % q(s) for s in r['services']]
        o.append('domains: %s\n' % flow_list(r['domains']))
        o.append('phone: "%s"\n' % r['phone'])
        o.append('email: intake@%s\n' % r['host'])
        o.append('address: %s\n' % q(r['address'] + ', Harbor City'))
        o.append('hours: %s\n' % q(r['hours']))
        o.append('eligibility: %s\n' % q(r['eligibility']))
        o.append('languages: %s\n' % flow_list(r['languages']))
        o.append('url: https://%s/\n' % r['host'])
        o.append('notes: ' + block_text(
            'Referrals by phone or email. Ask for the intake coordinator.\n\n'
            '- Bring photo ID if the client has one\n- Same-week appointments are usually '
            'available', 2))
        files.append(('resources/%s.yaml' % r['id'], ''.join(o)))
    files.append(('.gitignore', '_site/\n'))
    wk = w.mailmapped
    files.append(('.mailmap', '%s <%s> <%s>\n' % (wk['name'], wk['email'], w.personal)))
    return files


# ---------------------------------------------------------------- note prose

OPEN = {
    'visit': ['Home visit with {F} at {their} {place}.', 'Visited {F} at {their} {place} as planned.',
              'Met {F} at {their} {place} for our regular visit; {they} had coffee ready.',
              'Unannounced visit to {F} at {their} {place} after {they} missed the last call.',
              'Visit with {F} at {their} {place}, about {mins} minutes.'],
    'phone': ['Phone call with {F} to check in.', '{F} called the office this morning.',
              'Called {F} to follow up on last week.', 'Short phone call with {F}; the line was bad at first.',
              'Returned a voicemail from {F}.'],
    'message': ['Text message exchange with {F} over the afternoon.', '{F} sent a text asking about {R}.',
                'Messaged {F} to confirm the appointment and {they} replied within the hour.',
                'Exchanged several messages with {F} about the week ahead.'],
    'meeting': ['Office meeting with {F}.', 'Met {F} at the office for a planned meeting.',
                'Meeting with {F} and a staff member from {R}.', 'Scheduled meeting with {F} to go over the plan.'],
    'collateral': ['Spoke with staff at {R} about {F}.', 'Call with the intake coordinator at {R} regarding {F}, with consent.',
                   'Collateral contact with {R}: they confirmed that {F} is on their list.',
                   'Email exchange with {R} about the referral for {F}.'],
    'admin': ['Updated the case file for {F}.', 'Prepared paperwork for {F} ahead of next week.',
              'File review and admin for {F}.', 'Sent the release of information to {R} and filed the copy.'],
    'followup': ['Follow-up call with {F} after case closure.', 'Follow-up contact with {F}, {weeks} weeks after the case closed.',
                 'Reached {F} by phone for the planned follow-up.', 'Follow-up visit with {F} at {their} new place.'],
    'exit': ['Exit meeting with {F} to close the case.', 'Final meeting with {F}; we went through the plan one last time.',
             'Closing visit with {F}.'],
}
# how the client was: in person (visit, meeting, follow-up, exit), on the
# phone, in messages; collateral and admin notes are not contacts and get none
MOOD = ['{F} seemed {mood} and talked openly.', '{F} was {mood} today and kept good eye contact.',
        '{F} came across as {mood} at first and relaxed as we went on.']
OBS = ['{They} arrived on time and had {their} documents with {them}.',
       '{F} looked tired but said {they} {has} been sleeping better.',
       'We spent the first part catching up on the week.',
       '{F} said the last two weeks had been hard.', '{F} was in good spirits and joked about the weather.',
       '{They} asked good questions and took notes.', 'The conversation was calm and focused.',
       '{F} needed a few reminders to stay on topic but engaged well overall.',
       '{They} said {they} {has} been walking every morning and it helps.',
       '{F} was more talkative than last time.', '{They} {was} a little late because the bus did not come.',
       'The room was quiet and we were not interrupted.', '{F} had written a list of questions beforehand.']
OBS_PHONE = ['{F} sounded {mood} on the phone.', '{F} sounded {mood} but was glad to hear from me.',
             'We spoke for about {mins} minutes.', '{F} was on the bus, so the call was short at first.',
             '{F} said the last two weeks had been hard.', '{F} had {their} notes ready for the call.',
             '{F} mentioned that {their} phone had been cut off for a few days.']
OBS_MESSAGE = ['{F} replied quickly and seemed {mood}.', '{F} wrote that things are going {well}.',
               'The messages were short but clear.', '{F} sent a photo of the letter so I could read it.']
TOPIC = {
    'housing': ['{F} viewed an apartment on {street} and liked it; the rent is ${rent} a month.',
                'The landlord asked for a reference and two months of pay stubs.',
                '{F} is still on the waitlist at {R} and called them on {day}.',
                'We went over the lease terms together, line by line.',
                'The unit failed its inspection because of a broken window, so the move is on hold.',
                '{F} is worried about the deposit; {R} may cover part of it.',
                '{They} said the shelter has been noisy and {they} {is_} ready to move.',
                'Rent for this month was paid on time.',
                'We filled in the rental application together and {F} signed it.',
                '{F} has started packing and asked about help with a moving van.',
                'The heating in the current room is still broken; we reported it again.',
                '{F} wants to stay near {their} sister, which limits the search to two neighborhoods.'],
    'income': ['The benefits application is still pending; the reference is {ref}.',
               '{F} received the award letter and showed it to me.',
               'We wrote down every bill and the dates they are due.',
               '{F} has ${amt} left after rent this month.',
               '{R} asked for one more bank statement.',
               '{They} opened a savings account and put ${small} in it.',
               'The first payment is expected on the {nth} of next month.',
               '{F} paid off the phone bill and is now up to date.',
               'We compared two options for the overdue electric bill.',
               '{F} is tracking spending in a small notebook and brought it along.'],
    'employment': ['{F} had an interview at a warehouse on {day} and thinks it went well.',
                   'We updated the resume and printed five copies.',
                   '{F} started the course at {R} and has been to every class so far.',
                   '{They} got a shift schedule for next week: {hours} hours.',
                   '{F} is unsure about night shifts because of the bus times.',
                   '{F} practiced answers to common interview questions with me.',
                   'The employer asked for a reference; {F} will ask a former supervisor.',
                   '{They} {was} offered a trial day at a restaurant kitchen.'],
    'food': ['{F} picked up groceries from {R} on {day}.', 'The food assistance card arrived.',
             '{They} said there was enough food this week.',
             'We talked through meals that can be cooked on one hot plate.',
             '{F} found out the pantry also has fresh vegetables on Fridays.',
             'The food assistance interview is set for {day}.',
             '{F} skipped lunch twice last week to make the money last.'],
    'health': ['{F} saw the doctor at {R}; the blood pressure is better.',
               'The prescription was filled and {F} has a pill organizer now.',
               '{They} missed the dental appointment and will rebook.',
               '{F} has a follow-up appointment on {day}.',
               '{F} said the new medication makes {them} drowsy in the mornings.',
               'We called the clinic together to ask about the sliding-scale fee.',
               'The foot wound is healing and the nurse is pleased.'],
    'mental-health': ['{F} has been to {n} counseling sessions at {R} so far.',
                      '{They} said the sessions help, especially the breathing exercises.',
                      'We reviewed the safety plan; nothing needed to change.',
                      '{F} reported {n} bad days since we last spoke.',
                      '{F} is sleeping better since starting the evening routine.',
                      'The counselor at {R} suggested a group that meets on {day}s.',
                      '{F} talked about feeling isolated and we looked at drop-in groups.'],
    'substance-use': ['{F} said {they} {has} been going to meetings twice a week.',
                      '{They} reported {n} weeks without use.',
                      'The assessment at {R} is booked for {day}.',
                      '{F} talked about a close call last weekend and what helped.',
                      '{F} has a sponsor now and they talk most evenings.',
                      'We talked about what to do if old friends come by the apartment.'],
    'family': ['{F} had a supervised visit with {their} children on {day}.',
               'The childcare voucher from {R} was approved.',
               '{F} is nervous about the family court date but prepared.',
               '{Their_cap} sister has offered to help with school pick-ups.',
               'The visit went well and the children asked when they can come again.',
               '{F} finished the fourth parenting class and has two to go.',
               'We wrote down the questions {F} wants to ask the family worker.'],
    'legal': ['The consultation at {R} is confirmed for {day}.',
              '{F} brought the court letter and we read it together.',
              'The replacement ID was ordered; reference {ref}.',
              'A payment plan for the fines was agreed at ${small} a month.',
              'The hearing was postponed by the court; a new date will be sent by mail.',
              '{F} signed the release so that {R} can talk with me about the case.',
              'The birth certificate request went out by mail on {day}.'],
    'life-skills': ['{F} finished week {n} of the skills course.',
                    'We practiced paying a bill online together.',
                    'The transit pass from {R} arrived.',
                    '{F} made a weekly calendar and stuck it on the fridge.',
                    '{F} cooked a meal for the group at the course and was proud of it.',
                    'We set up a free email account so that agencies can reach {them}.',
                    '{F} now keeps all letters in one folder and brought it along.'],
}
QUOTES = ['"I just want a place where I can close the door," {F} said.',
          '{F} said, "I can do this if I take it one step at a time."',
          '"Things are finally moving," {they} said.', '{F} said {they} felt "less stuck than last month."',
          '"Thank you for calling back so fast," {F} said.',
          '"I did not think I would get this far," {F} said.',
          '{F} said, "Some weeks are better than others, and this was a good one."']
BARRIERS = ['Transport remains the main barrier; the bus to {R} takes over an hour.',
            'Without a working phone it is hard for agencies to reach {them}.',
            '{F} does not have a photo ID yet, which slows every application.',
            'Childcare is limited on weekdays.', 'Money is very tight until the first paycheck.',
            'A strength to build on: {F} keeps every appointment {they} {has} written down.',
            'Reading long forms is hard for {F}, so we go through them together.',
            'The waitlists are long everywhere, which is discouraging.']
NEXT = ['{F} will call {R} by {day}.', 'Worker will send the referral to {R} this week.',
        'Bring the pay stubs to the next meeting.', 'Check on the application status on {day}.',
        'Worker to book transport for the appointment.', '{F} will look at two more listings.',
        'Review the budget again next visit.', 'Worker will follow up with {R} if no answer by {day}.',
        '{F} will bring the letter from the court.', 'Worker to update the plan with the new dates.']
CLOSE = ['Next contact planned for {day}.', 'We agreed to talk again next week.',
         'Next visit in two weeks.', '{F} has the office number if anything changes.',
         'No safety concerns today.', 'Plan reviewed; no changes needed.',
         'I will call {them} on {day} to see how the appointment went.']
EXTRA = ['We talked about what has gone well since the case opened.',
         '{F} said {they} would like more notice before appointments.',
         'I reminded {them} that {they} can call the office on weekdays between nine and five.',
         'We discussed how to keep copies of important letters in one folder.',
         'There was a short discussion about the holidays and family plans.',
         '{F} asked whether {their} information would be shared; I explained the consent form again.',
         'We looked at the calendar together and marked the next three appointments.',
         '{F} mentioned a neighbor who has been helpful with groceries.',
         'I encouraged {them} to write down questions for the next meeting.',
         'We agreed that small steps are still progress.',
         '{F} said the reminders by text message are useful.',
         'We went back over the goals in the plan and what is left to do for each.',
         '{F} is proud of keeping the apartment clean and showed me around.',
         'We talked about how to ask for help before a problem gets big.',
         '{F} said {they} would rather meet in the morning from now on.',
         'I explained again what the program can and cannot pay for.',
         '{F} talked about {their} plans for the next few months.',
         'We spent some time on the difference between the two application forms.',
         '{F} has been reading in the evenings and said it helps {them} relax.',
         'We talked about the weekend and who {F} can call if things get hard.',
         '{F} wanted to know how long the case usually stays open; I explained the review dates.',
         'I praised the effort {F} put into the last two weeks.',
         '{F} said the staff at {R} were friendly and clear.',
         'We agreed on a simple checklist for the mornings.',
         '{F} is thinking about volunteering one day a week.']
MOODS = ['calm', 'upbeat', 'anxious', 'tired', 'cheerful', 'frustrated', 'hopeful', 'quiet', 'relaxed']
PLACES = ['apartment', 'room at the shelter', 'motel room', "sister's home", 'new apartment',
          'transitional housing unit', 'home']
WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday']
WELL = ['better', 'about the same', 'well this week', 'slowly']
NTH = ['1st', '3rd', '5th', '10th', '15th', '20th', '28th']


def note_body(r, kind, cs, goal_doms, exit_note=False, weeks=0):
    """note_body: a Markdown progress note of about 170-400 words, no sentence twice."""
    sub = dict(cs.pron)
    sub.update(F=cs.first, place=r.choice(PLACES), mood=r.choice(MOODS), well=r.choice(WELL),
               R=r.choice(cs.res_names), day=r.choice(WEEKDAYS),
               street=r.choice(STREETS) + ' ' + r.choice(ST_KIND),
               rent=r.randrange(700, 1600, 25), amt=r.randrange(40, 400, 5), small=r.randrange(10, 80, 5),
               ref=r.randint(10000, 99999), n=r.randint(2, 9), nth=r.choice(NTH),
               hours=r.randrange(12, 40, 4),
               mins=r.randrange(30, 95, 5), weeks=weeks, Their_cap=cs.pron['their'].capitalize())
    fm = str.format_map
    target = r.randint(170, 400)
    # paragraphs: the contact and how the client was; each goal's topic;
    # general talk (with the odd topic sentence) until the note is long
    # enough; sometimes a list of next steps; a closing line
    extra = r.sample(EXTRA, len(EXTRA)) + r.sample(BARRIERS, 3)
    doms = goal_doms or [r.choice(DOMAIN_IDS)]
    topics = [r.sample(TOPIC[d], len(TOPIC[d])) for d in doms]
    quotes = r.sample(QUOTES, len(doms))
    first = [r.choice(OPEN['exit' if exit_note else kind])]
    if kind in ('visit', 'meeting', 'followup') or exit_note:
        if r.random() < 0.7:
            first.append(r.choice(MOOD))
        first += r.sample(OBS, r.randint(1, 2))
    elif kind == 'phone':
        first += r.sample(OBS_PHONE, r.randint(1, 2))
    elif kind == 'message':
        first += r.sample(OBS_MESSAGE, r.randint(0, 2))
    paras = [' '.join(fm(s, sub) for s in first)]
    words = len(paras[0].split())
    for t in topics:
        s = [t.pop() for _ in range(r.randint(2, 3))]
        if r.random() < 0.3:
            s.append(quotes.pop())
        else:
            quotes.pop()
        paras.append(' '.join(fm(x, sub) for x in s))
        words += len(paras[-1].split())
    while words < target - 30 and extra:
        s = [extra.pop() for _ in range(min(len(extra), r.randint(1, 3)))]
        t = r.choice(topics)
        if t:
            s.insert(r.randint(0, len(s)), t.pop())
        paras.append(' '.join(fm(x, sub) for x in s))
        words += len(paras[-1].split())
    if r.random() < 0.5:
        paras.append('Next steps:\n\n' + '\n'.join('- ' + fm(s, sub) for s in r.sample(NEXT, r.randint(2, 3))))
    paras.append(fm(r.choice(CLOSE), sub))
    return '\n\n'.join(paras) + '\n'


# ---------------------------------------------------------------- one case

class Case:
    __slots__ = ('i', 'id', 'rt', 'first', 'pron', 'res_names', 'casehead', 'plan', 'assess',
                 'commits', 'cur', 'closed', 'exit', 'worker', 'dir',
                 'edit_pending', 'state_closed', 'state_edited')


def make_case(w, i, cid, opened, seed, kcommits):
    """make_case: decide everything about one case except note text (drawn lazily, in order)."""
    r = random.Random((seed << 40) ^ (i << 1))
    c = Case()
    c.i, c.id, c.dir = i, cid, 'cases/' + cid + '/'
    c.rt = random.Random((seed << 40) ^ (i << 1) ^ 1)
    g = r.random()
    first = r.choice(FEMALE if g < 0.45 else MALE if g < 0.9 else NEUTRAL)
    last = r.choice(LAST)
    if first in FEMALE:
        pn = 'she/her' if r.random() < 0.95 else 'they/them'
    elif first in MALE:
        pn = 'he/him' if r.random() < 0.95 else 'they/them'
    else:
        pn = r.choice(['they/them', 'they/them', 'she/her', 'he/him'])
    c.first, c.pron = first, PRONOUNS[pn]
    prog = r.choices(PROGRAMS, PROGRAM_WEIGHTS)[0]
    wk = r.choices(w.caseworkers, w.cw_weights)[0]
    sup = w.sup_of[wk['id']]
    c.worker = wk
    risk = r.choices(['high', 'medium', 'low'], [25, 50, 25])[0]

    # the case's span: closed (about 25%) or open until near the end
    closed = None
    if r.random() < 0.27 and opened + 75 <= END - 5:
        closed = min(END - 2, opened + r.randint(75, 420))
    if closed is None:
        stale = r.choice([0, 0, 2, 5, 9, 14, 20, 35, 60])
        last_act = max(opened + 40, END - stale)
    else:
        last_act = closed - 4
    c.closed = closed

    # assessments (2-4) and notes (3-8)
    c1 = opened + r.choice([0, 0, 1, 2])                  # commit 1 day
    a0 = r.randint(opened, c1)
    domains_by_need = None
    nass = r.randint(2, 4)
    nnotes = r.randint(3, 8)
    intake_note = r.random() < 0.8
    fdays = []
    if closed is not None:
        used = set()
        for f in prog[4]:
            fd = max(closed + 1, add_dur(closed, f) + r.randint(-5, 7))
            if fd <= END and fd not in used:
                fdays.append(fd)
                used.add(fd)
    fixed_notes = intake_note + (closed is not None) + len(fdays)
    n_mid = max(1, nnotes - fixed_notes)
    k_mid = max(0 if closed is not None else 1, nass - 1 - (closed is not None))
    edit = closed is not None and closed + 14 <= END and r.random() < 0.04
    kc = kcommits + (r.choice([-1, 0, 0, 1]) if kcommits >= 3 else 0)
    m = kc - 1 - (closed is not None) - len(fdays) - edit
    m = max(m, 1 if kcommits > 1 else 0)
    lo = c1 + 3
    span = last_act - lo
    while m > 0 and span - 4 * (m - 1) < 0:
        m -= 1
    # middle commit days, at least 4 days apart
    mdays = []
    if m:
        # more activity early in a case than late (which also keeps the trees
        # that fast-import rewrites for each commit smaller)
        eff = span - 4 * (m - 1)
        picks = sorted(int(r.random() ** 1.5 * (eff + 1)) for _ in range(m))
        for j in range(1, m):
            picks[j] = max(picks[j], picks[j - 1])
        mdays = [lo + p + 4 * j for j, p in enumerate(picks)]

    # events of the middle commits: notes and reassessments within [day-2, day]
    mid_notes = [[] for _ in mdays]
    mid_ass = [[] for _ in mdays]
    if mdays:
        for _ in range(n_mid):
            free = [j for j in range(len(mdays)) if len(mid_notes[j]) < 3]
            if not free:
                break
            j = r.choice(free)
            d = mdays[j] - r.choice([x for x in (0, 1, 2) if mdays[j] - x not in mid_notes[j]])
            mid_notes[j].append(d)
        for _ in range(k_mid):
            free = [j for j in range(len(mdays)) if len(mid_ass[j]) < 1]
            if not free:
                break
            j = r.choice(free)
            mid_ass[j].append(mdays[j] - r.randint(0, 2))

    # client
    born = r.randint(DAY(1948, 1, 1).toordinal(), DAY(2006, 6, 30).toordinal())
    tags = r.sample(TAGS, r.choice([0, 0, 1, 1, 2]))
    # plan: 2-4 goals on the weakest domains at intake
    scores0 = {d: r.choices([1, 2, 3, 4], [3, 4, 3, 1] if risk != 'low' else [1, 3, 4, 3])[0]
               for d in DOMAIN_IDS}
    ngoals = r.randint(2, 4)
    doms = sorted(DOMAIN_IDS, key=lambda d: (scores0[d], r.random()))[:ngoals]
    share = []
    for d in doms:
        if r.random() < 0.7:
            cand = [x['id'] for x in w.res_by_domain[d] if x['id'] not in share]
            if cand:
                share.append(r.choice(cand))
    share = share[:3]
    c.res_names = [x['name'] for x in w.resources if x['id'] in share] or \
        [x['name'] for x in r.sample(w.resources, 2)]
    fu_pron = c.pron
    horizon = (closed if closed is not None else END)
    goals = []
    for d in doms:
        gid, stmt, meas = r.choice(GOALS[d])
        tgt = min(END, c1 + r.randint(30, 330))
        tgt = max(tgt, min(END, c1 + 14))
        goals.append(dict(id=gid, statement=stmt.format(**fu_pron), domain=d,
                          measure=meas.format(**fu_pron), target=tgt))
    goals.sort(key=lambda x: x['target'])
    for k, gl in enumerate(goals):
        gl['term'] = 'long' if (k == len(goals) - 1 and r.random() < 0.6) else None
        gl['after'] = []
        if k and r.random() < (0.7 if k == len(goals) - 1 else 0.35):
            gl['after'] = [x['id'] for x in r.sample(goals[:k], min(k, r.randint(1, 2)))]
        steps = []
        nst = r.randint(1, 4)
        tmpl = r.sample(STEPS[gl['domain']], min(nst, len(STEPS[gl['domain']])))
        span_days = max(7, gl['target'] - c1)
        dues = sorted(c1 + r.randint(7, span_days) for _ in tmpl)
        for (act, who, result), due in zip(tmpl, dues):
            due = min(due, END)
            if who == 'resource':
                cand = [x for x in share if gl['domain'] in
                        next(rr['domains'] for rr in w.resources if rr['id'] == x)] or share
                who = r.choice(cand) if cand else 'worker'
            st = dict(action=act.format(street=r.choice(STREETS) + ' ' + r.choice(ST_KIND)),
                      who=who, due=due, done=None, drop=None,
                      result=result.format(ref=r.randint(1000, 99999)) if r.random() < 0.7 else None)
            x = r.random()
            if x < 0.72:
                dd = max(c1 + 1, due + r.randint(-14, 10))
                if dd <= END:
                    st['done'] = dd
            elif x < 0.8:
                st['drop'] = max(c1 + 1, due + r.randint(0, 20))
            steps.append(st)
        gl['steps'] = steps
        gl['achieved'] = gl['drop'] = None
        dones = [s['done'] for s in steps if s['drop'] is None]
        if dones and all(dones) and r.random() < 0.75:
            a = max(dones) + r.randint(0, 14)
            if a <= END:
                gl['achieved'] = a
        elif r.random() < 0.06:
            gl['drop'] = c1 + r.randint(20, 200)
    c.plan = dict(goals=goals, reviews=[c1], frozen=closed)

    # scores per assessment
    adays = [a0] + sorted(d for a in mid_ass for d in a)
    if closed is not None:
        adays.append(closed)
    c.assess = []
    sc = scores0
    for k, d in enumerate(adays):
        if k:
            sc = {dd: min(5, max(1, v + r.choice([-1, 0, 0, 1, 1]))) for dd, v in sc.items()}
        kind = 'intake' if k == 0 else ('exit' if closed is not None and k == len(adays) - 1
                                        else 'reassessment')
        by = wk if r.random() < 0.93 else sup
        c.assess.append(dict(date=d, by=by['id'], kind=kind, scores=sc,
                             strengths=r.sample(STRENGTHS, r.randint(0, 3)),
                             needs=r.sample(NEEDS, r.randint(0, 3)),
                             summary=r.random() < 0.5))

    # case.yaml
    head = ['client:\n  name: %s %s\n' % (q(first), q(last))]
    head.append('  born: %s\n  pronouns: %s\n' % (iso(born), pn))
    lang = r.choice(LANGS)
    head.append('  language: %s\n' % lang)
    if r.random() < 0.8:
        head.append('  phone: "+1 555-%03d-%04d"\n' % (r.randint(200, 999), r.randint(0, 9999)))
    if r.random() < 0.3:
        head.append('  email: %s.%s%d@mail.example\n'
                    % (ascii_slug(first), ascii_slug(last).replace('-', ''), r.randint(1, 99)))
    if r.random() < 0.6:
        head.append('  address: %s\n' % q('%d %s %s, Apt %d' % (r.randint(1, 999), r.choice(STREETS),
                                                              r.choice(ST_KIND), r.randint(1, 40))))
    head.append('program: %s\nworker: %s\nopened: %s\n' % (prog[0], wk['id'], iso(opened)))
    tail = []
    if risk != 'medium' or r.random() < 0.5:
        tail.append('risk: %s\n' % risk)
    tail.append('model: %s\n' % prog[5])
    tail.append('consent:\n  signed: %s\n' % iso(opened))
    if share:
        tail.append('  share_with: %s\n' % flow_list(share))
    if tags:
        tail.append('tags: %s\n' % flow_list(tags))
    c.casehead = (''.join(head), ''.join(tail))
    if closed is not None:
        c.exit = (r.choice(EXIT_REASONS), r.choice(DESTINATIONS))

    # notes: (date, kind, goal ids, minutes, exit?, weeks)
    gids = [x['id'] for x in goals]
    gdom = {x['id']: x['domain'] for x in goals}

    def note(d, kind, exit_note=False, weeks=0):
        gs = r.sample(gids, r.randint(1, min(2, len(gids)))) if (d >= c1 and r.random() < 0.75) else []
        by = wk if r.random() < 0.95 else sup
        return dict(date=d, kind=kind, goals=gs, doms=[gdom[x] for x in gs], by=by['id'],
                    minutes=r.randint(*MINUTES[kind]) if r.random() < 0.8 else None,
                    exit=exit_note, weeks=weeks)

    def kindpick():
        return r.choices(NOTE_KINDS, NOTE_WEIGHTS)[0]

    # commits: (day, notes, assessments, flags, message)
    commits = []
    ev_notes = [note(opened, r.choice(['visit', 'meeting']))] if intake_note else []
    commits.append(dict(day=c1, notes=ev_notes, ass=[0], open=True, review=False,
                        msg='Open case %s' % cid))
    ai = 1
    for j, d in enumerate(mdays):
        ns = [note(x, kindpick()) for x in sorted(mid_notes[j])]
        aa = []
        for _ in mid_ass[j]:
            aa.append(ai)
            ai += 1
        review = (not ns and not aa) or r.random() < 0.3
        if review:
            c.plan['reviews'].append(d)
        kinds = [n['kind'] for n in ns]
        parts = [('%s note' % kd if kinds.count(kd) == 1 else '%d %s notes' % (kinds.count(kd), kd))
                 for kd in sorted(set(kinds))] + ['reassessment'] * len(aa) + \
            (['plan review'] if review else [])
        commits.append(dict(day=d, notes=ns, ass=aa, review=review,
                            msg='%s: %s' % (cid, ', '.join(parts))))
    if closed is not None:
        commits.append(dict(day=closed, notes=[note(closed, r.choice(['meeting', 'visit']), True)],
                            ass=[ai], close=True, msg='Close case %s (%s)' % (cid, c.exit[0])))
        for fd in fdays:
            commits.append(dict(day=fd, notes=[note(fd, 'followup', weeks=(fd - closed) // 7)], ass=[],
                                msg='%s: follow-up contact' % cid))
        if edit:
            ed = closed + r.randint(14, min(150, END - closed))
            commits.append(dict(day=ed, notes=[], ass=[], edit=True,
                                msg='%s: correct exit destination' % cid))
        commits.sort(key=lambda x: x['day'])

    # commit days: usually the day of the last event, sometimes a day later,
    # a few notes committed late (4-14 days); never out of order, never past END
    out = []
    prev_day, prev_secs = 0, 0
    for k, cm in enumerate(commits):
        nxt = commits[k + 1]['day'] if k + 1 < len(commits) else END
        d = cm['day']
        if cm["notes"] and r.random() < 0.025:
            d = min(d + r.randint(4, 14), nxt, END)
        elif r.random() < 0.2:
            d = min(d + 1, nxt, END)
        d = max(d, prev_day)
        if d == prev_day:
            secs = min(86399, prev_secs + r.randint(300, 5400))
        else:
            secs = r.randint(8 * 3600, 18 * 3600 + 1800)
        prev_day, prev_secs = d, secs
        x = r.random()
        if x < 0.003:
            author = r.choice([('Front Desk', 'frontdesk@' + MAILDOM),
                               ('Temp Intake', 'temp.intake@gmail.example'),
                               (wk['name'], ascii_slug(wk['name']).replace('-', '.') + '@personal.example')])
        elif x < 0.06 or cm.get('edit'):
            author = (sup['name'], sup['email'])
        else:
            em = wk['email']
            if wk['alt'] and r.random() < 0.3:
                em = wk['alt']
            elif wk is w.mailmapped and r.random() < 0.3:
                em = w.personal
            elif r.random() < 0.01:
                em = em[0].upper() + em[1:]
            author = (wk['name'], em)
        gd, ts = git_date(d, secs)
        cm['ts'], cm['gitdate'], cm['author'], cm['when'] = ts, gd, author, d
        out.append(cm)
    c.commits = out
    c.cur = {}
    return c


def render_case_yaml(c, closed, edited):
    s = c.casehead[0] + 'status: %s\n' % ('closed' if closed else 'open')
    if closed:
        s += 'closed: %s\nexit:\n  reason: %s\n  destination: %s\n' % (
            iso(c.closed), c.exit[0], c.exit[1] if (edited or not c.edit_pending) else 'unknown')
    return s + c.casehead[1]


def render_plan(c, t):
    p = c.plan
    if p['frozen'] is not None:
        t = min(t, p['frozen'])
    rev = max(x for x in p['reviews'] if x <= t)
    o = ['reviewed: %s\n' % iso(rev), 'goals:\n']
    for gl in p['goals']:
        o.append('  - id: %s\n    statement: %s\n    domain: %s\n' % (gl['id'], q(gl['statement']), gl['domain']))
        if gl['term']:
            o.append('    term: long\n')
        o.append('    measure: %s\n    target: %s\n' % (q(gl['measure']), iso(gl['target'])))
        if gl['achieved'] is not None and gl['achieved'] <= t:
            o.append('    status: achieved\n    achieved: %s\n' % iso(gl['achieved']))
        elif gl['drop'] is not None and gl['drop'] <= t:
            o.append('    status: dropped\n')
        else:
            o.append('    status: active\n')
        if gl['after']:
            o.append('    after: %s\n' % flow_list(gl['after']))
        o.append('    steps:\n')
        for st in gl['steps']:
            o.append('      - action: %s\n        who: %s\n        due: %s\n'
                     % (q(st['action']), st['who'], iso(st['due'])))
            if st['done'] is not None and st['done'] <= t:
                o.append('        status: done\n        done: %s\n' % iso(st['done']))
                if st['result']:
                    o.append('        result: %s\n' % q(st['result']))
            elif st['drop'] is not None and st['drop'] <= t:
                o.append('        status: dropped\n')
            else:
                o.append('        status: todo\n')
    return ''.join(o)


SUMMARIES = ['Steady progress since the last assessment.', 'Housing remains the main concern.',
             'Scores reflect a difficult month; the plan stays as it is.',
             'Clear improvement in income and daily routine.', 'Client rated most domains with the worker.']


def render_assessment(c, a):
    o = ['date: %s\nby: %s\nkind: %s\nscores:\n' % (iso(a['date']), a['by'], a['kind'])]
    o += ['  %s: %d\n' % (d, a['scores'][d]) for d in DOMAIN_IDS]
    if a['strengths']:
        o.append('strengths:\n' + ''.join('  - %s\n' % q(x) for x in a['strengths']))
    if a['needs']:
        o.append('needs:\n' + ''.join('  - %s\n' % q(x) for x in a['needs']))
    if a['summary']:
        o.append('summary: ' + block_text(c.rt.choice(SUMMARIES) + ' ' + c.rt.choice(SUMMARIES), 2))
    return ''.join(o)


def render_note(c, n):
    o = ['---\ndate: %s\nby: %s\nkind: %s\n' % (iso(n['date']), n['by'], n['kind'])]
    if n['goals']:
        o.append('goals: %s\n' % flow_list(n['goals']))
    if n['minutes'] is not None:
        o.append('minutes: %d\n' % n['minutes'])
    o.append('---\n')
    o.append(note_body(c.rt, n['kind'], c, n['doms'], n['exit'], n['weeks']))
    return ''.join(o)


def case_commit_files(c, k):
    """case_commit_files: [(path, bytes)] that commit k of case c adds or changes."""
    cm = c.commits[k]
    out = []
    if k == 0:
        c.edit_pending = any(x.get('edit') for x in c.commits)
        c.state_closed = False
        c.state_edited = False
    if cm.get('close'):
        c.state_closed = True
    if cm.get('edit'):
        c.state_edited = True
    for path, text in (('case.yaml', render_case_yaml(c, c.state_closed, c.state_edited)),
                       ('plan.yaml', render_plan(c, cm['when']))):
        if c.cur.get(path) != text:
            c.cur[path] = text
            out.append((c.dir + path, text.encode()))
    for ai in cm['ass']:
        a = c.assess[ai]
        out.append((c.dir + 'assessments/%s.yaml' % iso(a['date']), render_assessment(c, a).encode()))
    for n in cm['notes']:
        out.append((c.dir + 'notes/%s-%s.md' % (iso(n['date']), n['kind']), render_note(c, n).encode()))
    return out


# ---------------------------------------------------------------- writing git objects

def git_env():
    env = {k: v for k, v in os.environ.items() if not k.startswith('GIT_')}
    env.update(GIT_CONFIG_NOSYSTEM='1', GIT_CONFIG_GLOBAL=os.devnull, LC_ALL='C')
    return env


def tree_bytes(entries):
    """tree_bytes: the content of a tree object; entries: {name: (is_dir, raw sha)}."""
    return b''.join(b'%s %s\0%s' % (b'40000' if d else b'100644', n.encode(), h)
                    for n, (d, h) in sorted(entries.items(),
                                            key=lambda x: x[0] + '/' if x[1][0] else x[0]))


class FastImport:
    """FastImport: the history through one `git fast-import` fed by a pipe."""

    def __init__(self, out):
        self.out = out
        env = git_env()
        # fast-import allocates and frees big tree buffers for every commit;
        # stop glibc from handing that memory back to the kernel each time
        env['GLIBC_TUNABLES'] = ('glibc.malloc.trim_threshold=1073741824:'
                                 'glibc.malloc.top_pad=268435456:glibc.malloc.mmap_threshold=33554432')
        self.p = subprocess.Popen(['git', '-C', out, '-c', 'pack.compression=1', 'fast-import',
                                   '--quiet', '--done'], stdin=subprocess.PIPE, env=env)
        self.buf, self.blen = [], 0

    def _emit(self, b):
        self.buf.append(b)
        self.blen += len(b)
        if self.blen > (1 << 20):
            self.p.stdin.write(b''.join(self.buf))
            self.buf, self.blen = [], 0

    def commit(self, who, gd, msg, files):
        self._emit(b'commit refs/heads/main\nauthor %s%s\ncommitter %s%s\ndata %d\n%s'
                   % (who, gd, who, gd, len(msg), msg))
        for path, data in files:
            self._emit(b'M 100644 inline %s\ndata %d\n%s\n' % (path.encode(), len(data), data))

    def finish(self):
        self._emit(b'done\n')
        self.p.stdin.write(b''.join(self.buf))
        self.p.stdin.close()
        if self.p.wait() != 0:
            raise SystemExit('gencaseload: git fast-import failed')


def deflate(data):
    """deflate: zlib data at level 1; small objects get a small window and hash,
    which makes them ten times cheaper to start (git inflates any window size)."""
    if len(data) <= 4096:
        c = zlib.compressobj(1, zlib.DEFLATED, 12, 2)
    else:
        c = zlib.compressobj(1, zlib.DEFLATED, 15, 8)
    return c.compress(data) + c.flush()


def _varint(n):
    out = bytearray()
    while True:
        b = n & 0x7f
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def _copy(off, size):
    """_copy: delta instructions copying size bytes at off of the base."""
    out = bytearray()
    while size:
        n = min(size, 0xffffff)
        op, args = 0x80, bytearray()
        for k in range(4):
            if (off >> (8 * k)) & 0xff:
                op |= 1 << k
                args.append((off >> (8 * k)) & 0xff)
        for k in range(3):
            if (n >> (8 * k)) & 0xff:
                op |= 0x10 << k
                args.append((n >> (8 * k)) & 0xff)
        out.append(op)
        out += args
        off += n
        size -= n
    return bytes(out)


def _insert(data):
    out = bytearray()
    for k in range(0, len(data), 127):
        chunk = data[k:k + 127]
        out.append(len(chunk))
        out += chunk
    return bytes(out)


class PackWriter:
    """PackWriter: the same commits, trees and blobs that fast-import would make,
    written straight into one pack with its .idx. fast-import rewrites the whole
    `cases` tree (one entry per case) for every commit, which costs minutes at
    10,000 cases; here that tree is patched in place and stored as a tiny delta
    against its previous version (chains at most 50 deep, like fast-import)."""

    DEPTH = 50

    def __init__(self, out):
        self.out = out
        self.tmp = os.path.join(out, '.git', 'objects', 'pack', 'tmp_gencaseload.pack')
        self.f = open(self.tmp, 'wb')
        self.f.write(b'PACK\0\0\0\2\0\0\0\0')
        self.pos = 12
        self.index = []                  # (sha, crc, offset)
        self.seen = set()
        self.head = None
        self.root = {}                   # name -> (is_dir, sha)
        self.resources = {}
        self.cases = {}                  # id -> {'case.yaml': sha, ..., 'notes': {}, 'assessments': {}}
        self.case_ids = []               # sorted ids present in the cases tree
        self.cases_buf = bytearray()
        self.cases_ofs = None            # pack offset of the previous cases tree
        self.cases_depth = 0
        self.chunks, self.clen = [], 0

    def _write(self, b):
        self.chunks.append(b)
        self.clen += len(b)
        if self.clen > (1 << 22):
            self.f.write(b''.join(self.chunks))
            self.chunks, self.clen = [], 0

    def _header(self, typ, size):
        b = bytearray([(typ << 4) | (size & 0x0f)])
        size >>= 4
        while size:
            b[-1] |= 0x80
            b.append(size & 0x7f)
            size >>= 7
        return bytes(b)

    def _store(self, typ, data, sha, delta_of=None, delta=None):
        """_store: write one object (whole, or as delta against an earlier offset)."""
        ofs = self.pos
        if delta_of is None:
            rec = self._header(typ, len(data)) + deflate(data)
        else:
            n = ofs - delta_of
            rel = bytearray([n & 0x7f])
            n >>= 7
            while n:
                n -= 1
                rel.insert(0, 0x80 | (n & 0x7f))
                n >>= 7
            rec = self._header(6, len(delta)) + bytes(rel) + deflate(delta)
        self._write(rec)
        self.pos += len(rec)
        self.index.append((sha, zlib.crc32(rec), ofs))
        self.seen.add(sha)
        return ofs

    def obj(self, typ, data):
        """obj: store a blob (3), tree (2) or commit (1) unless present; its raw sha."""
        name = {1: b'commit', 2: b'tree', 3: b'blob'}[typ]
        sha = hashlib.sha1(b'%s %d\0' % (name, len(data)) + data).digest()
        if sha not in self.seen:
            self._store(typ, data, sha)
        return sha

    def _cases_tree(self, cid, sha):
        """_cases_tree: set cases/<cid> and store the new cases tree; its sha."""
        ent = b'40000 %s\0%s' % (cid.encode(), sha)
        i = bisect.bisect_left(self.case_ids, cid)
        buf = self.cases_buf
        oldlen = len(buf)
        if i < len(self.case_ids) and self.case_ids[i] == cid:
            p = i * len(ent)
            buf[p:p + len(ent)] = ent
            olen = len(ent)
        else:
            self.case_ids.insert(i, cid)
            p = i * len(ent)
            buf[p:p] = ent
            olen = 0
        h = hashlib.sha1(b'tree %d\0' % len(buf))
        h.update(buf)
        tsha = h.digest()
        if tsha in self.seen:            # back to an earlier state: next one whole
            self.cases_ofs = None
            return tsha
        if self.cases_ofs is None or self.cases_depth >= self.DEPTH:
            self.cases_ofs = self._store(2, bytes(buf), tsha)
            self.cases_depth = 0
        else:
            rest = oldlen - p - olen
            delta = (_varint(oldlen) + _varint(len(buf)) + (_copy(0, p) if p else b'')
                     + _insert(ent) + (_copy(p + olen, rest) if rest else b''))
            self.cases_ofs = self._store(2, None, tsha, self.cases_ofs, delta)
            self.cases_depth += 1
        return tsha

    def commit(self, who, gd, msg, files):
        touched = set()
        for path, data in files:
            sha = self.obj(3, data)
            parts = path.split('/')
            if parts[0] == 'cases':
                c = self.cases.get(parts[1])
                if c is None:
                    c = self.cases[parts[1]] = {'notes': {}, 'assessments': {}}
                if len(parts) == 3:
                    c[parts[2]] = sha
                else:
                    c[parts[2]][parts[3]] = sha
                touched.add(parts[1])
            elif parts[0] == 'resources':
                self.resources[parts[1]] = (False, sha)
                self.root['resources'] = None
            else:
                self.root[path] = (False, sha)
        if self.root.get('resources', 1) is None:
            self.root['resources'] = (True, self.obj(2, tree_bytes(self.resources)))
        for cid in sorted(touched):
            c = self.cases[cid]
            ent = {}
            for k, v in c.items():
                if isinstance(v, dict):
                    if v:
                        ent[k] = (True, self.obj(2, tree_bytes({n: (False, h) for n, h in v.items()})))
                else:
                    ent[k] = (False, v)
            self.root['cases'] = (True, self._cases_tree(cid, self.obj(2, tree_bytes(ent))))
        tree = self.obj(2, tree_bytes(self.root))
        data = (b'tree %s\n' % tree.hex().encode()
                + (b'parent %s\n' % self.head.hex().encode() if self.head else b'')
                + b'author %s%s\ncommitter %s%s\n\n%s' % (who, gd, who, gd, msg))
        self.head = self.obj(1, data)

    def finish(self):
        self.f.write(b''.join(self.chunks))
        self.f.seek(8)
        self.f.write(struct.pack('>I', len(self.index)))
        self.f.close()
        h = hashlib.sha1()
        with open(self.tmp, 'rb') as f:
            for blk in iter(lambda: f.read(1 << 22), b''):
                h.update(blk)
        trailer = h.digest()
        with open(self.tmp, 'ab') as f:
            f.write(trailer)
        self.index.sort()
        fan = [0] * 256
        for sha, _, _ in self.index:
            fan[sha[0]] += 1
        acc, fanout = 0, []
        for n in fan:
            acc += n
            fanout.append(acc)
        big = [o for _, _, o in self.index if o >= 0x80000000]
        offs, k = [], 0
        for _, _, o in self.index:
            if o >= 0x80000000:
                offs.append(0x80000000 | k)
                k += 1
            else:
                offs.append(o)
        idx = (b'\377tOc' + struct.pack('>I', 2) + struct.pack('>256I', *fanout)
               + b''.join(s for s, _, _ in self.index)
               + struct.pack('>%dI' % len(self.index), *[c for _, c, _ in self.index])
               + struct.pack('>%dI' % len(offs), *offs)
               + struct.pack('>%dQ' % len(big), *big) + trailer)
        idx += hashlib.sha1(idx).digest()
        base = os.path.join(self.out, '.git', 'objects', 'pack', 'pack-' + trailer.hex())
        with open(base + '.idx', 'wb') as f:
            f.write(idx)
        os.rename(self.tmp, base + '.pack')
        with open(os.path.join(self.out, '.git', 'refs', 'heads', 'main'), 'w') as f:
            f.write(self.head.hex() + '\n')


# ---------------------------------------------------------------- main

def main(argv=None):
    ap = argparse.ArgumentParser(description='Generate a large valid caseload with git history.')
    ap.add_argument('--cases', type=int, required=True, help='number of cases')
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--commits-per-case', type=int, default=5)
    ap.add_argument('--no-git', action='store_true', help='write the files only')
    ap.add_argument('--fast-import', action='store_true',
                    help='write the history with git fast-import (the same commits, 5 times '
                         'slower at 10,000 cases) instead of writing the pack directly')
    ap.add_argument('outdir')
    a = ap.parse_args(argv)
    if a.cases < 1 or a.commits_per_case < 1 or a.seed < 0:
        ap.error('--cases and --commits-per-case must be at least 1, --seed not negative')
    out = a.outdir
    if os.path.exists(out) and (not os.path.isdir(out) or os.listdir(out)):
        print('gencaseload: %s exists and is not empty' % out, file=sys.stderr)
        return 2
    t0 = time.time()
    os.makedirs(out, exist_ok=True)
    seed = a.seed & 0xffffffff
    w = make_world(seed, a.cases)

    # opened dates; ids by year, in order of opening
    r = random.Random(seed * 7 + 3)
    opened = sorted(r.randint(START, END - 45) for _ in range(a.cases))
    width = max(4, len(str(a.cases)))
    seq, cases = {}, []
    for i, o in enumerate(opened):
        y = DAY.fromordinal(o).year
        seq[y] = seq.get(y, 0) + 1
        cases.append(make_case(w, i, '%d-%0*d' % (y, width, seq[y]), o, seed, a.commits_per_case))
    order = sorted((cm['ts'], c.i, k) for c in cases for k, cm in enumerate(c.commits))
    t1 = time.time()

    env = git_env()
    git = None
    if not a.no_git:
        subprocess.run(['git', 'init', '-q', '--initial-branch=main', out], check=True, env=env)
        git = FastImport(out) if a.fast_import else PackWriter(out)
    # the work tree is written by a second thread: creating files is mostly
    # system calls, which run while this thread makes the next commit
    files_q = queue.Queue(maxsize=64)
    failed = []

    def writer():
        made = set()
        while True:
            batch = files_q.get()
            if batch is None:
                return
            try:
                for path, data in batch:
                    full = os.path.join(out, path)
                    d = os.path.dirname(full)
                    if d not in made:
                        os.makedirs(d, exist_ok=True)
                        made.add(d)
                    with open(full, 'wb') as f:
                        f.write(data)
            except OSError as e:
                failed.append(e)

    wt = threading.Thread(target=writer, daemon=True)
    wt.start()
    pending = []

    def write_file(path, data):
        pending.append((path, data))
        if len(pending) >= 256:
            files_q.put(pending[:])
            pending.clear()

    def who(name, email):
        return ('%s <%s> ' % (name, email)).encode()

    # the first commit: caseload.yaml and the resource directory
    setup = [(p, t.encode()) for p, t in w.files]
    if git:
        gd, _ = git_date(START, 7 * 3600 + 1800)
        sup = w.supervisors[0]
        git.commit(who(sup['name'], sup['email']), gd, b'Set up the caseload\n', setup)
    for p, data in setup:
        write_file(p, data)
    nfiles, ncommits = len(setup), 1
    for ts, ci, k in order:
        c = cases[ci]
        files = case_commit_files(c, k)
        cm = c.commits[k]
        if git:
            git.commit(who(*cm['author']), cm['gitdate'], cm['msg'].encode() + b'\n', files)
        ncommits += 1
        for p, data in files:
            if not p.endswith(('/case.yaml', '/plan.yaml')):
                write_file(p, data)
                nfiles += 1
        if k == len(c.commits) - 1:          # the case's last commit: its final files
            for p in ('case.yaml', 'plan.yaml'):
                write_file(c.dir + p, c.cur[p].encode())
                nfiles += 1
            cases[ci] = None
    files_q.put(pending)
    files_q.put(None)
    t2 = time.time()
    if git:
        git.finish()
        # the files are already in the work tree: make the index match HEAD
        wt.join()
        subprocess.run(['git', '-C', out, 'reset', '-q'], check=True, env=env)
    wt.join()
    if failed:
        print('gencaseload: %s' % failed[0], file=sys.stderr)
        return 2
    t3 = time.time()
    print('gencaseload: %d cases, %d files, %d commits in %.1fs (plan %.1fs, write %.1fs, git %.1fs)'
          % (a.cases, nfiles, ncommits if git else 0, t3 - t0, t1 - t0, t2 - t1, t3 - t2),
          file=sys.stderr)
    return 0


if __name__ == '__main__':
    sys.exit(main())
