#!/usr/bin/env python3
"""make-medway-fixture: build tests/fixtures/medway/, a set of returns made up for the
purpose, from which hearth must reproduce Medway's 2017/18 figures exactly (the seed
report 004_3b4d7debc252c725.txt, sections 3-5; measures as docs/kpis.md defines them).

    python3 tools/make-medway-fixture.py          # writes the fixture, prints the figures

What it writes (the files are committed: CI does not run Python):

    2017/cin_census_2017.xml            CIN census 2016-17 (CIN_schema_2017.xsd)
    2018/cin_census_2018.xml            CIN census 2017-18 (CIN_schema_2018.xsd)
    2018/annex_a_list_1_contacts.csv    Ofsted Annex A list 1 (contacts)
    2018/ssda903/header.csv episodes.csv reviews.csv missing.csv oc3.csv

The two CIN census files overlap as real returns do: an episode open on 31 March 2017
appears in both, and each file holds only the parts (assessments, section 47 enquiries,
plans, reviews) that the DfE's rules allow in that year (an assessment authorised, an
initial conference held or a plan ended in the census year, or still open at its end:
rules 8696, 8715, 8736, 8740, 8930). Every child keeps one LAchildID across the CIN
census, SSDA903 CHILD and Annex A "Child Unique ID".

Deterministic: one seeded random.Random. The stories are built to quotas; then every
measure is computed afresh from the files as written (parsed back, merged the way
store.h says: a newer collection year wins; once a return has given an episode's parts,
older returns' parts active in its year but missing from it are dropped) and checked against the targets before anything is written. Standard
library only.
"""
import calendar
import collections
import csv
import datetime as dt
import gzip
import io
import os
import random
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUT = os.path.join(ROOT, 'tests', 'fixtures', 'medway')
HOLIDAYS_FILE = os.path.join(ROOT, 'data', 'bank-holidays-england-wales.txt')
SECTORS_FILE = os.path.join(ROOT, 'data', 'postcode-sectors.csv.gz')
STANDARDS = os.path.join(os.path.dirname(ROOT), 'shared', 'standards', 'cin-census')

SEED = 20180605  # the committee met on 5 June 2018
D = dt.date
ONE = dt.timedelta(days=1)


def days(n):
    return dt.timedelta(days=n)


FROM, TO = D(2017, 4, 1), D(2018, 3, 31)       # the period: collection year 2018
Y0_FROM, E0 = D(2016, 4, 1), D(2017, 3, 31)     # collection year 2017
POP = 63800
LEA = '887'                                     # Medway
OLDEST_DOB = D(2000, 4, 1)                      # 17 on 31 March 2018 at the oldest
SAFE_END = D(2017, 11, 15)  # an assessment started in [FROM, SAFE_END] ends in the period

# ---- the figures to reproduce -----------------------------------------------------
TARGETS = {
    'contacts': 9405,
    'referrals': 2630,
    'rereferrals_12m': 447,
    'referrals_nfa': 212,
    'cin_episodes_started': 2418,
    'assessments_completed': 2493,
    'assessments_within_45wd': 2144,
    'cp_children_at_end': 343,
    'cp_open_2y_at_end': 20,
    'cin_open_at_end': 1937,
    'cla_at_end': 413,
    'cla_foster_own_provision': 229,
    'cla_own_provision': 248,
    'cla_ceased': 151,
    'cla_ceased_adopted': 35,
    'cla_ceased_sgo': 19,
    'cla_ceased_returned_home': 50,
    'cla_adopted_aged_5plus': 11,
    'cla_missing_children': 61,
    'care_leavers_suitable_accom': 152,
}
TARGET_PLACEMENT = {'foster': 341, 'placed_for_adoption': 23, 'childrens_homes': 22,
                    'residential_care': 0, 'residential_schools': 2,
                    'supported_accommodation': 16, 'with_parents': 4, 'other': 5}
TARGET_DENOMS = {'rereferrals_12m': 2630, 'referrals_nfa': 2630,
                 'assessments_within_45wd': 2493, 'cp_open_2y_at_end': 343,
                 'cla_foster_own_provision': 341, 'cla_own_provision': 413,
                 'cla_adopted_aged_5plus': 35, 'care_leavers_suitable_accom': 160}

# Quotas chosen here (hearth must reproduce whatever they give).
N_ICPC_IN_YEAR = 445          # initial conferences dated in 2017/18
N_ICPC_WITHIN_15 = 351
N_CP_NEW = 400                # plans starting in 2017/18
N_CP_NEW_CEASED = 177         # of those, ended by 31 March 2018
N_CP_OLD_STAY = 120           # open on 31/03/2017 and on 31/03/2018 (20 since <= 31/03/2016)
N_CP_OLD_CEASE = 193          # open on 31/03/2017, ended in 2017/18 (313 open then)
N_S47_NOT_REQUIRED = 480

rng = random.Random(SEED)

# ---- dates ------------------------------------------------------------------------


def load_holidays():
    hs = set()
    with open(HOLIDAYS_FILE) as f:
        for line in f:
            s = line.strip()
            if s and not s.startswith('#'):
                hs.add(D.fromisoformat(s))
    return hs


HOL = load_holidays()


def is_wd(d):
    return d.weekday() < 5 and d not in HOL


def wd_count(a, b):
    """Working days after a up to and including b (docs/kpis.md)."""
    if b < a:
        return -wd_count(b, a)
    n, d = 0, a + ONE
    while d <= b:
        if is_wd(d):
            n += 1
        d += ONE
    return n


def add_wd(a, n):
    d = a
    while n > 0:
        d += ONE
        if is_wd(d):
            n -= 1
    return d


def sub_wd(a, n):
    d = a
    while n > 0:
        d -= ONE
        if is_wd(d):
            n -= 1
    return d


def next_wd(d):
    while not is_wd(d):
        d += ONE
    return d


