import type { Connection } from 'vscode-languageserver';
import type { LanguageSettings } from '../service/languageService';
import { checkSettings } from '../clientAdapt';
import { SETTINGS_SECTION } from '../shared/commands';
import type { ClientCapabilities, ServerEnvironment } from './context';

export interface Settings {
  settingsFor(uri: string): Promise<LanguageSettings>;
  /** settingsFor(uri) would ask the client now (workspace/configuration): nothing asked for this document yet. */
  willAsk(uri: string): boolean;
  globalSettings(): LanguageSettings;
  /** The client's settings changed: forget what was asked and checked (pushed settings come along). */
  changed(pushed: unknown): void;
  /** A document closed: its settings are asked again when it opens. */
  forget(uri: string): void;
}

/**
 * The settings of each document: pulled per URI (workspace/configuration) when the client can,
 * else the ones it pushed; checked field by field; with the installed Postfix release as the
 * target where postfix.targetVersion is not set (trusted workspaces only).
 */
export function createSettings(connection: Connection, caps: ClientCapabilities, env: ServerEnvironment, trusted: () => boolean): Settings {
  const cache = new Map<string, Promise<LanguageSettings>>();
  let global: LanguageSettings = {};
  /** Asked once per postconf path. */
  const installed = new Map<string, string | undefined>();
  const withInstalled = (s: LanguageSettings): LanguageSettings => {
    if (!trusted() || !env.installedVersion || (typeof s.targetVersion === 'string' && s.targetVersion.trim() !== '')) return s;
    const path = typeof s.postconfPath === 'string' ? s.postconfPath : '';
    if (!installed.has(path)) installed.set(path, env.installedVersion(path || undefined));
    const v = installed.get(path);
    return v ? { ...s, installedVersion: v } : s;
  };
  /** Fields of the wrong type are ignored, with one warning per field (until the settings change). */
  const warned = new Set<string>();
  const checked = (raw: unknown): LanguageSettings => {
    const { settings, problems } = checkSettings(raw);
    for (const p of problems) {
      if (warned.has(p)) continue;
      warned.add(p);
      connection.console.warn(p);
    }
    return settings;
  };
  return {
    settingsFor(uri) {
      if (!caps.pullConfig) return Promise.resolve(withInstalled(global));
      let s = cache.get(uri);
      if (!s) {
        s = connection.workspace.getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION }).then((v) => withInstalled(checked(v)), () => withInstalled({}));
        cache.set(uri, s);
      }
      return s;
    },
    willAsk: (uri) => caps.pullConfig && !cache.has(uri),
    globalSettings: () => global,
    changed(pushed) {
      cache.clear();
      installed.clear();
      warned.clear();
      if (!caps.pullConfig) global = checked((pushed as Record<string, unknown> | null)?.[SETTINGS_SECTION]);
    },
    forget(uri) {
      cache.delete(uri);
    },
  };
}
