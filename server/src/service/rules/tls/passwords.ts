import { allDefs, whereDef } from './protocolRules';
import { emit, opaqueDef, TlsContext } from './model';

const PASSWORD_MAPS = /^(smtp|lmtp)_sasl_password_maps$/;

/**
 * `static:user:secret` or `inline:{ relay = user:secret }` puts the relay password into main.cf or
 * master.cf, which every local user may read (both are world-readable, and `postconf` prints them).
 */
export function passwordRules(ctx: TlsContext): void {
  for (const def of allDefs(ctx)) {
    if (!PASSWORD_MAPS.test(def.name) || opaqueDef(ctx.cfg, def)) continue;
    for (const t of tables(def.value)) {
      const m = /^static:(.+)$/is.exec(t.text) ?? /^inline:\{(.*)\}$/is.exec(t.text);
      if (!m) continue;
      const secret = t.text.startsWith('static:') ? /[^:\s]+:\S/.test(m[1]) : /=\s*[^\s,}]+:[^\s,}]/.test(m[1]);
      if (!secret) continue;
      emit(ctx, {
        rule: 'sasl-password-inline',
        at: { file: def.origin, range: def.valueRange },
        message: `${def.name} (${whereDef(ctx, def)}) holds a password in the configuration itself (${t.text.slice(0, t.text.indexOf(':'))}:): ${def.origin}.cf is readable by every local user and \`postconf\` prints it to anyone. Keep credentials in a table only root can read, e.g. hash:/etc/postfix/sasl_passwd with mode 0600.`,
      });
    }
  }
}

/** The lookup tables of a list value; `inline:{ … }` stays one item even with blanks and commas inside. */
function tables(value: string): Array<{ text: string }> {
  const out: Array<{ text: string }> = [];
  let i = 0;
  while (i < value.length) {
    while (i < value.length && /[\s,]/.test(value[i])) i++;
    const start = i;
    let depth = 0;
    while (i < value.length && (depth > 0 || !/[\s,]/.test(value[i]))) {
      if (value[i] === '{') depth++;
      else if (value[i] === '}') depth = Math.max(0, depth - 1);
      i++;
    }
    if (i > start) out.push({ text: value.slice(start, i) });
  }
  return out;
}
