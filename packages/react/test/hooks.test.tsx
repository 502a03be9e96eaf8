import { createHmac } from 'node:crypto';
import { type LatchkeyError, MemoryStorage } from '@latchkey/client';
import { act, cleanup, render, renderHook, screen, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFaultyProxy, type FaultyProxy } from '../../client/test/faulty-proxy.js';
import { UNUSED_KEY_FIELDS, startServer, type RunningServer } from '../../client/test/server.js';
import { startSmtp, tokenIn, type TestSmtp } from '../../server/test/smtp.js';
import { AppProvider, UserProvider, useApiKeys, useAuth, useCurrentUser, useEmailPasswordAuth, useUser } from '../src/index.js';

/** The hooks in jsdom, against the real server over HTTP. */
let server: RunningServer;
let proxied: RunningServer;
let proxy: FaultyProxy;
let smtp: TestSmtp;
beforeAll(async () => {
  smtp = await startSmtp();
  server = await startServer({ LATCHKEY_SMTP_URL: smtp.url });
  let target = '';
  proxy = await startFaultyProxy(() => target);
  proxied = await startServer({ LATCHKEY_PUBLIC_URL: proxy.url });
  target = proxied.url;
});
afterAll(async () => {
  await server.stop();
  await smtp.close();
  await proxy.close();
  await proxied.stop();
});
afterEach(cleanup);

let emails = 0;
const credentials = () => ({ email: `react-${++emails}-${Date.now()}@example.com`, password: 'react-password' });

async function providers(through: 'direct' | 'proxy' = 'direct') {
  const appId = await (through === 'proxy' ? proxied : server).createApp();
  const storage = new MemoryStorage();
  const baseUrl = through === 'proxy' ? proxy.url : server.url;
  const wrapper = ({ children }: { children?: ReactNode }) => (
    <AppProvider id={appId} baseUrl={baseUrl} storage={storage}>
      {children}
    </AppProvider>
  );
  return { appId, storage, wrapper };
}

async function signedInWithKeys(through: 'direct' | 'proxy') {
  const { wrapper, appId } = await providers(through);
  const details = credentials();
  const login = renderHook(() => useEmailPasswordAuth(), { wrapper });
  await act(() => login.result.current.register(details));
  await act(() => login.result.current.logIn(details));
  const keysWrapper = ({ children }: { children?: ReactNode }) => wrapper({ children: <UserProvider>{children}</UserProvider> });
  return { appId, keysWrapper };
}

function WhoAmI() {
  const user = useUser();
  return <p>signed in as {String(user.profile.email)}</p>;
}

