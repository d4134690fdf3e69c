import { checkHost, forbiddenRange, guardedLookup } from './webhook-address-guard';

describe('forbiddenRange', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['[::ffff:10.0.0.1]', 'private'],
    ['10.1.2.3', 'private'],
    ['172.16.0.9', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['fe80::1', 'linkLocal'],
    ['fd00:ec2::254', 'uniqueLocal'],
    ['100.100.100.200', 'carrierGradeNat'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['64:ff9b::7f00:1', 'rfc6052'],
    ['2002:7f00:1::', '6to4'],
    ['255.255.255.255', 'broadcast'],
  ])('refuses %s (%s)', (address, range) => {
    expect(forbiddenRange(address)).toBe(range);
  });

  it.each(['93.184.215.14', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('lets %s through', (address) => {
    expect(forbiddenRange(address)).toBeNull();
  });
});

describe('checkHost', () => {
  const resolver = (addresses: string[]) => async () => addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

  it('refuses a name when any of its addresses is internal', async () => {
    await expect(checkHost('mixed.example', false, resolver(['93.184.215.14', '10.0.0.5']))).rejects.toThrow('mixed.example resolves to 10.0.0.5, which is a private address');
    await expect(checkHost('mixed.example', true, resolver(['93.184.215.14', '10.0.0.5']))).resolves.toHaveLength(2);
    await expect(checkHost('public.example', false, resolver(['93.184.215.14']))).resolves.toEqual([{ address: '93.184.215.14', family: 4 }]);
  });

  it('never resolves an address literal', async () => {
    const resolve = jest.fn();
    await expect(checkHost('[::ffff:169.254.169.254]', false, resolve)).rejects.toThrow('linkLocal');
    expect(resolve).not.toHaveBeenCalled();
  });
});

describe('guardedLookup', () => {
  const lookup = (addresses: string[], allowPrivate = false) => guardedLookup(allowPrivate, async () => addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));
  const call = (fn: ReturnType<typeof lookup>, options: { all?: boolean; family?: number }) =>
    new Promise<{ error: NodeJS.ErrnoException | null; address: unknown; family?: number }>((resolve) => fn('hook.example', options, (error, address, family) => resolve({ error, address, family })));

  it('answers as net.connect asks, one address or all', async () => {
    expect(await call(lookup(['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c']), {})).toEqual({ error: null, address: '93.184.215.14', family: 4 });
    expect((await call(lookup(['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c']), { all: true })).address).toHaveLength(2);
    expect(await call(lookup(['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c']), { family: 6 })).toMatchObject({ address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 });
  });

  it('fails the connection when the name now points inside', async () => {
    const { error } = await call(lookup(['127.0.0.1']), { all: true });
    expect(error).toMatchObject({ code: 'EWEBHOOKADDRESS', message: expect.stringContaining('loopback') });
  });
});
