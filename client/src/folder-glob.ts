/**
 * The folder patterns of the `upscript.scriptFolders` setting: `*` within a folder name, `**`
 * across folders, everything else literal; a pattern matches its folder and every folder below
 * it. The setting can come from a workspace's `.vscode/settings.json`, so the pattern is matched
 * by walking the path once with the set of pattern positions it may have reached (no regex, no
 * backtracking): time grows with the path length times the pattern length, never exponentially,
 * however many stars the pattern holds. No `vscode` import, so tests can load it.
 */

/** A token: a character code, or one of these. */
const STAR = -1; // `*`: any characters but `/`
const GLOBSTAR = -2; // `**`: any characters

function tokens(pattern: string): number[] {
  let end = pattern.length;
  while (end > 0 && pattern.charCodeAt(end - 1) === 47 /* / */) end--;
  const out: number[] = [];
  for (let i = 0; i < end; i++) {
    const code = pattern.charCodeAt(i);
    if (code !== 42 /* * */) out.push(code);
    else if (pattern.charCodeAt(i + 1) === 42) {
      out.push(GLOBSTAR);
      i++;
    } else out.push(STAR);
  }
  return out;
}

/** `.` in the regex this replaces stopped at line ends; kept for identical answers. */
function isLineEnd(code: number): boolean {
  return code === 10 || code === 13 || code === 0x2028 || code === 0x2029;
}

/** Whether the folder `path` (relative, `/`-separated) is `pattern` or lies below it. */
export function folderGlobMatch(pattern: string, path: string): boolean {
  const glob = tokens(pattern);
  const end = glob.length;
  // active[j]: the path read so far can match the first j tokens.
  let active = new Uint8Array(end + 1);
  let next = new Uint8Array(end + 1);
  // A star may match nothing: reaching it also reaches the position after it.
  const close = (set: Uint8Array) => {
    for (let j = 0; j < end; j++) if (set[j] && glob[j]! < 0) set[j + 1] = 1;
  };
  active[0] = 1;
  close(active);
  // A folder below the match: `/` then anything without a line end.
  let lastLineEnd = -1;
  for (let i = path.length - 1; i >= 0 && lastLineEnd < 0; i--) if (isLineEnd(path.charCodeAt(i))) lastLineEnd = i;
  for (let i = 0; i < path.length; i++) {
    const c = path.charCodeAt(i);
    if (c === 47 /* / */ && active[end] && i > lastLineEnd) return true;
    next.fill(0);
    let alive = false;
    for (let j = 0; j < end; j++) {
      if (!active[j]) continue;
      const t = glob[j]!;
      const target = t >= 0 ? (t === c ? j + 1 : -1) : (t === STAR ? c !== 47 : !isLineEnd(c)) ? j : -1;
      if (target >= 0) {
        next[target] = 1;
        alive = true;
      }
    }
    if (!alive) return false;
    close(next);
    [active, next] = [next, active];
  }
  return active[end] === 1;
}
