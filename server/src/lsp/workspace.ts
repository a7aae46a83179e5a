/**
 * What the server knows about open documents: their parse, their diagnostics, the config and the
 * web root that apply, and the git base (the document and the files its cfg lines load, at HEAD)
 * for check-serial-unchanged and cfg-serial-unchanged. Analyses are cached per document version
 * and per workspace generation (bumped when a config or a loaded file changes).
 */
import { execFile } from "node:child_process";
import { dirname, relative, sep } from "node:path";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { LIMITS, overLimit, parse, type ParseResult, type Script } from "@upscript/grammar";
import {
  documentContext,
  editDocumentBy,
  lint,
  lintDocument,
  openDocument,
  updateDocument,
  type Diagnostic,
  type DocumentContext,
  type IncrementalDocument,
  type OffsetEdit,
  type Resolver,
  type ScriptRole,
} from "@upscript/language";
import { ConfigCache, type LoadedConfig } from "../node/config-files.js";
import { baseFile, baseLocation, gitAsync, pathInRepo } from "../node/git-base.js";
import { declaresWebRoot, fsResolver } from "../node/web-root.js";
import { CfgIndex } from "./cfg-index.js";
import { fsPathOf } from "./convert.js";

export interface Analysis {
  readonly version: number;
  readonly generation: number;
  readonly parsed: ParseResult;
  /** The incremental document `parsed` comes from; the next version's is brought up to date from it. */
  readonly doc: IncrementalDocument;
  readonly loaded: LoadedConfig;
  readonly resolve: Resolver;
  readonly context: DocumentContext;
  /** Beyond the size or line limits: not parsed. */
  readonly limited: boolean;
  diagnostics?: Diagnostic[];
  /** The version whose cfg lines the index holds. */
  indexedVersion?: number;
}

export class Workspace {
  /** Workspace folders (set on initialize): config discovery stops at them; `log` tells of ignored config files. */
  folders: readonly string[] = [];
  log: (message: string) => void = () => {};
  readonly configs = new ConfigCache(undefined, { stopAt: () => this.folders, warn: (message) => this.log(`upscript: ${message}`) });
  readonly index = new CfgIndex(this.configs);
  /** Bumped whenever something outside a document changes what its analysis says. */
  generation = 0;
  private readonly analyses = new Map<string, Analysis>();
  /** fsPath → text at git HEAD (null: not in git); filled asynchronously. */
  private readonly bases = new Map<string, string | null>();
  /** fsPath → the git base's parse, made once per base text (not per keystroke). */
  private readonly baseTrees = new Map<string, { readonly text: string; readonly tree: Script }>();
  /**
   * Web root files at git HEAD (cfg targets, for cfg-serial-unchanged), by path; read in the
   * background when a document's lint first asks, and dropped when no open document uses them.
   */
  private readonly baseTargets = new Map<string, BaseTarget>();
  /** uri → how to re-check it (from refreshBase), for when a base target has been read. */
  private readonly rechecks = new Map<string, () => void>();

  constructor(
    private readonly open: (uri: string) => TextDocument | undefined,
    /** The client's edits from one version of a document to another, when known (edit-log.ts). */
    private readonly edits: (uri: string, from: number, to: number) => readonly OffsetEdit[] | undefined = () => undefined,
  ) {}

  /**
   * fsPath → the URIs of the open documents with that path (usually one), kept by `opened` and
   * `closed`: every cfg lookup asks for the overlay, so finding it must not walk all documents.
   */
  private readonly openByPath = new Map<string, Set<string>>();

  /** The text of an open document with this file path, so unsaved edits count for cfg targets. */
  overlay = (fsPath: string): string | undefined => {
    for (const uri of this.openByPath.get(fsPath) ?? []) {
      const doc = this.open(uri);
      if (doc) return doc.getText();
    }
    return undefined;
  };

  /** Whether an editor has this file open (its text then comes from the editor, not the disk). */
  isOpen(fsPath: string): boolean {
    return this.openByPath.has(fsPath);
  }

