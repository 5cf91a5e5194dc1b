import type { DocumentLink, Range } from 'vscode-languageserver-types';
import type { EffectiveConfig } from './config';
import type { ParamDef, ParsedConfig } from './parser/ast';
import { rangeAt } from './parser/lines';
import { hasMask } from './parser/logical';
import { findTables, scanReferences, splitList } from './parser/values';
import { TABLE_TYPES } from './knowledge/tableTypes';

export type FileRole = 'chain' | 'certificate' | 'key' | 'ca' | 'file' | 'table';

/** A file named in a value: where it is written and the absolute path it stands for. */
export interface FileCandidate {
  path: string;
  range: Range;
  def: ParamDef;
  role: FileRole;
  /** The lookup table type, for tables (`hash`, `regexp`, ...). */
  table?: string;
}

/** Parameters whose value is a file (or a list of files). */
const FILE_PARAM = /(?:_file|_files|_CAfile)$/;
/** Table types whose name is a file: the indexed ones (`hash:/x` is built from /x into /x.db) and the read-as-text ones. */
const PATH_TABLES: ReadonlySet<string> = new Set(['btree', 'cdb', 'cidr', 'dbm', 'hash', 'lmdb', 'pcre', 'regexp', 'sdbm', 'texthash', 'mysql', 'pgsql', 'ldap', 'sqlite', 'memcache', 'mongodb']);
/** Indexed types: the link goes to the source file, the one postmap reads. */
const INDEXED: Readonly<Record<string, string>> = { hash: '.db', btree: '.db', lmdb: '.lmdb', cdb: '.cdb', dbm: '.dir/.pag', sdbm: '.dir/.pag' };
/** Caches Postfix writes itself: they have no source file to open. */
const CACHE_PARAM = /cache|_verify_map$/;

export function roleOf(name: string): FileRole {
  if (/chain_files$/.test(name)) return 'chain';
  if (/cert_file$/.test(name)) return 'certificate';
  if (/key_file$/.test(name)) return 'key';
  if (/CAfile$/.test(name)) return 'ca';
  return 'file';
}

/** The file system path of the directory of a `file:` URI (config_directory is where main.cf is); undefined for other schemes. */
export function fileDirectory(uri: string | undefined): string | undefined {
  if (!uri?.startsWith('file://')) return undefined;
  let path: string;
  try {
    path = decodeURIComponent(uri.slice('file://'.length).replace(/^[^/]*/, ''));
  } catch {
    return undefined;
  }
  const slash = path.lastIndexOf('/');
  return slash > 0 ? path.slice(0, slash) : undefined;
}

/**
 * The absolute path a written item stands for: `$name` expanded as Postfix would, with
 * `$config_directory` (unless main.cf sets it) the directory main.cf is in.
 */
function resolvePath(text: string, def: ParamDef, cfg: EffectiveConfig, configDir: string | undefined): string | undefined {
  if (hasMask(text)) return undefined;
  let path = text;
  if (path.includes('$')) {
    if (configDir && cfg.raw('config_directory', def.service).source.kind !== 'main' && cfg.raw('config_directory', def.service).source.kind !== 'master') {
      path = path.replace(/\$(?:\{config_directory\}|\(config_directory\)|config_directory(?![A-Za-z0-9_]))/g, () => configDir.replace(/\$/g, '$$$$'));
    }
    if (path.includes('$')) {
      // A name that is undefined, or whose value only the host knows, leaves no usable path.
      const refs = scanReferences(path).refs;
      if (refs.some((r) => !cfg.isDefinedOrKnown(r.name, def.service))) return undefined;
      const e = cfg.expand(path, def.service);
      if (e.via.some((n) => cfg.raw(n, def.service).source.kind === 'unknown')) return undefined;
      if (e.problem) return undefined;
      path = e.text;
    }
  }
  if (!path.startsWith('/') || /[\s$]/.test(path) || path.length > 4096) return undefined;
  return path;
}

/** Tables in `text` (at `base` in the value), looking through proxy: and into unionmap:{...} / pipemap:{...}. */
function tables(text: string, base: number, visit: (type: string, name: string, start: number, end: number) => void, depth = 0): void {
  for (const t of findTables(text, TABLE_TYPES)) {
    let type = t.type;
    let name = t.name;
    let start = base + t.typeEnd + 1;
    // proxy:mysql:/etc/postfix/x.cf is the mysql: table, read through proxymap.
    let m: RegExpExecArray | null;
    while (type === 'proxy' && (m = /^([a-z][a-z0-9_]*):/.exec(name)) && TABLE_TYPES.has(m[1])) {
      type = m[1];
      name = name.slice(m[0].length);
      start += m[0].length;
    }
    if ((type === 'unionmap' || type === 'pipemap') && name.startsWith('{') && name.endsWith('}') && depth < 8) {
      tables(name.slice(1, -1), start + 1, visit, depth + 1);
      continue;
    }
    visit(type, name, start, base + t.end);
  }
}

/** The files the values of one document name: certificate, key and CA files, and lookup table sources. */
export function fileCandidates(parsed: ParsedConfig, cfg: EffectiveConfig, configDir?: string, onLine?: number): FileCandidate[] {
  const out: FileCandidate[] = [];
  for (const def of parsed.defs) {
    if (onLine !== undefined && (onLine < def.range.start.line || onLine > def.range.end.line)) continue;
    if (hasMask(def.name) || CACHE_PARAM.test(def.name)) continue;
    const at = (start: number, end: number) => rangeAt(def.logical, def.valueOffset + start, def.valueOffset + end);
    let sawTable = false;
    tables(def.value, 0, (type, name, start, end) => {
      sawTable = true;
      if (!PATH_TABLES.has(type)) return;
      const path = resolvePath(name, def, cfg, configDir);
      if (path) out.push({ path, range: at(start, end), def, role: 'table', table: type });
    });
    if (sawTable || !FILE_PARAM.test(def.name)) continue;
    const role = roleOf(def.name);
    for (const item of splitList(def.value)) {
      const path = resolvePath(item.text, def, cfg, configDir);
      if (path) out.push({ path, range: at(item.start, item.end), def, role });
    }
  }
  return out;
}

/** The URI of an absolute path beside a document: same scheme and authority (a remote workspace stays remote). */
export function uriOfPath(path: string, besideUri: string | undefined): string {
  const m = besideUri ? /^([a-z][a-z0-9+.-]*:\/\/[^/]*)\//i.exec(besideUri) : null;
  const prefix = m && !/^untitled:/i.test(m[1]) ? m[1] : 'file://';
  return prefix + path.split('/').map((p) => encodeURIComponent(p)).join('/');
}

/** Candidate links (the server keeps only those that exist, where it may look). */
export function findDocumentLinks(parsed: ParsedConfig, cfg: EffectiveConfig, docUri: string, mainUri: string | undefined): DocumentLink[] {
  return fileCandidates(parsed, cfg, fileDirectory(mainUri ?? docUri)).map((c) => ({
    range: c.range,
    target: uriOfPath(c.path, docUri),
    tooltip: c.table && INDEXED[c.table]
      ? `Open ${c.path}, the source of this ${c.table}: table (postmap builds ${c.path}${INDEXED[c.table].startsWith('.dir') ? '.dir and .pag' : INDEXED[c.table]} from it)`
      : `Open ${c.path}`,
  }));
}
