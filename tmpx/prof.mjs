import { readFileSync } from 'node:fs';
const p = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const self = new Map(); const byId = new Map(p.nodes.map(n => [n.id, n]));
const dt = p.timeDeltas; const counts = new Map();
for (let i = 0; i < p.samples.length; i++) counts.set(p.samples[i], (counts.get(p.samples[i]) ?? 0) + (dt[i] ?? 0));
let total = 0;
for (const [id, t] of counts) { const n = byId.get(id); const f = n.callFrame; const key = `${f.functionName || '(anon)'} ${f.url.replace(/.*node_modules\//, 'nm/').replace(/.*\/work\/main\//, '')}:${f.lineNumber}`; self.set(key, (self.get(key) ?? 0) + t); total += t; }
const byFile = new Map();
for (const [k, t] of self) { const file = k.split(' ')[1].split(':')[0].replace(/^nm\/((@[^/]+\/)?[^/]+).*/, 'nm/$1'); byFile.set(file, (byFile.get(file) ?? 0) + t); }
console.log('total ms', (total/1000).toFixed(0));
console.log([...self].sort((a,b)=>b[1]-a[1]).slice(0, 30).map(([k,t]) => `${(t/total*100).toFixed(1)}% ${k}`).join('\n'));
console.log('--- by package/file');
console.log([...byFile].sort((a,b)=>b[1]-a[1]).slice(0, 25).map(([k,t]) => `${(t/total*100).toFixed(1)}% ${k}`).join('\n'));
