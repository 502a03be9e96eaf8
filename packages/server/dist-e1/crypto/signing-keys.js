import { createCipheriv, createDecipheriv, createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, } from 'node:crypto';
export const NO_KEY_ENCRYPTION = { current: null, previous: null };
/** 32 bytes as 64 hex characters or base64 (43–44 characters). */
export function parseKeyEncryptionKey(text) {
    const key = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
    if (key.length !== 32)
        throw new Error('a key-encryption key must be 32 bytes, as 64 hex characters or base64');
    return { id: createHash('sha256').update(key).digest('hex').slice(0, 12), key };
}
function seal(pem, kid, kek) {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', kek.key, iv).setAAD(Buffer.from(kid));
    const ciphertext = Buffer.concat([cipher.update(pem, 'utf8'), cipher.final()]);
    return ['v1', kek.id, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join(':');
}
function openSealed(stored, keks) {
    if (stored.privateKeyPem)
        return stored.privateKeyPem;
    const [version, kekId, iv, tag, ciphertext] = (stored.encryptedPrivateKey ?? '').split(':');
    const kek = [keks.current, keks.previous].find((candidate) => candidate?.id === kekId);
    if (version !== 'v1' || !iv || !tag || !ciphertext)
        throw new Error(`signing key ${stored.kid} is stored in an unknown form`);
    if (!kek) {
        throw new Error(`the signing keys are encrypted with a key-encryption key this server was not given (id ${kekId}): set LATCHKEY_SECRET_KEY to it ` +
            '(or, while rotating it, LATCHKEY_PREVIOUS_SECRET_KEY)');
    }
    const decipher = createDecipheriv('aes-256-gcm', kek.key, Buffer.from(iv, 'base64url')).setAAD(Buffer.from(stored.kid));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
}
/** The stored key as `keks` want it: sealed with the current key-encryption key, or in clear without one. */
function protect(stored, keks) {
    const { privateKeyPem: _clear, encryptedPrivateKey: _sealed, ...rest } = stored;
    const pem = openSealed(stored, keks);
    return keks.current ? { ...rest, encryptedPrivateKey: seal(pem, stored.kid, keks.current) } : { ...rest, privateKeyPem: pem };
}
function isProtectedAsWanted(stored, keks) {
    return keks.current ? stored.encryptedPrivateKey?.split(':')[1] === keks.current.id : stored.privateKeyPem !== undefined;
}
/** The keys re-stored as `keks` want them (encrypted, re-encrypted under a new key-encryption key), or null when they already are. */
export function reprotectSerialisedSigningKeys(serialised, keks) {
    const stored = readStored(serialised);
    if (stored.every((key) => isProtectedAsWanted(key, keks)))
        return null;
    return JSON.stringify(stored.map((key) => protect(key, keks)));
}
function newStoredKey(now, keks) {
    const { privateKey } = generateKeyPairSync('ed25519');
    const fresh = {
        kid: randomBytes(8).toString('hex'),
        privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
        createdAt: new Date(now).toISOString(),
    };
    return protect(fresh, keks);
}
function readStored(serialised) {
    const stored = JSON.parse(serialised);
    if (!Array.isArray(stored) || stored.length === 0)
        throw new Error('the stored signing keys are empty');
    return stored;
}
/** A fresh key, serialised for storage as a one-key list. */
export function newSerialisedSigningKeys(now, keks = NO_KEY_ENCRYPTION) {
    return JSON.stringify([newStoredKey(now, keks)]);
}
/** A new key in front (it signs from now on); the others retire, and keep verifying until pruned. */
export function rotateSerialisedSigningKeys(serialised, now, keks = NO_KEY_ENCRYPTION) {
    const retired = readStored(serialised).map((key) => ({ ...key, retiredAt: key.retiredAt ?? new Date(now).toISOString() }));
    return JSON.stringify([newStoredKey(now, keks), ...retired]);
}
/** Without the keys retired before `before` (the signing key always stays), and how many went; null when none is. */
export function pruneSerialisedSigningKeys(serialised, before) {
    const stored = readStored(serialised);
    const kept = stored.filter((key, index) => index === 0 || !key.retiredAt || Date.parse(key.retiredAt) >= before);
    return kept.length === stored.length ? null : { serialised: JSON.stringify(kept), dropped: stored.length - kept.length };
}
/** The first key signs; any others still verify, so keys can be rotated. */
export function parseSigningKeys(serialised, keks = NO_KEY_ENCRYPTION) {
    return readStored(serialised).map((key) => {
        const privateKey = createPrivateKey(openSealed(key, keks));
        return {
            kid: key.kid,
            privateKey,
            publicKey: createPublicKey(privateKey),
            createdAt: Date.parse(key.createdAt) || 0,
            retiredAt: key.retiredAt ? Date.parse(key.retiredAt) : null,
        };
    });
}
/** The public half of the keys as a JSON Web Key Set. */
export function toJwks(keys) {
    return {
        keys: keys.map((key) => ({ ...key.publicKey.export({ format: 'jwk' }), kid: key.kid, use: 'sig', alg: 'EdDSA' })),
    };
}
//# sourceMappingURL=signing-keys.js.map