def add_months(d, n):
    m0 = d.month - 1 + n
    y, m = d.year + m0 // 12, m0 % 12 + 1
    return D(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def add_years(d, n):
    return add_months(d, 12 * n)


def age(dob, on):
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


def rdate(lo, hi):
    if hi < lo:
        raise ValueError('empty date range %s..%s' % (lo, hi))
    return lo + days(rng.randint(0, (hi - lo).days))


def ref_date(lo, hi):
    """A referral date: fewer at weekends."""
    d = rdate(lo, hi)
    if d.weekday() >= 5 and rng.random() < 0.8 and next_wd(d) <= hi:
        d = next_wd(d)
    return d


def uk(d):
    return d.strftime('%d/%m/%Y') if d else ''


def wchoice(pairs):
    total = sum(w for _, w in pairs)
    x = rng.random() * total
    for v, w in pairs:
        x -= w
        if x < 0:
            return v
    return pairs[-1][0]


# ---- codes ------------------------------------------------------------------------
ETHNICITIES = [('WBRI', 780), ('WIRI', 3), ('WIRT', 3), ('WOTH', 40), ('WROM', 4),
               ('MWBC', 30), ('MWBA', 10), ('MWAS', 15), ('MOTH', 20), ('AIND', 10),
               ('APKN', 5), ('ABAN', 3), ('AOTH', 10), ('BCRB', 5), ('BAFR', 30),
               ('BOTH', 5), ('CHNE', 2), ('OOTH', 10), ('REFU', 5), ('NOBT', 10)]
ANNEX_ETHNIC = {'W': 'a) White', 'M': 'b) Mixed', 'A': 'c) Asian or Asian British',
                'B': 'd) Black or black British', 'C': 'e) Other ethnic group',
                'O': 'e) Other ethnic group', 'R': 'f) Not stated', 'N': 'f) Not stated'}
DISABS = ['MOB', 'HAND', 'PC', 'INC', 'COMM', 'LD', 'HEAR', 'VIS', 'BEH', 'CON', 'AUT', 'DDA']
SOURCES = [('1A', 3), ('1B', 1), ('1C', 1), ('1D', 1), ('2A', 17), ('2B', 2), ('3A', 3),
           ('3B', 3), ('3C', 1), ('3D', 2), ('3E', 3), ('3F', 2), ('4', 2), ('5A', 4),
           ('5B', 3), ('5C', 2), ('6', 28), ('7', 3), ('8', 5), ('9', 1), ('10', 1)]


def annex_source(code):
    if code == '10':
        return 'k) Unknown'
    if code == '2A':
        return 'b) Schools'
    if code == '2B':
        return 'c) Education services'
    return {'1': 'a) Individual', '3': 'd) Health services', '4': 'e) Housing',
            '5': 'f) LA services', '6': 'g) Police', '7': 'h) Other legal agency',
            '8': 'i) Other', '9': 'j) Anonymous'}[code[0]]


NEEDS = [('N1', 52), ('N2', 6), ('N3', 3), ('N4', 10), ('N5', 20), ('N6', 4), ('N7', 1),
         ('N8', 3), ('N0', 1)]
FACTORS = ['1A', '1B', '1C', '2A', '2B', '2C', '3A', '3B', '3C', '4A', '4B', '4C', '5A',
           '5B', '6A', '6B', '7A', '9A', '10A', '11A', '13A', '14A', '15A', '16A', '17A',
           '18A', '19A', '20', '22A', '23A']
CATS = [('NEG', 45), ('EMO', 35), ('PHY', 8), ('SAB', 4), ('MUL', 8)]


def pick_factors():
    if rng.random() < 0.05:
        return ['21']
    return sorted(rng.sample(FACTORS, rng.choice([1, 2, 2, 3, 3, 4])),
                  key=lambda f: (int(f.rstrip('ABCDEF')), f))


def rand_dur():
    """Working days an assessment takes, when not set by a quota."""
    if rng.random() < 0.13:
        return rng.randint(46, 75)
    return int(rng.triangular(5, 45, 36))


def cp_categories():
    init = wchoice(CATS)
    latest = init if rng.random() < 0.85 else wchoice([c for c in CATS if c[0] != init])
    return init, latest


# ---- the model of what happened ----------------------------------------------------
ALL = []
_ids = set()


def new_id():
    while True:
        i = str(rng.randint(1000000, 9999999))
        if i not in _ids:
            _ids.add(i)
            return i


class Child:
    def __init__(self, dob, sex=None, eth=None):
        self.id = new_id()
        self.dob = dob
        self.sex = sex or rng.choice('12')
        self.eth = eth or wchoice(ETHNICITIES)
        self.disab = (['NONE'] if rng.random() < 0.9
                      else sorted(rng.sample(DISABS, rng.choice([1, 1, 2]))))
        self.episodes = []
        self.la = []            # SSDA903 episodes (dicts), every period, in order
        self.missing = []       # (kind, start, end)
        self.la_reviews = []
        self.oc3 = None
        self.contacts = []      # (date, ReferralSource code)
        self.upn = self.upn_unknown = None
        self.mother = ''
        self.mc_dob = None
        self.tags = set()
        ALL.append(self)


def rand_dob(before, oldest=OLDEST_DOB, baby=0.12):
    """A birth date before `before` (a child aged 0-17 throughout)."""
    hi = before - ONE
    if rng.random() < baby:
        return rdate(max(oldest, hi - days(200)), hi)
    return rdate(oldest, hi)


class Asm:
    def __init__(self, start, dur=None, deferred=False):
        self.start, self._dur, self.deferred = start, None, deferred
        self.auth = None
        self.factors = pick_factors()
        if dur is not None:
            self.dur = dur

    @property
    def dur(self):
        return self._dur

    @dur.setter
    def dur(self, n):
        self._dur = n
        self.auth = add_wd(self.start, n)


class S47:
    def __init__(self, start, icpc=None, not_required=0):
        self.start, self.icpc, self.not_required = start, icpc, not_required
        self.target = None if not_required else add_wd(start, 15)


class Plan:
    def __init__(self, start, end=None, nprev=0):
        self.start, self.end, self.nprev = start, end, nprev
        self.init, self.latest = cp_categories()
        self.reviews = []


class Ep:
    def __init__(self, child, ref, nfa=False):
        self.child, self.ref, self.nfa = child, ref, nfa
        self.source = wchoice(SOURCES)
        self.need = 'N9' if nfa else wchoice(NEEDS)
        self.asm, self.s47, self.plans = [], [], []
        self.outcome = 'nfa' if nfa else None
        self.lo = self.hi = self.close_on = None
        self.reason = None
        self.close = None
        child.episodes.append(self)


def icpc_plan(ep, s47start, k, plan_end=None, nprev=0, plan=True):
    icpc = add_wd(s47start, k)
    ep.s47.append(S47(s47start, icpc))
    if plan:
        p = Plan(icpc, plan_end, nprev)
        ep.plans.append(p)
        return p
    return icpc


def activity_max(ep, deferred_max=False):
    ds = [ep.ref]
    for a in ep.asm:
        if a.auth is not None:
            ds.append(a.auth)
        elif deferred_max:
            ds.append(add_wd(a.start, 85))
        else:
            ds.append(a.start)
    for s in ep.s47:
        ds.append(s.icpc or s.start)
    for p in ep.plans:
        ds.append(p.end or p.start)
    return max(ds)


def blocks_closure(ep):
    """Something still open forever (an open plan, a conference awaited)."""
    return (any(p.end is None for p in ep.plans)
            or any(s.icpc is None and not s.not_required for s in ep.s47))


def predicted_open(ep):
    """Open on 31 March 2018? (deferred assessment lengths taken at their longest)."""
    if ep.outcome == 'nfa':
        return ep.ref > TO
    if ep.outcome == 'open' or blocks_closure(ep):
        return True
    if ep.outcome == 'close_on':
        return ep.close_on > TO
    am = activity_max(ep, deferred_max=True)
    if ep.outcome == 'rc8':
        return am > ep.hi
    lo = max(ep.lo, am)
    return lo > ep.hi


def resolve(ep):
    if ep.outcome == 'nfa':
        ep.close, ep.reason = ep.ref, 'RC7'
        return
    if ep.outcome == 'open' or blocks_closure(ep):
        assert ep.outcome in ('open', 'close', 'rc8'), (ep.child.id, ep.outcome)
        ep.close = None
        return
    am = activity_max(ep)
    if ep.outcome == 'close_on':
        assert am <= ep.close_on, (ep.child.id, ep.ref, am, ep.close_on)
        ep.close, ep.reason = ep.close_on, ep.reason or 'RC7'
    elif ep.outcome == 'rc8':
        if am <= ep.hi:
            ep.close, ep.reason = am, 'RC8'
    elif ep.outcome == 'close':
        lo = max(ep.lo, am)
        if lo <= ep.hi:
            ep.close, ep.reason = rdate(lo, ep.hi), ep.reason or 'RC7'
    else:
        raise AssertionError(ep.outcome)


def plan_reviews(p):
    out = []
    d = add_wd(p.start, rng.randint(50, 64))
    limit = min(p.end - ONE, TO) if p.end else TO
    while d <= limit:
        out.append(d)
        d = next_wd(add_months(d, 6) - days(rng.randint(0, 14)))
    p.reviews = out


# ---- quota for the conferences: working days from strategy discussion to ICPC ------
K_LIST = ([15] * 6 + [16] * 6
          + [int(rng.triangular(3, 15, 12)) for _ in range(N_ICPC_WITHIN_15 - 6)]
          + [rng.randint(17, 38) for _ in range(N_ICPC_IN_YEAR - N_ICPC_WITHIN_15 - 6)])
rng.shuffle(K_LIST)

CP_NEW = []        # plans starting in the period


def take_k():
    return K_LIST.pop()


# ---- stories: child protection --------------------------------------------------------


def old_cp_child(start):
    """A child whose plan started (ICPC) on `start`, before the period."""
    dob = rdate(OLDEST_DOB, start - days(20))
    ref = max(dob + ONE, start - days(rng.randint(15, 150)))
    c = Child(dob)
    ep = Ep(c, ref)
    a_start = ref + days(rng.choice([0, 0, 1, 2]))
    dur = rand_dur()
    while add_wd(a_start, dur) >= FROM:  # an old plan's assessment ended before the period
        dur = max(1, dur // 2)
    ep.asm.append(Asm(a_start, dur))
    s = max(ref, sub_wd(start, rng.randint(4, 20)))
    if not is_wd(s):
        s = ref
    ep.s47.append(S47(s, start))
    p = Plan(start, None, 0 if rng.random() < 0.85 else rng.randint(1, 3))
    ep.plans.append(p)
    return c, ep, p


def build_cp_old_stay():
    for i in range(N_CP_OLD_STAY):
        if i == 0:
            start = D(2016, 3, 31)           # exactly two years before the end: counts
        elif i < 20:
            start = next_wd(rdate(D(2014, 6, 1), D(2016, 3, 24)))
        elif i == 20:
            start = D(2016, 4, 1)            # a day short of two years: does not
        else:
            start = next_wd(rdate(D(2016, 4, 4), D(2017, 3, 24)))
        c, ep, p = old_cp_child(start)
        ep.outcome = 'open'
        c.tags.add('cp_old_stay')


def build_cp_old_cease():
    spans = []
    for i in range(14):                      # ended two years or more after starting
        while True:
            s = next_wd(rdate(D(2015, 4, 1), D(2016, 3, 24)))
            two = add_years(s, 2)
            e = two if i == 0 else next_wd(two + days(rng.randint(1, 200)))
            if FROM <= e <= TO:
                break
        spans.append((s, e, 'two_years_exact' if i == 0 else ''))
    while True:                              # one day short of two years
        s = next_wd(rdate(D(2015, 4, 6), D(2016, 3, 24)))
        e = add_years(s, 2) - ONE
        if FROM <= e <= TO:
            break
    spans.append((s, e, 'two_years_less_a_day'))
    while len(spans) < N_CP_OLD_CEASE:
        s = next_wd(rdate(D(2015, 9, 1), D(2017, 3, 24)))
        lo = max(FROM, s + days(60))
        hi = min(TO - days(3), add_years(s, 2) - days(2))
        if lo > hi:
            continue
        e = next_wd(rdate(lo, hi))
        if e > hi:
            continue
        spans.append((s, e, ''))
    # one plan ends on the period's last day (a Saturday): ceased, not open at end
    for k, (s, e, tag) in enumerate(spans):
        if not tag and s >= Y0_FROM:
            spans[k] = (s, TO, 'ends_on_last_day')
            break
    order = list(range(len(spans)))
    rng.shuffle(order)
    fates = {}
    lac = [k for k in order if not spans[k][2] and spans[k][1] <= TO - days(20)][:8]
    for k in lac:
        fates[k] = 'lac'
    replan = [k for k in order if k not in fates and not spans[k][2]
              and spans[k][1] <= D(2017, 11, 20)][:25]
    for k in replan:
        fates[k] = 'replan'
    stay_open = [k for k in order if k not in fates and spans[k][2] != 'ends_on_last_day'][:60]
    for k in stay_open:
        fates[k] = 'open'
    result = {'lac': [], 'replan': []}
    for k, (s, e, tag) in enumerate(spans):
        c, ep, p = old_cp_child(s)
        p.end = e
        c.tags.add('cp_old_cease')
        fate = fates.get(k, 'close')
        if tag == 'ends_on_last_day':
            ep.outcome, ep.close_on = 'close_on', TO   # episode closes that day too
        elif fate == 'lac':
            ep.outcome = 'open'
            result['lac'].append((c, e))
        elif fate == 'replan':
            ep.outcome, ep.close_on = 'close_on', min(TO, e + days(rng.randint(0, 10)))
            result['replan'].append((c, ep))
        elif fate == 'open':
            ep.outcome = 'open'
        else:
            ep.outcome, ep.lo, ep.hi = 'close', e, min(TO, e + days(120))
            ep.reason = 'RC3' if rng.random() < 0.1 else 'RC7'
    return result


def fresh_cp_dates(k, icpc_lo=D(2017, 4, 20), icpc_hi=D(2018, 3, 29)):
    """ICPC, strategy discussion and referral, all in the period."""
    while True:
        icpc = next_wd(rdate(icpc_lo, icpc_hi))
        if icpc > icpc_hi:
            continue
        s = sub_wd(icpc, k)
        ref = s - days(rng.choice([0, 0, 0, 1, 2, 3, 5, 7]))
        if ref >= FROM:
            return icpc, s, ref


def new_plan_child(ref):
    c = Child(rand_dob(ref, baby=0.2))
    ep = Ep(c, ref)
    ep.need = 'N1'
    a_start = min(TO, ref + days(rng.choice([0, 0, 1, 2])))
    ep.asm.append(Asm(a_start, rand_dur()))
    return c, ep


def build_cp_new(old_cease):
    # fresh referrals in the period
    for _ in range(300):
        k = take_k()
        icpc, s, ref = fresh_cp_dates(k)
        c, ep = new_plan_child(ref)
        p = icpc_plan(ep, s, k, nprev=(rng.randint(1, 3) if rng.random() < 0.12 else 0))
        CP_NEW.append((ep, p, ''))
    # children planned again after a plan that ended in the period
    for c, old_ep in old_cease['replan']:
        k = take_k()
        while True:
            ref = old_ep.close_on + days(rng.randint(20, 120))
            s = ref + days(rng.choice([0, 0, 1, 2, 4]))
            if s.weekday() >= 5:
                s = next_wd(s)
            if add_wd(s, k) <= D(2018, 3, 29):
                break
        ep = Ep(c, ref)
        ep.need = 'N1'
        ep.asm.append(Asm(ref + days(rng.choice([0, 1])), rand_dur()))
        p = icpc_plan(ep, s, k, nprev=old_ep.plans[0].nprev + 1)
        CP_NEW.append((ep, p, 'replan'))
    # babies on a plan who then came into care, the plan still open
    cp_lac = []
    for _ in range(3):
        k = take_k()
        icpc, s, ref = fresh_cp_dates(k, D(2017, 5, 1), D(2017, 11, 30))
        c = Child(rdate(ref - days(120), ref - ONE))
        ep = Ep(c, ref)
        ep.need = 'N1'
        ep.asm.append(Asm(ref, rand_dur()))
        p = icpc_plan(ep, s, k)
        CP_NEW.append((ep, p, 'forced_open'))
        ep.outcome = 'open'
        cp_lac.append((c, icpc + days(rng.randint(10, 60))))
    # two plans in one episode, both starting in the period
    for _ in range(5):
        k1, k2 = take_k(), take_k()
        icpc1, s1, ref = fresh_cp_dates(k1, D(2017, 4, 20), D(2017, 7, 31))
        c, ep = new_plan_child(ref)
        end1 = next_wd(icpc1 + days(rng.randint(90, 150)))
        p1 = icpc_plan(ep, s1, k1, plan_end=end1)
        s2 = next_wd(end1 + days(rng.randint(20, 60)))
        p2 = icpc_plan(ep, s2, k2, nprev=p1.nprev + 1)
        assert p2.start <= TO
        CP_NEW.append((ep, p1, 'forced_ceased'))
        CP_NEW.append((ep, p2, ''))
    # referred late in 2016-17, conference in the period
    for _ in range(40):
        k = take_k()
        while True:
            ref = ref_date(D(2017, 1, 20), E0)
            s = next_wd(ref + days(rng.randint(0, 25)))
            icpc = add_wd(s, k)
            if FROM <= icpc <= TO - days(30):
                break
        c = Child(rand_dob(ref))
        ep = Ep(c, ref)
        ep.need = 'N1'
        ep.asm.append(Asm(ref + days(rng.choice([0, 1, 2])), rand_dur()))
        p = icpc_plan(ep, s, k)
        CP_NEW.append((ep, p, ''))
    # long-open episodes that came to a conference in the period
    for _ in range(22):
        k = take_k()
        ref = rdate(D(2015, 1, 1), D(2016, 11, 1))
        c = Child(rand_dob(ref))
        ep = Ep(c, ref)
        ep.asm.append(Asm(ref + days(1), min(rand_dur(), 60)))
        while True:
            s = next_wd(rdate(D(2017, 4, 3), D(2018, 2, 15)))
            if add_wd(s, k) <= TO:
                break
        p = icpc_plan(ep, s, k, nprev=(1 if rng.random() < 0.2 else 0))
        CP_NEW.append((ep, p, ''))
    assert len(CP_NEW) == N_CP_NEW, len(CP_NEW)
    # which new plans have ended by 31 March 2018
    forced = sum(1 for _, _, t in CP_NEW if t == 'forced_ceased')
    eligible = [i for i, (ep, p, t) in enumerate(CP_NEW)
                if not t.startswith('forced') and p.start <= D(2017, 12, 20)]
    ceased = set(rng.sample(eligible, N_CP_NEW_CEASED - forced))
    for i, (ep, p, t) in enumerate(CP_NEW):
        if t == 'forced_ceased':
            continue
        if i in ceased:
            p.end = next_wd(p.start + days(rng.randint(60, min(330, (TO - p.start).days - 3))))
            assert p.end <= TO
    for ep in {id(ep): ep for ep, _, _ in CP_NEW}.values():
        if ep.outcome == 'open':
            continue
        last = max(p.end or TO for p in ep.plans)
        if all(p.end for p in ep.plans) and rng.random() < 0.7:
            ep.outcome, ep.lo, ep.hi = 'close', last, min(TO, last + days(90))
        else:
            ep.outcome = 'open'
    return cp_lac


def build_icpc_no_plan():
    for _ in range(N_ICPC_IN_YEAR - N_CP_NEW):
        k = take_k()
        icpc, s, ref = fresh_cp_dates(k)
        c, ep = new_plan_child(ref)
        icpc_plan(ep, s, k, plan=False)
        if rng.random() < 0.5 and icpc + days(20) <= TO:
            ep.outcome, ep.lo, ep.hi = 'close', icpc + days(20), TO
        else:
            ep.outcome = 'open'
        ep.child.tags.add('single_ref')


def build_s47_pending():
    for _ in range(12):
        ref = ref_date(D(2018, 3, 1), D(2018, 3, 26))
        c = Child(rand_dob(ref))
        ep = Ep(c, ref)
        ep.asm.append(Asm(ref, rand_dur()))
        s = min(TO, next_wd(ref + days(rng.randint(0, 3))))
        ep.s47.append(S47(s, None, 0))
        ep.outcome = 'open'
        c.tags.add('single_ref')


# ---- stories: looked after ------------------------------------------------------------
FOSTER = ('U1', 'U2', 'U3', 'U4', 'U5', 'U6')
POSTAREAS = ['ME1', 'ME2', 'ME3', 'ME4', 'ME5', 'ME7', 'ME8']
FAR_AREAS = ['DA1', 'DA11', 'CT1', 'CT9', 'TN23', 'TN24', 'SE9', 'BR1', 'RM17', 'SS1']


def real_sectors():
    """Each postcode district of POSTAREAS and FAR_AREAS -> its sectors' digits, from the
    sectors hearth ships (data/postcode-sectors.csv.gz): a made-up sector (ME5 3) is in no
    directory, so hearth could not place a child living or placed there."""
    want = set(POSTAREAS) | set(FAR_AREAS)
    out = collections.defaultdict(list)
    with gzip.open(SECTORS_FILE, 'rt', newline='') as f:
        for row in csv.DictReader(f):
            district, digit = row['sector'].split(' ')
            if district in want:
                out[district].append(int(digit))
    missing = want - set(out)
    if missing:
        sys.exit('make-medway-fixture: no shipped sectors for %s' % ', '.join(sorted(missing)))
    return {k: sorted(v) for k, v in out.items()}


REAL_SECTORS = real_sectors()


def postcode(areas=POSTAREAS):
    # one draw of 1-9 picks the sector, as before the sectors were real, so that every
    # other draw of the fixture stays where it was
    district, k = rng.choice(areas), rng.randint(1, 9)
    digits = REAL_SECTORS[district]
    return '%s %d%s%s' % (district, digits[(k - 1) % len(digits)], rng.choice('ABDEFGHJLNPQRSTUWXYZ'),
                          rng.choice('ABDEFGHJLNPQRSTUWXYZ'))


def urn_for(place):
    if place in ('K1', 'K2'):
        return 'SC%06d' % rng.randint(100000, 999999)
    if place == 'S1':
        return '%06d' % rng.randint(100000, 999999)
    return 'XXXXXXX'


def intermediate_place(child, on):
    a = age(child.dob, on)
    choices = [('U6', 45), ('U4', 25), ('U3', 15), ('U1', 5), ('U5', 5), ('U2', 5)]
    if a >= 11:
        choices.append(('K2', 15))
    p = wchoice(choices)
    if p in ('U1', 'U2', 'U3'):
        prov = 'PR1'
    elif p == 'K2':
        prov = wchoice([('PR4', 70), ('PR1', 30)])
    else:
        prov = wchoice([('PR1', 60), ('PR4', 35), ('PR5', 5)])
    return p, prov


def la_period(child, start, end, rec, final, n_changes=None, fixed=(), final_from=None,
              cin=None):
    """One period of care as SSDA903 episodes (all of them, even those before the year).
    final = (PLACE, PLACE_PROVIDER) of the last placement; end/rec None when open.
    fixed: change dates that must be there; final_from: the last placement starts then."""
    limit = end or TO
    if n_changes is None:
        yrs = (limit - start).days / 365.0
        n_changes = min(6, int(rng.expovariate(1.0 / max(0.3, yrs * 0.7))))
    cin = cin or wchoice([('N1', 65), ('N4', 8), ('N5', 10), ('N8', 8), ('N2', 4), ('N6', 3),
                          ('N3', 1), ('N7', 1)])
    initial_ls = 'V2' if (cin == 'N8' or rng.random() < 0.25) else 'C1'
    # an interim care order becomes a full one some months on: a new episode (RNE L)
    ls_change = start + days(rng.randint(120, 300)) if initial_ls == 'C1' else None
    changes = set(fixed)
    if ls_change and ls_change < limit and (final_from is None or ls_change < final_from):
        changes.add(ls_change)
        fixed = tuple(fixed) + (ls_change,)
    if final_from:
        changes.add(final_from)
    span = (limit - start).days
    tries = 0
    while len(changes) < n_changes + len(fixed) + (1 if final_from else 0) and span > 2 and tries < 50:
        tries += 1
        d = start + days(rng.randint(1, span - (0 if end is None else 1)))
        if final_from and d >= final_from:
            continue
        changes.add(d)
    changes = sorted(d for d in changes if start < d <= limit and (end is None or d < end))
    starts = [start] + changes
    n = len(starts)
    lss = [initial_ls if ls_change is None or s < ls_change else 'C2' for s in starts]
    places = [intermediate_place(child, s) for s in starts[:-1]] + [final]
    if final[0] in ('A5', 'A6'):
        lss[-1] = 'E1'
    for i in range(1, n - 1):          # a change of legal status alone keeps the placement
        if lss[i] != lss[i - 1] and rng.random() < 0.5:
            places[i] = places[i - 1]
    for i in range(1, n):              # every new episode changes something
        while places[i] == places[i - 1] and lss[i] == lss[i - 1]:
            if i < n - 1:
                places[i] = intermediate_place(child, starts[i])
            else:
                places[i - 1] = intermediate_place(child, starts[i - 1])
                if i >= 2 and places[i - 1] == places[i - 2] and lss[i - 1] == lss[i - 2]:
                    places[i - 1] = places[i]   # loop again: forces another draw
    home = postcode()
    eps = []
    for i, s in enumerate(starts):
        place, prov = places[i]
        if i == 0:
            rne = 'S'
        elif places[i] == places[i - 1]:
            rne = 'L'
        else:
            rne = 'B' if lss[i] != lss[i - 1] else 'P'
        if i and rne == 'L':
            pl_post, urn = eps[-1]['PL_POST'], eps[-1]['URN']
        elif place == 'P1':
            pl_post, urn = home, 'XXXXXXX'
        else:
            pl_post = postcode(POSTAREAS if prov == 'PR1' or rng.random() < 0.5 else FAR_AREAS)
            urn = urn_for(place)
        if i:
            prev = eps[-1]
            prev['DEC'], prev['REC'] = s, 'X1'
            if rne in ('P', 'B'):
                prev['REASON_PLACE_CHANGE'] = wchoice(
                    [('CARPL', 40), ('CREQB', 15), ('CREQO', 10), ('LAREQ', 10), ('CHILD', 8),
                     ('STAND', 5), ('ALLEG', 2), ('CLOSE', 3), ('OTHER', 7)])
        eps.append({'CHILD': child.id, 'DECOM': s, 'RNE': rne, 'LS': lss[i], 'CIN': cin,
                    'PLACE': place, 'PLACE_PROVIDER': prov, 'DEC': None, 'REC': '',
                    'REASON_PLACE_CHANGE': '', 'HOME_POST': home, 'PL_POST': pl_post, 'URN': urn})
    if end is not None:
        eps[-1]['DEC'], eps[-1]['REC'] = end, rec
    child.la.extend(eps)
    return eps


def end_pool():
    """The 413 placements on 31 March 2018: (PLACE, PLACE_PROVIDER)."""
    pool = []
    ifa = [rng.choice(['U4', 'U4', 'U5', 'U6', 'U6', 'U6']) for _ in range(112)]
    pool += [(p, 'PR4' if rng.random() < 0.9 else 'PR5') for p in ifa]
    own = [wchoice([('U1', 8), ('U2', 2), ('U3', 14), ('U4', 33), ('U5', 3), ('U6', 40)])
           for _ in range(229)]
    pool += [(p, 'PR1') for p in own]
    pool += [('K2', 'PR1')] * 5 + [('K2', 'PR4')] * 15 + [('K1', 'PR2')] * 2
    pool += [('S1', 'PR4'), ('S1', 'PR5')]
    pool += [('P1', 'PR0')] * 4
    adopt = ['A3'] * 3 + ['A4'] * 2 + ['A5'] * 8 + ['A6'] * 10
    rng.shuffle(adopt)
    pool += [(p, 'PR1') for p in adopt[:12]] + [(p, rng.choice(['PR2', 'PR5'])) for p in adopt[12:]]
    pool += [('H5', 'PR1')] * 2 + [('H5', 'PR4')] * 14
    pool += [('R2', 'PR3'), ('R3', 'PR4'), ('R5', 'PR3'), ('Z1', 'PR4'), ('Z1', 'PR2')]
    assert len(pool) == 413
    rng.shuffle(pool)
    return pool


def dob_for_place(place, latest):
    """Birth date fitting the placement held on 31 March 2018."""
    if place[0] == 'A':
        lo, hi = D(2012, 4, 1), D(2016, 12, 31)
    elif place == 'H5':
        lo, hi = OLDEST_DOB, D(2002, 2, 28)
    elif place in ('R3', 'R5'):
        lo, hi = OLDEST_DOB, D(2003, 3, 31)
    elif place in ('K1', 'K2', 'S1'):
        lo, hi = OLDEST_DOB, D(2006, 3, 31)
    else:
        lo, hi = OLDEST_DOB, D(2017, 6, 1)
    return rdate(lo, min(hi, latest - ONE))


def final_from_for(place, child, start, hi=None):
    """When the last placement must begin (16 or over for semi-independent living)."""
    if place == 'H5':
        sixteen = add_years(child.dob, 16)
        if start < sixteen:
            return rdate(max(sixteen, start + ONE), hi or TO - days(5))
    return None


def cin_for_lac(child, before, open_=True, ref_lo=None):
    """A looked-after child's episode of need, referred on or before `before` (when care
    began), its assessment done by then."""
    lo = max(child.dob + ONE, before - days(300), ref_lo or D(2000, 1, 1))
    assert lo <= before, (child.id, child.dob, before)
    ref = rdate(lo, before)
    ep = Ep(child, ref)
    a_start = ref + days(rng.choice([0, 1, 2]))
    if a_start < before:
        cap = wd_count(a_start, before)
        if cap >= 1:
            ep.asm.append(Asm(a_start, min(rand_dur(), cap)))
    if open_:
        ep.outcome = 'open'
    return ep


def build_lac(old_cease_cp, cp_lac):
    pool = end_pool()
    adopt_pool = [x for x in pool if x[0][0] == 'A']
    other_pool = [x for x in pool if x[0][0] != 'A']

    def take(kind='other'):
        if kind == 'adopt':
            return adopt_pool.pop()
        if kind == 'foster':
            for k in range(len(other_pool) - 1, -1, -1):
                if other_pool[k][0] in FOSTER:
                    return other_pool.pop(k)
        return other_pool.pop()

    def new_child(place, dob):
        return Child(dob, sex='2' if place == 'R3' else None)

    # came into care in the period and still there (141)
    new_stay = []
    for c, e in old_cease_cp['lac']:            # their plan ended when care began
        new_stay.append((c, e, None))
    for c, d in cp_lac:                         # still on a plan
        new_stay.append((c, d, None))
    for i in range(60):                         # referred in the period
        ref = ref_date(FROM, TO - days(5))
        decom = min(TO, ref + days(0 if rng.random() < 0.3 else rng.randint(1, 60)))
        new_stay.append((None, decom, ref))
    for i in range(58):                         # a long-open episode of need
        new_stay.append((None, rdate(FROM + ONE, TO - ONE), 'old'))
    for i in range(12):                         # no episode of need (mostly UASC)
        new_stay.append((None, rdate(FROM + ONE, TO - ONE), 'none'))
    new_stay[-1] = (None, FROM, 'none')         # care began on the first day
    new_stay[-2] = (None, TO, 'none')           # and on the last
    assert len(new_stay) == 141
    for c, decom, how in new_stay:
        if c is not None or decom >= TO - days(10):
            place, prov = take('foster')
        else:
            place, prov = take()
        if c is None:
            latest = min(decom, TO - days(30))
            if isinstance(how, D):
                latest = min(latest, how)
            elif how == 'old':
                latest = min(latest, D(2016, 10, 1))
            dob = dob_for_place(place, latest)
            uasc = how == 'none' and (place == 'H5' or place in FOSTER) and rng.random() < 0.7
            if uasc and place != 'H5':
                dob = rdate(OLDEST_DOB, min(D(2003, 3, 31), latest - ONE))
            c = Child(dob, sex='1' if uasc else '2' if place == 'R3' else None,
                      eth=rng.choice(['OOTH', 'BAFR', 'AOTH']) if uasc else None)
            if uasc:
                c.tags.add('uasc')
            if isinstance(how, D):
                ep = Ep(c, how)
                ep.asm.append(Asm(min(TO, how + days(rng.choice([0, 0, 1]))), rand_dur()))
                ep.outcome = 'open'
                c.tags.add('single_ref')
            elif how == 'old':
                cin_for_lac(c, min(D(2016, 11, 1), decom - ONE), ref_lo=D(2014, 1, 1))
        n = 0 if decom >= TO - days(20) else rng.choice([0, 0, 1, 1, 2])
        la_period(c, decom, None, None, (place, prov), n_changes=n,
                  final_from=final_from_for(place, c, decom),
                  cin='N8' if 'uasc' in c.tags else None)
        c.tags.add('la_new_stay')

    # in care on 31 March 2017 and still there (269)
    for i in range(269):
        if i in (1, 2):
            place, prov = take('foster')
        elif adopt_pool and i % 11 == 0:
            place, prov = take('adopt')
        else:
            place, prov = take()
        dob = dob_for_place(place, E0 - days(10))
        c = new_child(place, dob)
        start = rdate(max(dob + ONE, D(2006, 1, 1)), E0)
        fixed = ()
        if i == 1:
            fixed = (FROM,)          # placement changes on the first day of the period
        elif i == 2:
            fixed = (TO,)            # and on the last
        final_from = final_from_for(place, c, start)
        if place[0] == 'A':
            final_from = rdate(max(start + ONE, D(2016, 9, 1)), TO - days(20))
        la_period(c, start, None, None, (place, prov), fixed=fixed, final_from=final_from)
        c.tags.add('la_old_stay')
        if i % 14 != 5:               # 250 of 269 have an open episode of need
            cin_for_lac(c, min(start, E0))

    # in care on 31 March 2017, left in the period (123): reasons to quota
    reasons = (['adopt'] * 35 + ['sgo'] * 17 + ['home'] * 25 + ['E13'] * 14 + ['E8'] * 10
               + ['E41'] * 8 + ['E3'] * 5 + ['E5'] * 4 + ['E15'] * 2 + ['E9'] * 3)
    assert len(reasons) == 123
    rng.shuffle(reasons)
    adopted = [k for k, r in enumerate(reasons) if r == 'adopt']
    five_plus = set(adopted[:11])
    boundary_five = adopted[0]     # fifth birthday on the day care ended: counts as 5
    boundary_four = adopted[11]    # fifth birthday the day after: still 4
    first_e8 = reasons.index('E8')
    first_e13 = reasons.index('E13')
    for k, why in enumerate(reasons):
        if k == first_e8:
            dec = FROM
        elif k == first_e13:
            dec = TO
        else:
            dec = rdate(FROM, TO)
        if why == 'adopt':
            if k == boundary_five:
                dob = add_years(dec, -5)
            elif k == boundary_four:
                dob = add_years(dec, -5) + ONE
            elif k in five_plus:
                dob = rdate(add_years(dec, -9), add_years(dec, -5) - ONE)
            else:
                dob = rdate(add_years(dec, -5) + days(2), min(dec - days(300), E0 - days(30)))
            c = Child(dob)
            start = rdate(dob + ONE, min(E0, dec - days(200)))
            place = rng.choice(['A5', 'A5', 'A6', 'A6', 'A3', 'A4'])
            prov = rng.choice(['PR1', 'PR1', 'PR2', 'PR5'])
            ff = rdate(max(start + ONE, dec - days(400)), dec - days(70))
            rec = rng.choice(['E11', 'E12'])
            la_period(c, start, dec, rec, (place, prov), final_from=ff)
            close_rc = 'RC1'
        else:
            if why in ('E5', 'E15'):
                dob = rdate(OLDEST_DOB, add_years(dec, -16) - ONE)
            elif why == 'E9':
                dob = rdate(OLDEST_DOB, add_years(dec, -13))
            else:
                dob = rdate(OLDEST_DOB, min(E0 - days(30), dec - days(60)))
            c = Child(dob, sex='1' if why == 'E15' else None)
            start = rdate(max(dob + ONE, D(2008, 1, 1)), E0)
            if why == 'sgo':
                rec = rng.choice(['E43', 'E44'])
                final = (rng.choice(['U1', 'U3', 'U4', 'U6']), 'PR1')
                close_rc = 'RC4'
            elif why == 'home':
                rec = wchoice([('E4A', 70), ('E4B', 30)])
                final = ('P1', 'PR0') if rng.random() < 0.3 else intermediate_place(c, dec)
                close_rc = None
            elif why in ('E5', 'E15'):
                rec, final, close_rc = why, ('H5', 'PR4'), 'RC7'
            else:
                rec = why
                final = intermediate_place(c, dec)
                close_rc = {'E41': 'RC3', 'E3': 'RC5'}.get(why, 'RC7')
            ff = final_from_for(final[0], c, start, hi=dec - ONE)
            la_period(c, start, dec, rec, final, final_from=ff)
        c.tags.add('la_old_cease')
        if k % 11 == 10:              # 112 of 123 have an episode of need
            continue
        ep = cin_for_lac(c, min(c.la[0]['DECOM'], E0), open_=False)
        if close_rc is None:
            if k % 5 < 3:
                ep.outcome = 'open'   # returned home, still a child in need
            else:
                ep.outcome, ep.close_on, ep.reason = 'close_on', min(TO, dec + days(rng.randint(0, 60))), 'RC7'
        else:
            ep.outcome, ep.close_on, ep.reason = 'close_on', dec, close_rc

    # came into care in the period and left it (25)
    for k in range(25):
        why = 'sgo' if k < 2 else 'E13' if k == 2 else 'home'
        start = rdate(FROM, D(2018, 2, 28))
        dec = start + days(rng.randint(5, min(200, (TO - start).days - 1)))
        c = Child(rand_dob(start))
        if why == 'sgo':
            rec, final, rc = rng.choice(['E43', 'E44']), ('U3', 'PR1'), 'RC4'
        elif why == 'home':
            rec, final, rc = wchoice([('E4A', 70), ('E4B', 30)]), intermediate_place(c, start), None
        else:
            rec, final, rc = 'E13', intermediate_place(c, start), 'RC7'
        la_period(c, start, dec, rec, final, n_changes=rng.choice([0, 0, 1]))
        c.tags.add('la_new_cease')
        if k < 15:
            ref = ref_date(max(FROM, start - days(60), c.dob + ONE), start)
            ep = Ep(c, ref)
            a_start = min(ref + days(rng.choice([0, 1])), dec - ONE)
            cap = wd_count(a_start, dec)
            assert cap >= 1
            ep.asm.append(Asm(a_start, min(rand_dur(), cap)))
            c.tags.add('single_ref')
            if rc is None and rng.random() < 0.6:
                ep.outcome = 'open'
            else:
                ep.outcome, ep.close_on, ep.reason = 'close_on', dec, rc or 'RC7'

    # left care in the period and came back (3): two periods each
    for k in range(3):
        place, prov = take('foster')
        if k < 2:
            c = Child(rand_dob(D(2015, 6, 1)))
            start1 = rdate(max(c.dob + ONE, D(2015, 6, 1)), E0 - days(30))
            dec1 = rdate(D(2017, 5, 1), D(2017, 10, 31))
        else:
            start1 = rdate(D(2017, 4, 10), D(2017, 6, 30))
            c = Child(rand_dob(start1))
            dec1 = start1 + days(rng.randint(30, 90))
        la_period(c, start1, dec1, 'E4A' if k != 1 else 'E4B', intermediate_place(c, dec1))
        start2 = dec1 + days(rng.randint(30, 120))
        la_period(c, start2, None, None, (place, prov), n_changes=0)
        c.tags.add('la_returned')
        if k == 0:
            cin_for_lac(c, min(start1, E0))
    assert not other_pool and not adopt_pool, (len(other_pool), len(adopt_pool))


# ---- stories: children in need ----------------------------------------------------------


def fresh_child_ep(ref, nfa=False, deferred_ok=True):
    c = Child(rand_dob(ref))
    return c, fresh_ep(c, ref, nfa, deferred_ok)


def fresh_ep(c, ref, nfa=False, deferred_ok=True, fixed_dur=None):
    ep = Ep(c, ref, nfa)
    if nfa:
        return ep
    a_start = min(TO, ref + days(rng.choice([0, 0, 1, 1, 2, 3])))
    if deferred_ok and FROM <= a_start <= SAFE_END and fixed_dur is None:
        ep.asm.append(Asm(a_start, None, deferred=True))
    else:
        ep.asm.append(Asm(a_start, fixed_dur or rand_dur()))
    outcome = wchoice([('rc8', 40), ('close', 25), ('open', 35)])
    if outcome == 'close':
        ep.lo, ep.hi = ref + days(rng.randint(40, 200)), TO
        if ep.lo > TO:
            outcome = 'open'
    elif outcome == 'rc8':
        ep.hi = TO
    ep.outcome = outcome
    return ep


def short_ep(c, ref, nfa_p):
    """An episode that closes soon: NFA, or closed after a short assessment."""
    if rng.random() < nfa_p:
        ep = Ep(c, ref, True)
        return ep, ref
    ep = Ep(c, ref)
    a = Asm(ref + days(rng.choice([0, 1, 2])), rng.randint(8, 40))
    ep.asm.append(a)
    ep.outcome, ep.hi = 'rc8', TO
    return ep, a.auth


def build_multi():
    """Children referred two or three times within the period (re-referrals)."""
    eps = []
    for _ in range(90):
        ref1 = ref_date(FROM, D(2017, 12, 15))
        c = Child(rand_dob(ref1))
        ep1, close1 = short_ep(c, ref1, 0.3)
        ref2 = ref_date(close1 + days(7), min(add_months(ref1, 12) - ONE, TO))
        if rng.random() < 0.15:
            eps += [ep1, Ep(c, ref2, True)]
        else:
            eps += [ep1, fresh_ep(c, ref2, deferred_ok=False)]
        c.tags.add('multi')
    for _ in range(10):
        ref1 = ref_date(FROM, D(2017, 7, 31))
        c = Child(rand_dob(ref1))
        ep1, close1 = short_ep(c, ref1, 0.4)
        ref2 = ref_date(close1 + days(7), close1 + days(60))
        ep2, close2 = short_ep(c, ref2, 0.4)
        ref3 = ref_date(close2 + days(7), min(TO, close2 + days(60)))
        ep3 = fresh_ep(c, ref3, deferred_ok=False)
        eps += [ep1, ep2, ep3]
        c.tags.add('multi')
    return eps


def add_prior(c, q, latest_close, nfa_p=0.4):
    """An episode of 2016-17, closed before 31 March 2017 and before the next referral."""
    assert Y0_FROM <= q <= latest_close <= E0, (q, latest_close)
    if rng.random() < nfa_p or (latest_close - q).days < 12:
        ep = Ep(c, q, True)
        return ep
    ep = Ep(c, q)
    a_start = q + days(rng.choice([0, 1, 2]))
    cap = wd_count(a_start, latest_close)
    dur = min(rng.randint(8, 45), cap)
    if dur < 1:
        c.episodes.remove(ep)
        return Ep(c, q, True)
    ep.asm.append(Asm(a_start, dur))
    ep.outcome, ep.hi = 'rc8', latest_close
    return ep


def count_rerefs():
    n = 0
    for c in ALL:
        refs = sorted(e.ref for e in c.episodes)
        for i, r in enumerate(refs):
            if FROM <= r <= TO and any(add_months(r, -12) <= q < r for q in refs[:i]):
                n += 1
    return n


# ---- build -------------------------------------------------------------------------------


def build():
    build_cp_old_stay()
    old_cease = build_cp_old_cease()
    cp_lac = build_cp_new(old_cease)
    build_icpc_no_plan()
    build_s47_pending()
    assert not K_LIST, len(K_LIST)
    build_lac(old_cease, cp_lac)
    multi = build_multi()
    multi_nfa = sum(1 for e in multi if e.nfa)

    # referrals so far in the period; NFA singles and the rest fill to the targets
    n_ref = sum(1 for c in ALL for e in c.episodes if FROM <= e.ref <= TO)
    n_nfa_single = TARGETS['referrals_nfa'] - multi_nfa
    n_fill = TARGETS['referrals'] - n_ref - n_nfa_single
    assert n_fill > 1000, n_fill
    singles = []
    for _ in range(n_nfa_single):
        c, ep = fresh_child_ep(ref_date(FROM, TO), nfa=True)
        c.tags.add('single_ref')
        singles.append(c)
    fill = []
    for i in range(n_fill):
        ref = FROM if i == 0 else TO if i == 1 else ref_date(FROM, TO)
        if i == 0:     # referred on the first day, and twelve months before that
            c = Child(rdate(OLDEST_DOB, D(2015, 12, 31)))
            ep = fresh_ep(c, ref)
        else:
            c, ep = fresh_child_ep(ref)
        c.tags.add('single_ref')
        c.tags.add('fill')
        fill.append(ep)
        singles.append(c)
    # strategy discussions that found no conference needed
    cands = [ep for ep in fill if ep.outcome != 'rc8']
    for ep in rng.sample(cands, N_S47_NOT_REQUIRED):
        s = min(TO, ep.ref + days(rng.randint(0, 7)))
        if ep.outcome == 'close' and ep.lo < s:
            ep.lo = s
        ep.s47.append(S47(s, None, 1))

    # earlier referrals (2016-17): exactly twelve months before (counts), a day more
    # (does not), more than twelve months (does not)
    by_ref = sorted((c for c in singles if 'fill' in c.tags), key=lambda c: c.episodes[0].ref)
    edge = by_ref[0]
    assert edge.episodes[0].ref == FROM
    add_prior(edge, add_months(FROM, -12), E0)        # 01/04/2016 then 01/04/2017
    used = {edge.id}
    pool = [c for c in singles if 'fill' in c.tags and c.id not in used]
    rng.shuffle(pool)
    n_exact = n_more = n_far = 0
    for c in pool:
        r = c.episodes[0].ref
        if n_exact < 3:
            q = add_months(r, -12)
            if c.dob < q and q <= E0:
                add_prior(c, q, min(E0, r - ONE))
                n_exact += 1
                used.add(c.id)
        elif n_more < 3:
            q = add_months(r, -12) - ONE
            if c.dob < q and Y0_FROM <= q <= E0:
                add_prior(c, q, min(E0, r - ONE))
                n_more += 1
                used.add(c.id)
        elif n_far < 40:
            hi = add_months(r, -12) - days(2)
            if hi >= Y0_FROM and c.dob < Y0_FROM:
                add_prior(c, rdate(Y0_FROM, hi), min(E0, r - ONE))
                n_far += 1
                used.add(c.id)
        else:
            break

    # re-referrals to the target: a closed 2016-17 episode within twelve months
    need = TARGETS['rereferrals_12m'] - count_rerefs()
    assert need > 100, need
    cands = [c for c in singles if c.id not in used and len(c.episodes) == 1]
    rng.shuffle(cands)
    for c in cands:
        if need == 0:
            break
        r = c.episodes[0].ref
        lo = max(Y0_FROM, add_months(r, -12), c.dob + ONE)
        hi = min(E0 - days(10), r - days(20))
        if lo > hi:
            continue
        add_prior(c, rdate(lo, hi), min(E0 - ONE, r - ONE))
        need -= 1
    assert need == 0
    assert count_rerefs() == TARGETS['rereferrals_12m']

    # 2016-17 episodes of need for children not seen in 2017-18 (realism, both ways)
    for _ in range(200):
        ref = ref_date(Y0_FROM, D(2017, 2, 28))
        c = Child(rand_dob(ref))
        kind = wchoice([('nfa', 15), ('rc8', 45), ('close', 40)])
        if kind == 'nfa':
            Ep(c, ref, True)
            continue
        ep = Ep(c, ref)
        a_start = ref + days(rng.choice([0, 1, 2]))
        cap = wd_count(a_start, E0 - ONE)
        ep.asm.append(Asm(a_start, max(1, min(rand_dur(), cap))))
        ep.hi = E0 - ONE
        if kind == 'close' and ref + days(30) <= E0 - ONE:
            ep.outcome, ep.lo = 'close', ref + days(30)
        else:
            ep.outcome = 'rc8'
    # referred late in 2016-17, assessed in 2017-18
    for _ in range(70):
        ref = ref_date(D(2017, 1, 20), E0)
        c = Child(rand_dob(ref))
        ep = Ep(c, ref)
        ep.asm.append(Asm(min(E0, ref + days(rng.choice([0, 1, 2, 3]))), rand_dur()))
        kind = wchoice([('rc8', 40), ('close', 30), ('open', 30)])
        ep.outcome, ep.hi = kind, TO
        if kind == 'close':
            ep.lo = ref + days(rng.randint(60, 300))
    # long-open episodes that closed in the period
    first = True
    for _ in range(150):
        ref = rdate(D(2013, 6, 1), D(2016, 11, 1))
        c = Child(rand_dob(ref))
        ep = Ep(c, ref)
        ep.asm.append(Asm(ref + days(1), min(rand_dur(), 60)))
        if first:
            ep.outcome, ep.close_on, first = 'close_on', FROM, False
        else:
            ep.outcome, ep.lo, ep.hi = 'close', FROM, TO
        ep.reason = wchoice([('RC7', 85), ('RC5', 5), ('RC6', 5), ('RC3', 5)])

    # children in need on 31 March 2018, neither on a plan nor looked after: the
    # long-open episodes make up the target
    open_now = count_cin_open(predicted=True)
    n_long = TARGETS['cin_open_at_end'] - open_now
    assert n_long > 300, n_long
    long_open = []
    for _ in range(n_long):
        ref = rdate(D(2012, 6, 1), D(2016, 11, 1))
        c = Child(rand_dob(ref))
        ep = Ep(c, ref)
        ep.asm.append(Asm(ref + days(rng.choice([0, 1])), min(rand_dur(), 60)))
        ep.outcome = 'open'
        long_open.append(ep)

    # assessments: the fixed ones are known; deferred ones (started by SAFE_END) and
    # reviews of long-open cases make up the target, with exactly the target within 45
    all_asm = [a for c in ALL for e in c.episodes for a in e.asm]
    fixed_in = [a for a in all_asm if not a.deferred and a.auth and FROM <= a.auth <= TO]
    deferred = [a for a in all_asm if a.deferred]
    n_review = TARGETS['assessments_completed'] - len(fixed_in) - len(deferred)
    assert 50 < n_review < len(long_open), n_review
    for ep in rng.sample(long_open, n_review):
        a = Asm(next_wd(rdate(D(2017, 4, 3), SAFE_END)), None, deferred=True)
        ep.asm.append(a)
        deferred.append(a)
    within_fixed = sum(1 for a in fixed_in if wd_count(a.start, a.auth) <= 45)
    n_within = TARGETS['assessments_within_45wd'] - within_fixed
    n_over = len(deferred) - n_within
    assert 20 < n_over < len(deferred) - 20, (n_within, n_over)
    durs = ([45] * 6 + [int(rng.triangular(5, 44, 33)) for _ in range(n_within - 6)]
            + [46] * 6 + [rng.randint(47, 82) for _ in range(n_over - 6)])
    rng.shuffle(durs)
    for a, n in zip(deferred, durs):
        a.dur = n
        assert FROM <= a.auth <= TO, (a.start, n)

    for c in ALL:
        for ep in c.episodes:
            resolve(ep)
            for p in ep.plans:
                plan_reviews(p)
    assert count_cin_open(predicted=False) == TARGETS['cin_open_at_end']
    return long_open


def la_at(c, d):
    return any(e['DECOM'] <= d and (e['DEC'] is None or e['DEC'] > d) for e in c.la)


def cp_at(c, d):
    return any(p.start <= d and (p.end is None or p.end > d)
               for e in c.episodes for p in e.plans)


def count_cin_open(predicted):
    n = 0
    for c in ALL:
        if not c.episodes or cp_at(c, TO) or la_at(c, TO):
            continue
        if predicted:
            op = any(e.ref <= TO and predicted_open(e) for e in c.episodes)
        else:
            op = any(e.ref <= TO and (e.close is None or e.close > TO) for e in c.episodes)
        n += op
    return n


# ---- after the stories: missing episodes, care leavers, reviews, contacts, UPNs ----


def in_care_days(c, lo, hi):
    out = []
    d = lo
    while d <= hi:
        if la_at(c, d):
            out.append(d)
        d += ONE
    return out


def build_missing():
    in_year = [c for c in ALL if c.la and any(e['DEC'] is None or e['DEC'] >= FROM for e in c.la)]
    teens = [c for c in in_year if age(c.dob, TO) >= 11]
    rng.shuffle(teens)
    chosen, used = [], set()
    # one went missing on the day the placement changed (X1): still looked after
    x1_child = None
    for c in teens:
        for e in c.la:
            if e['REC'] == 'X1' and FROM <= e['DEC'] <= TO - days(2):
                x1_child = (c, e['DEC'])
                break
        if x1_child:
            break
    c, d = x1_child
    c.missing.append(('M', d, d + days(1)))
    chosen.append(c)
    used.add(c.id)
    for c in teens:
        if len(chosen) == TARGETS['cla_missing_children']:
            break
        if c.id in used:
            continue
        ds = in_care_days(c, FROM, TO)
        if len(ds) < 10:
            continue
        starts = sorted(set(rng.sample(ds, rng.choice([1, 1, 1, 2, 2, 3, 4]))))
        for s in starts:
            end = None if s >= TO - days(2) and rng.random() < 0.5 else min(TO, s + days(rng.randint(0, 4)))
            c.missing.append(('M', s, end))
        if rng.random() < 0.3:
            a = rng.choice(ds)
            if a not in starts:
                c.missing.append(('A', a, a + days(1)))
        chosen.append(c)
        used.add(c.id)
    assert len(chosen) == TARGETS['cla_missing_children']
    # away from placement but never missing: does not count
    n = 0
    for c in teens:
        if n == 15:
            break
        if c.id in used:
            continue
        ds = in_care_days(c, FROM, TO)
        if len(ds) < 10:
            continue
        for s in sorted(set(rng.sample(ds, rng.choice([1, 2])))):
            c.missing.append(('A', s, s + days(rng.randint(0, 2))))
        used.add(c.id)
        n += 1
    # missing before care began in the period, or after it ended: does not count
    n = 0
    for c in ALL:
        if c.id in used or not c.la or age(c.dob, TO) < 11:
            continue
        first = c.la[0]['DECOM']
        if 'la_new_stay' in c.tags and first >= FROM + days(40) and n < 3:
            c.missing.append(('M', first - days(rng.randint(5, 30)), first - days(2)))
            used.add(c.id)
            n += 1
    assert n == 3
    n = 0
    for c in ALL:
        if c.id in used or 'la_old_cease' not in c.tags or age(c.dob, TO) < 11:
            continue
        dec = c.la[-1]['DEC']
        if dec <= TO - days(30) and n < 2 and c.la[-1]['REC'] != 'X1':
            c.missing.append(('M', dec + days(rng.randint(3, 20)), None))
            used.add(c.id)
            n += 1
    assert n == 2
    # missing from 29 March 2017 until 2 April 2017, looked after throughout: began before
    for c in ALL:
        if c.id not in used and 'la_old_stay' in c.tags and age(c.dob, TO) >= 12 \
                and la_at(c, D(2017, 3, 29)) and la_at(c, D(2017, 4, 2)):
            c.missing.append(('M', D(2017, 3, 29), D(2017, 4, 2)))
            used.add(c.id)
            break
    # children in need, never looked after: not counted
    n = 0
    for c in ALL:
        if n == 4:
            break
        if not c.la and c.episodes and age(c.dob, TO) >= 12 and c.id not in used \
                and any(e.ref <= D(2017, 10, 1) and (e.close is None or e.close > TO) for e in c.episodes):
            s = rdate(D(2017, 10, 2), D(2018, 3, 20))
            c.missing.append(('M', s, s + days(1)))
            used.add(c.id)
            n += 1
    assert n == 4


def build_la_reviews():
    for c in ALL:
        if not c.la:
            continue
        periods, cur = [], []
        for e in c.la:
            cur.append(e)
            if e['REC'] != 'X1':
                periods.append(cur)
                cur = []
        if cur:
            periods.append(cur)
        for per in periods:
            start, end = per[0]['DECOM'], per[-1]['DEC']
            d = add_wd(start, rng.randint(10, 19))
            if d < FROM:
                d = add_months(d, 3)
                while d < FROM - days(rng.randint(0, 150)):
                    d = add_months(d, 6)
            nxt = 3
            while d <= TO and (end is None or d < end):
                r = next_wd(d)
                if FROM <= r <= TO and (end is None or r < end):
                    code = 'PN0' if age(c.dob, r) < 4 else wchoice(
                        [('PN1', 60), ('PN2', 10), ('PN3', 10), ('PN4', 8), ('PN5', 6),
                         ('PN6', 4), ('PN7', 2)])
                    c.la_reviews.append((r, code))
                d = add_months(d, nxt)
                nxt = 6
        c.la_reviews = sorted(set(c.la_reviews))


def build_oc3():
    suitable = ['S1'] * 40 + ['U1'] * 15 + ['D1'] * 15 + ['E1'] * 10 + ['B1'] * 10 + \
               ['T1'] * 5 + ['K1'] * 3 + ['C1'] * 2
    unsuitable = ['V2', 'W2', 'X2', 'Z2', 'S2', 'D2']
    rows = ([('YES', wchoice([('F1', 8), ('F2', 20), ('F5', 20), ('P5', 10), ('F4', 5),
                              ('G5', 25), ('G6', 7), ('G4', 5)]), rng.choice(suitable))
             for _ in range(TARGETS['care_leavers_suitable_accom'])]
            + [('YES', rng.choice(['G5', 'G4', 'P5']), rng.choice(unsuitable))
               for _ in range(TARGET_DENOMS['care_leavers_suitable_accom']
                              - TARGETS['care_leavers_suitable_accom'])]
            + [(it, '0', '0') for it in ('NO', 'NO', 'REFU', 'DIED', 'NO', 'REFU')])
    for it, activ, accom in rows:
        c = Child(rdate(D(1996, 4, 1), D(1999, 3, 31)))
        c.oc3 = (it, activ, accom)
        c.tags.add('care_leaver')


def build_contacts():
    # each referral came through the front door
    for c in ALL:
        for e in c.episodes:
            if e.ref >= D(2017, 3, 1):
                d = e.ref - days(0 if rng.random() < 0.7 else rng.randint(1, 3))
                if d < c.dob:
                    d = e.ref
                c.contacts.append((d, e.source))
    # more contacts for some children already known (no referral followed)
    known = [c for c in ALL if any(FROM <= e.ref <= TO for e in c.episodes)]
    for c in rng.sample(known, 600):
        taken = {d for d, _ in c.contacts}
        d = rdate(max(FROM, c.dob + ONE), TO)
        if d not in taken:
            c.contacts.append((d, wchoice(SOURCES)))
    # contacts in March 2017, before the period
    for _ in range(150):
        d = rdate(D(2017, 3, 1), E0)
        c = Child(rand_dob(d))
        c.contacts.append((d, wchoice(SOURCES)))
        c.tags.add('contact_only')
    n_in = sum(1 for c in ALL for d, _ in c.contacts if FROM <= d <= TO)
    need = TARGETS['contacts'] - n_in
    assert need > 3000, need
    while need > 0:
        k = min(need, wchoice([(1, 80), (2, 15), (3, 5)]))
        first = rdate(FROM, TO)
        c = Child(rand_dob(first))
        ds = {first}
        while len(ds) < k:
            ds.add(rdate(max(FROM, c.dob + ONE), TO))
        for d in sorted(ds):
            c.contacts.append((d, wchoice(SOURCES)))
        c.tags.add('contact_only')
        need -= k
    assert sum(1 for c in ALL for d, _ in c.contacts if FROM <= d <= TO) == TARGETS['contacts']


UPN_LETTERS = 'ABCDEFGHJKLMNPQRTUVWXYZ'
_upns = set()


def make_upn(c):
    yy = (c.dob.year + 5) % 100
    while True:
        estab = rng.choice([rng.randint(2000, 2999), rng.randint(4000, 4999), rng.randint(7000, 7099)])
        rest = '%s%04d%02d%03d' % (LEA, estab, yy, rng.randint(0, 999))
        if rest not in _upns:
            _upns.add(rest)
            s = sum(int(ch) * (i + 2) for i, ch in enumerate(rest))
            return UPN_LETTERS[s % 23] + rest


def build_identifiers():
    for c in ALL:
        if not (c.episodes or c.la or c.oc3):
            continue
        if age(c.dob, TO) < 5:
            c.upn_unknown = 'UN1'
        elif rng.random() < 0.02:
            c.upn_unknown = rng.choice(['UN2', 'UN3', 'UN4'])
        else:
            c.upn = make_upn(c)
        if c.la and c.sex == '2' and age(c.dob, TO) >= 12:
            c.mother = '0'
    # one looked-after girl is a mother (placed in a mother and baby unit)
    for c in ALL:
        if c.la and c.sex == '2' and c.la[-1]['DEC'] is None and c.la[-1]['PLACE'] == 'R3':
            c.mother, c.mc_dob = '1', c.la[-1]['DECOM'] - days(rng.randint(1, 30))
            break


# ---- writing ---------------------------------------------------------------------------


def ep_view(ep, y_from, y_to):
    """What the CIN census for the year [y_from, y_to] says of an episode, or None."""
    if ep.ref > y_to or (ep.close is not None and ep.close < y_from):
        return None
    close = ep.close if ep.close is not None and ep.close <= y_to else None
    v = {'ref': ep.ref, 'source': ep.source, 'need': ep.need, 'close': close,
         'reason': ep.reason if close else None, 'nfa': ep.nfa, 'asm': [], 's47': [], 'plans': []}
    for a in ep.asm:
        if a.start > y_to or (a.auth is not None and a.auth < y_from):
            continue
        auth = a.auth if a.auth <= y_to else None
        assert auth is not None or a.start >= y_from, ('rule 8736', ep.child.id, a.start)
        v['asm'].append((a.start, auth, a.factors if auth else None))
    for s in ep.s47:
        if s.start > y_to:
            continue
        icpc = s.icpc if s.icpc is not None and s.icpc <= y_to else None
        if s.start < y_from and not (icpc and icpc >= y_from) and \
                not (icpc is None and not s.not_required):
            continue
        assert icpc is None or icpc >= y_from, ('rule 8715', ep.child.id)
        assert icpc or s.not_required or s.start >= y_from, ('rule 8740', ep.child.id)
        v['s47'].append((s.start, s.target, icpc, 0 if icpc else s.not_required))
    for p in ep.plans:
        if p.start > y_to or (p.end is not None and p.end < y_from):
            continue
        end = p.end if p.end is not None and p.end <= y_to else None
        v['plans'].append((p.start, end, p.init, p.latest, p.nprev,
                           [r for r in p.reviews if y_from <= r <= y_to]))
    return v


def cin_xml(year):
    y_from, y_to = D(year - 1, 4, 1), D(year, 3, 31)
    out = ['<?xml version="1.0" encoding="UTF-8"?>', '<Message>', '<Header>',
           '<CollectionDetails><Collection>CIN</Collection><Year>%d</Year>'
           '<ReferenceDate>%s</ReferenceDate></CollectionDetails>' % (year, y_to),
           '<Source><SourceLevel>L</SourceLevel><LEA>%s</LEA><SoftwareCode>hearth-fixture'
           '</SoftwareCode><Release>1.0</Release><SerialNo>%03d</SerialNo>'
           '<DateTime>%d-05-14T09:30:00</DateTime></Source>' % (LEA, year % 1000, year),
           '</Header>', '<Children>']
    n = 0
    for c in sorted(ALL, key=lambda c: c.id):
        views = [v for v in (ep_view(e, y_from, y_to) for e in sorted(c.episodes, key=lambda e: e.ref)) if v]
        if not views:
            continue
        n += 1
        x = ['<Child>', '<ChildIdentifiers><LAchildID>%s</LAchildID>' % c.id]
        x.append('<UPN>%s</UPN>' % c.upn if c.upn else '<UPNunknown>%s</UPNunknown>' % c.upn_unknown)
        x.append('<PersonBirthDate>%s</PersonBirthDate><GenderCurrent>%s</GenderCurrent>'
                 '</ChildIdentifiers>' % (c.dob, c.sex))
        x.append('<ChildCharacteristics><Ethnicity>%s</Ethnicity><Disabilities>%s</Disabilities>'
                 '</ChildCharacteristics>' % (c.eth, ''.join('<Disability>%s</Disability>' % d for d in c.disab)))
        for v in views:
            x.append('<CINdetails>')
            s = '<CINreferralDate>%s</CINreferralDate><ReferralSource>%s</ReferralSource>' \
                '<PrimaryNeedCode>%s</PrimaryNeedCode>' % (v['ref'], v['source'], v['need'])
            if v['close']:
                s += '<CINclosureDate>%s</CINclosureDate><ReasonForClosure>%s</ReasonForClosure>' % (
                    v['close'], v['reason'])
            x.append(s)
            for start, auth, factors in v['asm']:
                s = '<Assessments><AssessmentActualStartDate>%s</AssessmentActualStartDate>' % start
                if auth:
                    s += '<AssessmentAuthorisationDate>%s</AssessmentAuthorisationDate>' % auth
                    s += '<FactorsIdentifiedAtAssessment>%s</FactorsIdentifiedAtAssessment>' % ''.join(
                        '<AssessmentFactors>%s</AssessmentFactors>' % f for f in factors)
                x.append(s + '</Assessments>')
            for start, target, icpc, nr in v['s47']:
                s = '<Section47><S47ActualStartDate>%s</S47ActualStartDate>' % start
                if target:
                    s += '<InitialCPCtarget>%s</InitialCPCtarget>' % target
                if icpc:
                    s += '<DateOfInitialCPC>%s</DateOfInitialCPC>' % icpc
                x.append(s + '<ICPCnotRequired>%d</ICPCnotRequired></Section47>' % nr)
            x.append('<ReferralNFA>%d</ReferralNFA>' % (1 if v['nfa'] else 0))
            for start, end, init, latest, nprev, reviews in v['plans']:
                s = '<ChildProtectionPlans><CPPstartDate>%s</CPPstartDate>' % start
                if end:
                    s += '<CPPendDate>%s</CPPendDate>' % end
                s += ('<InitialCategoryOfAbuse>%s</InitialCategoryOfAbuse><LatestCategoryOfAbuse>%s'
                      '</LatestCategoryOfAbuse><NumberOfPreviousCPP>%d</NumberOfPreviousCPP>' % (init, latest, nprev))
                if reviews:
                    s += '<Reviews>%s</Reviews>' % ''.join('<CPPreviewDate>%s</CPPreviewDate>' % r for r in reviews)
                x.append(s + '</ChildProtectionPlans>')
            x.append('</CINdetails>')
        x.append('</Child>')
        out.append('\n'.join(x))
    out += ['</Children>', '</Message>', '']
    return '\n'.join(out), n


def csv_text(header, rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator='\n')
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


def ssda903_files():
    files = {}
    in_year = [c for c in ALL if c.la and any(e['DEC'] is None or e['DEC'] >= FROM for e in c.la)]
    header_children = sorted(in_year + [c for c in ALL if c.oc3], key=lambda c: c.id)
    files['header.csv'] = csv_text(
        ['CHILD', 'SEX', 'DOB', 'ETHNIC', 'UPN', 'MOTHER', 'MC_DOB'],
        [[c.id, c.sex, uk(c.dob), c.eth, c.upn or c.upn_unknown, c.mother, uk(c.mc_dob)]
         for c in header_children])
    rows = []
    for c in sorted(in_year, key=lambda c: c.id):
        for e in c.la:
            if e['DEC'] is not None and e['DEC'] < FROM:
                continue
            rows.append([c.id, uk(e['DECOM']), e['RNE'], e['LS'], e['CIN'], e['PLACE'],
                         e['PLACE_PROVIDER'], uk(e['DEC']), e['REC'], e['REASON_PLACE_CHANGE'],
                         e['HOME_POST'], e['PL_POST'], e['URN']])
    files['episodes.csv'] = csv_text(
        ['CHILD', 'DECOM', 'RNE', 'LS', 'CIN', 'PLACE', 'PLACE_PROVIDER', 'DEC', 'REC',
         'REASON_PLACE_CHANGE', 'HOME_POST', 'PL_POST', 'URN'], rows)
    files['reviews.csv'] = csv_text(
        ['CHILD', 'DOB', 'REVIEW', 'REVIEW_CODE'],
        [[c.id, uk(c.dob), uk(d), code] for c in sorted(in_year, key=lambda c: c.id)
         for d, code in c.la_reviews])
    files['missing.csv'] = csv_text(
        ['CHILD', 'DOB', 'MISSING', 'MIS_START', 'MIS_END'],
        [[c.id, uk(c.dob), k, uk(s), uk(e)] for c in sorted(ALL, key=lambda c: c.id)
         for k, s, e in sorted(c.missing, key=lambda m: m[1])])
    files['oc3.csv'] = csv_text(
        ['CHILD', 'DOB', 'IN_TOUCH', 'ACTIV', 'ACCOM'],
        [[c.id, uk(c.dob)] + list(c.oc3) for c in sorted(ALL, key=lambda c: c.id) if c.oc3])
    return files


def annex_a_text():
    rows = []
    for c in sorted(ALL, key=lambda c: c.id):
        for d, src in sorted(c.contacts):
            rows.append([c.id, 'a) Male' if c.sex == '1' else 'b) Female', ANNEX_ETHNIC[c.eth[0]],
                         uk(c.dob), age(c.dob, d), uk(d), annex_source(src)])
    return csv_text(['Child Unique ID', 'Gender', 'Ethnicity', 'Date of Birth',
                     'Age of Child (Years)', 'Date of Contact', 'Contact Source'], rows)


# ---- checking: read the files back, merge them as the store does, measure ---------------


def pdate(s):
    if not s:
        return None
    if '/' in s:
        d, m, y = s.split('/')
        return D(int(y), int(m), int(d))
    return D.fromisoformat(s)


class Sim:
    """store.h's rule: a put from a year at least as new overwrites the fields it gives;
    an older one only fills blanks; after a return gives an episode's parts, older returns'
    parts active in its year but missing from it are dropped (store_complete_episode; and
    the CIN importer puts no parts for an episode a newer return holds).
    Counts outcomes as the importer would."""

    def __init__(self):
        self.t = collections.defaultdict(dict)   # table -> key -> [year, fields]
        self.parts = collections.defaultdict(set)  # (table, owner key) -> part keys
        self.counts = collections.Counter()
        self.returns = collections.defaultdict(set)  # episode key -> years of returns holding it

    def put(self, table, key, year, fields):
        rows = self.t[table]
        if key not in rows:
            rows[key] = [year, dict(fields)]
            self.counts[table, 'added'] += 1
            if table in ('asm', 's47', 'plan', 'review'):
                self.parts[table, key[0]].add(key)
            return 'added'
        old_year, old = rows[key]
        newer = year >= old_year
        changed = False
        for f, v in fields.items():
            ov = old.get(f)
            nv = (v if v not in (None, '') else ov) if newer else (ov if ov not in (None, '') else v)
            if nv != ov:
                changed = True
                old[f] = nv
        if year > old_year:
            rows[key][0] = year
        out = 'older' if year < old_year else 'updated' if changed else 'unchanged'
        self.counts[table, out] += 1
        return out

    def complete(self, ek, year):
        """store_complete_episode: the store remembers which returns described an episode;
        a part from an older return that was active in a newer return's window (1 April to
        31 March) yet is missing from it was withdrawn, and is dropped."""
        self.returns[ek].add(year)
        wins = [(y, D(y - 1, 4, 1), D(y, 3, 31)) for y in self.returns[ek]]

        def superseded(src, start, end):
            return any(y > src and start <= last and (end is None or end >= first)
                       for y, first, last in wins)

        def drop(part, owner, k):
            del self.t[part][k]
            self.parts[part, owner].discard(k)

        for k in list(self.parts['asm', ek]):
            y, f = self.t['asm'][k]
            if superseded(y, k[1], f.get('auth')):
                drop('asm', ek, k)
        for k in list(self.parts['s47', ek]):
            y, f = self.t['s47'][k]
            if superseded(y, k[1], f.get('icpc') or k[1]):
                drop('s47', ek, k)
        for pk in list(self.parts['plan', ek]):
            for rk in list(self.parts['review', pk]):
                if superseded(self.t['review'][rk][0], rk[1], rk[1]):
                    drop('review', pk, rk)
        for k in list(self.parts['plan', ek]):
            y, f = self.t['plan'][k]
            if superseded(y, k[1], f.get('end')):
                drop('plan', ek, k)
                for rk in self.parts.pop(('review', k), ()):   # ON DELETE CASCADE
                    del self.t['review'][rk]

    def cin(self, text, year):
        root = ET.fromstring(text)
        for ch in root.iter('Child'):
            ids = ch.find('ChildIdentifiers')
            cid = ids.findtext('LAchildID')
            self.put('person', cid, year, {
                'upn': ids.findtext('UPN'), 'upn_unknown': ids.findtext('UPNunknown'),
                'dob': pdate(ids.findtext('PersonBirthDate')),
                'sex': {'1': 'M', '2': 'F'}[ids.findtext('GenderCurrent')],
                'eth': ch.find('ChildCharacteristics').findtext('Ethnicity')})
            for cd in ch.findall('CINdetails'):
                ek = (cid, pdate(cd.findtext('CINreferralDate')))
                out = self.put('episode', ek, year, {
                    'source': cd.findtext('ReferralSource'), 'need': cd.findtext('PrimaryNeedCode'),
                    'close': pdate(cd.findtext('CINclosureDate')),
                    'reason': cd.findtext('ReasonForClosure'), 'nfa': int(cd.findtext('ReferralNFA'))})
                for a in cd.findall('Assessments'):
                    self.put('asm', (ek, pdate(a.findtext('AssessmentActualStartDate'))), year,
                             {'auth': pdate(a.findtext('AssessmentAuthorisationDate'))})
                for s in cd.findall('Section47'):
                    self.put('s47', (ek, pdate(s.findtext('S47ActualStartDate'))), year,
                             {'icpc': pdate(s.findtext('DateOfInitialCPC')),
                              'nr': int(s.findtext('ICPCnotRequired'))})
                for p in cd.findall('ChildProtectionPlans'):
                    pk = (ek, pdate(p.findtext('CPPstartDate')))
                    self.put('plan', pk, year, {
                        'end': pdate(p.findtext('CPPendDate')),
                        'latest': p.findtext('LatestCategoryOfAbuse'),
                        'nprev': int(p.findtext('NumberOfPreviousCPP'))})
                    for r in p.iter('CPPreviewDate'):
                        self.put('review', (pk, pdate(r.text)), year, {})
                self.complete(ek, year)

    def annexa(self, text, year):
        for r in csv.DictReader(io.StringIO(text)):
            cid = r['Child Unique ID']
            self.put('person', cid, year, {'dob': pdate(r['Date of Birth']),
                                           'sex': 'M' if r['Gender'] == 'a) Male' else 'F'})
            self.put('contact', (cid, pdate(r['Date of Contact']), r['Contact Source']), year, {})

    def ssda903(self, name, text, year):
        for r in csv.DictReader(io.StringIO(text)):
            cid = r['CHILD']
            p = {'dob': pdate(r['DOB'])} if 'DOB' in r else {}
            if name == 'header.csv':
                p['sex'] = {'1': 'M', '2': 'F'}[r['SEX']]
                p['eth'] = r['ETHNIC']
                if r['UPN'].startswith('UN'):
                    p['upn_unknown'] = r['UPN']
                else:
                    p['upn'] = r['UPN']
            self.put('person', cid, year, p)
            if name == 'episodes.csv':
                self.put('la', (cid, pdate(r['DECOM'])), year, {
                    'dec': pdate(r['DEC']), 'rec': r['REC'], 'place': r['PLACE'],
                    'prov': r['PLACE_PROVIDER']})
            elif name == 'missing.csv':
                self.put('missing', (cid, pdate(r['MIS_START'])), year, {'kind': r['MISSING']})
            elif name == 'oc3.csv':
                self.put('oc3', (cid, year), year, {'accom': r['ACCOM']})
            elif name == 'reviews.csv':
                self.put('la_review', (cid, pdate(r['REVIEW'])), year, {})


STORE_TABLES = {'person': 'person', 'episode': 'cin_episode', 'asm': 'assessment',
                's47': 's47_enquiry', 'plan': 'cp_plan', 'review': 'cp_review',
                'contact': 'contact', 'la': 'la_episode', 'la_review': 'la_review',
                'missing': 'missing_episode', 'oc3': 'care_leaver'}


def import_all(sim, files):
    """In import_path's order: sorted, recursive."""
    for path in sorted(files):
        text = files[path]
        year = int(path.split('/')[0])
        name = path.split('/')[-1]
        if name.endswith('.xml'):
            sim.cin(text, int(ET.fromstring(text).findtext('Header/CollectionDetails/Year')))
        elif name.startswith('annex_a'):
            sim.annexa(text, 0)   # Annex A ranks below every return (annexa.c)
        else:
            sim.ssda903(name, text, year)


def round1(num, den):
    """num/den rounded half away from zero to one decimal, as a string."""
    q, r = divmod(abs(num) * 10, den)
    if 2 * r >= den:
        q += 1
    half = 2 * r == den
    return ('-' if num < 0 else '') + '%d.%d' % divmod(q, 10), half


def measures(sim):
    t = sim.t
    M = {}
    persons = {k: v for k, (y, v) in t['person'].items()}
    M['contacts'] = sum(1 for (cid, d, s) in t['contact'] if FROM <= d <= TO)
    refs = collections.defaultdict(list)
    for (cid, ref), (y, f) in t['episode'].items():
        refs[cid].append((ref, f['nfa']))
    pref = [(cid, r, nfa) for cid, rs in refs.items() for r, nfa in rs if FROM <= r <= TO]
    M['referrals'] = len(pref)
    M['rereferrals_12m'] = sum(1 for cid, r, _ in pref
                               if any(add_months(r, -12) <= q < r for q, _ in refs[cid]))
    M['referrals_nfa'] = sum(1 for _, _, nfa in pref if nfa == 1)
    M['cin_episodes_started'] = M['referrals'] - M['referrals_nfa']
    asm = [(k[1], f['auth']) for k, (y, f) in t['asm'].items() if f['auth'] and FROM <= f['auth'] <= TO]
    M['assessments_completed'] = len(asm)
    M['assessments_within_45wd'] = sum(1 for s, a in asm if wd_count(s, a) <= 45)
    s47 = [(k[1], f['icpc']) for k, (y, f) in t['s47'].items()]
    M['s47_started'] = sum(1 for s, i in s47 if FROM <= s <= TO)
    icpc = [(s, i) for s, i in s47 if i and FROM <= i <= TO]
    M['icpc_held'] = len(icpc)
    M['icpc_within_15wd'] = sum(1 for s, i in icpc if wd_count(s, i) <= 15)
    plans = collections.defaultdict(list)     # child -> [(start, end, latest, nprev)]
    for (ek, start), (y, f) in t['plan'].items():
        plans[ek[0]].append((start, f['end'], f['latest'], f['nprev']))
    started = [(cid, p) for cid, ps in plans.items() for p in ps if FROM <= p[0] <= TO]
    M['cp_plans_started'] = len(started)
    M['cp_plans_second_or_later'] = sum(1 for cid, p in started
                                        if p[3] > 0 or any(q[0] < p[0] for q in plans[cid]))
    cp_end = {}
    for cid, ps in plans.items():
        cur = [p for p in ps if p[0] <= TO and (p[1] is None or p[1] > TO)]
        if cur:
            cp_end[cid] = max(cur)
    M['cp_children_at_end'] = len(cp_end)
    M['cp_open_2y_at_end'] = sum(1 for p in cp_end.values() if p[0] <= add_years(TO, -2))
    ceased = [p for ps in plans.values() for p in ps if p[1] and FROM <= p[1] <= TO]
    M['cp_plans_ceased'] = len(ceased)
    M['cp_ceased_2y'] = sum(1 for p in ceased if p[1] >= add_years(p[0], 2))
    M['cp_at_end_by_category'] = dict(collections.Counter(p[2] for p in cp_end.values()))
    la = collections.defaultdict(list)
    for (cid, decom), (y, f) in t['la'].items():
        la[cid].append((decom, f['dec'], f['rec'], f['place'], f['prov']))
    la_end = {}
    for cid, es in la.items():
        cur = [e for e in es if e[0] <= TO and (e[1] is None or e[1] > TO)]
        assert len(cur) <= 1, cid
        if cur:
            la_end[cid] = cur[0]
    open_cin = {cid for (cid, ref), (y, f) in t['episode'].items()
                if ref <= TO and (f['close'] is None or f['close'] > TO)}
    M['cin_open_at_end'] = len(open_cin - set(cp_end) - set(la_end))
    M['cla_at_end'] = len(la_end)
    M['cla_started'] = sum(1 for cid, es in la.items() for e in es if FROM <= e[0] <= TO
                           and not any(o[1] == e[0] and o[2] == 'X1' for o in es))
    ceased_la = [(cid, e) for cid, es in la.items() for e in es
                 if e[1] and FROM <= e[1] <= TO and e[2] and e[2] != 'X1']
    M['cla_ceased'] = len(ceased_la)
    adopted = [(cid, e) for cid, e in ceased_la if e[2] in ('E11', 'E12')]
    M['cla_ceased_adopted'] = len(adopted)
    M['cla_ceased_sgo'] = sum(1 for _, e in ceased_la if e[2] in ('E43', 'E44', 'E45', 'E46', 'E47', 'E48'))
    M['cla_ceased_returned_home'] = sum(1 for _, e in ceased_la if e[2] in ('E4A', 'E4B'))
    M['cla_adopted_aged_5plus'] = sum(1 for cid, e in adopted if age(persons[cid]['dob'], e[1]) >= 5)

    def group(p):
        if p in FOSTER:
            return 'foster'
        if p in ('A3', 'A4', 'A5', 'A6'):
            return 'placed_for_adoption'
        if p in ('K1', 'K2'):
            return 'childrens_homes'
        if p == 'R1':
            return 'residential_care'
        if p == 'S1':
            return 'residential_schools'
        if p in ('H5', 'K3'):
            return 'supported_accommodation'
        if p == 'P1':
            return 'with_parents'
        return 'other'
    M['cla_placement_at_end'] = dict(collections.Counter(group(e[3]) for e in la_end.values()))
    M['cla_foster_own_provision'] = sum(1 for e in la_end.values() if group(e[3]) == 'foster' and e[4] == 'PR1')
    M['cla_own_provision'] = sum(1 for e in la_end.values() if e[4] == 'PR1')
    miss = set()
    for (cid, s), (y, f) in t['missing'].items():
        if f['kind'] == 'M' and FROM <= s <= TO and any(
                e[0] <= s and (e[1] is None or e[1] > s) for e in la.get(cid, [])):
            miss.add(cid)
    M['cla_missing_children'] = len(miss)
    acc = [f['accom'] for (cid, yr), (y, f) in t['oc3'].items() if yr == TO.year]
    M['care_leavers_suitable_accom'] = sum(1 for a in acc if a.endswith('1'))
    M['_care_leavers_denominator'] = sum(1 for a in acc if a[-1:] in ('1', '2'))
    return M


KINDS = {  # id -> (kind, denominator id or None)
    'contacts': ('count', None), 'referrals': ('rate', None),
    'contact_conversion': ('prop', 'contacts'), 'rereferrals_12m': ('prop', 'referrals'),
    'referrals_nfa': ('prop', 'referrals'), 'cin_episodes_started': ('rate', None),
    'assessments_completed': ('rate', None),
    'assessments_within_45wd': ('prop', 'assessments_completed'),
    's47_started': ('rate', None), 'icpc_held': ('count', None),
    'icpc_within_15wd': ('prop', 'icpc_held'), 'cp_plans_started': ('rate', None),
    'cp_plans_second_or_later': ('prop', 'cp_plans_started'),
    'cp_children_at_end': ('rate', None), 'cp_open_2y_at_end': ('prop', 'cp_children_at_end'),
    'cp_plans_ceased': ('count', None), 'cp_ceased_2y': ('prop', 'cp_plans_ceased'),
    'cp_at_end_by_category': ('split', None), 'cin_open_at_end': ('rate', None),
    'cla_at_end': ('rate', None), 'cla_started': ('rate', None), 'cla_ceased': ('count', None),
    'cla_ceased_adopted': ('prop', 'cla_ceased'), 'cla_ceased_sgo': ('prop', 'cla_ceased'),
    'cla_ceased_returned_home': ('prop', 'cla_ceased'),
    'cla_adopted_aged_5plus': ('prop', 'cla_ceased_adopted'),
    'cla_placement_at_end': ('split', None),
    'cla_foster_own_provision': ('prop', 'foster'),
    'cla_own_provision': ('prop', 'cla_at_end'),
    'cla_missing_children': ('count', None),
    'care_leavers_suitable_accom': ('prop', '_care_leavers_denominator'),
}


def table(M):
    """Every measure with value, denominator, pct, per_10k (strings as kpi JSON gives)."""
    M = dict(M)
    M['contact_conversion'] = M['referrals']
    M['foster'] = M['cla_placement_at_end'].get('foster', 0)
    rows = {}
    for mid, (kind, den) in KINDS.items():
        r = {'kind': kind}
        if kind == 'split':
            r['parts'] = M[mid]
        else:
            r['value'] = M[mid]
            if kind == 'rate':
                r['per_10k'], r['half'] = round1(M[mid] * 10000, POP)
            if kind == 'prop':
                r['denominator'] = M[den]
                if M[den]:
                    r['pct'], r['half'] = round1(M[mid] * 100, M[den])
                else:
                    r['pct'], r['half'] = None, False
        rows[mid] = r
    return rows


def check_targets(M):
    bad = []
    for k, v in TARGETS.items():
        if M[k] != v:
            bad.append('%s: %s, want %s' % (k, M[k], v))
    got = {k: M['cla_placement_at_end'].get(k, 0) for k in TARGET_PLACEMENT}
    if got != TARGET_PLACEMENT:
        bad.append('cla_placement_at_end: %s' % got)
    if M['_care_leavers_denominator'] != TARGET_DENOMS['care_leavers_suitable_accom']:
        bad.append('care leavers denominator %s' % M['_care_leavers_denominator'])
    T = table(M)
    for k, d in TARGET_DENOMS.items():
        if T[k]['denominator'] != d:
            bad.append('%s denominator %s, want %s' % (k, T[k]['denominator'], d))
    want_pct = {'rereferrals_12m': '17.0', 'assessments_within_45wd': '86.0',
                'cp_open_2y_at_end': '5.8', 'care_leavers_suitable_accom': '95.0'}
    for k, p in want_pct.items():
        if T[k]['pct'] != p:
            bad.append('%s pct %s, want %s' % (k, T[k]['pct'], p))
    if T['referrals']['per_10k'] != '412.2':
        bad.append('referrals per_10k %s' % T['referrals']['per_10k'])
    if bad:
        raise SystemExit('make-medway-fixture: the data do not give the targets:\n  ' + '\n  '.join(bad))
    return T


def validate():
    """Every date consistent: nothing before birth, nothing ends before it starts, children
    0-17 throughout, episodes of need and periods of care never overlap."""
    for c in ALL:
        ev = []
        eps = sorted(c.episodes, key=lambda e: e.ref)
        for i, e in enumerate(eps):
            assert e.ref >= c.dob, (c.id, 'referral before birth')
            if e.close:
                assert e.close >= e.ref, (c.id, 'closed before referral')
            if i + 1 < len(eps):
                assert e.close is not None and e.close < eps[i + 1].ref, (c.id, 'episodes overlap')
            for a in e.asm:
                assert a.start >= e.ref and (e.close is None or a.auth <= e.close), (c.id, 'assessment outside episode')
                ev.append(a.start)
            for s in e.s47:
                assert s.start >= e.ref and (s.icpc is None or s.icpc >= s.start), (c.id, 's47')
                if s.icpc:
                    assert is_wd(s.icpc), (c.id, 'ICPC on a weekend (rule 8875)')
                    assert e.close is None or s.icpc <= e.close
            ps = sorted(e.plans, key=lambda p: p.start)
            for j, p in enumerate(ps):
                assert p.start >= e.ref and (p.end is None or p.end > p.start), (c.id, 'plan dates')
                assert any(s.icpc == p.start for s in e.s47) or p.start < Y0_FROM, (c.id, 'plan without ICPC')
                if j + 1 < len(ps):
                    assert p.end and p.end < ps[j + 1].start, (c.id, 'plans overlap')
                for r in p.reviews:
                    assert p.start < r and (p.end is None or r < p.end), (c.id, 'review')
            ev.append(e.ref)
            if e.close:
                ev.append(e.close)
        open_eps = [e for e in eps if e.close is None]
        assert len(open_eps) <= 1 and (not open_eps or open_eps[0] is eps[-1]), (c.id, 'rule 8815/8816')
        for k, e in enumerate(c.la):
            assert e['DECOM'] >= c.dob, (c.id, 'in care before birth')
            if e['DEC']:
                assert e['DEC'] >= e['DECOM'], (c.id, 'episode ends before it starts')
                ev.append(e['DEC'])
            if k + 1 < len(c.la):
                nxt = c.la[k + 1]
                assert e['DEC'] is not None and e['DEC'] <= nxt['DECOM'], (c.id, 'LA episodes overlap')
                assert (e['REC'] == 'X1') == (e['DEC'] == nxt['DECOM']), (c.id, 'X1 chain')
                if e['REC'] != 'X1':
                    assert nxt['RNE'] == 'S', (c.id, 'new period without S')
            ev.append(e['DECOM'])
        for k, s, e in c.missing:
            assert s >= c.dob and (e is None or e >= s), (c.id, 'missing dates')
            ev.append(s)
        for d, _ in c.contacts:
            assert d >= c.dob, (c.id, 'contact before birth')
            ev.append(d)
        if ev and not c.oc3:
            assert min(ev) >= c.dob and age(c.dob, max(ev)) <= 17, (c.id, 'age outside 0-17')
        if c.mc_dob:
            assert c.mother == '1'
    # contact keys are unique (person, date, source)
    seen = set()
    for c in ALL:
        for d, s in c.contacts:
            k = (c.id, d, annex_source(s))
            assert k not in seen, k
            seen.add(k)


def xmllint(paths):
    if not shutil.which('xmllint'):
        print('make-medway-fixture: xmllint not found; schemas not checked', file=sys.stderr)
        return
    for path, year in paths:
        xsd = os.path.join(STANDARDS, 'CIN_schema_%d.xsd' % year)
        if not os.path.exists(xsd):
            print('make-medway-fixture: %s not found; not checked' % xsd, file=sys.stderr)
            continue
        r = subprocess.run(['xmllint', '--noout', '--schema', xsd, path],
                           capture_output=True, text=True)
        if r.returncode != 0:
            raise SystemExit('make-medway-fixture: %s is not valid against %s:\n%s'
                             % (path, xsd, r.stderr[-3000:]))


def main():
    build()
    build_missing()
    build_la_reviews()
    build_oc3()
    build_contacts()
    build_identifiers()
    validate()

    files = {}
    files['2017/cin_census_2017.xml'], n17 = cin_xml(2017)
    files['2018/cin_census_2018.xml'], n18 = cin_xml(2018)
    files['2018/annex_a_list_1_contacts.csv'] = annex_a_text()
    for name, text in ssda903_files().items():
        files['2018/ssda903/' + name] = text

    # the figures, from the files as written, merged as the store merges them
    first = Sim()
    import_all(first, files)
    M1 = measures(first)
    T = check_targets(M1)
    first.counts.clear()
    import_all(first, files)            # the same folder again
    again = {k: v for k, v in first.counts.items() if k[1] in ('added', 'updated')}
    M2 = measures(first)
    if M2 != M1:
        raise SystemExit('make-medway-fixture: a second import would change the figures: %s'
                         % {k: (M1[k], M2[k]) for k in M1 if M1[k] != M2[k]})
    if again:
        raise SystemExit('make-medway-fixture: a second import would add or update records: %s'
                         % dict(again))
    rows = {STORE_TABLES[k]: len(v) for k, v in first.t.items()}
    # store.h: returns imported in any order give the same records (2018 before 2017 here)
    rev = Sim()
    import_all(rev, {k: v for k, v in files.items() if k.startswith('2018/')})
    import_all(rev, {k: v for k, v in files.items() if k.startswith('2017/')})
    if measures(rev) != M1 or {STORE_TABLES[k]: len(v) for k, v in rev.t.items()} != rows:
        raise SystemExit('make-medway-fixture: importing 2018 before 2017 would differ')

    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    for path, text in files.items():
        full = os.path.join(OUT, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, 'w', newline='') as f:
            f.write(text)
    xmllint([(os.path.join(OUT, '2017/cin_census_2017.xml'), 2017),
             (os.path.join(OUT, '2018/cin_census_2018.xml'), 2018)])

    print('make-medway-fixture: wrote %s (%d children in the 2017 census, %d in 2018)'
          % (OUT, n17, n18))
    for path in sorted(files):
        print('  %-40s %8d bytes' % (path, len(files[path].encode())))
    print('figures for 2017-04-01..2018-03-31, population %d:' % POP)
    for mid, r in T.items():
        if r['kind'] == 'split':
            print('  %-28s %s' % (mid, dict(sorted(r['parts'].items()))))
            continue
        s = '  %-28s value %d' % (mid, r['value'])
        if 'denominator' in r:
            s += ' of %d, pct %s' % (r['denominator'], r['pct'])
        if 'per_10k' in r:
            s += ', per_10k %s' % r['per_10k']
        if r.get('half'):
            s += '  (exactly half-way before rounding)'
        print(s)
    print('rows in the store after importing the folder (once or twice):')
    for k in sorted(rows):
        print('  %-16s %d' % (k, rows[k]))


if __name__ == '__main__':
    main()
