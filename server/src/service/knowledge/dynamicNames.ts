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

/** The per-service default: `<service>_x` follows `default_x` (or `command_time_limit`). */
export function serviceParameterBase(name: string, services: ReadonlyMap<string, string>): string | undefined {
  if (name.endsWith('_time_limit')) {
    const svc = name.slice(0, -'_time_limit'.length);
    const cmd = services.get(svc);
    if (cmd && TIME_LIMIT_AGENTS.has(cmd)) return 'command_time_limit';
  }
  for (const s of QMGR_SUFFIXES) {
    if (name.endsWith(`_${s}`)) {
      const svc = name.slice(0, -(s.length + 1));
      const cmd = services.get(svc);
      if (cmd && DELIVERY_AGENTS.has(cmd)) return `default_${s}`;
    }
  }
  return undefined;
}
