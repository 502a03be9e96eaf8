// The user API key flow from the App Services docs, with realm-web unchanged but for baseUrl.
// Start Latchkey first (npm start at the repository root), then: npm start --workspace @latchkey/example-realm-web-api-keys
import * as Realm from 'realm-web';

const baseUrl = process.env.LATCHKEY_URL ?? 'http://127.0.0.1:8080';
const appId = process.env.LATCHKEY_APP_ID ?? 'demo';
const email = process.env.EXAMPLE_EMAIL ?? `example-${Date.now()}@example.com`;
const password = 'correct horse battery staple';

const app = new Realm.App({ id: appId, baseUrl });
await app.emailPasswordAuth.registerUser({ email, password });
const user = await app.logIn(Realm.Credentials.emailPassword(email, password));

// Create a key: its secret is returned once, now, and never again.
const { _id, key, name } = await user.apiKeys.create('my-script');
console.log(`created key "${name}" (${_id}); secret starts ${key.slice(0, 8)}…`);

// A script or device logs in with the key alone, as the same user.
const device = await new Realm.App({ id: appId, baseUrl }).logIn(Realm.Credentials.apiKey(key));
console.log(`logged in with the key as ${device.id} (same user: ${device.id === user.id})`);

// List, disable, enable and delete, exactly as in the App Services docs.
console.log('keys:', await user.apiKeys.fetchAll());
await user.apiKeys.disable(_id);
try {
  await new Realm.App({ id: appId, baseUrl }).logIn(Realm.Credentials.apiKey(key));
} catch (error) {
  console.log(`a disabled key cannot log in: ${error.statusCode} ${error.errorCode}`);
}
await user.apiKeys.enable(_id);
await user.apiKeys.delete(_id);
console.log('deleted; keys now:', await user.apiKeys.fetchAll());
