// Quick self-check for docs authors: node scripts/check-docs.mjs
import { readFileSync, readdirSync } from 'node:fs';
const facts = JSON.parse(readFileSync('server/src/service/knowledge/parameters.json', 'utf8')).parameters;
const known = new Set(facts.map((p) => p.name));
const dir = 'server/src/service/knowledge/docs';
const docs = {};
let problems = 0;
const complain = (m) => { problems++; console.log(m); };
for (const f of readdirSync(dir).filter((f) => /^tls-.*\.json$/.test(f))) {
  const data = JSON.parse(readFileSync(`${dir}/${f}`, 'utf8'));
  for (const [name, doc] of Object.entries(data)) {
    if (docs[name]) complain(`${f}: ${name} documented twice`);
    if (!known.has(name)) complain(`${f}: ${name} is not a known parameter`);
    docs[name] = doc;
  }
}
for (const [name, doc] of Object.entries(docs)) {
  const base = doc.family ? docs[doc.family] : doc;
  if (!base) { complain(`${name}: family base ${doc.family} has no entry`); continue; }
  if (base.family) complain(`${name}: family base ${doc.family} is itself a variant`);
  if (!doc.family && (!doc.summary || !doc.body)) complain(`${name}: needs summary and body`);
  for (const r of [...(base.related ?? []), ...(doc.related ?? [])]) if (!known.has(r)) complain(`${name}: related ${r} unknown`);
  const text = JSON.stringify(base);
  if (text.includes('{role}') && !(doc.role ?? base.role)) complain(`${name}: uses {role} but has no role`);
}
const tls = facts.filter((p) => p.tls).map((p) => p.name);
const missing = tls.filter((n) => !docs[n]);
console.log(`${tls.length - missing.length}/${tls.length} TLS parameters documented; ${problems} problems`);
if (missing.length) console.log('missing: ' + missing.join(' '));
