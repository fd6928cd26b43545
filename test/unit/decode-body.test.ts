// The one body decoder of the HTTP and WebSocket edges, on ordinary and odd input.
import { describe, expect, it } from 'vitest';
import { decodeBody } from '../../functions/core/decode-body';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

describe('decodeBody', () => {
  it.each([
    ['no body', undefined, false, ''],
    ['a null body', null, false, ''],
    ['a null body flagged base64', null, true, ''],
    ['an empty body', '', false, ''],
    ['an empty body flagged base64', '', true, ''],
    ['plain JSON', '{"a":1}', false, '{"a":1}'],
    ['the flag left out', '{"a":1}', undefined, '{"a":1}'],
    ['base64 JSON', b64('{"a":1}'), true, '{"a":1}'],
    ['base64-looking text not flagged', b64('{"a":1}'), false, b64('{"a":1}')],
    ['multi-byte UTF-8', b64('{"name":"दूध ₹45 🥛"}'), true, '{"name":"दूध ₹45 🥛"}'],
    ['unpadded base64', b64('ab').replace(/=+$/, ''), true, 'ab'],
    ['base64url alphabet', Buffer.from('>>>???').toString('base64url'), true, '>>>???'],
    ['base64 wrapped over lines', `${b64('hello ')}\n${b64('world!')}`, true, 'hello world!'],
    ['characters outside base64 skipped', '!!aGk=!!', true, 'hi'],
    ['what follows the padding dropped', 'aGk=aGk=', true, 'hi'],
    ['invalid UTF-8 bytes as U+FFFD', Buffer.from([0x7b, 0xff, 0x7d]).toString('base64'), true, '{\uFFFD}'],
    ['a NUL byte kept', b64('a\u0000b'), true, 'a\u0000b'],
    ['whitespace-only text kept', '  \n', false, '  \n'],
  ])('%s', (_, body, isBase64Encoded, expected) => {
    expect(decodeBody(body, isBase64Encoded)).toBe(expected);
  });

  it('round-trips any UTF-8 text through base64', () => {
    // Every code point class: ASCII, 2-, 3- and 4-byte sequences, at every length up to 64.
    const alphabet = ['a', '{', '"', 'é', 'ह', '₹', '😀', '\n'];
    for (let length = 0; length <= 64; length++) {
      const text = Array.from({ length }, (_, i) => alphabet[(i * 7 + length) % alphabet.length]).join('');
      expect(decodeBody(b64(text), true)).toBe(text);
      expect(decodeBody(text, false)).toBe(text);
    }
  });
});
