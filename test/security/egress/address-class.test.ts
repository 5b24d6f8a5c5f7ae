import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyAddress } from '../../../src/security/egress/address-class.js';
import { checkUpstreamUrl } from '../../../src/security/egress/egress-policy.js';

/** The host of a URL the way the gateway sees it: WHATWG URL normalises every IPv4 notation. */
const classifyUrlHost = (url: string): string | undefined => classifyAddress(new URL(url).hostname);

describe('address classifier', () => {
  it('names loopback in every notation WHATWG URL accepts', () => {
    for (const url of ['http://127.0.0.1/', 'http://2130706433/', 'http://0177.0.0.1/', 'http://0x7f.0.0.1/', 'http://127.1/', 'http://0x7f000001/', 'http://[::1]/', 'http://[::ffff:127.0.0.1]/']) {
      assert.equal(classifyUrlHost(url), 'loopback', url);
    }
  });

  it('names the cloud metadata addresses, however they are written', () => {
    for (const url of [
      'http://169.254.169.254/',
      'http://2852039166/',
      'http://0251.0376.0251.0376/',
      'http://0xa9.0xfe.0xa9.0xfe/',
      'http://0xa9fea9fe/',
      'http://169.254.43518/',
      'http://[::ffff:169.254.169.254]/',
      'http://[::ffff:a9fe:a9fe]/',
      'http://[0:0:0:0:0:ffff:a9fe:a9fe]/',
      'http://[::169.254.169.254]/',
      'http://[64:ff9b::a9fe:a9fe]/',
      'http://[2002:a9fe:a9fe::1]/',
      'http://[fd00:ec2::254]/',
      'http://169.254.170.2/',
    ]) {
      assert.equal(classifyUrlHost(url), 'metadata', url);
    }
  });

  it('names link-local, private, CGNAT, unspecified and reserved ranges in both families', () => {
    const expected: Array<[string, string]> = [
      ['169.254.1.1', 'link_local'],
      ['fe80::1', 'link_local'],
      ['fe80::1%eth0', 'link_local'],
      ['10.0.0.1', 'private'],
      ['172.16.0.1', 'private'],
      ['172.31.255.255', 'private'],
      ['192.168.1.1', 'private'],
      ['fc00::1', 'private'],
      ['fd12:3456::1', 'private'],
      ['::ffff:10.1.2.3', 'private'],
      ['::ffff:c0a8:101', 'private'],
      ['100.64.0.1', 'cgnat'],
      ['100.127.255.254', 'cgnat'],
      ['0.0.0.0', 'unspecified'],
      ['0.1.2.3', 'unspecified'],
      ['::', 'unspecified'],
      ['::ffff:0.0.0.0', 'unspecified'],
      ['255.255.255.255', 'reserved'],
      ['224.0.0.1', 'reserved'],
      ['ff02::1', 'reserved'],
    ];
    for (const [address, addressClass] of expected) assert.equal(classifyAddress(address), addressClass, address);
  });

  it('leaves public addresses public, including the neighbours of the special ranges', () => {
    for (const address of ['8.8.8.8', '172.15.255.255', '172.32.0.0', '100.63.255.255', '100.128.0.0', '169.253.255.255', '2606:4700::1111', '::ffff:8.8.8.8']) {
      assert.equal(classifyAddress(address), 'public', address);
    }
  });

  it('does not take a name for an address', () => {
    assert.equal(classifyAddress('api.openai.com'), undefined);
    assert.equal(classifyAddress('2130706433'), undefined, 'only new URL() turns this into an address');
  });
});

describe('base URL check at config load', () => {
  const strict = { allowPrivateNetwork: false };

  it('refuses private, link-local, metadata, CGNAT and unspecified hosts in every notation', () => {
    for (const url of [
      'http://169.254.169.254/latest',
      'http://2852039166/',
      'http://0251.0376.0251.0376/',
      'http://[::ffff:169.254.169.254]/',
      'http://[::ffff:a9fe:a9fe]/',
      'http://[fd00:ec2::254]/',
      'http://10.0.0.1:8000/v1',
      'http://0x0a.1/',
      'https://192.168.0.10/',
      'http://[fc00::1]/',
      'http://[fe80::1]/',
      'http://100.64.0.1/',
      'http://0/',
      'http://0.0.0.0:11434/',
      'http://[::]/',
      'http://metadata.google.internal/computeMetadata/v1',
      'http://METADATA.google.internal./',
      'http://metadata/',
    ]) {
      const verdict = checkUpstreamUrl(url, strict);
      assert.equal(verdict.allowed, false, url);
      if (!verdict.allowed) assert.match(verdict.reason, /allow_private_network/);
    }
  });

  it('allows loopback named explicitly, in any notation, and public hosts', () => {
    for (const url of ['http://127.0.0.1:9000', 'http://2130706433/', 'http://127.1/', 'http://[::1]:11434', 'http://localhost:11434', 'http://LOCALHOST./', 'http://ollama.localhost/', 'https://api.openai.com/v1', 'https://8.8.8.8/']) {
      assert.deepEqual(checkUpstreamUrl(url, strict), { allowed: true }, url);
    }
  });

  it('allows everything when the provider sets allow_private_network', () => {
    for (const url of ['http://10.0.0.1/', 'http://169.254.169.254/', 'http://metadata.google.internal/', 'http://[::ffff:a9fe:a9fe]/']) {
      assert.deepEqual(checkUpstreamUrl(url, { allowPrivateNetwork: true }), { allowed: true }, url);
    }
  });
});
