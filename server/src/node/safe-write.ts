/**
 * Rewriting a script that upscript read earlier (`lint --fix`, `fmt --write`) without surprising
 * anyone who shares it: the new content goes to a temporary file beside the real file and then
 * takes its place, and the rewrite is refused rather than done half-right when the file is a
 * symbolic link leading out of the project, is hard-linked, has setuid/setgid/sticky bits, cannot
 * keep its owner, or changed since it was read. See docs/security.md, "Rewriting files safely".
 */
import { createHash, randomBytes } from "node:crypto";
import {
  accessSync,
  closeSync,
  constants,
  fchmodSync,
  fchownSync,
  fstatSync,
  fsyncSync,
  lstatSync,
  openSync,
  readdirSync,
  realpathSync,
  renameSync,
  unlinkSync,
  write,
  writeSync,
} from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { promisify } from "node:util";
import { readBounded, type FileIdentity } from "./bounded-read.js";
import { describeFsError } from "./fs-errors.js";

/** What was read: the file's identity then, and the sha256 (hex) of its raw bytes. */
export interface FileSnapshot {
  readonly identity: FileIdentity;
  readonly sha256: string;
}

export interface RewriteOptions {
  /** The file as it was read; the rewrite is refused if what is on disk differs from it. */
  readonly snapshot: FileSnapshot;
  /** The project's folders: a file (after following symbolic links) must be inside one of them. */
  readonly roots: readonly string[];
}

export type WriteResult = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/**
 * For tests only: called at fixed points of a rewrite so a test can act there (edit the file,
 * kill the process) without racing a timer. Never set in production.
 */
export const testHooks: {
  afterFirstChunk?: (temp: string) => unknown;
  beforeReplace?: (path: string) => unknown;
} = {};

