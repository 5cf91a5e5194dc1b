import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TableReader } from './service/tables/tableDocuments';

const MAX_TABLE_BYTES = 20 * 1024 * 1024;

function readSmall(file: string): string | undefined {
  try {
    const st = statSync(file);
    if (!st.isFile() || st.size > MAX_TABLE_BYTES) return undefined;
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * The source of a table main.cf names: the file of that name beside main.cf first (a configuration
 * repository keeps its tables there, and on the mail host it is the same file), else the path as
 * written. Relative paths and other schemes are not read.
 */
export const nodeTableReader: TableReader = {
  read(path, mainUri) {
    const name = path.slice(path.lastIndexOf('/') + 1);
    if (mainUri?.startsWith('file:') && name) {
      let beside: string | undefined;
      try {
        beside = join(dirname(fileURLToPath(mainUri)), name);
      } catch {
        beside = undefined;
      }
      const text = beside && readSmall(beside);
      if (text !== undefined) return text;
    }
    return path.startsWith('/') ? readSmall(path) : undefined;
  },
};
