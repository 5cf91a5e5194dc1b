/**
 * Parameters whose value Postfix takes as written: it never `$`-expands them with the
 * configuration. Some carry `$` macros of their own, which the program that reads the value fills
 * in at run time (`mailbox_command = /usr/bin/procmail -a "$EXTENSION"`, `smtpd_reject_footer =
 * $client_address`, `forward_path = $home/.forward${recipient_delimiter}${extension}`).
 *
 * postconf does not scan these values: a `$name` there is neither an "undefined parameter" nor a
 * use of a user-defined name. Measured with Debian's postconf 3.7.11: every name of `postconf -d`
 * set to an undefined `$reference`; these are the names it did not warn about (process_id,
 * process_name and service_name are read-only and ignored anyway).
 */
export const RAW_PARAMETERS: ReadonlySet<string> = new Set([
  'command_execution_directory',
  'default_rbl_reply',
  'forward_path',
  'luser_relay',
  'mailbox_command',
  'postscreen_expansion_filter',
  'postscreen_reject_footer',
  'smtpd_expansion_filter',
  'smtpd_reject_footer',
  'process_id',
  'process_name',
  'service_name',
]);

export function isRawParameter(name: string): boolean {
  return RAW_PARAMETERS.has(name);
}
