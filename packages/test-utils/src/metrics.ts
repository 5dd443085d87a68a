import type { Attributes, MeterProvider as MeterProviderApi } from '@opentelemetry/api';
import { type DataPoint, type Histogram, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';

/** A reader collected on demand (no timer, no exporter). */
class OnDemandReader extends MetricReader {
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

/** A real OpenTelemetry SDK meter provider whose metrics a test reads back. */
export interface TestMeter {
  meterProvider: MeterProviderApi;
  /** The sum (counter) or last value (gauge) of `name` over the points whose attributes include `attributes`. */
  value(name: string, attributes?: Attributes): Promise<number>;
  /** How many values a histogram recorded, over the matching points. */
  histogramCount(name: string, attributes?: Attributes): Promise<number>;
  /** Every metric name collected so far. */
  names(): Promise<string[]>;
  shutdown(): Promise<void>;
}

const matches = (point: DataPoint<unknown>, wanted: Attributes) =>
  Object.entries(wanted).every(([key, value]) => point.attributes[key] === value);

/**
 * A `MeterProvider` from `@opentelemetry/sdk-metrics` with an in-memory reader, for tests that
 * assert what an instrument recorded.
 *
 * @example
 * ```ts
 * const meter = createTestMeter();
 * const auth = createAuth({ ...config, meterProvider: meter.meterProvider });
 * expect(await meter.value('mana_auth.sign_ins', { 'mana_auth.outcome': 'success' })).toBe(1);
 * ```
 */
export function createTestMeter(): TestMeter {
  const reader = new OnDemandReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  const points = async (name: string) => {
    const { resourceMetrics } = await reader.collect();
    return resourceMetrics.scopeMetrics
      .flatMap((scope) => scope.metrics)
      .filter((metric) => metric.descriptor.name === name)
      .flatMap((metric) => metric.dataPoints as DataPoint<unknown>[]);
  };
  return {
    meterProvider,
    async value(name, attributes = {}) {
      const found = (await points(name)).filter((point) => matches(point, attributes));
      return found.reduce((sum, point) => sum + (point.value as number), 0);
    },
    async histogramCount(name, attributes = {}) {
      const found = (await points(name)).filter((point) => matches(point, attributes));
      return found.reduce((sum, point) => sum + (point.value as Histogram).count, 0);
    },
    async names() {
      const { resourceMetrics } = await reader.collect();
      return resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics.map((m) => m.descriptor.name));
    },
    shutdown: () => meterProvider.shutdown(),
  };
}
