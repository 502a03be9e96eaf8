import { SpanKind, SpanStatusCode, context, trace, type Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { Store } from '../store/store.js';
import { watchStoreCalls } from './timed-store.js';

/**
 * OpenTelemetry traces, exported over OTLP/HTTP: a server span per request and a child span
 * per store call. Loaded (with the SDK) only when OTEL_EXPORTER_OTLP_ENDPOINT is set: without
 * it this module is never imported, and no hook or proxy is installed.
 */
export interface OtelTracing {
  startRequest(method: string, route: string, next: () => void): (status: number) => void;
  /** The store with each call that returns a promise inside a span named `store.<method>`. */
  traceStore(store: Store): Store;
  /** Exports what is still buffered, then stops. */
  shutdown(): Promise<void>;
}

export function startOtelTracing(options: { endpoint: string; serviceName: string; version: string }): OtelTracing {
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.serviceName, 'service.version': options.version }),
    spanProcessors: [
      new BatchSpanProcessor(new OTLPTraceExporter({ url: `${options.endpoint.replace(/\/+$/, '')}/v1/traces` }), {
        scheduledDelayMillis: 1000,
      }),
    ],
  });
  // Installs the AsyncLocalStorage context manager: a span made active stays so across awaits.
  provider.register();
  const tracer: Tracer = provider.getTracer('latchkey', options.version);
  return {
    startRequest(method, route, next) {
      const span = tracer.startSpan(`${method} ${route}`, {
        kind: SpanKind.SERVER,
        attributes: { 'http.request.method': method, 'http.route': route },
      });
      context.with(trace.setSpan(context.active(), span), next);
      return (status) => {
        span.setAttribute('http.response.status_code', status);
        if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
      };
    },
    traceStore(store) {
      return watchStoreCalls(store, (operation, startTime, result) => {
        const span = tracer.startSpan(`store.${operation}`, { kind: SpanKind.INTERNAL, startTime });
        result.then(
          () => span.end(),
          (error: unknown) => {
            span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error)?.message ?? String(error) });
            span.end();
          },
        );
      });
    },
    shutdown: () => provider.shutdown(),
  };
}
