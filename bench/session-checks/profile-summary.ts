/**
 * Summary of a V8 CPU profile (`Profiler.stop`'s result): self time by function and by file
 * (node_modules packages by name, the repository's files by path), in µs per request.
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
  startTime: number;
  endTime: number;
}

function fileOf(url: string): string {
  if (!url) return '(native/vm)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm !== -1) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.startsWith('node:')) return url;
  const repo = url.indexOf('/wt-');
  return repo === -1 ? url : url.slice(url.indexOf('/', repo + 1) + 1);
}

/** Top self-time functions and files, per request. */
export function summarize(profile: Profile, requests: number, top = 40): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  const deltas = profile.timeDeltas ?? [];
  for (const [i, id] of (profile.samples ?? []).entries())
    self.set(id, (self.get(id) ?? 0) + (deltas[i] ?? 0));
  const total = profile.endTime - profile.startTime;
  const fns = new Map<string, number>();
  const files = new Map<string, number>();
  for (const [id, us] of self) {
    const { callFrame } = byId.get(id)!;
    const file = fileOf(callFrame.url);
    const fn = `${callFrame.functionName || '(anonymous)'} ${file}:${callFrame.lineNumber + 1}`;
    fns.set(fn, (fns.get(fn) ?? 0) + us);
    files.set(file, (files.get(file) ?? 0) + us);
  }
  const per = (us: number) => (us / requests).toFixed(2).padStart(7);
  const lines = [`total ${(total / 1e6).toFixed(2)} s, ${per(total)} µs/request wall`];
  lines.push('-- by file/package (self µs/request) --');
  for (const [f, us] of [...files].sort((a, b) => b[1] - a[1]).slice(0, 25)) lines.push(`${per(us)}  ${f}`);
  lines.push('-- by function (self µs/request) --');
  for (const [f, us] of [...fns].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`${per(us)}  ${f}`);
  return lines.join('\n');
}
