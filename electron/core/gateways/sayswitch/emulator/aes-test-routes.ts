/**
 * The documents' AES test endpoints (fact sheet §7): `POST /api/s2s/aes-encrypt` and
 * `/api/s2s/aes-decrypt`, keyed by the `key` and `iv` headers.
 */
import type { EmulatorRequest, EmulatorResponse, EmulatorRoute } from '../../types.ts';
import { merchantCipher, type MerchantCipher } from './payload-cipher.ts';
import { isJsonObject, jsonOf } from './request-reading.ts';
import { plainError, type SayswitchRouteKit } from './route-kit.ts';

export function createAesTestRoutes(kit: SayswitchRouteKit): EmulatorRoute[] {
  const { authenticate } = kit;

  function aesKeyFromHeaders(request: EmulatorRequest): MerchantCipher | null {
    return merchantCipher(request.headers['key'] ?? '', request.headers['iv'] ?? '');
  }

  function aesEncrypt(request: EmulatorRequest): EmulatorResponse {
    const auth = authenticate(request);
    if (!auth.ok) return auth.response;
    const key = aesKeyFromHeaders(request);
    if (key === null) return plainError(400, 'Invalid key or iv', 'key must be 32 bytes and iv at least 16 characters');
    const json = jsonOf(request.rawBody);
    if (json === undefined) return plainError(400, 'The body must be JSON');
    return { status: 200, body: { status: true, message: 'Encrypted successfully', data: key.encrypt(JSON.stringify(json)) } };
  }

  function aesDecrypt(request: EmulatorRequest): EmulatorResponse {
    const auth = authenticate(request);
    if (!auth.ok) return auth.response;
    const key = aesKeyFromHeaders(request);
    if (key === null) return plainError(400, 'Invalid key or iv', 'key must be 32 bytes and iv at least 16 characters');
    const json = jsonOf(request.rawBody);
    const ciphertext = isJsonObject(json) ? json['encrypted_data'] : undefined;
    if (typeof ciphertext !== 'string') return plainError(400, 'Validation error', 'encrypted_data is required');
    const plaintext = key.decrypt(ciphertext);
    if (plaintext === null) return plainError(400, 'Unable to decrypt payload', 'Check the key and IV');
    return { status: 200, body: { status: true, message: 'Decrypted successfully', data: jsonOf(plaintext) ?? plaintext } };
  }

  return [
    { method: 'POST', path: '/api/s2s/aes-encrypt', handle: aesEncrypt },
    { method: 'POST', path: '/api/s2s/aes-decrypt', handle: aesDecrypt },
  ];
}