export function contentHash(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Replaces the content of `path` (or of the file its symbolic links lead to) with `content`. */
export async function rewriteFile(path: string, content: string, options: RewriteOptions): Promise<WriteResult> {
  let real: string;
  try {
    real = realpathSync(path);
  } catch (error) {
    return { ok: false, reason: describeFsError(error) };
  }
  const refusal = outsideProject(path, real, options.roots) ?? unsafeToReplace(real, options.snapshot.identity);
  if (refusal) return { ok: false, reason: refusal };
  removeStaleTemps(dirname(real), basename(real));
  return replace(real, Buffer.from(content, "utf8"), options.snapshot);
}

/** Writes a new file (a report) atomically, replacing whatever has that name. */
export function writeNewFile(path: string, content: string): WriteResult {
  removeStaleTemps(dirname(resolve(path)), basename(path));
  const temp = tempPath(path);
  try {
    const fd = openSync(temp, "wx", 0o644);
    try {
      writeSync(fd, content);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
    return { ok: true };
  } catch (error) {
    removeQuietly(temp);
    return { ok: false, reason: describeFsError(error) };
  }
}

/** A new file (a report) written piece by piece: see openNewFile. */
export interface NewFileWriter {
  /** Appends text; after a failure, nothing more is written and `commit` says why. */
  write(text: string): void;
  /** Puts the file in place (synced, renamed over whatever has that name), or says why it cannot. */
  commit(): Promise<WriteResult>;
  /** Removes what was written; the file named is left as it was. */
  abort(): Promise<void>;
}

/** Buffered up to this many bytes between writes to the temporary file. */
const PIECE_BYTES = 64 * 1024;

/**
 * Writes a new file (a report) atomically as writeNewFile does, but in pieces: they go to a
 * temporary file beside `path` as they come, which takes the name of `path` at `commit`. Until
 * then `path` is untouched, and a signal removes the temporary file.
 */
export function openNewFile(path: string): NewFileWriter {
  removeStaleTemps(dirname(resolve(path)), basename(path));
  const temp = tempPath(path);
  let fd: number | undefined;
  let failure: string | undefined;
  let pending: string[] = [];
  let pendingBytes = 0;
  try {
    fd = openSync(temp, "wx", 0o644);
    guard(temp);
  } catch (error) {
    failure = describeFsError(error);
  }
  const flush = () => {
    if (fd === undefined || failure !== undefined || pendingBytes === 0) return;
    try {
      writeSync(fd, pending.join(""));
    } catch (error) {
      failure = describeFsError(error);
    }
    pending = [];
    pendingBytes = 0;
  };
  /** Closes the temporary file and, unless it took the name of `path`, removes it. */
  const finish = async (keep: boolean) => {
    if (fd === undefined) return;
    const opened = fd;
    fd = undefined;
    if (!keep) closeQuietly(opened);
    else {
      try {
        fsyncSync(opened);
        closeSync(opened);
        renameSync(temp, path);
      } catch (error) {
        closeQuietly(opened);
        failure = describeFsError(error);
      }
    }
    if (!keep || failure !== undefined) removeQuietly(temp);
    await unguard(temp);
  };
  return {
    write(text) {
      if (failure !== undefined || !text) return;
      pending.push(text);
      pendingBytes += text.length;
      if (pendingBytes >= PIECE_BYTES) flush();
    },
    async commit() {
      flush();
      await finish(failure === undefined);
      return failure === undefined ? { ok: true } : { ok: false, reason: failure };
    },
    async abort() {
      await finish(false);
    },
  };
}

// ---- where the file is -------------------------------------------------------------------------

/** Why `real` (what `path` leads to) is outside every root, or undefined when it is inside one. */
function outsideProject(path: string, real: string, roots: readonly string[]): string | undefined {
  const allowed = [...new Set(roots.map(realRoot))];
  if (allowed.some((root) => isInside(real, root))) return undefined;
  const project = `outside the project (${allowed.map((root) => `'${root}'`).join(", ")})`;
  let link = false;
  try {
    link = lstatSync(path).isSymbolicLink();
  } catch {
    // realpath just succeeded; if the name vanished since, the wording below is still true.
  }
  return link ? `it is a symbolic link to '${real}', ${project}` : `its real path '${real}' is ${project}`;
}

/** Roots are compared by real path too, so a project reached through a link (/tmp on macOS) still matches. */
function realRoot(root: string): string {
  try {
    return realpathSync(root);
  } catch {
    return resolve(root);
  }
}

function isInside(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel !== "" && rel !== ".." && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

// ---- what the file is --------------------------------------------------------------------------

/** Why the file must not be replaced at all, judged on what was read (checked again before replacing). */
function unsafeToReplace(real: string, identity: FileIdentity): string | undefined {
  // A new file never gets these bits, and silently dropping them would change what the file does.
  const special = identity.mode & 0o7000;
  if (special) return `it has the ${specialBits(special)} bit set (mode ${(identity.mode & 0o7777).toString(8)}); upscript does not rewrite such files`;
  // Other names of the same file may lie anywhere on the disk, also outside the project: writing
  // in place would change them unchecked, and replacing the file would split them from it.
  if (identity.nlink > 1) return `it has ${identity.nlink} hard links (other names for the same file, possibly outside the project); upscript does not rewrite hard-linked files`;
  if ((identity.mode & 0o222) === 0) return "the file is read-only";
  try {
    accessSync(real, constants.W_OK);
  } catch (error) {
    return describeFsError(error);
  }
  return undefined;
}

function specialBits(bits: number): string {
  const names = [bits & 0o4000 && "setuid", bits & 0o2000 && "setgid", bits & 0o1000 && "sticky"].filter(Boolean);
  return names.join(" and ");
}

// ---- replacing it ------------------------------------------------------------------------------

const CHUNK_BYTES = 1 << 20;
const writeAsync = promisify(write);

/** Writes `bytes` to a temporary file beside `real` and renames it over `real` if nothing changed. */
async function replace(real: string, bytes: Buffer, snapshot: FileSnapshot): Promise<WriteResult> {
  const temp = tempPath(real);
  let fd: number | undefined;
  try {
    // 0o600 until owner and mode are set: nobody else may read it in between.
    fd = openSync(temp, "wx", 0o600);
  } catch (error) {
    return { ok: false, reason: describeFsError(error) };
  }
  guard(temp);
  try {
    matchOwnerAndMode(fd, snapshot.identity);
    await writeAll(fd, bytes, temp);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    await testHooks.beforeReplace?.(real);
    // Last look, as late as possible: an edit made while upscript worked must not be lost.
    if (changedSince(real, snapshot)) {
      removeQuietly(temp);
      return { ok: false, reason: "it changed on disk while upscript was working on it (run upscript again)" };
    }
    renameSync(temp, real);
    return { ok: true };
  } catch (error) {
    if (fd !== undefined) closeQuietly(fd);
    removeQuietly(temp);
    return { ok: false, reason: error instanceof OwnerError ? error.message : describeFsError(error) };
  } finally {
    await unguard(temp);
  }
}

class OwnerError extends Error {}

/**
 * Gives the temporary file the original's owner, group and permission bits (never setuid, setgid
 * or sticky). Only root may give a file to another user, and only a member to a group: when that
 * fails, the rewrite is refused rather than the ownership changed.
 */
function matchOwnerAndMode(fd: number, identity: FileIdentity): void {
  const now = fstatSync(fd);
  if (now.uid !== identity.uid || now.gid !== identity.gid) {
    try {
      fchownSync(fd, identity.uid, identity.gid);
    } catch {
      const self = process.getuid ? ` (running as uid ${process.getuid()})` : "";
      throw new OwnerError(`it belongs to uid ${identity.uid} and gid ${identity.gid}, which upscript${self} cannot give to a rewritten file`);
    }
  }
  // After chown, which may clear permission bits; fchmod is not affected by the umask.
  fchmodSync(fd, identity.mode & 0o777);
}

/** Writes in chunks, yielding between them so a signal can be handled (and the temp removed). */
async function writeAll(fd: number, bytes: Buffer, temp: string): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    const { bytesWritten } = await writeAsync(fd, bytes, offset, Math.min(CHUNK_BYTES, bytes.length - offset), null);
    if (offset === 0) await testHooks.afterFirstChunk?.(temp);
    offset += bytesWritten;
  }
}

/** Whether the file on disk is no longer the one read: identity, size, mtime or content differ. */
function changedSince(real: string, snapshot: FileSnapshot): boolean {
  const was = snapshot.identity;
  // At most one byte more than was read: a file that grew has changed, however large it is now.
  const now = readBounded(real, was.size);
  if (!now.ok) return true;
  let link;
  try {
    link = lstatSync(real);
  } catch {
    return true;
  }
  if (link.dev !== was.dev || link.ino !== was.ino) return true;
  const keys = ["dev", "ino", "size", "mtimeMs", "mode", "uid", "gid", "nlink"] as const;
  if (keys.some((key) => now.identity[key] !== was[key])) return true;
  return contentHash(now.bytes) !== snapshot.sha256;
}

// ---- temporary files ---------------------------------------------------------------------------

const TEMP_SUFFIX = ".upscript-tmp";
/** `.NAME.<8 hex>.upscript-tmp`; long names are cut so the temporary name stays within 255 bytes. */
const tempPrefix = (name: string) => `.${name.slice(0, 200)}.`;
const TEMP_TAIL = /^[0-9a-f]{8}\.upscript-tmp$/;

function tempPath(path: string): string {
  return join(dirname(path), `${tempPrefix(basename(path))}${randomBytes(4).toString("hex")}${TEMP_SUFFIX}`);
}

/** A temporary file younger than this may belong to an upscript still running. */
export const STALE_TEMP_MS = 60_000;
/** Temporary names seen per folder: each folder is listed once per run, not once per file. */
const tempsByFolder = new Map<string, string[]>();

/** Removes temporary files a killed run left beside `name`: old enough, ours, and regular files. */
function removeStaleTemps(folder: string, name: string): void {
  let temps = tempsByFolder.get(folder);
  if (!temps) {
    try {
      temps = readdirSync(folder).filter((entry) => entry.startsWith(".") && entry.endsWith(TEMP_SUFFIX));
    } catch {
      temps = [];
    }
    tempsByFolder.set(folder, temps);
  }
  const prefix = tempPrefix(name);
  const uid = process.getuid?.();
  for (const entry of temps) {
    if (!entry.startsWith(prefix) || !TEMP_TAIL.test(entry.slice(prefix.length))) continue;
    const path = join(folder, entry);
    try {
      const stat = lstatSync(path);
      if (stat.isFile() && (uid === undefined || stat.uid === uid) && Date.now() - stat.mtimeMs > STALE_TEMP_MS) unlinkSync(path);
    } catch {
      // Gone already, or not ours to remove.
    }
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Never created, or already removed.
  }
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // Closing is best effort once the write failed.
  }
}

