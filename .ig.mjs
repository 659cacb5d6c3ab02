import ts from 'typescript';
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, dirname, resolve, relative } from 'node:path';
const root = process.argv[2] ?? '/work/main';
const scope = process.argv[3] ?? 'server';
function walk(d){ return readdirSync(d).flatMap(f=>{const p=join(d,f); return statSync(p).isDirectory()? walk(p): p.endsWith('.ts')&&!p.endsWith('.d.ts')?[p]:[]})}
const files = walk(join(root,scope)).filter(f=>!/\.test\.ts$/.test(f));
const graph = new Map();
for (const f of files){
  const info = ts.preProcessFile(readFileSync(f,'utf8'), true, true);
  const deps=[];
  for (const i of info.importedFiles){ if(!i.fileName.startsWith('.')) continue; let t=resolve(dirname(f), i.fileName.replace(/\.js$/,'.ts')); if(existsSync(t)) deps.push(t);}
  graph.set(f,deps);
}
// tarjan
let idx=0; const st=[]; const on=new Set(); const I=new Map(), L=new Map(); const sccs=[];
function sc(v){I.set(v,idx);L.set(v,idx);idx++;st.push(v);on.add(v);for(const w of graph.get(v)??[]){ if(!graph.has(w)) continue; if(!I.has(w)){sc(w);L.set(v,Math.min(L.get(v),L.get(w)))} else if(on.has(w)) L.set(v,Math.min(L.get(v),I.get(w)));} if(L.get(v)===I.get(v)){const c=[];let w;do{w=st.pop();on.delete(w);c.push(w)}while(w!==v); if(c.length>1) sccs.push(c);} }
for(const v of graph.keys()) if(!I.has(v)) sc(v);
for(const c of sccs) console.log('CYCLE', c.length, c.map(x=>relative(root,x)).join(' '));
// folder-level edges
const folder = (f)=>{const r=relative(join(root,scope),f).split('/'); return r.length>1? r[0]+(r[0]==='core'&&r.length>2?'/'+r[1]:''):'(top)'};
const fe=new Map();
for(const [f,ds] of graph) for(const d of ds){const a=folder(f),b=folder(d); if(a!==b){const k=a+' -> '+b; fe.set(k,(fe.get(k)??[]).concat(relative(root,f)+'=>'+relative(root,d)));}}
for(const [k,v] of [...fe].sort()) console.log(k, v.length, process.env.V? v.join(', '):'');
