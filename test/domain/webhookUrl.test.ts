// The webhook url and address rules (server/domain/webhookUrl.ts), and the signature format.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isIpLiteral, MAX_WEBHOOK_URL, parseWebhookUrl, refusedAddress, signatureHeader } from '../../server/domain/webhookUrl.js';

describe('parseWebhookUrl', () => {
  it.each(['file:///etc/passwd', 'gopher://127.0.0.1:70/_x', 'ftp://example.org/', 'javascript:alert(1)', 'data:text/plain,x'])('refuses %s', (raw) => {
    const check = parseWebhookUrl(raw);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.reason).toMatch(/only http and https/);
  });
  it('refuses what is not a url, and a url one character too long', () => {
    expect(parseWebhookUrl('not a url')).toEqual({ ok: false, reason: 'not a url' });
    const long = `https://example.org/${'a'.repeat(MAX_WEBHOOK_URL - 'https://example.org/'.length)}`;
    expect(long).toHaveLength(MAX_WEBHOOK_URL);
    expect(parseWebhookUrl(long).ok).toBe(true);
    expect(parseWebhookUrl(`${long}a`)).toEqual({ ok: false, reason: `at most ${MAX_WEBHOOK_URL} characters` });
  });
  it('takes the host out of brackets and normalises numeric hosts', () => {
    expect(parseWebhookUrl('http://[::1]:8080/x')).toMatchObject({ ok: true, host: '::1' });
    expect(parseWebhookUrl('http://2130706433/')).toMatchObject({ ok: true, host: '127.0.0.1' });
    expect(parseWebhookUrl('https://Hooks.Example.org/in')).toMatchObject({ ok: true, host: 'hooks.example.org' });
  });
});

describe('refusedAddress', () => {
  const always = ['169.254.169.254', '169.254.0.1', 'fe80::1', 'febf::1', '0.0.0.0', '::', '224.0.0.1', '255.255.255.255', '240.0.0.1'];
  const privateOnes = ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', 'fc00::1', '100.64.0.1'];
  const publicOnes = ['8.8.8.8', '93.184.215.14', '2606:4700:4700::1111'];
  it.each(always)('always refuses %s', (address) => {
    expect(refusedAddress(address, false)).toMatch(/never called/);
    expect(refusedAddress(address, true)).toMatch(/never called/);
  });
  it.each(privateOnes)('refuses %s unless private addresses are allowed', (address) => {
    expect(refusedAddress(address, false)).toMatch(/WEBHOOK_ALLOW_PRIVATE=1/);
    expect(refusedAddress(address, true)).toBeNull();
  });
  it.each(publicOnes)('accepts the public address %s', (address) => {
    expect(refusedAddress(address, false)).toBeNull();
  });
});

describe('signatureHeader', () => {
  it('is t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">', () => {
    const body = '{"id":"x","event":"REQUEST_UPDATED"}';
    const expected = createHmac('sha256', 'whsec_k').update(`1700000000.${body}`).digest('hex');
    expect(signatureHeader('whsec_k', body, 1700000000)).toBe(`t=1700000000,v1=${expected}`);
    expect(signatureHeader('whsec_other', body, 1700000000)).not.toBe(`t=1700000000,v1=${expected}`);
  });
});

describe('isIpLiteral', () => {
  it('tells an IP literal from a name to resolve', () => {
    for (const literal of ['127.0.0.1', '8.8.8.8', '::1', '2606:4700:4700::1111']) expect(isIpLiteral(literal)).toBe(true);
    for (const name of ['example.org', 'localhost', '', '1.2.3.4.5']) expect(isIpLiteral(name)).toBe(false);
  });
});