  opened(uri: string): void {
    const fsPath = fsPathOf(uri);
    if (!fsPath) return;
    const uris = this.openByPath.get(fsPath);
    if (uris) uris.add(uri);
    else this.openByPath.set(fsPath, new Set([uri]));
  }

  closed(uri: string): void {
    const fsPath = fsPathOf(uri);
    const uris = fsPath ? this.openByPath.get(fsPath) : undefined;
    if (!uris) return;
    uris.delete(uri);
    if (uris.size === 0) this.openByPath.delete(fsPath!);
  }

  invalidate(): void {
    this.generation++;
    this.index.retarget();
  }

  /** Other documents' diagnostics may depend on this one (a cfg target): recheck them, keep their parse. */
  invalidateOthers(uri: string): void {
    for (const [other, analysis] of this.analyses) if (other !== uri) analysis.diagnostics = undefined;
  }

  forget(uri: string): void {
    this.analyses.delete(uri);
    const fsPath = fsPathOf(uri);
    if (fsPath && !this.openByPath.has(fsPath)) this.baseTrees.delete(fsPath);
    this.rechecks.delete(uri);
    for (const [path, target] of this.baseTargets) {
      target.users.delete(uri);
      if (target.users.size === 0) this.baseTargets.delete(path);
    }
  }

  analysis(uri: string): Analysis | undefined {
    const open = this.open(uri);
    if (!open) return undefined;
    const docVersion = open.version;
    const cached = this.analyses.get(uri);
    if (cached && cached.version === docVersion && cached.generation === this.generation) return cached;
    const text = open.getText();
    const fsPath = fsPathOf(uri);
    const loaded = this.configs.forScript(fsPath ?? `${process.cwd()}${sep}untitled.upscript`);
    const resolve = fsResolver(loaded, this.overlay);
    // The previous version's document is brought up to date: only the lines the edit touched are
    // read again. A tree within the line limit has no more line ends than that, so the text is
    // counted only when the tree is longer (the count was a quarter of a keystroke's check).
    const next = cached && !cached.limited && text.length <= LIMITS.maxTextLength ? this.nextDocument(uri, cached, docVersion, text) : undefined;
    // A script beyond the limits is not parsed: its only diagnostic says which limit it hit.
    const limited = next && next.parsed.tree.lines.length <= LIMITS.maxLines ? false : overLimit(text) !== undefined;
    const doc = limited ? openDocument("") : (next ?? openDocument(text));
    const parsed = doc.parsed;
    const context = documentContext(text, { config: loaded.config, ...(fsPath && { fileName: fsPath }), resolve, parsed });
    const analysis: Analysis = { version: docVersion, generation: this.generation, parsed, doc, loaded, resolve, context, limited };
    this.analyses.set(uri, analysis);
    return analysis;
  }

  /** The incremental document of `docVersion`, from the one of the cached analysis: by the client's edits when they are known. */
  private nextDocument(uri: string, cached: Analysis, docVersion: number, text: string): IncrementalDocument {
    const edits = cached.version === docVersion ? undefined : this.edits(uri, cached.version, docVersion);
    return edits ? editDocumentBy(cached.doc, edits, text) : updateDocument(cached.doc, text);
  }

  /** A cfg target is checked as one: `mod cmd UP0 cfg` must not appear in it. */
  roleOf(uri: string): ScriptRole {
    const fsPath = fsPathOf(uri);
    return fsPath && this.index.scriptsLoading(fsPath).length > 0 ? "cfg-target" : "script";
  }

  diagnostics(uri: string): Diagnostic[] {
    const a = this.analysis(uri);
    if (!a) return [];
    if (!a.diagnostics) {
      const fsPath = fsPathOf(uri);
      const base = fsPath ? this.bases.get(fsPath) : undefined;
      const options = {
        config: a.loaded.config,
        ...(declaresWebRoot(a.loaded) && { resolve: a.resolve }),
        role: this.roleOf(uri),
        ...(fsPath && { fileName: fsPath }),
        ...(typeof base === "string" && { base, baseTree: this.baseTree(fsPath!, base), baseResolve: this.baseResolver(uri, a.loaded) }),
      };
      a.diagnostics = a.limited ? lint(a.context.text, options) : lintDocument(a.doc, options);
    }
    return a.diagnostics;
  }

