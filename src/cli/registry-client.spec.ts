import { CliError } from './cli-error';
import { RegistryClient, RegistryHttpError, registryTarget } from './registry-client';

describe('registryTarget', () => {
  it('takes --registry, then CHARTER_URL, then SCHEMA_REGISTRY_URL (the first of a list), then charter.yaml', () => {
    const env = { CHARTER_URL: 'http://charter:1/', SCHEMA_REGISTRY_URL: 'http://sr:2,http://sr:3' };
    expect(registryTarget(env, 'http://flag:0', 'http://file:4').url).toBe('http://flag:0');
    expect(registryTarget(env, undefined, 'http://file:4').url).toBe('http://charter:1');
    expect(registryTarget({ SCHEMA_REGISTRY_URL: env.SCHEMA_REGISTRY_URL }, undefined, 'http://file:4').url).toBe('http://sr:2');
    expect(registryTarget({}, undefined, 'http://file:4/base/').url).toBe('http://file:4/base');
  });

  it('reads a bearer token or Basic credentials from the environment, or from the URL', () => {
    expect(registryTarget({ CHARTER_TOKEN: 't0k' }, 'http://r', undefined).auth).toEqual({ kind: 'bearer', token: 't0k' });
    expect(registryTarget({ CHARTER_USERNAME: 'ci', CHARTER_PASSWORD: 'p:w' }, 'http://r', undefined).auth).toEqual({
      kind: 'basic',
      username: 'ci',
      password: 'p:w',
    });
    const fromUrl = registryTarget({}, 'https://ci:s%40cret@registry.example/', undefined);
    expect(fromUrl).toEqual({ url: 'https://registry.example', auth: { kind: 'basic', username: 'ci', password: 's@cret' } });
  });

  it.each([
    [{}, undefined, 'no registry to talk to'],
    [{ CHARTER_URL: 'ftp://x' }, undefined, 'must be http:// or https://'],
    [{ CHARTER_URL: 'not a url' }, undefined, 'is not a URL'],
    [{ CHARTER_URL: 'http://r', CHARTER_TOKEN: 't', CHARTER_USERNAME: 'u', CHARTER_PASSWORD: 'p' }, undefined, 'not both'],
    [{ CHARTER_URL: 'http://r', CHARTER_USERNAME: 'u' }, undefined, 'go together'],
  ])('refuses %j', (env, flag, message) => {
    expect(() => registryTarget(env, flag, undefined)).toThrow(CliError);
    expect(() => registryTarget(env, flag, undefined)).toThrow(message);
  });
});

describe('RegistryClient', () => {
  const answer = (status: number, body: unknown) =>
    jest.fn(async () => new Response(typeof body === 'string' ? body : JSON.stringify(body), { status })) as unknown as typeof fetch;

  it('sends the credentials and the registry media type', async () => {
    const fetchImpl = answer(200, { is_compatible: true });
    const sut = new RegistryClient({ url: 'http://r', auth: { kind: 'basic', username: 'u', password: 'p' } }, fetchImpl);
    await sut.checkCompatibility('a/b', { schema: '"int"', schemaType: 'AVRO', references: [] }, { latestOnly: true });
    const [url, init] = (fetchImpl as unknown as jest.Mock).mock.calls[0];
    expect(url).toBe('http://r/compatibility/subjects/a%2Fb/versions/latest?verbose=true');
    expect(init.headers).toMatchObject({ authorization: `Basic ${Buffer.from('u:p').toString('base64')}`, 'content-type': 'application/vnd.schemaregistry.v1+json' });
    expect(JSON.parse(init.body)).toEqual({ schema: '"int"' });
  });

  it('turns error answers into RegistryHttpError with the error code, and refused credentials into exit-2 errors', async () => {
    const sut = new RegistryClient({ url: 'http://r' }, answer(422, { error_code: 42201, message: 'Invalid schema' }));
    await expect(sut.version('s', 1)).rejects.toMatchObject({ status: 422, errorCode: 42201, detail: 'Invalid schema' });
    await expect(sut.version('s', 1)).rejects.toBeInstanceOf(RegistryHttpError);
    const refused = new RegistryClient({ url: 'http://r' }, answer(401, { error_code: 401, message: 'Unauthorized' }));
    await expect(refused.versions('s')).rejects.toMatchObject({ kind: 'registry', message: expect.stringContaining('set CHARTER_TOKEN') });
  });

  it('reads a missing subject as no versions and no match', async () => {
    const sut = new RegistryClient({ url: 'http://r' }, answer(404, { error_code: 40401, message: 'Subject not found' }));
    await expect(sut.versions('s')).resolves.toEqual([]);
    await expect(sut.lookup('s', { schema: '"int"', schemaType: 'AVRO', references: [] })).resolves.toBeUndefined();
  });

  it('reports an unreachable registry as a connection error', async () => {
    const fetchImpl = jest.fn(async () => {
      throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    }) as unknown as typeof fetch;
    const sut = new RegistryClient({ url: 'http://127.0.0.1:9' }, fetchImpl);
    await expect(sut.versions('s')).rejects.toMatchObject({ kind: 'connection', message: expect.stringContaining('ECONNREFUSED') });
  });
});
