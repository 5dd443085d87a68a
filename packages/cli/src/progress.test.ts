import { describe, expect, it } from 'vitest';
import { createProgress } from './progress.js';

const target = (isTTY: boolean) => {
  const writes: string[] = [];
  return { writes, write: (text: string) => writes.push(text), isTTY };
};

describe('createProgress', () => {
  it('redraws one line in place on a terminal, at most every 100 ms', () => {
    let time = 0;
    const tty = target(true);
    const progress = createProgress(tty, 'purge', 1000, { now: () => time });
    progress.tick(100);
    time = 150;
    progress.tick(200);
    expect(tty.writes).toEqual(['\r\u001b[2Kpurge  300 / 1,000  30%']);
    progress.done('1,000 rows deleted');
    expect(tty.writes.slice(1)).toEqual(['\r\u001b[2K', 'purge: 1,000 rows deleted\n']);
  });

  it('writes plain lines, no control sequences, at most every interval when not a terminal', () => {
    let time = 0;
    const plain = target(false);
    const progress = createProgress(plain, 'stream', undefined, { now: () => time, plainIntervalMs: 5000 });
    progress.tick(10);
    time = 4000;
    progress.tick(10);
    time = 5001;
    progress.tick(10);
    progress.done();
    expect(plain.writes).toEqual(['stream  30\n']);
  });
});