describe('providers', () => {
  it('UserProvider shows its fallback until someone logs in, and again after logging out', async () => {
    const { wrapper: Wrapper } = await providers();
    const details = credentials();
    let controls: ReturnType<typeof useEmailPasswordAuth> | undefined;
    function Controls() {
      controls = useEmailPasswordAuth();
      return null;
    }
    render(
      <Wrapper>
        <Controls />
        <UserProvider fallback={<p>please sign in</p>}>
          <WhoAmI />
        </UserProvider>
      </Wrapper>,
    );
    expect(screen.getByText('please sign in')).toBeTruthy();
    await act(() => controls!.register(details));
    await act(() => controls!.logIn(details));
    expect(await screen.findByText(`signed in as ${details.email}`)).toBeTruthy();
    await act(() => controls!.logOut());
    expect(await screen.findByText('please sign in')).toBeTruthy();
  });

  it('re-renders the current user on login and logout through useAuth', async () => {
    const { wrapper } = await providers();
    const details = credentials();
    const hook = renderHook(() => ({ auth: useAuth(), password: useEmailPasswordAuth(), user: useCurrentUser() }), { wrapper });
    expect(hook.result.current.user).toBeNull();
    await act(() => hook.result.current.password.register(details));
    await act(() => hook.result.current.auth.logInWithEmailPassword(details));
    expect(hook.result.current.user?.profile.email).toBe(details.email);
    expect(hook.result.current.auth.result.state).toBe('success');
    await act(() => hook.result.current.auth.logOut());
    expect(hook.result.current.user).toBeNull();
  });

  it("logs in with a JWT from the app's own identity system through useAuth", async () => {
    const secret = 'a-shared-secret-of-at-least-32-characters';
    const appId = await server.createApp({ customJwt: { algorithm: 'HS256', keys: [secret] }, providers: ['custom-token'] });
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub: 'okta|react', aud: appId, exp: Math.floor(Date.now() / 1000) + 600 })}`;
    const token = `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
    const wrapper = ({ children }: { children?: ReactNode }) => (
      <AppProvider id={appId} baseUrl={server.url} storage={new MemoryStorage()}>
        {children}
      </AppProvider>
    );
    const hook = renderHook(() => ({ auth: useAuth(), user: useCurrentUser() }), { wrapper });
    await act(() => hook.result.current.auth.logInWithJWT(token));
    expect(hook.result.current.user?.identities).toEqual([{ id: 'okta|react', providerType: 'custom-token' }]);
  });

  it('reports a failed login in result, with the server code', async () => {
    const { wrapper } = await providers();
    const hook = renderHook(() => useAuth(), { wrapper });
    await act(async () => {
      await hook.result.current.logInWithEmailPassword({ email: 'nobody@example.com', password: 'wrong-password' }).catch(() => undefined);
    });
    expect(hook.result.current.result.state).toBe('error');
    expect((hook.result.current.result.error as LatchkeyError).errorCode).toBe('InvalidPassword');
  });
});

describe('useApiKeys', () => {
  it('keeps the list current through create, disable, enable and remove, and shows the secret only once', async () => {
    const { wrapper } = await providers();
    const details = credentials();
    const login = renderHook(() => useEmailPasswordAuth(), { wrapper });
    await act(() => login.result.current.register(details));
    await act(() => login.result.current.logIn(details));

    const keysWrapper = ({ children }: { children?: ReactNode }) => wrapper({ children: <UserProvider>{children}</UserProvider> });
    const hook = renderHook(() => useApiKeys(), { wrapper: keysWrapper });
    await waitFor(() => expect(hook.result.current.loading).toBe(false));
    expect(hook.result.current.keys).toEqual([]);

    let created: { _id: string; key: string } | undefined;
    await act(async () => {
      created = await hook.result.current.create('laptop');
    });
    expect(created!.key).toMatch(/^lku_/);
    expect(hook.result.current.keys).toEqual([
      {
        _id: created!._id,
        name: 'laptop',
        disabled: false,
        ...UNUSED_KEY_FIELDS,
      },
    ]);
    expect(JSON.stringify(hook.result.current.keys)).not.toContain(created!.key);

    await act(() => hook.result.current.disable(created!._id));
    expect(hook.result.current.keys[0]!.disabled).toBe(true);
    await act(() => hook.result.current.enable(created!._id));
    expect(hook.result.current.keys[0]!.disabled).toBe(false);
    await act(() => hook.result.current.remove(created!._id));
    expect(hook.result.current.keys).toEqual([]);

    await act(async () => {
      await hook.result.current.create('bad name!').catch(() => undefined);
    });
    expect(hook.result.current.result.state).toBe('error');
    expect((hook.result.current.result.error as LatchkeyError).errorCode).toBe('InvalidParameter');
  });
});

