/**
 * Parameter names Postfix derives from master.cf (postconf's service-defined
 * parameters), measured against Debian's postconf 3.7: qmgr limits exist for
 * services run by a delivery agent, `_time_limit` for pipe(8) and spawn(8).
 */
export const QMGR_SUFFIXES = [
  'delivery_slot_cost', 'delivery_slot_discount', 'delivery_slot_loan',
  'destination_concurrency_failed_cohort_limit', 'destination_concurrency_limit',
  'destination_concurrency_negative_feedback', 'destination_concurrency_positive_feedback',
  'destination_rate_delay', 'destination_recipient_limit', 'extra_recipient_limit',
  'initial_destination_concurrency', 'minimum_delivery_slots', 'recipient_limit',
  'recipient_refill_delay', 'recipient_refill_limit', 'transport_rate_delay',
] as const;

export const DELIVERY_AGENTS = new Set(['smtp', 'lmtp', 'local', 'virtual', 'pipe', 'error']);
export const TIME_LIMIT_AGENTS = new Set(['pipe', 'spawn']);

/** Services of the stock master.cf, used when no master.cf is at hand: [name, command]. */
export const DEFAULT_SERVICES: ReadonlyArray<[string, string]> = [
  ['smtp', 'smtp'], ['relay', 'smtp'], ['error', 'error'], ['retry', 'error'], ['local', 'local'],
  ['virtual', 'virtual'], ['lmtp', 'lmtp'], ['maildrop', 'pipe'], ['uucp', 'pipe'], ['ifmail', 'pipe'],
  ['bsmtp', 'pipe'], ['scalemail-backend', 'pipe'], ['mailman', 'pipe'],
];

/** Names a service of this command adds. */
export function serviceParameterNames(service: string, command: string): string[] {
  const out: string[] = [];
  if (DELIVERY_AGENTS.has(command)) for (const s of QMGR_SUFFIXES) out.push(`${service}_${s}`);
  if (TIME_LIMIT_AGENTS.has(command)) out.push(`${service}_time_limit`);
  return out;
}

/** The parameter whose value `<service>_<suffix>` takes by default (postconf -d: `smtp_time_limit = $command_time_limit`). */
export function serviceSuffixBase(suffix: string): string {
  if (suffix === 'time_limit') return 'command_time_limit';
  if (suffix === 'initial_destination_concurrency') return 'initial_destination_concurrency';
  return `default_${suffix}`;
}

const SERVICE_SUFFIXES: readonly string[] = [...QMGR_SUFFIXES, 'time_limit'];
/** The same suffixes with their joining underscore, made once: asked for every name of a configuration. */
const JOINED_SUFFIXES: readonly string[] = SERVICE_SUFFIXES.map((s) => `_${s}`);

/**
 * Every way to read a name as `<service>_<suffix>` for the suffixes a master.cf service can add
 * (`a_extra_recipient_limit` is service `a` + `extra_recipient_limit` or `a_extra` + `recipient_limit`).
 */
export function splitServiceParameter(name: string): Array<{ service: string; suffix: string }> {
  const out: Array<{ service: string; suffix: string }> = [];
  for (let k = 0; k < SERVICE_SUFFIXES.length; k++) {
    const s = SERVICE_SUFFIXES[k];
    if (name.length > s.length + 1 && name.endsWith(JOINED_SUFFIXES[k])) out.push({ service: name.slice(0, -(s.length + 1)), suffix: s });
  }
  return out;
}

/**
 * postconf(5) documents some per-service instances (`smtp_destination_concurrency_limit`,
 * `relay_destination_recipient_limit`, `transport_time_limit`, ...) as if they were parameters of
 * their own, but Postfix knows them only while master.cf has such a service: with an empty
 * master.cf postconf 3.7 calls them "unused parameter". They are told apart from real built-ins
 * such as `local_destination_concurrency_limit` (default 2) by their documented default, which is
 * the service default `$default_<suffix>` (`$command_time_limit`, `$initial_destination_concurrency`).
 */
export function isServiceInstance(name: string, documentedDefault: string | undefined): boolean {
  const d = documentedDefault?.trim();
  // (Every service default is a `$name`: most documented defaults need no look at the name.)
  if (!d?.startsWith('$')) return false;
  return splitServiceParameter(name).some((p) => d === `$${serviceSuffixBase(p.suffix)}`);
}

/** The per-service default: `<service>_x` follows `default_x` (or `command_time_limit`). */
export function serviceParameterBase(name: string, services: ReadonlyMap<string, string>): string | undefined {
  for (const p of splitServiceParameter(name)) {
    const cmd = services.get(p.service);
    if (cmd !== undefined && (p.suffix === 'time_limit' ? TIME_LIMIT_AGENTS.has(cmd) : DELIVERY_AGENTS.has(cmd))) return serviceSuffixBase(p.suffix);
  }
  return undefined;
}
