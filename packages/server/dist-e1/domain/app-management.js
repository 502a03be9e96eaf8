import { newObjectId } from '../crypto/ids.js';
import { DEFAULT_APP_SETTINGS, mergeAppSettings } from './apps.js';
import { generateSecret } from '../crypto/key-format.js';
import { LatchkeyError } from './errors.js';
const capabilitiesOf = (deps) => ({ mail: deps.mail !== null });
export async function findAppOrFail(deps, clientAppId) {
    const app = await deps.apps.findByClientAppId(clientAppId);
    if (!app)
        throw new LatchkeyError('AppNotFound', 'no app has that client app id');
    return app;
}
export async function appOfSession(deps, session) {
    const app = await deps.apps.findById(session.appId);
    // Apps are never deleted while sessions reference them (the foreign key cascades).
    if (!app)
        throw new LatchkeyError('InvalidSession');
    return app;
}
export async function createApp(deps, input, origin) {
    const app = {
        id: newObjectId(deps.clock.now()),
        clientAppId: input.clientAppId,
        name: input.name ?? input.clientAppId,
        settings: mergeAppSettings(DEFAULT_APP_SETTINGS, input.settings ?? {}, capabilitiesOf(deps)),
        webhookSecret: null,
        createdAt: deps.clock.now(),
    };
    if ((await deps.store.insertApp(app)) === 'duplicate')
        throw new LatchkeyError('AppAlreadyExists');
    deps.apps.remember(app);
    deps.audit.record(app.id, 'app.created', origin, { detail: { client_app_id: app.clientAppId } });
    return app;
}
export async function updateAppSettings(deps, clientAppId, update, origin) {
    const app = await findAppOrFail(deps, clientAppId);
    const settings = mergeAppSettings(app.settings, update, capabilitiesOf(deps), app.webhookSecret !== null);
    await deps.store.updateAppSettings(app.id, settings);
    const updated = { ...app, settings };
    deps.apps.remember(updated);
    deps.audit.record(app.id, 'app.settings_changed', origin, { detail: { changed: Object.keys(update) } });
    return updated;
}
/** Deletes the app with everything in it; its events go too (they belong to it). */
export async function deleteApp(deps, clientAppId) {
    const app = await findAppOrFail(deps, clientAppId);
    if (!(await deps.store.deleteApp(app.id)))
        throw new LatchkeyError('AppNotFound');
    deps.apps.forget(app);
    return app;
}
/** Makes (or replaces) the app's webhook secret; the answer is the only time it is shown. */
export async function rotateWebhookSecret(deps, clientAppId, origin) {
    const app = await findAppOrFail(deps, clientAppId);
    const secret = generateSecret('webhook-secret');
    await deps.store.setWebhookSecret(app.id, secret);
    deps.apps.remember({ ...app, webhookSecret: secret });
    deps.audit.record(app.id, 'app.webhook_secret_rotated', origin);
    return secret;
}
//# sourceMappingURL=app-management.js.map