describe('re-rendering and identity', () => {
  it('useCurrentUser and useUser re-render when the same user gets new tokens or custom data', async () => {
    const { wrapper: Wrapper, appId } = await providers();
    const details = credentials();
    let controls: ReturnType<typeof useEmailPasswordAuth> | undefined;
    let current: ReturnType<typeof useCurrentUser> = null;
    let renders = 0;
    function Probe() {
      controls = useEmailPasswordAuth();
      current = useCurrentUser();
      return null;
    }
    function Plan() {
      const user = useUser();
      renders++;
      return <p>plan: {typeof user.customData.plan === 'string' ? user.customData.plan : 'none'}</p>;
    }
    render(
      <Wrapper>
        <Probe />
        <UserProvider>
          <Plan />
        </UserProvider>
      </Wrapper>,
    );
    await act(() => controls!.register(details));
    await act(() => controls!.logIn(details));
    expect(await screen.findByText('plan: none')).toBeTruthy();
    const user = current!;
    expect(await server.admin('PUT', `/apps/${appId}/users/${user.id}/custom_data`, { plan: 'pro' })).toBe(204);
    const before = renders;
    await act(() => user.refreshCustomData());
    expect(await screen.findByText('plan: pro')).toBeTruthy();
    expect(renders).toBeGreaterThan(before);
  });

  it('hands out the same functions on every render', async () => {
    const { wrapper } = await providers();
    const auth = renderHook(() => useAuth(), { wrapper });
    const password = renderHook(() => useEmailPasswordAuth(), { wrapper });
    const [logIn, register] = [auth.result.current.logIn, password.result.current.register];
    auth.rerender();
    password.rerender();
    expect(auth.result.current.logIn).toBe(logIn);
    expect(password.result.current.register).toBe(register);
  });
});

describe('useApiKeys when the server fails', () => {
  it('reports a failed first load in error instead of showing an empty list as "no keys"', async () => {
    const { keysWrapper } = await signedInWithKeys('proxy');
    proxy.failNext('GET', '/api/client/v2.0/auth/api_keys');
    const hook = renderHook(() => useApiKeys(), { wrapper: keysWrapper });
    await waitFor(() => expect(hook.result.current.loading).toBe(false));
    expect((hook.result.current.error as LatchkeyError | null)?.errorCode).toBe('ServiceUnavailable');
    await act(() => hook.result.current.refresh());
    expect(hook.result.current.error).toBeNull();
    expect(hook.result.current.keys).toEqual([]);
  });

  it("never loses a new key's secret when reloading the list after creating it fails", async () => {
    const { keysWrapper } = await signedInWithKeys('proxy');
    const hook = renderHook(() => useApiKeys(), { wrapper: keysWrapper });
    await waitFor(() => expect(hook.result.current.loading).toBe(false));
    proxy.failNext('GET', '/api/client/v2.0/auth/api_keys');
    let created: { _id: string; key: string } | undefined;
    await act(async () => {
      created = await hook.result.current.create('laptop');
    });
    expect(created!.key).toMatch(/^lku_/);
    expect(hook.result.current.keys).toEqual([
      {
        _id: created!._id,
        name: 'laptop',
        disabled: false,
        ...UNUSED_KEY_FIELDS,
      },
    ]);
    expect((hook.result.current.error as LatchkeyError | null)?.errorCode).toBe('ServiceUnavailable');
  });
});

describe('useEmailPasswordAuth', () => {
  it('resets a forgotten password from the mailed link', async () => {
    const appId = await server.createApp({ resetPasswordUrl: 'https://todo.example.com/reset' });
    const wrapper = ({ children }: { children?: ReactNode }) => (
      <AppProvider id={appId} baseUrl={server.url} storage={new MemoryStorage()}>
        {children}
      </AppProvider>
    );
    const details = credentials();
    const hook = renderHook(() => useEmailPasswordAuth(), { wrapper });
    await act(() => hook.result.current.register(details));
    await act(() => hook.result.current.sendResetPasswordEmail({ email: details.email }));
    const link = tokenIn(await smtp.nextMailTo(details.email));
    await act(() => hook.result.current.resetPassword({ ...link, password: 'a-brand-new-password' }));
    expect(hook.result.current.result.state).toBe('success');
    await act(() => hook.result.current.logIn({ email: details.email, password: 'a-brand-new-password' }));
    expect(hook.result.current.result.state).toBe('success');
  });
});
