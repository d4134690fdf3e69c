import ipaddr from 'ipaddr.js';
import { LookupAddress, lookup as dnsLookup } from 'node:dns';
import { isIP } from 'node:net';

/** Why an address may not receive webhooks, or null when it is an ordinary public unicast address. */
export function forbiddenRange(address: string): string | null {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    // process() turns an IPv4-mapped IPv6 address (::ffff:127.0.0.1) into the IPv4 address it carries.
    parsed = ipaddr.process(address.replace(/^\[|\]$/g, '').replace(/%.*$/, ''));
  } catch {
    return 'not an IP address';
  }
  const range = parsed.range();
  // Everything but public unicast is refused: loopback, private, link-local (169.254.169.254, the
  // cloud metadata service), unique-local (fd00:ec2::254), carrier-grade NAT (100.100.100.200),
  // multicast, reserved, and the translation ranges that embed an IPv4 address (NAT64, 6to4, Teredo).
  return range === 'unicast' ? null : range;
}

export class WebhookAddressError extends Error {
  readonly code = 'EWEBHOOKADDRESS';
}

export interface ResolvedAddress {
  address: string;
  family: number;
}

export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = (hostname) =>
  new Promise((resolve, reject) => dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))));

/** Refuses the host unless every address it stands for is public (or private ones are allowed). */
export async function checkHost(hostname: string, allowPrivate: boolean, resolve: Resolver = systemResolver): Promise<ResolvedAddress[]> {
  const bare = hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(bare) ? [{ address: bare, family: isIP(bare) }] : await resolve(bare);
  if (addresses.length === 0) throw new WebhookAddressError(`${hostname} resolves to no address`);
  if (!allowPrivate) {
    for (const { address } of addresses) {
      const range = forbiddenRange(address);
      if (range) throw new WebhookAddressError(`${hostname} ${address === bare ? 'is' : `resolves to ${address}, which is`} a ${range} address; webhooks go to public addresses only (WEBHOOK_ALLOW_PRIVATE=true lifts this)`);
    }
  }
  return addresses;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for net.connect: the addresses are checked when the socket connects, every time, so a
 * name that later resolves to an internal address is refused then, not only when it was registered.
 */
export function guardedLookup(allowPrivate: boolean, resolve: Resolver = systemResolver) {
  return (hostname: string, options: { all?: boolean; family?: number | string }, callback: LookupCallback): void => {
    checkHost(hostname, allowPrivate, resolve).then(
      (addresses) => {
        const wanted = options.family === 4 || options.family === 'IPv4' ? 4 : options.family === 6 || options.family === 'IPv6' ? 6 : 0;
        const usable = wanted ? addresses.filter((a) => a.family === wanted) : addresses;
        if (usable.length === 0) return callback(Object.assign(new Error(`${hostname} has no IPv${wanted} address`), { code: 'ENOTFOUND' }), '');
        if (options.all) callback(null, usable);
        else callback(null, usable[0].address, usable[0].family);
      },
      (error: NodeJS.ErrnoException) => callback(error, ''),
    );
  };
}
