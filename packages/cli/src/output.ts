/** Where a command writes its data (stdout). Diagnostics and progress go to stderr instead. */
export interface CliOutput {
  /** Writes `text` and a newline. */
  line(text: string): void;
  /** Writes one JSON document (pretty, for single results). */
  json(value: unknown): void;
  /** Writes one compact JSON value on its own line (JSON lines, for lists and streams). */
  jsonLine(value: unknown): void;
  /** Writes rows as aligned plain-text columns under a header. */
  table(rows: ReadonlyArray<Readonly<Record<string, unknown>>>, columns: readonly string[]): void;
  /** Writes `text` as it is; resolves when the stream took it (backpressure). */
  write(text: string): Promise<void>;
}

/** A writable the output can wait on (process.stdout, a socket, a test buffer). */
export interface CliWritable {
  write(chunk: string, callback?: (error?: Error | null) => void): boolean;
  once(event: 'drain', listener: () => void): unknown;
}

const cell = (value: unknown): string => {
  if (value === null || value === undefined) return '-';
  if (value instanceof Date) return value.toISOString();
  // One line per row: a value never breaks the table (or the terminal) with control characters.
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '?');
};

/**
 * The output of a command on `stream`.
 *
 * @example
 * ```ts
 * const out = createCliOutput(process.stdout);
 * out.table([{ kid: 'k1', state: 'active' }], ['kid', 'state']);
 * ```
 */
export function createCliOutput(stream: CliWritable): CliOutput {
  const write = (text: string) =>
    new Promise<void>((resolve, reject) => {
      const ready = stream.write(text, (error) => (error ? reject(error) : undefined));
      if (ready) resolve();
      else stream.once('drain', resolve);
    });
  return {
    line: (text) => void stream.write(`${text}\n`),
    json: (value) => void stream.write(`${JSON.stringify(value, null, 2)}\n`),
    jsonLine: (value) => void stream.write(`${JSON.stringify(value)}\n`),
    table(rows, columns) {
      const cells = rows.map((row) => columns.map((column) => cell(row[column])));
      const widths = columns.map((column, i) =>
        Math.max(column.length, ...cells.map((r) => (r[i] as string).length)),
      );
      const format = (values: readonly string[]) =>
        values
          .map((value, i) => (i === values.length - 1 ? value : value.padEnd(widths[i] as number)))
          .join('  ');
      stream.write(`${format(columns.map((c) => c.toUpperCase()))}\n`);
      for (const row of cells) stream.write(`${format(row)}\n`);
    },
    write,
  };
}
