import { describeDef, emit, TlsContext } from './model';

/**
 * An indented `-o` left under a commented-out service continues the last active entry: master(8)
 * skips comment lines when it joins continuation lines. So `#smtps inet …` with its `-o
 * smtpd_tls_wrappermode=yes` still below makes the service above speak implicit TLS.
 */
export function orphanRules(ctx: TlsContext): void {
  const commented = ctx.master?.commentedServices ?? [];
  if (!commented.length || !ctx.master) return;
  for (const svc of ctx.master.services) {
    const inside = commented.filter((l) => l > svc.range.start.line && l < svc.logical.endLine);
    if (!inside.length) continue;
    for (const o of svc.overrides) {
      const lost = inside.filter((l) => l < o.range.start.line).pop();
      if (lost === undefined) continue;
      const wrapper = o.name === 'smtpd_tls_wrappermode' && /^yes$/i.test(o.value.trim()) && !/(^|:)(smtps|submissions|465)$/.test(svc.name.text);
      emit(ctx, {
        rule: 'orphaned-override',
        at: { file: 'master', range: o.range },
        message: `-o ${o.name}=${o.value} (${describeDef(o)}) sits under the commented-out service on line ${lost + 1}, but Postfix joins indented lines to the last active entry: it applies to ${svc.key} (line ${svc.range.start.line + 1})${wrapper ? ', which now speaks implicit TLS where clients expect STARTTLS' : ''}. Comment it out together with its service.`,
      }, `orphan:${svc.key}`);
    }
  }
}
