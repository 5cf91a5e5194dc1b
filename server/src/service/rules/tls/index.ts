import type { EffectiveConfig } from '../../config';
import type { ParsedConfig } from '../../parser/ast';
import type { CertificateInspector } from './certificates';
import { certificateRules } from './certs';
import { clientRules } from './client';
import { roles, TlsContext, TlsFinding } from './model';
import { operationRules } from './operation';
import { orphanRules } from './orphans';
import { passwordRules } from './passwords';
import { cipherRules, protocolRules } from './protocolRules';
import { serverRules } from './server';

/** Every rule of the TLS catalogue, judged on effective values of main.cf and master.cf together. */
export function tlsRules(cfg: EffectiveConfig, main: ParsedConfig | undefined, master: ParsedConfig | undefined, certificates?: CertificateInspector, readTable?: (path: string) => string | undefined): TlsFinding[] {
  const out: TlsFinding[] = [];
  const { servers, clients } = roles(cfg, !!master);
  const ctx: TlsContext = { cfg, main, master, servers, clients, certificates, readTable, report: (f) => out.push(f) };
  serverRules(ctx);
  protocolRules(ctx);
  cipherRules(ctx);
  clientRules(ctx);
  operationRules(ctx);
  certificateRules(ctx);
  passwordRules(ctx);
  orphanRules(ctx);
  return out;
}
