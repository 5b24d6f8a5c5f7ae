import type { ImageSource } from '../../core/types.js';
import { invalidRequest } from '../invalid-request-error.js';

/** The image types both OpenAI and Anthropic accept as input. */
const IMAGE_MEDIA_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

const DATA_URL = /^data:([^;,]+);base64,(.*)$/s;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * An `image_url.url` as a unified image source: a `data:` URL becomes inline base64 bytes (the
 * shape an Anthropic upstream needs), an http(s) URL stays a URL. Anything else (file:, ftp:,
 * a bare path) is refused: the gateway never fetches from schemes a client might aim at its host.
 *
 * https://platform.openai.com/docs/guides/images-vision#giving-a-model-images-as-input
 */
export function imageSourceFromUrl(url: string, param: string): ImageSource {
  if (url.startsWith('data:')) {
    const match = DATA_URL.exec(url);
    const mediaType = match?.[1]?.toLowerCase();
    const data = match?.[2];
    if (mediaType === undefined || data === undefined || data === '') {
      throw invalidRequest(param, `Invalid value for '${param}': a data URL must look like data:image/png;base64,...`);
    }
    if (!IMAGE_MEDIA_TYPES.has(mediaType)) {
      throw invalidRequest(param, `Invalid value for '${param}': image type ${mediaType} is not supported (png, jpeg, gif, webp)`);
    }
    if (!BASE64.test(data)) throw invalidRequest(param, `Invalid value for '${param}': the data URL is not valid base64`);
    return { kind: 'base64', mediaType, data };
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalidRequest(param, `Invalid value for '${param}': not a URL`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw invalidRequest(param, `Invalid value for '${param}': image URLs must be http(s) or data: URLs`);
  }
  return { kind: 'url', url };
}
