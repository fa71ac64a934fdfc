#!/usr/bin/env python3
"""Regenerate data/ssda903-codes.csv and data/cin-codes.csv from ../shared/standards.

Run by a developer when the DfE publishes a new year's schema; the output CSVs are
committed, and the build turns them into C tables (so CI needs no Python or YAML).
Each row says which collection years (year ending 31 March) a code is valid in."""
import csv, glob, os, re, sys, xml.etree.ElementTree as ET
import yaml

std = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '..', '..', 'shared', 'standards')
out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), '..', 'data')
FIRST, LAST = 2017, 2027

# --- SSDA903: the 2017 schema, then each year's diff applied in turn.
ydir = os.path.join(std, 'ssda903', 'schema-yaml')
base = yaml.safe_load(open(os.path.join(ydir, 'SSDA903_schema_2017.yml')))['column_map']
def cats(spec):
    return [str(c['code']) for c in spec.get('category', [])] if isinstance(spec, dict) else []
state = {(t, f): cats(s) for t, cols in base.items() for f, s in cols.items()}
diffs = {}
for p in glob.glob(os.path.join(ydir, 'SSDA903_schema_*.diff.yml')):
    diffs[int(re.search(r'_(\d{4})\.diff', p).group(1))] = yaml.safe_load(open(p))
years = {}
for y in range(FIRST, LAST + 1):
    for key, ch in diffs.get(y, {}).items():
        parts = key.split('.')
        if len(parts) == 2:            # a whole table added
            for f, s in ch['value'].items():
                state[(parts[1], f)] = cats(s)
        elif parts[-1] == 'category':
            state[(parts[1], parts[2])] = [str(c['code']) for c in ch['value']]
    for (t, f), codes in state.items():
        for c in codes:
            years.setdefault((t, f, c), []).append(y)
with open(os.path.join(out, 'ssda903-codes.csv'), 'w', newline='') as fh:
    w = csv.writer(fh, lineterminator='\n')
    w.writerow(['table', 'field', 'code', 'from_year', 'to_year'])
    for (t, f, c), ys in sorted(years.items()):
        w.writerow([t, f, c, min(ys), max(ys)])

# --- CIN census: enumerations of each year's XSD.
XS = '{http://www.w3.org/2001/XMLSchema}'
cyears = {}
for p in sorted(glob.glob(os.path.join(std, 'cin-census', 'CIN_schema_*.xsd'))):
    y = int(re.search(r'_(\d{4})\.xsd', p).group(1))
    root = ET.parse(p).getroot()
    for st in root.iter(XS + 'simpleType'):
        name = st.get('name')
        if not name:
            continue
        for e in st.iter(XS + 'enumeration'):
            cyears.setdefault((name, e.get('value')), []).append(y)
with open(os.path.join(out, 'cin-codes.csv'), 'w', newline='') as fh:
    w = csv.writer(fh, lineterminator='\n')
    w.writerow(['xsd_type', 'code', 'from_year', 'to_year'])
    for (t, c), ys in sorted(cyears.items()):
        w.writerow([t, c, min(ys), max(ys)])
