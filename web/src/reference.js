// The reference data (/api/reference), fetched once: labels for every value.
import { api } from './api.js';
import { words } from './dom.js';

let cached = null;

export async function reference() {
  if (!cached) cached = api.reference().catch((err) => { cached = null; throw err; });
  return cached;
}

// The plain-English label of an enum value, e.g. label(ref, 'route', 'sar').
export function label(ref, kind, value) {
  const list = (ref && ref.enums && ref.enums[kind]) || [];
  const found = list.find((e) => e.value === value);
  return found ? found.label : words(value);
}

const stageNames = {
  validate: 'Validate', search: 'Search', collate: 'Collate', redact: 'Redact', qa: 'Quality check', release: 'Release',
};

export function stageLabel(stage) {
  return stageNames[stage] || words(stage);
}
