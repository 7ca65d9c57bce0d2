#!/usr/bin/env python3
"""Turns handwritten.src into handwritten.jsonl in the corpus format (byte offsets).

Usage: make_handwritten.py [IN.src OUT.jsonl]   (default: handwritten.src beside this script)"""
import json, re, sys, os

here = os.path.dirname(os.path.abspath(__file__))
src_path, out_path = (sys.argv[1], sys.argv[2]) if len(sys.argv) == 3 else (
    os.path.join(here, 'handwritten.src'), os.path.join(here, 'handwritten.jsonl'))
src = open(src_path, encoding='utf-8').read()
out = []
for block in src.split('=== ')[1:]:
    lines = block.split('\n')
    rid = lines[0].strip()
    subj = {k.strip(): v.strip() for k, v in (p.split(':', 1) for p in lines[1].split(' | '))}
    subj['name'] = subj.pop('subject')
    staff = []
    for s in lines[2][len('staff: '):].split(';'):
        name, role = s.split(',', 1)
        staff.append({'name': name.strip(), 'role': role.strip()})
    body = lines[3:]
    flags = []
    if body and body[0].startswith('@flags'):
        flags = body[0].split()[1:]
        body = body[1:]
    marked = '\n'.join(body).rstrip('\n') + '\n'
    text, spans, pos = b'', [], 0
    for m in re.finditer(r'\[\[(.+?)\|(\w+)(?:\|(\w+))?\]\]', marked):
        text += marked[pos:m.start()].encode()
        start = len(text)
        text += m.group(1).encode()
        party = m.group(2)
        expect = {'third_party': 'redact', 'ambiguous': 'any'}.get(party, 'keep')
        spans.append({'start': start, 'end': len(text), 'label': m.group(3) or 'PERSON', 'party': party, 'expect': expect})
        pos = m.end()
    text += marked[pos:].encode()
    out.append({'id': rid, 'context': {'subject': {'name': subj['name'],
                'aliases': [a.strip() for a in subj['aliases'].split(',') if a.strip()],
                'dob': subj['dob'], 'address': subj['address']}, 'staff': staff},
                'text': text.decode(), 'spans': spans, 'flags': flags})
with open(out_path, 'w', encoding='utf-8') as f:
    for r in out:
        f.write(json.dumps(r, ensure_ascii=False) + '\n')
print(len(out), 'records')
