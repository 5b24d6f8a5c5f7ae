/** An inline image taken out of a `data:` URL. */
export interface DataUrlImage {
  mediaType: string;
  /** The bytes, base64-encoded. */
  data: string;
}

/** True when the URL uses the `data:` scheme (in any letter case). */
export function isDataUrl(url: string): boolean {
  return /^data:/i.test(url);
}

/**
 * Decodes a `data:[<media type>][;base64],<data>` URL (RFC 2397) into base64 bytes and a media
 * type. Returns undefined when the URL is malformed, so callers can refuse it with their own error.
 */
export function parseDataUrl(url: string): DataUrlImage | undefined {
  if (!isDataUrl(url)) return undefined;
  const comma = url.indexOf(',');
  if (comma === -1) return undefined;
  const meta = url.slice(5, comma).split(';').map((part) => part.trim());
  const payload = url.slice(comma + 1);
  const isBase64 = meta.length > 1 && meta[meta.length - 1]?.toLowerCase() === 'base64';
  const mediaType = (meta[0] ?? '').toLowerCase();
  if (mediaType === '') return undefined;
  if (isBase64) {
    const data = payload.replace(/\s+/g, '');
    if (data === '' || !/^[A-Za-z0-9+/]*={0,2}$/.test(data)) return undefined;
    return { mediaType, data };
  }
  return { mediaType, data: percentDecode(payload).toString('base64') };
}

/** Percent-decodes to bytes, not text, so binary payloads (`%FF`) survive. */
function percentDecode(text: string): Buffer {
  const source = Buffer.from(text, 'utf8');
  const bytes = Buffer.alloc(source.length);
  let length = 0;
  for (let index = 0; index < source.length; index++) {
    const byte = source[index] ?? 0;
    const hex = byte === 0x25 ? source.toString('latin1', index + 1, index + 3) : '';
    if (/^[0-9a-fA-F]{2}$/.test(hex)) {
      bytes[length++] = Number.parseInt(hex, 16);
      index += 2;
    } else {
      bytes[length++] = byte;
    }
  }
  return bytes.subarray(0, length);
}