  private baseTree(fsPath: string, text: string): Script {
    const known = this.baseTrees.get(fsPath);
    if (known && known.text === text) return known.tree;
    const tree = parse(text).tree;
    this.baseTrees.set(fsPath, { text, tree });
    return tree;
  }

  /**
   * The web root as committed at git HEAD, for one document. Answers from what has been read; a
   * file not read yet is read in the background (only paths inside the web root, see locate) and
   * the document is checked again once it is known.
   */
  private baseResolver(uri: string, loaded: LoadedConfig): Resolver {
    return (url) => {
      const where = baseLocation(url, loaded);
      if (!("path" in where)) return where;
      let target = this.baseTargets.get(where.path);
      if (!target) {
        target = { text: undefined, read: false, users: new Set() };
        this.baseTargets.set(where.path, target);
        this.readBaseTarget(where.path, target);
      }
      target.users.add(uri);
      if (!target.read) return { kind: "unreadable", path: where.shown, fsPath: where.fsPath, reason: "not read from git yet" };
      return baseFile(target.text, where.shown, where.fsPath);
    };
  }

  /** Reads a web root file at git HEAD; when its text changed, re-checks the documents that use it. */
  private readBaseTarget(path: string, target: BaseTarget): void {
    const settle = (text: string | undefined | "too-large") => {
      const changed = !target.read || target.text !== text;
      target.read = true;
      target.text = text;
      if (!changed || this.baseTargets.get(path) !== target) return;
      for (const uri of target.users) {
        const analysis = this.analyses.get(uri);
        if (analysis) analysis.diagnostics = undefined;
        this.rechecks.get(uri)?.();
      }
    };
    gitAsync(["rev-parse", "--show-toplevel"], dirname(path), (top) => {
      const root = typeof top === "string" ? top.trim() : undefined;
      const inRepo = root === undefined ? undefined : pathInRepo(root, path);
      if (root === undefined || inRepo === undefined) return settle(undefined);
      gitAsync(["show", `HEAD:${inRepo}`], root, settle);
    });
  }

  /** Reads the file at git HEAD in the background; calls `done` when the base is known. */
  refreshBase(uri: string, done: () => void): void {
    const fsPath = fsPathOf(uri);
    if (!fsPath) return;
    this.rechecks.set(uri, done);
    // HEAD may have moved (a commit): read again the files this document loads.
    for (const [path, target] of this.baseTargets) if (target.users.has(uri)) this.readBaseTarget(path, target);
    execFile("git", ["rev-parse", "--show-toplevel"], { cwd: dirname(fsPath), timeout: 5000 }, (error, top) => {
      if (error) return this.setBase(fsPath, null, done);
      const root = top.trim();
      const inRepo = relative(root, fsPath).split(sep).join("/");
      execFile("git", ["show", `HEAD:${inRepo}`], { cwd: root, timeout: 5000, maxBuffer: 16 * 2 ** 20 }, (showError, text) => {
        this.setBase(fsPath, showError ? null : text, done);
      });
    });
  }

  private setBase(fsPath: string, text: string | null, done: () => void): void {
    const before = this.bases.get(fsPath);
    this.bases.set(fsPath, text);
    // Not known yet and none (no repository, or not in HEAD) lint alike: only a change to or from
    // a base text changes the diagnostics. Checking again after git said "none" was a second lint
    // of every document opened outside a repository, just after its first one.
    if ((before ?? null) === text) return;
    // Only this document's diagnostics depend on its base; keep its parse.
    for (const uri of this.openByPath.get(fsPath) ?? []) {
      const analysis = this.analyses.get(uri);
      if (analysis) analysis.diagnostics = undefined;
    }
    done();
  }
}

interface BaseTarget {
  /** The text at HEAD; undefined when git does not have the file there. */
  text: string | undefined | "too-large";
  /** False until git has answered. */
  read: boolean;
  /** The documents whose lint asked for it. */
  readonly users: Set<string>;
}
