/**
 * Whether a `content-type` names JSON the gateway can read: `application/json`, with no charset
 * or with UTF-8 (RFC 8259 allows no other). Anything else is refused with 415 rather than guessed
 * at, so a form post or a text body is never half-understood.
 */
export function isJsonContentType(value: string | undefined): boolean {
  if (value === undefined) return false;
  const [mediaType = '', ...parameters] = value.split(';');
  if (mediaType.trim().toLowerCase() !== 'application/json') return false;
  for (const parameter of parameters) {
    const [name = '', parameterValue = ''] = parameter.split('=');
    if (name.trim().toLowerCase() !== 'charset') continue;
    const charset = parameterValue.trim().replace(/^"(.*)"$/, '$1').toLowerCase();
    if (charset !== 'utf-8' && charset !== 'utf8') return false;
  }
  return true;
}
