/**
 * Shape of our own hover documentation (docs/*.json). The facts (type, default,
 * first version, deprecation) come from parameters.json; these files hold only
 * prose we wrote ourselves.
 */
export interface ParamDoc {
  /** One sentence: what the parameter is for. */
  summary: string;
  /** Markdown: what it controls and how Postfix behaves with it. */
  body?: string;
  /** Accepted values (or value forms) and what each means. */
  values?: Array<[value: string, meaning: string]>;
  /** What the default means in practice (the default itself comes from the facts). */
  defaultNote?: string;
  /** Security advice, where it matters. */
  security?: string;
  /** Related parameter names. */
  related?: string[];
  /**
   * Family variant: the text of the base entry named here is reused. Parameter
   * names of the base family in that text are rewritten to this variant's family
   * (smtp_tls_X -> lmtp_tls_X, smtpd_tls_X -> postscreen_tls_X, ...) and `{role}`
   * is replaced by this entry's role.
   */
  family?: string;
  /** Who uses the parameter, e.g. "the Postfix LMTP client"; fills `{role}`. */
  role?: string;
  /** Variant-specific paragraph added after the shared text. */
  note?: string;
}

export type ParamDocFile = Record<string, ParamDoc>;
