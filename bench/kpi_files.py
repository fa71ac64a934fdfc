# bench/kpi_files.py: the plain single-threaded baseline for `hearth kpi FILES`
# (bench/kpi-files.sh). Reads every file of one authority into memory with the standard
# library alone (csv for the SSDA903 tables and Annex A, xml.etree for the CIN census),
# every row and every element, then counts a dozen of the measures hearth kpi gives for
# one collection year. It keeps none of hearth's rules (no overlap between years' returns
# beyond keeping the latest year's row, no code lists, no working days): the least a
# script must do to answer from the files.
#
# usage: python3 bench/kpi_files.py YEAR DIR...   (one line of counts per DIR)
import csv
import datetime
import glob
import os
import sys
import xml.etree.ElementTree as ET


def dmy(s):
    return datetime.date(int(s[6:10]), int(s[3:5]), int(s[0:2])) if s else None


def iso(s):
    return datetime.date.fromisoformat(s) if s else None


def read_authority(root):
    """Every file under root, whole: {(year, table): [row dict, ...]} and the censuses."""
    tables, census = {}, {}
    for path in sorted(glob.glob(os.path.join(root, '**', '*'), recursive=True)):
        if not os.path.isfile(path):
            continue
        year = int(os.path.relpath(path, root).split(os.sep)[0])
        name = os.path.basename(path)
        if name.endswith('.csv'):
            with open(path, newline='', encoding='utf-8') as fh:
                tables[(year, name[:-4])] = list(csv.DictReader(fh))
        elif name.endswith('.xml'):
            children = []
            for child in ET.parse(path).getroot().iter('Child'):
                kid = {e.tag: (e.text or '') for e in child.find('ChildIdentifiers')}
                kid['episodes'] = eps = []
                for cin in child.iter('CINdetails'):
                    ep = {e.tag: (e.text or '') for e in cin if len(e) == 0}
                    ep['assessments'] = [{e.tag: e.text or '' for e in a} for a in cin.iter('Assessments')]
                    ep['s47'] = [{e.tag: e.text or '' for e in a} for a in cin.iter('Section47')]
                    ep['cpp'] = [{e.tag: e.text or '' for e in a}
                                 for a in cin.iter('ChildProtectionPlans')]
                    eps.append(ep)
                children.append(kid)
            census[year] = children
    return tables, census


def count(root, last):
    first, end = datetime.date(last - 1, 4, 1), datetime.date(last, 3, 31)
    inside = lambda d: d is not None and first <= d <= end
    tables, census = read_authority(root)
    rows = sum(len(v) for v in tables.values()) + sum(len(v) for v in census.values())
    contacts = sum(inside(dmy(r['Date of Contact'])) for r in tables.get((last, 'annex_a_list_1_contacts'), []))
    # CIN census: the year's own return (its episodes are the ones active in the year)
    referrals = assessments = s47 = cpp = cin_open = 0
    for kid in census.get(last, []):
        for ep in kid['episodes']:
            referrals += inside(iso(ep.get('CINreferralDate')))
            closed = iso(ep.get('CINclosureDate'))
            cin_open += closed is None or closed > end
            assessments += sum(inside(iso(a.get('AssessmentAuthorisationDate'))) for a in ep['assessments'])
            s47 += sum(inside(iso(a.get('S47ActualStartDate'))) for a in ep['s47'])
            cpp += sum(inside(iso(a.get('CPPstartDate'))) for a in ep['cpp'])
    # SSDA903: episodes of every year, the latest year's row kept for each child and DECOM
    episodes = {}
    for (year, table), rs in sorted(tables.items()):
        if table == 'episodes':
            for r in rs:
                episodes[(r['CHILD'], r['DECOM'])] = r
    cla = set()
    started = ceased = own = 0
    for r in episodes.values():
        decom, dec = dmy(r['DECOM']), dmy(r['DEC'])
        if decom <= end and (dec is None or dec > end):
            cla.add(r['CHILD'])
            own += r['PLACE_PROVIDER'] == 'PR1'
        started += r['RNE'] == 'S' and inside(decom)
        ceased += inside(dec) and r['REC'] != 'X1'
    missing = len({r['CHILD'] for r in tables.get((last, 'missing'), [])
                   if r['MISSING'] == 'M' and inside(dmy(r['MIS_START']))})
    oc3 = tables.get((last, 'oc3'), [])
    suitable = sum(r['ACCOM'].endswith('1') for r in oc3)
    known = sum(r['ACCOM'][-1:] in ('1', '2') for r in oc3)
    return [rows, contacts, referrals, assessments, s47, cpp, cin_open, len(cla), started, ceased,
            own, missing, f'{suitable}/{known}']


if __name__ == '__main__':
    year = int(sys.argv[1])
    for d in sys.argv[2:]:
        print(d, *count(d, year))
