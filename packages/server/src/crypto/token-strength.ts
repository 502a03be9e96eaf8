/**
 * A conservative estimate of the entropy of a secret someone chose (the admin token): its length
 * times the lesser of two per-character figures, the alphabet its character classes span
 * (hexadecimal counts as 16) and the Shannon entropy of its own character frequencies. Repeats,
 * short cycles and words score low; 32 random bytes in hex or base64 score over 200 bits.
 */
export function estimateEntropyBits(secret: string): number {
  if (secret.length === 0) return 0;
  return secret.length * Math.min(Math.log2(alphabetSize(secret)), shannonBitsPerCharacter(secret));
}

function alphabetSize(secret: string): number {
  if (/^[0-9]+$/.test(secret)) return 10;
  if (/^[0-9a-f]+$/.test(secret) || /^[0-9A-F]+$/.test(secret)) return 16;
  let size = 0;
  if (/[a-z]/.test(secret)) size += 26;
  if (/[A-Z]/.test(secret)) size += 26;
  if (/[0-9]/.test(secret)) size += 10;
  if (/[^a-zA-Z0-9]/.test(secret)) size += 33;
  return size;
}

function shannonBitsPerCharacter(secret: string): number {
  const counts = new Map<string, number>();
  for (const char of secret) counts.set(char, (counts.get(char) ?? 0) + 1);
  const total = [...secret].length;
  let bits = 0;
  for (const count of counts.values()) bits -= (count / total) * Math.log2(count / total);
  return bits;
}
