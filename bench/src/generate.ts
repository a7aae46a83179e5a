/** Deterministic generators of realistic update scripts for the benchmarks. */

/** A small seeded PRNG (mulberry32) so every run measures the same text. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const templates: ((r: () => number) => string)[] = [
  (r) => `# site ${Math.floor(r() * 90) + 10}: phones of building ${String.fromCharCode(65 + Math.floor(r() * 6))}`,
  () => "",
  () => "mod cmd UP1 times /allow 23,0,1,2,3,4 /initial 6",
  (r) => `mod cmd UP1 check ser 2026-11-${String(Math.floor(r() * 28) + 1).padStart(2, "0")}`,
  (r) => `mod cmd UP0 prot http://10.0.${Math.floor(r() * 250)}.5/firmware/ ireset 13-${138000 + Math.floor(r() * 999)}`,
  (r) => `mod cmd UP0 boot http://10.0.0.5/firmware/boot232.bin ireboot ${200 + Math.floor(r() * 20)}`,
  (r) => `mod cmd UP0 cfg http://10.0.0.5/cfg/site-${Math.floor(r() * 40)}.txt ser CFG-${Math.floor(r() * 100)}`,
  () => "mod cmd UP0 scfg http://10.0.0.5/backup/#h-#bn.txt no-op WEEKLY /force 168",
  (r) => `config change PHONE SIG /prot SIP /gk-addr 10.0.0.${Math.floor(r() * 250)} /h323 ${1000 + Math.floor(r() * 9000)}`,
  () => "config activate",
  () => "iresetn",
];

/** A script of at least `bytes` characters made of realistic lines, LF line ends. */
export function generateScript(bytes: number, seed = 42): string {
  const r = random(seed);
  const lines: string[] = [];
  let size = 0;
  while (size < bytes) {
    const line = templates[Math.floor(r() * templates.length)]!(r);
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join("\n") + "\n";
}

/** A script of exactly `count` lines. */
export function generateLines(count: number, seed = 42): string {
  const r = random(seed);
  const lines: string[] = [];
  for (let i = 0; i < count; i++) lines.push(templates[Math.floor(r() * templates.length)]!(r));
  return lines.join("\n") + "\n";
}
