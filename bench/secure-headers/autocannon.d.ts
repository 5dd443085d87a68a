// Minimal types for the part of autocannon 8 the benchmark uses (the package ships none).
declare module 'autocannon' {
  interface Options {
    url: string;
    duration: number;
    connections: number;
    pipelining: number;
  }
  interface Result {
    requests: { average: number; total: number };
    non2xx: number;
    errors: number;
  }
  export default function autocannon(options: Options): Promise<Result>;
}