// ---- signals -----------------------------------------------------------------------------------

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
/** Temporary files being written now; a signal removes them before the process ends. */
const inProgress = new Set<string>();

/**
 * Handlers exist only while a write is in progress: a handler defers the signal to the event
 * loop, which would keep a long synchronous check from being interrupted by Ctrl-C.
 */
function guard(temp: string): void {
  if (inProgress.size === 0) for (const signal of SIGNALS) process.on(signal, onSignal);
  inProgress.add(temp);
}

async function unguard(temp: string): Promise<void> {
  // A signal caught during the last synchronous steps is dispatched on a later turn of the event
  // loop; removing the handler before that would lose it, so let two turns pass first.
  await nextTurn();
  await nextTurn();
  if (!inProgress.delete(temp) || inProgress.size > 0) return;
  for (const signal of SIGNALS) process.removeListener(signal, onSignal);
}

const nextTurn = () => new Promise<void>((done) => setImmediate(done));

function onSignal(signal: NodeJS.Signals): void {
  for (const temp of inProgress) removeQuietly(temp);
  inProgress.clear();
  for (const s of SIGNALS) process.removeListener(s, onSignal);
  // With our handlers gone the default action applies again: raise the signal once more so the
  // process ends as the sender meant (exit status "killed by SIGTERM"), unless someone else listens.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}
