import { describe, expect, it } from 'vitest';
import { decodeRevocationMessage, encodeRevocationMessage } from './revocation-record.js';

describe('revocation messages', () => {
  const entry = { id: 7, tokenHash: 't', sessionIdHash: 's', forgetAfter: 1_000 };

  it('carry a key change as "k": 1 beside an empty entry list', () => {
    const text = encodeRevocationMessage({ origin: 'cli', entries: [], keysChanged: true });
    expect(JSON.parse(text)).toEqual({ o: 'cli', e: [], k: 1 });
    expect(decodeRevocationMessage(text)).toEqual({ origin: 'cli', entries: [], keysChanged: true });
  });

  it('read as before without it, so registries of the previous release ignore key changes safely', () => {
    const text = encodeRevocationMessage({ origin: 'a', entries: [entry] });
    expect(JSON.parse(text)).toEqual({ o: 'a', e: [[7, 't', 's', 1_000]] });
    expect(decodeRevocationMessage(text)).toEqual({ origin: 'a', entries: [entry] });
    // The previous decoder required only `o` and well-formed `e`: a key-change message is an
    // empty revocation for it (no entry added, nothing refused).
    const previous = JSON.parse(encodeRevocationMessage({ origin: 'cli', entries: [], keysChanged: true }));
    expect(typeof previous.o === 'string' && Array.isArray(previous.e) && previous.e.length === 0).toBe(true);
  });
});
